/**
 * Forced flows on a price grid: the common shape every source of the flow map is put in.
 *
 * A grid is ascending prices p_0 < … < p_{m−1} with spot among them (exposure/grid.ts puts spot on
 * the grid). Bin k spans [p_k, p_{k+1}]. A flow is signed USD of market orders (+ = forced buying,
 * − = forced selling):
 * - per bin: what is forced to trade while price crosses that bin moving away from spot (bins below
 *   spot are crossed downwards, bins above upwards), valued at the prices it trades at;
 * - cumulative: the sum of the bins between spot and each grid price, 0 at spot.
 *
 * @module
 */
import type { PriceGrid } from "../exposure/grid.js";

/** A source's flows on the grid. */
export interface GridFlow {
  /** per bin k (between grid[k] and grid[k+1]), USD; length m − 1 */
  bins: Float64Array;
  /** cumulative from spot to grid[k], USD; length m, 0 at spot */
  cumulative: Float64Array;
}

/**
 * The index of spot on the grid.
 *
 * @param grid - ascending prices
 * @param spot - spot, one of the grid's prices
 * @throws RangeError when spot is not a grid price
 * @example
 * spotIndex(Float64Array.of(90, 95, 100, 105), 100); // 2
 */
export function spotIndex(grid: ArrayLike<number>, spot: number): number {
  for (let k = 0; k < grid.length; k++) if (grid[k] === spot) return k;
  throw new RangeError(`spot ${spot} is not a price of the grid (${grid[0]} … ${grid[grid.length - 1]})`);
}

/**
 * Cumulative-from-spot sums of per-bin flows (see the module note).
 *
 * @param bins - per-bin USD, length m − 1
 * @param s - spot's index on the grid
 * @returns cumulative USD at each of the m grid prices
 * @example
 * Array.from(cumulate(Float64Array.of(-1, -2, 3, 4), 2)); // [-3, -2, 0, 3, 7]
 */
export function cumulate(bins: Float64Array, s: number): Float64Array {
  const m = bins.length + 1;
  const out = new Float64Array(m);
  for (let k = s - 1; k >= 0; k--) out[k] = out[k + 1]! + bins[k]!;
  for (let k = s + 1; k < m; k++) out[k] = out[k - 1]! + bins[k - 1]!;
  return out;
}

/**
 * The re-hedging flows of a group that stays delta-neutral (option dealers, note issuers), from its
 * delta on the grid: crossing bin k the group trades −(D(p_far) − D(p_near)) units (near = the
 * bin's end nearer spot), valued at the bin's midpoint. Exact re-hedges, not the first-order
 * −Γ·ΔS: the deltas come from repricing every contract at each grid price.
 *
 * @param grid - ascending prices, USD per unit
 * @param delta - the group's option delta at each grid price, units of underlying
 * @param s - spot's index
 * @returns per-bin and cumulative USD (+ = the group buys)
 * @throws RangeError when the lengths differ
 * @example
 * // a short-gamma book whose delta rises 10 units per 1 USD fall: it sells into the fall
 * const f = hedgeFlowOnGrid(Float64Array.of(98, 99, 100), Float64Array.of(20, 10, 0), 2);
 * Array.from(f.bins);       // [-985, -995]  (−10 units at 98.5 and at 99.5)
 * Array.from(f.cumulative); // [-1980, -995, 0]
 */
export function hedgeFlowOnGrid(grid: ArrayLike<number>, delta: ArrayLike<number>, s: number): GridFlow {
  const m = grid.length;
  if (delta.length !== m) throw new RangeError(`delta has ${delta.length} prices, the grid ${m}`);
  const bins = new Float64Array(m - 1);
  for (let k = 0; k < m - 1; k++) {
    const mid = 0.5 * (grid[k]! + grid[k + 1]!);
    // below spot the bin is crossed downwards: from k+1 to k
    const change = k < s ? delta[k]! - delta[k + 1]! : delta[k + 1]! - delta[k]!;
    bins[k] = -change * mid + 0;
  }
  return { bins, cumulative: cumulate(bins, s) };
}

/**
 * Flows located at single prices (a liquidation at its liquidation price), put in the bins that
 * contain them on the side of spot they lie on.
 *
 * @param grid - ascending prices
 * @param s - spot's index
 * @param points - price and signed USD of each flow
 * @returns per-bin and cumulative USD, and the USD of points beyond the grid's ends (not binned)
 * @example
 * const f = pointFlowsOnGrid(Float64Array.of(90, 95, 100, 105), 2, [{ price: 93, usd: -5 }, { price: 120, usd: 7 }]);
 * Array.from(f.bins); // [-5, 0, 0]; f.beyond → { below: 0, above: 7 }
 */
export function pointFlowsOnGrid(
  grid: ArrayLike<number>, s: number, points: Iterable<{ price: number; usd: number }>,
): GridFlow & { beyond: { below: number; above: number } } {
  const m = grid.length;
  const bins = new Float64Array(m - 1);
  const beyond = { below: 0, above: 0 };
  const spot = grid[s]!;
  for (const { price, usd } of points) {
    if (price < grid[0]!) {
      beyond.below += usd;
      continue;
    }
    if (price > grid[m - 1]!) {
      beyond.above += usd;
      continue;
    }
    // below spot (or at it) bin k holds [p_k, p_{k+1}); above spot it holds (p_k, p_{k+1}]
    let lo = 0;
    let hi = m - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (grid[mid]! < price || (price <= spot && grid[mid] === price)) lo = mid;
      else hi = mid;
    }
    const k = price <= spot ? Math.min(lo, s - 1) : Math.max(lo, s);
    if (k < 0 || k > m - 2) (price <= spot ? (beyond.below += usd) : (beyond.above += usd));
    else bins[k] += usd;
  }
  return { bins, cumulative: cumulate(bins, s), beyond };
}

/**
 * A grid that holds its spot: the grid itself when spot is one of its prices, else the grid with
 * spot inserted in order (no longer evenly spaced: the exposure kernel takes any ascending grid).
 *
 * @param grid - a grid laid out around its spot (exposure/grid.ts)
 * @returns a grid whose prices include `grid.spot`
 * @example
 * gridWithSpot(priceGrid({ spot: 100, range: [0.85, 1.2], steps: 2 })).prices; // [85, 100, 102.5, 120]: 100 inserted
 * gridWithSpot(priceGrid({ spot: 100, range: [0.9, 1.2], steps: 3 })).prices;  // [90, 100, 110, 120]: already there
 */
export function gridWithSpot(grid: PriceGrid): PriceGrid {
  const p = grid.prices;
  const S = grid.spot;
  if (p.includes(S)) return grid;
  let k = 0;
  while (k < p.length && p[k]! < S) k++;
  const prices = new Float64Array(p.length + 1);
  prices.set(p.subarray(0, k), 0);
  prices[k] = S;
  prices.set(p.subarray(k), k + 1);
  return { prices, log: false, spot: S };
}
