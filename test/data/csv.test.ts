import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseCsvRecords, parseNumberField, parseNumberRange, readCsvRecord, RECORD_INCOMPLETE, RECORD_MALFORMED, splitCsvLine,
} from "../../src/data/csv.js";
import { csvCaseTable } from "./csvCases.js";

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

describe("RFC 4180 records: the shared cases (test/data/csvCases.ts)", () => {
  it("parseCsvRecords (csv-parse) passes every case", () => {
    expect(csvCaseTable((c) => parseCsvRecords(c.text, "t.csv", { delimiter: c.delimiter ?? "," }))).toEqual([]);
  });

  it("readCsvRecord, read record after record over the whole text, passes every case", () => {
    expect(csvCaseTable((c) => {
      const src = c.text.replace(/^\uFEFF/, "");
      const out: { line: number; fields: string[] }[] = [];
      const fields: string[] = [];
      let p = 0;
      let line = 1;
      while (p < src.length) {
        const e = readCsvRecord(src, p, src.length, c.delimiter ?? ",", fields, true);
        if (e === RECORD_INCOMPLETE || e === RECORD_MALFORMED) throw new Error(`t.csv:${line}: ${e}`);
        if (!(fields.length === 1 && fields[0]!.trim() === "")) out.push({ line, fields: [...fields] });
        for (let i = p; i < e; i++) if (src.charCodeAt(i) === 10) line++;
        line++;
        p = e + 1;
      }
      return out;
    })).toEqual([]);
  });

  it("parseCsvRecords skips comment lines on request and keeps the file's line numbers", () => {
    const text = "a,b\n# a comment with a \"quote\n  # indented\n\"#1\",2\n\n3,4\n";
    expect(parseCsvRecords(text, "t.csv", { comments: true })).toEqual([
      { line: 1, fields: ["a", "b"] }, { line: 4, fields: ["#1", "2"] }, { line: 6, fields: ["3", "4"] },
    ]);
  });

  it("splitCsvLine is lenient for headers: text after a quote is kept, an unclosed quote runs to the end", () => {
    expect(splitCsvLine('"a" b,c')).toEqual(["a b", "c"]);
    expect(splitCsvLine('x,"Volume: 28,253,899')).toEqual(["x", "Volume: 28,253,899"]);
    expect(splitCsvLine("a;b;c", ";")).toEqual(["a", "b", "c"]);
  });
});

describe("decimal commas", () => {
  it("parseNumberField reads a decimal comma only when told, never as a thousands separator", () => {
    expect(parseNumberField("1,5")).toBeNaN();
    expect(parseNumberField("1,5", ",")).toBe(1.5);
    expect(parseNumberField("4.700,25", ",")).toBe(4700.25);
    expect(parseNumberField("1,500")).toBe(1500);
    expect(parseNumberField("1,500", ",")).toBe(1.5);
    expect(parseNumberField("1.500", ",")).toBe(1500);
    expect(parseNumberField("0.25", ",")).toBeNaN(); // a point in a comma file is not a number
    expect(parseNumberField("1.5", ",")).toBeNaN();
    expect(parseNumberField("12,5%", ",")).toBe(12.5);
  });

  it("parseNumberRange with a decimal comma is parseNumberField of the range", () => {
    const cells = ["0,25", " 4700 ", "-0,5", "4.700,5", "1,500", "0.25", ",5", "7,", "", "1e3", "12,5%"];
    const line = cells.join(";");
    let from = 0;
    for (const c of cells) {
      expect(Object.is(parseNumberRange(line, from, from + c.length, ","), parseNumberField(c, ",")), c).toBe(true);
      from += c.length + 1;
    }
  });
});

describe("leadingComments", () => {
  it("returns the # lines before the first record, without the #, and none after it", async () => {
    const { leadingComments } = await import("../../src/data/csv.js");
    expect(leadingComments("\uFEFF# SYNTHETIC sample\r\n\n## second line\ndate,close\n# not this one\n")).toEqual(["SYNTHETIC sample", "second line"]);
    expect(leadingComments("date,close\n2026-01-01,1\n")).toEqual([]);
  });
});
