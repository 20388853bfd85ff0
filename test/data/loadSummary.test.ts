import { describe, expect, it } from "vitest";
import { loadGeneric } from "../../src/data/generic.js";
import { ignoredOptions } from "../../src/data/load.js";
import { assertUsable, loadCounts, loadWarnings } from "../../src/data/loadSummary.js";
import { thrown } from "./helpers.js";

const SNAP = { spot: 100, asOf: "2024-01-05T16:00:00-05:00", multiplier: 100 } as const;
const HEADER = "expiry,strike,type,open_interest,iv";

describe("loadWarnings: one line per kind of thing to know", () => {
  it("rows left out (with the first), then each kind of loader warning with how many more like it", () => {
    const text = [HEADER, "2024-01-19,100,C,10,0.2", "2024-01-19,100,P,10,abc", "2024-01-19,90,P,10,70", "2024-01-19,80,P,10,80"].join("\n");
    const { report } = loadGeneric(text, "g.csv", SNAP);
    expect(loadWarnings(report, "g.csv")).toEqual([
      'g.csv: 3 contract(s) left out for a bad IV or an unreadable row, e.g. line 3: iv: not a number: "abc"; gexray inspect lists them',
      "g.csv:1: iv: 2 IV(s) between 5 and 500 were excluded: if the file's IVs are in percent, pass --iv-percent",
    ]);
  });

  it("alike warnings group whatever their numbers and labels; line 0 names the file alone", () => {
    const report = {
      ...loadGeneric([HEADER, "2024-01-19,100,C,10,0.2"].join("\n"), "g.csv", SNAP).report,
      warnings: [
        { line: 29, field: "underlying_price", reason: "stale forward 80645.8 is -0.44% off the 27DEC24 median 81002.9; using the median" },
        { line: 152, field: "underlying_price", reason: "stale forward 74345.19 is -1.14% off the 26APR24 median 75201.87; using the median" },
        { line: 0, field: "--iv-percent", reason: "--iv-percent is ignored for a CBOE export: its IVs are decimals (0.1196 = 11.96%)" },
      ],
    };
    expect(loadWarnings(report, "d.csv")).toEqual([
      "d.csv:29: underlying_price: stale forward 80645.8 is -0.44% off the 27DEC24 median 81002.9; using the median (and 1 more like it)",
      "d.csv: --iv-percent is ignored for a CBOE export: its IVs are decimals (0.1196 = 11.96%)",
    ]);
  });
});

describe("assertUsable: nothing to compute is an error saying why", () => {
  const msg = (text: string) => thrown(() => {
    const l = loadGeneric(text, "g.csv", SNAP);
    assertUsable(l, "g.csv", "2024-01-05T16:00:00-05:00");
  }).message;

  it("every contract expired, every OI zero, every IV in percent, nothing readable", () => {
    expect(msg([HEADER, "2024-01-05,100,C,10,0.2", "2024-01-02,100,P,10,0.2"].join("\n"))).toBe(
      "g.csv: nothing to compute: every one of the 2 contracts expired by the snapshot time 2024-01-05T16:00:00-05:00 (the last expiry is " +
        "2024-01-05T16:00:00-05:00): is the file's date right? pass --asof with the time the quotes were taken");
    expect(msg([HEADER, "2024-01-19,100,C,0,0.2", "2024-01-02,100,P,10,0.2"].join("\n"))).toBe(
      "g.csv: nothing to compute: every live contract has zero open interest (1; 1 expired): there is no position to compute");
    expect(msg([HEADER, "2024-01-19,100,C,10,20", "2024-01-19,100,P,10,25"].join("\n"))).toBe(
      "g.csv: nothing to compute: no contract has a usable IV: 2 are above 5 (500%), as IVs in percent are: pass --iv-percent");
    expect(msg([HEADER, "2024-01-19,100,X,10,0.2", "2024-01-19,-5,P,10,0.2"].join("\n"))).toBe(
      'g.csv: nothing to compute: no usable contract (2 read: 0 expired, 0 zero open interest, 0 bad IV, 2 unreadable), e.g. line 2: type: not call/put/C/P: "X"; gexray inspect lists every row');
  });

  it("a usable chain passes, and its counts are the report's", () => {
    const l = loadGeneric([HEADER, "2024-01-19,100,C,10,0.2", "2024-01-19,100,P,0,0.2"].join("\n"), "g.csv", SNAP);
    expect(() => assertUsable(l, "g.csv", "x")).not.toThrow();
    expect(loadCounts(l.report)).toEqual({ rows: 2, contracts: 2, used: 1, excluded: { expired: 0, zeroOpenInterest: 1, badIv: 0, invalid: 0 } });
  });
});

describe("ignoredOptions: options a venue format does not read", () => {
  it("names each, with what the format fixes; a generic CSV reads them all", () => {
    expect(ignoredOptions("cboe", { multiplier: 100, ivPercent: true, map: { iv: "x" }, expiryTime: "08:00", decimal: "," }).map((p) => p.reason)).toEqual([
      "--multiplier 100 is ignored for a CBOE export: its contracts are 100 units of underlying each",
      "--iv-percent is ignored for a CBOE export: its IVs are decimals (0.1196 = 11.96%)",
      "--map is ignored for a CBOE export: it renames the columns of a generic CSV",
      "--expiry-time is ignored for a CBOE export: its expiries settle at 16:00 New York (09:30 for AM-settled SPX, NDX and RUT monthlies)",
      "--decimal is ignored for a CBOE export: only a generic CSV reads it",
    ]);
    expect(ignoredOptions("json", { underlying: "IBIT" })).toEqual([]); // a JSON chain without a symbol reads it
    expect(ignoredOptions("generic", { multiplier: 100, ivPercent: true, delimiter: ";" })).toEqual([]);
  });
});
