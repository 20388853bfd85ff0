/**
 * Basis-trade unwind days (flows/basisRegime.ts) from hand-made jumps, and on the shipped synthetic
 * CME sample through the basis module: 2026-02-06's 30-day jump (+5.70 pp) after CME open interest
 * fell 13% on the 5th (data/README.md's story).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { BasisJump } from "../../src/futures/jumps.js";
import { basisRegime } from "../../src/flows/basisRegime.js";
import { analyzeBasis } from "../../src/report/basisAnalysis.js";

const jump = (date: string, change: number, cme: number | null, cmePrev: number | null, tenor = 30): BasisJump => ({
  date, tenor, basis: 0.08, change, zScore: null, rules: ["change"], readings: [],
  oiChange: {
    cme: cme === null ? null : { coin: cme, usd: NaN, pct: (cme / 100000) * 100 },
    cmePreviousDay: cmePrev === null ? null : { coin: cmePrev, usd: NaN, pct: (cmePrev / 100000) * 100 },
    binance: null, divergencePct: null,
  },
});

describe("basisRegime", () => {
  const spot = (d: string) => ({ "2026-02-05": 70000, "2026-02-06": 71000, "2026-02-07": 72000 } as Record<string, number>)[d];
  it("keeps jumps with a CME OI drop of at least 5% the same or the previous day; sizes spot sold by the drop", () => {
    const r = basisRegime([
      jump("2026-02-05", 4, -6000, null), // same-day drop 6% → unwind, 6,000 coin at 70,000
      jump("2026-02-06", 5.7, 1000, -13000), // previous-day drop 13%
      jump("2026-02-06", 3.1, 1000, -13000, 60), // same day, smaller jump: the day keeps its largest
      jump("2026-02-07", 3.5, -2000, 500), // a 2% drop: not an unwind
    ], spot);
    expect(r.map((d) => [d.date, d.tenor, d.cmeOiDay, d.spotSold, d.spotSoldUsd])).toEqual([
      ["2026-02-05", 30, "same", 6000, 6000 * 70000],
      ["2026-02-06", 30, "previous", 13000, 13000 * 71000],
    ]);
  });
  it("nothing after the map's as-of date", () => {
    expect(basisRegime([jump("2026-02-06", 5.7, -13000, null)], spot, 5, "2026-02-05")).toEqual([]);
  });
  it("the shipped sample: the 6 Feb jump, paired with the CME OI drop of the 5th", async () => {
    const data = (n: string) => fileURLToPath(new URL(`../../data/${n}`, import.meta.url));
    const a = await analyzeBasis({ file: data("cme_btc_futures_2026-01-26_2026-02-10.csv"), history: true, oiFile: data("btc_oi_history_2026-01-26_2026-02-10.csv") });
    const spots = new Map(a.days!.map((d) => [d.date, d.spot]));
    const r = basisRegime(a.jumps!, (d) => spots.get(d), a.jumpRules!.oiPct);
    expect(r[0]!.date).toBe("2026-02-06");
    expect(r[0]!.change).toBeCloseTo(5.70, 2);
    expect(r[0]!.cmeOiDay).toBe("previous");
    // the drop is the CME series' own change on the 5th, in coin
    const day5 = a.days!.find((d) => d.date === "2026-02-05")!.oi.cme!;
    const day4 = a.days!.find((d) => d.date === "2026-02-04")!.oi.cme!;
    expect(r[0]!.spotSold).toBeCloseTo(day4.coin! - day5.coin!, 6);
  });
});
