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
 * at most 18·2R points, whatever the target's resolution. Narrow groups (short expiries), σ√T = 0
 * groups and groups that reach the target grid with their tails only stay on the target grid, as
 * before.
 *
 * The levels are nested (level L + 1's nodes are every other node of level L). After all chunks
 * are summed, {@link foldLevels} interpolates them coarse to fine, each level into the one below and
 * level 0 onto the target points: the three φ sums and the two N sums (made pointwise first: the
 * windowed N(d1) values plus the running sum of the N = 1 steps, a smooth function up to the
 * 1.2e-19 the window leaves out). The interpolation adds the differences from one stencil node, so
 * a constant (the N = 1 region of deep in-the-money groups) passes through exactly; constants are
 * added as they are. Per-point factors (0.01·P, P/365) are applied afterwards at the target prices.
 *
 * @module
 */
import { accLength, kernelGroups, STRIDE, type KernelGrid } from "./kernel.js";

/** Points of the Lagrange stencil (even: the target point lies in its central interval). */
export const STENCIL = 20;

/** Smallest s/Δ of a group on a level (samples per unit of d1). */
export const RESOLUTION = 7;

/**
 * A group goes to a level only when its |d1| comes within this of 0 somewhere on the target grid.
 * Interpolation leaves residues of about φ(9)·10 ≈ 1e-17 of a group's peak where its window
 * (|d1| ≤ 9) ends, also at target points beyond the window, where the target computation gives
 * exactly 0. Next to the group's own largest value on the grid (≥ φ(5) ≈ 3.7e-6 of its peak) that
 * is 3e-12 at most; a group that only touches the grid with its tail stays on the target grid,
 * whose values there are exact.
 */
export const NEAR_D = 5;

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

/**
 * Nodes of padding on each side of a level, in its own steps: a level reaches PAD·Δ_L beyond the
 * target, and level L + 1 reaches PAD/2 of its steps beyond level L, more than the STENCIL/2 a
 * centred stencil needs at level L's outermost nodes.
 */
const PAD = STENCIL + 3;

/** `m` points of step dx, node j at origin + (j − pad)·dx, as the kernel's log path takes them. */
function uniformGrid(origin: number, dx: number, pad: number, m: number): KernelGrid {
  const x = new Float64Array(m);
  for (let j = 0; j < m; j++) x[j] = origin + (j - pad) * dx;
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
      // nested: node j at x₀ + (j − PAD)·Δ_L, so level L + 1's nodes are every other node of level L
      const grid = uniformGrid(x[0]!, dx, PAD, Math.ceil(span / dx) + 2 * PAD + 1);
      levels.push({ grid, offset: length });
      length += accLength(grid.m);
    }
  }
  return { target, levels, base, length };
}

/**
 * The level a group of width `s` goes to, or −1 for the target grid: the coarsest level with
 * Δ_L ≤ s/R; the target when even level 0 is too coarse, for σ√T = 0 (a step, not smooth), for
 * level 0 of a log target (as fine as the target: nothing to gain), and when the group's |d1|
 * exceeds {@link NEAR_D} all over the target grid.
 *
 * On a level a group costs at most the points of 18·2R steps (its window), on the target its window's
 * points at the target's resolution, at least as many from level 1 on.
 *
 * @param plan - the plan
 * @param s - the group's σ√T
 * @param u0 - its d1 at x = 0 (at the reference spot)
 * @example
 * levelFor(kernelPlan(kernelGrid(priceGrid({ spot: 100, steps: 1000 }), 100), 0.5), 0.2, 0.1); // 6 (of levels 0…7)
 */
export function levelFor(plan: KernelPlan, s: number, u0: number): number {
  if (!(s > 0) || plan.levels.length === 0) return -1;
  const L = Math.floor(Math.log2(s / (RESOLUTION * plan.base)));
  if (L < 0 || (L === 0 && plan.target.log)) return -1;
  // only where the group matters on the target: its |d1| somewhere on the grid ≤ NEAR_D
  const t = plan.target;
  const dLo = t.x[0]! / s + u0;
  const dHi = t.x[t.m - 1]! / s + u0;
  if ((dLo > NEAR_D && dHi > NEAR_D) || (dLo < -NEAR_D && dHi < -NEAR_D)) return -1;
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
    const L = nl > 0 ? levelFor(plan, p[g * STRIDE]!, p[g * STRIDE + 1]!) : -1;
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

/** Lagrange weights of the nodes 0…n−1 at t (exact 1/0 at a node). */
function lagrange(t: number, out: Float64Array, at: number): void {
  const n = STENCIL;
  let prod = 1;
  let node = -1;
  for (let j = 0; j < n; j++) {
    if (t === j) node = j;
    else prod *= t - j;
  }
  for (let i = 0; i < n; i++) out[at + i] = node >= 0 ? (i === node ? 1 : 0) : (BASE[i]! * prod) / (t - i);
}

/** The weights at a midpoint between nodes n/2 − 1 and n/2: what a level's node gets from the next level. */
const MID = new Float64Array(STENCIL);
lagrange(STENCIL / 2 - 0.5, MID, 0);

/** A level's sums pointwise: the three φ sums (interleaved, as in the accumulator) and the N sums. */
interface Pointwise {
  phi: Float64Array;
  nc: Float64Array;
  nd: Float64Array | null;
}

/** Level accumulator → pointwise sums: the N sums are the windowed N(d1) values plus the running N = 1 steps. */
function pointwise(a: Float64Array, M: number, wantDelta: boolean): Pointwise {
  const phi = a.slice(0, 3 * M);
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
  return { phi, nc, nd };
}

/**
 * Add the interpolation of `src` (nodes i0…i0 + n − 1, weights w[wo…wo + n)) into `dst` at index
 * `k`: differences from the stencil's central node are interpolated, so a constant passes exactly.
 */
function addInterpolated(src: Pointwise, i0: number, w: Float64Array, wo: number, dst: Pointwise, k: number): void {
  const n = STENCIL;
  const c = i0 + n / 2 - 1;
  const g0 = src.phi[3 * c]!;
  const v0 = src.phi[3 * c + 1]!;
  const h0 = src.phi[3 * c + 2]!;
  const n0 = src.nc[c]!;
  let g = 0;
  let v = 0;
  let h = 0;
  let nn = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[wo + i]!;
    const j = i0 + i;
    g += wi * (src.phi[3 * j]! - g0);
    v += wi * (src.phi[3 * j + 1]! - v0);
    h += wi * (src.phi[3 * j + 2]! - h0);
    nn += wi * (src.nc[j]! - n0);
  }
  dst.phi[3 * k] += g0 + g;
  dst.phi[3 * k + 1] += v0 + v;
  dst.phi[3 * k + 2] += h0 + h;
  dst.nc[k] += n0 + nn;
  if (src.nd !== null && dst.nd !== null) {
    const d0 = src.nd[c]!;
    let dd = 0;
    for (let i = 0; i < n; i++) dd += w[wo + i]! * (src.nd[i0 + i]! - d0);
    dst.nd[k] += d0 + dd;
  }
}

/**
 * Interpolate every level's part of a summed accumulator onto the target grid: a target-layout
 * accumulator (accLength(target.m)) that finishProfile turns into profiles.
 *
 * Coarse to fine: the top level is added into the level below it (its nodes are every other node
 * there, so half the nodes take a value as it is and the other half one fixed midpoint stencil),
 * that level into the next, and level 0 into the target. A wide group's terms are interpolated
 * once at its own level's resolution and then again at ever finer ones, where they are smoother
 * still relative to the step.
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
  const levels = plan.levels;
  if (levels.length === 0) return out;
  let upper: Pointwise | null = null;
  for (let L = levels.length - 1; L >= 0; L--) {
    const { grid, offset } = levels[L]!;
    const M = grid.m;
    const a = acc.subarray(offset, offset + accLength(M));
    const here = pointwise(a, M, wantDelta);
    if (upper !== null) {
      // node i of this level is node (i + PAD)/2 of the level above, or half-way between two
      for (let i = 0; i < M; i++) {
        if (((i + PAD) & 1) === 0) {
          const j = (i + PAD) >> 1;
          here.phi[3 * i] += upper.phi[3 * j]!;
          here.phi[3 * i + 1] += upper.phi[3 * j + 1]!;
          here.phi[3 * i + 2] += upper.phi[3 * j + 2]!;
          here.nc[i] += upper.nc[j]!;
          if (here.nd !== null) here.nd[i] += upper.nd![j]!;
        } else {
          addInterpolated(upper, ((i + PAD - 1) >> 1) - (STENCIL / 2 - 1), MID, 0, here, i);
        }
      }
    }
    out[7 * m + 2] += a[7 * M + 2]!;
    out[7 * m + 3] += a[7 * M + 3]!;
    upper = here;
  }
  // level 0 onto the target points (each point's weights from its offset on level 0)
  const level0 = levels[0]!.grid;
  const target: Pointwise = { phi: out.subarray(0, 3 * m), nc: out.subarray(3 * m, 4 * m), nd: wantDelta ? out.subarray(4 * m, 5 * m) : null };
  const w = new Float64Array(STENCIL);
  for (let k = 0; k < m; k++) {
    const u = (plan.target.x[k]! - level0.x[0]!) / level0.dx;
    const i0 = Math.min(level0.m - STENCIL, Math.max(0, Math.floor(u) - (STENCIL / 2 - 1)));
    lagrange(u - i0, w, 0);
    addInterpolated(upper!, i0, w, 0, target, k);
  }
  return out;
}
