/**
 * Fit a raw SVI slice to quotes of total implied variance by weighted least squares,
 *
 *   minimise Σ ωᵢ (w_SVI(kᵢ) − wᵢ)²  over (a, b, ρ, m, σ),
 *
 * with the quasi-explicit method of Zeliade Systems ("Quasi-explicit calibration of Gatheral's SVI
 * model", Zeliade white paper ZWP-0005, 2009). With y = (k − m)/σ the slice is
 *
 *   w = a + d·y + c·√(y² + 1),   c = bσ, d = ρbσ,
 *
 * linear in (a, d, c) for fixed (m, σ). So the inner problem — (a, d, c) for given (m, σ) — is a
 * linear least-squares problem, solved exactly: the 3×3 normal equations by LU decomposition with
 * mathjs (`lusolve`, from a mathjs instance holding only it: `mathjsLusolve`, mathjs.ts), and when
 * that solution leaves the admissible domain, the same problem on each
 * edge of the domain (the optimum of a convex quadratic outside its unconstrained minimiser lies on
 * the boundary). The outer problem in (m, σ) — two variables, not convex — is a coarse grid followed
 * by Nelder–Mead (with one restart) from the best grid point; the grid and the simplex are scaled
 * to the quotes that carry the weight (at least 1% of the largest), the domain to all of them:
 * m within two spans of the quotes, σ from 1e-4 of the weighty span to ten spans.
 *
 * Admissible domain: |d| ≤ c (b ≥ 0, |ρ| ≤ 1) and c + |d| ≤ 2σ, i.e. b(1 + |ρ|) ≤ 2: Roger Lee's
 * moment bound on the wings' slope of total variance ("The moment formula for implied volatility at
 * extreme strikes", Math. Finance 14 (2004)); a looser 4σ is used in the Zeliade paper. Total
 * variance must be ≥ 0 everywhere (a + bσ√(1 − ρ²) ≥ 0; Zeliade impose a ≥ 0, which is stricter):
 * where the inner solution breaks it, a is raised until it holds.
 *
 * Quotes are rescaled by their mean total variance before the fit so that tolerances do not depend
 * on the expiry (w is 1e-5 for a one-day SPX slice and 0.3 for a five-year one).
 *
 * @module
 */
import { mathjsLusolve } from "./mathjs.js";
import { sviMinTotalVariance, type SviParams } from "./svi.js";

/** One expiry's quotes in the variables of the fit. */
export interface SmileData {
  /** log forward moneyness ln(K/F), ascending or not */
  k: ArrayLike<number>;
  /** total implied variance σ²T (> 0) */
  w: ArrayLike<number>;
  /** weights (≥ 0, not all 0): vega or open interest */
  weight: ArrayLike<number>;
}

/** A fitted slice. */
export interface SviFit {
  params: SviParams;
  /** Σ ω (w_fit − w)² / Σ ω, total variance squared */
  objective: number;
  /** inner least-squares solves used */
  evaluations: number;
}

/** Fewest quotes (distinct strikes) a fit is attempted on: five parameters need more than five. */
export const SVI_MIN_QUOTES = 6;

const MAX_EVALUATIONS = 600;

/** Weighted sums the inner problem needs, reused by every evaluation of one slice. */
interface Prepared {
  n: number;
  /** Lee's bound on c + |d| per unit of s, in the scaled units: 2 / mean total variance */
  lee: number;
  k: Float64Array;
  w: Float64Array;
  om: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

/** Inner result for one (m, σ): objective and (a, d, c) in scaled units. */
interface Inner {
  f: number;
  a: number;
  d: number;
  c: number;
}

/** Weighted least squares of r ≈ a + t·g over a free and t ∈ [0, 1] (one edge of the domain). */
function edge(P: Prepared, c0: number, c1: number, d0: number, d1: number): Inner {
  const { n, w, om, y, z } = P;
  let S = 0, Sg = 0, Sgg = 0, Sr = 0, Srg = 0;
  for (let i = 0; i < n; i++) {
    const o = om[i]!;
    const g = c1 * z[i]! + d1 * y[i]!;
    const r = w[i]! - (c0 * z[i]! + d0 * y[i]!);
    S += o; Sg += o * g; Sgg += o * g * g; Sr += o * r; Srg += o * r * g;
  }
  // profile out a: t* = cov(r, g) / var(g), clamped to the edge
  const vg = Sgg - (Sg * Sg) / S;
  let t = vg > 0 ? (Srg - (Sr * Sg) / S) / vg : 0;
  t = Math.min(1, Math.max(0, t));
  const a = (Sr - t * Sg) / S;
  const c = c0 + t * c1;
  const d = d0 + t * d1;
  return { f: objectiveAt(P, a, d, c), a, d, c };
}

function objectiveAt(P: Prepared, a: number, d: number, c: number): number {
  let f = 0;
  for (let i = 0; i < P.n; i++) {
    const e = a + d * P.y[i]! + c * P.z[i]! - P.w[i]!;
    f += P.om[i]! * e * e;
  }
  return f;
}

/** The exact constrained inner solve for given (m, s); objective +∞ when it cannot be solved. */
function inner(P: Prepared, m: number, s: number, counter: { n: number }): Inner {
  counter.n++;
  const { n, k, w, om, y, z } = P;
  let S = 0, Sy = 0, Sz = 0, Syy = 0, Syz = 0, Szz = 0, Sw = 0, Swy = 0, Swz = 0;
  for (let i = 0; i < n; i++) {
    const yi = (k[i]! - m) / s;
    const zi = Math.sqrt(yi * yi + 1);
    y[i] = yi;
    z[i] = zi;
    const o = om[i]!;
    const wi = w[i]!;
    S += o; Sy += o * yi; Sz += o * zi; Syy += o * yi * yi; Syz += o * yi * zi; Szz += o * zi * zi;
    Sw += o * wi; Swy += o * wi * yi; Swz += o * wi * zi;
  }
  let best: Inner = { f: Infinity, a: NaN, d: NaN, c: NaN };
  try {
    const sol = mathjsLusolve()([[S, Sy, Sz], [Sy, Syy, Syz], [Sz, Syz, Szz]], [Sw, Swy, Swz]);
    const a = sol[0]![0]!, d = sol[1]![0]!, c = sol[2]![0]!;
    if (Math.abs(d) <= c && c + Math.abs(d) <= P.lee * s) best = { f: objectiveAt(P, a, d, c), a, d, c };
  } catch {
    // singular normal equations (e.g. every quote far on one side of m): the edges still apply
  }
  if (!(best.f < Infinity)) {
    // the minimiser of the convex problem lies on the boundary of the diamond |d| ≤ c, c + |d| ≤ L·s
    const h = 0.5 * P.lee * s;
    for (const [c0, c1, d0, d1] of [[0, h, 0, h], [h, h, h, -h], [2 * h, -h, 0, -h], [h, -h, -h, h]] as const) {
      const e = edge(P, c0, c1, d0, d1);
      if (e.f < best.f) best = e;
    }
  }
  // a slice with negative total variance somewhere: lift a until its minimum is 0 (feasible, and
  // the outer search compares it at its true objective)
  const minW = best.a + Math.sqrt(Math.max(0, best.c * best.c - best.d * best.d));
  if (minW < 0) {
    const a = best.a - minW;
    best = { f: objectiveAt(P, a, best.d, best.c), a, d: best.d, c: best.c };
  }
  return best;
}

/**
 * Nelder–Mead on f(m, ln s), standard coefficients (1, 2, ½, ½); stops when the simplex's values
 * agree to `tol` + 1e-10 relative, its size is below 1e-11, or after `budget` evaluations.
 */
function nelderMead(f: (p: [number, number]) => number, start: [number, number], step: [number, number], tol: number, budget: { left: number }): { p: [number, number]; f: number } {
  const pts: Array<[number, number]> = [start, [start[0] + step[0], start[1]], [start[0], start[1] + step[1]]];
  const val = pts.map((p) => { budget.left--; return f(p); });
  while (budget.left > 0) {
    const order = [0, 1, 2].sort((i, j) => val[i]! - val[j]!);
    const [b, g, wst] = order as [number, number, number];
    if (Math.abs(val[wst]! - val[b]!) <= tol + 1e-10 * val[b]!) break;
    const size = Math.max(Math.abs(pts[g]![0] - pts[b]![0]), Math.abs(pts[wst]![0] - pts[b]![0]), Math.abs(pts[g]![1] - pts[b]![1]), Math.abs(pts[wst]![1] - pts[b]![1]));
    if (size <= 1e-11) break;
    const cx = 0.5 * (pts[b]![0] + pts[g]![0]);
    const cy = 0.5 * (pts[b]![1] + pts[g]![1]);
    const at = (t: number): [number, number] => [cx + t * (pts[wst]![0] - cx), cy + t * (pts[wst]![1] - cy)];
    const r = at(-1);
    const fr = f(r);
    budget.left--;
    if (fr < val[b]!) {
      const e = at(-2);
      const fe = f(e);
      budget.left--;
      if (fe < fr) { pts[wst] = e; val[wst] = fe; } else { pts[wst] = r; val[wst] = fr; }
    } else if (fr < val[g]!) {
      pts[wst] = r; val[wst] = fr;
    } else {
      const cIn = fr < val[wst]! ? at(-0.5) : at(0.5);
      const fc = f(cIn);
      budget.left--;
      if (fc < Math.min(fr, val[wst]!)) {
        pts[wst] = cIn; val[wst] = fc;
      } else {
        // shrink toward the best point
        for (const i of [g, wst]) {
          pts[i] = [pts[b]![0] + 0.5 * (pts[i]![0] - pts[b]![0]), pts[b]![1] + 0.5 * (pts[i]![1] - pts[b]![1])];
          val[i] = f(pts[i]!);
          budget.left--;
        }
      }
    }
  }
  let i = 0;
  if (val[1]! < val[i]!) i = 1;
  if (val[2]! < val[i]!) i = 2;
  return { p: pts[i]!, f: val[i]! };
}

/**
 * Fit raw SVI to one expiry's quotes (module note for the method and the admissible domain).
 *
 * @param data - log-moneyness, total variance and weight per quote
 * @returns the fitted parameters and the weighted mean squared error in total variance, or null
 *   when the quotes cannot determine a slice: fewer than {@link SVI_MIN_QUOTES} usable quotes (finite
 *   k, w > 0, weight > 0) or fewer than three distinct k
 * @example
 * // quotes generated from Gatheral–Jacquier's parameter set (a, b, ρ, m, σ) = (0.04, 0.4, −0.4, 0.05, 0.1)
 * fitSvi({ k, w, weight }).params;
 * // { a: 0.03999999863045217, b: 0.4000000023393982, rho: -0.3999999905539069, m: 0.05000000236547142, sigma: 0.10000000216392549 }
 */
export function fitSvi(data: SmileData): SviFit | null {
  const idx: number[] = [];
  for (let i = 0; i < data.k.length; i++) {
    const k = data.k[i]!, w = data.w[i]!, o = data.weight[i]!;
    if (Number.isFinite(k) && w > 0 && Number.isFinite(w) && o > 0 && Number.isFinite(o)) idx.push(i);
  }
  const n = idx.length;
  if (n < SVI_MIN_QUOTES || new Set(idx.map((i) => data.k[i]!)).size < 3) return null;
  // rescale: w by its weighted mean, weights to sum 1
  let sumO = 0, meanW = 0, kMin = Infinity, kMax = -Infinity;
  for (const i of idx) sumO += data.weight[i]!;
  for (const i of idx) meanW += (data.weight[i]! / sumO) * data.w[i]!;
  const P: Prepared = { n, lee: 2 / meanW, k: new Float64Array(n), w: new Float64Array(n), om: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
  idx.forEach((i, j) => {
    P.k[j] = data.k[i]!;
    P.w[j] = data.w[i]! / meanW;
    P.om[j] = data.weight[i]! / sumO;
    kMin = Math.min(kMin, P.k[j]!);
    kMax = Math.max(kMax, P.k[j]!);
  });
  const span = kMax - kMin;
  // the quotes that carry the weight (≥ 1% of the largest) set the scale of the search: with vega
  // weights a one-day slice's weight lies within ±0.05 of the money while its quotes reach ±3
  let topO = 0;
  for (let j = 0; j < n; j++) topO = Math.max(topO, P.om[j]!);
  let cMin = Infinity, cMax = -Infinity;
  for (let j = 0; j < n; j++) {
    if (P.om[j]! < 0.01 * topO) continue;
    cMin = Math.min(cMin, P.k[j]!);
    cMax = Math.max(cMax, P.k[j]!);
  }
  if (!(cMax > cMin)) { cMin = kMin; cMax = kMax; }
  const core = cMax - cMin;
  const counter = { n: 0 };
  const f = ([m, u]: [number, number]): number => {
    // the search domain: m within two spans of the quotes, s from 1e-4 of the weighty quotes' span to 10 spans
    if (!(m >= kMin - 2 * span && m <= kMax + 2 * span) || !(u >= Math.log(1e-4 * core) && u <= Math.log(10 * span))) return Infinity;
    return inner(P, m, Math.exp(u), counter).f;
  };
  // coarse grid over (m, s)
  let start: [number, number] = [0.5 * (cMin + cMax), Math.log(0.1 * core)];
  let fStart = Infinity;
  for (let i = 0; i <= 6; i++) {
    for (const rel of [0.01, 0.04, 0.15, 0.5, 1.5]) {
      const p: [number, number] = [cMin + (i / 6) * core, Math.log(rel * core)];
      const v = f(p);
      if (v < fStart) { fStart = v; start = p; }
    }
  }
  const budget = { left: MAX_EVALUATIONS };
  const tol = 1e-17;
  let res = nelderMead(f, start, [0.1 * core, 0.5], tol, budget);
  // one restart from the end point (Nelder–Mead can stall on a degenerate simplex)
  res = nelderMead(f, res.p, [0.02 * core, 0.2], tol, budget);
  if (!(res.f < Infinity)) return null;
  const s = Math.exp(res.p[1]);
  const best = inner(P, res.p[0], s, counter);
  if (!Number.isFinite(best.f)) return null;
  const b = best.c / s;
  const params: SviParams = {
    a: best.a * meanW,
    b: b * meanW,
    rho: best.c > 0 ? Math.max(-1, Math.min(1, best.d / best.c)) : 0,
    m: res.p[0],
    sigma: s,
  };
  // rounding in the rescaling can leave the minimum of w a few ulps below 0: lift a by that much
  const minW = sviMinTotalVariance(params);
  if (minW < 0) params.a -= minW;
  return { params, objective: objectiveAt(P, best.a, best.d, best.c) * meanW * meanW, evaluations: counter.n };
}
