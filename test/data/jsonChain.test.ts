import { describe, expect, it } from "vitest";
import { CALL, PUT } from "../../src/data/chain.js";
import { IV_CAP, IV_FLOOR, loadJsonChain, looksLikeJsonChain } from "../../src/data/jsonChain.js";
import { formatInstant } from "../../src/data/time.js";
import { bsmGreeks } from "../../src/options/bsm.js";
import { emptyGreeks } from "../../src/options/greeks.js";
import { expectAccounting, thrown, readReal as read } from "./helpers.js";

const EPS = Number.EPSILON;
const YEAR_MS = 365 * 86400e3;

const IBIT = "ibit_chain_2026-07-14.json";

describe("loadJsonChain on the real IBIT chain of 2026-07-14 (SOURCES.md §3)", () => {
  const { chain, report } = loadJsonChain(read(IBIT), IBIT, {});

  it("spot = underlyingPrice 36.58000183105469; as-of = updated, keeping its −04:00 offset", () => {
    expect(chain.underlying).toBe("IBIT");
    expect(chain.spot).toBe(36.58000183105469);
    // "2026-07-14T20:10:04.308959-04:00": to the millisecond, 20:10:04.309 EDT
    expect(chain.asOf).toEqual({ epochMs: Date.UTC(2026, 6, 15, 0, 10, 4, 309), zone: "America/New_York" });
    expect(formatInstant(chain.asOf)).toBe("2026-07-14T20:10:04.309-04:00");
  });

  it("2,339 quotes; OI 6,300,836 contracts over every quote (calls 3,681,064 + puts 2,619,772)", () => {
    expect(report.format).toBe("json");
    expect(report.rows).toBe(2339);
    expect(report.contracts).toBe(2339);
    expect(report.openInterest.calls + report.openInterest.puts).toBe(6300836);
    // split by a Python one-off (json.load; sum of openInterest by side, nulls skipped): the side of
    // every quote was read, 1,189 calls and 1,150 puts, or these sums would differ
    expect(report.openInterest).toEqual({ calls: 3681064, puts: 2619772 });
    expectAccounting(report);
  });

  it("reports the 4 null open interests as problems 'open interest missing', not as zero", () => {
    const missing = report.problems.filter((p) => p.field === "openInterest");
    // quote indices from the Python one-off: [i for i, q in enumerate(quotes) if q["openInterest"] is None]
    expect(missing.map((p) => p.reason)).toEqual([
      "quotes[424] IBIT260807P00055000: open interest missing (null)",
      "quotes[426] IBIT260814C00030000: open interest missing (null)",
      "quotes[474] IBIT260814P00055000: open interest missing (null)",
      "quotes[2036] IBIT280616C00014000: open interest missing (null)",
    ]);
    expect(report.excluded.invalid).toBe(4);
  });

  it("every junk IV with open interest is repaired (warning) or excluded with a reason", () => {
    // Python one-off: 267 quotes with openInterest == 0; 17 with OI > 0 and iv ≤ 0.001 or > 5
    expect(report.excluded.zeroOpenInterest).toBe(267);
    expect(report.excluded.expired).toBe(0);
    const repaired = report.warnings.filter((w) => w.field === "iv");
    expect(report.excluded.badIv + repaired.length).toBe(17);
    for (const p of report.problems.filter((p) => p.field === "iv")) {
      expect(p.reason).toMatch(/^quotes\[\d+\] IBIT\w+: IV [\d.e+-]+ is junk/);
      expect(p.reason).toMatch(/below the European intrinsic value|no mid price|no-arbitrage bound|no volatility/);
    }
    // nothing junk is left in the chain
    for (let i = 0; i < chain.length; i++) expect(chain.iv[i]! > IV_FLOOR && chain.iv[i]! <= IV_CAP).toBe(true);
  });

  it("22 expiries from 2026-07-15 16:00 ET (T ≈ 19.8 h); multiplier 100; Cboe greeks as vendor", () => {
    expect(report.expiries.length).toBe(22);
    expect(report.expiries[0]).toBe("2026-07-15T16:00:00-04:00");
    expect(report.expiries.at(-1)).toBe("2028-12-15T16:00:00-05:00");
    const i = chain.expiry.indexOf(Date.UTC(2026, 6, 15, 20));
    // 16:00:00.000 − 20:10:04.309 the day before = 19 h 49 min 55.691 s
    expect(chain.time[i]).toBe(((19 * 60 + 49) * 60e3 + 55691) / YEAR_MS);
    expect(chain.multiplier.every((m) => m === 100)).toBe(true);
    expect(chain.vendor).not.toBeNull();
    expect(chain.root.every((r) => r === "IBIT")).toBe(true);
  });
});

describe("looksLikeJsonChain", () => {
  it("is true on the real IBIT head and false on CSV heads", () => {
    expect(looksLikeJsonChain(read(IBIT).slice(0, 4096))).toBe(true);
    expect(looksLikeJsonChain("\uFEFF  \n{\n  \"quotes\": []}")).toBe(true);
    expect(looksLikeJsonChain(read("spx_quotedata_2024-01-07.csv").slice(0, 4096))).toBe(false);
    expect(looksLikeJsonChain('{"name": "something else"}')).toBe(false);
  });
});

// ---- hand-written edge cases ----
const AS_OF = "2026-07-14T20:10:04-04:00";
const SPOT = 36.58;
const T_SEP = (Date.UTC(2026, 8, 18, 20) - Date.UTC(2026, 6, 15, 0, 10, 4)) / YEAR_MS;

function doc(quotes: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { symbol: "IBIT", updated: AS_OF, underlyingPrice: SPOT, ...extra, quotes };
}
const q = (symbol: string, side: string, strike: number, expiration: string, openInterest: unknown, iv: unknown, more: Record<string, unknown> = {}) => ({
  symbol, expiration, side, strike, openInterest, iv, ...more,
});

describe("loadJsonChain on hand-written chains", () => {
  const price45 = bsmGreeks(CALL, SPOT, 36, T_SEP, 0.45, 0, 0, emptyGreeks()).price;
  const quotes = [
    q("IBIT260918C00036000", "call", 36, "2026-09-18", 100, 0, { mid: price45 }), // junk, repairable
    q("IBIT260918P00040000", "put", 40, "2026-09-18", 50, 1e-5, { bid: 0, ask: 0.01, mid: null }), // no mid
    q("IBIT260918P00050000", "put", 50, "2026-09-18", 50, 6.0, { mid: 10 }), // mid < intrinsic 13.42
    q("IBIT260918C00037000", "call", 37, "2026-09-18", null, 0.5), // OI missing
    q("IBIT260710C00037000", "call", 37, "2026-07-10", 10, 0.5), // expired
    q("IBIT260918C00038000", "call", 38, "2026-09-18", 0, 0.5), // zero OI
    q("IBIT260918C00039000", "straddle", 39, "2026-09-18", 5, 0.5), // bad side
    q("IBIT260918P00030000", "put", 30, "2026-09-18", 7, 0.55, { delta: -0.1, gamma: 0.02, theta: -0.01, vega: 0.03 }),
  ];
  const text = "\uFEFF" + JSON.stringify(doc(quotes), null, 2) + "\n\n";
  const lineOf = (sym: string) => text.split("\n").findIndex((l) => l.includes(`"symbol": "${sym}"`)); // the "{" is the line before: 0-based index = 1-based line of "{"

  it("repairs a junk IV from the mid (warning with old and new IV) and excludes the unrepairable with reasons", () => {
    const { chain, report } = loadJsonChain(text, "c.json", {});
    expect(report.excluded).toEqual({ expired: 1, zeroOpenInterest: 1, badIv: 2, invalid: 2 });
    expectAccounting(report);
    expect(chain.length).toBe(2);
    // the repaired IV reproduces the mid: round trip of a BSM price, relative error ≤ 16ε near the money
    expect(Math.abs(chain.iv[0]! - 0.45)).toBeLessThanOrEqual(16 * EPS * 0.45);
    expect(report.warnings).toEqual([
      { line: lineOf("IBIT260918C00036000"), field: "iv", reason: expect.stringMatching(/^quotes\[0\] IBIT260918C00036000: IV 0 is junk; repaired from the mid [\d.]+ to 0\.45 \(European BSM; approximate for American deep-ITM puts\)$/) },
    ]);
    expect(report.problems).toEqual([
      { line: lineOf("IBIT260918P00040000"), field: "iv", reason: "quotes[1] IBIT260918P00040000: IV 0.00001 is junk (outside (0.001, 5]) and there is no mid price to repair it from" },
      { line: lineOf("IBIT260918P00050000"), field: "iv", reason: "quotes[2] IBIT260918P00050000: IV 6 is junk and cannot be repaired: the mid 10 is below the European intrinsic value 13.42 (American early exercise or a stale quote)" },
      { line: lineOf("IBIT260918C00037000"), field: "openInterest", reason: "quotes[3] IBIT260918C00037000: open interest missing (null)" },
      { line: lineOf("IBIT260918C00039000"), field: "side", reason: 'quotes[6] IBIT260918C00039000: side must be "call" or "put" (got "straddle")' },
    ]);
    expect(report.openInterest).toEqual({ calls: 100 + 10, puts: 50 + 50 + 7 });
    expect(Array.from(chain.line)).toEqual([lineOf("IBIT260918C00036000"), lineOf("IBIT260918P00030000")]);
    expect(chain.type[1]).toBe(PUT);
    expect(chain.vendor!.gamma[1]).toBe(0.02);
    expect(chain.vendor!.gamma[0]).toBeNaN();
    expect(chain.time[0]).toBe(T_SEP);
  });

  it("strict mode throws on the first problem with file, line and field", () => {
    const e = thrown(() => loadJsonChain(text, "c.json", { strict: true }));
    expect(e.message).toBe(`c.json:${lineOf("IBIT260918P00040000")}: iv: quotes[1] IBIT260918P00040000: IV 0.00001 is junk (outside (0.001, 5]) and there is no mid price to repair it from`);
  });

  it("opts override spot, as-of, rate and dividend", () => {
    const { chain } = loadJsonChain(JSON.stringify(doc([quotes[7]])), "c.json", { spot: 40, asOf: "2026-09-18T10:00:00-04:00", rate: 0.04, dividend: 0 });
    expect(chain.spot).toBe(40);
    expect(chain.rate).toBe(0.04);
    expect(chain.time[0]).toBe(6 * 3600e3 / YEAR_MS);
  });

  it("a file that cannot be used → InputError with file and line", () => {
    expect(thrown(() => loadJsonChain('{\n "symbol": "IBIT",\n "quotes": [\n  {"strike": }\n ]\n}', "c.json", {})).message).toMatch(/^c\.json:4: not valid JSON: /);
    expect(thrown(() => loadJsonChain("[1, 2]", "c.json", {})).message).toMatch(/^c\.json:1: expected a JSON object/);
    expect(thrown(() => loadJsonChain('{"symbol": "IBIT", "updated": "x"}', "c.json", {})).message).toBe(
      "c.json:1: quotes: required field missing or not an array of contracts (found: symbol, updated)",
    );
    expect(thrown(() => loadJsonChain(JSON.stringify({ symbol: "IBIT", updated: AS_OF, quotes: [] }), "c.json", {})).message).toBe(
      "c.json:1: underlyingPrice: required field missing: the spot (or give the spot) (found: symbol, updated, quotes)",
    );
    expect(thrown(() => loadJsonChain(JSON.stringify(doc([], { updated: "yesterday" })), "c.json", {})).message).toBe(
      'c.json:1: updated: not an ISO 8601 time: "yesterday"',
    );
  });
});

describe("loadJsonChain: absurd values are row problems with their line and field", () => {
  it("open interest 1e300 (JSON has no Infinity: a string) and a negative strike", () => {
    const quotes = [
      q("IBIT260918C00036000", "call", 36, "2026-09-18", 1e300, 0.5),
      q("IBIT260918C00037000", "call", 37, "2026-09-18", "Infinity", 0.5),
      q("IBIT260918P00038000", "put", -38, "2026-09-18", 10, 0.5),
      q("IBIT260918P00039000", "put", 39, "2026-09-18", 10, 0.5),
    ];
    const { chain, report } = loadJsonChain(JSON.stringify(doc(quotes), null, 2), "c.json", {});
    expect(chain.length).toBe(1);
    expect(report.problems.map((p) => [p.field, p.reason.replace(/^quotes\[\d\] \S+: /, "")])).toEqual([
      ["openInterest", "1e+300 is not a plausible open interest (above 1000000000 contracts)"],
      ["openInterest", 'open interest must be a number ≥ 0 (got "Infinity")'],
      ["strike", expect.stringMatching(/-38/)],
    ]);
    expect(report.problems.every((p) => p.line > 1)).toBe(true);
  });
  it("a strike of 1e300 (above the 1e9 cap) is a row problem naming the field", () => {
    const quotes = [q("IBIT260918C00036000", "call", 1e300, "2026-09-18", 10, 0.5), q("IBIT260918P00039000", "put", 39, "2026-09-18", 10, 0.5)];
    const { chain, report } = loadJsonChain(JSON.stringify(doc(quotes), null, 2), "c.json", {});
    expect(chain.length).toBe(1);
    expect(report.problems.map((p) => [p.field, p.reason.replace(/^quotes\[\d\] \S+: /, "")])).toEqual([
      ["strike", "1e+300 is not a plausible strike (above 1000000000)"],
    ]);
  });
});
