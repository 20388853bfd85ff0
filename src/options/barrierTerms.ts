/**
 * Barrier option terms: the kinds, the monitoring styles, their numeric codes for hot loops, and
 * the Broadie–Glasserman–Kou continuity correction for discrete monitoring.
 *
 * Pure data and two tiny formulas; pricing lives in `barrierKernel.ts` (price, delta, gamma) and
 * `barrierGreeks.ts` / `barrierFinal.ts` (all twelve greeks).
 *
 * @module
 */

/** Which side the barrier is on and whether touching it switches the option on ("in") or off ("out"). */
export type BarrierKind = "down-in" | "down-out" | "up-in" | "up-out";

/**
 * How the barrier is observed.
 *
 * - `"continuous"`: at every instant until expiry (Reiner–Rubinstein closed forms).
 * - `{ intervalDays }`: on dates `intervalDays` calendar days apart, priced as a continuous barrier
 *   moved away from spot by the Broadie–Glasserman–Kou correction ({@link bgkLevel}).
 * - `"final"`: only at expiry, on the closing level S_T (US structured notes); a European payoff.
 */
export type Monitoring = "continuous" | "final" | { intervalDays: number };

/** Numeric code of a down-and-in barrier (hot-loop kernels take codes, not strings). */
export const DOWN_IN = 0;
/** Numeric code of a down-and-out barrier. */
export const DOWN_OUT = 1;
/** Numeric code of an up-and-in barrier. */
export const UP_IN = 2;
/** Numeric code of an up-and-out barrier. */
export const UP_OUT = 3;

/** Kernel `monitor` argument for continuous monitoring (a positive value is a discrete interval in years). */
export const MONITOR_CONTINUOUS = 0;
/** Kernel `monitor` argument for observation at expiry only. */
export const MONITOR_FINAL = -1;

/**
 * β = −ζ(½)/√(2π) of Broadie, Glasserman & Kou, "A continuity correction for discrete barrier
 * options", Mathematical Finance 7 (1997) 325–349.
 */
export const BGK_BETA = 0.5825971579390106;

/** Days per year of the calendar-time convention (DESIGN.md): Δt = intervalDays / 365. */
export const DAYS_PER_YEAR = 365;

/**
 * The numeric code of a barrier kind, or −1 when the string is not one of the four kinds.
 *
 * @param kind - "down-in" | "down-out" | "up-in" | "up-out"
 * @returns {@link DOWN_IN}, {@link DOWN_OUT}, {@link UP_IN}, {@link UP_OUT}, or −1
 * @example
 * barrierCode("up-out"); // 3
 */
export function barrierCode(kind: unknown): number {
  switch (kind) {
    case "down-in": return DOWN_IN;
    case "down-out": return DOWN_OUT;
    case "up-in": return UP_IN;
    case "up-out": return UP_OUT;
    default: return -1;
  }
}

/**
 * The kernel `monitor` number of a monitoring style: 0 continuous, −1 final, Δt = intervalDays/365
 * years for discrete monitoring. Does not validate (NaN stays NaN, the kernel then returns NaN).
 *
 * @example
 * monitorCode({ intervalDays: 1 }); // 0.0027397260273972603
 */
export function monitorCode(m: Monitoring): number {
  if (m === "continuous") return MONITOR_CONTINUOUS;
  if (m === "final") return MONITOR_FINAL;
  return m.intervalDays / DAYS_PER_YEAR;
}

/**
 * Broadie–Glasserman–Kou continuity correction: the continuous-monitoring barrier that reproduces a
 * barrier observed every Δt years, H·exp(+βσ√Δt) for an up barrier and H·exp(−βσ√Δt) for a down
 * barrier (moved away from spot).
 *
 * Accuracy (BGK 1997, Thm 1): price error o(1/√m) for m remaining observations, in practice about
 * O(1/m). It is an approximation, not the exact discrete price. Measured against exact backward
 * induction (`test/options/barrier.discrete.test.ts`, down-and-in put, K = 100): 40 daily
 * observations, spot 7 steps σ√Δt above H = 90 — 0.6% on price; 20 observations — 2%; 5 observations
 * with spot 0.7% (a quarter step) above H = 70 at 60% vol — 2% on price but 22% on delta (−4.62
 * against −3.80), and 13% on price at 10 steps. Poor whenever spot is within about one step of the
 * barrier or few observations remain; the exact discrete delta there is still far below −1.
 *
 * @param H - contractual barrier level (> 0)
 * @param down - true for a down barrier
 * @param sigma - volatility, decimal per √year
 * @param dt - time between observations, years (intervalDays / 365)
 * @returns the shifted level, same units as H
 * @example
 * bgkLevel(70, true, 0.6, 1 / 365); // 68.73087559374531
 */
export function bgkLevel(H: number, down: boolean, sigma: number, dt: number): number {
  const shift = BGK_BETA * sigma * Math.sqrt(dt);
  return H * Math.exp(down ? -shift : shift);
}

/**
 * The Broadie–Glasserman–Kou shift of ln H per unit of volatility, ∓β√Δt (− down, + up): the
 * shifted level is H·e^{σ·bgkLogSlope(down, Δt)}. The pricing kernels add σ times this to
 * {@link lnRatio}(H, S) instead of taking the log of {@link bgkLevel}, so that ln(H/S) of a level
 * within a step of spot keeps its relative accuracy; the shift moves the level away from spot, so
 * the sum never cancels.
 *
 * @param down - true for a down barrier
 * @param dt - time between observations, years (intervalDays / 365); 0 for continuous monitoring
 * @returns ∂ln(H_shifted)/∂σ, per unit of volatility
 * @example
 * bgkLogSlope(true, 1 / 365); // -0.030494528969834716
 */
export function bgkLogSlope(down: boolean, dt: number): number {
  return (down ? -BGK_BETA : BGK_BETA) * Math.sqrt(dt);
}

/**
 * ln(a/b) to full relative accuracy, including a ≈ b: log1p((a − b)/b) when |a − b| ≤ b/2, where
 * a − b is exact (Sterbenz), else ln(a/b). `Math.log(a / b)` carries the absolute error ε/2 of
 * rounding a/b, which is all of ln(a/b) when a/b = 1 ± 1e-12; `Math.log(a) − Math.log(b)` carries
 * ε·|ln a|. The barrier formulas divide ln(H/S) by σ√T and multiply it by 2ν/σ², so at small
 * variance that absolute error is amplified by 1/(σ√T) and 2|ν|/σ² (1e-12-relative price errors
 * and more when spot is near the level).
 *
 * @param a - numerator (> 0)
 * @param b - denominator (> 0)
 * @returns ln(a/b)
 * @example
 * lnRatio(0.019536333423301834, 0.019536333423282298); // 1.0000062633635537e-12 (exact to 16 digits)
 * Math.log(0.019536333423301834 / 0.019536333423282298); // 1.000088900581841e-12 (8e-5 relative error)
 */
export function lnRatio(a: number, b: number): number {
  const d = a - b;
  return Math.abs(d) <= 0.5 * b ? Math.log1p(d / b) : Math.log(a / b);
}
