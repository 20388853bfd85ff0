import { describe, expect, it } from "vitest";
import { shortNumber } from "../../src/data/numberText.js";

describe("shortNumber", () => {
  it("6 significant digits, no float noise, no trailing zeros", () => {
    // 0.5 × (72505.02 + 72506.15) is 72505.58499999999 in doubles; 72505.585 to 6 digits is 72505.6
    expect(shortNumber(0.5 * (72505.02 + 72506.15))).toBe("72505.6");
    expect(shortNumber(0.1 + 0.2)).toBe("0.3");
    expect(shortNumber(73700)).toBe("73700");
    expect(shortNumber(-0.000123456789)).toBe("-0.000123457");
    expect(shortNumber(Infinity)).toBe("Infinity");
    expect(shortNumber(NaN)).toBe("NaN");
  });
});
