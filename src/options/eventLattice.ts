/**
 * A backward-induction lattice on log price with events on dates: the engine that prices a whole
 * structured note (coupons, autocalls, a knock-in observed daily or at the end) — the same method as
 * `discreteBarrier.ts`, on a grid that can carry jumps.
 *
 * Grid: z = ln(S/S_ref) on [zlo, zhi], cut at given break levels (barriers, coupon and autocall
 * levels, the strike) into segments, each with uniform cells of at most h. A break is a node on both
 * sides: it holds two slots, the limit from below (end of the segment under it) and from above
 * (start of the one over it), so a value may jump there — a knock-in at S ≤ H, an autocall at
 * S ≥ A — and every cell stays smooth. Conditions on a slot are read off its segment index
 * ({@link EventGrid.seg}): S ≥ breaks[k] ⟺ seg ≥ k + 1; S ≤ breaks[k] (touching counts) ⟺ seg ≤ k.
 *
 * Between two dates the value at each slot is the discounted Gaussian integral (exact log-normal
 * step) of the piecewise-linear interpolant of the next date's values, integrated exactly cell by
 * cell (`gaussCells.ts`): error O(h²), smooth in h, so callers run a grid and its refinement
 * ({@link refineGrid}, every cell halved) and Richardson-extrapolate (4·fine − coarse)/3. The step
 * from now to the first date is taken at the spot with its first four derivatives in z
 * ({@link latticeJet}).
 *
 * @module
 */
import { addCellJet, gaussMoments, scaleJet } from "./gaussCells.js";

/** Kernel reach in standard deviations (e^{−24.5} of the mass is left out). */
const KERNEL_SDS = 7;

/** A grid of slots (nodes, doubled at breaks). */
export interface EventGrid {
  /** position of each slot in z, ascending (equal for the two slots of a break) */
  z: Float64Array;
  /** segment of each slot: 0 below the first break, k between break k − 1 and break k */
  seg: Int32Array;
  /** the breaks, ascending, strictly inside (zlo, zhi) */
  breaks: Float64Array;
  /** first slot of each segment, and one past the last (length segments + 1) */
  start: Int32Array;
  /** cells per segment */
  cells: Int32Array;
}

/**
 * A grid on [zlo, zhi] cut at `breaks` (those strictly inside; duplicates within 1e-12 merged),
 * each segment in equal cells of at most h.
 *
 * @throws RangeError when zlo ≥ zhi or h is not finite and > 0
 * @example
 * const g = eventGrid([0], -1, 1, 0.5);
 * Array.from(g.z);   // [-1, -0.5, 0, 0, 0.5, 1]
 * Array.from(g.seg); // [0, 0, 0, 1, 1, 1]
 */
export function eventGrid(breaks: readonly number[], zlo: number, zhi: number, h: number): EventGrid {
  if (!(zhi > zlo) || !Number.isFinite(zlo) || !Number.isFinite(zhi)) throw new RangeError(`grid ends must be finite with zlo < zhi (got ${zlo}, ${zhi})`);
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`cell width must be finite and > 0 (got ${h})`);
  const inside = [...breaks].filter((b) => b > zlo + 1e-12 && b < zhi - 1e-12).sort((a, b) => a - b);
  const bs: number[] = [];
  for (const b of inside) if (bs.length === 0 || b - bs[bs.length - 1]! > 1e-12) bs.push(b);
  const ends = [zlo, ...bs, zhi];
  const nseg = ends.length - 1;
  const cells = new Int32Array(nseg);
  let slots = 0;
  for (let k = 0; k < nseg; k++) {
    cells[k] = Math.max(1, Math.ceil((ends[k + 1]! - ends[k]!) / h - 1e-9));
    slots += cells[k]! + 1;
  }
  return fill(ends, cells, slots);
}

function fill(ends: readonly number[], cells: Int32Array, slots: number): EventGrid {
  const nseg = cells.length;
  const z = new Float64Array(slots), seg = new Int32Array(slots), start = new Int32Array(nseg + 1);
  let i = 0;
  for (let k = 0; k < nseg; k++) {
    start[k] = i;
    const a = ends[k]!, b = ends[k + 1]!, n = cells[k]!;
    for (let j = 0; j <= n; j++) {
      z[i] = j === n ? b : a + ((b - a) * j) / n;
      seg[i] = k;
      i++;
    }
  }
  start[nseg] = i;
  return { z, seg, breaks: Float64Array.from(ends.slice(1, -1)), start, cells };
}

/**
 * The same grid with every cell halved (nested: the coarse slots are every other fine slot of each
 * segment), for Richardson extrapolation.
 *
 * @example
 * refineGrid(eventGrid([0], -1, 1, 0.5)).z.length; // 10 (4 cells per segment, 5 slots each)
 */
export function refineGrid(g: EventGrid): EventGrid {
  const ends = [g.z[0]!, ...g.breaks, g.z[g.z.length - 1]!];
  const cells = g.cells.map((n) => 2 * n);
  let slots = 0;
  for (const n of cells) slots += n + 1;
  return fill(ends, cells, slots);
}

/** One step's weights: for each slot, a band of slots and their weights. */
export interface Transition {
  /** first input slot of each output slot's band */
  lo: Int32Array;
  /** offset of each output slot's weights in `w` (length slots + 1) */
  off: Int32Array;
  w: Float64Array;
}

const mm = new Float64Array(2);

/**
 * The weights of one step of length τ: output slot i (at z_i) gets D·∫ f(y)·g(y − z_i − μ) dy of
 * the interpolant f of the next date's slot values, with g the N(0, s²) density. Both slots of a
 * break get the same row (the continuation is continuous).
 *
 * @param mu - drift of z over the step, s - its standard deviation (> 0), D - discount factor
 * @example
 * const t = transition(eventGrid([], -2, 2, 0.1), 0, 0.1, 1); // rows sum to ≈ 1 inside the grid
 */
export function transition(g: EventGrid, mu: number, s: number, D: number): Transition {
  const n = g.z.length;
  const reach = KERNEL_SDS * s + Math.abs(mu);
  const lo = new Int32Array(n), off = new Int32Array(n + 1);
  const rows: Float64Array[] = [];
  let total = 0;
  let prev: Float64Array | null = null;
  let prevZ = NaN;
  // rows whose whole band lies inside one segment see the same weights per offset (uniform cells):
  // one kernel per segment, computed on first use
  const kernels = new Map<number, { L: number; w: Float64Array }>();
  // band ends move right as the output slot does (c ascends)
  let a = 0, b = 0;
  for (let i = 0; i < n; i++) {
    const c = g.z[i]! + mu;
    if (g.z[i] === prevZ && prev) {
      // the other slot of a break: the same row
      lo[i] = lo[i - 1]!;
      rows.push(prev);
      off[i] = total;
      total += prev.length;
      continue;
    }
    // slots whose cells reach within `reach` of c
    while (a < n - 1 && g.z[a + 1]! < c - reach) a++;
    if (b < a) b = a;
    while (b < n - 1 && g.z[b]! <= c + reach) b++;
    const k0 = g.seg[i]!, first = g.start[k0]!, last = g.start[k0 + 1]! - 1;
    const h = (g.z[last]! - g.z[first]!) / g.cells[k0]!;
    const L = Math.ceil(reach / h) + 1;
    let row: Float64Array;
    let from = a;
    if (i - L >= first && i + L <= last) {
      let k = kernels.get(k0);
      if (!k) kernels.set(k0, (k = { L, w: toeplitzRow(h, L, mu, s, D) }));
      row = k.w;
      from = i - L;
    } else {
      row = new Float64Array(b - a + 1);
      for (let k = a; k < b; k++) {
        if (g.seg[k] !== g.seg[k + 1]) continue; // no cell across a break
        const za = g.z[k]!, zb = g.z[k + 1]!, hk = zb - za;
        gaussMoments((za - c) / s, (zb - c) / s, mm);
        // falling half of slot k and rising half of slot k + 1 over the cell [za, zb]
        row[k - a] += (D * ((zb - c) * mm[0]! - s * mm[1]!)) / hk;
        row[k + 1 - a] += (D * ((c - za) * mm[0]! + s * mm[1]!)) / hk;
      }
    }
    lo[i] = from;
    rows.push(row);
    off[i] = total;
    total += row.length;
    prev = row;
    prevZ = g.z[i]!;
  }
  off[n] = total;
  const w = new Float64Array(total);
  for (let i = 0; i < n; i++) w.set(rows[i]!, off[i]!);
  return { lo, off, w };
}

/** Weights of offsets −L…L on uniform cells h for an output node at 0 (density centred at μ). */
function toeplitzRow(h: number, L: number, mu: number, s: number, D: number): Float64Array {
  const row = new Float64Array(2 * L + 1);
  for (let d = -L; d < L; d++) {
    const za = d * h, zb = za + h;
    gaussMoments((za - mu) / s, (zb - mu) / s, mm);
    row[d + L] += (D * ((zb - mu) * mm[0]! - s * mm[1]!)) / h;
    row[d + 1 + L] += (D * ((mu - za) * mm[0]! + s * mm[1]!)) / h;
  }
  return row;
}

/**
 * out = T·V for each pair of arrays (one transition applied to several value arrays at once), for
 * the output slots [from, to) (default all; the others are left as they are).
 *
 * @example
 * applyTransition(t, [v], [out]); // out[i] = Σ_k w_ik v[k]
 */
export function applyTransition(t: Transition, V: readonly Float64Array[], out: readonly Float64Array[], from = 0, to = t.lo.length): void {
  const { lo, off, w } = t;
  let r = 0;
  // four arrays per pass share each weight load; the rest one by one
  for (; r + 4 <= V.length; r += 4) {
    const v0 = V[r]!, v1 = V[r + 1]!, v2 = V[r + 2]!, v3 = V[r + 3]!;
    const o0 = out[r]!, o1 = out[r + 1]!, o2 = out[r + 2]!, o3 = out[r + 3]!;
    for (let i = from; i < to; i++) {
      const a = lo[i]!, o = off[i]!, end = off[i + 1]!;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = o, j = a; k < end; k++, j++) {
        const x = w[k]!;
        s0 += x * v0[j]!;
        s1 += x * v1[j]!;
        s2 += x * v2[j]!;
        s3 += x * v3[j]!;
      }
      o0[i] = s0;
      o1[i] = s1;
      o2[i] = s2;
      o3[i] = s3;
    }
  }
  for (; r < V.length; r++) {
    const v = V[r]!, out0 = out[r]!;
    for (let i = from; i < to; i++) {
      const a = lo[i]!, o = off[i]!, end = off[i + 1]!;
      let acc = 0;
      for (let k = o, j = a; k < end; k++, j++) acc += w[k]! * v[j]!;
      out0[i] = acc;
    }
  }
}

/**
 * The step from now to the first date, at one point: D·∫ f(y)·φ((y − c)/s)/s dy and its first
 * four derivatives in c (c = z0 + μ), f the interpolant of the slot values V.
 *
 * @param out - receives [value, ∂c, ∂c², ∂c³, ∂c⁴]
 * @example
 * latticeJet(g, V, z0 + mu, s, Math.exp(-r * tau), new Float64Array(5));
 */
export function latticeJet(g: EventGrid, V: Float64Array, c: number, s: number, D: number, out: Float64Array): Float64Array {
  out.fill(0);
  const n = g.z.length;
  const reach = KERNEL_SDS * s;
  for (let k = 0; k < n - 1; k++) {
    if (g.seg[k] !== g.seg[k + 1]) continue;
    const za = g.z[k]!, zb = g.z[k + 1]!;
    if (zb < c - reach || za > c + reach) continue;
    addCellJet(za, zb, V[k]!, V[k + 1]!, c, s, out);
  }
  return scaleJet(out, D, s);
}
