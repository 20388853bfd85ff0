import { describe, expect, it } from "vitest";
import { loadCboe, looksLikeCboe, parseCboeDate } from "../../src/data/cboe.js";
import { CALL, PUT, type Chain } from "../../src/data/chain.js";
import { formatInstant, YEAR_MS } from "../../src/data/time.js";
import { bsmGreeks } from "../../src/options/bsm.js";
import { emptyGreeks } from "../../src/options/greeks.js";
import { expectAccounting, thrown, readReal as read } from "./helpers.js";

const load = (name: string) => loadCboe(read(name), name, {});

/** The accounting identity; `linesWithTwo` = unreadable lines, whose one problem entry covers both contracts. */
// The counts of zero-OI and IV-0 contracts below come from a one-off Python script, independent of
// this code: csv.reader over the data lines; each line's call (cols 1, 7, 10) and put (12, 18, 21);
// expiry = the "Expiration Date" at 09:30 New York for roots SPX/NDX, else 16:00 (zoneinfo); then
// expiry ≤ as-of → expired, else OI == 0 → zero OI, else IV ≤ 0 → bad IV, else used.
describe("loadCboe on the real SPX export of 2024-01-07 (SOURCES.md §1)", () => {
  const { chain, report } = load("spx_quotedata_2024-01-07.csv");

  it("reads spot, as-of (zone from 'EST') and the SPX family", () => {
    expect(chain.spot).toBe(4697.2402);
    expect(formatInstant(chain.asOf)).toBe("2024-01-07T10:52:00-05:00");
    expect(chain.asOf.zone).toBe("America/New_York");
    expect(chain.underlying).toBe("SPX");
    expect(chain.rate).toBe(0);
    expect(chain.dividend).toBe(0);
  });

  it("10,519 rows = 21,038 contracts, OI 18,098,410 over every contract", () => {
    expect(report.format).toBe("cboe");
    expect(report.rows).toBe(10519);
    expect(report.contracts).toBe(21038);
    expect(report.openInterest.calls + report.openInterest.puts).toBe(18098410);
    expectAccounting(report);
  });

  it("excludes the Fri 5 Jan 2024 expiry (223 strikes = 446 contracts) as expired on the Sunday download", () => {
    expect(report.excluded.expired).toBe(446);
    expect(report.excluded).toEqual({ expired: 446, zeroOpenInterest: 5226, badIv: 386, invalid: 0 });
    expect(report.used).toBe(14980);
    expect(chain.length).toBe(14980);
  });

  it("first live expiry Mon 8 Jan 2024 16:00 ET; T = 29 h 08 min / 365 d", () => {
    expect(report.expiries[0]).toBe("2024-01-08T16:00:00-05:00");
    const first = Date.UTC(2024, 0, 8, 21, 0);
    const i = chain.expiry.indexOf(first);
    expect(i).toBeGreaterThanOrEqual(0);
    // Sun 10:52 EST → Mon 16:00 EST = 29 h 08 min = 104,880 s
    expect(chain.time[i]).toBe(104880 / (365 * 86400));
  });

  it("SPX (AM-settled) contracts expire 09:30 ET, SPXW 16:00 ET", () => {
    const hhmm = (i: number) => formatInstant({ epochMs: chain.expiry[i]!, zone: "America/New_York" }).slice(11, 16);
    for (let i = 0; i < chain.length; i++) expect(hhmm(i)).toBe(chain.root[i] === "SPX" ? "09:30" : "16:00");
    const roots = new Set(chain.root);
    expect([...roots].sort()).toEqual(["SPX", "SPXW"]);
    expect(report.expiries.at(-1)).toBe("2029-12-21T09:30:00-05:00");
  });

  it("IV-0 contracts are badIv problems that say the vendor gave IV 0, on the right line", () => {
    const lines = read("spx_quotedata_2024-01-07.csv").split("\n");
    for (const p of report.problems) {
      expect(p.field).toBe("IV");
      expect(p.reason).toContain("IV 0 from the vendor");
      const sym = p.reason.split(":")[0]!;
      expect(lines[p.line - 1]).toContain(sym);
    }
  });

  it("multiplier 100, vendor delta and gamma kept, lines point at the source row", () => {
    expect(chain.multiplier.every((m) => m === 100)).toBe(true);
    expect(chain.vendor).not.toBeNull();
    const lines = read("spx_quotedata_2024-01-07.csv").split("\n");
    const f = lines[chain.line[0]! - 1]!.split(",");
    const side = chain.type[0] === CALL ? { oi: 10, iv: 7, delta: 8, gamma: 9 } : { oi: 21, iv: 18, delta: 19, gamma: 20 };
    expect(chain.openInterest[0]).toBe(Number(f[side.oi]));
    expect(chain.iv[0]).toBe(Number(f[side.iv]));
    expect(chain.vendor!.delta[0]).toBe(Number(f[side.delta]));
    expect(chain.vendor!.gamma[0]).toBe(Number(f[side.gamma]));
    expect(chain.strike[0]).toBe(Number(f[11]));
  });
});

describe("loadCboe on the real NDX export of 2022-02-05 (Saturday; 'February 5 2022, 8:26 PM EST')", () => {
  const { chain, report } = load("ndx_quotedata_2022-02-05.csv");
  it("spot 14694.3506, as-of 20:26 EST, 9,193 rows = 18,386 contracts, OI 106,466", () => {
    expect(chain.spot).toBe(14694.3506);
    expect(formatInstant(chain.asOf)).toBe("2022-02-05T20:26:00-05:00");
    expect(chain.underlying).toBe("NDX");
    expect([report.rows, report.contracts]).toEqual([9193, 18386]);
    expect(report.openInterest.calls + report.openInterest.puts).toBe(106466);
    // Python one-off as above
    expect(report.excluded).toEqual({ expired: 0, zeroOpenInterest: 12342, badIv: 36, invalid: 0 });
    expectAccounting(report);
  });
  it("expiries Mon 7 Feb 2022 (NDXP, 16:00) … 20 Dec 2024 (NDX, AM-settled 09:30)", () => {
    expect(report.expiries[0]).toBe("2022-02-07T16:00:00-05:00");
    expect(report.expiries.at(-1)).toBe("2024-12-20T09:30:00-05:00");
    expect(new Set(chain.root)).toEqual(new Set(["NDX", "NDXP"]));
  });
});

describe("loadCboe on the extra SPX export of 2022-02-04 close", () => {
  const { chain, report } = load("extra/spx_quotedata_2022-02-04_close.csv");
  it("spot 4500.5298, as-of 'February 5 2022, 8:09 PM EST', 20,514 contracts, expiries Feb 07 2022 … Dec 18 2026", () => {
    expect(chain.spot).toBe(4500.5298);
    expect(formatInstant(chain.asOf)).toBe("2022-02-05T20:09:00-05:00");
    expect(report.contracts).toBe(20514);
    expect(report.expiries[0]).toBe("2022-02-07T16:00:00-05:00");
    expect(report.expiries.at(-1)).toBe("2026-12-18T09:30:00-05:00");
    // Python one-off as above
    expect(report.excluded).toEqual({ expired: 0, zeroOpenInterest: 4791, badIv: 138, invalid: 0 });
    expectAccounting(report);
  });
});

// Units sanity check against CBOE's own gamma (per index point per unit of underlying). CBOE's
// greeks cannot be reproduced per contract: they are rounded to 4 dp, computed at CBOE's own time
// (the previous close, not the weekend download time: for the ATM SPXW 8 Jan 4695 call ours is
// 1.6× CBOE's, which is √(3 d / 1.21 d)), with CBOE's undisclosed rate and dividend. So the check is on the median of
// our BS gamma / vendor gamma over contracts where rounding is ≤ 5 % (vendor gamma ≥ 0.001) and
// carry matters little (T ≤ 90 d). Observed medians: 1.024 (SPX 2024), 1.049 (NDX), 0.972 (SPX
// 2022); the ±10 % band still catches any units error (×100, ×S, per 1 % move), which is its purpose.
describe("BS gamma from the chain's IV agrees in units with CBOE's published gamma", () => {
  for (const name of ["spx_quotedata_2024-01-07.csv", "ndx_quotedata_2022-02-05.csv", "extra/spx_quotedata_2022-02-04_close.csv"]) {
    it(name, () => {
      const { chain } = load(name);
      const ratios = gammaRatios(chain);
      expect(ratios.length).toBeGreaterThan(80);
      const med = ratios[ratios.length >> 1]!;
      expect(med).toBeGreaterThan(0.9);
      expect(med).toBeLessThan(1.1);
    });
  }
});

function gammaRatios(c: Chain): number[] {
  const g = emptyGreeks();
  const out: number[] = [];
  for (let i = 0; i < c.length; i++) {
    const v = c.vendor!.gamma[i]!;
    if (!(v >= 0.001) || c.time[i]! * 365 > 90) continue;
    bsmGreeks(c.type[i]!, c.spot, c.strike[i]!, c.time[i]!, c.iv[i]!, c.rate, c.dividend, g);
    out.push(g.gamma / v);
  }
  return out.sort((a, b) => a - b);
}

describe("parseCboeDate reads every spelling of the Date: line", () => {
  it("'January 7, 2024 at 10:52 AM EST' (EST → New York, −05:00)", () => {
    expect(parseCboeDate("Date: January 7, 2024 at 10:52 AM EST")).toEqual({ epochMs: Date.UTC(2024, 0, 7, 15, 52), zone: "America/New_York" });
  });
  it("'February 5 2022, 8:26 PM EST' (no comma after the day; evening → next UTC day)", () => {
    expect(parseCboeDate("Date: February 5 2022, 8:26 PM EST")?.epochMs).toBe(Date.UTC(2022, 1, 6, 1, 26));
  });
  it("'July 12, 2022, 11:55 AM EDT' (summer offset −04:00)", () => {
    expect(parseCboeDate("Date: July 12, 2022, 11:55 AM EDT")?.epochMs).toBe(Date.UTC(2022, 6, 12, 15, 55));
    // "EST" printed in July still means New York wall time: the offset comes from the date
    expect(parseCboeDate("Date: July 12, 2022, 11:55 AM EST")?.epochMs).toBe(Date.UTC(2022, 6, 12, 15, 55));
  });
  it("12 AM is midnight and 12 PM noon; a missing zone is New York; Chicago zone", () => {
    expect(parseCboeDate("Jan 7, 2024 12:05 AM EST")?.epochMs).toBe(Date.UTC(2024, 0, 7, 5, 5));
    expect(parseCboeDate("Jan 7, 2024 12:30 PM")?.epochMs).toBe(Date.UTC(2024, 0, 7, 17, 30));
    expect(parseCboeDate("Jan 7, 2024 10:00 AM CST")).toEqual({ epochMs: Date.UTC(2024, 0, 7, 16, 0), zone: "America/Chicago" });
  });
  it("rejects non-dates, impossible times and unknown zones", () => {
    expect(parseCboeDate("Date: soon")).toBeUndefined();
    expect(parseCboeDate("January 7, 2024 at 13:52 PM EST")).toBeUndefined();
    expect(parseCboeDate("Foo 7, 2024 at 10:52 AM EST")).toBeUndefined();
    expect(parseCboeDate("January 7, 2024 at 10:52 AM XYZ")).toBeUndefined();
  });
});

describe("looksLikeCboe", () => {
  it("is true on the real CBOE heads and false on the Deribit and JSON ones", () => {
    const head = (n: string) => read(n).slice(0, 4096);
    expect(looksLikeCboe(head("spx_quotedata_2024-01-07.csv"))).toBe(true);
    expect(looksLikeCboe(head("ndx_quotedata_2022-02-05.csv"))).toBe(true);
    expect(looksLikeCboe(head("deribit_btc_book_summary_2024-03-12T0557Z.csv"))).toBe(false);
    expect(looksLikeCboe(head("ibit_chain_2026-07-14.json"))).toBe(false);
    expect(looksLikeCboe("")).toBe(false);
  });
});

// ---- hand-written edge cases ----
const HEADER =
  "Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest";
const SPOT = 'S&P 500 INDEX,"Last: 4,697.24",Change:  8.5602';
const DATE = '"Date: January 7, 2024 at 10:52 AM EST",Bid: 4645.23,Ask: 4753.8999,Size: 1*1,Volume: 0';
// line 4: expired (Fri 5 Jan) → 2 expired
const L_EXPIRED = "Fri Jan 05 2024,SPXW240105C04700000,1,0,1,1,0,0.1,0.5,0.01,5,4700.00,SPXW240105P04700000,1,0,1,1,0,0.1,-0.5,0.01,5";
// line 5: call used (quoted thousands OI and strike); put zero OI
const L_THOUSANDS = 'Mon Jan 08 2024,SPXW240108C04700000,10,0,9,11,0,0.12,0.5,0.0141,"1,234","4,700.00",SPXW240108P04700000,10,0,9,11,0,0,-0.5,0,0';
// line 6: AM-settled call used; put IV 0 with OI 3 → badIv
const L_AM = "Fri Jan 19 2024,SPX240119C04700000,10,0,9,11,0,0.13,0.5,0.003,7,4700.00,SPX240119P04700000,10,0,9,11,0,0,-0.5,0,3";

function mini(lines: string[], eol = "\n", bom = false): string {
  return (bom ? "\uFEFF" : "") + lines.join(eol);
}

describe("loadCboe on hand-written files", () => {
  it("BOM + CRLF, no leading blank line, quoted thousands, trailing blank lines", () => {
    const text = mini([SPOT, DATE, HEADER, L_EXPIRED, L_THOUSANDS, L_AM, "", "", ""], "\r\n", true);
    const { chain, report } = loadCboe(text, "mini.csv", {});
    expect(chain.spot).toBe(4697.24);
    expect(formatInstant(chain.asOf)).toBe("2024-01-07T10:52:00-05:00");
    expect(report.rows).toBe(3);
    expect(report.contracts).toBe(6);
    expect(report.excluded).toEqual({ expired: 2, zeroOpenInterest: 1, badIv: 1, invalid: 0 });
    expect(report.openInterest).toEqual({ calls: 5 + 1234 + 7, puts: 5 + 0 + 3 });
    expect(chain.length).toBe(2);
    expect(Array.from(chain.openInterest)).toEqual([1234, 7]);
    expect(Array.from(chain.strike)).toEqual([4700, 4700]);
    expect(Array.from(chain.line)).toEqual([5, 6]);
    expect(chain.root).toEqual(["SPXW", "SPX"]);
    expect(Array.from(chain.expiry)).toEqual([Date.UTC(2024, 0, 8, 21, 0), Date.UTC(2024, 0, 19, 14, 30)]);
    expect(report.problems).toEqual([{ line: 6, field: "IV", reason: expect.stringContaining("SPX240119P04700000: IV 0 from the vendor") }]);
    expectAccounting(report);
  });

  it("opts.spot, opts.asOf, rate and dividend override the file", () => {
    const text = mini(["", SPOT, DATE, HEADER, L_EXPIRED, L_THOUSANDS]);
    const { chain, report } = loadCboe(text, "mini.csv", { spot: 4700, asOf: "2024-01-05T10:00:00-05:00", rate: 0.05, dividend: 0.013 });
    expect(chain.spot).toBe(4700);
    expect(formatInstant(chain.asOf)).toBe("2024-01-05T10:00:00-05:00");
    expect([chain.rate, chain.dividend]).toEqual([0.05, 0.013]);
    expect(report.excluded.expired).toBe(0); // Friday's expiry is live at Friday 10:00
  });

  it("a line with the wrong number of fields is 2 invalid contracts with a problem naming the line", () => {
    const text = mini(["", SPOT, DATE, HEADER, L_THOUSANDS, "Mon Jan 08 2024,SPXW240108C04800000,1,2", L_AM]);
    const { report } = loadCboe(text, "mini.csv", {});
    expect(report.excluded.invalid).toBe(2);
    expect(report.problems[0]).toEqual({ line: 6, reason: "expected 22 fields like the header, got 4" });
    expectAccounting(report, 1);
  });

  it("a symbol that is not OCC, or disagrees with the strike or date, is invalid", () => {
    const bad = L_THOUSANDS.replace("SPXW240108C04700000", "garbage").replace('"4,700.00"', "4700.00");
    const wrongStrike = L_AM.replace("SPX240119C04700000", "SPX240119C04750000");
    const wrongDate = L_AM.replace("SPX240119P04700000", "SPX240126P04700000");
    const { report } = loadCboe(mini(["", SPOT, DATE, HEADER, bad, wrongStrike, wrongDate]), "mini.csv", {});
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([
      [5, "Calls"], // not an OCC symbol
      [6, "Strike"], // symbol strike 4750 vs Strike 4700
      [6, "IV"], // L_AM's put: IV 0
      [7, "Expiration Date"], // put symbol dated 26 Jan on a 19 Jan line
    ]);
    expectAccounting(report);
  });

  it("strict mode throws on the first problem with file, line and field", () => {
    const e = thrown(() => loadCboe(mini(["", SPOT, DATE, HEADER, L_EXPIRED, L_THOUSANDS, L_AM]), "mini.csv", { strict: true }));
    expect(e.message).toBe("mini.csv:7: IV: SPX240119P04700000: IV 0 from the vendor (CBOE has no quote-based IV for this contract)");
    expect([e.file, e.line, e.field]).toEqual(["mini.csv", 7, "IV"]);
  });

  it("no header → InputError naming what is missing", () => {
    const e = thrown(() => loadCboe(mini(["", SPOT, DATE, "foo,bar", L_AM]), "x.csv", {}));
    expect(e.message).toMatch(/^x\.csv:1: no CBOE header line \(Expiration Date,Calls,…,Strike,Puts,…\)/);
    expect(thrown(() => loadCboe("", "empty.csv", {})).message).toContain("file is empty");
  });

  it("a required column absent → InputError naming it and listing the columns found", () => {
    const noOi = HEADER.replace(/,Open Interest$/, ",OI");
    const e = thrown(() => loadCboe(mini(["", SPOT, DATE, noOi, L_AM]), "x.csv", {}));
    expect(e.message).toBe(`x.csv:4: missing required column 'Open Interest' in the puts block (found: ${noOi.split(",").join(", ")})`);
  });

  it("no spot line / no date line → InputError at the header, unless opts supply them", () => {
    expect(thrown(() => loadCboe(mini(["", DATE, HEADER, L_AM]), "x.csv", {})).message).toBe(
      "x.csv:3: no spot line ('<index>,Last: <spot>,…') above the header",
    );
    expect(thrown(() => loadCboe(mini(["", SPOT, HEADER, L_AM]), "x.csv", {})).message).toMatch(/^x\.csv:3: no 'Date: /);
    expect(thrown(() => loadCboe(mini(["", SPOT, '"Date: someday"', HEADER, L_AM]), "x.csv", {})).message).toBe(
      "x.csv:3: Date: cannot read the date and time: 'Date: someday'; pass --asof <ISO time, e.g. 2024-01-07T10:52-05:00>",
    );
    const { chain } = loadCboe(mini([HEADER, L_AM]), "x.csv", { spot: 4700, asOf: "2024-01-07T10:52:00-05:00" });
    expect(chain.length).toBe(1);
    expect(chain.type[0]).toBe(CALL);
    expect(PUT).toBe(-1);
  });

  it("rejects bad overrides with the option's name", () => {
    expect(thrown(() => loadCboe("", "x.csv", { spot: -1 })).message).toBe("x.csv: spot: spot override must be a finite number > 0 (got -1)");
    expect(thrown(() => loadCboe("", "x.csv", { asOf: "tomorrow" })).message).toBe("x.csv: asOf: asOf override is not a time: 'tomorrow'");
  });
});

it("YEAR_MS is 365 × 86400 s (the convention the T assertions above rely on)", () => {
  expect(YEAR_MS).toBe(31536000000);
});

describe("loadCboe: the Date: line and the preamble in the spellings real exports have (issue 9 §2)", () => {
  const real = read("spx_quotedata_2024-01-07.csv");
  const lines = real.split("\n");
  /** The real SPX export with its line 3 (the Date: line) replaced. */
  const withDateLine = (dateLine: string) => [...lines.slice(0, 2), dateLine, ...lines.slice(3)].join("\n");
  const base = loadCboe(real, "spx.csv", {});

  const variants: [string, number][] = [
    ["Date: 9 декабря 2023 г. в 13:49 GMT-5,Bid: 4645.23,Ask: 4753.8999,Size: 1*1,Volume: 0", Date.UTC(2023, 11, 9, 18, 49)],
    ["Date: 11 de noviembre de 2024, 8:02 GMT-5,Bid: 4645.23,Ask: 4753.8999,Size: 1*1,Volume: 0", Date.UTC(2024, 10, 11, 13, 2)],
    ['"Date: 11 September 2024 at 12:37 GMT-4",Bid: 4645.23,Ask: 4753.8999,Size: 1*1,Volume: 0', Date.UTC(2024, 8, 11, 16, 37)],
    ["Date: 22 March 2024, 9:46 PM EDT,Bid: 4645.23,Ask: 4753.8999,Size: 1*1,Volume: 0", Date.UTC(2024, 2, 23, 1, 46)],
    ['"Date: July 12, 2022, 11:55 AM EDT",Bid: 4645.23,Ask: 4753.8999,Size: 1*1,Volume: 0', Date.UTC(2022, 6, 12, 15, 55)],
    // unquoted, with the comma inside the date: a CSV reader would split it
    ["Date: 15 May 2023, 11:47 AM EDT,Bid: 4645.23,Ask: 4753.8999,Size: 1*1,Volume: 0", Date.UTC(2023, 4, 15, 15, 47)],
  ];
  for (const [line, epochMs] of variants) {
    it(`reads ${JSON.stringify(line.slice(0, 48))}… and every row below it`, () => {
      const { chain, report } = loadCboe(withDateLine(line), "spx.csv", {});
      expect(chain.asOf.epochMs).toBe(epochMs);
      expect(report.rows).toBe(10519);
      expect(report.contracts).toBe(21038);
      expectAccounting(report);
    });
  }

  it("a preamble cell that opens a quote and never closes it does not swallow the rows", () => {
    const text = withDateLine('"Date: January 7, 2024 at 10:52 AM EST",Bid: 4645.23,Ask: 4753.8999,Size: 1*1,"Volume: 28,253,899');
    const { chain, report } = loadCboe(text, "spx.csv", {});
    expect(report).toEqual({ ...base.report });
    expect(chain.asOf).toEqual(base.chain.asOf);
    expect(chain.length).toBe(base.chain.length);
    // and the spot line may carry one too
    const spotQuoted = [lines[0], 'S&P 500 INDEX,"Last: 4697.2402,Change:  8.5602', ...lines.slice(2)].join("\n");
    expect(loadCboe(spotQuoted, "spx.csv", {}).chain.spot).toBe(4697.2402);
  });

  it("a date with no clock time is taken at 16:00 New York that day, with a warning naming the assumption", () => {
    const { chain, report } = loadCboe(withDateLine('"Date: January 7, 2024",Bid: 0,Ask: 0'), "spx.csv", {});
    expect(formatInstant(chain.asOf)).toBe("2024-01-07T16:00:00-05:00");
    expect(report.warnings[0]).toEqual({
      line: 3, field: "Date",
      reason: "'Date: January 7, 2024' gives no time of day: the as-of is taken as 16:00 New York (the close) on that day; pass --asof to set it",
    });
  });

  it("an unreadable date stops the load naming the line, its text and --asof; --asof overrides it", () => {
    const text = withDateLine('"Date: 07/01/2024, 10:52",Bid: 0');
    expect(thrown(() => loadCboe(text, "spx.csv", {})).message).toBe(
      "spx.csv:3: Date: cannot read the date and time: 'Date: 07/01/2024, 10:52'; pass --asof <ISO time, e.g. 2024-01-07T10:52-05:00>",
    );
    expect(loadCboe(text, "spx.csv", { asOf: "2024-01-07T10:52-05:00" }).chain.asOf.epochMs).toBe(base.chain.asOf.epochMs);
  });

  it("a row whose quoted field spans two lines is one record; later problems keep their file line numbers", () => {
    // line 6's "Last Sale" cell (a field gexray does not read) quoted with a line break inside
    const f = lines[5]!.split(",");
    f[2] = `"${f[2]}\n(note)"`;
    const text = [...lines.slice(0, 5), f.join(","), ...lines.slice(6)].join("\n");
    const { report } = loadCboe(text, "spx.csv", {});
    expect(report.rows).toBe(10519);
    expect(report.excluded).toEqual(base.report.excluded);
    expect(report.problems.map((p) => p.line)).toEqual(base.report.problems.map((p) => (p.line > 6 ? p.line + 1 : p.line)));
  });
});

describe("loadCboe: absurd values are row problems with their line and field", () => {
  const lines = read("spx_quotedata_2024-01-07.csv").split("\n");
  const withRow = (k: number, f: (cells: string[]) => void) => {
    const cells = lines[k]!.split(",");
    f(cells);
    return [...lines.slice(0, k), cells.join(","), ...lines.slice(k + 1)].join("\n");
  };
  it("open interest 1e300 or Infinity, a negative strike", () => {
    // line 5000 (index 4999): a live SPX row (Feb 16 2024, 4440); columns 10 (call OI), 11 (strike), 21 (put OI)
    const huge = loadCboe(withRow(4999, (c) => (c[10] = "1e300")), "x.csv", {}).report.problems.filter((p) => p.line === 5000);
    expect(huge).toEqual([{ line: 5000, field: "Open Interest", reason: "'1e300' is not a plausible open interest (above 1000000000 contracts)" }]);
    const inf = loadCboe(withRow(4999, (c) => (c[21] = "Infinity")), "x.csv", {}).report.problems.filter((p) => p.line === 5000);
    expect(inf).toEqual([{ line: 5000, field: "Open Interest", reason: "open interest must be a number ≥ 0 (got 'Infinity')" }]);
    const neg = loadCboe(withRow(4999, (c) => (c[11] = "-" + c[11])), "x.csv", {}).report.problems.filter((p) => p.line === 5000);
    expect(neg.map((p) => [p.line, p.field])).toEqual([[5000, "Strike"], [5000, "Strike"]]);
  });
});
