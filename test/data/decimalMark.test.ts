import { describe, expect, it } from "vitest";
import { classifyDecimal, detectDecimalMark } from "../../src/data/decimalMark.js";

describe("classifyDecimal: what one number says about the decimal mark", () => {
  it("a separator followed by other than three digits, or after a first group that cannot start a grouping, is decimal", () => {
    for (const c of ["0,25", "12,3456", "1,5", "-0,5", "1234,567", "0,500", ",5", "4.700,5", "12,5%"]) expect(classifyDecimal(c), c).toBe(",");
    for (const c of ["0.25", "0.1196", "4,700.5", "1,234,567", "0.500", ".25", "-3.5"]) expect(classifyDecimal(c), c).toBe(".");
  });

  it("three digits after one separator and a first group of 1–3 digits not starting with 0 cannot tell", () => {
    for (const c of ["1,500", "4.700", "12,345", "999.999"]) expect(classifyDecimal(c), c).toBe("?");
  });

  it("no separator, or not a number: nothing", () => {
    for (const c of ["4700", "-3", "", "abc", "1,2,3x", "1.2.3"]) expect(classifyDecimal(c), c).toBeNull();
    expect(classifyDecimal("1.234.567")).toBe(","); // a grouping by dots: the decimal mark is the comma
  });
});

describe("detectDecimalMark", () => {
  it("the mark every telling cell names, with the first such cell", () => {
    expect(detectDecimalMark([{ line: 2, text: "4700" }, { line: 2, text: "1,500" }, { line: 3, text: "0,12" }])).toEqual({ mark: ",", evidence: { line: 3, text: "0,12" } });
    expect(detectDecimalMark([{ line: 2, text: "1,500" }])).toEqual({ mark: undefined });
    expect(detectDecimalMark([{ line: 2, text: "0,12" }, { line: 5, text: "0.12" }]).conflict).toEqual({ comma: { line: 2, text: "0,12" }, point: { line: 5, text: "0.12" } });
  });
});
