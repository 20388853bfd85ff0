import { describe, expect, it } from "vitest";
import { densityFactor, sviDensityFactor, sviDerivatives, sviMinTotalVariance, sviProblem, sviTotalVariance, type SviParams } from "../../src/vol/svi.js";

const EPS = Number.EPSILON;

/**
 * Gatheral & Jacquier, "Arbitrage-free SVI volatility surfaces", Quantitative Finance 14 (2014)
 * (arXiv:1204.0646), Example 3.1 (from Axel Vogt on wilmott.com): raw SVI
 * (a, b, m, ρ, σ) = (−0.0410, 0.1331, 0.3586, 0.3060, 0.4153) with t = 1, whose density is negative.
 */
const VOGT: SviParams = { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };

describe("raw SVI", () => {
  it("matches the published SVI-JW parameters of Vogt's slice (Gatheral–Jacquier 2014, Example 5.1)", () => {
    // (v_t, ψ_t, p_t, c_t, ṽ_t) = (0.01742625, −0.1752111, 0.6997381, 1.316798, 0.0116249) at t = 1,
    // printed to 7 significant digits: tolerance half a unit in the last printed digit
    const { w, w1 } = sviDerivatives(VOGT, 0);
    const sw = Math.sqrt(w);
    expect(Math.abs(w - 0.01742625)).toBeLessThanOrEqual(0.5e-8); // v_t = w(0)/t
    expect(Math.abs(w1 / (2 * sw) - -0.1752111)).toBeLessThanOrEqual(0.5e-7); // ψ_t = w′(0)/(2√w_t)
    expect(Math.abs((VOGT.b * (1 - VOGT.rho)) / sw - 0.6997381)).toBeLessThanOrEqual(0.5e-7); // p_t
    expect(Math.abs((VOGT.b * (1 + VOGT.rho)) / sw - 1.316798)).toBeLessThanOrEqual(0.5e-6); // c_t
    expect(Math.abs(sviMinTotalVariance(VOGT) - 0.0116249)).toBeLessThanOrEqual(0.5e-7); // ṽ_t
  });

  it("derivatives agree with central differences of w", () => {
    const p: SviParams = { a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 };
    for (const k of [-1, -0.3, 0, 0.05, 0.2, 0.9]) {
      const h = 1e-4;
      const d = sviDerivatives(p, k);
      expect(d.w).toBe(sviTotalVariance(p, k));
      // central difference truncation h²/6·w‴ (|w‴| ≤ 3b/σ² here) plus rounding ε·w/h
      expect(Math.abs(d.w1 - (sviTotalVariance(p, k + h) - sviTotalVariance(p, k - h)) / (2 * h))).toBeLessThanOrEqual((h * h * 3 * p.b) / (p.sigma * p.sigma) + (4 * EPS) / h);
      const fd2 = (sviDerivatives(p, k + h).w1 - sviDerivatives(p, k - h).w1) / (2 * h);
      expect(Math.abs(d.w2 - fd2)).toBeLessThanOrEqual(1e-5 * Math.max(1, d.w2));
    }
  });

  it("g(k) is negative where Vogt's slice has butterfly arbitrage, and 1 for a flat smile at the money", () => {
    // an independent numpy evaluation of eq. (2.1) on 3,000,001 points of [−1.5, 1.5]:
    // min g = −0.03286357345353284 at k = 0.879263; g < 0 on (0.642408, 1.256912)
    expect(Math.abs(sviDensityFactor(VOGT, 0.879263) - -0.03286357345353284)).toBeLessThanOrEqual(1e-12);
    expect(sviDensityFactor(VOGT, 0.64)).toBeGreaterThan(0);
    expect(sviDensityFactor(VOGT, 0.645)).toBeLessThan(0);
    expect(sviDensityFactor(VOGT, 1.255)).toBeLessThan(0);
    expect(sviDensityFactor(VOGT, 1.26)).toBeGreaterThan(0);
    expect(densityFactor(0, 0.04, 0, 0)).toBe(1);
  });

  it("sviProblem accepts a valid slice and names the broken condition otherwise", () => {
    expect(sviProblem(VOGT)).toBeNull();
    expect(sviProblem({ ...VOGT, b: -0.1 })).toMatch(/^b must be ≥ 0/);
    expect(sviProblem({ ...VOGT, rho: 1.2 })).toMatch(/^rho must be in/);
    expect(sviProblem({ ...VOGT, sigma: 0 })).toMatch(/^sigma must be > 0/);
    expect(sviProblem({ ...VOGT, a: -0.1 })).toMatch(/total variance must be ≥ 0/);
    expect(sviProblem({ ...VOGT, m: NaN })).toMatch(/^m must be finite/);
    expect(sviTotalVariance(VOGT, NaN)).toBeNaN();
  });
});
