import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InputError } from "../../src/data/errors.js";
import { closeOn, loadPriceHistory, parseDate, parsePriceField, parsePriceHistory, pathBetween, type PriceHistory } from "../../src/data/priceHistory.js";

const FIX = "test/fixtures/notes";

function expectAccounting(h: PriceHistory): void {
  const r = h.report;
  expect(r.rows).toBe(r.used + r.rejected);
  expect(r.used).toBe(h.dates.length);
  expect(h.close.length).toBe(h.dates.length);
  expect(r.problems.length).toBe(r.rejected);
  for (let i = 1; i < h.dates.length; i++) expect(h.dates[i - 1]! < h.dates[i]!).toBe(true);
}

describe("parseDate", () => {
  it("reads ISO, slashed ISO, US month-first, and ignores a time part", () => {
    expect(parseDate("2024-01-02")).toBe("2024-01-02");
    expect(parseDate("2024/1/2")).toBe("2024-01-02");
    expect(parseDate("1/2/2024")).toBe("2024-01-02");
    expect(parseDate(" 01/02/2024 ")).toBe("2024-01-02");
    expect(parseDate("2024-01-02 00:00:00-05:00")).toBe("2024-01-02");
    expect(parseDate("2024-01-02T16:00:00Z")).toBe("2024-01-02");
    expect(parseDate("2024-02-29")).toBe("2024-02-29"); // leap year
  });
  it("rejects impossible and foreign forms", () => {
    for (const s of ["2023-02-29", "2024-02-30", "13/1/2024", "2024-13-01", "Jan 2 2024", "", "2024-01", "02.01.2024", "1/2/24"]) {
      expect(parseDate(s), s).toBeUndefined();
    }
  });
});

describe("parsePriceField", () => {
  it("allows a leading $ and thousands separators, not a percent", () => {
    expect(parsePriceField("$5,000,000")).toBe(5_000_000);
    expect(parsePriceField("$36.58")).toBe(36.58);
    expect(parsePriceField("1,234.50")).toBe(1234.5);
    expect(parsePriceField("70%")).toBeNaN();
    expect(parsePriceField("null")).toBeNaN();
    expect(parsePriceField("")).toBeNaN();
  });
});

describe("parsePriceHistory", () => {
  it("reads the minimal date,close layout", () => {
    const h = parsePriceHistory("date,close\n2025-11-17,46.80\n2025-11-18,48.35\n", "h.csv");
    expect(h.dates).toEqual(["2025-11-17", "2025-11-18"]);
    expect([...h.close]).toEqual([46.8, 48.35]);
    expect(h.underlying).toBeUndefined();
    expect(h.report).toEqual({ file: "h.csv", rows: 2, used: 2, rejected: 0, problems: [], warnings: [] });
  });

  it("reads the Nasdaq fixture: Close/Last with $, newest first, CRLF, extra columns → ascending", async () => {
    const h = await loadPriceHistory(`${FIX}/xyz_nasdaq.csv`, { underlying: "xyz" });
    expect(h.underlying).toBe("XYZ");
    expect(h.dates).toEqual(["2025-11-14", "2025-11-17", "2025-11-18", "2025-11-19", "2025-11-20", "2025-11-21"]);
    expect([...h.close]).toEqual([47.45, 46.8, 48.35, 47.9, 49.5, 50.25]);
    expectAccounting(h);
  });

  it("uses Close, not Adj Close, in a Yahoo layout; a null row is a problem", () => {
    const text = "Date,Open,High,Low,Close,Adj Close,Volume\n" +
      "2024-01-02,10,11,9,10.5,10.1,100\n2024-01-03,null,null,null,null,null,null\n2024-01-04,10,11,9,10.7,10.3,100\n";
    const h = parsePriceHistory(text, "y.csv");
    expect([...h.close]).toEqual([10.5, 10.7]);
    expect(h.report.problems).toEqual([{ line: 3, field: "Close", reason: 'not a number: "null"' }]);
    expectAccounting(h);
  });

  it("reads yfinance dates with a time and offset, and a symbol column", () => {
    const text = "Date,Open,High,Low,Close,Volume,Symbol\n2024-01-11 00:00:00-05:00,1,1,1,47.3,9,ibit\n2024-01-12 00:00:00-05:00,1,1,1,41.8,9,IBIT\n";
    const h = parsePriceHistory(text, "yf.csv");
    expect(h.dates).toEqual(["2024-01-11", "2024-01-12"]);
    expect(h.underlying).toBe("IBIT");
  });

  it("handles BOM, CRLF, case-insensitive headers, quoted thousands, comments and blank lines", () => {
    const text = "\uFEFF# exported by hand\r\nDATE,\"CLOSE\"\r\n2024-01-02,\"1,234.50\"\r\n\r\n2024-01-03, 1235 \r\n\r\n";
    const h = parsePriceHistory(text, "b.csv");
    expect(h.dates).toEqual(["2024-01-02", "2024-01-03"]);
    expect([...h.close]).toEqual([1234.5, 1235]);
    expect(h.report.rows).toBe(2);
  });

  it("rejects unparsable dates and non-positive closes with line and column", () => {
    const text = "Date,Close\n2024-01-02,10\n2024-02-30,11\n2024-01-04,0\n2024-01-05,-3\n2024-01-06,abc\n2024-01-07\n2024-01-08,12\n";
    const h = parsePriceHistory(text, "p.csv");
    expect(h.dates).toEqual(["2024-01-02", "2024-01-08"]);
    expect(h.report.problems).toEqual([
      { line: 3, field: "Date", reason: 'unparsable date "2024-02-30" (write YYYY-MM-DD or M/D/YYYY)' },
      { line: 4, field: "Close", reason: "close must be > 0 (got 0)" },
      { line: 5, field: "Close", reason: "close must be > 0 (got -3)" },
      { line: 6, field: "Close", reason: 'not a number: "abc"' },
      { line: 7, reason: "row has 1 field, the header has 2" },
    ]);
    expectAccounting(h);
  });

  it("duplicate dates: same close keeps one and reports the others; different closes reject all", () => {
    const text = "date,close\n2024-01-02,10\n2024-01-03,11\n2024-01-02,10\n2024-01-04,12\n2024-01-03,11.5\n";
    const h = parsePriceHistory(text, "d.csv");
    expect(h.dates).toEqual(["2024-01-02", "2024-01-04"]);
    expect([...h.close]).toEqual([10, 12]);
    expect(h.report.problems).toEqual([
      { line: 3, field: "date", reason: "duplicate date 2024-01-03 with different closes (lines 3, 6)" },
      { line: 4, field: "date", reason: "duplicate date 2024-01-02 (same close as line 2)" },
      { line: 6, field: "date", reason: "duplicate date 2024-01-03 with different closes (lines 3, 6)" },
    ]);
    expectAccounting(h);
  });

  it("strict mode throws an InputError for the first problem line", () => {
    expect(() => parsePriceHistory("date,close\n2024-01-02,10\n2024-01-03,0\n2024-01-02,9\n", "s.csv", { strict: true }))
      .toThrow("s.csv:2: date: duplicate date 2024-01-02 with different closes (lines 2, 4)");
    expect(() => parsePriceHistory("date,close\n2024-01-03,0\n", "s.csv", { strict: true })).toThrow(InputError);
  });

  const unusable: [string, string, string, { underlying?: string }?][] = [
    ["empty", "", "u.csv: file is empty"],
    ["header only", "Date,Close\r\n", "u.csv:1: no data rows (header only)"],
    ["no close column", "Date,Open,Adj Close\n2024-01-02,1,1\n", "u.csv:1: missing required column 'close' (found: Date, Open, Adj Close; 'adj close' is not used: barriers are fixed on the actual close)"],
    ["no date column", "day,close\n1,1\n", "u.csv:1: missing required column 'date' (found: day, close)"],
    ["several symbols", "date,close,ticker\n2024-01-02,1,IBIT\n2024-01-02,2,SPY\n", "u.csv: several underlyings in one price history (IBIT, SPY): give one file per underlying"],
    ["symbol disagreeing with the caller", "date,close,symbol\n2024-01-02,1,SPY\n", "u.csv: the file's symbol is SPY, not IBIT", { underlying: "IBIT" }],
  ];
  for (const [name, text, message, opts] of unusable) {
    it(`throws InputError for an unusable file: ${name}`, () => {
      expect(() => parsePriceHistory(text, "u.csv", opts)).toThrow(InputError);
      expect(() => parsePriceHistory(text, "u.csv", opts)).toThrow(message);
    });
  }

  it("a missing file is an InputError", async () => {
    await expect(loadPriceHistory(`${FIX}/nope.csv`)).rejects.toThrow(`${FIX}/nope.csv: cannot read file (ENOENT: no such file or directory)`);
  });

  it("row order does not change the series (property)", () => {
    const rowArb = fc.record({
      day: fc.integer({ min: 1, max: 20 }),
      close: fc.constantFrom("10", "10.5", "$11", "0", "x", "1,000"),
      us: fc.boolean(),
    });
    const line = (r: { day: number; close: string; us: boolean }) =>
      `${r.us ? `3/${r.day}/2024` : `2024-03-${String(r.day).padStart(2, "0")}`},"${r.close}"`;
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 15 }).chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows.map((_, i) => i), { minLength: rows.length, maxLength: rows.length }))), ([rows, perm]) => {
        const a = parsePriceHistory("Date,Close\n" + rows.map(line).join("\n"), "a.csv");
        const b = parsePriceHistory("Date,Close\n" + perm.map((i) => line(rows[i]!)).join("\n"), "b.csv");
        expectAccounting(a);
        expectAccounting(b);
        expect(b.dates).toEqual(a.dates);
        expect([...b.close]).toEqual([...a.close]);
        expect(b.report.rejected).toBe(a.report.rejected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parsePriceHistory: RFC 4180 records", () => {
  it("quoted closes with thousands separators, a quoted note with a line break; problems name the line a row starts on", () => {
    const text = 'Date,Close/Last,Note\n02/05/2026,"$1,035.12","a ""quoted""\nnote"\n02/06/2026,oops,x\n';
    const h = parsePriceHistory(text, "h.csv");
    expect(h.dates).toEqual(["2026-02-05"]);
    expect([...h.close]).toEqual([1035.12]);
    expect(h.report.problems).toEqual([{ line: 4, field: "Close/Last", reason: 'not a number: "oops"' }]);
  });
});

describe("closeOn and pathBetween", () => {
  const h = parsePriceHistory("date,close\n2025-11-14,47.45\n2025-11-17,46.80\n2025-11-18,48.35\n", "h.csv");

  it("closeOn gives the close on the date, else the last before it, else undefined", () => {
    expect(closeOn(h, "2025-11-17")).toEqual({ date: "2025-11-17", close: 46.8 });
    expect(closeOn(h, "2025-11-16")).toEqual({ date: "2025-11-14", close: 47.45 });
    expect(closeOn(h, "2025-11-14")).toEqual({ date: "2025-11-14", close: 47.45 });
    expect(closeOn(h, "2030-01-01")).toEqual({ date: "2025-11-18", close: 48.35 });
    expect(closeOn(h, "2025-11-13")).toBeUndefined();
    expect(closeOn({ dates: [], close: new Float64Array(0) }, "2025-11-13")).toBeUndefined();
  });

  it("closeOn throws a RangeError for a date that is not YYYY-MM-DD", () => {
    expect(() => closeOn(h, "11/17/2025")).toThrow(RangeError);
    expect(() => closeOn(h, "2025-02-30")).toThrow("isoDate must be a calendar date YYYY-MM-DD");
  });

  it("pathBetween is inclusive at both ends and returns a copy", () => {
    const p = pathBetween(h, "2025-11-15", "2025-11-18");
    expect(p.dates).toEqual(["2025-11-17", "2025-11-18"]);
    expect([...p.close]).toEqual([46.8, 48.35]);
    p.close[0] = -1;
    p.dates[0] = "x";
    expect(h.close[1]).toBe(46.8);
    expect(h.dates[1]).toBe("2025-11-17");
    expect(pathBetween(h, "2025-11-14", "2025-11-14").dates).toEqual(["2025-11-14"]);
    expect(pathBetween(h, "2025-11-19", "2025-12-01").dates).toEqual([]);
  });

  it("pathBetween throws a RangeError for reversed or malformed dates", () => {
    expect(() => pathBetween(h, "2025-11-18", "2025-11-14")).toThrow("fromIso must not be after toIso (got 2025-11-18 > 2025-11-14)");
    expect(() => pathBetween(h, "20251114", "2025-11-18")).toThrow(RangeError);
  });
});
