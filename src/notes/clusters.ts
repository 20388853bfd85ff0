/**
 * Barrier clusters: knock-in levels that sit close together, weighted by notional, ranked by the
 * hedge a breach forces the issuers to sell.
 *
 * **Method: single linkage on relative gaps.** Sort the barrier levels; two neighbours a ≤ b are
 * linked when b ≤ a·(1 + tolerance); a cluster is a maximal run of linked neighbours (the connected
 * components of the graph "levels within the tolerance of each other"). Why this and not a kernel
 * density: it is exact and deterministic (no bandwidth, no grid, no peak-finding threshold), it
 * depends only on the multiset of levels (not on file order), every note lands in exactly one
 * cluster, an isolated barrier is a cluster of one, and it is monotone in the tolerance — raising
 * the tolerance only merges whole clusters, never splits one or moves a note between two. Relative
 * gaps make the tolerance mean the same at 40 and at 4,000. The price of single linkage is chaining:
 * a cluster can span more than the tolerance when levels are spaced just inside it; `lo` and `hi`
 * show the span.
 *
 * Sums are taken in level order (then id), so the results are bit-identical whatever the input order.
 *
 * @module
 */
import { newYorkDate, nextCloseDate } from "./dates.js";
import type { NoteExposure } from "./exposure.js";
import type { NoteEngine } from "./embedded.js";
import { NOTE_STATUSES, type NoteStatus } from "./status.js";

/**
 * Group levels by single linkage on relative gaps (module notes).
 *
 * @param levels - positive finite levels (not modified)
 * @param tolerance - relative gap, decimal (0.02 = 2%), ≥ 0
 * @returns the clusters as arrays of indices into `levels`, clusters ascending by level, each
 *   cluster's indices ascending by level then index
 * @throws RangeError when the tolerance is not a finite number ≥ 0 or a level is not finite and > 0
 * @example
 * linkLevels([43.6, 38.5, 43.1, 38.9, 40.5], 0.02); // [[1, 3], [4], [2, 0]]
 */
export function linkLevels(levels: ArrayLike<number>, tolerance: number): number[][] {
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new RangeError(`tolerance must be a finite number ≥ 0 (got ${tolerance})`);
  const n = levels.length;
  for (let i = 0; i < n; i++) {
    const x = levels[i]!;
    if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`level ${i} must be a finite number > 0 (got ${x})`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => levels[a]! - levels[b]! || a - b);
  const out: number[][] = [];
  let cur: number[] = [];
  const f = 1 + tolerance;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (k > 0 && !(levels[i]! <= levels[order[k - 1]!]! * f)) {
      out.push(cur);
      cur = [];
    }
    cur.push(i);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** One cluster of barriers. Levels USD per share, amounts USD, shares of the underlying. */
export interface BarrierCluster {
  /** lowest barrier */
  lo: number;
  /** highest barrier */
  hi: number;
  /** notional-weighted mean barrier */
  center: number;
  count: number;
  /** Σ notional, USD */
  notional: number;
  /** ascending by barrier, then id */
  noteIds: string[];
  /**
   * live clusters: Σ knockInUnwindShares, the signed hedge change if every barrier in the cluster
   * were breached now (negative = sold); breached clusters: Σ breachUnwindShares, the change the
   * knock-ins forced
   */
  unwindShares: number;
  /** the same in USD at each note's barrier */
  unwindUsd: number;
  /** (center / spot − 1) × 100, null without spot */
  distancePct: number | null;
  /**
   * live: the first date a breach could knock a note in (next weekday close for daily, the as-of
   * date for continuous, maturity for final observation); breached: the first knock-in date
   */
  firstObservation: string | null;
  /** live: the latest maturity; breached: the last knock-in date */
  lastObservation: string | null;
  /** how many members' unwinds each engine priced (daily notes: exact; `embedded.ts`) */
  engines: Partial<Record<NoteEngine, number>>;
}

/** Options of {@link barrierClusters}. */
export interface ClusterOptions {
  /** relative gap, decimal (0.02 = 2%), ≥ 0 */
  tolerance: number;
  /** as-of instant (for the first observation dates), ms since epoch */
  asOfMs: number;
  /** underlying price for distancePct, USD per share */
  spot?: number;
  /** clusters with less notional (USD) are counted in `hidden`, not listed; default 0 */
  minNotional?: number;
}

/** Clusters of a book ({@link barrierClusters}). */
export interface ClusterResult {
  /** live barriers (alive and breached-intraday notes), ranked by |unwindUsd|, largest first */
  clusters: BarrierCluster[];
  /** barriers already breached (knocked-in notes), clustered the same way, ranked likewise */
  breached: BarrierCluster[];
  /** clusters (live and breached) under minNotional: not listed, counted */
  hidden: { clusters: number; notes: number; notional: number };
  /** notes without a barrier to cluster, by status (pending, autocalled, matured) */
  excluded: Record<NoteStatus, number>;
}

type ClusterNote = Pick<
  NoteExposure,
  "id" | "barrierLevel" | "notionalUsd" | "status" | "observation" | "maturity" | "knockInDate" |
  "knockInUnwindShares" | "knockInUnwindUsd" | "breachUnwindShares" | "breachUnwindUsd"
> & Partial<Pick<NoteExposure, "unwindEngine">>;

function byLevelThenId(a: ClusterNote, b: ClusterNote): number {
  return a.barrierLevel - b.barrierLevel || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function rank(a: BarrierCluster, b: BarrierCluster): number {
  return Math.abs(b.unwindUsd) - Math.abs(a.unwindUsd) || b.center - a.center || (a.noteIds[0]! < b.noteIds[0]! ? -1 : 1);
}

function minDate(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a < b ? a : b;
}

function maxDate(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a > b ? a : b;
}

function build(notes: ClusterNote[], breached: boolean, opts: ClusterOptions): BarrierCluster[] {
  const sorted = [...notes].sort(byLevelThenId);
  const groups = linkLevels(sorted.map((n) => n.barrierLevel), opts.tolerance);
  const nextDaily = nextCloseDate(opts.asOfMs);
  const today = newYorkDate(opts.asOfMs);
  return groups.map((g) => {
    let notional = 0, weighted = 0, shares = 0, usd = 0;
    let first: string | null = null, last: string | null = null;
    const engines: Partial<Record<NoteEngine, number>> = {};
    // linkLevels keeps the sorted order within a group (indices ascend with level, then position)
    const members = g.map((i) => sorted[i]!);
    for (const n of members) {
      if (n.unwindEngine) engines[n.unwindEngine] = (engines[n.unwindEngine] ?? 0) + 1;
      notional += n.notionalUsd;
      weighted += n.notionalUsd * n.barrierLevel;
      if (breached) {
        shares += n.breachUnwindShares ?? 0;
        usd += n.breachUnwindUsd ?? 0;
        first = minDate(first, n.knockInDate);
        last = maxDate(last, n.knockInDate);
      } else {
        shares += n.knockInUnwindShares;
        usd += n.knockInUnwindUsd;
        const obs = n.observation === "final" ? n.maturity : n.observation === "continuous" ? today : nextDaily;
        first = minDate(first, obs);
        last = maxDate(last, n.maturity);
      }
    }
    const center = weighted / notional;
    return {
      lo: members[0]!.barrierLevel,
      hi: members[members.length - 1]!.barrierLevel,
      center,
      count: members.length,
      notional,
      noteIds: members.map((n) => n.id),
      unwindShares: shares,
      unwindUsd: usd,
      distancePct: opts.spot === undefined ? null : (center / opts.spot - 1) * 100,
      firstObservation: first,
      lastObservation: last,
      engines,
    };
  }).sort(rank);
}

/**
 * Cluster a book's barriers (module notes for the method): the live barriers of alive and
 * breached-intraday notes, and, apart, the barriers of knocked-in notes with the unwind their
 * breach forced. Pending, autocalled
 * and matured notes have no barrier to cluster and are counted in `excluded`.
 *
 * Invariants (tested): every alive note is in exactly one live cluster and every knocked-in note in
 * exactly one breached cluster, whatever the tolerance; the result does not depend on the order of
 * `notes`; a larger tolerance only merges clusters.
 *
 * @param notes - exposures from `bookExposure` (one underlying)
 * @param opts - tolerance, as-of instant, spot, minimum notional
 * @throws RangeError for a tolerance that is not finite and ≥ 0, a minNotional that is not finite
 *   and ≥ 0, or a note whose barrier is not finite and > 0
 * @example
 * // book and inputs: the shipped sample as of 2026-02-03 (spot 44.59, vol 0.55, its history)
 * const { clusters } = barrierClusters(bookExposure(book, inputs).notes,
 *   { tolerance: 0.02, asOfMs: closeInstant("2026-02-03"), spot: 44.59 });
 * clusters[0]; // { lo: 42.9, hi: 44.02, center: 43.463745238095235, count: 12, notional: 420000000, … }
 */
export function barrierClusters(notes: readonly ClusterNote[], opts: ClusterOptions): ClusterResult {
  const minNotional = opts.minNotional ?? 0;
  if (!(minNotional >= 0) || !Number.isFinite(minNotional)) throw new RangeError(`minNotional must be a finite number ≥ 0 (got ${minNotional})`);
  if (!Number.isFinite(opts.asOfMs)) throw new RangeError(`asOfMs must be a finite instant (got ${opts.asOfMs})`);
  const excluded = Object.fromEntries(NOTE_STATUSES.map((s) => [s, 0])) as Record<NoteStatus, number>;
  const live: ClusterNote[] = [];
  const hit: ClusterNote[] = [];
  for (const n of notes) {
    if (n.status === "alive" || n.status === "breached-intraday") live.push(n);
    else if (n.status === "knocked-in") hit.push(n);
    else excluded[n.status]++;
  }
  const hidden = { clusters: 0, notes: 0, notional: 0 };
  const keep = (cs: BarrierCluster[]) => cs.filter((c) => {
    if (c.notional >= minNotional) return true;
    hidden.clusters++;
    hidden.notes += c.count;
    hidden.notional += c.notional;
    return false;
  });
  return { clusters: keep(build(live, false, opts)), breached: keep(build(hit, true, opts)), hidden, excluded };
}
