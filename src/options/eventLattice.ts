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
import { addCellJetMoments, gaussMoments, gaussMomentsFrom, scaleJet } from "./gaussCells.js";
import { INV_SQRT_2PI, normCdf } from "./normal.js";

/** Kernel reach in standard deviations (e^{−24.5} of the mass is left out). */
const KERNEL_SDS = 7;

/** {@link EventGrid.pos} of a slot off the lattice (an irregular break, or inside a cell next to one). */
export const OFF_LATTICE = -2147483648;

/** A grid of slots (nodes, doubled at breaks). */
export interface EventGrid {
  /** position of each slot in z, ascending (equal for the two slots of a break) */
  z: Float64Array;
  /** segment of each slot: 0 below the first break, k between break k − 1 and break k */
  seg: Int32Array;
  /** the breaks, ascending, strictly inside the grid */
  breaks: Float64Array;
  /** first slot of each segment, and one past the last (length segments + 1) */
  start: Int32Array;
  /** cells per segment */
  cells: Int32Array;
  /** the lattice's cell width: every cell between two lattice slots is this wide */
  cell: number;
  /** the lattice's position 0, in z */
  origin: number;
  /** lattice position of each slot (z = origin + pos·cell), or {@link OFF_LATTICE} */
  pos: Int32Array;
}

/**
 * A grid over [zlo, zhi] (at least) cut at `breaks` (those strictly inside; duplicates within
 * 1e-12 merged): one lattice of cells h′ ≤ h laid from the lowest break, h′ = the span from the
 * lowest break to the highest divided into whole cells, so that both are nodes (with one break:
 * h′ = h); the ends move out to lattice nodes. A break between lattice nodes (a third break the
 * span does not divide) is a node off the lattice, cutting the cell it falls in in two. On the
 * lattice every cell has the same width, so a step's weights are the same at every slot
 * ({@link transition} computes them once per step). `lattice` lays it from a given origin with a
 * given cell instead (a finer grid on another's lattice, cell / k: {@link transitionTo} reads it by
 * phases).
 *
 * @throws RangeError when zlo ≥ zhi or h is not finite and > 0
 * @example
 * const g = eventGrid([0], -1, 1, 0.5);
 * Array.from(g.z);   // [-1, -0.5, 0, 0, 0.5, 1]
 * Array.from(g.seg); // [0, 0, 0, 1, 1, 1]
 * Array.from(g.pos); // [-2, -1, 0, 0, 1, 2]
 */
export function eventGrid(breaks: readonly number[], zlo: number, zhi: number, h: number, lattice?: { origin: number; cell: number }): EventGrid {
  if (!(zhi > zlo) || !Number.isFinite(zlo) || !Number.isFinite(zhi)) throw new RangeError(`grid ends must be finite with zlo < zhi (got ${zlo}, ${zhi})`);
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`cell width must be finite and > 0 (got ${h})`);
  const inside = [...breaks].filter((b) => b > zlo + 1e-12 && b < zhi - 1e-12).sort((a, b) => a - b);
  const bs: number[] = [];
  for (const b of inside) if (bs.length === 0 || b - bs[bs.length - 1]! > 1e-12) bs.push(b);
  const origin = lattice ? lattice.origin : bs.length > 0 ? bs[0]! : zlo;
  const span = bs.length > 1 ? bs[bs.length - 1]! - bs[0]! : 0;
  const cell = lattice ? lattice.cell : span > 0 ? span / Math.ceil(span / h - 1e-9) : h;
  const jlo = -Math.ceil((origin - zlo) / cell - 1e-9), jhi = Math.ceil((zhi - origin) / cell - 1e-9);
  // nodes in z order: lattice positions, and the breaks (on a lattice node or between two)
  const z: number[] = [], pos: number[] = [], isBreak: boolean[] = [];
  let next = 0;
  for (let j = jlo; j <= jhi; j++) {
    const x = origin + j * cell;
    while (next < bs.length && bs[next]! < x - 1e-12) {
      z.push(bs[next]!), pos.push(OFF_LATTICE), isBreak.push(true);
      next++;
    }
    if (next < bs.length && Math.abs(bs[next]! - x) <= 1e-12) {
      // a break on the lattice: the node sits exactly at the break
      z.push(bs[next]!), pos.push(j), isBreak.push(true);
      next++;
    } else {
      z.push(x), pos.push(j), isBreak.push(false);
    }
  }
  return fill(z, pos, isBreak, Float64Array.from(bs), cell, origin);
}

/** Slots from nodes: a break's node becomes two slots, the end of one segment and the start of the next. */
function fill(nodes: readonly number[], npos: readonly number[], isBreak: readonly boolean[], breaks: Float64Array, cell: number, origin: number): EventGrid {
  const nseg = breaks.length + 1;
  const slots = nodes.length + breaks.length;
  const z = new Float64Array(slots), seg = new Int32Array(slots), pos = new Int32Array(slots);
  const start = new Int32Array(nseg + 1), cells = new Int32Array(nseg);
  let i = 0, k = 0;
  for (let j = 0; j < nodes.length; j++) {
    z[i] = nodes[j]!, pos[i] = npos[j]!, seg[i] = k, i++;
    if (isBreak[j]) {
      cells[k] = i - 1 - start[k]!;
      start[++k] = i;
      z[i] = nodes[j]!, pos[i] = npos[j]!, seg[i] = k, i++;
    }
  }
  cells[k] = i - 1 - start[k]!;
  start[nseg] = i;
  return { z, seg, breaks, start, cells, cell, origin, pos };
}

/**
 * The same grid with every cell halved (nested: the coarse slots are every other fine slot of each
 * segment; lattice positions double, the lattice cell halves), for Richardson extrapolation.
 *
 * @example
 * refineGrid(eventGrid([0], -1, 1, 0.5)).z.length; // 10 (4 cells per segment, 5 slots each)
 */
export function refineGrid(g: EventGrid): EventGrid {
  const cell = g.cell / 2;
  const nodes: number[] = [], npos: number[] = [], isBreak: boolean[] = [];
  const n = g.z.length;
  for (let i = 0; i < n; i++) {
    // the second slot of a break repeats its node
    if (i > 0 && g.z[i] === g.z[i - 1] && g.seg[i] !== g.seg[i - 1]) continue;
    const p = g.pos[i]!;
    const brk = i + 1 < n && g.z[i + 1] === g.z[i] && g.seg[i + 1] !== g.seg[i];
    nodes.push(g.z[i]!), npos.push(p === OFF_LATTICE ? OFF_LATTICE : 2 * p), isBreak.push(brk);
    // the midpoint of the cell above (the cell from the break's upper slot when this node is a break)
    const up = brk ? i + 2 : i + 1;
    if (up >= n) break;
    const q = g.pos[up]!;
    const onLattice = p !== OFF_LATTICE && q !== OFF_LATTICE && q === p + 1;
    nodes.push(onLattice ? g.origin + (2 * p + 1) * cell : 0.5 * (g.z[i]! + g.z[up]!));
    npos.push(onLattice ? 2 * p + 1 : OFF_LATTICE);
    isBreak.push(false);
  }
  return fill(nodes, npos, isBreak, g.breaks, cell, g.origin);
}

/** One step's weights: for each slot, a band of slots and their weights. */
export interface Transition {
  /** first input slot of each output slot's band */
  lo: Int32Array;
  /** offset of each output slot's weights in `w` (rows that are the same, as the lattice's full row, share one copy) */
  off: Int32Array;
  /** number of weights of each output slot */
  len: Int32Array;
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
export function transition(g: EventGrid, mu: number, s: number, D: number, scratch?: TransitionScratch): Transition {
  const reach = KERNEL_SDS * s + Math.abs(mu);
  // on the lattice a cell's weights depend only on its offset from the output slot: computed once
  const L = Math.ceil(reach / g.cell) + 1;
  // the table reaches every cell of a band (out to 7s + 2|μ| on the drift's side)
  const halves = latticeHalves(g.cell, L + Math.ceil(Math.abs(mu) / g.cell) + 1, mu, s, D);
  return rowsOf(g, g.z, g.pos, 1, mu, s, D, reach, [halves], L, scratch);
}

/**
 * Memory a transition used once may be built in (its weights then live there until the next build
 * into it): a step taken a single time need not allocate. Not shared between threads.
 */
export interface TransitionScratch {
  w: Float64Array;
}

/**
 * The rows of a step from the slots of `from` to output points `zOut` (positions `pOut` in units
 * of from.cell / k on the same lattice, or OFF_LATTICE), packed: a row whose band is L lattice cells
 * either side with no break shares one full row (half-width `full` > 0, k = 1); a row of lattice slots is
 * read off the halves of its phase (`tables[p mod k]`); any other row is integrated cell by cell.
 * The two slots of a break of the output get the same row.
 */
function rowsOf(
  from: EventGrid, zOut: Float64Array, pOut: Int32Array, k: number, mu: number, s: number, D: number, reach: number, tables: readonly Halves[], full: number,
  scratch?: TransitionScratch,
): Transition {
  const nf = from.z.length, n = zOut.length;
  const T = tables[0]!.L;
  // the full row's half-width (0: no full row)
  const shareFull = full > 0, L = full;
  const lo = new Int32Array(n), off = new Int32Array(n), len = new Int32Array(n);
  // 0: the full row, 1: lattice halves, 2: cell by cell, 3: the previous row
  const kind = new Uint8Array(n);
  // off-lattice input slots up to each slot (a band without any reads the halves)
  const offCount = new Int32Array(nf + 1);
  for (let j = 0; j < nf; j++) offCount[j + 1] = offCount[j]! + (from.pos[j] === OFF_LATTICE ? 1 : 0);
  let total = shareFull ? 2 * L + 1 : 0;
  // band ends move right as the output point does (c ascends)
  let a = 0, b = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && zOut[i] === zOut[i - 1]) {
      kind[i] = 3, lo[i] = lo[i - 1]!, off[i] = off[i - 1]!, len[i] = len[i - 1]!;
      continue;
    }
    const c = zOut[i]! + mu;
    // input slots whose cells reach within `reach` of c
    while (a < nf - 1 && from.z[a + 1]! < c - reach) a++;
    if (b < a) b = a;
    while (b < nf - 1 && from.z[b]! <= c + reach) b++;
    const P = pOut[i]!;
    const p = P === OFF_LATTICE ? P : Math.floor(P / k);
    if (shareFull && p !== OFF_LATTICE && i - L >= 0 && i + L < nf && from.seg[i - L] === from.seg[i + L] && from.pos[i - L] === p - L && from.pos[i + L] === p + L) {
      kind[i] = 0, lo[i] = i - L, off[i] = 0, len[i] = 2 * L + 1;
      continue;
    }
    const lattice = p !== OFF_LATTICE && offCount[b + 1] === offCount[a] && from.pos[a]! >= p - T && from.pos[b]! <= p + T;
    kind[i] = lattice ? 1 : 2, lo[i] = a, off[i] = total, len[i] = b - a + 1;
    total += b - a + 1;
  }
  let w: Float64Array;
  if (scratch) {
    if (scratch.w.length < total) scratch.w = new Float64Array(Math.ceil(total * 1.25));
    w = scratch.w.subarray(0, total);
    w.fill(0);
  } else w = new Float64Array(total);
  // per phase, each node's two halves summed (0 + rise of the cell below + fall of the cell above)
  const wide = tables.map(({ fall, rise }) => {
    const x = new Float64Array(fall.length);
    for (let d = 1; d < fall.length; d++) x[d] = 0 + rise[d - 1]! + fall[d]!;
    return x;
  });
  if (shareFull) {
    // node e gets the rising half of cell e − 1 and the falling half of cell e
    const { fall, rise } = tables[0]!;
    for (let d = -L; d < L; d++) {
      w[d + L] += fall[d + T + 1]!;
      w[d + 1 + L] += rise[d + T + 1]!;
    }
  }
  for (let i = 0; i < n; i++) {
    const a = lo[i]!, b = a + len[i]! - 1, o = off[i]!;
    if (kind[i] === 1) {
      const P = pOut[i]!, p = Math.floor(P / k), phase = P - p * k;
      const { fall, rise } = tables[phase]!;
      const both = wide[phase]!;
      // a slot gets the rising half of the cell below it and the falling half of the cell above, when
      // they are in the band and in its segment: within a segment's run of slots the offsets are
      // consecutive, so the run is a copy of the two halves' sum, its end slots made again
      const slot = (j: number, d: number) => {
        let x = 0;
        if (j > a && from.seg[j - 1] === from.seg[j]) x += rise[d - 1]!; // the cell below j
        if (j < b && from.seg[j] === from.seg[j + 1]) x += fall[d]!; // the cell above j
        w[o + j - a] = x;
      };
      for (let j = a; j <= b; ) {
        const e = Math.min(b, from.start[from.seg[j]! + 1]! - 1);
        const d = from.pos[j]! - p + T + 1;
        if (e - j > 1) w.set(both.subarray(d + 1, d + e - j), o + j - a + 1);
        slot(j, d);
        if (e > j) slot(e, d + e - j);
        j = e + 1;
      }
    } else if (kind[i] === 2) {
      cellRow(from, a, b, zOut[i]! + mu, s, D, w, o);
    }
  }
  return { lo, off, len, w };
}

/** Weights of a lattice cell [d·h, (d+1)·h] for an output node at 0, d = −L−1…L (index d + L + 1). */
interface Halves {
  L: number;
  /** to the cell's lower node */
  fall: Float64Array;
  /** to its upper node */
  rise: Float64Array;
}

function latticeHalves(h: number, L: number, mu: number, s: number, D: number): Halves {
  const fall = new Float64Array(2 * L + 2), rise = new Float64Array(2 * L + 2);
  for (let d = -L - 1; d <= L; d++) {
    const za = d * h, zb = za + h;
    gaussMoments((za - mu) / s, (zb - mu) / s, mm);
    fall[d + L + 1] = (D * ((zb - mu) * mm[0]! - s * mm[1]!)) / h;
    rise[d + L + 1] = (D * ((mu - za) * mm[0]! + s * mm[1]!)) / h;
  }
  return { L, fall, rise };
}

/** The weights of slots a…b of g for an output point whose density is centred at c, integrated cell by cell into w[o…]. */
function cellRow(g: EventGrid, a: number, b: number, c: number, s: number, D: number, w: Float64Array, o: number): void {
  for (let k = a; k < b; k++) {
    if (g.seg[k] !== g.seg[k + 1]) continue; // no cell across a break
    const za = g.z[k]!, zb = g.z[k + 1]!, hk = zb - za;
    gaussMoments((za - c) / s, (zb - c) / s, mm);
    // falling half of slot k and rising half of slot k + 1 over the cell [za, zb]
    w[o + k - a] += (D * ((zb - c) * mm[0]! - s * mm[1]!)) / hk;
    w[o + k + 1 - a] += (D * ((c - za) * mm[0]! + s * mm[1]!)) / hk;
  }
}

/**
 * The weights of one step from the slots of grid `from` to the slots of another grid `to` (a
 * finer one over part of the range, say): output slot i (at to.z[i]) gets D·∫ f(y)·g(y − z_i − μ) dy
 * of the interpolant f of `from`'s slot values, as {@link transition} does on one grid. The two
 * slots of a break of `to` get the same row. Apply it with {@link applyTransition} (inputs of
 * `from`'s length, outputs of `to`'s).
 *
 * @example
 * const coarse = eventGrid([0], -3, 3, 0.1), fine = eventGrid([0], -0.5, 0.5, 0.025);
 * const t = transitionTo(coarse, fine, 0, 0.1, 1); // fine.z.length rows
 */
export function transitionTo(from: EventGrid, to: EventGrid, mu: number, s: number, D: number, scratch?: TransitionScratch): Transition {
  const reach = KERNEL_SDS * s + Math.abs(mu);
  // a sub-lattice (to.cell = from.cell / k, one origin): k phases, each its own halves
  const k = Math.round(from.cell / to.cell);
  const sub = to.origin === from.origin && k >= 1 && Math.abs(k * to.cell - from.cell) <= 1e-12 * from.cell;
  const L = Math.ceil((reach + Math.abs(mu)) / from.cell) + 2;
  if (!sub) return rowsOf(from, to.z, new Int32Array(to.z.length).fill(OFF_LATTICE), 1, mu, s, D, reach, [latticeHalves(from.cell, L, mu, s, D)], 0, scratch);
  // output at q·h + φ·h/k: the halves of the cells around q·h with the density's mean moved by φ·h/k
  const tables = Array.from({ length: k }, (_, phi) => latticeHalves(from.cell, L, mu + phi * to.cell, s, D));
  return rowsOf(from, to.z, to.pos, k, mu, s, D, reach, tables, 0, scratch);
}

/**
 * out = T·V for each pair of arrays (one transition applied to several value arrays at once), for
 * the output slots [from, to) (default all; the others are left as they are).
 *
 * @example
 * applyTransition(t, [v], [out]); // out[i] = Σ_k w_ik v[k]
 */
export function applyTransition(t: Transition, V: readonly Float64Array[], out: readonly Float64Array[], from = 0, to = t.lo.length): void {
  const { lo, off, len, w } = t;
  let r = 0;
  // four arrays per pass share each weight load; the rest one by one
  for (; r + 4 <= V.length; r += 4) {
    const v0 = V[r]!, v1 = V[r + 1]!, v2 = V[r + 2]!, v3 = V[r + 3]!;
    const o0 = out[r]!, o1 = out[r + 1]!, o2 = out[r + 2]!, o3 = out[r + 3]!;
    for (let i = from; i < to; i++) {
      const a = lo[i]!, o = off[i]!, end = o + len[i]!;
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
      const a = lo[i]!, o = off[i]!, end = o + len[i]!;
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
  return latticeJets(g, [V], c, s, D, [out])[0]!;
}

const m6 = new Float64Array(6);

/**
 * {@link latticeJet} of several value arrays on one grid at one point: the cells' Gaussian moments
 * are computed once for all of them (the legs of a note), the sums are those of one array at a time.
 *
 * @param outs - one per array, each receives [value, ∂c, ∂c², ∂c³, ∂c⁴]
 * @example
 * const [p, c] = latticeJets(g, [P, C], z0 + mu, s, D, [new Float64Array(5), new Float64Array(5)]);
 */
export function latticeJets(g: EventGrid, Vs: readonly Float64Array[], c: number, s: number, D: number, outs: Float64Array[]): Float64Array[] {
  for (const out of outs) out.fill(0);
  const n = g.z.length;
  const reach = KERNEL_SDS * s;
  // the first cell that reaches c − reach (z ascends): the cells before it are all out of reach
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (g.z[mid + 1]! < c - reach) lo = mid + 1;
    else hi = mid;
  }
  // each node's tail Φ(−|x|) and density φ(x) once, shared by the cells on either side of it
  let xa = NaN, ta = NaN, fa = NaN, at = -1;
  for (let k = lo; k < n - 1; k++) {
    const za = g.z[k]!, zb = g.z[k + 1]!;
    if (za > c + reach) break;
    if (g.seg[k] !== g.seg[k + 1] || zb < c - reach) continue;
    if (at !== k) {
      xa = (za - c) / s;
      ta = normCdf(-Math.abs(xa));
      fa = INV_SQRT_2PI * Math.exp(-0.5 * xa * xa);
    }
    const xb = (zb - c) / s, tb = normCdf(-Math.abs(xb)), fb = INV_SQRT_2PI * Math.exp(-0.5 * xb * xb);
    gaussMomentsFrom(xa, xb, ta, tb, fa, fb, m6);
    for (let r = 0; r < Vs.length; r++) addCellJetMoments(m6, za, zb, Vs[r]![k]!, Vs[r]![k + 1]!, c, s, outs[r]!);
    // the next cell starts at this one's upper node
    xa = xb, ta = tb, fa = fb, at = k + 1;
  }
  for (const out of outs) scaleJet(out, D, s);
  return outs;
}
