/**
 * Gatheral's raw SVI smile: total implied variance as a function of log forward moneyness,
 *
 *   w(k) = a + b·(ρ·(k − m) + √((k − m)² + σ²)),   k = ln(K / F),  w = σ_impl²·T,
 *
 * with its first two derivatives and the function g(k) whose sign decides butterfly arbitrage
 * (Gatheral & Jacquier, "Arbitrage-free SVI volatility surfaces", Quantitative Finance 14 (2014),
 * eq. (2.1); arXiv:1204.0646):
 *
 *   g(k) = (1 − k·w′/(2w))² − (w′²/4)·(1/w + 1/4) + w″/2.
 *
 * The risk-neutral density of ln(S_T/F) is g(k)/√(2πw)·exp(−d₋²/2), so a slice is free of butterfly
 * arbitrage exactly where g ≥ 0 (and w > 0).
 *
 * Kernels never throw: NaN in, NaN out.
 *
 * @module
 */

/** Raw SVI parameters of one expiry (total variance, not variance). */
export interface SviParams {
  /** level, total variance */
  a: number;
  /** wing slope (≥ 0), total variance per unit of log-moneyness */
  b: number;
  /** rotation, −1 ≤ ρ ≤ 1 (a fit may end on ±1: one wing flat) */
  rho: number;
  /** horizontal shift, log-moneyness */
  m: number;
  /** smoothness of the vertex (> 0), log-moneyness */
  sigma: number;
}

/**
 * Total implied variance w(k) of a raw SVI slice.
 *
 * @param p - raw SVI parameters
 * @param k - log forward moneyness ln(K/F)
 * @returns σ_impl²·T (NaN for NaN input)
 * @example
 * // Gatheral–Jacquier (2014) Example 3.1 (Axel Vogt), at k = 0
 * sviTotalVariance({ a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 }, 0); // 0.017426252555159116 (their v_t = 0.01742625)
 */
export function sviTotalVariance(p: SviParams, k: number): number {
  const x = k - p.m;
  return p.a + p.b * (p.rho * x + Math.sqrt(x * x + p.sigma * p.sigma));
}

/**
 * w, w′ = dw/dk and w″ = d²w/dk² of a raw SVI slice at k.
 *
 * @example
 * sviDerivatives({ a: 0.04, b: 0.4, rho: -0.4, m: 0, sigma: 0.1 }, 0);
 * // { w: 0.08000000000000002, w1: -0.16000000000000003, w2: 4 }  (w′ = b(ρ + x/√(x²+σ²)), w″ = bσ²/(x²+σ²)^{3/2})
 */
export function sviDerivatives(p: SviParams, k: number): { w: number; w1: number; w2: number } {
  const x = k - p.m;
  const s2 = p.sigma * p.sigma;
  const r = Math.sqrt(x * x + s2);
  return { w: p.a + p.b * (p.rho * x + r), w1: p.b * (p.rho + x / r), w2: (p.b * s2) / (r * r * r) };
}

/**
 * Gatheral–Jacquier's g(k) from a slice's w, w′, w″ (any C² smile, not only SVI): the slice has
 * butterfly arbitrage where g < 0.
 *
 * @param k - log forward moneyness
 * @param w - total variance at k (> 0)
 * @param w1 - dw/dk
 * @param w2 - d²w/dk²
 * @example
 * densityFactor(0, 0.04, 0, 0); // 1 (a flat smile at the money)
 */
export function densityFactor(k: number, w: number, w1: number, w2: number): number {
  const u = 1 - (k * w1) / (2 * w);
  return u * u - ((w1 * w1) / 4) * (1 / w + 0.25) + w2 / 2;
}

/**
 * g(k) of a raw SVI slice (module note): negative where the slice has butterfly arbitrage.
 *
 * @example
 * // Gatheral–Jacquier (2014) Example 3.1: the density is negative near k ≈ 0.88
 * sviDensityFactor({ a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 }, 0.88); // -0.032863340367583316
 */
export function sviDensityFactor(p: SviParams, k: number): number {
  const { w, w1, w2 } = sviDerivatives(p, k);
  return densityFactor(k, w, w1, w2);
}

/**
 * The smallest total variance of a raw SVI slice, a + bσ√(1 − ρ²) (at k = m − ρσ/√(1 − ρ²)).
 *
 * @example
 * sviMinTotalVariance({ a: 0.04, b: 0.4, rho: 0, m: 0, sigma: 0.1 }); // 0.08000000000000002
 */
export function sviMinTotalVariance(p: SviParams): number {
  return p.a + p.b * p.sigma * Math.sqrt(Math.max(0, 1 - p.rho * p.rho));
}

/**
 * Why a parameter set is not a raw SVI slice, or null when it is one: b ≥ 0, |ρ| ≤ 1, σ > 0, every
 * parameter finite, and w ≥ 0 everywhere (a + bσ√(1 − ρ²) ≥ 0).
 *
 * @example
 * sviProblem({ a: 0.04, b: -0.1, rho: 0, m: 0, sigma: 0.1 }); // "b must be ≥ 0 (got -0.1)"
 */
export function sviProblem(p: SviParams): string | null {
  for (const key of ["a", "b", "rho", "m", "sigma"] as const) {
    if (!Number.isFinite(p[key])) return `${key} must be finite (got ${p[key]})`;
  }
  if (!(p.b >= 0)) return `b must be ≥ 0 (got ${p.b})`;
  if (!(Math.abs(p.rho) <= 1)) return `rho must be in [−1, 1] (got ${p.rho})`;
  if (!(p.sigma > 0)) return `sigma must be > 0 (got ${p.sigma})`;
  const min = sviMinTotalVariance(p);
  if (!(min >= 0)) return `total variance must be ≥ 0 everywhere (its minimum a + bσ√(1−ρ²) is ${min})`;
  return null;
}
