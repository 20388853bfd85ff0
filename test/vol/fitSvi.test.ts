import { describe, expect, it } from "vitest";
import { fitSvi, SVI_MIN_QUOTES } from "../../src/vol/fitSvi.js";
import { sviTotalVariance, type SviParams } from "../../src/vol/svi.js";

function quotes(p: SviParams, ks: number[], weight = (k: number) => 1 + 0 * k) {
  return { k: ks, w: ks.map((k) => sviTotalVariance(p, k)), weight: ks.map(weight) };
}
const grid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

describe("fitSvi (quasi-explicit least squares, mathjs)", () => {
  it("recovers the parameters that generated exact quotes (Gatheral–Jacquier's example set, 25 strikes)", () => {
    // (a, b, ρ, m, σ) = (0.04, 0.4, −0.4, 0.05, 0.1): the raw-SVI example set of Gatheral & Jacquier (2014)
    const p: SviParams = { a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 };
    const fit = fitSvi(quotes(p, grid(-0.5, 0.46, 25)))!;
    expect(fit).not.toBeNull();
    for (const key of ["a", "b", "rho", "m", "sigma"] as const) expect(Math.abs(fit.params[key] - p[key]), key).toBeLessThanOrEqual(1e-7);
    expect(fit.objective).toBeLessThanOrEqual(1e-18);
  });

  it("recovers a one-day slice (total variance 1e-4) as accurately: the fit rescales", () => {
    const T = 1 / 365;
    const p: SviParams = { a: 0.02 * T, b: 0.3 * T * 10, rho: -0.7, m: 0.01, sigma: 0.02 };
    const fit = fitSvi(quotes(p, grid(-0.08, 0.05, 40)))!;
    for (const key of ["rho", "m", "sigma"] as const) expect(Math.abs(fit.params[key] - p[key]), key).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(fit.params.a - p.a) / p.b).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(fit.params.b - p.b) / p.b).toBeLessThanOrEqual(1e-6);
  });

  it("minimises the weighted error: with weight only on a subset the fit follows that subset", () => {
    const p: SviParams = { a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 };
    const q = quotes(p, grid(-0.5, 0.46, 25));
    // corrupt the far wings but give them (almost) no weight: the fit still recovers the centre
    q.w = q.w.map((w, i) => (Math.abs(q.k[i]!) > 0.3 ? w * 1.5 : w));
    q.weight = q.k.map((k) => (Math.abs(k) > 0.3 ? 1e-12 : 1));
    const fit = fitSvi(q)!;
    for (const k of grid(-0.3, 0.3, 13)) expect(Math.abs(sviTotalVariance(fit.params, k) - sviTotalVariance(p, k))).toBeLessThanOrEqual(1e-5);
  });

  it("stays in the admissible domain: b ≥ 0, |ρ| ≤ 1, b(1 + |ρ|) ≤ 2 (Lee), w ≥ 0", () => {
    // a V with slopes 3 and −3 (steeper than Lee allows), and a smile dipping below zero
    for (const w of [grid(-1, 1, 21).map((k) => 0.01 + 3 * Math.abs(k)), grid(-1, 1, 21).map((k) => 0.5 * k * k - 0.001 + 1e-3)]) {
      const fit = fitSvi({ k: grid(-1, 1, 21), w: w.map((v) => Math.max(v, 1e-6)), weight: w.map(() => 1) })!;
      const { a, b, rho, sigma } = fit.params;
      expect(b).toBeGreaterThanOrEqual(0);
      expect(Math.abs(rho)).toBeLessThanOrEqual(1);
      expect(b * (1 + Math.abs(rho))).toBeLessThanOrEqual(2 * (1 + 1e-12));
      expect(a + b * sigma * Math.sqrt(1 - rho * rho)).toBeGreaterThanOrEqual(0);
    }
  });

  it(`returns null with fewer than ${SVI_MIN_QUOTES} usable quotes or fewer than 3 distinct k`, () => {
    const p: SviParams = { a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 };
    expect(fitSvi(quotes(p, grid(-0.2, 0.2, SVI_MIN_QUOTES - 1)))).toBeNull();
    const q = quotes(p, grid(-0.2, 0.2, 8));
    q.w[0] = NaN; q.w[1] = -1; q.weight[2] = 0;
    expect(fitSvi(q)).toBeNull(); // 5 usable
    expect(fitSvi({ k: [0, 0, 0, 0.1, 0.1, 0.1], w: [1, 1, 1, 2, 2, 2], weight: [1, 1, 1, 1, 1, 1] })).toBeNull();
  });
});
