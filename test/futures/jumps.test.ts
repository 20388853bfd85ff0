import { describe, expect, it } from "vitest";
import { basisJumps, oiChanges, type BasisDay } from "../../src/futures/jumps.js";

// docs/forced-flows.md §1.3 rules and §8 B7: the §1.2 tables (B5 → B6).
const day0: BasisDay = { date: "2026-02-05", constantMaturity: { "30": 0.034424, "60": 0.037393, "90": 0.039861, "120": 0.041587 } };
const day1: BasisDay = { date: "2026-02-06", constantMaturity: { "30": 0.082129, "60": 0.06996, "90": 0.062691, "120": 0.059335 } };

describe("basisJumps", () => {
  it("B7: 30 d +4.77 pp flagged; 60 d +3.26 pp flagged; 90 d +2.28 and 120 d +1.77 pp not flagged by the 3 pp rule; inversion flagged", () => {
    const r = basisJumps([day0, day1]);
    expect(r.jumps.map((j) => j.tenor)).toEqual([30, 60]);
    const ch = Object.fromEntries(r.changes.filter((c) => c.date === "2026-02-06").map((c) => [c.tenor, c.change]));
    expect(ch[30]).toBeCloseTo(4.7705, 10);
    expect(ch[120]).toBeCloseTo(1.7748, 10);
    expect(r.jumps[0]!.rules).toEqual(["change"]);
    expect(r.jumps[0]!.zScore).toBeNull(); // no history for a z-score
    expect(r.inversions).toEqual([{ date: "2026-02-06", short: 30, long: 120, shortBasis: 0.082129, longBasis: 0.059335 }]);
  });
  it("a calm day (every tenor within ±0.3 pp) flags nothing", () => {
    const calm: BasisDay = { date: "2026-02-07", constantMaturity: { "30": 0.0355, "60": 0.0372, "90": 0.0401, "120": 0.0413 } };
    const r = basisJumps([day0, calm]);
    expect(r.jumps).toEqual([]);
    expect(r.inversions).toEqual([]);
  });
  it("z-score against the trailing window (sample sd, jstat), computed by hand", () => {
    // 30-day changes (pp): +0.1, −0.2, +0.15, +0.05, −0.1, then +1.0.
    // window mean = 0; sd = sqrt((0.01 + 0.04 + 0.0225 + 0.0025 + 0.01)/4) = sqrt(0.02125) = 0.145774…
    // z = 1.0 / 0.145774 = 6.85994…  → flagged by z although the change is only 1 pp
    const b = [0.03, 0.031, 0.029, 0.0305, 0.031, 0.03, 0.04];
    const days = b.map((x, i) => ({ date: `d${i}`, constantMaturity: { "30": x } }));
    const r = basisJumps(days);
    const last = r.changes.at(-1)!;
    expect(last.zScore).toBeCloseTo(1 / Math.sqrt(0.02125), 9);
    expect(r.jumps.map((j) => [j.date, j.rules])).toEqual([["d6", ["z"]]]);
    // d5 has 4 previous changes (fewer than the 5 required): no z
    expect(r.changes.find((c) => c.date === "d5")!.zScore).toBeNull();
    // a window of 3 keeps the last three previous changes: +0.15, +0.05, −0.1 → mean 1/30, sd 0.125830…
    const w3 = basisJumps(days, {}, { window: 3, minWindow: 3 }).changes.at(-1)!;
    expect(w3.zScore).toBeCloseTo((1 - 0.1 / 3) / Math.sqrt(((0.15 - 0.1 / 3) ** 2 + (0.05 - 0.1 / 3) ** 2 + (-0.1 - 0.1 / 3) ** 2) / 2), 9);
  });
  it("pairs a jump with CME and Binance OI: a drop the day before reads as an unwind, a rise as a rebuild", () => {
    const cme = [{ date: "2026-02-04", coin: 150000, usd: NaN }, { date: "2026-02-05", coin: 130000, usd: NaN }, { date: "2026-02-06", coin: 141000, usd: NaN }];
    const binance = [{ date: "2026-02-04", coin: 90000, usd: NaN }, { date: "2026-02-05", coin: 81000, usd: NaN }, { date: "2026-02-06", coin: 82620, usd: NaN }];
    const j = basisJumps([day0, day1], { cme, binance }).jumps[0]!;
    expect(j.oiChange.cmePreviousDay!.pct).toBeCloseTo(-13.3333333, 6);
    expect(j.oiChange.cme!.pct).toBeCloseTo(8.4615385, 6);
    expect(j.oiChange.binance!.pct).toBeCloseTo(2, 10);
    expect(j.oiChange.divergencePct).toBeCloseTo(6.4615385, 6);
    expect(j.readings).toEqual([
      "basis-trade unwind: CME OI −13.3% on 2026-02-05",
      "basis-trade rebuild: CME OI +8.5% on 2026-02-06 (Binance +2.0%)",
    ]);
  });
  it("oiChanges: coin change and percent; USD when coin is unknown", () => {
    expect(oiChanges([{ date: "a", coin: NaN, usd: 100 }, { date: "b", coin: NaN, usd: 90 }]).b!.pct).toBeCloseTo(-10, 12);
  });
});
