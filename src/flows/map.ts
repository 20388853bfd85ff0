/**
 * The forced-flow map: every modelled source of forced buying and selling on one price grid, in one
 * unit (signed USD of market orders, + = buying), per bin and cumulative from spot (grid.ts), with
 * their total and the levels a trader reads off it.
 *
 * Sources (each optional):
 * - `dealers`: option dealers re-hedging, exact (their delta repriced at each grid price);
 * - `issuers`: structured-note issuers re-hedging their embedded puts, with the knock-in unwinds as
 *   jumps at the barriers (their delta on the grid jumps there);
 * - `liquidations`: leveraged futures liquidated at their liquidation prices (ESTIMATED);
 * - `adl`: hedge legs left naked by auto-deleveraging beyond the insurance fund (ESTIMATED).
 *
 * @module
 */
import { cumulate, type GridFlow } from "./grid.js";

/** The sources of forced flow, in the order reports stack them. */
export const FLOW_SOURCES = ["dealers", "issuers", "liquidations", "adl"] as const;

/** A source of forced flow. */
export type FlowSource = (typeof FLOW_SOURCES)[number];

/** A price interval and the flow in it. */
export interface FlowPocket {
  /** lower end, USD per unit */
  from: number;
  /** upper end, USD per unit */
  to: number;
  /** signed USD (+ = buying) */
  usd: number;
}

/** What a trader reads off the map. */
export interface FlowLevels {
  /** the bin below spot with the largest forced selling (most negative total); null if none sells */
  sellPocket: FlowPocket | null;
  /** the bin above spot with the largest forced buying; null if none buys */
  buyPocket: FlowPocket | null;
  /** with a depth: the nearest price below spot where cumulative forced selling reaches it, USD per unit */
  sellExceedsDepth: number | null;
  /** with a depth: the nearest price above spot where cumulative forced buying reaches it */
  buyExceedsDepth: number | null;
}

/** The map. */
export interface FlowMap {
  /** ascending prices, USD per unit */
  grid: Float64Array;
  /** spot's index on the grid */
  spotIndex: number;
  /** the sources given, each per bin and cumulative */
  sources: Partial<Record<FlowSource, GridFlow>>;
  /** the sum of the sources */
  total: GridFlow;
  levels: FlowLevels;
}

/**
 * Add up the sources on one grid and find the levels.
 *
 * @param grid - ascending prices with spot at index `s`
 * @param s - spot's index
 * @param sources - per-source flows on this grid (bins of length m − 1)
 * @param depth - optional market depth, USD of net market orders per 1% move (> 0), for the
 *   depth levels
 * @throws RangeError when a source is on another grid or the depth is not finite and > 0
 * @example
 * const map = flowMap(grid, s, { dealers: hedgeFlowOnGrid(grid, dealerUnits, s), liquidations: liquidationFlowOnGrid(grid, s, lad) });
 * map.levels.sellPocket; // { from: 86800, to: 86900, usd: -1.93e9 }
 */
export function flowMap(grid: Float64Array, s: number, sources: Partial<Record<FlowSource, GridFlow>>, depth?: number): FlowMap {
  const m = grid.length;
  if (depth !== undefined && !(depth > 0 && Number.isFinite(depth))) throw new RangeError(`depth must be a finite number > 0 USD per 1% (got ${depth})`);
  const bins = new Float64Array(m - 1);
  for (const key of FLOW_SOURCES) {
    const f = sources[key];
    if (!f) continue;
    if (f.bins.length !== m - 1 || f.cumulative.length !== m) throw new RangeError(`source ${key} is on another grid (${f.cumulative.length} prices, the map ${m})`);
    for (let k = 0; k < m - 1; k++) bins[k] += f.bins[k]!;
  }
  const total: GridFlow = { bins, cumulative: cumulate(bins, s) };
  return { grid, spotIndex: s, sources, total, levels: flowLevels(grid, s, total, depth) };
}

function flowLevels(grid: Float64Array, s: number, total: GridFlow, depth?: number): FlowLevels {
  let sell: FlowPocket | null = null;
  let buy: FlowPocket | null = null;
  for (let k = 0; k < s; k++) {
    const v = total.bins[k]!;
    if (v < 0 && (sell === null || v < sell.usd)) sell = { from: grid[k]!, to: grid[k + 1]!, usd: v };
  }
  for (let k = s; k < grid.length - 1; k++) {
    const v = total.bins[k]!;
    if (v > 0 && (buy === null || v > buy.usd)) buy = { from: grid[k]!, to: grid[k + 1]!, usd: v };
  }
  const c = total.cumulative;
  let sellExceedsDepth: number | null = null;
  let buyExceedsDepth: number | null = null;
  if (depth !== undefined) {
    for (let k = s - 1; k >= 0 && sellExceedsDepth === null; k--) {
      if (c[k]! <= -depth) sellExceedsDepth = crossing(grid[k + 1]!, c[k + 1]!, grid[k]!, c[k]!, -depth);
    }
    for (let k = s + 1; k < grid.length && buyExceedsDepth === null; k++) {
      if (c[k]! >= depth) buyExceedsDepth = crossing(grid[k - 1]!, c[k - 1]!, grid[k]!, c[k]!, depth);
    }
  }
  return { sellPocket: sell, buyPocket: buy, sellExceedsDepth, buyExceedsDepth };
}

/** The price between (x0, y0) and (x1, y1) where the linear interpolant reaches y. */
function crossing(x0: number, y0: number, x1: number, y1: number, y: number): number {
  return y1 === y0 ? x1 : x0 + ((y - y0) / (y1 - y0)) * (x1 - x0);
}
