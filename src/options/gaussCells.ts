/**
 * Exact Gaussian integrals of piecewise-linear functions: the quadrature of the backward-induction
 * engines (`discreteBarrier.ts`, `eventLattice.ts`).
 *
 * A value function known at the nodes of a grid is replaced by its piecewise-linear interpolant f
 * and integrated against the Gaussian transition density exactly, cell by cell ("product
 * integration"): ∫_a^b f(y)·φ((y − c)/s)/s dy in closed form from Φ and φ at the cell's ends. The
 * error is the interpolation error of f alone, O(h²) with a smooth expansion in h (so Richardson
 * extrapolation applies), whatever the ratio of the cell width h to the standard deviation s —
 * unlike sampling the density (trapezoid on V·φ), which needs h well below s and converges slowly
 * next to a barrier, where V·φ is cut off.
 *
 * Moments: with A = (a − c)/s, B = (b − c)/s, M_p = ∫_A^B u^p φ(u) du,
 * M_0 = Φ(B) − Φ(A), M_1 = φ(A) − φ(B), M_p = (p − 1)·M_{p−2} + A^{p−1}φ(A) − B^{p−1}φ(B).
 * Φ differences are taken on the side where both arguments are in the lower tail, so a cell far
 * from c keeps its relative accuracy (erfc-based `normCdf`, ~1e-15 relative).
 *
 * @module
 */
import { INV_SQRT_2PI, normCdf } from "./normal.js";

/** Φ(B) − Φ(A) for A ≤ B without cancellation when both are far in the upper tail. */
export function normCdfDiff(A: number, B: number): number {
  return A > 0 ? normCdf(-A) - normCdf(-B) : normCdf(B) - normCdf(A);
}

/**
 * The Gaussian moments M_0 … M_{n−1} of u^p φ(u) over [A, B] (module notes), written to `out`.
 * A may be −∞ and B +∞. Never throws (NaN in, NaN out).
 *
 * @param A - lower end, standardized
 * @param B - upper end, standardized (≥ A)
 * @param out - receives M_0 … M_{out.length − 1}
 * @example
 * const m = new Float64Array(3);
 * gaussMoments(-Infinity, Infinity, m); // m = [1, 0, 1] (mass, mean, variance of N(0, 1))
 */
export function gaussMoments(A: number, B: number, out: Float64Array): Float64Array {
  const n = out.length;
  const fa = A === -Infinity ? 0 : INV_SQRT_2PI * Math.exp(-0.5 * A * A);
  const fb = B === Infinity ? 0 : INV_SQRT_2PI * Math.exp(-0.5 * B * B);
  if (n > 0) out[0] = A === -Infinity && B === Infinity ? 1 : normCdfDiff(A, B);
  return higherMoments(A, B, fa, fb, out);
}

/**
 * {@link gaussMoments} for finite A ≤ B from values at the two ends that neighbouring cells share:
 * the lower tails Φ(−|A|), Φ(−|B|) and the densities φ(A), φ(B) (as INV_SQRT_2PI·exp(−x²/2)). The
 * same numbers as gaussMoments to the bit (Φ(B) of a cell with A ≤ 0 < B is computed here).
 *
 * @example
 * const t = (x: number) => normCdf(-Math.abs(x)), f = (x: number) => INV_SQRT_2PI * Math.exp(-0.5 * x * x);
 * gaussMomentsFrom(0.1, 0.3, t(0.1), t(0.3), f(0.1), f(0.3), m); // = gaussMoments(0.1, 0.3, m)
 */
export function gaussMomentsFrom(A: number, B: number, tailA: number, tailB: number, fa: number, fb: number, out: Float64Array): Float64Array {
  const n = out.length;
  if (n > 0) out[0] = A > 0 ? tailA - tailB : B <= 0 ? tailB - tailA : normCdf(B) - tailA;
  return higherMoments(A, B, fa, fb, out);
}

/**
 * The moments of order 1 and up from the mass in `out[0]` and the densities at the ends:
 * m1 = φ(A) − φ(B), m_p = (p − 1)·m_{p−2} + A^{p−1}φ(A) − B^{p−1}φ(B) (integration by parts), with
 * A^{p−1}φ(A) = 0 at an infinite end (φ decays faster than any power).
 */
function higherMoments(A: number, B: number, fa: number, fb: number, out: Float64Array): Float64Array {
  const n = out.length;
  if (n > 1) out[1] = fa - fb;
  let pa = fa === 0 ? 0 : A * fa, pb = fb === 0 ? 0 : B * fb;
  for (let p = 2; p < n; p++) {
    out[p] = (p - 1) * out[p - 2]! + pa - pb;
    pa *= A;
    pb *= B;
    if (fa === 0) pa = 0;
    if (fb === 0) pb = 0;
  }
  return out;
}

const m2 = new Float64Array(2);

/**
 * The two halves of a hat function's integral against N(c, s²): the falling half on the cell
 * [y, y + h] (weight (y + h − x)/h) and the rising half on [y − h, y] (weight (x − y + h)/h).
 * A node's full weight in a product-integration sum is the sum of the halves its cells have.
 *
 * @param y - the node
 * @param h - cell width (> 0)
 * @param c - the Gaussian's mean
 * @param s - its standard deviation (> 0)
 * @param out - [rising, falling]
 * @example
 * const w = new Float64Array(2);
 * hatHalves(0, 0.1, 0, 1, w); // [0.019930508032820038, 0.019930508032820038]: about (h/2)·φ(0) each when s ≫ h
 */
export function hatHalves(y: number, h: number, c: number, s: number, out: Float64Array): Float64Array {
  // rising half on [y − h, y]: ∫ (x − y + h)/h · g = [(c − y + h)M0 + s·M1]/h
  gaussMoments((y - h - c) / s, (y - c) / s, m2);
  out[0] = ((c - y + h) * m2[0]! + s * m2[1]!) / h;
  // falling half on [y, y + h]: ∫ (y + h − x)/h · g = [(y + h − c)M0 − s·M1]/h
  gaussMoments((y - c) / s, (y + h - c) / s, m2);
  out[1] = ((y + h - c) * m2[0]! - s * m2[1]!) / h;
  return out;
}

const m6 = new Float64Array(6);

/**
 * Add one cell of a piecewise-linear function to a Gaussian-integral jet: for f linear on [a, b]
 * (f(a) = fa, f(b) = fb) and u = (y − c)/s, out[n] += ∫_a^b f(y)·He_n(u)·φ(u) du/… for n = 0…4,
 * He_n the probabilists' Hermite polynomials (1, u, u² − 1, u³ − 3u, u⁴ − 6u² + 3). After
 * {@link scaleJet}, out[n] is the n-th derivative in c of D·∫ f(y)·φ((y − c)/s)/s dy.
 *
 * @example
 * const j = new Float64Array(5);
 * addCellJet(-50, 50, 1, 1, 0, 1, j); scaleJet(j, 1, 1); // j ≈ [1, 0, 0, 0, 0]: f = 1 integrates to 1
 */
export function addCellJet(a: number, b: number, fa: number, fb: number, c: number, s: number, out: Float64Array): void {
  gaussMoments((a - c) / s, (b - c) / s, m6);
  addCellJetMoments(m6, a, b, fa, fb, c, s, out);
}

/**
 * {@link addCellJet} with the cell's moments M_0…M_5 already computed (`gaussMoments` of
 * (a − c)/s, (b − c)/s with six outputs): several functions on one cell share them.
 *
 * @example
 * gaussMoments((a - c) / s, (b - c) / s, m6);
 * for (const [V, out] of legs) addCellJetMoments(m6, a, b, V[k], V[k + 1], c, s, out);
 */
export function addCellJetMoments(m: Float64Array, a: number, b: number, fa: number, fb: number, c: number, s: number, out: Float64Array): void {
  // f(y) = fa + slope·(y − a) = p + q·u with y = c + s·u
  const slope = (fb - fa) / (b - a);
  const p = fa + slope * (c - a);
  const q = slope * s;
  const M0 = m[0]!, M1 = m[1]!, M2 = m[2]!, M3 = m[3]!, M4 = m[4]!, M5 = m[5]!;
  out[0] += p * M0 + q * M1;
  out[1] += p * M1 + q * M2;
  out[2] += p * (M2 - M0) + q * (M3 - M1);
  out[3] += p * (M3 - 3 * M1) + q * (M4 - 3 * M2);
  out[4] += p * (M4 - 6 * M2 + 3 * M0) + q * (M5 - 6 * M3 + 3 * M1);
}

/**
 * Turn the sums of {@link addCellJet} into derivatives in c: out[n] ×= D / sⁿ.
 *
 * @example
 * scaleJet(Float64Array.of(1, 1, 1, 1, 1), 2, 0.5); // [2, 4, 8, 16, 32]
 */
export function scaleJet(out: Float64Array, D: number, s: number): Float64Array {
  let scale = D;
  for (let n = 0; n < out.length; n++) {
    out[n] *= scale;
    scale /= s;
  }
  return out;
}
