/**
 * The whole note the issuer hedges, priced on the event lattice (`options/eventLattice.ts`):
 * contingent coupons (with or without memory), the autocall schedule, and the knock-in put
 * observed at every close or only at the final valuation, by backward induction over the note's
 * remaining event dates (`schedule.ts`).
 *
 * Per share-equivalent (face amount F = initial level, notional / F share-equivalents), the note
 * pays:
 * - **principal** F when called (on the autocall date), else F at maturity;
 * - **coupons**: on each coupon date not after the call, the period's coupon when the close is at
 *   or above the coupon barrier (with memory, plus every coupon missed since the last one paid);
 * - minus the **knock-in put** (K − S_T)⁺ at maturity when the note was not called and has knocked in
 *   (a close at or below H on an observation date; final observation: S_T ≤ H), K = strike × initial.
 *
 * The three legs are linear in their cash flows and share the call rule, so each is its own array
 * on the lattice: principal P, coupons C, the value B of one carried missed coupon (memory), and the
 * put in two layers — Q_out (not yet knocked in) and Q_in (knocked in: the put struck at K, still
 * cancelled by a call). At a knock-in observation, Q_out takes Q_in's values where S ≤ H (final
 * observation: only at the final valuation). With n coupons missed so far, the coupon leg is C + n·B.
 * Payoffs fixed on the final valuation date are discounted to maturity.
 *
 * Grid: z = ln(S / initial), breaks at the barrier, coupon barrier, autocall level and strike;
 * cells 0.7 of the smallest σ√Δt between event dates (at most σ√T / 16), reaching 7σ√T beyond the
 * spots; two grids (h, h/2) Richardson-extrapolated, as the discrete-barrier engine. Continuous
 * knock-in observation is approximated by daily closes at the level moved toward spot by the
 * Broadie–Glasserman–Kou shift (H·e^{+βσ√Δt}): labelled so by the caller.
 *
 * @module
 */
import type { NoteTerms } from "../data/noteTerms.js";
import { YEAR_MS } from "../data/time.js";
import { BGK_BETA } from "../options/barrierTerms.js";
import { applyTransition, eventGrid, latticeJet, refineGrid, transition, type EventGrid, type Transition } from "../options/eventLattice.js";
import { couponAmount, type NoteEvent } from "./schedule.js";

/** Cell width as a fraction of the smallest σ√Δt between event dates (as `DISCRETE_CELL_FACTOR`). */
export const NOTE_CELL_FACTOR = 0.7;
/** Grid reach beyond the spots, in σ√T. */
const REACH = 7;

/** z-jets [V, V_z, V_zz, V_zzz, V_zzzz] of each leg at one spot, per share-equivalent (z = ln S). */
export interface LegJets {
  /** principal: F at the call or at maturity */
  principal: Float64Array;
  /** coupons still to come, with the ones missed so far (memory) */
  coupons: Float64Array;
  /** the knock-in put given the state now (knocked in or not) */
  put: Float64Array;
  /** the knock-in put as if knocked in now (for the delta jump at a breach) */
  putKnockedIn: Float64Array;
}

/** Market and state for {@link noteLegJets}. */
export interface NoteLatticeMarket {
  /** as-of instant, ms since epoch (the event times are measured from it) */
  asOfMs: number;
  /** volatility, decimal per √year (> 0) */
  vol: number;
  /** continuous rate and yield, decimal per year */
  rate: number;
  dividend: number;
  /** the knock-in has happened already */
  knockedIn: boolean;
  /** coupons missed since the last one paid (memory) */
  missedCoupons: number;
}

interface Levels {
  breaks: number[];
  zH: number;
  zA: number;
  zC: number;
  zK: number;
}

function levels(note: NoteTerms, events: readonly NoteEvent[], vol: number): Levels {
  let zH = Math.log(note.barrierPct);
  if (note.observation === "continuous" && events.length > 1) {
    // continuous monitoring ≈ daily closes at a level moved toward spot (BGK, inverted)
    const dt = events[events.length - 1]!.time / events.length;
    zH += BGK_BETA * vol * Math.sqrt(dt);
  }
  const zA = note.autocallLevelPct === undefined ? Infinity : Math.log(note.autocallLevelPct);
  const zC = note.couponRatePa === undefined ? Infinity : note.couponBarrierPct === undefined ? -Infinity : Math.log(note.couponBarrierPct);
  const zK = Math.log(note.strikePct);
  const breaks = [zH, zK, zA, zC].filter((z) => Number.isFinite(z));
  return { breaks, zH, zA, zC, zK };
}

/** Arrays of one induction on one grid. */
interface Legs {
  P: Float64Array;
  C: Float64Array;
  B: Float64Array;
  Qo: Float64Array;
  Qi: Float64Array;
}

/**
 * Backward induction on one grid; returns the legs at the first event date.
 */
function induct(
  g: EventGrid, note: NoteTerms, events: readonly NoteEvent[], lv: Levels, m: NoteLatticeMarket, vol: number, zSpots: readonly [number, number],
): Legs {
  const n = g.z.length;
  const F = note.initialLevel;
  const K = note.strikePct * F;
  const r = m.rate, q = m.dividend;
  const last = events[events.length - 1]!;
  const payDisc = Math.exp(-r * Math.max(0, (note.maturityMs - note.finalValuationMs) / YEAR_MS));
  const amt = couponAmount(note);
  const memory = note.couponMemory === true;
  const daily = note.observation !== "final";
  // conditions by segment: with k = (index of the level's break) + 1, S ≥ level ⟺ seg ≥ k and
  // S ≤ level ⟺ seg < k (the two slots of a break are the limits from above and below); a level
  // outside the grid compares positions
  const segOf = (z: number) => {
    const j = Number.isFinite(z) ? g.breaks.findIndex((b) => Math.abs(b - z) < 1e-12) : -1;
    return j < 0 ? -1 : j + 1;
  };
  const kH = segOf(lv.zH), kA = segOf(lv.zA), kC = segOf(lv.zC);
  const below = (i: number, k: number, z: number) => (k >= 0 ? g.seg[i]! < k : g.z[i]! <= z);
  const atOrAbove = (i: number, k: number, z: number) => (k >= 0 ? g.seg[i]! >= k : g.z[i]! >= z);
  let L: Legs = { P: new Float64Array(n), C: new Float64Array(n), B: new Float64Array(n), Qo: new Float64Array(n), Qi: new Float64Array(n) };
  let W: Legs = { P: new Float64Array(n), C: new Float64Array(n), B: new Float64Array(n), Qo: new Float64Array(n), Qi: new Float64Array(n) };
  // the final valuation: principal, last coupon, the put's payoff, all paid at maturity
  for (let i = 0; i < n; i++) {
    const S = F * Math.exp(g.z[i]!);
    L.P[i] = F * payDisc;
    const paid = last.coupon && atOrAbove(i, kC, lv.zC);
    L.C[i] = paid ? amt * payDisc : 0;
    L.B[i] = paid ? amt * payDisc : 0;
    const put = K > S ? (K - S) * payDisc : 0;
    // at the last knock-in point the put is in where S ≤ H: the knocked-in layer pays it everywhere
    L.Qi[i] = put;
    L.Qo[i] = below(i, kH, lv.zH) ? put : 0;
  }
  const kernels = new Map<number, Transition>();
  const drift = r - q - 0.5 * vol * vol;
  // the spots' cone: at date e only slots within REACH·σ(√t_e + √Δt_max) of the spots (plus the
  // drift) can still reach them, so the others are not computed
  let maxStep = events[0]!.time;
  for (let e = 1; e < events.length; e++) maxStep = Math.max(maxStep, events[e]!.time - events[e - 1]!.time);
  const slotAt = (z: number) => {
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (g.z[mid]! < z) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let e = events.length - 2; e >= 0; e--) {
    const ev = events[e]!;
    // one transition per step length to the millisecond (close-to-close: 1 or 3 days, DST aside)
    const key = Math.round((events[e + 1]!.time - ev.time) * YEAR_MS);
    const tau = key / YEAR_MS;
    let t = kernels.get(key);
    if (!t) kernels.set(key, (t = transition(g, drift * tau, vol * Math.sqrt(tau), Math.exp(-r * tau))));
    const ins = memory ? [L.P, L.C, L.B, L.Qo, L.Qi] : [L.P, L.C, L.Qo, L.Qi];
    const outs = memory ? [W.P, W.C, W.B, W.Qo, W.Qi] : [W.P, W.C, W.Qo, W.Qi];
    const radius = REACH * vol * (Math.sqrt(ev.time) + Math.sqrt(maxStep)) + Math.abs(drift) * ev.time;
    const from = Math.max(0, slotAt(zSpots[0] - radius) - 1), to = Math.min(n, slotAt(zSpots[1] + radius) + 1);
    applyTransition(t, ins, outs, from, to);
    const tmp = L;
    L = W;
    W = tmp;
    for (let i = from; i < to; i++) {
      const couponPaid = ev.coupon && atOrAbove(i, kC, lv.zC);
      if (ev.autocall && atOrAbove(i, kA, lv.zA)) {
        L.P[i] = F;
        L.C[i] = couponPaid ? amt : 0;
        L.B[i] = couponPaid ? amt : 0;
        L.Qo[i] = 0;
        L.Qi[i] = 0;
        continue;
      }
      if (ev.coupon) {
        if (couponPaid) {
          L.C[i] = amt + L.C[i]!;
          L.B[i] = amt;
        } else if (memory) {
          L.C[i] = L.C[i]! + L.B[i]!;
        }
      }
      if (daily && ev.knockIn && below(i, kH, lv.zH)) L.Qo[i] = L.Qi[i]!;
    }
  }
  return L;
}

/** The grid for the spots: breaks, reach and cell (module notes). */
export function noteGrid(note: NoteTerms, events: readonly NoteEvent[], spots: readonly number[], vol: number, cellFactor = NOTE_CELL_FACTOR): { grid: EventGrid; lv: Levels } {
  const lv = levels(note, events, vol);
  const T = events[events.length - 1]!.time;
  let gap = events[0]!.time;
  for (let i = 1; i < events.length; i++) gap = Math.min(gap, events[i]!.time - events[i - 1]!.time);
  const zs = spots.map((s) => Math.log(s / note.initialLevel));
  const reach = REACH * vol * Math.sqrt(T);
  const zlo = Math.min(...zs) - reach, zhi = Math.max(...zs) + reach;
  const h = Math.min(cellFactor * vol * Math.sqrt(gap), (vol * Math.sqrt(T)) / 16);
  return { grid: eventGrid(lv.breaks, zlo, zhi, h), lv };
}

/** The legs' jets at the spots on one grid (no extrapolation). */
function legsOnGrid(g: EventGrid, note: NoteTerms, events: readonly NoteEvent[], lv: Levels, spots: readonly number[], m: NoteLatticeMarket, zSpots: readonly [number, number]): LegJets[] {
  const L = induct(g, note, events, lv, m, m.vol, zSpots);
  const tau0 = events[0]!.time;
  const mu = (m.rate - m.dividend - 0.5 * m.vol * m.vol) * tau0, s = m.vol * Math.sqrt(tau0), D = Math.exp(-m.rate * tau0);
  return spots.map((S) => {
    const c = Math.log(S / note.initialLevel) + mu;
    const jet = (V: Float64Array) => latticeJet(g, V, c, s, D, new Float64Array(5));
    const coupons = jet(L.C);
    if (m.missedCoupons > 0 && note.couponMemory) {
      const b = jet(L.B);
      for (let k = 0; k < 5; k++) coupons[k] += m.missedCoupons * b[k]!;
    }
    const qi = jet(L.Qi);
    return { principal: jet(L.P), coupons, put: m.knockedIn ? qi : jet(L.Qo), putKnockedIn: qi };
  });
}

function spotRange(note: NoteTerms, spots: readonly number[]): [number, number] {
  const zs = spots.map((S) => Math.log(S / note.initialLevel));
  return [Math.min(...zs), Math.max(...zs)];
}

/**
 * The z-jets of the note's legs at each spot (module notes), Richardson-extrapolated over two
 * grids. `grid` fixes the grid (so that bumped volatilities reuse it); by default one is built for
 * the spots at `m.vol`.
 *
 * @param note - validated terms; events - from `noteEvents` (non-empty)
 * @param spots - underlying prices, USD per share (> 0)
 * @returns one {@link LegJets} per spot
 * @example
 * const legs = noteLegJets(note, noteEvents(note, asOfMs), [44.59], { asOfMs, vol: 0.55, rate: 0, dividend: 0, knockedIn: false, missedCoupons: 0 });
 * legs[0].coupons[0]; // 3.148995964348155: SYN-RBC-250919-A's coupons still to come, USD per share-equivalent
 */
export function noteLegJets(
  note: NoteTerms, events: readonly NoteEvent[], spots: readonly number[], m: NoteLatticeMarket, grid?: EventGrid,
): LegJets[] {
  return noteLegJetsAndCoarse(note, events, spots, m, grid).jets;
}

/**
 * {@link noteLegJets} and the coarse grid's own jets (the first half of the Richardson pair), for
 * callers that difference bumped coarse runs against it.
 *
 * @example
 * const { jets, coarse } = noteLegJetsAndCoarse(note, events, [44.59], m, grid);
 */
export function noteLegJetsAndCoarse(
  note: NoteTerms, events: readonly NoteEvent[], spots: readonly number[], m: NoteLatticeMarket, grid?: EventGrid,
): { jets: LegJets[]; coarse: LegJets[] } {
  const g0 = grid ?? noteGrid(note, events, spots, m.vol).grid;
  const lv = levels(note, events, m.vol);
  const zSpots = spotRange(note, spots);
  const a = legsOnGrid(g0, note, events, lv, spots, m, zSpots);
  const b = legsOnGrid(refineGrid(g0), note, events, lv, spots, m, zSpots);
  const rx = (u: Float64Array, v: Float64Array) => u.map((ui, k) => (4 * v[k]! - ui) / 3);
  const jets = a.map((x, j) => {
    const y = b[j]!;
    return { principal: rx(x.principal, y.principal), coupons: rx(x.coupons, y.coupons), put: rx(x.put, y.put), putKnockedIn: rx(x.putKnockedIn, y.putKnockedIn) };
  });
  return { jets, coarse: a };
}

/**
 * The same jets on the given grid alone (no Richardson): the cheap evaluation that volatility
 * bumps difference against each other on one grid (the discretization error largely cancels in
 * the difference).
 *
 * @example
 * const { grid } = noteGrid(note, events, [44.59], 0.55);
 * noteLegJetsOnGrid(note, events, [44.59], { ...m, vol: 0.55 * (1 + 1e-4) }, grid);
 */
export function noteLegJetsOnGrid(note: NoteTerms, events: readonly NoteEvent[], spots: readonly number[], m: NoteLatticeMarket, grid: EventGrid): LegJets[] {
  return legsOnGrid(grid, note, events, levels(note, events, m.vol), spots, m, spotRange(note, spots));
}
