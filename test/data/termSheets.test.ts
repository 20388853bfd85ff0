import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InputError } from "../../src/data/errors.js";
import { NoteTermsError, validateNoteTerms, type NoteTerms, type NoteTermsInput } from "../../src/data/noteTerms.js";
import { parsePriceHistory } from "../../src/data/priceHistory.js";
import { loadTermSheets, MAX_CLOSE_GAP_DAYS, parseTermSheets } from "../../src/data/termSheets.js";

const FIX = "test/fixtures/notes";
const HEADER = "note_id,issuer,underlying,pricing_date,initial_level,barrier_pct,observation,maturity,notional_usd";
const GOOD = "G-1,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1000000";

/** New York close (16:00) as UTC: EST is UTC−5 (early Nov … mid Mar), EDT UTC−4. */
const nyCloseEst = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 21, 0);
const nyCloseEdt = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 20, 0);

function sheet(...rows: string[]): string {
  return [HEADER, ...rows].join("\n") + "\n";
}

/** The accounting contract every result must satisfy. */
function expectAccounting(r: ReturnType<typeof parseTermSheets>): void {
  const { report, notes } = r;
  expect(report.rows).toBe(report.used + report.rejected);
  expect(report.used).toBe(notes.length);
  expect(report.problems.length).toBe(report.rejected);
  const usedLines = new Set(notes.map((n) => n.line));
  for (const p of report.problems) expect(usedLines.has(p.line)).toBe(false);
  expect(new Set(report.problems.map((p) => p.line)).size).toBe(report.rejected);
}

describe("validateNoteTerms", () => {
  const base: NoteTermsInput = {
    id: "N", issuer: "Bank", underlying: "xyz", pricingDate: "2025-11-20", initialLevel: 50,
    barrierPct: 0.7, observation: "final", maturity: "2027-11-22", notionalUsd: 1e6,
  };

  it("resolves barrier level and percent, default strike, 16:00 New York instants, upper-case underlying", () => {
    const n = validateNoteTerms(base);
    expect(n.barrierLevel).toBe(35);
    expect(n.barrierPct).toBe(0.7);
    expect(n.strikePct).toBe(1);
    expect(n.underlying).toBe("XYZ");
    expect(n.pricingMs).toBe(nyCloseEst(2025, 11, 20));
    expect(n.maturityMs).toBe(nyCloseEst(2027, 11, 22));
    expect(n.line).toBeUndefined();
    const summer = validateNoteTerms({ ...base, pricingDate: "2025-07-14", maturity: "2026-07-14" });
    expect(summer.pricingMs).toBe(nyCloseEdt(2025, 7, 14));
  });

  it("a barrier from a percentage is initial × pct / 100: 55 % of 55 is 30.25 exactly (not 55 × 0.55 = 30.250000000000004)", () => {
    // hand-computed decimals, each the double nearest to the exact product
    expect(55 * 0.55).not.toBe(30.25); // the double rounding this replaces
    expect(validateNoteTerms({ ...base, initialLevel: 55, barrierPct: 0.55 }).barrierLevel).toBe(30.25);
    expect(validateNoteTerms({ ...base, initialLevel: 62.3, barrierPct: 0.7 }).barrierLevel).toBe(43.61);
    expect(validateNoteTerms({ ...base, initialLevel: 48.35, barrierPct: 0.7 }).barrierLevel).toBe(33.845);
    expect(validateNoteTerms({ ...base, initialLevel: 100, barrierPct: 0.625 }).barrierLevel).toBe(62.5);
    const sheetRow = "note_id,issuer,underlying,pricing_date,initial_level,barrier_pct,observation,maturity,notional_usd\n" +
      "A,Bank,XYZ,2025-11-20,55,55%,daily,2027-11-22,1000000\n";
    expect(parseTermSheets(sheetRow, "s.csv").notes[0]!.barrierLevel).toBe(30.25);
  });

  it("an absolute barrier level wins over the percentage", () => {
    const n = validateNoteTerms({ ...base, barrierLevel: 30, barrierPct: 0.7 });
    expect(n.barrierLevel).toBe(30);
    expect(n.barrierPct).toBe(30 / 50);
  });

  it("keeps optional terms, normalized", () => {
    const n = validateNoteTerms({
      ...base, strikePct: 0.95, couponRatePa: 0.12, couponBarrierPct: 0.65, autocallLevelPct: 1,
      autocallFrequency: "Quarterly", firstAutocallDate: "2026-02-20", observation: "DAILY", line: 7,
    });
    expect(n).toMatchObject({ strikePct: 0.95, couponRatePa: 0.12, couponBarrierPct: 0.65, autocallLevelPct: 1,
      autocallFrequency: "quarterly", firstAutocallDate: "2026-02-20", observation: "daily", line: 7 });
  });

  const bad: [string, Partial<NoteTermsInput>, keyof NoteTermsInput, RegExp][] = [
    ["barrier at the initial level", { barrierLevel: 50 }, "barrierLevel", /below initialLevel.*50 ≥ 50/],
    ["barrier above the initial level", { barrierLevel: 55 }, "barrierLevel", /below initialLevel/],
    ["barrier percent in percent points", { barrierPct: 70 }, "barrierPct", /\(0, 1\).*70% is 0\.7/],
    ["barrier percent 0", { barrierPct: 0 }, "barrierPct", /\(0, 1\)/],
    ["barrier percent NaN", { barrierPct: NaN }, "barrierPct", /finite/],
    ["no barrier", { barrierPct: undefined }, "barrierPct", /required/],
    ["initial level NaN", { initialLevel: NaN }, "initialLevel", /finite/],
    ["initial level 0", { initialLevel: 0 }, "initialLevel", /> 0/],
    ["maturity before pricing", { maturity: "2025-11-19" }, "maturity", /after pricingDate/],
    ["maturity on the pricing date", { maturity: "2025-11-20" }, "maturity", /after pricingDate/],
    ["impossible date", { pricingDate: "2025-02-30" }, "pricingDate", /calendar date/],
    ["US date order", { maturity: "11/22/2027" }, "maturity", /YYYY-MM-DD/],
    ["zero notional", { notionalUsd: 0 }, "notionalUsd", /> 0/],
    ["negative notional", { notionalUsd: -5 }, "notionalUsd", /> 0/],
    ["unknown observation", { observation: "weekly" }, "observation", /final \| daily \| continuous/],
    ["empty id", { id: " " }, "id", /required/],
    ["coupon in percent points", { couponRatePa: 12 }, "couponRatePa", /12% is 0\.12/],
    ["coupon barrier without coupon", { couponBarrierPct: 0.6 }, "couponBarrierPct", /without couponRatePa/],
    ["autocall level without frequency", { autocallLevelPct: 1 }, "autocallFrequency", /required/],
    ["autocall frequency without level", { autocallFrequency: "monthly" }, "autocallLevelPct", /required/],
    ["unknown frequency", { autocallLevelPct: 1, autocallFrequency: "weekly" }, "autocallFrequency", /monthly/],
    ["first autocall after maturity", { autocallLevelPct: 1, autocallFrequency: "monthly", firstAutocallDate: "2027-12-01" }, "firstAutocallDate", /not after maturity/],
    ["first autocall alone", { firstAutocallDate: "2026-01-01" }, "firstAutocallDate", /without/],
    ["strike 0", { strikePct: 0 }, "strikePct", /\(0, 2\]/],
  ];
  for (const [name, patch, field, re] of bad) {
    it(`throws a RangeError naming ${field}: ${name}`, () => {
      let err: unknown;
      try {
        validateNoteTerms({ ...base, ...patch });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NoteTermsError);
      expect(err).toBeInstanceOf(RangeError);
      const e = err as NoteTermsError;
      expect(e.field).toBe(field);
      expect(e.message.startsWith(`${field} `)).toBe(true);
      expect(e.reason).toMatch(re);
    });
  }
});

describe("parseTermSheets: valid rows", () => {
  it("reads the fixture book: BOM, CRLF, comments, quotes, $, thousands separators, percent spellings, both date forms", async () => {
    const r = await loadTermSheets(`${FIX}/book.csv`);
    expectAccounting(r);
    expect(r.report).toMatchObject({ file: `${FIX}/book.csv`, rows: 3, used: 3, rejected: 0, problems: [], warnings: [] });
    const [a, b, c] = r.notes as [NoteTerms, NoteTerms, NoteTerms];
    expect(a).toEqual({
      id: "N-1", issuer: "Bank A, N.A.", underlying: "XYZ", pricingDate: "2025-11-20", pricingMs: nyCloseEst(2025, 11, 20),
      initialLevel: 1050, barrierLevel: 735, barrierPct: 0.7, strikePct: 1, observation: "final",
      maturity: "2027-11-22", maturityMs: nyCloseEst(2027, 11, 22), notionalUsd: 5_000_000, line: 3,
      finalValuationDate: "2027-11-17", finalValuationMs: nyCloseEst(2027, 11, 17), finalValuationSource: "default",
    });
    expect(b).toMatchObject({
      id: "N-2", pricingDate: "2025-11-21", maturity: "2027-11-22", initialLevel: 50.25, barrierLevel: 30.15,
      barrierPct: 30.15 / 50.25, strikePct: 1, observation: "daily", notionalUsd: 2_500_000,
      couponRatePa: 0.125, couponBarrierPct: 0.65, line: 4,
    });
    expect(c).toMatchObject({ id: "N-3", issuer: 'Bank "C"', barrierPct: 0.75, strikePct: 0.95, observation: "continuous", line: 6 });
  });

  it("levels as fractions (0.7) or percents (70, 70%) are the same; tenors in years or months from pricing", () => {
    const r = parseTermSheets(sheet("A,Bank,XYZ,2025-11-20,50,0.7,final,2y,1000000", "B,Bank,XYZ,2025-11-20,50,70,final,24m,1000000",
      "C,Bank,XYZ,2025-11-20,50,70%,final,1.5,1000000", "D,Bank,XYZ,2025-11-20,50,1.5,final,0.1y,1000000"), "s.csv");
    expect(r.report.rejected).toBe(0);
    expect(r.notes.map((n) => n.barrierPct)).toEqual([0.7, 0.7, 0.7, 0.015]);
    expect(r.notes.map((n) => n.barrierLevel)).toEqual([35, 35, 35, 0.015 * 50]);
    // whole months by the calendar; other fractions of a year by 365 days (0.1 y = 37 days)
    expect(r.notes.map((n) => n.maturity)).toEqual(["2027-11-20", "2027-11-20", "2027-05-20", "2025-12-27"]);
  });

  it("final valuation date, coupon frequency and memory columns; a coupon rate of exactly 1 is ambiguous", () => {
    const head = HEADER + ",final_valuation_date,coupon_rate_pa,coupon_barrier_pct,coupon_frequency,coupon_memory";
    const r = parseTermSheets([head,
      "A,Bank,XYZ,2025-11-20,50,60,daily,2027-11-22,1000000,2027-11-15,0.12,0.7,monthly,yes",
      "B,Bank,XYZ,2025-11-20,50,60,daily,2027-11-22,1000000,,12%,70,,no",
      "C,Bank,XYZ,2025-11-20,50,60,daily,2027-11-22,1000000,,1,70,,",
      "D,Bank,XYZ,2025-11-20,50,60,daily,2027-11-22,1000000,2027-11-23,,,,",
      "E,Bank,XYZ,2025-11-20,50,60,daily,2027-11-22,1000000,,,,weekly,"].join("\n"), "c.csv");
    const [a, b] = r.notes as [NoteTerms, NoteTerms];
    expect(a).toMatchObject({ finalValuationDate: "2027-11-15", finalValuationSource: "term sheet", couponRatePa: 0.12, couponBarrierPct: 0.7, couponFrequency: "monthly", couponMemory: true });
    expect(b).toMatchObject({ finalValuationDate: "2027-11-17", finalValuationSource: "default", couponRatePa: 0.12, couponFrequency: "quarterly", couponMemory: false });
    expect(r.report.problems.map((p) => [p.line, p.field])).toEqual([[4, "coupon_rate_pa"], [5, "final_valuation_date"], [6, "coupon_frequency"]]);
    expect(r.report.problems[0]!.reason).toMatch(/1 is ambiguous/);
    expect(r.report.problems[1]!.reason).toMatch(/not after maturity/);
  });

  it("--map renames columns of another source's export; a bad map names the column", () => {
    const text = "CUSIP,Bank,Ticker,Trade Date,Initial,KI Barrier,Monitoring,Tenor,Size\nX1,Bank,XYZ,2025-11-20,50,0.65,daily,18m,2000000\n";
    const map = { note_id: "CUSIP", issuer: "Bank", underlying: "Ticker", pricing_date: "Trade Date", initial_level: "Initial",
      barrier_pct: "KI Barrier", observation: "Monitoring", maturity: "Tenor", notional_usd: "Size" };
    const r = parseTermSheets(text, "other.csv", { map });
    expect(r.report.rejected).toBe(0);
    expect(r.notes[0]).toMatchObject({ id: "X1", barrierPct: 0.65, maturity: "2027-05-20", notionalUsd: 2e6 });
    expect(() => parseTermSheets(text, "other.csv", { map: { ...map, note_id: "Nope" } })).toThrow(/--map note_id=Nope: no column "Nope" \(found: CUSIP/);
    expect(() => parseTermSheets(text, "other.csv", { map: { ...map, cusip: "CUSIP" } })).toThrow(/"cusip" is not a term-sheet column/);
  });

  it("percent given as 70 and as 70% are the same", () => {
    const r = parseTermSheets(sheet("A,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1000000", "B,Bank,XYZ,2025-11-20,50,70%,final,2027-11-22,1000000", "C,Bank,XYZ,2025-11-20,50, 70 % ,final,2027-11-22,1000000"), "s.csv");
    expect(r.report.rejected).toBe(0);
    expect(r.notes.map((n) => n.barrierPct)).toEqual([0.7, 0.7, 0.7]);
    expect(r.notes.map((n) => n.barrierLevel)).toEqual([35, 35, 35]);
  });

  it("header names are case-insensitive, spaces read as underscores, columns in any order; unknown columns warn", () => {
    const text = "Maturity,NOTE ID,Issuer,Underlying,Pricing Date,Initial-Level,Barrier_PCT,Observation,Notional_USD,Comment\n" +
      "2027-11-22,A,Bank,XYZ,2025-11-20,50,60,final,1000000,hello\n";
    const r = parseTermSheets(text, "h.csv");
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatchObject({ id: "A", barrierPct: 0.6, maturity: "2027-11-22" });
    expect(r.report.warnings).toEqual([{ line: 1, field: "Comment", reason: "unknown column 'Comment' ignored" }]);
  });

  it("a barrier_level column alone is enough; barrier_pct disagreeing with barrier_level warns and the level wins", () => {
    const text = "note_id,issuer,underlying,pricing_date,initial_level,barrier_level,barrier_pct,observation,maturity,notional_usd\n" +
      "A,Bank,XYZ,2025-11-20,50,35,,final,2027-11-22,1000000\n" +
      "B,Bank,XYZ,2025-11-20,50,36,70,final,2027-11-22,1000000\n";
    const r = parseTermSheets(text, "b.csv");
    expect(r.notes.map((n) => n.barrierLevel)).toEqual([35, 36]);
    expect(r.report.warnings).toHaveLength(1);
    expect(r.report.warnings[0]).toMatchObject({ line: 3, field: "barrier_level" });
    expect(r.report.warnings[0]!.reason).toMatch(/72% of initial_level 50 but barrier_pct says 70%; using barrier_level/);
  });
});

describe("parseTermSheets: rejected rows", () => {
  // [row, field, reason pattern]
  const cases: [string, string | undefined, RegExp][] = [
    ["R1,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1000000,extra", undefined, /10 fields, the header has 9/],
    ["R2,Bank,XYZ,2025-11-20,50,70,final,2027-11-22", undefined, /8 fields, the header has 9/],
    [",Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1000000", "note_id", /^missing note_id$/],
    ["R4,,XYZ,2025-11-20,50,70,final,2027-11-22,1000000", "issuer", /^missing issuer$/],
    ["R5,Bank,XYZ,2025-11-20,,70,final,2027-11-22,1000000", "initial_level", /^missing initial_level$/],
    ["R6,Bank,XYZ,2025-11-20,50,,final,2027-11-22,1000000", "barrier_pct", /missing barrier_pct/],
    ["R7,Bank,XYZ,2025-11-20,50,70,weekly,2027-11-22,1000000", "observation", /final \| daily \| continuous.*"weekly"/],
    ["R8,Bank,XYZ,2025-02-30,50,70,final,2027-11-22,1000000", "pricing_date", /unparsable date "2025-02-30"/],
    ["R9,Bank,XYZ,Nov 20 2025,50,70,final,2027-11-22,1000000", "pricing_date", /unparsable date/],
    ["R10,Bank,XYZ,2025-11-20,50,70,final,13/1/2027,1000000", "maturity", /unparsable date/],
    ["R11,Bank,XYZ,2025-11-20,50,70,final,2025-11-19,1000000", "maturity", /after pricing_date \(got 2025-11-19 ≤ 2025-11-20\)/],
    ["R12,Bank,XYZ,2025-11-20,50,70,final,2025-11-20,1000000", "maturity", /after pricing_date/],
    ["R13,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,0", "notional_usd", /> 0/],
    ["R14,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,-$5000", "notional_usd", /not a number/],
    ["R15,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,-5000", "notional_usd", /> 0/],
    ["R16,Bank,XYZ,2025-11-20,50,100,final,2027-11-22,1000000", "barrier_pct", /\(0, 100\) percent for a down barrier/],
    ["R17,Bank,XYZ,2025-11-20,50,0,final,2027-11-22,1000000", "barrier_pct", /\(0, 100\)/],
    ["R18,Bank,XYZ,2025-11-20,50,-70%,final,2027-11-22,1000000", "barrier_pct", /\(0, 100\)/],
    ["R19,Bank,XYZ,2025-11-20,50,0.7,final,0y,1000000", "maturity", /a tenor must be > 0/],
    ["R20,Bank,XYZ,2025-11-20,abc,70,final,2027-11-22,1000000", "initial_level", /not a number: "abc"/],
    ["R21,Bank,XYZ,2025-11-20,50,70%,final,2027-11-22,\"1,00,000\"", "notional_usd", /not a number/],
  ];
  const text = sheet(GOOD, ...cases.map((c) => c[0]));
  const r = parseTermSheets(text, "bad.csv");

  it("rejects each bad row with its line, field and reason, and keeps the good one", () => {
    expect(r.notes.map((n) => n.id)).toEqual(["G-1"]);
    expect(r.report.problems).toHaveLength(cases.length);
    cases.forEach(([, field, re], i) => {
      const p = r.report.problems[i]!;
      expect(p.line).toBe(i + 3);
      expect(p.field).toBe(field);
      expect(p.reason).toMatch(re);
    });
  });

  it("rows = used + rejected, one problem per rejected row", () => {
    expect(r.report.rows).toBe(cases.length + 1);
    expectAccounting(r);
  });

  it("rejects a barrier level at or above the initial level (down barrier)", () => {
    const text = "note_id,issuer,underlying,pricing_date,initial_level,barrier_level,observation,maturity,notional_usd\n" +
      "A,Bank,XYZ,2025-11-20,50,50,final,2027-11-22,1000000\nB,Bank,XYZ,2025-11-20,50,$55.10,final,2027-11-22,1000000\n";
    const p = parseTermSheets(text, "b.csv").report.problems;
    expect(p).toEqual([
      { line: 2, field: "barrier_level", reason: "must be below initial_level for a down barrier (got 50 ≥ 50)" },
      { line: 3, field: "barrier_level", reason: "must be below initial_level for a down barrier (got 55.1 ≥ 50)" },
    ]);
  });

  it("rejects every row of a duplicated note_id, naming the lines", () => {
    const res = parseTermSheets(sheet(GOOD, "D,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1000000", "E,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1000000", "D,Bank,XYZ,2025-11-21,51,70,final,2027-11-22,2000000"), "d.csv");
    expect(res.notes.map((n) => n.id)).toEqual(["G-1", "E"]);
    expect(res.report.problems).toEqual([
      { line: 3, field: "note_id", reason: "duplicate note_id 'D' (lines 3, 5)" },
      { line: 5, field: "note_id", reason: "duplicate note_id 'D' (lines 3, 5)" },
    ]);
    expectAccounting(res);
  });

  it("rejects inconsistent optional terms", () => {
    const text = "note_id,issuer,underlying,pricing_date,initial_level,barrier_pct,observation,maturity,notional_usd,coupon_rate_pa,coupon_barrier_pct,autocall_level_pct,autocall_frequency,first_autocall_date\n" +
      "A,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1e6,,60,,,\n" +
      "B,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1e6,150,,,,\n" +
      "C,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1e6,,,100,,\n" +
      "D,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1e6,,,100,fortnightly,\n" +
      "E,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1e6,,,,,2026-02-20\n" +
      "F,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1e6,,,100,quarterly,2025-11-20\n" +
      "G,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1e6,10%,65%,100%,Semi-Annual,2/20/2026\n";
    const res = parseTermSheets(text, "o.csv");
    expect(res.report.problems.map((p) => [p.line, p.field])).toEqual([
      [2, "coupon_barrier_pct"], [3, "coupon_rate_pa"], [4, "autocall_frequency"], [5, "autocall_frequency"],
      [6, "first_autocall_date"], [7, "first_autocall_date"],
    ]);
    expect(res.report.problems[0]!.reason).toBe("is given without coupon_rate_pa");
    expect(res.notes).toHaveLength(1);
    expect(res.notes[0]).toMatchObject({ id: "G", couponRatePa: 0.1, couponBarrierPct: 0.65, autocallLevelPct: 1, autocallFrequency: "semiannual", firstAutocallDate: "2026-02-20" });
  });

  it("strict mode throws an InputError (a RangeError) for the first rejected line, naming file, line and field", () => {
    let err: unknown;
    try {
      parseTermSheets(sheet(GOOD, "S,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,0", "T,Bank,XYZ,2025-11-20,50,70,daily,2024-01-01,1"), "s.csv", { strict: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toBe("s.csv:3: notional_usd: must be > 0 (got 0)");
    expect((err as InputError).line).toBe(3);
    // a clean file passes in strict mode
    expect(parseTermSheets(sheet(GOOD), "ok.csv", { strict: true }).notes).toHaveLength(1);
  });

  it("strict mode reports the lowest line even when a later pass found it (duplicates)", () => {
    expect(() => parseTermSheets(sheet("D,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1", "X,Bank,XYZ,bad,50,70,final,2027-11-22,1", "D,Bank,XYZ,2025-11-20,50,70,final,2027-11-22,1"), "s.csv", { strict: true }))
      .toThrow("s.csv:2: note_id: duplicate note_id 'D' (lines 2, 4)");
  });
});

describe("parseTermSheets: RFC 4180 records", () => {
  it("a quoted issuer name spanning two lines, with a comma and doubled quotes, keeps its note; later lines keep their numbers", () => {
    const text = "note_id,issuer,underlying,pricing_date,initial_level,barrier_pct,observation,maturity,notional_usd\n" +
      'A,"JPMorgan Chase Financial Company LLC,\nguaranteed by ""JPMorgan Chase & Co.""",IBIT,2025-11-20,62.30,70%,final,2027-11-22,"$5,000,000"\n' +
      "B,Bank,IBIT,2025-11-20,62.30,170%,final,2027-11-22,1000000\n";
    const r = parseTermSheets(text, "book.csv");
    expect(r.notes.map((n) => [n.id, n.issuer, n.line])).toEqual([["A", 'JPMorgan Chase Financial Company LLC,\nguaranteed by "JPMorgan Chase & Co."', 2]]);
    expect(r.report.problems).toEqual([{ line: 4, field: "barrier_pct", reason: "must be in (0, 100) percent for a down barrier (below the initial level) (got 170%)" }]);
    expect(r.report.warnings).toEqual([]);
  });

  it("a quote never closed stops the read naming the line it opened on", () => {
    const text = "note_id,issuer,underlying,pricing_date,initial_level,barrier_pct,observation,maturity,notional_usd\n" +
      "A,Bank,IBIT,2025-11-20,62.30,70%,final,2027-11-22,1000000\n" +
      'B,"Bank,IBIT,2025-11-20,62.30,70%,final,2027-11-22,1000000\n';
    expect(() => parseTermSheets(text, "book.csv")).toThrow('book.csv:3: a quoted field opened on this line is never closed (an unbalanced " quote)');
  });
});

describe("parseTermSheets: unusable files", () => {
  const cases: [string, string, string][] = [
    ["empty", "", "e.csv: file is empty"],
    ["blank lines and comments only", "\uFEFF\r\n# nothing\r\n\r\n", "e.csv: file is empty"],
    ["header only", HEADER + "\r\n", "e.csv:1: no data rows (header only)"],
    ["a required column absent", "note_id,issuer,underlying,pricing_date,initial_level,barrier_pct,observation,notional_usd\nA,B,C,2025-01-01,1,70,final,1\n",
      "e.csv:1: missing required column 'maturity' (found: note_id, issuer, underlying, pricing_date, initial_level, barrier_pct, observation, notional_usd)"],
    ["no barrier column", "note_id,issuer,underlying,pricing_date,initial_level,observation,maturity,notional_usd\n",
      "e.csv:1: missing required column 'barrier_pct' (or 'barrier_level') (found: note_id, issuer, underlying, pricing_date, initial_level, observation, maturity, notional_usd)"],
    ["no initial_level column and no history", "note_id,issuer,underlying,pricing_date,barrier_pct,observation,maturity,notional_usd\n",
      "e.csv:1: missing required column 'initial_level' (give it or a price history) (found: note_id, issuer, underlying, pricing_date, barrier_pct, observation, maturity, notional_usd)"],
    ["a column twice", HEADER + ",Note_ID\n", "e.csv:1: column 'note_id' is given twice"],
  ];
  for (const [name, text, message] of cases) {
    it(`throws InputError: ${name}`, () => {
      expect(() => parseTermSheets(text, "e.csv")).toThrow(InputError);
      expect(() => parseTermSheets(text, "e.csv")).toThrow(message);
    });
  }

  it("a missing file is an InputError naming it", async () => {
    await expect(loadTermSheets(`${FIX}/no_such_book.csv`)).rejects.toThrow(InputError);
    await expect(loadTermSheets(`${FIX}/no_such_book.csv`)).rejects.toThrow(`${FIX}/no_such_book.csv: cannot read file (ENOENT: no such file or directory)`);
  });
});

describe("parseTermSheets: initial level from a price history", () => {
  const NOINIT = "note_id,issuer,underlying,pricing_date,barrier_pct,observation,maturity,notional_usd";
  const hist = () => parsePriceHistory("date,close\n2025-11-14,47.45\n2025-11-17,46.80\n2025-11-18,48.35\n2025-11-20,49.50\n2025-12-01,52\n", "h.csv", { underlying: "XYZ" });

  it("takes the close on the pricing date", () => {
    const r = parseTermSheets(`${NOINIT}\nA,Bank,XYZ,2025-11-18,70,final,2027-11-22,1000000\n`, "n.csv", { history: hist() });
    expect(r.notes[0]).toMatchObject({ initialLevel: 48.35, barrierLevel: 33.845 }); // 48.35 × 70 / 100
    expect(r.report.warnings).toEqual([]);
  });

  it("reads the Nasdaq fixture (unnamed history) and uses it for the book's one underlying", async () => {
    const { loadPriceHistory } = await import("../../src/data/priceHistory.js");
    const h = await loadPriceHistory(`${FIX}/xyz_nasdaq.csv`);
    const r = parseTermSheets(`${NOINIT}\nA,Bank,xyz,11/21/2025,60%,final,2027-11-22,1000000\n`, "n.csv", { history: h });
    expect(r.notes[0]).toMatchObject({ underlying: "XYZ", initialLevel: 50.25, barrierLevel: 30.15 }); // 50.25 × 60 / 100
  });

  it("a pricing date missing from the history uses the last close before it and warns", () => {
    const r = parseTermSheets(`${NOINIT}\nA,Bank,XYZ,2025-11-16,70,final,2027-11-22,1000000\n`, "n.csv", { history: hist() });
    expect(r.notes[0]!.initialLevel).toBe(47.45);
    expect(r.report.warnings).toEqual([{ line: 2, field: "pricing_date", reason: "pricing_date 2025-11-16 is not a trading day in the price history; initial_level is the close of 2025-11-14 (47.45)" }]);
  });

  it(`rejects a pricing date whose last earlier close is more than ${MAX_CLOSE_GAP_DAYS} days old, or outside the history`, () => {
    const r = parseTermSheets(`${NOINIT}\nA,Bank,XYZ,2025-11-26,70,final,2027-11-22,1\nB,Bank,XYZ,2025-11-25,70,final,2027-11-22,1\nC,Bank,XYZ,2025-11-13,70,final,2027-11-22,1\nD,Bank,XYZ,2025-12-02,70,final,2027-11-22,1\n`, "n.csv", { history: hist() });
    expect(r.notes.map((n) => n.id)).toEqual(["B"]); // 2025-11-25 is 5 days after 2025-11-20
    expect(r.report.problems.map((p) => [p.line, p.field])).toEqual([[2, "pricing_date"], [4, "pricing_date"], [5, "pricing_date"]]);
    expect(r.report.problems[0]!.reason).toMatch(/last before it \(2025-11-20\) is 6 days older/);
    expect(r.report.problems[1]!.reason).toMatch(/before the price history starts \(2025-11-14\)/);
    expect(r.report.problems[2]!.reason).toMatch(/after the price history ends \(2025-12-01\)/);
    expectAccounting(r);
  });

  it("a history of another underlying does not price a note", () => {
    const r = parseTermSheets(`${NOINIT}\nA,Bank,SPY,2025-11-18,70,final,2027-11-22,1\n`, "n.csv", { history: hist() });
    expect(r.report.problems).toEqual([{ line: 2, field: "initial_level", reason: "missing initial_level (no price history of SPY was given)" }]);
  });

  it("an unnamed history is not guessed between several underlyings", () => {
    const h = parsePriceHistory("date,close\n2025-11-18,48.35\n", "h.csv");
    const r = parseTermSheets(`${NOINIT}\nA,Bank,XYZ,2025-11-18,70,final,2027-11-22,1\nB,Bank,SPY,2025-11-18,70,final,2027-11-22,1\n`, "n.csv", { history: h });
    expect(r.notes).toHaveLength(0);
    expect(r.report.problems[0]!.reason).toMatch(/names no underlying and notes without initial_level are on several: SPY, XYZ/);
  });

  it("several histories are matched by underlying", () => {
    const spy = parsePriceHistory("date,close\n2025-11-18,660.1\n", "spy.csv", { underlying: "SPY" });
    const r = parseTermSheets(`${NOINIT}\nA,Bank,XYZ,2025-11-18,70,final,2027-11-22,1\nB,Bank,SPY,2025-11-18,70,final,2027-11-22,1\n`, "n.csv", { history: [hist(), spy] });
    expect(r.notes.map((n) => n.initialLevel)).toEqual([48.35, 660.1]);
  });

  it("a given initial_level wins; one off the history's close by more than 0.1% warns", () => {
    const r = parseTermSheets(sheet("A,Bank,XYZ,2025-11-18,48.35,70,final,2027-11-22,1", "B,Bank,XYZ,2025-11-18,48.50,70,final,2027-11-22,1"), "n.csv", { history: hist() });
    expect(r.notes.map((n) => n.initialLevel)).toEqual([48.35, 48.5]);
    expect(r.report.warnings).toHaveLength(1);
    expect(r.report.warnings[0]).toMatchObject({ line: 3, field: "initial_level" });
  });

  it("a barrier level above the history's close is rejected and says where the initial level came from", () => {
    const text = "note_id,issuer,underlying,pricing_date,barrier_level,observation,maturity,notional_usd\nA,Bank,XYZ,2025-11-18,50,final,2027-11-22,1\n";
    const r = parseTermSheets(text, "n.csv", { history: hist() });
    expect(r.report.problems).toEqual([{ line: 2, field: "barrier_level", reason: "must be below initial_level for a down barrier (got 50 ≥ 48.35) (initial_level is the history's close for 2025-11-18)" }]);
  });
});

describe("parseTermSheets: row order does not matter", () => {
  const rowArb = fc.record({
    id: fc.constantFrom("A", "B", "C", "D", "E", "F", "G", "H"),
    pricing: fc.constantFrom("2025-11-20", "11/21/2025", "2025-02-30", "2025-11-18"),
    initial: fc.constantFrom("50", "$1,050.00", "0", "x", ""),
    barrier: fc.constantFrom("70", "60%", "0.7", "100", ""),
    obs: fc.constantFrom("final", "Daily", "continuous", "weekly"),
    maturity: fc.constantFrom("2027-11-22", "2025-11-19", "2026-5-1"),
    notional: fc.constantFrom("1000000", '"$5,000,000"', "-1"),
  });
  const line = (r: { id: string; pricing: string; initial: string; barrier: string; obs: string; maturity: string; notional: string }) =>
    `${r.id},Bank,XYZ,${r.pricing},${r.initial},${r.barrier},${r.obs},${r.maturity},${r.notional}`;
  const canon = (res: ReturnType<typeof parseTermSheets>) => ({
    notes: res.notes.map(({ line: _l, ...rest }) => rest).sort((a, b) => (a.id < b.id ? -1 : 1)),
    rows: res.report.rows,
    rejected: res.report.rejected,
    fields: res.report.problems.map((p) => p.field ?? "").sort(),
  });

  it("shuffling rows gives the same notes and the same rejections", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }).chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows.map((_, i) => i), { minLength: rows.length, maxLength: rows.length }))), ([rows, perm]) => {
        const a = parseTermSheets(sheet(...rows.map(line)), "a.csv");
        const b = parseTermSheets(sheet(...perm.map((i) => line(rows[i]!))), "b.csv");
        expectAccounting(a);
        expectAccounting(b);
        expect(canon(b)).toEqual(canon(a));
      }),
      { numRuns: 300 },
    );
  });
});
