/**
 * The JSON document of `gexray flows --json` (issue 11's contract), as plain data; the report model
 * carries the same document.
 *
 * @module
 */
import { formatInstant } from "../data/time.js";
import type { AdlSide } from "./adl.js";
import type { BasisRegimeDay } from "./basisRegime.js";
import type { CascadeResult } from "./cascade.js";
import type { ForcedFlows } from "./forcedFlows.js";
import { FLOW_SOURCES, type FlowLevels, type FlowSource } from "./map.js";

/** Units of every field, written once. */
export const FLOW_UNITS = {
  grid: "USD per unit of underlying (ascending; spot is one of the prices)",
  sources: "per bin k (between grid[k] and grid[k+1]): signed USD of market orders forced while price crosses the bin moving away from spot (+ buying, − selling), valued at the prices they trade at; null when the source was not given",
  total: "the sum of the sources per bin, USD",
  cumulative: "per grid price: signed USD forced to trade if price moves from spot to that price (0 at spot)",
  levels: "prices in USD per unit; usd signed",
  cascade: "shock and restMove decimals (−0.05 = −5%); prices USD per unit; flow USD",
  basisRegime: "change percentage points; cmeOiChange and spotSold coin (spotSold an UPPER BOUND); spotSoldUsd USD at the day's spot",
} as const;

/** One direction's ADL estimate without its flow list (that is in `sources.adl`). */
export type AdlSideJson = Omit<AdlSide, "flows">;

/** The `--json` document. */
export interface FlowsJson {
  asOf: string;
  spot: number;
  underlying: string;
  units: typeof FLOW_UNITS;
  grid: number[];
  sources: Record<FlowSource, number[] | null>;
  total: number[];
  cumulative: Record<FlowSource | "total", number[] | null>;
  levels: FlowLevels;
  cascade: CascadeResult[] | null;
  /** basis-trade unwind days up to the as-of date (a regime, not a price level) */
  basisRegime: BasisRegimeDay[] | null;
  adl: { down: AdlSideJson; up: AdlSideJson; assumptions: { fund: number; slippage: number; hedgedShare: number; watch: number } } | null;
  beyondGrid: { below: number; above: number };
  assumptions: string[];
  warnings: string[];
}

/**
 * Shape the forced-flow map as the `--json` document.
 *
 * @param f - forcedFlows' result
 * @param zone - the zone the as-of instant is written in (the chain's); default UTC
 * @example
 * const doc = forcedFlowsJson(f, "UTC");
 * doc.sources.dealers!.length === doc.grid.length - 1; // true
 * doc.cumulative.total![doc.grid.indexOf(doc.spot)];   // 0
 */
export function forcedFlowsJson(f: ForcedFlows, zone = "UTC"): FlowsJson {
  const m = f.map;
  const sources = {} as Record<FlowSource, number[] | null>;
  const cumulative = {} as Record<FlowSource | "total", number[] | null>;
  for (const k of FLOW_SOURCES) {
    const s = m.sources[k];
    sources[k] = s ? Array.from(s.bins) : null;
    cumulative[k] = s ? Array.from(s.cumulative) : null;
  }
  cumulative.total = Array.from(m.total.cumulative);
  const side = (s: AdlSide): AdlSideJson => ({ watchPrice: s.watchPrice, zoneStart: s.zoneStart, totalLoss: s.totalLoss, adlCoin: s.adlCoin });
  return {
    asOf: formatInstant({ epochMs: f.asOfMs, zone }),
    spot: f.spot,
    underlying: f.underlying,
    units: FLOW_UNITS,
    grid: Array.from(m.grid),
    sources,
    total: Array.from(m.total.bins),
    cumulative,
    levels: m.levels,
    cascade: f.cascade,
    basisRegime: f.basisRegime,
    adl: f.adl ? { down: side(f.adl.down), up: side(f.adl.up), assumptions: { ...f.adl.assumptions } } : null,
    beyondGrid: { ...f.beyondGrid },
    assumptions: [...f.assumptions],
    warnings: [...f.warnings],
  };
}
