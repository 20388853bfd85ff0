import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "../../src/report/csv.js";
import { splitCsvLine } from "../../src/data/csv.js";

describe("csvField", () => {
  it("quotes commas, quotes, line breaks and edge spaces, doubling inner quotes", () => {
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField("plain")).toBe("plain");
  });

  it("writes numbers at full precision and specials by name", () => {
    expect(csvField(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(csvField(2.5913e-5)).toBe("0.000025913");
    expect(csvField(1e-300)).toBe("1e-300");
    expect(csvField(-0)).toBe("0");
    expect(csvField(NaN)).toBe("NaN");
    expect(csvField(-Infinity)).toBe("-Infinity");
    expect(csvField(undefined)).toBe("");
    expect(csvField(null)).toBe("");
    expect(csvField(true)).toBe("true");
  });
});

describe("toCsv", () => {
  it("writes a header and rows, each line ended", () => {
    expect(toCsv(["type", "strike"], [["call", 100000], ["put", 90000]])).toBe("type,strike\ncall,100000\nput,90000\n");
    expect(toCsv(["a"], [[1]], { eol: "\r\n" })).toBe("a\r\n1\r\n");
    expect(toCsv(["a", "b"], [])).toBe("a,b\n");
  });

  it("round-trips through the data layer's CSV reader", () => {
    const row = ['x, "y"', 0.1 + 0.2, -1.5e-12, ""];
    const text = toCsv(["a", "b", "c", "d"], [row]);
    const cells = splitCsvLine(text.split("\n")[1]!);
    expect(cells).toEqual(['x, "y"', "0.30000000000000004", "-1.5e-12", ""]);
    expect(Number(cells[1])).toBe(0.1 + 0.2);
  });

  it("throws RangeError when a row's length differs from the header's", () => {
    expect(() => toCsv(["a", "b"], [[1]])).toThrow(RangeError);
  });
});
