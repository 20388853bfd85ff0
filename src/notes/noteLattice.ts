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
 * spots; two grids (h, h/2) Richardson-extrapolated, as the discrete-barrier engine. The step from
 * now to the first date is held to the same rule at the spots: when it is shorter than the dates'
 * smallest step (an as-of instant during the trading day, hours before the next close), the values
 * at the first date are taken on a finer grid over the spots alone (cells h/k ≤ 0.7σ√τ₀, k whole,
 * the same breaks; reached from the main grid by one exact Gaussian step, `transitionTo`) instead
 * of refining the whole lattice: the last step's integral needs the cells below its σ√τ₀, the
 * daily steps do not. With k fixed across the Richardson pair the error keeps its h² expansion.
 * Continuous
 * knock-in observation is approximated by daily closes at the level moved toward spot by the
 * Broadie–Glasserman–Kou shift (H·e^{+βσ√Δt}): labelled so by the caller.
 *
 * @module
 */
import type { NoteTerms } from "../data/noteTerms.js";
import { YEAR_MS } from "../data/time.js";
import { BGK_BETA } from "../options/barrierTerms.js";
import {
  applyTransition, eventGrid, latticeJets, refineGrid, transition, transitionTo, type EventGrid, type Transition, type TransitionScratch,
} from "../options/eventLattice.js";
import { couponAmount, type NoteEvent } from "./schedule.js";

/** Cell width as a fraction of the smallest σ√Δt between event dates (as `DISCRETE_CELL_FACTOR`). */
export const NOTE_CELL_FACTOR = 0.7;
/** Grid reach beyond the spots, in σ√T. */
const REACH = 7;
/** The last step's reach at the spots, in its σ√τ₀ (the reach of `latticeJet`'s kernel). */
const LAST_STEP_SDS = 7;

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

/**
 * Arrays of one induction on one grid. The put's two layers are carried as Qi (knocked in) and
 * D = Qi − Qo (what not having knocked in yet is worth): a knock-in observation sets D to 0 at
 * and below the barrier, a call sets both to 0, and nothing else touches them. So P, C, B and Qi
 * change only on call and coupon dates and step straight from one such date to the previous
 * (the Gaussian steps compose exactly: a month in one step, not twenty daily ones), and only D steps
 * through every close; Qo = Qi − D at the first date.
 */
interface Legs {
  P: Float64Array;
  C: Float64Array;
  B: Float64Array;
  Qi: Float64Array;
  D: Float64Array;
}

const legs = (n: number): Legs => ({ P: new Float64Array(n), C: new Float64Array(n), B: new Float64Array(n), Qi: new Float64Array(n), D: new Float64Array(n) });

/**
 * The note's event rules on one grid. Conditions by segment: with k = (index of the level's break)
 * + 1, S ≥ level ⟺ seg ≥ k and S ≤ level ⟺ seg < k (the two slots of a break are the limits from
 * above and below); a level outside the grid compares positions.
 */
class Rules {
  private readonly kH: number;
  private readonly kA: number;
  private readonly kC: number;
  readonly F: number;
  private readonly K: number;
  private readonly amt: number;
  private readonly memory: boolean;
  readonly daily: boolean;

  constructor(private readonly g: EventGrid, note: NoteTerms, private readonly lv: Levels) {
    const segOf = (z: number) => {
      const j = Number.isFinite(z) ? g.breaks.findIndex((b) => Math.abs(b - z) < 1e-12) : -1;
      return j < 0 ? -1 : j + 1;
    };
    this.kH = segOf(lv.zH);
    this.kA = segOf(lv.zA);
    this.kC = segOf(lv.zC);
    this.F = note.initialLevel;
    this.K = note.strikePct * note.initialLevel;
    this.amt = couponAmount(note);
    this.memory = note.couponMemory === true;
    this.daily = note.observation !== "final";
  }

  private below(i: number, k: number, z: number): boolean {
    return k >= 0 ? this.g.seg[i]! < k : this.g.z[i]! <= z;
  }

  private atOrAbove(i: number, k: number, z: number): boolean {
    return k >= 0 ? this.g.seg[i]! >= k : this.g.z[i]! >= z;
  }

  /** The first slot above the knock-in barrier (the slots before it are at or below it). */
  aboveBarrier(): number {
    let i = 0;
    while (i < this.g.z.length && this.below(i, this.kH, this.lv.zH)) i++;
    return i;
  }

  /** The final valuation: principal, last coupon, the put's payoff, all paid at maturity (discount payDisc). */
  payoff(L: Legs, last: NoteEvent, payDisc: number): void {
    const { F, K, amt, lv } = this;
    for (let i = 0; i < this.g.z.length; i++) {
      const S = F * Math.exp(this.g.z[i]!);
      L.P[i] = F * payDisc;
      const paid = last.coupon && this.atOrAbove(i, this.kC, lv.zC);
      L.C[i] = paid ? amt * payDisc : 0;
      L.B[i] = paid ? amt * payDisc : 0;
      const put = K > S ? (K - S) * payDisc : 0;
      // at the last knock-in point the put is in where S ≤ H: the knocked-in layer pays it everywhere,
      // the other (Qo = Qi − D) only there
      L.Qi[i] = put;
      L.D[i] = this.below(i, this.kH, lv.zH) ? 0 : put;
    }
  }

  /** A call or coupon date's rules for P, C, B, Qi on the slots [from, to). */
  slowEvent(L: Legs, ev: NoteEvent, from: number, to: number): void {
    const { F, amt, memory, lv } = this;
    for (let i = from; i < to; i++) {
      const couponPaid = ev.coupon && this.atOrAbove(i, this.kC, lv.zC);
      if (ev.autocall && this.atOrAbove(i, this.kA, lv.zA)) {
        L.P[i] = F;
        L.C[i] = couponPaid ? amt : 0;
        L.B[i] = couponPaid ? amt : 0;
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
    }
  }

  /** A date's rules for D on the slots [from, to): 0 where called, and at or below the barrier on a knock-in date. */
  fastEvent(D: Float64Array, ev: NoteEvent, from: number, to: number): void {
    const knockIn = this.daily && ev.knockIn;
    for (let i = from; i < to; i++) {
      if ((ev.autocall && this.atOrAbove(i, this.kA, this.lv.zA)) || (knockIn && this.below(i, this.kH, this.lv.zH))) D[i] = 0;
    }
  }
}

/** Memory for the steps taken once (the engine is synchronous: one induction at a time). */
const scratch: TransitionScratch = { w: new Float64Array(0) };

/** Whether a date changes P, C, B and Qi (a call or coupon date). */
const slowDate = (ev: NoteEvent) => ev.autocall || ev.coupon;

/**
 * Backward induction on one grid (and, when given, the first date on the finer grid `first`);
 * returns the legs at the first event date (P, C, B, Qo, Qi) and the grid they are on.
 */
function induct(
  g: EventGrid, note: NoteTerms, events: readonly NoteEvent[], lv: Levels, m: NoteLatticeMarket, vol: number, zSpots: readonly [number, number],
  first: EventGrid | null,
): { L: Legs & { Qo: Float64Array }; grid: EventGrid } {
  const n = g.z.length;
  const r = m.rate, q = m.dividend;
  const last = events[events.length - 1]!;
  const payDisc = Math.exp(-r * Math.max(0, (note.maturityMs - note.finalValuationMs) / YEAR_MS));
  const memory = note.couponMemory === true;
  const withQo = (L: Legs) => ({ ...L, Qo: L.Qi.map((x, i) => x - L.D[i]!) });
  if (events.length === 1) {
    // the final valuation is the first date: its payoff straight on the grid the jets read
    const grid = first ?? g;
    const L = legs(grid.z.length);
    new Rules(grid, note, lv).payoff(L, last, payDisc);
    return { L: withQo(L), grid };
  }
  const rules = new Rules(g, note, lv);
  let L = legs(n);
  let W = legs(n);
  rules.payoff(L, last, payDisc);
  const kernels = new Map<number, Transition>();
  const drift = r - q - 0.5 * vol * vol;
  // one transition per step length to the millisecond, kept for the closes' repeated steps (1 or
  // 3 days, DST aside); a call/coupon date's step, of its own length, is built in scratch memory
  const step = (key: number, once = false) => {
    const tau = key / YEAR_MS;
    if (once && !kernels.has(key)) return transition(g, drift * tau, vol * Math.sqrt(tau), Math.exp(-r * tau), scratch);
    let t = kernels.get(key);
    if (!t) kernels.set(key, (t = transition(g, drift * tau, vol * Math.sqrt(tau), Math.exp(-r * tau))));
    return t;
  };
  const ms = (a: number, b: number) => Math.round((events[b]!.time - events[a]!.time) * YEAR_MS);
  // the dates each group steps through: every date for D, call and coupon dates for the rest (the
  // first date always, where the jets are read)
  const stop = first ? 1 : 0;
  const slowAt = (e: number) => e === 0 || slowDate(events[e]!);
  // the longest step of each group, from now (the spots' cone below)
  let maxFast = events[0]!.time, maxSlow = events[0]!.time;
  for (let e = 1, prev = 0; e < events.length; e++) {
    maxFast = Math.max(maxFast, events[e]!.time - events[e - 1]!.time);
    if (slowAt(e) || e === events.length - 1) {
      maxSlow = Math.max(maxSlow, events[e]!.time - events[prev]!.time);
      prev = e;
    }
  }
  const slotAt = (z: number) => {
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (g.z[mid]! < z) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // the spots' cone: at date e only slots within REACH·σ(√t_e + √Δt_max) of the spots (plus the
  // drift) can still reach them, Δt_max the group's longest step, so the others are not computed
  const cone = (e: number, maxStep: number): [number, number] => {
    const radius = REACH * vol * (Math.sqrt(events[e]!.time) + Math.sqrt(maxStep)) + Math.abs(drift) * events[e]!.time;
    return [Math.max(0, slotAt(zSpots[0] - radius) - 1), Math.min(n, slotAt(zSpots[1] + radius) + 1)];
  };
  const slow = (x: Legs) => (memory ? [x.P, x.C, x.B, x.Qi] : [x.P, x.C, x.Qi]);
  // on knock-in dates D is 0 at and below the barrier: those rows are not computed
  const above = rules.aboveBarrier();
  let slowFrom = events.length - 1, fastFrom = events.length - 1;
  for (let e = events.length - 2; e >= stop; e--) {
    const ev = events[e]!;
    if (slowAt(e)) {
      const [from, to] = cone(e, maxSlow);
      applyTransition(step(ms(e, slowFrom), true), slow(L), slow(W), from, to);
      [L.P, W.P] = [W.P, L.P];
      [L.C, W.C] = [W.C, L.C];
      [L.B, W.B] = [W.B, L.B];
      [L.Qi, W.Qi] = [W.Qi, L.Qi];
      rules.slowEvent(L, ev, from, to);
      slowFrom = e;
    }
    const [from, to] = cone(e, maxFast);
    const skip = rules.daily && ev.knockIn ? Math.min(Math.max(from, above), to) : from;
    W.D.fill(0, from, skip);
    applyTransition(step(ms(e, fastFrom)), [L.D], [W.D], skip, to);
    [L.D, W.D] = [W.D, L.D];
    rules.fastEvent(L.D, ev, from, to);
    fastFrom = e;
  }
  if (!first) return { L: withQo(L), grid: g };
  // the first date on the finer grid: one exact step from each group's last date
  const to = (a: number) => {
    const tau = ms(0, a) / YEAR_MS;
    return transitionTo(g, first, drift * tau, vol * Math.sqrt(tau), Math.exp(-r * tau), scratch);
  };
  const F0 = legs(first.z.length);
  applyTransition(to(slowFrom), slow(L), slow(F0));
  applyTransition(to(fastFrom), [L.D], [F0.D]);
  const r0 = new Rules(first, note, lv);
  r0.slowEvent(F0, events[0]!, 0, first.z.length);
  r0.fastEvent(F0.D, events[0]!, 0, first.z.length);
  return { L: withQo(F0), grid: first };
}

/**
 * The grids of one note's lattice: the main grid, and the finer grid of the first date over the
 * spots when the step from now is shorter than the dates' smallest step (module notes).
 */
export interface NoteGrid {
  grid: EventGrid;
  /** the first date's grid (cells h/k, the same breaks) over the spots, or null when the main grid's cells fit the first step */
  first: EventGrid | null;
}

/** Options of {@link noteGrid}. */
export interface NoteGridOptions {
  /** cell width / smallest σ√Δt; default {@link NOTE_CELL_FACTOR} (tests refine it) */
  cellFactor?: number;
  /** rate − dividend, decimal per year (the first step's drift, for the first grid's reach); default 0 */
  carry?: number;
}

/**
 * The grids for the spots: breaks, reach and cells (module notes).
 *
 * @param note - validated terms; events - from `noteEvents` (non-empty)
 * @param spots - the underlying prices the lattice is to be read at, USD per share (> 0)
 * @param vol - decimal per √year (> 0)
 * @example
 * // SYN-RBC-250919-A at 14:00 UTC on 2026-02-04, seven hours before the close
 * const { grid, first } = noteGrid(rbc, noteEvents(rbc, Date.UTC(2026, 1, 4, 14)), [41.47], 0.49);
 * grid.z.length;   // 313 slots, cells 0.7 of the daily σ√Δt
 * first?.z.length; // 47 slots over the spot, cells half as wide (0.7 of σ√7h or less)
 */
export function noteGrid(note: NoteTerms, events: readonly NoteEvent[], spots: readonly number[], vol: number, opts: NoteGridOptions = {}): NoteGrid & { lv: Levels } {
  const cellFactor = opts.cellFactor ?? NOTE_CELL_FACTOR;
  const lv = levels(note, events, vol);
  const T = events[events.length - 1]!.time;
  let gap = Infinity;
  for (let i = 1; i < events.length; i++) gap = Math.min(gap, events[i]!.time - events[i - 1]!.time);
  const [zmin, zmax] = spotRange(note, spots);
  const reach = REACH * vol * Math.sqrt(T);
  const h = Math.min(cellFactor * vol * Math.sqrt(gap), (vol * Math.sqrt(T)) / 16);
  const grid = eventGrid(lv.breaks, zmin - reach, zmax + reach, h);
  const tau0 = events[0]!.time;
  const h0 = cellFactor * vol * Math.sqrt(tau0);
  if (!(h > h0)) return { grid, first: null, lv };
  // the first date's grid: whole k, cells h/k ≤ h0, over the spots and the last step's reach (the
  // jet's 7 standard deviations, the drift, and a coarse cell to spare)
  const k = Math.ceil(h / h0 - 1e-9);
  const r0 = LAST_STEP_SDS * vol * Math.sqrt(tau0) + Math.abs(((opts.carry ?? 0) - 0.5 * vol * vol) * tau0) + h;
  const zs = grid.z;
  const first = eventGrid(lv.breaks, Math.max(zs[0]!, zmin - r0), Math.min(zs[zs.length - 1]!, zmax + r0), h / k, { origin: grid.origin, cell: grid.cell / k });
  return { grid, first, lv };
}

/** The legs' jets at the spots on one grid (no extrapolation). */
function legsOnGrid(g: NoteGrid, note: NoteTerms, events: readonly NoteEvent[], lv: Levels, spots: readonly number[], m: NoteLatticeMarket, zSpots: readonly [number, number]): LegJets[] {
  const { L, grid } = induct(g.grid, note, events, lv, m, m.vol, zSpots, g.first);
  const tau0 = events[0]!.time;
  const mu = (m.rate - m.dividend - 0.5 * m.vol * m.vol) * tau0, s = m.vol * Math.sqrt(tau0), D = Math.exp(-m.rate * tau0);
  if (g.first) {
    // the spots' last step must lie inside the first date's grid
    const z = g.first.z, lo = zSpots[0] + mu - LAST_STEP_SDS * s, hi = zSpots[1] + mu + LAST_STEP_SDS * s;
    if (lo < z[0]! || hi > z[z.length - 1]!) throw new RangeError(`spots ${Math.exp(zSpots[0]) * note.initialLevel}…${Math.exp(zSpots[1]) * note.initialLevel} outside the note grid's first-date range`);
  }
  // the legs at each spot share the cells' Gaussian moments (one pass over the cells per spot)
  const memory = m.missedCoupons > 0 && note.couponMemory === true;
  const Vs = memory ? [L.P, L.C, L.Qo, L.Qi, L.B] : [L.P, L.C, L.Qo, L.Qi];
  return spots.map((S) => {
    const c = Math.log(S / note.initialLevel) + mu;
    const [principal, coupons, qo, qi, b] = latticeJets(grid, Vs, c, s, D, Vs.map(() => new Float64Array(5)));
    if (b) for (let k = 0; k < 5; k++) coupons![k] += m.missedCoupons * b[k]!;
    return { principal: principal!, coupons: coupons!, put: m.knockedIn ? qi! : qo!, putKnockedIn: qi! };
  });
}

function spotRange(note: NoteTerms, spots: readonly number[]): [number, number] {
  const zs = spots.map((S) => Math.log(S / note.initialLevel));
  return [Math.min(...zs), Math.max(...zs)];
}

/** The same grids with every cell halved (the fine half of the Richardson pair; k unchanged). */
function refineNoteGrid(g: NoteGrid): NoteGrid {
  return { grid: refineGrid(g.grid), first: g.first && refineGrid(g.first) };
}

/**
 * The z-jets of the note's legs at each spot (module notes), Richardson-extrapolated over two
 * grids. `grid` fixes the grids (so that bumped volatilities reuse them); by default they are built
 * for the spots at `m.vol`.
 *
 * @param note - validated terms; events - from `noteEvents` (non-empty)
 * @param spots - underlying prices, USD per share (> 0)
 * @returns one {@link LegJets} per spot
 * @throws RangeError when `grid` has a first-date grid that does not cover the spots
 * @example
 * const legs = noteLegJets(note, noteEvents(note, asOfMs), [44.59], { asOfMs, vol: 0.55, rate: 0, dividend: 0, knockedIn: false, missedCoupons: 0 });
 * legs[0].coupons[0]; // 3.148995964348155: SYN-RBC-250919-A's coupons still to come, USD per share-equivalent
 */
export function noteLegJets(
  note: NoteTerms, events: readonly NoteEvent[], spots: readonly number[], m: NoteLatticeMarket, grid?: NoteGrid,
): LegJets[] {
  return noteLegJetsAndCoarse(note, events, spots, m, grid).jets;
}

/**
 * {@link noteLegJets} and the coarse grid's own jets (the first half of the Richardson pair), to
 * see the extrapolation's size (not for volatility bumps: {@link noteLegJetsOnGrid}).
 *
 * @example
 * const { jets, coarse } = noteLegJetsAndCoarse(note, events, [44.59], m, grid);
 */
export function noteLegJetsAndCoarse(
  note: NoteTerms, events: readonly NoteEvent[], spots: readonly number[], m: NoteLatticeMarket, grid?: NoteGrid,
): { jets: LegJets[]; coarse: LegJets[] } {
  const g0 = grid ?? noteGrid(note, events, spots, m.vol, { carry: m.rate - m.dividend });
  const lv = levels(note, events, m.vol);
  const zSpots = spotRange(note, spots);
  const a = legsOnGrid(g0, note, events, lv, spots, m, zSpots);
  const b = legsOnGrid(refineNoteGrid(g0), note, events, lv, spots, m, zSpots);
  const rx = (u: Float64Array, v: Float64Array) => u.map((ui, k) => (4 * v[k]! - ui) / 3);
  const jets = a.map((x, j) => {
    const y = b[j]!;
    return { principal: rx(x.principal, y.principal), coupons: rx(x.coupons, y.coupons), put: rx(x.put, y.put), putKnockedIn: rx(x.putKnockedIn, y.putKnockedIn) };
  });
  return { jets, coarse: a };
}

/**
 * The same jets on the given grids alone (no Richardson). Not for volatility bumps: the grid's
 * error moves with σ (its cells against σ√Δt), so a vanna differenced on one grid alone was 0.2–8.7%
 * off the extrapolated one on the sample's autocallables; `valuation.ts` differences
 * {@link noteLegJets} instead.
 *
 * @throws RangeError when `grid` has a first-date grid that does not cover the spots
 * @example
 * const g = noteGrid(note, events, [44.59], 0.55);
 * noteLegJetsOnGrid(note, events, [44.59], { ...m, vol: 0.55 * (1 + 1e-4) }, g);
 */
export function noteLegJetsOnGrid(note: NoteTerms, events: readonly NoteEvent[], spots: readonly number[], m: NoteLatticeMarket, grid: NoteGrid): LegJets[] {
  return legsOnGrid(grid, note, events, levels(note, events, m.vol), spots, m, spotRange(note, spots));
}
