import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseNumberField, parseNumberRange } from "../../src/data/csv.js";

describe("parseNumberRange is parseNumberField of the range, without the slice", () => {
  const same = (src: string, start: number, end: number) =>
    expect(Object.is(parseNumberRange(src, start, end), parseNumberField(src.slice(start, end))), JSON.stringify(src.slice(start, end))).toBe(true);

  it("on the spellings exports use, and on what must stay NaN", () => {
    const cells = ["4700.00", " 0.1196 ", "-0.5", "+12", ".25", "7.", "0", "-0", "-0.0", "00012.5000", "", "   ", "-", "+", ".", "1.2.3",
      "1e3", "1E-3", "12%", " 12 % ", "1,234.5", "1,5", "\t3\t", "\u00a03", "NaN", "Infinity", "0x10", "123456789012345", "1234567890123456",
      "0.00000000000000000000001", "9007199254740993", "3.14159265358979"];
    const line = cells.join(",");
    let from = 0;
    for (const c of cells) {
      same(line, from, from + c.length);
      from += c.length + 1;
    }
  });

  it("on random decimal texts (property), exactly the double Number() gives", () => {
    const text = fc.tuple(
      fc.constantFrom("", " ", "  ", "+", "-", " -"), fc.stringMatching(/^[0-9]{0,18}$/), fc.constantFrom("", "."),
      fc.stringMatching(/^[0-9]{0,24}$/), fc.constantFrom("", " ", "%", "e5", "x"),
    ).map((p) => p.join(""));
    fc.assert(fc.property(text, fc.string({ maxLength: 2 }), (t, pad) => {
      same(`${pad},${t},${pad}`, pad.length + 1, pad.length + 1 + t.length);
    }), { numRuns: 20_000 });
  });
});
