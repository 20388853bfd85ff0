/**
 * The profile kernel: dealer dollar gamma, vanna and charm (and optionally delta) of a whole book
 * at every point of a price grid, sticky strike. The hot loop of gexray.
 *
 * For a group with dealer weight W, put weight Wp, time T, vol σ, s = σ√T, yield q, carry
 * b = r − q, dq = e^(−qT), and with x = ln(P/S) the log distance of grid price P from spot S:
 *
 *   d1(P) = x/s + u0, u0 = (ln(S/K) + bT)/s + s/2, d2 = d1 − s
 *   dollar gamma(P) = 0.01·P · Σ (W·dq/s)·φ(d1)                       [= Σ W·Γ·P²·0.01]
 *   dollar vanna(P) = 0.01·P · Σ (−W·dq/σ)·φ(d1)·d2                    [= Σ W·vanna·P·0.01]
 *   dollar charm(P) = P/365 · Σ [ −W·dq·(b/s)·φ + W·dq/(2T)·φ·d2 + q·dq·(W·N(d1) − Wp) ]
 *   dealer delta(P) = Σ dq·(W·N(d1) − Wp)  (underlying units)
 *
 * (Haug 2007 ch. 2, the same formulas as options/bsm.ts; put charm and delta differ from the call's
 * only by the constant −q·dq and −dq.) The per-point factors P, 0.01 and 1/365 are applied once at
 * the end, so the inner loop only accumulates φ and φ·d2 per group.
 *
 * Speed comes from rearrangements that change results only at the rounding level (the window drops
 * terms below 2.6e-18 of each contract's largest):
 * 1. **Window.** φ(d1) < 2.6e-18·φ(0) for |d1| > 9, so each group only visits grid points with
 *    |d1| ≤ 9 (a binary search on x finds them); outside it N(d1) is 0 or 1 to within 1.2e-19, so
 *    the constant N = 1 part is added over the rest of the grid with a difference array (O(1) per
 *    group), and −q·dq·Wp (present everywhere) as one scalar.
 * 2. **Log grid.** With x_k equally spaced by Δx, d1 is linear in k, so
 *    φ(d1_{k+1}) = φ(d1_k)·ρ_k and ρ_{k+1} = ρ_k·e^(−δ²), δ = Δx/s: two multiplies per point instead
 *    of an exp. The recurrence restarts from an exact exp every {@link RESTART} points, bounding the
 *    rounding growth to about RESTART²/2·ε ≈ 7e-12 relative (4e-11 with degree-5 Taylor steps, below).
 * 3. **Any other grid** (linear by default): ρ_{k+1}/ρ_k = exp(y_k) with
 *    y_k = −Q_k/s² − (u0/s)·L_k, where Q_k and L_k (second differences of x²/2 and x) are shared by
 *    every group and precomputed once. |y| is small (≈ δ²), so exp(y) is a Taylor polynomial: degree
 *    3 when |y| ≤ 2.5e-4 (truncation ≤ 1.6e-16 relative per step), degree 5 when |y| ≤ 0.01
 *    (≤ 1.4e-15), the bound checked per group; groups with larger |y|, i.e. windows of a few hundred
 *    points at most, take an exact exp per point.
 * 4. **Carry.** N(d1) is evaluated (normCdf) only inside the window and only when the group has a
 *    yield (q ≠ 0: Black-76 forwards, dividends) or the delta profile is asked for.
 * 5. **Pairs.** Groups taking the same loop run two at a time over the overlap of their windows, so
 *    two independent recurrences share each point's accumulator loads and stores; where WebAssembly
 *    SIMD is available (node ≥ 16) the pair loops run as f64x2 vector code (simd.ts), one group per
 *    lane, about twice as fast again. JavaScript loops remain for single groups and as the fallback.
 *
 * 6. **Coarse levels** (coarse.ts, used by runKernel): a group many grid steps wide is computed on
 *    a coarser log grid (≥ 7 samples per unit of d1, the exact recurrence of 2.) and the summed
 *    accumulators are interpolated onto the target grid (20-point Lagrange, ≤ 1.4e-13 of each
 *    group's peak), so a wide group costs a few hundred points at any target resolution.
 *
 * The accuracy contract (tested against per-contract evaluation with the library's vanilla()):
 * every profile value within 1e-9 of the profile's largest magnitude (in practice ~1e-13), apart
 * from the terms the window leaves out by design (density terms at |d1| > 9, N tails below 1.2e-19)
 * and the rounding of writing a put's N(−d1) as 1 − N(d1) (a few ε of Σ|q·e^(−qT)·W|·P/365 in
 * charm, of Σ|e^(−qT)·W| in delta), which matter only when the whole profile is negligible next to
 * them (a grid far from every strike).
 *
 * Kernels never throw; they take validated inputs from profile.ts.
 *
 * @module
 */
import { normCdf } from "../options/normal.js";
import type { Book } from "./book.js";
import type { PriceGrid } from "./grid.js";
import { foldSimd, GRID_OFFSET, simdEngine, type SimdEngine } from "./simd.js";

const INV_SQRT_2PI = 0.3989422804014327;

/** Half-width of a group's window in d1 units: φ(9)/φ(0) = e^(−40.5) ≈ 2.6e-18. */
export const WINDOW = 9;

/** Points between exact restarts of the multiplicative recurrences (2 exps per group per block). */
export const RESTART = 256;

/** Largest |y| for which a (degree-5) Taylor step of the general-grid recurrence is used: y⁶/720 ≤ 1.4e-15. */
const YMAX = 0.01;

/** Below this σ√T a group takes the deterministic limit (as options/bsm.ts does). */
const MIN_STDDEV = 1e-150;

/** Doubles per group in the packed parameter array. */
export const STRIDE = 10;

/**
 * Pack a book into the kernel's per-group constants (one Float64Array, {@link STRIDE} doubles per
 * group): s, u0 (or x* for σ√T = 0), gamma, vanna, charm-φ, charm-φd2, charm-N, charm-constant,
 * delta-N and delta-constant coefficients.
 *
 * @param book - the groups
 * @param spot - the reference spot S of x = ln(P/S)
 * @param shared - allocate on a SharedArrayBuffer (for worker threads)
 * @returns the packed constants
 * @example
 * kernelParams(book, 4697.24).length === book.length * STRIDE; // true
 */
export function kernelParams(book: Book, spot: number, shared = false): Float64Array {
  const n = book.length;
  const p = shared ? new Float64Array(new SharedArrayBuffer(n * STRIDE * 8)) : new Float64Array(n * STRIDE);
  const r = book.rate;
  const lnS = Math.log(spot);
  for (let g = 0; g < n; g++) {
    const T = book.time[g]!;
    const sigma = book.vol[g]!;
    const q = book.yield[g]!;
    const W = book.weight[g]!;
    const Wp = book.putWeight[g]!;
    const b = r - q;
    const dq = Math.exp(-q * T);
    const s = sigma * Math.sqrt(T);
    const lnK = Math.log(book.strike[g]!);
    const o = g * STRIDE;
    p[o + 6] = q * dq * W;
    p[o + 7] = -q * dq * Wp;
    p[o + 8] = dq * W;
    p[o + 9] = -dq * Wp;
    if (!(s > MIN_STDDEV)) {
      // deterministic: N(d1) steps from 0 to 1 where the forward crosses the strike, x* = ln(K/S) − bT
      p[o] = 0;
      p[o + 1] = lnK - lnS - b * T;
      continue;
    }
    p[o] = s;
    p[o + 1] = (lnS - lnK + b * T) / s + 0.5 * s;
    p[o + 2] = (W * dq) / s;
    p[o + 3] = (-W * dq) / sigma;
    p[o + 4] = (-W * dq * b) / s;
    p[o + 5] = (W * dq) / (2 * T);
  }
  return p;
}

/** A grid prepared for the kernel: log distances from spot and the shared recurrence terms. */
export interface KernelGrid {
  /** points */
  m: number;
  /** x_k = ln(P_k/S) */
  x: Float64Array;
  /** e_k = x_{k+1} − x_k (accurate: log1p of the relative step); length m, last 0 */
  e: Float64Array;
  /** Q_k = second difference of x²/2 at k; length m, last two 0 */
  Q: Float64Array;
  /** L_k = second difference of x at k; length m, last two 0 */
  L: Float64Array;
  /** max |Q_k| and max |L_k| */
  qmax: number;
  lmax: number;
  /** equally spaced in x: the exact multiplicative recurrence applies */
  log: boolean;
  /** the spacing Δx of a log grid (0 otherwise) */
  dx: number;
}

/**
 * Prepare a grid for the kernel.
 *
 * @param grid - ascending prices
 * @param spot - reference spot S (the same as given to {@link kernelParams})
 * @example
 * kernelGrid(priceGrid({ spot: 100, log: true }), 100).log; // true
 */
export function kernelGrid(grid: PriceGrid, spot: number): KernelGrid {
  const P = grid.prices;
  const m = P.length;
  const x = new Float64Array(m);
  const e = new Float64Array(m);
  const Q = new Float64Array(m);
  const L = new Float64Array(m);
  for (let k = 0; k < m; k++) x[k] = Math.log(P[k]! / spot);
  for (let k = 0; k + 1 < m; k++) e[k] = Math.log1p((P[k + 1]! - P[k]!) / P[k]!);
  let qmax = 0;
  let lmax = 0;
  for (let k = 0; k + 2 < m; k++) {
    const q = 0.5 * (e[k + 1]! * (x[k + 1]! + x[k + 2]!) - e[k]! * (x[k]! + x[k + 1]!));
    const l = e[k + 1]! - e[k]!;
    Q[k] = q;
    L[k] = l;
    if (Math.abs(q) > qmax) qmax = Math.abs(q);
    if (Math.abs(l) > lmax) lmax = Math.abs(l);
  }
  const log = grid.log && m > 1;
  return { m, x, e, Q, L, qmax, lmax, log, dx: log ? (x[m - 1]! - x[0]!) / (m - 1) : 0 };
}

/**
 * Length of an accumulator for an m-point grid: φ terms (3 per point), N terms (2 per point), two
 * difference arrays (m + 1 each) and two constants.
 *
 * @example
 * accLength(500); // 3504
 */
export function accLength(m: number): number {
  return 7 * m + 4;
}

/**
 * First index k in [0, m) with x[k] ≥ v (m when none).
 *
 * @example
 * lowerBound(Float64Array.of(1, 2, 3), 3, 2); // 1
 */
export function lowerBound(x: Float64Array, m: number, v: number): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * First index k in [0, m) with x[k] > v (m when none).
 *
 * @example
 * upperBound(Float64Array.of(1, 2, 3), 3, 2); // 2
 */
export function upperBound(x: Float64Array, m: number, v: number): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * {@link lowerBound} (`upper` false) or {@link upperBound} (`upper` true) on a kernel grid: on an
 * equally spaced grid from the arithmetic estimate, walked to the exact answer (the same index the
 * binary search gives); otherwise by binary search.
 */
function gridBound(grid: KernelGrid, v: number, upper: boolean): number {
  const { x, m } = grid;
  if (!grid.log) return upper ? upperBound(x, m, v) : lowerBound(x, m, v);
  let k = Math.ceil((v - x[0]!) / grid.dx);
  if (!(k >= 0)) k = 0;
  else if (k > m) k = m;
  if (upper) {
    while (k > 0 && x[k - 1]! > v) k--;
    while (k < m && x[k]! <= v) k++;
  } else {
    while (k > 0 && x[k - 1]! >= v) k--;
    while (k < m && x[k]! < v) k++;
  }
  return k;
}

/** Window loops: the exact log recurrence, Taylor steps of degree 3 or 5, or an exp per point. */
const PATH_LOG = 0;
const PATH_T3 = 1;
const PATH_T5 = 2;
const PATH_DIRECT = 3;

/** Largest |y| for a degree-3 Taylor step: y⁴/24 ≤ 1.6e-16. */
const YMAX3 = 2.5e-4;

/**
 * Accumulate groups g0, g0 + step, … < g1 of the packed parameters into `acc` (see
 * {@link accLength} for its layout).
 *
 * Groups that take the same window loop are processed two at a time over the overlap of their
 * windows (two independent recurrences per grid point share the loads and stores of the
 * accumulator and hide each other's multiply latency); the parts outside the overlap, and a group
 * left without a partner, run alone.
 *
 * @param p - packed constants from {@link kernelParams}
 * @param g0 - first group
 * @param g1 - end of the range (exclusive)
 * @param step - group stride (1, or the thread count when threads interleave)
 * @param grid - the prepared grid
 * @param acc - accumulator of length accLength(grid.m), added to
 * @param wantDelta - also accumulate the dealer delta profile
 * @returns the number of (group, point) pairs evaluated inside windows
 * @example
 * const acc = new Float64Array(accLength(kg.m));
 * kernelRange(kernelParams(book, S), 0, book.length, 1, kg, acc, false);
 */
export function kernelRange(
  p: Float64Array, g0: number, g1: number, step: number, grid: KernelGrid, acc: Float64Array, wantDelta: boolean,
): number {
  const groups = new Int32Array(Math.max(0, Math.ceil((g1 - g0) / step)));
  let count = 0;
  for (let g = g0; g < g1; g += step) groups[count++] = g;
  return kernelGroups(p, groups, count, grid, acc, wantDelta);
}

/**
 * {@link kernelRange} over a list of groups: `groups[0…count)` (ascending group numbers), on
 * `grid`, into `acc` (accLength(grid.m)).
 *
 * @returns the number of (group, point) pairs evaluated inside windows
 * @example
 * kernelGroups(params, Int32Array.of(0, 2, 5), 3, kg, acc, false);
 */
export function kernelGroups(
  p: Float64Array, groups: Int32Array, count: number, grid: KernelGrid, acc: Float64Array, wantDelta: boolean,
): number {
  const m = grid.m;
  const x = grid.x;
  const offN = 3 * m;
  const offD = 4 * m;
  const offDC = 5 * m;
  const offDD = 6 * m + 1;
  const offK = 7 * m + 2;
  // the WebAssembly SIMD pair loops, where available
  const simd = simdEngine(grid);
  // per loop kind, a group waiting for a partner: its parameter offset (−1: none) and its window
  let waitLog = -1;
  let waitLog0 = 0;
  let waitLog1 = 0;
  let waitT3 = -1;
  let waitT30 = 0;
  let waitT31 = 0;
  let waitT5 = -1;
  let waitT50 = 0;
  let waitT51 = 0;
  let points = 0;
  for (let t = 0; t < count; t++) {
    const o = groups[t]! * STRIDE;
    const s = p[o]!;
    const u0 = p[o + 1]!;
    const nA = p[o + 6]!;
    const dA = p[o + 8]!;
    acc[offK] += p[o + 7]!;
    if (wantDelta) acc[offK + 1] += p[o + 9]!;
    if (!(s > 0)) {
      // deterministic limit: N = 0 below x*, ½ at it, 1 above
      let k1 = gridBound(grid, u0, false);
      if (k1 < m && x[k1] === u0) {
        acc[offN + k1] += 0.5 * nA;
        if (wantDelta) acc[offD + k1] += 0.5 * dA;
        k1++;
      }
      acc[offDC + k1] += nA;
      if (wantDelta) acc[offDD + k1] += dA;
      continue;
    }
    const k0 = gridBound(grid, s * (-WINDOW - u0), false);
    const k1 = gridBound(grid, s * (WINDOW - u0), true);
    // beyond the window N(d1) = 1
    acc[offDC + k1] += nA;
    if (wantDelta) acc[offDD + k1] += dA;
    if (k0 >= k1) continue;
    points += k1 - k0;
    const is = 1 / s;
    if (nA !== 0 || (wantDelta && dA !== 0)) {
      for (let k = k0; k < k1; k++) {
        const N = normCdf(x[k]! * is + u0);
        acc[offN + k] += nA * N;
        if (wantDelta) acc[offD + k] += dA * N;
      }
    }
    let path = PATH_LOG;
    if (!grid.log) {
      const y = grid.qmax * is * is + Math.abs(u0) * is * grid.lmax;
      path = y <= YMAX3 ? PATH_T3 : y <= YMAX ? PATH_T5 : PATH_DIRECT;
    }
    if (path === PATH_LOG) {
      if (waitLog < 0) {
        waitLog = o;
        waitLog0 = k0;
        waitLog1 = k1;
      } else {
        pairWindows(PATH_LOG, p, waitLog, waitLog0, waitLog1, o, k0, k1, grid, acc, simd);
        waitLog = -1;
      }
    } else if (path === PATH_T3) {
      if (waitT3 < 0) {
        waitT3 = o;
        waitT30 = k0;
        waitT31 = k1;
      } else {
        pairWindows(PATH_T3, p, waitT3, waitT30, waitT31, o, k0, k1, grid, acc, simd);
        waitT3 = -1;
      }
    } else if (path === PATH_T5) {
      if (waitT5 < 0) {
        waitT5 = o;
        waitT50 = k0;
        waitT51 = k1;
      } else {
        pairWindows(PATH_T5, p, waitT5, waitT50, waitT51, o, k0, k1, grid, acc, simd);
        waitT5 = -1;
      }
    } else {
      directWindow(p, o, k0, k1, grid, acc);
    }
  }
  if (waitLog >= 0) singleWindow(PATH_LOG, p, waitLog, waitLog0, waitLog1, grid, acc);
  if (waitT3 >= 0) singleWindow(PATH_T3, p, waitT3, waitT30, waitT31, grid, acc);
  if (waitT5 >= 0) singleWindow(PATH_T5, p, waitT5, waitT50, waitT51, grid, acc);
  if (simd !== null) foldSimd(simd, acc, m);
  return points;
}

/** One group's φ terms over [k0, k1) with the given loop. */
function singleWindow(path: number, p: Float64Array, o: number, k0: number, k1: number, grid: KernelGrid, acc: Float64Array): void {
  if (k0 >= k1) return;
  if (path === PATH_LOG) logWindow(p, o, k0, k1, grid, acc);
  else if (path === PATH_T3) taylor3Window(p, o, k0, k1, grid, acc);
  else taylor5Window(p, o, k0, k1, grid, acc);
}

/** Two groups that take the same loop: together over the overlap of their windows, alone outside it. */
function pairWindows(
  path: number, p: Float64Array, oa: number, a0: number, a1: number, ob: number, b0: number, b1: number, grid: KernelGrid, acc: Float64Array,
  simd: SimdEngine | null,
): void {
  const lo = a0 > b0 ? a0 : b0;
  const hi = a1 < b1 ? a1 : b1;
  if (hi - lo < 8) {
    singleWindow(path, p, oa, a0, a1, grid, acc);
    singleWindow(path, p, ob, b0, b1, grid, acc);
    return;
  }
  singleWindow(path, p, oa, a0, lo, grid, acc);
  singleWindow(path, p, ob, b0, lo, grid, acc);
  if (simd !== null) {
    if (path === PATH_LOG) logPairSimd(simd, p, oa, ob, lo, hi, grid);
    else taylorPairSimd(simd, path === PATH_T3 ? 3 : 5, p, oa, ob, lo, hi, grid);
  } else if (path === PATH_LOG) logPair(p, oa, ob, lo, hi, grid, acc);
  else if (path === PATH_T3) taylor3Pair(p, oa, ob, lo, hi, grid, acc);
  else taylor5Pair(p, oa, ob, lo, hi, grid, acc);
  singleWindow(path, p, oa, hi, a1, grid, acc);
  singleWindow(path, p, ob, hi, b1, grid, acc);
}

/** φ terms over [k0, k1) on an equally spaced x grid: the exact two-multiply recurrence. */
function logWindow(p: Float64Array, o: number, k0: number, k1: number, grid: KernelGrid, acc: Float64Array): void {
  const x = grid.x;
  const s = p[o]!;
  const u0 = p[o + 1]!;
  const cg = p[o + 2]!;
  const cv = p[o + 3]!;
  const c0 = p[o + 4]!;
  const c1 = p[o + 5]!;
  const is = 1 / s;
  const del = grid.dx * is;
  const cst = Math.exp(-del * del);
  let k = k0;
  while (k < k1) {
    const end = k + RESTART < k1 ? k + RESTART : k1;
    const u = x[k]! * is + u0;
    let f = INV_SQRT_2PI * Math.exp(-0.5 * u * u);
    let rho = Math.exp(-del * (u + 0.5 * del));
    let d2 = u - s;
    let j = 3 * k;
    for (; k < end; k++, j += 3) {
      const fd = f * d2;
      acc[j] += cg * f;
      acc[j + 1] += cv * fd;
      acc[j + 2] += c0 * f + c1 * fd;
      f *= rho;
      rho *= cst;
      d2 += del;
    }
  }
}

/** Two groups at once over [k0, k1), log grid. */
function logPair(p: Float64Array, oa: number, ob: number, k0: number, k1: number, grid: KernelGrid, acc: Float64Array): void {
  const x = grid.x;
  const sa = p[oa]!;
  const ua0 = p[oa + 1]!;
  const cga = p[oa + 2]!;
  const cva = p[oa + 3]!;
  const c0a = p[oa + 4]!;
  const c1a = p[oa + 5]!;
  const sb = p[ob]!;
  const ub0 = p[ob + 1]!;
  const cgb = p[ob + 2]!;
  const cvb = p[ob + 3]!;
  const c0b = p[ob + 4]!;
  const c1b = p[ob + 5]!;
  const isa = 1 / sa;
  const isb = 1 / sb;
  const dela = grid.dx * isa;
  const delb = grid.dx * isb;
  const csta = Math.exp(-dela * dela);
  const cstb = Math.exp(-delb * delb);
  let k = k0;
  while (k < k1) {
    const end = k + RESTART < k1 ? k + RESTART : k1;
    const ua = x[k]! * isa + ua0;
    const ub = x[k]! * isb + ub0;
    let fa = INV_SQRT_2PI * Math.exp(-0.5 * ua * ua);
    let fb = INV_SQRT_2PI * Math.exp(-0.5 * ub * ub);
    let rhoa = Math.exp(-dela * (ua + 0.5 * dela));
    let rhob = Math.exp(-delb * (ub + 0.5 * delb));
    let d2a = ua - sa;
    let d2b = ub - sb;
    let j = 3 * k;
    for (; k < end; k++, j += 3) {
      const fda = fa * d2a;
      const fdb = fb * d2b;
      acc[j] += cga * fa + cgb * fb;
      acc[j + 1] += cva * fda + cvb * fdb;
      acc[j + 2] += c0a * fa + c1a * fda + c0b * fb + c1b * fdb;
      fa *= rhoa;
      fb *= rhob;
      rhoa *= csta;
      rhob *= cstb;
      d2a += dela;
      d2b += delb;
    }
  }
}

/** {@link logPair} with the f64x2 loop of simd.ts: JavaScript sets up each block, WebAssembly runs it. */
function logPairSimd(e: SimdEngine, p: Float64Array, oa: number, ob: number, k0: number, k1: number, grid: KernelGrid): void {
  const x = grid.x;
  const f = e.f64;
  const sa = p[oa]!;
  const ua0 = p[oa + 1]!;
  const sb = p[ob]!;
  const ub0 = p[ob + 1]!;
  const isa = 1 / sa;
  const isb = 1 / sb;
  const dela = grid.dx * isa;
  const delb = grid.dx * isb;
  // block parameters: f, rho, d2 (set per block), del, cst, cg, cv, c0, c1 (lane a, lane b)
  f[6] = dela;
  f[7] = delb;
  f[8] = Math.exp(-dela * dela);
  f[9] = Math.exp(-delb * delb);
  for (let i = 0; i < 4; i++) {
    f[10 + 2 * i] = p[oa + 2 + i]!;
    f[11 + 2 * i] = p[ob + 2 + i]!;
  }
  let k = k0;
  while (k < k1) {
    const end = k + RESTART < k1 ? k + RESTART : k1;
    const ua = x[k]! * isa + ua0;
    const ub = x[k]! * isb + ub0;
    f[0] = INV_SQRT_2PI * Math.exp(-0.5 * ua * ua);
    f[1] = INV_SQRT_2PI * Math.exp(-0.5 * ub * ub);
    f[2] = Math.exp(-dela * (ua + 0.5 * dela));
    f[3] = Math.exp(-delb * (ub + 0.5 * delb));
    f[4] = ua - sa;
    f[5] = ub - sb;
    e.logPair(e.accOffset + 48 * k, end - k);
    k = end;
  }
}

/** {@link taylor3Pair} / {@link taylor5Pair} with the f64x2 loops of simd.ts. */
function taylorPairSimd(e: SimdEngine, degree: 3 | 5, p: Float64Array, oa: number, ob: number, k0: number, k1: number, grid: KernelGrid): void {
  const x = grid.x;
  const f = e.f64;
  const sa = p[oa]!;
  const ua0 = p[oa + 1]!;
  const sb = p[ob]!;
  const ub0 = p[ob + 1]!;
  const isa = 1 / sa;
  const isb = 1 / sb;
  // block parameters: f, rho (set per block), is, u0s, a2, a1, cg, cv, c0, c1, then 1, ½, 1/6, 1/24, 1/120
  f[4] = isa;
  f[5] = isb;
  f[6] = ua0 - sa;
  f[7] = ub0 - sb;
  f[8] = -isa * isa;
  f[9] = -isb * isb;
  f[10] = -ua0 * isa;
  f[11] = -ub0 * isb;
  for (let i = 0; i < 4; i++) {
    f[12 + 2 * i] = p[oa + 2 + i]!;
    f[13 + 2 * i] = p[ob + 2 + i]!;
  }
  const h = [1, 0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333];
  for (let i = 0; i < 5; i++) f[20 + 2 * i] = f[21 + 2 * i] = h[i]!;
  const run = degree === 3 ? e.taylor3Pair : e.taylor5Pair;
  let k = k0;
  while (k < k1) {
    const end = k + RESTART < k1 ? k + RESTART : k1;
    const ua = x[k]! * isa + ua0;
    const ub = x[k]! * isb + ub0;
    f[0] = INV_SQRT_2PI * Math.exp(-0.5 * ua * ua);
    f[1] = INV_SQRT_2PI * Math.exp(-0.5 * ub * ub);
    f[2] = firstRatio(grid, k, ua, isa);
    f[3] = firstRatio(grid, k, ub, isb);
    run(e.accOffset + 48 * k, end - k, GRID_OFFSET + 24 * k);
    k = end;
  }
}

/** ρ_k = φ_{k+1}/φ_k = exp(−(u_{k+1} − u_k)(u_{k+1} + u_k)/2), u_{k+1} − u_k = e_k/s (0 at the last point). */
function firstRatio(grid: KernelGrid, k: number, u: number, is: number): number {
  if (k + 1 >= grid.m) return 0;
  const de = grid.e[k]! * is;
  return Math.exp(-0.5 * de * (2 * u + de));
}

/** φ terms over [k0, k1) on any grid: recurrence with a degree-3 Taylor step for the varying ratio. */
function taylor3Window(p: Float64Array, o: number, k0: number, k1: number, grid: KernelGrid, acc: Float64Array): void {
  const { x, Q, L } = grid;
  const s = p[o]!;
  const u0 = p[o + 1]!;
  const cg = p[o + 2]!;
  const cv = p[o + 3]!;
  const c0 = p[o + 4]!;
  const c1 = p[o + 5]!;
  const is = 1 / s;
  const a2 = -is * is;
  const a1 = -u0 * is;
  const u0s = u0 - s;
  let k = k0;
  while (k < k1) {
    const end = k + RESTART < k1 ? k + RESTART : k1;
    const u = x[k]! * is + u0;
    let f = INV_SQRT_2PI * Math.exp(-0.5 * u * u);
    let rho = firstRatio(grid, k, u, is);
    let j = 3 * k;
    for (; k < end; k++, j += 3) {
      const fd = f * (x[k]! * is + u0s);
      acc[j] += cg * f;
      acc[j + 1] += cv * fd;
      acc[j + 2] += c0 * f + c1 * fd;
      f *= rho;
      const y = a2 * Q[k]! + a1 * L[k]!;
      rho *= 1 + y * (1 + y * (0.5 + y * 0.16666666666666666));
    }
  }
}

/** φ terms over [k0, k1) on any grid: recurrence with a degree-5 Taylor step. */
function taylor5Window(p: Float64Array, o: number, k0: number, k1: number, grid: KernelGrid, acc: Float64Array): void {
  const { x, Q, L } = grid;
  const s = p[o]!;
  const u0 = p[o + 1]!;
  const cg = p[o + 2]!;
  const cv = p[o + 3]!;
  const c0 = p[o + 4]!;
  const c1 = p[o + 5]!;
  const is = 1 / s;
  const a2 = -is * is;
  const a1 = -u0 * is;
  const u0s = u0 - s;
  let k = k0;
  while (k < k1) {
    const end = k + RESTART < k1 ? k + RESTART : k1;
    const u = x[k]! * is + u0;
    let f = INV_SQRT_2PI * Math.exp(-0.5 * u * u);
    let rho = firstRatio(grid, k, u, is);
    let j = 3 * k;
    for (; k < end; k++, j += 3) {
      const fd = f * (x[k]! * is + u0s);
      acc[j] += cg * f;
      acc[j + 1] += cv * fd;
      acc[j + 2] += c0 * f + c1 * fd;
      f *= rho;
      const y = a2 * Q[k]! + a1 * L[k]!;
      rho *= 1 + y * (1 + y * (0.5 + y * (0.16666666666666666 + y * (0.041666666666666664 + y * 0.008333333333333333))));
    }
  }
}

/** Two groups at once over [k0, k1), any grid, degree-3 Taylor steps. */
function taylor3Pair(p: Float64Array, oa: number, ob: number, k0: number, k1: number, grid: KernelGrid, acc: Float64Array): void {
  const { x, Q, L } = grid;
  const sa = p[oa]!;
  const ua0 = p[oa + 1]!;
  const cga = p[oa + 2]!;
  const cva = p[oa + 3]!;
  const c0a = p[oa + 4]!;
  const c1a = p[oa + 5]!;
  const sb = p[ob]!;
  const ub0 = p[ob + 1]!;
  const cgb = p[ob + 2]!;
  const cvb = p[ob + 3]!;
  const c0b = p[ob + 4]!;
  const c1b = p[ob + 5]!;
  const isa = 1 / sa;
  const isb = 1 / sb;
  const a2a = -isa * isa;
  const a1a = -ua0 * isa;
  const u0sa = ua0 - sa;
  const a2b = -isb * isb;
  const a1b = -ub0 * isb;
  const u0sb = ub0 - sb;
  let k = k0;
  while (k < k1) {
    const end = k + RESTART < k1 ? k + RESTART : k1;
    const ua = x[k]! * isa + ua0;
    const ub = x[k]! * isb + ub0;
    let fa = INV_SQRT_2PI * Math.exp(-0.5 * ua * ua);
    let fb = INV_SQRT_2PI * Math.exp(-0.5 * ub * ub);
    let rhoa = firstRatio(grid, k, ua, isa);
    let rhob = firstRatio(grid, k, ub, isb);
    let j = 3 * k;
    for (; k < end; k++, j += 3) {
      const xk = x[k]!;
      const qk = Q[k]!;
      const lk = L[k]!;
      const fda = fa * (xk * isa + u0sa);
      const fdb = fb * (xk * isb + u0sb);
      acc[j] += cga * fa + cgb * fb;
      acc[j + 1] += cva * fda + cvb * fdb;
      acc[j + 2] += c0a * fa + c1a * fda + c0b * fb + c1b * fdb;
      fa *= rhoa;
      fb *= rhob;
      const ya = a2a * qk + a1a * lk;
      const yb = a2b * qk + a1b * lk;
      rhoa *= 1 + ya * (1 + ya * (0.5 + ya * 0.16666666666666666));
      rhob *= 1 + yb * (1 + yb * (0.5 + yb * 0.16666666666666666));
    }
  }
}

/** Two groups at once over [k0, k1), any grid, degree-5 Taylor steps. */
function taylor5Pair(p: Float64Array, oa: number, ob: number, k0: number, k1: number, grid: KernelGrid, acc: Float64Array): void {
  const { x, Q, L } = grid;
  const sa = p[oa]!;
  const ua0 = p[oa + 1]!;
  const cga = p[oa + 2]!;
  const cva = p[oa + 3]!;
  const c0a = p[oa + 4]!;
  const c1a = p[oa + 5]!;
  const sb = p[ob]!;
  const ub0 = p[ob + 1]!;
  const cgb = p[ob + 2]!;
  const cvb = p[ob + 3]!;
  const c0b = p[ob + 4]!;
  const c1b = p[ob + 5]!;
  const isa = 1 / sa;
  const isb = 1 / sb;
  const a2a = -isa * isa;
  const a1a = -ua0 * isa;
  const u0sa = ua0 - sa;
  const a2b = -isb * isb;
  const a1b = -ub0 * isb;
  const u0sb = ub0 - sb;
  let k = k0;
  while (k < k1) {
    const end = k + RESTART < k1 ? k + RESTART : k1;
    const ua = x[k]! * isa + ua0;
    const ub = x[k]! * isb + ub0;
    let fa = INV_SQRT_2PI * Math.exp(-0.5 * ua * ua);
    let fb = INV_SQRT_2PI * Math.exp(-0.5 * ub * ub);
    let rhoa = firstRatio(grid, k, ua, isa);
    let rhob = firstRatio(grid, k, ub, isb);
    let j = 3 * k;
    for (; k < end; k++, j += 3) {
      const xk = x[k]!;
      const qk = Q[k]!;
      const lk = L[k]!;
      const fda = fa * (xk * isa + u0sa);
      const fdb = fb * (xk * isb + u0sb);
      acc[j] += cga * fa + cgb * fb;
      acc[j + 1] += cva * fda + cvb * fdb;
      acc[j + 2] += c0a * fa + c1a * fda + c0b * fb + c1b * fdb;
      fa *= rhoa;
      fb *= rhob;
      const ya = a2a * qk + a1a * lk;
      const yb = a2b * qk + a1b * lk;
      rhoa *= 1 + ya * (1 + ya * (0.5 + ya * (0.16666666666666666 + ya * (0.041666666666666664 + ya * 0.008333333333333333))));
      rhob *= 1 + yb * (1 + yb * (0.5 + yb * (0.16666666666666666 + yb * (0.041666666666666664 + yb * 0.008333333333333333))));
    }
  }
}

/** φ terms over [k0, k1) with an exact exp per point (short windows, large steps). */
function directWindow(p: Float64Array, o: number, k0: number, k1: number, grid: KernelGrid, acc: Float64Array): void {
  const x = grid.x;
  const s = p[o]!;
  const u0 = p[o + 1]!;
  const cg = p[o + 2]!;
  const cv = p[o + 3]!;
  const c0 = p[o + 4]!;
  const c1 = p[o + 5]!;
  const is = 1 / s;
  for (let k = k0, j = 3 * k0; k < k1; k++, j += 3) {
    const u = x[k]! * is + u0;
    const f = INV_SQRT_2PI * Math.exp(-0.5 * u * u);
    const fd = f * (u - s);
    acc[j] += cg * f;
    acc[j + 1] += cv * fd;
    acc[j + 2] += c0 * f + c1 * fd;
  }
}

/** Dealer profile arrays, dollar units (see units.ts). */
export interface ProfileArrays {
  /** USD of dealer delta change per 1% move, per grid point */
  gamma: Float64Array;
  /** USD of dealer delta change per +1 vol point */
  vanna: Float64Array;
  /** USD of dealer delta change per calendar day */
  charm: Float64Array;
  /** dealer delta, underlying units (only when asked for) */
  delta: Float64Array | null;
}

/**
 * Turn an accumulator into profile arrays: apply the per-point factors 0.01·P (gamma, vanna) and
 * P/365 (charm), and the running sums of the difference arrays.
 *
 * @param prices - the grid's prices
 * @param acc - the accumulator (not modified)
 * @param wantDelta - whether the delta terms were accumulated
 * @example
 * // SPX 2024-01-07, default grid (501 prices, spot 4697.2402 at index 250)
 * finishProfile(grid.prices, acc, false).gamma[250]; // -20696248668.853867 (USD per 1% move)
 */
export function finishProfile(prices: Float64Array, acc: Float64Array, wantDelta: boolean): ProfileArrays {
  const m = prices.length;
  const gamma = new Float64Array(m);
  const vanna = new Float64Array(m);
  const charm = new Float64Array(m);
  const delta = wantDelta ? new Float64Array(m) : null;
  const offN = 3 * m;
  const offD = 4 * m;
  const offDC = 5 * m;
  const offDD = 6 * m + 1;
  const constC = acc[7 * m + 2]!;
  const constD = acc[7 * m + 3]!;
  let runC = 0;
  let runD = 0;
  for (let k = 0; k < m; k++) {
    const P = prices[k]!;
    gamma[k] = 0.01 * P * acc[3 * k]!;
    vanna[k] = 0.01 * P * acc[3 * k + 1]!;
    runC += acc[offDC + k]!;
    charm[k] = (P / 365) * (acc[3 * k + 2]! + acc[offN + k]! + runC + constC);
    if (delta !== null) {
      runD += acc[offDD + k]!;
      delta[k] = acc[offD + k]! + runD + constD;
    }
  }
  return { gamma, vanna, charm, delta };
}
