/**
 * Static-arbitrage checks of a fitted surface (Gatheral & Jacquier, "Arbitrage-free SVI volatility
 * surfaces", Quantitative Finance 14 (2014); arXiv:1204.0646):
 *
 * - **butterfly** (one slice): the density of ln(S_T/F) is g(k)/√(2πw)·exp(−d₋²/2), so a slice is
 *   free of butterfly arbitrage where g(k) = (1 − k·w′/(2w))² − (w′²/4)(1/w + 1/4) + w″/2 ≥ 0
 *   (their eq. 2.1 and Lemma 2.2). Checked on a grid of k.
 * - **calendar** (two slices): total variance must not decrease with maturity at fixed
 *   log-forward-moneyness, w(k, T₂) ≥ w(k, T₁) for T₂ > T₁ (their Lemma 2.1). Checked between
 *   consecutive slices on a grid of k.
 *
 * Both are grid checks: a violation narrower than the grid spacing can be missed; the spacing is
 * 1/200 of the checked range.
 *
 * @module
 */
import { densityFactor } from "./svi.js";
import { sliceDerivatives, sliceTotalVariance, type ButterflyCheck, type SmileSlice } from "./slice.js";

/** Points of the k grid the checks evaluate. */
export const CHECK_POINTS = 201;

/**
 * Check a slice for butterfly arbitrage on [lo, hi] (g(k) ≥ 0 at CHECK_POINTS equally spaced k).
 * Where w ≤ 0 the density is undefined and counted as a violation (g = −∞).
 *
 * @param slice - an SVI or monotone slice
 * @param lo - lowest k checked
 * @param hi - highest k checked
 * @example
 * // Gatheral–Jacquier (2014) Example 3.1 (Axel Vogt's parameters), T = 1
 * butterflyCheck({ svi: { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 }, spline: null }, -1.5, 1.5);
 * // { ok: false, minG: -0.03284957801623974, at: 0.8849999999999998, negativeFrom: 0.645, negativeTo: 1.245, range: [-1.5, 1.5] }
 */
export function butterflyCheck(slice: Pick<SmileSlice, "svi" | "spline">, lo: number, hi: number): ButterflyCheck {
  let minG = Infinity;
  let at = NaN;
  let from: number | null = null;
  let to: number | null = null;
  for (let i = 0; i < CHECK_POINTS; i++) {
    const k = lo + ((hi - lo) * i) / (CHECK_POINTS - 1);
    const { w, w1, w2 } = sliceDerivatives(slice, k);
    const g = w > 0 ? densityFactor(k, w, w1, w2) : -Infinity;
    if (g < minG || at !== at) {
      minG = g;
      at = k;
    }
    if (g < 0) {
      if (from === null) from = k;
      to = k;
    }
  }
  return { ok: from === null, minG, at, negativeFrom: from, negativeTo: to, range: [lo, hi] };
}

/** A calendar-spread violation between two consecutive slices. */
export interface CalendarViolation {
  /** the earlier expiry, ms since epoch */
  earlierMs: number;
  /** the later expiry, ms since epoch */
  laterMs: number;
  /** largest w(earlier) − w(later) on the grid, total variance (> 0) */
  shortfall: number;
  /** the k where it is largest */
  at: number;
  /** the lowest and highest checked k where the later slice's total variance is below the earlier's */
  from: number;
  to: number;
}

/**
 * Calendar-spread check between consecutive slices (ascending in time): at CHECK_POINTS k on the
 * range both slices have quotes on (outside it at least one of them is extrapolated, and a crossing
 * there says nothing about the quotes), the later total variance must not be below the earlier.
 * A difference within 1e-12 of the larger total variance counts as equal; pairs without a common
 * range are not checked.
 *
 * @param slices - slices ascending by time (as a surface holds them)
 * @returns one entry per consecutive pair that crosses, in time order
 * @example
 * // two flat smiles: 20% vol to 0.5 y (w = 0.02), 10% to 1 y (w = 0.01): the later one is below
 * calendarViolations([flat(0.5, 0.2), flat(1, 0.1)]);
 * // [{ earlierMs: …, laterMs: …, shortfall: 0.010000000000000002, at: -0.5, from: -0.5, to: 0.5 }]
 */
export function calendarViolations(slices: readonly SmileSlice[]): CalendarViolation[] {
  const out: CalendarViolation[] = [];
  for (let j = 1; j < slices.length; j++) {
    const a = slices[j - 1]!;
    const b = slices[j]!;
    const lo = Math.max(a.quotes.k[0] ?? Infinity, b.quotes.k[0] ?? Infinity);
    const hi = Math.min(a.quotes.k[a.quotes.k.length - 1] ?? -Infinity, b.quotes.k[b.quotes.k.length - 1] ?? -Infinity);
    if (!(hi >= lo)) continue;
    let worst = 0;
    let at = NaN;
    let from = NaN;
    let to = NaN;
    for (let i = 0; i < CHECK_POINTS; i++) {
      const k = hi > lo ? lo + ((hi - lo) * i) / (CHECK_POINTS - 1) : lo;
      const wa = sliceTotalVariance(a, k);
      const wb = sliceTotalVariance(b, k);
      const gap = wa - wb;
      if (gap > 1e-12 * Math.max(Math.abs(wa), Math.abs(wb))) {
        if (from !== from) from = k;
        to = k;
        if (gap > worst) {
          worst = gap;
          at = k;
        }
      }
    }
    if (worst > 0) out.push({ earlierMs: a.expiryMs, laterMs: b.expiryMs, shortfall: worst, at, from, to });
  }
  return out;
}
