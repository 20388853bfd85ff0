/**
 * Insurance fund and auto-deleveraging on the flow map (ESTIMATED; docs/forced-flows.md §5.4).
 *
 * As price moves away from spot the ladder's positions are liquidated in turn (longs on a fall,
 * shorts on a rise). A liquidation filled beyond its bankruptcy price is a loss the venue's insurance
 * fund absorbs; here every fill is assumed to slip a fraction s beyond bankruptcy (long fill
 * B·(1 − s), short B·(1 + s)), so each liquidated cell costs s·B·coin. Where the cumulative loss
 * reaches the fund, the fund is exhausted: from there on the bankrupt positions are closed against
 * the most profitable opposite positions (ADL) instead of the fund. A share h of those ADL'd
 * positions is taken to be one leg of a delta-neutral hedge (a fund short the perpetual against
 * spot or ETF held elsewhere): ADL leaves the other leg naked and its owner trades it away by market
 * orders in the direction of the move (a fall: the long leg is sold; a rise: the short leg bought).
 *
 * ADL watch: the cumulative loss reaches 15% of the fund (Binance spent 15.3% of its $1.23 bn
 * fund, $188 M, on 10 October 2025 before ADL; §5.3).
 *
 * @module
 */
import type { Ladder } from "./ladder.js";
import { reachable } from "./liquidationFlow.js";

/** The ADL assumptions. */
export interface AdlOptions {
  /** insurance fund balance, USD (> 0) */
  fund: number;
  /** fill slippage beyond the bankruptcy price, decimal (0.005 = 0.5%); default 0.005 */
  slippage?: number;
  /** share of ADL'd positions that are hedge legs re-hedged by market orders, [0, 1]; default 0.5 */
  hedgedShare?: number;
  /** fraction of the fund that flags "ADL watch"; default 0.15 */
  watch?: number;
}

/** Defaults of {@link AdlOptions}, stated in every output. */
export const ADL_DEFAULTS = { slippage: 0.005, hedgedShare: 0.5, watch: 0.15 } as const;

/** One direction's ADL estimate. */
export interface AdlSide {
  /** the price where the cumulative loss first reaches `watch` × fund, USD per coin; null if never */
  watchPrice: number | null;
  /** the price where the fund is exhausted and ADL starts, USD per coin; null if never on the ladder */
  zoneStart: number | null;
  /** the cumulative loss of every liquidation in this direction, USD */
  totalLoss: number;
  /** coin deleveraged beyond the zone start */
  adlCoin: number;
  /** the hedge re-trades: price and signed USD (− sells on a fall, + buys on a rise) */
  flows: Array<{ price: number; usd: number }>;
}

/** The ADL estimate both ways from spot. */
export interface AdlEstimate {
  /** a fall from spot: longs liquidated, profitable shorts deleveraged */
  down: AdlSide;
  /** a rise from spot: shorts liquidated, profitable longs deleveraged */
  up: AdlSide;
  /** the assumptions used (defaults filled in) */
  assumptions: Required<AdlOptions>;
}

/**
 * Estimate where the insurance fund runs out and the ADL re-hedging flow beyond it.
 *
 * @param ladder - the liquidation ladder
 * @param spot - the starting price, USD per coin
 * @param opts - fund, slippage, hedged share, watch level
 * @throws RangeError for a fund that is not finite and > 0, or a slippage, share or watch level
 *   outside [0, 1]
 * @example
 * // forced-flows.md §5.4: 300 M USD of liquidated longs at 0.6% slippage lose ≈ 1.8 M; against a
 * // $1.23 bn fund that is 0.15% of it (no watch, no ADL)
 * adlEstimate(lad, 90000, { fund: 1.23e9, slippage: 0.006 }).down.zoneStart; // null
 */
export function adlEstimate(ladder: Ladder, spot: number, opts: AdlOptions): AdlEstimate {
  const a: Required<AdlOptions> = {
    fund: opts.fund, slippage: opts.slippage ?? ADL_DEFAULTS.slippage, hedgedShare: opts.hedgedShare ?? ADL_DEFAULTS.hedgedShare,
    watch: opts.watch ?? ADL_DEFAULTS.watch,
  };
  if (!(a.fund > 0) || !Number.isFinite(a.fund)) throw new RangeError(`insurance fund must be a finite number > 0 USD (got ${a.fund})`);
  for (const k of ["slippage", "hedgedShare", "watch"] as const) {
    if (!(a[k] >= 0 && a[k] <= 1)) throw new RangeError(`${k} must be a number in [0, 1] (got ${a[k]})`);
  }
  const cells = [...reachable(ladder, spot)];
  const side = (dir: "long" | "short"): AdlSide => {
    // in the order price reaches them moving away from spot
    const list = cells.filter((c) => c.side === dir).sort((x, y) => (dir === "long" ? y.liquidation - x.liquidation : x.liquidation - y.liquidation));
    const out: AdlSide = { watchPrice: null, zoneStart: null, totalLoss: 0, adlCoin: 0, flows: [] };
    const sign = dir === "long" ? -1 : 1;
    for (const c of list) {
      const loss = a.slippage * c.bankruptcy * c.coin;
      const before = out.totalLoss;
      out.totalLoss += loss;
      if (out.watchPrice === null && out.totalLoss >= a.watch * a.fund) out.watchPrice = c.liquidation;
      if (out.totalLoss < a.fund || loss === 0) continue;
      if (out.zoneStart === null) out.zoneStart = c.liquidation;
      // the part of this cell's loss the fund could not take is deleveraged
      const uncovered = before >= a.fund ? 1 : (out.totalLoss - a.fund) / loss;
      const coin = c.coin * uncovered;
      out.adlCoin += coin;
      if (a.hedgedShare > 0) out.flows.push({ price: c.liquidation, usd: sign * a.hedgedShare * coin * c.liquidation });
    }
    return out;
  };
  return { down: side("long"), up: side("short"), assumptions: a };
}
