/**
 * The option embedded in a structured note, and its greeks per share-equivalent, by the engine
 * that prices it exactly or, where that is measured to make no difference, faster.
 *
 * A note whose principal is at risk below a knock-in barrier pays at maturity, per share-equivalent
 * (notional / initial level), the initial level minus a down-and-in put: strike K = strikePct ×
 * initial, barrier H = barrierLevel, payoff fixed at the final valuation close and paid at maturity
 * (discounted from one to the other). The holder is short that put; the issuer is long it and hedges
 * by holding the underlying. Notes with coupons or autocalls are priced whole (`valuation.ts`); this
 * module prices the put alone.
 *
 * Engines (the `engine` label every output carries):
 *
 * | label | when | method |
 * |---|---|---|
 * | `closed-form` | final observation; continuous observation | vanilla + cash-or-nothing decomposition (`barrierFinal.ts`); Reiner–Rubinstein |
 * | `exact` | daily: at most {@link EXACT_MAX_DATES} closes left, or spot within {@link EXACT_NEAR_STEPS}·σ√Δt of the barrier | backward induction on every remaining close (`discreteBarrier.ts`) |
 * | `bgk` | daily elsewhere | Broadie–Glasserman–Kou continuity correction, Δt the closes' mean spacing |
 * | `vanilla` | knocked in, or a daily/continuous note at a spot at or below its barrier | Black–Scholes–Merton put struck at K |
 *
 * "Daily" means every trading-day close (Monday to Friday; `schedule.ts`), the dates themselves —
 * not an average interval. Measured errors of the switch (`test/notes/embedded.test.ts`, vol 25–90%,
 * barriers 50–85% of the strike, r = q = 0): where BGK is used, within 0.1% of the strike on the
 * price and 0.02 on the delta; next to the barrier BGK is off by up to 30% on the delta (a 20-day
 * note, spot on the barrier), which is why the knock-in unwind — the delta just above the barrier —
 * always comes from `exact` for daily notes. (The engine's `exactSteps` tail, exact over the next
 * dates and BGK beyond, is not used: its BGK tail leaves up to 2% on that delta.)
 *
 * Units: delta is shares of underlying per share-equivalent, gamma per USD of spot per
 * share-equivalent, vanna per 1.00 of vol, charm per year; prices in USD per share (DESIGN.md).
 *
 * @module
 */
import type { NoteTerms } from "../data/noteTerms.js";
import { YEAR_MS } from "../data/time.js";
import { barrierGreeks } from "../options/barrierGreeks.js";
import { DOWN_IN, MONITOR_CONTINUOUS, MONITOR_FINAL } from "../options/barrierTerms.js";
import { bsmGreeks } from "../options/bsm.js";
import { discreteBarrierGreeksAt } from "../options/discreteBarrier.js";
import { emptyGreeks, type Greeks } from "../options/greeks.js";
import type { NoteEvent } from "./schedule.js";

/** Trading-day closes per year: the BGK step of `gexray price --monitoring daily` is 1/252 year. */
export const TRADING_DAYS_PER_YEAR = 252;

/** Calendar days between daily observations, on average: 365 / 252. */
export const DAILY_INTERVAL_DAYS = 365 / TRADING_DAYS_PER_YEAR;

/** Exact induction when at most this many closes remain… */
export const EXACT_MAX_DATES = 40;
/** … or, with more left, when spot is within this many σ√Δt of the barrier. */
export const EXACT_NEAR_STEPS = 4;

/** Which engine priced a note (module notes). */
export type NoteEngine = "closed-form" | "exact" | "bgk" | "lattice" | "vanilla";

/** Every {@link NoteEngine}, for tables and counts. */
export const NOTE_ENGINES: readonly NoteEngine[] = ["closed-form", "exact", "bgk", "lattice", "vanilla"];

/** Put = −1 in the kernels' call/put sign. */
const PUT = -1;

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

/** Market inputs of the embedded put. */
export interface PutMarket {
  /** the note's remaining event dates from the as-of instant (`noteEvents`); the last is the final valuation */
  events: readonly NoteEvent[];
  /** volatility, decimal per √year, > 0 */
  vol: number;
  /** continuous rate, decimal per year; default 0 */
  rate?: number;
  /** continuous yield of the underlying, decimal per year; default 0 */
  dividend?: number;
  /** the barrier has already been breached (daily/continuous notes): the put is the vanilla struck at K */
  knockedIn?: boolean;
}

/** The put's greeks at one spot and the engine that priced them. */
export interface PricedPut {
  engine: NoteEngine;
  greeks: Greeks;
}

/**
 * The engine the switch rule (module notes) picks for a plain note's put at a spot.
 *
 * @example
 * // SYN-MS-251203-A of the sample book (daily, barrier 38.325), 2026-02-03 close, 344 closes left
 * putEngine(ms, { events: noteEvents(ms, closeInstant("2026-02-03")), vol: 0.55 }, 44.59); // "bgk"
 */
export function putEngine(note: NoteTerms, m: PutMarket, spot: number): NoteEngine {
  if (m.knockedIn) return "vanilla";
  if (note.observation === "final") return "closed-form";
  if (spot <= note.barrierLevel) return "vanilla";
  if (note.observation === "continuous") return "closed-form";
  const n = m.events.length;
  if (n <= EXACT_MAX_DATES) return "exact";
  const T = m.events[n - 1]!.time;
  const steps = Math.log(spot / note.barrierLevel) / (m.vol * Math.sqrt(T / n));
  return steps <= EXACT_NEAR_STEPS ? "exact" : "bgk";
}

/**
 * Price and greeks of a note's embedded down-and-in put at several spots, per share-equivalent,
 * each with its engine (module notes). Knocked-in notes, and daily or continuous notes at spots at
 * or below the barrier, are the vanilla put struck at K. All twelve greeks except, from the exact
 * engines, rho (NaN: not needed here, saves two inductions). With no events left (matured), NaN.
 *
 * @param note - validated terms
 * @param m - events, vol, rate, dividend, knock-in state
 * @param spots - USD per share (> 0)
 * @param vanna - compute vega, vanna, volga, zomma on the exact engines (two more inductions each); default true
 * @example
 * // SYN-GS-251110-A of the sample book (daily, barrier 43.80), 2026-02-03 close, 197 closes left
 * const [p] = embeddedPutAt(gs, { events: noteEvents(gs, closeInstant("2026-02-03")), vol: 0.55 }, [44.59]);
 * p.engine;       // "exact" (spot 0.5 σ√Δt above the barrier)
 * p.greeks.delta; // -0.6963032744734585
 */
export function embeddedPutAt(note: NoteTerms, m: PutMarket, spots: readonly number[], vanna = true): PricedPut[] {
  const out = spots.map((): PricedPut => ({ engine: "closed-form", greeks: emptyGreeks() }));
  const n = m.events.length;
  if (n === 0 || !(m.vol > 0)) return out;
  const K = embeddedStrike(note), H = note.barrierLevel;
  const r = m.rate ?? 0, q = m.dividend ?? 0;
  const T = m.events[n - 1]!.time;
  const times = m.events.map((e) => e.time);
  // fixed on the final valuation close, paid at maturity
  const pay = Math.exp(-r * Math.max(0, (note.maturityMs - note.finalValuationMs) / YEAR_MS));
  const exact: number[] = [];
  spots.forEach((S, i) => {
    const engine = putEngine(note, m, S);
    out[i]!.engine = engine;
    const g = out[i]!.greeks;
    switch (engine) {
      case "vanilla": bsmGreeks(PUT, S, K, T, m.vol, r, q, g); break;
      case "closed-form": barrierGreeks(DOWN_IN, PUT, S, K, H, 0, T, m.vol, r, q, note.observation === "final" ? MONITOR_FINAL : MONITOR_CONTINUOUS, g); break;
      case "bgk": barrierGreeks(DOWN_IN, PUT, S, K, H, 0, T, m.vol, r, q, T / n, g); break;
      default: exact.push(i);
    }
  });
  // one induction serves every spot the rule sends to the exact engine
  if (exact.length > 0) {
    discreteBarrierGreeksAt(DOWN_IN, PUT, exact.map((i) => spots[i]!), K, H, times, m.vol, r, q, exact.map((i) => out[i]!.greeks), { bumps: vanna ? "vol" : "none" });
  }
  if (pay !== 1) for (const p of out) for (const f of Object.keys(p.greeks) as (keyof Greeks)[]) p.greeks[f] *= pay;
  return out;
}

/** The delta jump of {@link knockInJump}, per share-equivalent. */
export interface KnockInJump {
  /** the live down-and-in put's delta with spot just above the barrier */
  above: number;
  /** the knocked-in put's delta (the vanilla put struck at K) with spot at the barrier */
  knockedIn: number;
  /** above − knockedIn: the change of the put's delta at the breach (≤ 0 for daily/continuous) */
  jump: number;
  /** the engine of `above` */
  engine: NoteEngine;
}

/**
 * The delta jump at a breach of the note's barrier, per share-equivalent: the live put's delta
 * with spot just above the barrier ({@link justAbove}) minus the knocked-in (vanilla, strike K)
 * put's delta at the barrier, with the events left in `m`. For daily notes the first comes from the
 * exact engine: BGK's delta is poorest exactly there.
 *
 * Daily and continuous observation: the put turns into the vanilla the moment a close is at or
 * below H, so this is a true jump; the issuer's hedge −delta × shares changes by −jump × shares at
 * once, i.e. jump × shares shares are **sold** (jump ≤ 0).
 *
 * Final observation: nothing happens when spot crosses H before the final valuation date (the
 * delta is continuous there). The same formula then measures the hedge the issuer holds at the
 * barrier beyond what the plain put struck at K would need: the barrier's digital part,
 * (K − H) × cash-or-nothing put, which the issuer sheds as spot settles below H. Far from maturity
 * it is small (and can be of either sign) and is traded gradually, carried by gamma; close to the
 * final date it grows without bound and becomes the jump of the final observation.
 *
 * @returns above, knockedIn, jump; all 0 when no event is left (nothing to unwind)
 * @example
 * knockInJump(gs, { events: noteEvents(gs, closeInstant("2026-02-03")), vol: 0.55 });
 * // { above: -0.7017194520150042, knockedIn: -0.6629463703418667, jump: -0.03877308167313753, engine: "exact" }
 * // (SYN-GS-251110-A of the sample book, daily)
 */
export function knockInJump(note: NoteTerms, m: Omit<PutMarket, "knockedIn">): KnockInJump {
  if (m.events.length === 0) return { above: 0, knockedIn: 0, jump: 0, engine: putEngine(note, m, justAbove(note.barrierLevel)) };
  const H = note.barrierLevel;
  const [a] = embeddedPutAt(note, { ...m, knockedIn: false }, [justAbove(H)], false);
  const [b] = embeddedPutAt(note, { ...m, knockedIn: true }, [H], false);
  return { above: a!.greeks.delta, knockedIn: b!.greeks.delta, jump: a!.greeks.delta - b!.greeks.delta, engine: a!.engine };
}
