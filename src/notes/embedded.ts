/**
 * The option embedded in a structured note, and its greeks per share-equivalent.
 *
 * A note whose principal is at risk below a knock-in barrier pays at maturity, per share-equivalent
 * (notional / initial level), the initial level minus a down-and-in put: strike K = strikePct ×
 * initial, barrier H = barrierLevel, expiry = the maturity (final valuation) close. The holder is
 * short that put; the issuer is long it and hedges by holding the underlying.
 *
 * Monitoring (the option core's styles, `options/barrier.ts`):
 *
 * | note observation | monitoring |
 * |---|---|
 * | `final` | `"final"`: S_T only (exact vanilla + digital decomposition) |
 * | `daily` | `{ intervalDays: 365/252 }`: one close per trading day, Broadie–Glasserman–Kou corrected |
 * | `continuous` | `"continuous"` (Reiner–Rubinstein) |
 *
 * Daily closes come about 252 times a year, so the BGK step is Δt = 1/252 year = 365/252 calendar
 * days in the option core's calendar-time convention (Δt = intervalDays / 365).
 *
 * Units: delta is shares of underlying per share-equivalent, gamma per USD of spot per
 * share-equivalent, vanna per 1.00 of vol; prices in USD per share (DESIGN.md raw greeks).
 *
 * @module
 */
import type { NoteTerms, Observation } from "../data/noteTerms.js";
import { barrierGreeks } from "../options/barrierGreeks.js";
import { DOWN_IN, MONITOR_CONTINUOUS, MONITOR_FINAL, type Monitoring } from "../options/barrierTerms.js";
import { bsmGreeks } from "../options/bsm.js";
import { emptyGreeks, type Greeks } from "../options/greeks.js";

/** Trading-day closes per year assumed for daily observation. */
export const TRADING_DAYS_PER_YEAR = 252;

/** Calendar days between daily observations, on average: 365 / 252. */
export const DAILY_INTERVAL_DAYS = 365 / TRADING_DAYS_PER_YEAR;

/** Put = −1 in the kernels' call/put sign. */
const PUT = -1;

/**
 * The option core's monitoring style for a note's observation.
 *
 * @example
 * noteMonitoring("daily"); // { intervalDays: 1.4484126984126984 }
 * noteMonitoring("final"); // "final"
 */
export function noteMonitoring(observation: Observation): Monitoring {
  switch (observation) {
    case "final": return "final";
    case "continuous": return "continuous";
    case "daily": return { intervalDays: DAILY_INTERVAL_DAYS };
  }
}

/** Kernel `monitor` code of an observation: −1 final, 0 continuous, 1/252 years daily. */
export function monitorOf(observation: Observation): number {
  return observation === "final" ? MONITOR_FINAL : observation === "continuous" ? MONITOR_CONTINUOUS : 1 / TRADING_DAYS_PER_YEAR;
}

/**
 * The note's share-equivalent: notional / initial level, the number of underlying shares its
 * principal stands for.
 *
 * @example
 * shareEquivalent({ notionalUsd: 100_000_000, initialLevel: 60 }); // 1666666.6666666667
 */
export function shareEquivalent(note: Pick<NoteTerms, "notionalUsd" | "initialLevel">): number {
  return note.notionalUsd / note.initialLevel;
}

/**
 * The embedded put's strike, USD per share: strikePct × initial level.
 *
 * @example
 * embeddedStrike({ strikePct: 1, initialLevel: 60 }); // 60
 */
export function embeddedStrike(note: Pick<NoteTerms, "strikePct" | "initialLevel">): number {
  return note.strikePct * note.initialLevel;
}

/** Market inputs of the embedded put. */
export interface EmbeddedMarket {
  /** underlying price, USD per share (> 0) */
  spot: number;
  /** years to the maturity close (calendar, DESIGN.md), ≥ 0 */
  time: number;
  /** volatility, decimal per √year, ≥ 0 */
  vol: number;
  /** continuous rate, decimal per year; default 0 */
  rate?: number;
  /** continuous yield of the underlying, decimal per year; default 0 */
  dividend?: number;
  /**
   * the barrier has already been breached (daily/continuous notes): the put is the plain put
   * struck at K whatever the spot now
   */
  knockedIn?: boolean;
}

/**
 * Price and the twelve greeks of a note's embedded down-and-in put, per share-equivalent, in the
 * raw units of {@link Greeks}. A knocked-in put (or any put with spot at or below a daily or
 * continuous barrier) is the vanilla put struck at K. Never throws: NaN for invalid inputs
 * (the kernels' contract).
 *
 * @param note - validated terms
 * @param m - market inputs
 * @param out - record written and returned (default: a new one)
 * @example
 * const n = validateNoteTerms({ id: "N", issuer: "Bank", underlying: "IBIT", pricingDate: "2025-11-10",
 *   initialLevel: 60, barrierLevel: 43.6, observation: "daily", maturity: "2027-11-10", notionalUsd: 1e8 });
 * embeddedPutGreeks(n, { spot: 43.6 * (1 + 2 ** -52), time: 10 / 365, vol: 0.55 }).delta;
 * // -3.2588970963489623  (below −1: the issuer's hedge exceeds the share-equivalent)
 */
export function embeddedPutGreeks(note: NoteTerms, m: EmbeddedMarket, out: Greeks = emptyGreeks()): Greeks {
  const K = embeddedStrike(note);
  const r = m.rate ?? 0;
  const q = m.dividend ?? 0;
  if (m.knockedIn) return bsmGreeks(PUT, m.spot, K, m.time, m.vol, r, q, out);
  return barrierGreeks(DOWN_IN, PUT, m.spot, K, note.barrierLevel, 0, m.time, m.vol, r, q, monitorOf(note.observation), out);
}

/** The delta jump of {@link knockInJump}, per share-equivalent. */
export interface KnockInJump {
  /** the live down-and-in put's delta with spot just above the barrier */
  above: number;
  /** the knocked-in put's delta (the vanilla put struck at K) with spot at the barrier */
  knockedIn: number;
  /** above − knockedIn: the change of the put's delta at the breach (≤ 0 for daily/continuous) */
  jump: number;
}

/**
 * A spot "just above the barrier": H·(1 + ε) rounded, one or two ulps above H (any spot at or
 * below a daily or continuous barrier is a breach; the live formulas are continuous from above).
 *
 * @example
 * justAbove(43.6) > 43.6; // true
 * justAbove(43.6) - 43.6; // 7.105427357601002e-15 (one ulp of 43.6)
 */
export function justAbove(H: number): number {
  const up = H + H * Number.EPSILON;
  return up > H ? up : H + Number.MIN_VALUE;
}

/**
 * The delta jump at a breach of the note's barrier, per share-equivalent: the live put's delta
 * with spot just above the barrier ({@link justAbove}) minus the knocked-in (vanilla, strike K)
 * put's delta at the barrier, both with `time` years left.
 *
 * Daily and continuous observation: the put turns into the vanilla the moment a close (or a print)
 * is at or below H, so this is a true jump; the issuer's hedge −delta × shares changes by
 * −jump × shares at once, i.e. jump × shares shares are **sold** (jump ≤ 0).
 *
 * Final observation: nothing happens when spot crosses H before the final valuation date (the
 * delta is continuous there). The same formula then measures the hedge the issuer holds at the
 * barrier beyond what the plain put struck at K would need: the barrier's digital part,
 * (K − H) × cash-or-nothing put, which the issuer sheds as spot settles below H. Far from maturity
 * it is small (and can be of either sign) and is traded gradually, carried by gamma; close to the
 * final date it grows without bound and becomes the jump of the final observation.
 *
 * @param note - validated terms
 * @param m - time, vol, rate, dividend (spot is the barrier)
 * @returns above, knockedIn and jump; all 0 when time ≤ 0 (nothing left to unwind)
 * @example
 * knockInJump(n, { time: 10 / 365, vol: 0.55 });
 * // { above: -3.2588970963489623, knockedIn: -0.999731634481509, jump: -2.259165461867453 }
 */
export function knockInJump(note: NoteTerms, m: Omit<EmbeddedMarket, "spot" | "knockedIn">): KnockInJump {
  if (!(m.time > 0)) return { above: 0, knockedIn: 0, jump: 0 };
  const H = note.barrierLevel;
  const g = emptyGreeks();
  const above = embeddedPutGreeks(note, { ...m, spot: justAbove(H), knockedIn: false }, g).delta;
  const knockedIn = embeddedPutGreeks(note, { ...m, spot: H, knockedIn: true }, g).delta;
  return { above, knockedIn, jump: above - knockedIn };
}
