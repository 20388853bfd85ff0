/**
 * Monotone piecewise-cubic interpolation (Fritsch & Carlson, "Monotone piecewise cubic
 * interpolation", SIAM J. Numer. Anal. 17 (1980) 238–246): a cubic Hermite spline through the
 * points whose tangents are limited so that it is monotone on every interval where the data are,
 * never overshoots a data point, and has its extrema only at data points. The smile's fallback where
 * an SVI fit fails: it cannot invent a wiggle (and so a butterfly arbitrage) the quotes do not have.
 *
 * Outside the data it is flat (the end values): total variance constant in k, i.e. the end vols.
 *
 * Hand-written (about 40 lines) rather than a dependency: neither mathjs nor jstat has a monotone
 * spline, and the evaluation sits in the sticky-moneyness profile's inner loop.
 *
 * @module
 */

/** A monotone cubic: knots, values and the limited tangents. */
export interface MonotoneCubic {
  /** ascending knots */
  x: Float64Array;
  /** values at the knots */
  y: Float64Array;
  /** tangents dy/dx at the knots */
  d: Float64Array;
}

/**
 * Build the Fritsch–Carlson interpolant through (x, y).
 *
 * Tangents: the mean of the two neighbouring secants (one-sided at the ends), zero where the
 * secants change sign or one is zero, then scaled down on each interval where (α, β) =
 * (d_i, d_{i+1}) / secant leaves the circle α² + β² ≤ 9 (the paper's sufficient condition).
 *
 * @param x - strictly ascending knots (at least 1)
 * @param y - values, same length
 * @throws RangeError when the lengths differ, there is no knot, or x does not strictly ascend
 * @example
 * const s = monotoneCubic([0, 1, 2], [0, 1, 1]);
 * monotoneAt(s, 1.5); // 1 (flat where the data are flat: no overshoot)
 * monotoneAt(s, 0.5); // 0.625
 */
export function monotoneCubic(x: ArrayLike<number>, y: ArrayLike<number>): MonotoneCubic {
  const n = x.length;
  if (n < 1 || y.length !== n) throw new RangeError(`a monotone cubic needs as many values as knots, at least one (got ${n} knots, ${y.length} values)`);
  const X = Float64Array.from(x);
  const Y = Float64Array.from(y);
  for (let i = 1; i < n; i++) {
    if (!(X[i]! > X[i - 1]!)) throw new RangeError(`knots must strictly ascend (knot ${i} is ${X[i]} after ${X[i - 1]})`);
  }
  const d = new Float64Array(n);
  if (n === 1) return { x: X, y: Y, d };
  const s = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) s[i] = (Y[i + 1]! - Y[i]!) / (X[i + 1]! - X[i]!);
  d[0] = s[0]!;
  d[n - 1] = s[n - 2]!;
  for (let i = 1; i < n - 1; i++) d[i] = s[i - 1]! * s[i]! <= 0 ? 0 : 0.5 * (s[i - 1]! + s[i]!);
  for (let i = 0; i < n - 1; i++) {
    if (s[i] === 0) {
      d[i] = 0;
      d[i + 1] = 0;
      continue;
    }
    const a = d[i]! / s[i]!;
    const b = d[i + 1]! / s[i]!;
    const r = a * a + b * b;
    if (r > 9) {
      const t = 3 / Math.sqrt(r);
      d[i] = t * a * s[i]!;
      d[i + 1] = t * b * s[i]!;
    }
  }
  return { x: X, y: Y, d };
}

/** Index i of the interval [x_i, x_{i+1}] holding v (0 ≤ i ≤ n − 2); the caller handles the ends. */
function interval(x: Float64Array, v: number): number {
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The interpolant's value at v (flat beyond the knots; NaN for NaN).
 *
 * @example
 * monotoneAt(monotoneCubic([0, 1], [2, 4]), 7); // 4
 */
export function monotoneAt(c: MonotoneCubic, v: number): number {
  return monotoneDerivatives(c, v).y;
}

/**
 * Value, first and second derivative at v (the second is piecewise linear: the spline is C¹);
 * beyond the knots the value is the end value and both derivatives are 0.
 *
 * @example
 * monotoneDerivatives(monotoneCubic([0, 1, 2], [0, 1, 4]), 0.5);
 * // { y: 0.375, y1: 0.75, y2: 1 }
 */
export function monotoneDerivatives(c: MonotoneCubic, v: number): { y: number; y1: number; y2: number } {
  const { x, y, d } = c;
  const n = x.length;
  if (v !== v) return { y: NaN, y1: NaN, y2: NaN };
  if (n === 1 || v <= x[0]!) return { y: y[0]!, y1: 0, y2: 0 };
  if (v >= x[n - 1]!) return { y: y[n - 1]!, y1: 0, y2: 0 };
  const i = interval(x, v);
  const h = x[i + 1]! - x[i]!;
  const t = (v - x[i]!) / h;
  const y0 = y[i]!, y1 = y[i + 1]!, m0 = d[i]! * h, m1 = d[i + 1]! * h;
  // Hermite basis on t ∈ [0, 1]
  const t2 = t * t, t3 = t2 * t;
  const val = (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * y1 + (t3 - t2) * m1;
  const dt = (6 * t2 - 6 * t) * y0 + (3 * t2 - 4 * t + 1) * m0 + (-6 * t2 + 6 * t) * y1 + (3 * t2 - 2 * t) * m1;
  const dtt = (12 * t - 6) * y0 + (6 * t - 4) * m0 + (-12 * t + 6) * y1 + (6 * t - 2) * m1;
  return { y: val, y1: dt / h, y2: dtt / (h * h) };
}
