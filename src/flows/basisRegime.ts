/**
 * Basis-trade unwinds as a regime on the forced-flow map's timeline, not as a price level
 * (docs/forced-flows.md §1.3, §6.1): a basis trade is long spot or ETF and short CME futures; when
 * the basis jumps and CME open interest falls the same or the previous day, the shorts are bought
 * back and the spot side is sold. Sized as an upper bound: spot sold ≈ the CME open-interest drop
 * in coin (some of the drop is outright longs closing, which sells no spot), valued at that day's
 * spot.
 *
 * @module
 */
import type { BasisJump } from "../futures/jumps.js";

/** One day of the regime. */
export interface BasisRegimeDay {
  /** "YYYY-MM-DD" */
  date: string;
  /** the tenor whose jump flagged the day, days */
  tenor: number;
  /** its basis change, percentage points */
  change: number;
  /** the CME OI change the day is paired with, coin (negative = a drop), and which day it was */
  cmeOiChange: number;
  cmeOiDay: "same" | "previous";
  /** UPPER BOUND of spot sold by the unwind, coin (−CME OI change) */
  spotSold: number;
  /** the same in USD at `spot` */
  spotSoldUsd: number;
  /** the day's spot, USD per coin */
  spot: number;
}

/**
 * The basis-trade unwind days: flagged basis jumps with a CME open-interest drop of at least
 * `oiPct` percent the same or the previous day. One entry per day (its largest jump).
 *
 * @param jumps - basis jumps (futures/jumps.ts basisJumps), with their OI changes
 * @param spotOf - each date's spot, USD per coin
 * @param oiPct - the CME OI drop that reads as an unwind, percent (default 5, as basisJumps)
 * @param untilDate - the last date to include ("YYYY-MM-DD"; the map's as-of date: nothing later)
 * @example
 * // the shipped sample: the 30-day basis +5.70 pp on 2026-02-06 after CME OI fell 13% on the 5th
 * basisRegime(a.jumps!, (d) => spot[d], 5)[0]!.date; // "2026-02-06"
 */
export function basisRegime(
  jumps: readonly BasisJump[], spotOf: (date: string) => number | undefined, oiPct = 5, untilDate = "9999-12-31",
): BasisRegimeDay[] {
  const byDate = new Map<string, BasisRegimeDay>();
  for (const j of jumps) {
    if (j.date > untilDate) continue;
    const same = j.oiChange.cme;
    const prev = j.oiChange.cmePreviousDay;
    const pick = same && same.pct <= -oiPct && Number.isFinite(same.coin) ? { c: same, day: "same" as const }
      : prev && prev.pct <= -oiPct && Number.isFinite(prev.coin) ? { c: prev, day: "previous" as const } : null;
    if (!pick) continue;
    const spot = spotOf(j.date);
    if (!(spot! > 0)) continue;
    const row: BasisRegimeDay = {
      date: j.date, tenor: j.tenor, change: j.change, cmeOiChange: pick.c.coin, cmeOiDay: pick.day,
      spotSold: -pick.c.coin, spotSoldUsd: -pick.c.coin * spot!, spot: spot!,
    };
    const have = byDate.get(j.date);
    if (!have || Math.abs(row.change) > Math.abs(have.change)) byDate.set(j.date, row);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}
