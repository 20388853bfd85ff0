/**
 * Notes on the dealer profile: the issuers' embedded-put positions evaluated at every price of a
 * grid, in the units of the dealer profile (DESIGN.md), so that the two can be shown apart and
 * added.
 *
 * The issuer of a note is long its embedded down-and-in put, `shares` (notional / initial) of them,
 * and hedges it like a dealer long an option. So the sums are the dealer-profile sums with weight
 * W = +shares per note, at each grid price P (converted to the note's underlying, P_u):
 *
 *   gamma(P) = Σ W·Γ(P_u)·P_u²·0.01   USD of hedge-position delta change per 1% move
 *   vanna(P) = Σ W·vanna(P_u)·P_u·0.01 USD of delta change per +1 vol point
 *   charm(P) = Σ W·charm(P_u)·P_u/365  USD of delta change per calendar day
 *   delta(P) = Σ W·Δ(P_u)·P_u          the issuers' option delta in USD (as the dealer Profile's delta)
 *   deltaUnderlying(P) = Σ W·Δ(P_u)·u  the same in grid-underlying units
 *                                       (u converts shares to grid units: ratio for IBIT → BTC)
 *
 * the issuers' hedge being −delta, Δ the issuer's embedded options (the knock-in put, minus coupons
 * and the autocall's part for notes priced whole: `valuation.ts`), by the engine the switch rule
 * picks at each grid price (`embedded.ts`; `engines` lists them per note). Each note keeps its own
 * vol (sticky strike) and its remaining event dates at the as-of instant. A daily or continuous
 * note alive at the as-of instant is knocked in at grid prices at or below its barrier (the put is
 * the vanilla there: the profile shows the knock-in jump in delta); a knocked-in note is the vanilla
 * everywhere; pending, autocalled and matured notes contribute nothing. Dollar gamma and vanna are unit-free under a price mapping (a 1%
 * move of BTC is a 1% move of IBIT), so IBIT notes add straight onto a BTC dealer grid.
 *
 * @module
 */
import type { NoteTerms } from "../data/noteTerms.js";
import { shareEquivalent, type NoteEngine } from "./embedded.js";
import type { PricePath } from "./project.js";
import { missedCoupons, noteEvents } from "./schedule.js";
import { carriesPut, noteStatus } from "./status.js";
import { priceFactor, type UnderlyingMap } from "./underlyingMap.js";
import type { NoteValuations } from "./noteValuations.js";
import { valueNote } from "./valuation.js";

/** Options of {@link notesProfile}. */
export interface NotesProfileOptions {
  /** the as-of instant (the chain's snapshot), ms since epoch */
  asOfMs: number;
  /** volatility, decimal per √year: one for every note or one per note */
  vol: number | ((note: NoteTerms) => number);
  /** continuous rate, decimal per year; default 0 */
  rate?: number;
  /** continuous yield of the notes' underlying, decimal per year; default 0 */
  dividend?: number;
  /** the grid's underlying symbol (e.g. the chain's "BTC"); default: the notes' own underlying */
  gridUnderlying?: string;
  /** how notes on another underlying are expressed on the grid, e.g. IBIT:BTC=0.000568 */
  map?: UnderlyingMap;
  /** spot in GRID units (e.g. chain.spot); converted through the map, it decides knock-in status */
  spot?: number;
  /** daily closes of the notes' underlying (its own units), for knock-in and autocall status */
  history?: PricePath & { underlying?: string };
  /**
   * valuations shared with other calls (`noteValuations.ts`): used for the notes whose grid prices,
   * in their units, are exactly its spots; else each note is valued here
   */
  valuations?: NoteValuations;
}

/** The issuers' positions on the grid ({@link notesProfile}). */
export interface NotesProfile {
  /** USD per 1% move, per grid price */
  gamma: Float64Array;
  /** USD per +1 vol point */
  vanna: Float64Array;
  /** USD per calendar day */
  charm: Float64Array;
  /** the issuers' option delta, USD: Σ W·Δ·P_u (their hedge is −delta), as the dealer Profile's delta */
  delta: Float64Array;
  /** the same in grid-underlying units (shares × ratio on a BTC grid) */
  deltaUnderlying: Float64Array;
  /** ids of the notes on the grid */
  included: string[];
  /** notes left out and why (status, or an underlying the map does not relate to the grid's) */
  skipped: { id: string; reason: string }[];
  /** per note on the grid, the engines that priced it across the grid prices (`embedded.ts`) */
  engines: { id: string; engines: NoteEngine[] }[];
}

/**
 * The notes' issuer positions at every grid price (module notes for the formulas and units).
 *
 * @param notes - validated terms (any underlyings; those the grid cannot express are skipped)
 * @param grid - ascending prices in the grid's units (a `PriceGrid` from exposure/grid.ts fits)
 * @param opts - as-of instant, vol, rate, dividend, grid underlying, map, spot, history
 * @throws RangeError naming the input: a vol not finite and ≥ 0, a non-finite as-of instant, rate
 *   or dividend, a grid price not finite and > 0, a spot not finite and > 0
 * @example
 * // IBIT notes on a BTC grid
 * const grid = priceGrid({ spot: 70000, range: [0.6, 1.2], steps: 300 });
 * const p = notesProfile(book, grid, { asOfMs: closeInstant("2026-02-03"), vol: 0.55,
 *   gridUnderlying: "BTC", map: parseUnderlyingMap("IBIT:BTC=0.000568"), spot: 78500 });
 * p.gamma; // Float64Array(301): USD per 1% BTC move, to add to the dealer profile's gamma
 */
export function notesProfile(
  notes: readonly NoteTerms[], grid: { prices: ArrayLike<number> }, opts: NotesProfileOptions,
): NotesProfile {
  const prices = grid.prices;
  const m = prices.length;
  for (let k = 0; k < m; k++) {
    const P = prices[k]!;
    if (!(P > 0) || !Number.isFinite(P)) throw new RangeError(`grid price ${k} must be a finite number > 0 (got ${P})`);
  }
  if (!Number.isFinite(opts.asOfMs)) throw new RangeError(`asOfMs must be a finite instant (got ${opts.asOfMs})`);
  if (opts.spot !== undefined && !(opts.spot > 0 && Number.isFinite(opts.spot))) {
    throw new RangeError(`spot must be a finite number > 0 (got ${opts.spot})`);
  }
  const rate = opts.rate ?? 0;
  const dividend = opts.dividend ?? 0;
  if (!Number.isFinite(rate)) throw new RangeError(`rate must be a finite number (got ${rate})`);
  if (!Number.isFinite(dividend)) throw new RangeError(`dividend must be a finite number (got ${dividend})`);
  const out: NotesProfile = {
    gamma: new Float64Array(m), vanna: new Float64Array(m), charm: new Float64Array(m), delta: new Float64Array(m),
    deltaUnderlying: new Float64Array(m), included: [], skipped: [], engines: [],
  };
  for (const note of notes) {
    const gridU = opts.gridUnderlying ?? note.underlying;
    let f: number; // grid price × f = the note's underlying price
    try {
      f = priceFactor(opts.map, gridU, note.underlying);
    } catch (e) {
      out.skipped.push({ id: note.id, reason: (e as Error).message });
      continue;
    }
    const h = opts.history;
    const history = h && (h.underlying === undefined || h.underlying.toUpperCase() === note.underlying) ? h : undefined;
    const spot = opts.spot === undefined ? undefined : opts.spot * f;
    const state = noteStatus(note, { asOfMs: opts.asOfMs, spot, history });
    if (!carriesPut(state.status)) {
      out.skipped.push({ id: note.id, reason: state.status });
      continue;
    }
    const vol = typeof opts.vol === "function" ? opts.vol(note) : opts.vol;
    if (!(vol >= 0) || !Number.isFinite(vol)) throw new RangeError(`vol for note ${note.id} must be a finite number ≥ 0 (got ${vol})`);
    out.included.push(note.id);
    const W = shareEquivalent(note);
    const Pu = Array.from({ length: m }, (_, k) => prices[k]! * f);
    const inp = {
      asOfMs: opts.asOfMs, events: noteEvents(note, opts.asOfMs), vol, rate, dividend,
      knockedIn: state.status === "knocked-in", missedCoupons: missedCoupons(note, opts.asOfMs, history),
    };
    // one pass over every grid price (the issuer's greeks only: no parts), with the point just above
    // the barrier as the shared valuations take it for the unwind (it can widen the pass's grid):
    // the same numbers, bit for bit, with or without them
    const pass = opts.valuations?.covers(Pu) ? opts.valuations.of(note, inp) : valueNote(note, inp, Pu, true);
    const used = new Set<NoteEngine>();
    for (let k = 0; k < m; k++) {
      const v = pass.option(k), g = v.option, P = Pu[k]!;
      used.add(v.engine);
      out.gamma[k] += W * g.gamma * P * P * 0.01;
      out.vanna[k] += W * g.vanna * P * 0.01;
      out.charm[k] += (W * g.charm * P) / 365;
      out.delta[k] += W * g.delta * P;
      out.deltaUnderlying[k] += W * g.delta * f;
    }
    out.engines.push({ id: note.id, engines: [...used] });
  }
  return out;
}

/**
 * Profile arrays that {@link addProfiles} sums: the dealer `Profile` (exposure/profile.ts) and a
 * {@link NotesProfile} both fit (gamma, vanna, charm in USD; delta in USD).
 */
export interface ProfileSums {
  gamma: Float64Array;
  vanna: Float64Array;
  charm: Float64Array;
  delta: Float64Array | null;
}

/**
 * Element-wise sum of two profiles on the same grid: dealers + issuers ("combined"). New arrays;
 * delta is null when either has none.
 *
 * @throws RangeError when the arrays' lengths differ
 * @example
 * const combined = addProfiles(dealerProfile, notesProfile(book, grid, opts));
 */
export function addProfiles(a: ProfileSums, b: ProfileSums): ProfileSums {
  const m = a.gamma.length;
  for (const [name, x] of [["a.vanna", a.vanna], ["a.charm", a.charm], ["b.gamma", b.gamma], ["b.vanna", b.vanna], ["b.charm", b.charm]] as const) {
    if (x.length !== m) throw new RangeError(`profiles must be on one grid: ${name} has ${x.length} points, a.gamma ${m}`);
  }
  const add = (x: Float64Array, y: Float64Array) => {
    const z = new Float64Array(m);
    for (let k = 0; k < m; k++) z[k] = x[k]! + y[k]!;
    return z;
  };
  let delta: Float64Array | null = null;
  if (a.delta && b.delta) {
    if (a.delta.length !== m || b.delta.length !== m) throw new RangeError(`profiles must be on one grid: delta lengths ${a.delta.length}, ${b.delta.length}, gamma ${m}`);
    delta = add(a.delta, b.delta);
  }
  return { gamma: add(a.gamma, b.gamma), vanna: add(a.vanna, b.vanna), charm: add(a.charm, b.charm), delta };
}
