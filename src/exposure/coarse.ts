/**
 * Coarse log grids for wide groups: the kernel's cost per group no longer grows with the grid's
 * resolution once a group's Gaussian is many grid steps wide.
 *
 * A group's dealer terms are smooth functions of x = ln(P/S): φ(d1), φ(d1)·d2 and N(d1) with
 * d1 = x/s + u0, of width s = σ√T in x. Sampled on an equally spaced x grid of step Δ ≤ s/R they
 * are fixed by a few samples per width, and a 20-point Lagrange interpolation on a central stencil
 * recovers them anywhere between samples to within 1.4e-13 of their largest value for R = 7
 * (measured over every offset of the samples: φ 2e-14, t·φ 1.4e-13, N 2e-15). So the plan keeps a
 * ladder of log grids ("levels") of steps Δ₀·2^L spanning the target grid's x range plus the
 * stencil's reach, with Δ₀ the target's mean x step (level 0 has about as many points as the
 * target; the accuracy on a level depends on s/Δ_L alone, not on the target's steps). A group goes to the coarsest level with
 * Δ_L ≤ s/R ({@link levelFor}); there the kernel runs its exact two-multiply log recurrence over
 * at most 18·2R points, whatever the target's resolution. Narrow groups (short expiries) and
 * σ√T = 0 groups stay on the target grid, as before.
 *
 * After all chunks are summed, each level's accumulator is interpolated onto the target points
 * ({@link foldLevels}): the three φ sums and the two N sums (made pointwise first: the windowed
 * N(d1) values plus the running sum of the N = 1 steps, a smooth function up to the 1.2e-19 the
 * window leaves out). The interpolation adds the differences from one stencil node, so a constant
 * (the N = 1 region of deep in-the-money groups) passes through exactly; constants are added as
 * they are. Per-point factors (0.01·P, P/365) are applied afterwards at the target prices.
 *
 * @module
 */
import { accLength, kernelGroups, STRIDE, type KernelGrid } from "./kernel.js";

/** Points of the Lagrange stencil (even: the target point lies in its central interval). */
export const STENCIL = 20;

/** Smallest s/Δ of a group on a level (samples per unit of d1). */
export const RESOLUTION = 7;

/** One coarse level: its grid and where its accumulator sits after the target's. */
export interface KernelLevel {
  grid: KernelGrid;
  /** offset of the level's accumulator (accLength(grid.m) doubles) in a chunk accumulator */
  offset: number;
}

/** The target grid and its coarse levels: what a chunk's kernel needs. */
export interface KernelPlan {
  target: KernelGrid;
  /** levels L = 0, 1, …: steps base·2^L */
  levels: KernelLevel[];
  /** Δ₀: level 0's step, the target's mean x step */
  base: number;
  /** doubles per chunk accumulator: the target's, then each level's */
  length: number;
}

/** An equally spaced x grid from x0, `m` points of step dx, as the kernel's log path takes it. */
function uniformGrid(x0: number, dx: number, m: number): KernelGrid {
  const x = new Float64Array(m);
  for (let j = 0; j < m; j++) x[j] = x0 + j * dx;
  const e = new Float64Array(m).fill(dx);
  e[m - 1] = 0;
  return { m, x, e, Q: new Float64Array(m), L: new Float64Array(m), qmax: 0, lmax: 0, log: true, dx };
}

/**
 * The levels for groups of widths up to `maxS` on `target`; none when the target has fewer than
 * 2 points or no group is wide enough for level 0.
 *
 * @param target - the target grid (kernelGrid)
 * @param maxS - the largest σ√T of the book's groups
 * @example
 * kernelPlan(kernelGrid(priceGrid({ spot: 100, steps: 1000 }), 100), 0.5).levels.length; // 8
 */
export function kernelPlan(target: KernelGrid, maxS: number): KernelPlan {
  const m = target.m;
  const x = target.x;
  const base = m >= 2 ? (x[m - 1]! - x[0]!) / (m - 1) : 0;
  const levels: KernelLevel[] = [];
  let length = accLength(m);
  if (m >= 2 && base > 0 && Number.isFinite(base) && maxS >= RESOLUTION * base) {
    const top = Math.floor(Math.log2(maxS / (RESOLUTION * base)));
    const span = x[m - 1]! - x[0]!;
    for (let L = 0; L <= top; L++) {
      const dx = base * 2 ** L;
      const pad = (STENCIL / 2 + 1) * dx;
      const grid = uniformGrid(x[0]! - pad, dx, Math.ceil((span + 2 * pad) / dx) + 1);
      levels.push({ grid, offset: length });
      length += accLength(grid.m);
    }
  }
  return { target, levels, base, length };
}

/**
 * The level a group of width `s` goes to, or −1 for the target grid: the coarsest level with
 * Δ_L ≤ s/R; the target when even level 0 is too coarse, for σ√T = 0 (a step, not smooth), and
 * for level 0 of a log target (as fine as the target: nothing to gain).
 *
 * On a level a group costs at most the points of 18·2R steps (its window), on the target its window's
 * points at the target's resolution, at least as many from level 1 on; a window the target grid
 * clips short costs little on either.
 *
 * @param plan - the plan
 * @param s - the group's σ√T
 * @example
 * levelFor(plan, 0.2); // a level: 0.2 is many steps of the coarsest levels
 */
export function levelFor(plan: KernelPlan, s: number): number {
  if (!(s > 0) || plan.levels.length === 0) return -1;
  const L = Math.floor(Math.log2(s / (RESOLUTION * plan.base)));
  if (L < 0 || (L === 0 && plan.target.log)) return -1;
  return L < plan.levels.length ? L : plan.levels.length - 1;
}

/**
 * Accumulate groups g0…g1−1 into a chunk accumulator laid out by the plan: each group on the
 * target grid or on its level ({@link levelFor}), each grid's groups in ascending order.
 *
 * @param p - packed constants (kernelParams)
 * @param acc - a chunk accumulator of plan.length doubles, added to
 * @returns the (group, point) pairs evaluated inside windows, on whichever grid
 * @example
 * planRange(params, 0, book.length, plan, acc, false);
 */
export function planRange(p: Float64Array, g0: number, g1: number, plan: KernelPlan, acc: Float64Array, wantDelta: boolean): number {
  const t = plan.target;
  const nl = plan.levels.length;
  const lists = Array.from({ length: nl + 1 }, () => new Int32Array(g1 - g0));
  const counts = new Int32Array(nl + 1);
  for (let g = g0; g < g1; g++) {
    const L = nl > 0 ? levelFor(plan, p[g * STRIDE]!) : -1;
    lists[L + 1]![counts[L + 1]!++] = g;
  }
  let points = kernelGroups(p, lists[0]!, counts[0]!, t, acc.subarray(0, accLength(t.m)), wantDelta);
  for (let L = 0; L < nl; L++) {
    if (counts[L + 1] === 0) continue;
    const { grid, offset } = plan.levels[L]!;
    points += kernelGroups(p, lists[L + 1]!, counts[L + 1]!, grid, acc.subarray(offset, offset + accLength(grid.m)), wantDelta);
  }
  return points;
}

/** Lagrange weights and first node of every target point on one level. */
interface Stencils {
  first: Int32Array;
  weights: Float64Array;
}

const stencilCache = new WeakMap<KernelGrid, Map<KernelGrid, Stencils>>();

/** 1 / Π_{j≠i} (i − j) for the nodes 0…n−1. */
function baseWeights(n: number): Float64Array {
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let d = 1;
    for (let j = 0; j < n; j++) if (j !== i) d *= i - j;
    c[i] = 1 / d;
  }
  return c;
}
const BASE = baseWeights(STENCIL);

function stencils(target: KernelGrid, level: KernelGrid): Stencils {
  let byLevel = stencilCache.get(target);
  if (byLevel === undefined) stencilCache.set(target, (byLevel = new Map()));
  let st = byLevel.get(level);
  if (st !== undefined) return st;
  const m = target.m;
  const n = STENCIL;
  const first = new Int32Array(m);
  const weights = new Float64Array(m * n);
  for (let k = 0; k < m; k++) {
    const u = (target.x[k]! - level.x[0]!) / level.dx;
    const i0 = Math.min(level.m - n, Math.max(0, Math.floor(u) - (n / 2 - 1)));
    const t = u - i0;
    first[k] = i0;
    // w_i = c_i · Π_j (t − j) / (t − i); at a node, 1 there and 0 elsewhere
    let prod = 1;
    let at = -1;
    for (let j = 0; j < n; j++) {
      if (t === j) at = j;
      else prod *= t - j;
    }
    for (let i = 0; i < n; i++) weights[k * n + i] = at >= 0 ? (i === at ? 1 : 0) : (BASE[i]! * prod) / (t - i);
  }
  st = { first, weights };
  byLevel.set(level, st);
  return st;
}

/**
 * Interpolate every level's part of a summed accumulator onto the target grid: a target-layout
 * accumulator (accLength(target.m)) that finishProfile turns into profiles.
 *
 * @param plan - the plan the accumulator was computed with
 * @param acc - the summed chunk accumulators (plan.length doubles; not modified)
 * @param wantDelta - whether the delta terms were accumulated
 * @example
 * finishProfile(grid.prices, foldLevels(plan, sumChunks(job).acc, false), false);
 */
export function foldLevels(plan: KernelPlan, acc: Float64Array, wantDelta: boolean): Float64Array {
  const m = plan.target.m;
  const out = acc.slice(0, accLength(m));
  const n = STENCIL;
  for (const level of plan.levels) {
    const M = level.grid.m;
    const a = acc.subarray(level.offset, level.offset + accLength(M));
    // pointwise N sums on the level: windowed N(d1) values plus the running N = 1 steps
    const nc = new Float64Array(M);
    const nd = wantDelta ? new Float64Array(M) : null;
    let runC = 0;
    let runD = 0;
    for (let j = 0; j < M; j++) {
      runC += a[5 * M + j]!;
      nc[j] = a[3 * M + j]! + runC;
      if (nd !== null) {
        runD += a[6 * M + 1 + j]!;
        nd[j] = a[4 * M + j]! + runD;
      }
    }
    const { first, weights } = stencils(plan.target, level.grid);
    for (let k = 0; k < m; k++) {
      const i0 = first[k]!;
      const c = i0 + n / 2 - 1; // the reference node: differences from it, so constants pass exactly
      const g0 = a[3 * c]!;
      const v0 = a[3 * c + 1]!;
      const h0 = a[3 * c + 2]!;
      const n0 = nc[c]!;
      const d0 = nd !== null ? nd[c]! : 0;
      let g = 0;
      let v = 0;
      let h = 0;
      let nn = 0;
      let dd = 0;
      for (let i = 0; i < n; i++) {
        const w = weights[k * n + i]!;
        const j = i0 + i;
        g += w * (a[3 * j]! - g0);
        v += w * (a[3 * j + 1]! - v0);
        h += w * (a[3 * j + 2]! - h0);
        nn += w * (nc[j]! - n0);
        if (nd !== null) dd += w * (nd[j]! - d0);
      }
      out[3 * k] += g0 + g;
      out[3 * k + 1] += v0 + v;
      out[3 * k + 2] += h0 + h;
      out[3 * m + k] += n0 + nn;
      if (nd !== null) out[4 * m + k] += d0 + dd;
    }
    out[7 * m + 2] += a[7 * M + 2]!;
    out[7 * m + 3] += a[7 * M + 3]!;
  }
  return out;
}
