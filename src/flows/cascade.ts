/**
 * A shock cascade on the forced-flow map: where a sudden move of spot would come to rest once the
 * forced flows it triggers have traded. A MODEL with stated assumptions, not a forecast:
 *
 * - market depth D: D USD of net market orders move price 1% (one number for the whole path: no
 *   order-book shape, no recovery of liquidity, no other traders);
 * - a shock moves price from S to p₀ = S·(1 + shock); every forced flow between the lowest and the
 *   highest price reached so far has traded: C(low) + C(high), C(p) the map's cumulative total from
 *   spot (linear between grid prices; C(S) = 0);
 * - price then sits at p = S·(1 + shock + (C(low) + C(high)) / (100·D)): the shock plus the impact
 *   of the forced flow; each new low or high triggers more flow, and the step repeats until neither
 *   moves by more than 1e-6 of spot, or price leaves the grid.
 * Flows are triggered once, at the most extreme prices (liquidations cannot be undone; dealer
 * re-hedges are held at the extremes' levels): a long-gamma book's buying on a fall pulls price back
 * without releasing what was triggered, and a move pushed back through spot triggers the forced
 * flows on the other side too. Resolution: the grid's spacing.
 *
 * @module
 */
import type { FlowMap } from "./map.js";

/** Where one shock comes to rest. */
export interface CascadeResult {
  /** the shock, decimal (−0.05 = −5%) */
  shock: number;
  /** S·(1 + shock), USD per unit */
  start: number;
  /** where price comes to rest, USD per unit */
  rest: number;
  /** rest / S − 1, decimal */
  restMove: number;
  /** the most extreme price reached on the side where price rests (low when it rests below spot) */
  extreme: number;
  /** the lowest and highest prices reached (spot when the path never went that way), USD per unit */
  low: number;
  high: number;
  /** the forced flow triggered between low and high, USD (+ = buying) */
  flow: number;
  /** prices after each step, from `start` */
  path: number[];
  /** the steps converged within the grid */
  converged: boolean;
  /** price left the grid: the rest is at least this far (the map knows nothing beyond) */
  beyondGrid: boolean;
  /** which end of the grid price left by, when it did */
  leftGrid: "below" | "above" | null;
}

/** Steps before giving up (a slowly creeping cascade), reported as not converged. */
export const CASCADE_MAX_STEPS = 500;

/**
 * The cumulative total at a price: linear between grid prices.
 *
 * @throws RangeError outside the grid
 * @example
 * cumulativeTotalAt(map, map.grid[0]); // map.total.cumulative[0]
 */
export function cumulativeTotalAt(map: FlowMap, price: number): number {
  const g = map.grid;
  const c = map.total.cumulative;
  const m = g.length;
  if (!(price >= g[0]! && price <= g[m - 1]!)) throw new RangeError(`price ${price} is outside the grid ${g[0]} … ${g[m - 1]}`);
  let lo = 0;
  let hi = m - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (g[mid]! <= price) lo = mid;
    else hi = mid;
  }
  const t = g[hi] === g[lo] ? 0 : (price - g[lo]!) / (g[hi]! - g[lo]!);
  return c[lo]! + t * (c[hi]! - c[lo]!);
}

/**
 * Run one shock through the map (see the module note for the model).
 *
 * @param map - the forced-flow map
 * @param shock - the initial move, decimal (−0.05 for −5%); not 0
 * @param depth - USD of net market orders per 1% move (> 0)
 * @returns the rest price, the path, the flow triggered
 * @throws RangeError for a shock that is 0 or not finite, or a depth that is not finite and > 0
 * @example
 * // a single block of 2·D USD of forced selling at 95: a −5% shock triggers it and rests at −7%
 * cascade(map, -0.05, D).rest; // 93
 */
export function cascade(map: FlowMap, shock: number, depth: number): CascadeResult {
  if (!Number.isFinite(shock) || shock === 0 || shock <= -1) throw new RangeError(`shock must be a finite non-zero move above −100% (got ${shock})`);
  if (!(depth > 0) || !Number.isFinite(depth)) throw new RangeError(`depth must be a finite number > 0 USD per 1% (got ${depth})`);
  const g = map.grid;
  const S = g[map.spotIndex]!;
  const lo = g[0]!;
  const hi = g[g.length - 1]!;
  const start = S * (1 + shock);
  const out: CascadeResult = {
    shock, start, rest: start, restMove: shock, extreme: start, low: Math.min(S, start), high: Math.max(S, start), flow: 0, path: [start],
    converged: false, beyondGrid: false, leftGrid: null,
  };
  if (start < lo || start > hi) {
    out.beyondGrid = true;
    out.leftGrid = start < lo ? "below" : "above";
    return out;
  }
  let low = out.low;
  let high = out.high;
  for (let step = 0; step < CASCADE_MAX_STEPS; step++) {
    const flow = cumulativeTotalAt(map, low) + cumulativeTotalAt(map, high);
    const p = S * (1 + shock + flow / (100 * depth));
    out.flow = flow;
    out.path.push(p);
    out.rest = p;
    if (p < lo || p > hi) {
      out.beyondGrid = true;
      out.leftGrid = p < lo ? "below" : "above";
      low = Math.min(low, p);
      high = Math.max(high, p);
      break;
    }
    const nextLow = Math.min(low, p);
    const nextHigh = Math.max(high, p);
    const moved = Math.max(low - nextLow, nextHigh - high);
    low = nextLow;
    high = nextHigh;
    if (moved <= 1e-6 * S) {
      out.converged = true;
      break;
    }
  }
  out.low = low;
  out.high = high;
  out.extreme = out.rest < S ? low : high;
  out.restMove = out.rest / S - 1;
  return out;
}
