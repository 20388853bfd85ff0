import { describe, expect, it } from "vitest";
import { erfc, normCdf, normPdf } from "../../src/options/normal.js";

const EPS = Number.EPSILON;

/** Reference values from mpmath at 40 significant digits (`mpmath.ncdf`, `npdf`, `erfc`). */
const CDF: Array<[number, number, number]> = [
  // x, Φ(x), φ(x)
  [-38, 2.8854283600687843084e-316, 1.097221052007592958e-314],
  [-37, 5.7255712225245768227e-300, 2.1200065515246056269e-298],
  [-30, 4.9067139271481870595e-198, 1.473646134878547519e-196],
  [-20, 2.7536241186062336951e-89, 5.5209483621597631896e-88],
  [-10, 7.619853024160526066e-24, 7.6945986267064193463e-23],
  [-8, 6.2209605742717841235e-16, 5.052271083536892288e-15],
  [-5, 2.8665157187919391167e-7, 1.4867195147342977079e-6],
  [-3, 0.0013498980316300945267, 0.0044318484119380071756],
  [-1.96, 0.024997895148220436213, 0.058440944333451464389],
  [-1.5, 0.066807201268858066004, 0.12951759566589172761],
  [-1, 0.15865525393145705141, 0.2419707245191433498],
  [-0.5, 0.30853753872598689636, 0.35206532676429947777],
  [-0.1, 0.46017216272297101633, 0.39695254747701176529],
  [0, 0.5, 0.39894228040143267794],
  [0.3, 0.61791142218895263307, 0.38138781546052408688],
  [1, 0.84134474606854294859, 0.2419707245191433498],
  [1.96, 0.97500210485177956379, 0.058440944333451464389],
  [3, 0.99865010196836990547, 0.0044318484119380071756],
  [8, 0.9999999999999993779, 5.052271083536892288e-15],
];

describe("normCdf", () => {
  it("matches 40-digit references to 8 ulp relative, including the far lower tail", () => {
    for (const [x, p] of CDF) {
      // below 1e-308 results are subnormal: compare in absolute terms of the smallest normal
      const tol = Math.max(8 * EPS * p, p < 2.3e-308 ? 1e-321 : 0);
      expect(Math.abs(normCdf(x) - p), `x=${x}`).toBeLessThanOrEqual(tol);
    }
  });
  it("is NaN for NaN, 0 and 1 at the infinities, exact at 0", () => {
    expect(normCdf(NaN)).toBeNaN();
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(0)).toBe(0.5);
  });
  it("is monotone across the branch boundaries", () => {
    let prev = -1;
    for (let x = -40; x <= 10; x += 0.001) {
      const p = normCdf(x);
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
    }
  });
  it("satisfies Φ(x) + Φ(−x) = 1 to 2 ulp", () => {
    for (let x = -6; x <= 6; x += 0.173) {
      expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThanOrEqual(2 * EPS);
    }
  });
});

describe("normPdf", () => {
  it("matches 40-digit references to 4 ulp relative", () => {
    for (const [x, , d] of CDF) {
      const tol = Math.max(4 * EPS * d, d < 2.3e-308 ? 1e-321 : 0);
      expect(Math.abs(normPdf(x) - d), `x=${x}`).toBeLessThanOrEqual(tol);
    }
  });
  it("is NaN for NaN and 0 at the infinities", () => {
    expect(normPdf(NaN)).toBeNaN();
    expect(normPdf(Infinity)).toBe(0);
    expect(normPdf(-Infinity)).toBe(0);
  });
});

describe("erfc", () => {
  const REF: Array<[number, number]> = [
    [0, 1],
    [1, 0.15729920705028513066],
    [10, 2.088487583762544757e-45],
    [26, 5.6631924088561428465e-296],
    [-0.5, 1.5204998778130465377],
    [0.9, 0.20309178757716786034],
    [1.2, 0.089686021770364631634],
  ];
  it("matches 40-digit references to 4 ulp relative", () => {
    for (const [x, v] of REF) expect(Math.abs(erfc(x) - v), `x=${x}`).toBeLessThanOrEqual(4 * EPS * v);
  });
  it("handles NaN and infinities", () => {
    expect(erfc(NaN)).toBeNaN();
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
  });
});
