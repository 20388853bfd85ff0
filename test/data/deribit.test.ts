import { describe, expect, it } from "vitest";
import { CALL, PUT } from "../../src/data/chain.js";
import { loadDeribit, looksLikeDeribit, parseDeribitInstrument, parseGreeksDict, STALE_FORWARD } from "../../src/data/deribit.js";
import { formatInstant, YEAR_MS } from "../../src/data/time.js";
import { bsmGreeks } from "../../src/options/bsm.js";
import { emptyGreeks } from "../../src/options/greeks.js";
import { expectAccounting, thrown, readReal as read } from "./helpers.js";

const EPS = Number.EPSILON;

const BOOK = "deribit_btc_book_summary_2024-03-12T0557Z.csv";
const TICKER = "extra/deribit_btc_chain_greeks_2020-05-21T2319Z.csv";

describe("loadDeribit on the real book summary of 2024-03-12 (SOURCES.md §2)", () => {
  const { chain, report } = loadDeribit(read(BOOK), BOOK, {});

  it("1,198 rows = 1,198 contracts (599 strikes × C/P), 12 expiries 12MAR24 … 27DEC24", () => {
    expect(report.format).toBe("deribit");
    expect(report.rows).toBe(1198);
    expect(report.contracts).toBe(1198);
    expect(report.expiries.length).toBe(12);
    expect(report.expiries[0]).toBe("2024-03-12T08:00:00Z");
    expect(report.expiries.at(-1)).toBe("2024-12-27T08:00:00Z");
    // Python one-off: 371 rows with open_interest == 0; nothing expired, no mark_iv missing
    expect(report.excluded).toEqual({ expired: 0, zeroOpenInterest: 371, badIv: 0, invalid: 0 });
    expectAccounting(report);
  });

  it("as-of = creation_timestamp 1710223032940 ms (2024-03-12T05:57:12.940Z), spot = estimated_delivery_price, rate 0", () => {
    expect(chain.asOf).toEqual({ epochMs: 1710223032940, zone: "UTC" });
    expect(formatInstant(chain.asOf)).toBe("2024-03-12T05:57:12.940Z");
    expect(chain.spot).toBe(72011.29);
    expect(chain.rate).toBe(0);
    expect(chain.underlying).toBe("BTC");
  });

  it("total OI is the column's sum, 175,665.7 BTC (SOURCES.md rounds it to 175,666)", () => {
    const total = report.openInterest.calls + report.openInterest.puts;
    // summing 1,198 one-decimal values in binary: error ≤ n·ε·Σ|x|
    expect(Math.abs(total - 175665.7)).toBeLessThanOrEqual(1198 * EPS * 175665.7);
    expect(Math.round(total)).toBe(175666);
  });

  it("flags the 16 stale forwards (> 0.3 % off the expiry median) and replaces them with the median", () => {
    expect(STALE_FORWARD).toBe(0.003);
    // lines from the Python one-off: statistics.median of underlying_price per expiry label
    expect(report.warnings.map((w) => w.line)).toEqual([29, 152, 155, 234, 349, 580, 634, 690, 709, 758, 774, 901, 993, 1057, 1074, 1175]);
    for (const w of report.warnings) {
      expect(w.field).toBe("underlying_price");
      expect(w.reason).toMatch(/^stale forward [\d.]+ is -?[\d.]+% off the \w+ median [\d.]+; using the median$/);
    }
    // lines 634 and 1074 (29MAR24, OI 29.3 and 78) are used: their forward is now the median 73726.02
    for (const line of [634, 1074]) {
      const i = chain.line.indexOf(line);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(chain.forward[i]).toBe(73726.02);
    }
  });

  it("the 12MAR24 expiry has ~2 h left: T = (08:00 − 05:57:12.940)/365 d", () => {
    const i = chain.expiry.indexOf(Date.UTC(2024, 2, 12, 8));
    // 08:00:00.000 − 05:57:12.940 = 2 h 02 min 47.060 s = 7,367,060 ms
    expect(chain.time[i]).toBe(7367060 / (365 * 86400e3));
  });

  it("row 3 (BTC-12MAR24-74000-P): mark_iv 95.44 % → 0.9544, OI 12.5 BTC, multiplier 1, forward 72366.10126194553", () => {
    const i = chain.line.indexOf(3);
    expect(chain.type[i]).toBe(PUT);
    expect(chain.strike[i]).toBe(74000);
    expect(chain.iv[i]).toBe(95.44 / 100);
    expect(chain.openInterest[i]).toBe(12.5);
    expect(chain.multiplier[i]).toBe(1);
    expect(chain.forward[i]).toBe(72366.10126194553);
    expect(chain.root[i]).toBe("BTC");
    expect(chain.vendor).toBeNull(); // the book summary has no greeks
  });
});

describe("loadDeribit on the 2020 book summary joined with ticker (greeks as a python dict)", () => {
  const { chain, report } = loadDeribit(read(TICKER), TICKER, {});

  it("326 instruments, OI 106,082 BTC, index 9,095.83, 7 expiries", () => {
    expect(report.rows).toBe(326);
    expect(report.contracts).toBe(326);
    const total = report.openInterest.calls + report.openInterest.puts;
    expect(Math.abs(total - 106082)).toBeLessThanOrEqual(326 * EPS * 106082);
    expect(chain.spot).toBe(9095.83);
    // Python one-off: 69 rows with open_interest == 0, 7 distinct expiration_timestamp values
    expect(report.excluded).toEqual({ expired: 0, zeroOpenInterest: 69, badIv: 0, invalid: 0 });
    expect(report.expiries.length).toBe(7);
    expectAccounting(report);
  });

  it("as-of = the earliest row timestamp 2020-05-21T23:19:53.775Z; one warning that rows span 161.5 s", () => {
    expect(formatInstant(chain.asOf)).toBe("2020-05-21T23:19:53.775Z");
    expect(report.warnings.length).toBe(1);
    expect(report.warnings[0]!.reason).toMatch(/^rows were captured over 161\.5 s .* between 9081\.52 and 9095\.86; as-of and spot are the earliest row's \(9095\.83\)$/);
  });

  it("vendor greeks parsed from the dict: line 2 BTC-22MAY20-9250-P", () => {
    const i = chain.line.indexOf(2);
    expect(chain.type[i]).toBe(PUT);
    expect(chain.vendor!.delta[i]).toBe(-0.73032);
    expect(chain.vendor!.gamma[i]).toBe(0.00136);
    expect(chain.vendor!.vega[i]).toBe(0.94545);
    expect(chain.vendor!.theta[i]).toBe(-40.20419);
    expect(chain.forward[i]).toBe(9096.11);
    expect(chain.iv[i]).toBe(85.05 / 100);
  });

  // Deribit's gamma is Black-76's ∂²V/∂F² on the expiry's forward, per USD, per 1 BTC. Our gamma
  // on F from the chain's IV, T and forward must match it within Deribit's rounding (5 dp: half a
  // unit = 0.5e-5) plus 0.5 % for time: each row's greeks were computed at its own timestamp, up to
  // 161.5 s after the chain's as-of, which changes T of the nearest expiry (8.7 h) by 0.5 % and
  // gamma (∝ T^−½) by ≤ 0.26 %. Observed worst excess over rounding: 0.22 %. (The gamma with respect
  // to spot, with F/S fixed, is (F/S)² times this, 4 % more on 25DEC20: the check would fail.)
  it("BS gamma on the forward matches Deribit's own gamma (units sanity)", () => {
    const g = emptyGreeks();
    let checked = 0;
    for (let i = 0; i < chain.length; i++) {
      const v = chain.vendor!.gamma[i]!;
      bsmGreeks(chain.type[i]!, chain.forward[i]!, chain.strike[i]!, chain.time[i]!, chain.iv[i]!, 0, 0, g);
      expect(Math.abs(g.gamma - v)).toBeLessThanOrEqual(0.5e-5 + 0.005 * Math.abs(v));
      checked++;
    }
    expect(checked).toBe(257);
  });
});

describe("looksLikeDeribit", () => {
  it("is true on both real Deribit heads and false on the CBOE and JSON ones", () => {
    const head = (n: string) => read(n).slice(0, 4096);
    expect(looksLikeDeribit(head(BOOK))).toBe(true);
    expect(looksLikeDeribit(head(TICKER))).toBe(true);
    expect(looksLikeDeribit(head("spx_quotedata_2024-01-07.csv"))).toBe(false);
    expect(looksLikeDeribit(head("ibit_chain_2026-07-14.json"))).toBe(false);
    expect(looksLikeDeribit("\n\n")).toBe(false);
  });
});

describe("parseDeribitInstrument and parseGreeksDict", () => {
  it("reads names, 08:00 UTC expiries, d-decimal strikes", () => {
    expect(parseDeribitInstrument("BTC-26APR24-62000-C")).toEqual({
      root: "BTC", expiryLabel: "26APR24", expiry: Date.UTC(2024, 3, 26, 8), strike: 62000, type: CALL,
    });
    expect(parseDeribitInstrument("BTC-5JUN20-6750-P")?.expiry).toBe(Date.UTC(2020, 5, 5, 8));
    expect(parseDeribitInstrument("XRP_USDC-30MAY25-2d4-C")?.strike).toBe(2.4);
    expect(parseDeribitInstrument("BTC-PERPETUAL")).toBeUndefined();
    expect(parseDeribitInstrument("BTC-31FEB24-62000-C")).toBeUndefined();
    expect(parseDeribitInstrument("BTC-26XYZ24-62000-C")).toBeUndefined();
  });
  it("a strike above MAX_STRIKE (1e9) is not an instrument: 1 followed by 300 zeros", () => {
    expect(parseDeribitInstrument(`BTC-26APR24-1${"0".repeat(300)}-C`)).toBeUndefined();
    expect(parseDeribitInstrument("BTC-26APR24-2000000000-C")).toBeUndefined();
    expect(parseDeribitInstrument("BTC-26APR24-1000000000-C")?.strike).toBe(1e9);
  });
  it("reads the python dict, with None and exponents", () => {
    expect(parseGreeksDict("{'vega': 2.86749, 'theta': -12.15441, 'rho': -0.35147, 'gamma': 7e-05, 'delta': -0.08741}")).toEqual({
      delta: -0.08741, gamma: 7e-5, vega: 2.86749, theta: -12.15441,
    });
    const n = parseGreeksDict("{'delta': None}");
    expect([n.delta, n.gamma]).toEqual([NaN, NaN]);
  });
});

// ---- hand-written edge cases ----
const H = "instrument_name,mark_iv,open_interest,underlying_price,creation_timestamp,estimated_delivery_price,interest_rate,base_currency,note";
const T0 = 1710223032940; // 2024-03-12T05:57:12.940Z
const row = (name: string, iv: string, oi: string, fwd: string, note = "x") => `${name},${iv},${oi},${fwd},${T0},72011.29,0.0,BTC,${note}`;

describe("loadDeribit on hand-written files", () => {
  it("BOM + CRLF, a quoted field with commas, trailing blank lines", () => {
    const text = "\uFEFF" + [H, row("BTC-29MAR24-70000-C", "60.5", "10", "73700", '"a, b, c"'), row("BTC-29MAR24-70000-P", "61", "2.5", "73700"), "", ""].join("\r\n");
    const { chain, report } = loadDeribit(text, "d.csv", {});
    expect(report.rows).toBe(2);
    expect(chain.length).toBe(2);
    expect(Array.from(chain.line)).toEqual([2, 3]);
    expect(Array.from(chain.iv)).toEqual([0.605, 0.61]);
    expect(Array.from(chain.forward)).toEqual([73700, 73700]);
    expect(report.openInterest).toEqual({ calls: 10, puts: 2.5 });
  });

  it("a computed median is printed without float noise", () => {
    // forwards 72505.02, 72506.15 and a stale 73000: the median of the four is 0.5 × (72505.02 + 72506.15)
    // = 72505.585 by hand, 72505.58499999999 in doubles; printed to 6 significant digits
    const text = [H, row("BTC-14MAR24-70000-C", "60", "1", "72505.02"), row("BTC-14MAR24-72000-C", "60", "1", "72506.15"),
      row("BTC-14MAR24-74000-C", "60", "1", "72505.02"), row("BTC-14MAR24-76000-C", "60", "1", "73000")].join("\n") + "\n";
    const { chain, report } = loadDeribit(text, "d.csv", {});
    expect(report.warnings.map((w) => w.reason)).toEqual(["stale forward 73000 is 0.68% off the 14MAR24 median 72505.6; using the median"]);
    expect(chain.forward[3]).toBe(0.5 * (72505.02 + 72506.15)); // the value itself is not rounded
  });

  it("a stale forward is replaced by its expiry's median; expired, zero-OI, bad-IV and unreadable rows are counted", () => {
    const text = [
      H,
      row("BTC-29MAR24-70000-C", "60", "1", "73700"),
      row("BTC-29MAR24-72000-C", "60", "1", "73700"),
      row("BTC-29MAR24-74000-C", "60", "1", "73000"), // 0.95 % low → stale
      row("BTC-11MAR24-70000-C", "60", "1", "72000"), // expired the day before
      row("BTC-29MAR24-76000-C", "60", "0", "73700"), // zero OI
      row("BTC-29MAR24-78000-C", "0", "4", "73700"), // mark_iv 0
      row("BTC-29MAR24-80000-C", "60", "", "73700"), // OI missing
      row("BTC-PERPETUAL", "60", "3", "73700"),
      "BTC-29MAR24-70000-C,1,2",
    ].join("\n");
    const { chain, report } = loadDeribit(text, "d.csv", {});
    expect(report.excluded).toEqual({ expired: 1, zeroOpenInterest: 1, badIv: 1, invalid: 3 });
    expectAccounting(report);
    expect(report.warnings).toEqual([
      // the last row is short and the text has no line end after it: a cut file, and it says so
      { line: 10, reason: "the file ends in the middle of this row (3 of 9 fields, no line end): the download looks truncated, and every row after it is missing" },
      { line: 4, field: "underlying_price", reason: "stale forward 73000 is -0.95% off the 29MAR24 median 73700; using the median" },
    ]);
    expect(loadDeribit(text + "\n", "d.csv", {}).report.warnings.map((w) => w.line)).toEqual([4]); // with its line end: a short row, no more
    expect(Array.from(chain.forward)).toEqual([73700, 73700, 73700]);
    expect(report.problems.map((p) => [p.line, p.field, p.reason])).toEqual([
      [7, "mark_iv", "mark_iv must be a number > 0 (percent; got '0')"],
      [8, "open_interest", "open interest missing"],
      [9, "instrument_name", "not a Deribit option instrument name (expected like BTC-26APR24-62000-C)"],
      [10, undefined, "expected 9 fields like the header, got 3"],
    ]);
  });

  it("strict mode throws on the first problem, naming file, line and field", () => {
    const text = [H, row("BTC-29MAR24-70000-C", "60", "1", "73700"), row("BTC-29MAR24-78000-C", "", "4", "73700")].join("\n");
    expect(thrown(() => loadDeribit(text, "d.csv", { strict: true })).message).toBe("d.csv:3: mark_iv: mark_iv missing");
  });

  it("opts override spot, as-of and rate", () => {
    const text = [H, row("BTC-29MAR24-70000-C", "60", "1", "73700")].join("\n");
    const { chain } = loadDeribit(text, "d.csv", { spot: 70000, asOf: "2024-03-28T08:00:00Z", rate: 0.05 });
    expect(chain.spot).toBe(70000);
    expect(chain.rate).toBe(0.05);
    expect(chain.time[0]).toBe(86400e3 / YEAR_MS);
  });

  it("a required column absent → InputError naming it and listing the columns found", () => {
    const e = thrown(() => loadDeribit("instrument_name,open_interest\nBTC-29MAR24-70000-C,1\n", "d.csv", {}));
    expect(e.message).toBe("d.csv:1: missing required column 'mark_iv' (found: instrument_name, open_interest)");
    const noTs = thrown(() => loadDeribit("instrument_name,mark_iv,open_interest,estimated_delivery_price\nBTC-29MAR24-70000-C,60,1,70000\n", "d.csv", {}));
    expect(noTs.message).toMatch(/^d\.csv:1: missing required column 'creation_timestamp' \(or 'timestamp'\), or give the as-of time/);
    expect(thrown(() => loadDeribit("\n\n", "d.csv", {})).message).toBe("d.csv:1: no header line: the file is empty");
  });
});

describe("loadDeribit: absurd open interest is a row problem with its line and field", () => {
  it("1e300 and Infinity", () => {
    const text = [H, row("BTC-29MAR24-70000-C", "60", "1e300", "73700"), row("BTC-29MAR24-70000-P", "60", "Infinity", "73700"), row("BTC-29MAR24-72000-P", "60", "3", "73700")].join("\n") + "\n";
    const { chain, report } = loadDeribit(text, "d.csv", {});
    expect(chain.length).toBe(1);
    expect(report.problems).toEqual([
      { line: 2, field: "open_interest", reason: "'1e300' is not a plausible open interest (above 1000000000 contracts)" },
      { line: 3, field: "open_interest", reason: "open interest must be a number ≥ 0 (got 'Infinity')" },
    ]);
  });
});
