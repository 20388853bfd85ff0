/**
 * What the issuer of a note holds, priced whole and split into the put's, the coupons' and the
 * autocall's parts.
 *
 * The issuer is short the note. Per share-equivalent its position is the note's embedded options:
 * O = PV(F at maturity) − note value, F the face amount (the initial level). For a plain note
 * (no coupon, no autocall) O is the knock-in put alone (`embedded.ts`). For a note with coupons or
 * an autocall the note is priced whole on the lattice (`noteLattice.ts`): note = principal P +
 * coupons C − knock-in put Q (the put cancelled by a call), so O = Q − C − (P − PV(F)). The issuer's
 * hedge is −ΔO × shares (long underlying when ΔO < 0).
 *
 * Parts (they add up to O and so do their deltas and hedges):
 * - **put**: the knock-in put to the final valuation as if the note could not be called, from the
 *   put engines (`closed-form`, `exact`, `bgk`, `vanilla`);
 * - **coupons**: −C, the coupons the issuer still owes (as the call rule leaves them);
 * - **autocall**: the rest, −[(put − Q) + (P − PV(F))]: the part of the put a call cancels, and the
 *   principal repaid early (nothing at r = 0). 0 without an autocall (then the put part is the
 *   lattice's Q, so the parts add up exactly).
 *
 * Greeks: price, delta, gamma and charm exactly from the last step of each engine; vanna from a
 * volatility bump (central, two more inductions, for the put engines). For whole notes vanna is the
 * one-sided difference of the Richardson-extrapolated deltas at σ and σ(1 + 1e-5) on the same grids
 * (one more Richardson pair of inductions; the difference's own error is about 1e-5 of vanna: 1e-4
 * at a bump of 1e-4, against a central difference at 1e-3). Against a Monte Carlo of the term
 * sheet's rules (mixed central difference on common random numbers, 2 × 10⁶ antithetic pairs,
 * its bump bias taken out) the sample's five autocallables on 2026-02-03 are within 1.3 standard
 * errors (the standard errors 0.4–4.8% of vanna); test/notes/valuation.test.ts checks the note and
 * its parts. The coarse grid's one-sided difference used before was 6.4%, 6.5%, 14% and 8.9% low in
 * magnitude on four of them (3–18 standard errors; 6.2–8.6% against the extrapolated deltas): the
 * extrapolation is what cancels the grid's h² term, and that term's σ-derivative is not small.
 *
 * @module
 */
import type { NoteTerms } from "../data/noteTerms.js";
import { YEAR_MS } from "../data/time.js";
import { emptyGreeks, type Greeks } from "../options/greeks.js";
import { zJetGreeks } from "../options/zJet.js";
import { embeddedPutAt, justAbove, knockInJump, type NoteEngine, type PutMarket } from "./embedded.js";
import { noteGrid, noteLegJets, type LegJets } from "./noteLattice.js";
import type { NoteEvent } from "./schedule.js";

/** The greeks a note's outputs use, per share-equivalent (DESIGN.md raw units). */
export interface NoteGreeks {
  /** USD per share-equivalent */
  price: number;
  /** shares of underlying per share-equivalent */
  delta: number;
  /** per USD of spot */
  gamma: number;
  /** ∂delta/∂σ per 1.00 of vol */
  vanna: number;
  /** ∂delta/∂t per year of calendar time */
  charm: number;
}

/** The issuer's position in one note at one spot. */
export interface NoteValue {
  engine: NoteEngine;
  /** the issuer's embedded options O = put − coupons − autocall part */
  option: NoteGreeks;
  parts: { put: NoteGreeks; coupons: NoteGreeks; autocall: NoteGreeks };
}

/** Market and state of a note for {@link noteValueAt}. */
export interface NoteValueInputs {
  /** as-of instant, ms since epoch */
  asOfMs: number;
  /** the note's remaining events from the as-of instant (`noteEvents`) */
  events: readonly NoteEvent[];
  vol: number;
  rate?: number;
  dividend?: number;
  /** the knock-in has happened */
  knockedIn?: boolean;
  /** coupons missed since the last one paid (memory coupons) */
  missedCoupons?: number;
}

const ZERO: NoteGreeks = { price: 0, delta: 0, gamma: 0, vanna: 0, charm: 0 };

function pick(g: Greeks): NoteGreeks {
  return { price: g.price, delta: g.delta, gamma: g.gamma, vanna: g.vanna, charm: g.charm };
}

function lin(a: NoteGreeks, ka: number, b: NoteGreeks, kb: number): NoteGreeks {
  return {
    price: ka * a.price + kb * b.price, delta: ka * a.delta + kb * b.delta, gamma: ka * a.gamma + kb * b.gamma,
    vanna: ka * a.vanna + kb * b.vanna, charm: ka * a.charm + kb * b.charm,
  };
}

/** Whether a note is priced whole on the lattice (it has coupons or an autocall). */
export function pricedWhole(note: Pick<NoteTerms, "couponRatePa" | "autocallFrequency">): boolean {
  return note.couponRatePa !== undefined || note.autocallFrequency !== undefined;
}

/** The issuer's option greeks at one spot and the engine that priced them (a {@link NoteValue} without parts). */
export interface NoteOption {
  engine: NoteEngine;
  option: NoteGreeks;
}

/**
 * A note valued at several spots in one pass — one lattice induction for a note priced whole, one
 * call of the put engines (one exact induction for every spot it sends there) for a plain one —
 * with, on request, the knock-in unwind now (the point just above the barrier one more spot of the
 * pass; for a plain note at a single spot {@link knockInJump}'s own pass).
 * The grid then covers every spot, so a value differs from the one a pass for its spot alone gives
 * by far less than the engines' error (the same cells, a wider cone).
 */
export interface NoteValuation {
  readonly spots: readonly number[];
  /** the issuer's option greeks at spot i (no put-engine run for a note priced whole) */
  option(i: number): NoteOption;
  /** the value with its parts at spot i (for an autocallable the put engines price the put part there) */
  value(i: number): NoteValue;
  /** every spot's value with its parts (the put engines run once for all spots) */
  values(): NoteValue[];
  /** the unwind at a breach now; null when not asked for or the note is knocked in */
  unwind: NoteUnwind | null;
}

const MATURED: NoteValue = { engine: "closed-form", option: ZERO, parts: { put: ZERO, coupons: ZERO, autocall: ZERO } };

/**
 * A note valued at several spots in one pass ({@link NoteValuation}), and its unwind now when
 * `withUnwind` and the note is not knocked in. With no event left (matured), zeros.
 *
 * @param note - validated terms
 * @param inp - as-of instant, events, vol, rate, dividend, knock-in state, missed coupons
 * @param spots - USD per share (> 0)
 * @param withUnwind - also the knock-in unwind now
 * @param vanna - compute vanna (default true); false leaves it NaN and saves the inductions it
 *   costs: two for a plain note's exact engine, one Richardson pair for a note priced whole
 * @example
 * const v = valueNote(rbc, { asOfMs, events: noteEvents(rbc, asOfMs), vol: 0.55 }, [40, 44.59, 50], true);
 * v.option(1).option.delta; // the issuer's delta at 44.59 (SYN-RBC-250919-A, 2026-02-03 close)
 * v.unwind?.jump;           // its unwind at a breach now, from the same induction
 */
export function valueNote(note: NoteTerms, inp: NoteValueInputs, spots: readonly number[], withUnwind = false, vanna = true): NoteValuation {
  const n = spots.length;
  if (inp.events.length === 0) {
    const unwind: NoteUnwind | null = withUnwind && inp.knockedIn !== true ? { above: 0, knockedIn: 0, jump: 0, engine: "closed-form" } : null;
    return { spots, option: () => MATURED, value: () => MATURED, values: () => spots.map(() => MATURED), unwind };
  }
  const H = note.barrierLevel;
  const unwindToo = withUnwind && inp.knockedIn !== true;
  const m = putMarket(inp);
  if (!pricedWhole(note)) {
    // valued at many spots (a grid), the point just above the barrier joins the put engines' pass
    // (one exact induction for it and the spots near the barrier); at one spot the unwind is
    // knockInJump's own pass, the exact engine on a grid for the barrier alone
    const joint = unwindToo && n > 1;
    const puts = embeddedPutAt(note, m, joint ? [...spots, justAbove(H)] : spots, vanna);
    const value = (i: number): NoteValue => {
      const put = pick(puts[i]!.greeks);
      if (!vanna) put.vanna = NaN;
      return { engine: puts[i]!.engine, option: put, parts: { put, coupons: ZERO, autocall: ZERO } };
    };
    let unwind = unwindToo && !joint ? noteUnwind(note, inp) : null;
    if (joint) {
      const above = puts[n]!, [kin] = embeddedPutAt(note, { ...m, knockedIn: true }, [H], false);
      unwind = { above: above.greeks.delta, knockedIn: kin!.greeks.delta, jump: above.greeks.delta - kin!.greeks.delta, engine: above.engine };
    }
    return { spots, option: value, value, values: () => spots.map((_, i) => value(i)), unwind };
  }
  const w = wholeJets(note, inp, unwindToo ? [...spots, justAbove(H)] : spots, vanna);
  let unwind: NoteUnwind | null = null;
  if (unwindToo) {
    // only the put changes at a breach: its two layers at the point just above the barrier
    const g = emptyGreeks(), r = inp.rate ?? 0, q = inp.dividend ?? 0;
    const above = zJetGreeks(w.base[n]!.put, 1, H, inp.vol, r, q, g).delta;
    const knockedIn = zJetGreeks(w.base[n]!.putKnockedIn, 1, H, inp.vol, r, q, g).delta;
    unwind = { above, knockedIn, jump: above - knockedIn, engine: "lattice" };
  }
  const option = (i: number): NoteOption => ({ engine: "lattice", option: wholeOption(note, inp, w, i, spots[i]!).option });
  // the put engines price the put part of an autocallable only (without a call it is O + coupons)
  const callable = note.autocallFrequency !== undefined;
  const value = (i: number): NoteValue => wholeValue(wholeOption(note, inp, w, i, spots[i]!), callable ? embeddedPutAt(note, m, [spots[i]!], vanna)[0]! : null);
  const values = () => {
    const puts = callable ? embeddedPutAt(note, m, spots, vanna) : null;
    return spots.map((S, i) => wholeValue(wholeOption(note, inp, w, i, S), puts && puts[i]!));
  };
  return { spots, option, value, values, unwind };
}

/**
 * The issuer's position in a note at each spot, with the engine and the parts (module notes).
 * Daily and continuous notes at a spot at or below the barrier are knocked in there. With no event
 * left (matured), zeros.
 *
 * @param note - validated terms
 * @param inp - as-of instant, events, vol, rate, dividend, knock-in state, missed coupons
 * @param spots - USD per share (> 0)
 * @example
 * // SYN-RBC-250919-A of the sample book (autocallable, daily barrier 42.90), 2026-02-03 close
 * const v = noteValueAt(rbc, { asOfMs, events: noteEvents(rbc, asOfMs), vol: 0.55 }, [44.59])[0];
 * v.engine;               // "lattice"
 * v.option.delta;         // -1.1104595172297185 = put + coupons + autocall:
 * v.parts.put.delta;      // -0.914851806711815
 * v.parts.coupons.delta;  // -0.17834026933644928
 * v.parts.autocall.delta; // -0.017267441181454207
 */
export function noteValueAt(note: NoteTerms, inp: NoteValueInputs, spots: readonly number[]): NoteValue[] {
  return valueNote(note, inp, spots).values();
}

function putMarket(inp: NoteValueInputs): PutMarket {
  return { events: inp.events, vol: inp.vol, rate: inp.rate ?? 0, dividend: inp.dividend ?? 0, knockedIn: inp.knockedIn === true };
}

/** Relative volatility bump of a whole note's vanna (module notes: its error is about 1e-5 of vanna). */
const WHOLE_VANNA_BUMP = 1e-5;

/** The lattice's leg jets at the spots, Richardson-extrapolated, at σ and (for vanna) at σ + d on the same grids. */
interface WholeJets {
  base: LegJets[];
  hi: LegJets[] | null;
  d: number;
}

function wholeJets(note: NoteTerms, inp: NoteValueInputs, spots: readonly number[], vanna = true): WholeJets {
  const lm = {
    asOfMs: inp.asOfMs, vol: inp.vol, rate: inp.rate ?? 0, dividend: inp.dividend ?? 0, knockedIn: inp.knockedIn === true,
    missedCoupons: inp.missedCoupons ?? 0,
  };
  const grid = noteGrid(note, inp.events, spots, inp.vol, { carry: lm.rate - lm.dividend });
  const base = noteLegJets(note, inp.events, spots, lm, grid);
  const d = WHOLE_VANNA_BUMP * inp.vol;
  const hi = vanna ? noteLegJets(note, inp.events, spots, { ...lm, vol: inp.vol + d }, grid) : null;
  return { base, hi, d };
}

/** The lattice's legs at spot i of {@link wholeJets}: O = Q − C − (P − PV(F)), and the coupon leg C. */
function wholeOption(note: NoteTerms, inp: NoteValueInputs, w: WholeJets, i: number, S: number): { option: NoteGreeks; C: NoteGreeks } {
  const r = inp.rate ?? 0, q = inp.dividend ?? 0, vol = inp.vol, d = w.d;
  const g = emptyGreeks(), g2 = emptyGreeks();
  const leg = (which: keyof LegJets): NoteGreeks => {
    zJetGreeks(w.base[i]![which], 1, S, vol, r, q, g);
    const out = pick(g);
    if (w.hi === null) return (out.vanna = NaN), out;
    zJetGreeks(w.hi[i]![which], 1, S, vol + d, r, q, g2);
    out.vanna = (g2.delta - g.delta) / d;
    return out;
  };
  // daily/continuous notes at spots at or below the barrier are knocked in there
  const inAt = note.observation !== "final" && S <= note.barrierLevel;
  const Q = leg(inAt ? "putKnockedIn" : "put");
  const C = leg("coupons");
  const P = leg("principal");
  const pvF = note.initialLevel * Math.exp(-r * (note.maturityMs - inp.asOfMs) / YEAR_MS);
  const early = { ...P, price: P.price - pvF };
  return { option: lin(lin(Q, 1, C, -1), 1, early, -1), C };
}

/** The issuer's position with its parts; `put` the put engines' price of the put alone (autocallables). */
function wholeValue(o: { option: NoteGreeks; C: NoteGreeks }, put: { greeks: Greeks } | null): NoteValue {
  const option = o.option;
  const coupons = lin(o.C, -1, ZERO, 0);
  if (put === null) return { engine: "lattice", option, parts: { put: lin(option, 1, coupons, -1), coupons, autocall: ZERO } };
  const p = pick(put.greeks);
  return { engine: "lattice", option, parts: { put: p, coupons, autocall: lin(lin(option, 1, p, -1), 1, coupons, -1) } };
}

/**
 * {@link noteValueAt} at one spot and {@link noteUnwind} now, for a note not knocked in, from one
 * pass ({@link valueNote}: for a note priced whole one lattice induction serves the spot and the
 * point just above the barrier; a plain note's are the two calls). The grid then
 * covers both points, so the value differs from {@link noteValueAt}'s alone by far less than the
 * engines' error (the same cells, a wider cone).
 *
 * @example
 * const { value, unwind } = noteValueAndUnwind(rbc, { asOfMs, events: noteEvents(rbc, asOfMs), vol: 0.55 }, 44.59);
 * value.option.delta; // -1.1104595172277814 (noteValueAt alone: -1.1104595172297185)
 * unwind.jump;        // -0.08648661585235884 (noteUnwind alone: -0.08648661585235884)
 */
export function noteValueAndUnwind(note: NoteTerms, inp: NoteValueInputs, spot: number): { value: NoteValue; unwind: NoteUnwind } {
  const v = valueNote(note, inp, [spot], true);
  return { value: v.value(0), unwind: v.unwind ?? noteUnwind(note, inp) };
}

/** The change of the issuer's option delta at a breach, per share-equivalent ({@link noteUnwind}). */
export interface NoteUnwind {
  /** ΔO with spot just above the barrier, not knocked in */
  above: number;
  /** ΔO at the barrier once knocked in */
  knockedIn: number;
  /** above − knockedIn; jump × shares is the hedge change (negative = sold) */
  jump: number;
  engine: NoteEngine;
}

/**
 * The issuer's delta jump at a breach of the barrier now (`embedded.ts` {@link knockInJump} for
 * plain notes — the exact engine for daily ones; the lattice's two put layers at the barrier for
 * notes priced whole: only the put changes at a breach, coupons and principal do not).
 *
 * @example
 * noteUnwind(rbc, { asOfMs, events: noteEvents(rbc, asOfMs), vol: 0.55 }); // SYN-RBC-250919-A, 2026-02-03
 * // { above: -0.925278145067696, knockedIn: -0.838790500426318, jump: -0.08648764464137804, engine: "lattice" }
 */
export function noteUnwind(note: NoteTerms, inp: NoteValueInputs): NoteUnwind {
  const r = inp.rate ?? 0, q = inp.dividend ?? 0;
  if (inp.events.length === 0) return { above: 0, knockedIn: 0, jump: 0, engine: "closed-form" };
  if (!pricedWhole(note)) {
    const j = knockInJump(note, { events: inp.events, vol: inp.vol, rate: r, dividend: q });
    return { above: j.above, knockedIn: j.knockedIn, jump: j.jump, engine: j.engine };
  }
  const H = note.barrierLevel;
  const lm = { asOfMs: inp.asOfMs, vol: inp.vol, rate: r, dividend: q, knockedIn: false, missedCoupons: inp.missedCoupons ?? 0 };
  const [j] = noteLegJets(note, inp.events, [justAbove(H)], lm);
  const g = emptyGreeks();
  const above = zJetGreeks(j!.put, 1, H, inp.vol, r, q, g).delta;
  const knockedIn = zJetGreeks(j!.putKnockedIn, 1, H, inp.vol, r, q, g).delta;
  return { above, knockedIn, jump: above - knockedIn, engine: "lattice" };
}
