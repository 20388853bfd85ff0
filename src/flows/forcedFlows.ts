/**
 * The forced-flow map of a market, from the engines' results: the dealer profile (with its delta),
 * the note issuers' positions on the same grid, a liquidation ladder and an insurance fund. Puts
 * each source on the profile's grid (map.ts), adds the ADL estimate, runs the shock cascades, and
 * states every assumption the numbers rest on.
 *
 * @module
 */
import type { Profile } from "../exposure/profile.js";
import type { NotesProfile } from "../notes/profile.js";
import { adlEstimate, type AdlEstimate, type AdlOptions } from "./adl.js";
import type { BasisRegimeDay } from "./basisRegime.js";
import { cascade, type CascadeResult } from "./cascade.js";
import { hedgeFlowOnGrid, pointFlowsOnGrid, spotIndex, type GridFlow } from "./grid.js";
import type { Ladder } from "./ladder.js";
import { liquidationFlowOnGrid } from "./liquidationFlow.js";
import { flowMap, type FlowMap, type FlowSource } from "./map.js";

/** "1.23B", "200M": amounts in assumptions and warnings (the report layer formats the tables). */
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 4 });

/** The shocks a cascade is run for by default: −1%, −5%, −10% and the same up. */
export const DEFAULT_SHOCKS: readonly number[] = [-0.01, -0.05, -0.1, 0.01, 0.05, 0.1];

/** Inputs of {@link forcedFlows}. */
export interface ForcedFlowInputs {
  /** the dealer profile, computed with `delta: true` on a grid that holds spot */
  profile: Profile;
  /** the note issuers' positions on the profile's grid (notesProfile) */
  notes?: NotesProfile;
  /** a liquidation ladder of the profile's underlying (USD per coin = the grid's unit) */
  ladder?: Ladder;
  /** insurance fund and ADL assumptions (needs a ladder) */
  adl?: AdlOptions;
  /** market depth, USD of net market orders per 1% move: enables the depth levels and the cascades */
  depth?: number;
  /** the shocks to cascade, decimals; default {@link DEFAULT_SHOCKS} */
  shocks?: readonly number[];
  /** basis-trade unwind days up to the map's as-of (basisRegime.ts): a regime, not a price level */
  basisRegime?: readonly BasisRegimeDay[];
}

/** The forced-flow map of a market, with its estimates and assumptions. */
export interface ForcedFlows {
  /** the profile's evaluation instant, ms since epoch */
  asOfMs: number;
  /** USD per unit */
  spot: number;
  underlying: string;
  map: FlowMap;
  /** the ADL estimate, with an insurance fund and a ladder */
  adl: AdlEstimate | null;
  /** one per shock, with a depth */
  cascade: CascadeResult[] | null;
  /** basis-trade unwind days (a regime on the timeline), when a basis history was given */
  basisRegime: BasisRegimeDay[] | null;
  /** flows beyond the grid's ends, USD (liquidations and ADL): not on the map, reported beside it */
  beyondGrid: { below: number; above: number };
  /** every assumption the numbers rest on, in words */
  assumptions: string[];
  warnings: string[];
}

/**
 * Build the forced-flow map.
 *
 * @param inputs - profile (with delta), notes, ladder, ADL assumptions, depth, shocks
 * @returns the map, the ADL estimate, the cascades, the assumptions and warnings
 * @throws RangeError when the profile has no delta, its grid does not hold spot, the notes are on
 *   another grid, ADL assumptions are given without a ladder, or the depth or a shock is unusable
 * @example
 * const profile = await computeProfile(chain, { grid: gridWithSpot(priceGrid({ spot: chain.spot })), delta: true });
 * const f = forcedFlows({ profile, ladder, adl: { fund: 1.23e9 }, depth: 50e6 });
 * f.map.levels.sellPocket;        // the largest forced-selling bin below spot
 * f.cascade![1]!.rest;            // where a −5% shock comes to rest
 */
export function forcedFlows(inputs: ForcedFlowInputs): ForcedFlows {
  const p = inputs.profile;
  if (!p.delta) throw new RangeError("the profile must be computed with its delta (computeProfile(…, { delta: true }))");
  const grid = p.grid;
  const s = spotIndex(grid, p.spot);
  const assumptions: string[] = [];
  const warnings: string[] = [];
  const sources: Partial<Record<FlowSource, GridFlow>> = {};
  const beyondGrid = { below: 0, above: 0 };

  // dealers: their option delta in units at each grid price (the profile's delta is USD: Σ W·Δ·P)
  const dealerUnits = Float64Array.from(p.delta, (d, k) => d / grid[k]!);
  sources.dealers = hedgeFlowOnGrid(grid, dealerUnits, s);
  assumptions.push(
    `dealers: ${p.model.dealer} positions (sign convention), re-hedged exactly (each contract repriced at each grid price, ` +
      `${p.model.volModel}); flows valued at each bin's midpoint`,
  );

  if (inputs.notes) {
    const n = inputs.notes;
    if (n.deltaUnderlying.length !== grid.length) throw new RangeError(`the notes are on another grid (${n.deltaUnderlying.length} prices, the profile ${grid.length})`);
    sources.issuers = hedgeFlowOnGrid(grid, n.deltaUnderlying, s);
    assumptions.push(
      "issuers: long each note's embedded down-and-in put and delta-hedged; knock-in unwinds appear as jumps in the bin holding the barrier " +
        "(valued at the bin's midpoint)",
    );
  }

  let adl: AdlEstimate | null = null;
  if (inputs.ladder) {
    const lad = inputs.ladder;
    const liq = liquidationFlowOnGrid(grid, s, lad);
    sources.liquidations = { bins: liq.bins, cumulative: liq.cumulative };
    beyondGrid.below += liq.beyond.below;
    beyondGrid.above += liq.beyond.above;
    const lev = lad.leverage;
    assumptions.push(
      `liquidations ESTIMATED: positions rebuilt from open interest (the first row's whole open interest taken as opened at its close, ` +
        `then cohorts at each rise's close, pro-rata closes), leverage assumed ` +
        `"${lev.name}" (${lev.source}), ${lad.rule}; leverage is not public`,
    );
    if (Math.abs(lad.lastClose / p.spot - 1) > 0.02) {
      warnings.push(`the open-interest history ends at ${compact.format(lad.lastClose)}, ${((lad.lastClose / p.spot - 1) * 100).toFixed(1)}% from the chain's spot ${compact.format(p.spot)}: the ladder was built to another price`);
    }
    if (inputs.adl) {
      adl = adlEstimate(lad, p.spot, inputs.adl);
      const a = adl.assumptions;
      const flows = pointFlowsOnGrid(grid, s, [...adl.down.flows, ...adl.up.flows]);
      sources.adl = { bins: flows.bins, cumulative: flows.cumulative };
      beyondGrid.below += flows.beyond.below;
      beyondGrid.above += flows.beyond.above;
      assumptions.push(
        `ADL ESTIMATED: insurance fund ${compact.format(a.fund)} USD, every liquidation filled ${Number((a.slippage * 100).toPrecision(6))}% beyond its bankruptcy price, ` +
          `${Number((a.hedgedShare * 100).toPrecision(6))}% of deleveraged positions hedge legs re-traded by market orders; ADL watch at ${Number((a.watch * 100).toPrecision(6))}% of the fund`,
      );
    }
  } else if (inputs.adl) {
    throw new RangeError("an insurance fund needs a liquidation ladder (an open-interest history) to estimate ADL");
  }

  const map = flowMap(grid, s, sources, inputs.depth);
  let cascades: CascadeResult[] | null = null;
  if (inputs.depth !== undefined) {
    cascades = (inputs.shocks ?? DEFAULT_SHOCKS).map((shock) => cascade(map, shock, inputs.depth!));
    assumptions.push(
      `cascade MODEL: depth ${compact.format(inputs.depth)} USD of net market orders per 1% move, the same along the path; forced flows between the lowest and ` +
        "highest prices reached trade once (both sides of spot when price is pushed back through it) and move price by flow / depth; " +
        "no other traders, no liquidity recovery",
    );
  }
  if (inputs.basisRegime) {
    assumptions.push(
      "basis regime: flagged basis jumps with a CME open-interest drop the same or the previous day read as basis-trade unwinds; " +
        "spot sold sized as the CME OI drop in coin, an UPPER BOUND (part of a drop is outright longs closing); a regime in time, not a price level",
    );
  }
  return {
    asOfMs: p.asOf.epochMs, spot: p.spot, underlying: p.underlying, map, adl, cascade: cascades,
    basisRegime: inputs.basisRegime ? [...inputs.basisRegime] : null, beyondGrid, assumptions, warnings,
  };
}
