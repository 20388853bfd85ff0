/**
 * Exact dealer re-hedging flows: what dealers must buy (+) or sell (−), in units of underlying, to
 * stay delta-neutral after a finite change of spot, of implied vol or of time, computed from the
 * dealer delta before and after the change, not from its first-order (gamma, vanna, charm) estimate.
 *
 *   flow = −(D_after − D_before),   D = Σ W·Δ  (dealer delta, underlying units; W = sign × OI × multiplier)
 *
 * On near-dated books the first-order −Γ·ΔS is off by a factor of 2 to 20 for a 1% move because
 * gamma changes inside the move: on the SPX 2024-01-07 snapshot the first-order figure is ±4.41 M
 * index units, the exact re-hedge +1.61 M after +1% and −6.97 M after −1%.
 *
 * Scenarios (each contract keeps its strike, IV, carry and time unless the scenario changes them):
 * - a move of spot S → P (sticky strike: each contract keeps its IV; forwards move with spot);
 * - implied vols up 1 point (each contract's IV + 0.01), spot and time fixed;
 * - one calendar day passing (T − 1/365 years), spot and vols fixed; contracts whose expiry passes
 *   within the day drop out (their delta leaves the book, so the hedge against them is unwound).
 *
 * Numerics: the difference is taken per group before summing (the put part of a group's delta,
 * −e^(−qT)·W_put, cancels exactly for spot and vol changes), and N(d′) − N(d) is evaluated on the
 * side of the distribution where both values are small, so deep in- and out-of-the-money groups add
 * their true tiny differences instead of the rounding error of 1 − 1.
 *
 * @module
 */
import { normCdf } from "../options/normal.js";
import type { Book } from "./book.js";

/** One calendar day in years (DESIGN.md: calendar time, 365-day year). */
export const DAY_YEARS = 1 / 365;

/** A change to apply to every contract of a book. */
export interface DeltaShift {
  /** the new spot, currency per unit (> 0); default unchanged */
  price?: number;
  /** added to every contract's implied vol, decimal (0.01 = one vol point); default 0 */
  vol?: number;
  /** time that passes, years (≥ 0); contracts with T ≤ years drop out; default 0 */
  years?: number;
}

/**
 * N(b) − N(a), accurate when both are close to 1 (uses the upper tail) or close to 0.
 *
 * @example
 * cdfDifference(8, 9); // 6.219831985865831e-16 = N(9) − N(8); 1 − 1 in doubles would give 0
 */
export function cdfDifference(a: number, b: number): number {
  if (a > 0 && b > 0) return normCdf(-a) - normCdf(-b);
  return normCdf(b) - normCdf(a);
}

/**
 * Change of the dealer delta Σ W·Δ of a book (underlying units) when spot, vols or time change,
 * every contract priced Black–Scholes–Merton with its own carry (as kernel.ts does).
 *
 * @param book - the dealer book (buildBook): times, strikes, vols, yields, weights
 * @param spot - the spot the book is evaluated at before the change, currency per unit (> 0)
 * @param shift - what changes (see {@link DeltaShift})
 * @returns D_after − D_before, units of underlying (a dealer re-hedge is its negative)
 * @throws RangeError for a spot or price that is not finite and > 0, a vol shift that is not
 *   finite, or a time step that is not finite and ≥ 0
 * @example
 * // SPX 2024-01-07 (naive dealers): dealer delta change for a +1% move, index units
 * bookDeltaChange(book, 4697.2402, { price: 4697.2402 * 1.01 }); // -1610653.6785480878
 */
export function bookDeltaChange(book: Book, spot: number, shift: DeltaShift): number {
  return bookDeltaChanges(book, spot, [shift])[0]!;
}

/**
 * {@link bookDeltaChange} for several shifts in one pass over the book: each group's strike log,
 * carry factor, d1 at spot and N(±d1) are computed once for all of them. Each shift's result has
 * the bits bookDeltaChange gives it alone (the same terms, added in the same order).
 *
 * @param book - the dealer book
 * @param spot - the spot before the changes, currency per unit (> 0)
 * @param shifts - the changes, each as in {@link bookDeltaChange}
 * @returns D_after − D_before per shift, units of underlying
 * @throws RangeError as bookDeltaChange, for the first bad shift
 * @example
 * // SPX 2024-01-07 (naive dealers): +1% and −1%
 * bookDeltaChanges(book, 4697.2402, [{ price: 4697.2402 * 1.01 }, { price: 4697.2402 * 0.99 }]);
 * // [-1610653.6785480878, 6973190.675422405]
 */
export function bookDeltaChanges(book: Book, spot: number, shifts: readonly DeltaShift[]): number[] {
  if (!(spot > 0) || !Number.isFinite(spot)) throw new RangeError(`spot must be a finite number > 0 (got ${spot})`);
  const ns = shifts.length;
  const lnP = new Float64Array(ns);
  const dv = new Float64Array(ns);
  const dt = new Float64Array(ns);
  shifts.forEach((shift, s) => {
    const P = shift.price ?? spot;
    const v = shift.vol ?? 0;
    const t = shift.years ?? 0;
    if (!(P > 0) || !Number.isFinite(P)) throw new RangeError(`price must be a finite number > 0 (got ${P})`);
    if (!Number.isFinite(v)) throw new RangeError(`vol shift must be finite (got ${v})`);
    if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`time step must be a finite number ≥ 0 (got ${t})`);
    lnP[s] = Math.log(P);
    dv[s] = v;
    dt[s] = t;
  });
  const r = book.rate;
  const lnS = Math.log(spot);
  const sums = new Float64Array(ns);
  for (let g = 0; g < book.length; g++) {
    const W = book.weight[g]!;
    const Wp = book.putWeight[g]!;
    const T = book.time[g]!;
    const q = book.yield[g]!;
    const sigma = book.vol[g]!;
    const lnK = Math.log(book.strike[g]!);
    const dq = Math.exp(-q * T);
    const a = d1(lnS - lnK, r - q, T, sigma);
    // N(a) and N(−a), each computed the first time a shift needs it
    let Na = NaN;
    let Nma = NaN;
    for (let s = 0; s < ns; s++) {
      const T1 = T - dt[s]!;
      if (!(T1 > 0)) {
        // the contract expires within the step: its delta leaves the book
        if (Na !== Na) Na = normCdf(a);
        sums[s] -= dq * (W * Na - Wp);
        continue;
      }
      const b = d1(lnP[s]! - lnK, r - q, T1, Math.max(0, sigma + dv[s]!));
      // cdfDifference(a, b), with N(±a) shared by the shifts
      let diff: number;
      if (a > 0 && b > 0) {
        if (Nma !== Nma) Nma = normCdf(-a);
        diff = Nma - normCdf(-b);
      } else {
        if (Na !== Na) Na = normCdf(a);
        diff = normCdf(b) - Na;
      }
      if (dt[s] === 0) {
        sums[s] += dq * W * diff;
      } else {
        const dq1 = Math.exp(-q * T1);
        if (Na !== Na) Na = normCdf(a);
        sums[s] += dq1 * W * diff + (dq1 - dq) * (W * Na - Wp);
      }
    }
  }
  return Array.from(sums);
}

/**
 * d1 of Black–Scholes–Merton, with the σ√T → 0 limit as ±∞ (N(d1) becomes the indicator of the
 * forward being above the strike, ½ at the money).
 */
function d1(lnSK: number, b: number, T: number, sigma: number): number {
  const s = sigma * Math.sqrt(T);
  const z = lnSK + b * T;
  if (!(s > 1e-150)) return z > 0 ? Infinity : z < 0 ? -Infinity : 0;
  return z / s + 0.5 * s;
}

/** One re-hedge scenario: what dealers trade and the price it is valued at. */
export interface DealerFlow {
  /** units of underlying dealers buy (+) or sell (−) to stay delta-neutral */
  underlying: number;
  /** the price the flow trades at (the new spot for a move; spot otherwise), currency per unit */
  price: number;
}

/** The exact re-hedging flows of a dealer book, see the module note. */
export interface DealerFlows {
  /** after spot rises 1% (S → 1.01·S) */
  up1pct: DealerFlow;
  /** after spot falls 1% (S → 0.99·S) */
  down1pct: DealerFlow;
  /** after every implied vol rises one point (+0.01), spot fixed */
  volUp1pt: DealerFlow;
  /** over the next day (calendar, or business under a business-day clock), spot and vols fixed; expiries passing drop out */
  nextDay: DealerFlow;
}

/**
 * The exact dealer re-hedging flows of a book for ±1% moves, +1 vol point and one calendar day
 * (sticky strike). For the sticky-moneyness model the caller supplies the delta changes of the two
 * moves (`moves`), computed with its re-marked vols; the vol and time scenarios are the same in
 * both models (at spot every contract keeps its own IV).
 *
 * @param book - the dealer book at the evaluation instant
 * @param spot - spot, currency per unit (> 0)
 * @param moves - optional delta changes (D(P) − D(S), underlying units) for +1% and −1% from
 *   another vol model
 * @param day - the length of "the next day" on the book's clock, years (default one calendar day,
 *   1/365; a business day, 1/262, when times are business-day fractions)
 * @returns the four flows (dealer trades = −ΔD)
 * @example
 * // SPX 2024-01-07, naive dealers, sticky strike:
 * const f = dealerFlows(book, 4697.2402);
 * f.up1pct.underlying;   // 1610653.6785480878 (dealers buy 1.61 M index units after +1%)
 * f.down1pct.underlying; // -6973190.675422405 (and sell 6.97 M after −1%)
 * f.nextDay.underlying;  // 1160094.1568268128 (charm: the next calendar day)
 */
export function dealerFlows(book: Book, spot: number, moves?: { up: number; down: number }, day = DAY_YEARS): DealerFlows {
  const up = spot * 1.01;
  const down = spot * 0.99;
  // one pass over the book for the scenarios this model prices here
  const shifts: DeltaShift[] = [{ vol: 0.01 }, { years: day }];
  if (!moves) shifts.push({ price: up }, { price: down });
  const [dVol, dDay, dUp, dDown] = bookDeltaChanges(book, spot, shifts) as [number, number, number?, number?];
  return {
    up1pct: { underlying: -(moves ? moves.up : dUp!) + 0, price: up },
    down1pct: { underlying: -(moves ? moves.down : dDown!) + 0, price: down },
    volUp1pt: { underlying: -dVol + 0, price: spot },
    nextDay: { underlying: -dDay + 0, price: spot },
  };
}
