/**
 * One expiry's smile as the surface keeps it: a raw SVI slice where the fit succeeded, else a
 * monotone (Fritsch–Carlson) interpolation of the quotes' total variance in log-moneyness, and its
 * evaluation w(k), σ(k) = √(w(k)/T) with the first two derivatives.
 *
 * @module
 */
import { monotoneDerivatives, type MonotoneCubic } from "./monotone.js";
import { sviDerivatives, type SviParams } from "./svi.js";

/** How a slice's smile is represented. */
export type SliceMethod = "svi" | "monotone";

/** The quotes a slice was built from (after the outlier screen), ascending in k. */
export interface SliceQuotes {
  /** log forward moneyness ln(K/F) */
  k: number[];
  /** strike, currency per unit */
  strike: number[];
  /** implied vol, decimal (the mean of the quotes used at that strike) */
  iv: number[];
  /** fit weight (vega or open interest, scaled so that the largest is 1) */
  weight: number[];
}

/** Butterfly-arbitrage check of one slice: the sign of Gatheral–Jacquier's g(k) on a k grid. */
export interface ButterflyCheck {
  /** g(k) ≥ 0 at every checked k */
  ok: boolean;
  /** smallest g on the grid */
  minG: number;
  /** k where g is smallest */
  at: number;
  /** the lowest and highest checked k where g < 0 (null when ok) */
  negativeFrom: number | null;
  negativeTo: number | null;
  /** the k interval checked: the quotes' range (beyond it the smile is an extrapolation) */
  range: [number, number];
}

/** One expiry of the surface. */
export interface SmileSlice {
  /** expiry instant, ms since epoch */
  expiryMs: number;
  /** years from the snapshot to expiry (> 0) */
  time: number;
  /** forward F the moneyness is measured against, currency per unit */
  forward: number;
  /** "svi" (fitted) or "monotone" (the fallback) */
  method: SliceMethod;
  /** why the slice fell back to the monotone interpolation; null for an SVI slice */
  fallbackReason: string | null;
  /** raw SVI parameters (total variance), null for a fallback slice */
  svi: SviParams | null;
  /** the fallback interpolant of total variance in k, null for an SVI slice */
  spline: MonotoneCubic | null;
  /** the quotes used */
  quotes: SliceQuotes;
  /** out-of-the-money quotes beyond the fitted range (|k| > 6 at-the-money standard deviations), not fitted */
  beyondRange: number;
  /** quotes dropped as outliers: isolated spikes (±50% off their neighbours' median) and weighty quotes far from a first fit (surface.ts) */
  outliers: number;
  /** weighted root-mean-square error of the slice's vol against its quotes, decimal (0.01 = 1 vol point) */
  rmse: number;
  /** largest |slice vol − quote vol| over the quotes, decimal */
  maxError: number;
  butterfly: ButterflyCheck;
}

/**
 * A slice's total variance w(k) and its derivatives in k.
 *
 * @param s - the slice
 * @param k - log forward moneyness ln(K/F)
 * @example
 * // SPX 2024-01-07, the 2024-02-05 slice (29 days), at k = 0
 * sliceDerivatives(slice, 0); // { w: 0.001071229654914685, w1: -0.010443511078343784, w2: 0.175705241685166 }
 */
export function sliceDerivatives(s: Pick<SmileSlice, "svi" | "spline">, k: number): { w: number; w1: number; w2: number } {
  if (s.svi !== null) return sviDerivatives(s.svi, k);
  const d = monotoneDerivatives(s.spline!, k);
  return { w: d.y, w1: d.y1, w2: d.y2 };
}

/**
 * A slice's total implied variance at log-moneyness k (NaN for NaN).
 *
 * @example
 * sliceTotalVariance(slice, Math.log(4700 / slice.forward)); // 0.0010651258121910367 (the same slice, strike 4700)
 */
export function sliceTotalVariance(s: Pick<SmileSlice, "svi" | "spline">, k: number): number {
  if (s.svi !== null) {
    const p = s.svi;
    const x = k - p.m;
    return p.a + p.b * (p.rho * x + Math.sqrt(x * x + p.sigma * p.sigma));
  }
  return monotoneDerivatives(s.spline!, k).y;
}

/**
 * A slice's implied vol at log-moneyness k: √(max(w, 0) / T), decimal.
 *
 * @example
 * sliceVol(slice, 0); // 0.11568925890675577 (the same slice at the money)
 */
export function sliceVol(s: Pick<SmileSlice, "svi" | "spline" | "time">, k: number): number {
  const w = sliceTotalVariance(s, k);
  return Math.sqrt((w > 0 ? w : 0) / s.time);
}
