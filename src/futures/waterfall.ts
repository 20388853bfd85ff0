/**
 * Risk waterfalls: who absorbs a liquidated position's loss beyond its margin, venue by venue
 * (docs/forced-flows.md §5.1), as data; and {@link runWaterfall}, which takes a bankrupt loss
 * through a crypto venue's waterfall: the insurance fund absorbs what it can, then ADL closes the
 * top of the opposite side's queue at the bankruptcy price of the liquidated order.
 *
 * Sizing ADL (an assumption, said in the output): the liquidated position (size Q) would lose L
 * USD beyond its bankruptcy price if closed in the market; the fund covers F of it, i.e. the share
 * F / L of the position; the rest, Q × (L − F) / L, is matched against the queue. CME has no ADL:
 * the clearing member, then the guaranty fund absorb the loss.
 *
 * @module
 */
import type { Side } from "./margin.js";

/** One layer of a waterfall. */
export interface WaterfallLayer {
  /** what absorbs the loss at this layer */
  layer: string;
  /** how, in the venue's words where quoted */
  detail: string;
}

/** A venue's waterfall with its sources. */
export interface Waterfall {
  venue: string;
  /** whether the last layer is auto-deleveraging */
  adl: boolean;
  layers: WaterfallLayer[];
  sources: string[];
}

/**
 * The waterfalls of docs/forced-flows.md §5.1, by venue id.
 *
 * @example
 * WATERFALLS.cme.adl;            // false
 * WATERFALLS.binance.layers.length; // 4
 */
export const WATERFALLS: Readonly<Record<"binance" | "bybit" | "okx" | "hyperliquid" | "bitmex" | "cme", Waterfall>> = {
  binance: {
    venue: "Binance USDⓈ-M", adl: true,
    layers: [
      { layer: "margin", detail: "position or wallet margin; liquidation at the liquidation price (mark)" },
      { layer: "liquidation", detail: "the engine closes the position; a fill better than bankruptcy pays the surplus to the insurance fund" },
      { layer: "insurance fund", detail: "absorbs the loss of fills worse than the bankruptcy price" },
      { layer: "ADL", detail: "\"the final step taken only when the Insurance Fund cannot accept the bankrupt client's positions\": LeveragePnL quantile, closed at the bankruptcy price of the liquidated order, no fee" },
    ],
    sources: ["https://www.binance.com/en/support/faq/360033525471"],
  },
  bybit: {
    venue: "Bybit", adl: true,
    layers: [
      { layer: "margin", detail: "position margin; liquidation at the liquidation price (mark)" },
      { layer: "liquidation", detail: "fills; excess margin of a fill better than bankruptcy goes to the insurance fund" },
      { layer: "insurance fund", detail: "shared or isolated pools" },
      { layer: "ADL", detail: "ranked by profit and effective leverage, closed at the bankruptcy price" },
    ],
    sources: ["https://help.bybit.com/hc/en-us/articles/900000031623"],
  },
  okx: {
    venue: "OKX", adl: true,
    layers: [
      { layer: "margin", detail: "margin ratio ≤ 100 % triggers liquidation; larger tiers partially first" },
      { layer: "liquidation", detail: "fills; surplus to the fund" },
      { layer: "insurance fund", detail: "per business line and underlying" },
      { layer: "ADL", detail: "leverage PnL% = PnL% × effective leverage; closed at mark, or at bankruptcy when the fund is nearly depleted" },
    ],
    sources: ["https://www.okx.com/help/iv-introduction-to-auto-deleveraging-adl"],
  },
  hyperliquid: {
    venue: "Hyperliquid", adl: true,
    layers: [
      { layer: "margin", detail: "equity < maintenance margin: market orders to the book (20 % slices above $100k)" },
      { layer: "backstop", detail: "equity < 2/3 of maintenance: the liquidator vault takes the position" },
      { layer: "vault capital", detail: "HLP / liquidator vault" },
      { layer: "ADL", detail: "account or isolated value < 0: opposite side ranked by (mark/entry) × (notional/account value), closed at the previous mark" },
    ],
    sources: ["https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations", "https://hyperliquid.gitbook.io/hyperliquid-docs/trading/auto-deleveraging"],
  },
  bitmex: {
    venue: "BitMEX", adl: true,
    layers: [
      { layer: "margin", detail: "liquidation at the liquidation price (mark)" },
      { layer: "liquidation", detail: "the engine takes over the position" },
      { layer: "insurance fund", detail: "absorbs fills worse than bankruptcy" },
      { layer: "ADL", detail: "ranked by PNL% × effective leverage, closed at the bankruptcy price" },
    ],
    sources: ["https://bitmex.com/app/autoDeleveraging"],
  },
  cme: {
    venue: "CME Clearing", adl: false,
    layers: [
      { layer: "customer margin", detail: "performance bond; the FCM calls for margin" },
      { layer: "clearing member", detail: "covers its customer and may pursue the customer for the deficit" },
      { layer: "defaulter's resources", detail: "the defaulting member's performance bond and guaranty fund contribution" },
      { layer: "CME's contribution", detail: "CME Clearing's own capital ($100 M base)" },
      { layer: "guaranty fund", detail: "non-defaulting members' contributions" },
      { layer: "assessments", detail: "rule 802.G, up to 550 % for multiple defaults; no auto-deleveraging" },
    ],
    sources: ["https://www.cmegroup.com/education/articles-and-reports/cme-clearing-financial-safeguards-waterfalls.html"],
  },
};

/** A queue entry for {@link runWaterfall}: an opposite-side position in ADL order. */
export interface QueueEntry {
  id: string;
  /** coin */
  size: number;
}

/** Inputs of {@link runWaterfall}. */
export interface WaterfallInput {
  /** insurance fund balance, USD (≥ 0) */
  fund: number;
  /** loss beyond the bankruptcy price if the liquidated position were closed in the market, USD (≥ 0) */
  loss: number;
  /** the liquidated position's side (ADL hits the other side) */
  bankruptSide: Side;
  /** the liquidated position's size, coin; needed to size ADL when the fund falls short */
  bankruptSize?: number;
  /** the opposite side's positions, in ADL order (rank 1 first) */
  queue: readonly QueueEntry[];
}

/** What the waterfall did. */
export interface WaterfallResult {
  /** USD the fund pays */
  fundAbsorbs: number;
  /** fund balance after, USD */
  fundAfter: number;
  /** fund drawdown, fundAbsorbs / fund (0 for an empty fund) */
  drawdown: number;
  /** loss the fund cannot cover, USD */
  shortfall: number;
  /** coin of the bankrupt position handed to ADL: bankruptSize × shortfall / loss; null without a size */
  adlSize: number | null;
  /** positions deleveraged, in order, with the coin closed; empty when the fund covers the loss */
  deleveraged: Array<{ id: string; closed: number; remaining: number }>;
  /** ADL size the queue could not match (the queue ran out), coin */
  unmatched: number;
}

/**
 * Share of an insurance fund a loss uses: used / balance. On 10 October 2025 Binance used $188 M of
 * a $1.23 bn fund: 15.3 % (docs/forced-flows.md §5.3).
 *
 * @example
 * fundDrawdown(188e6, 1.23e9); // 0.15284552845528454
 */
export function fundDrawdown(used: number, balance: number): number {
  return balance > 0 ? used / balance : 0;
}

/**
 * Take a bankrupt loss through a crypto venue's waterfall (see the module note for how ADL is sized).
 *
 * @throws RangeError for a negative fund or loss, or a shortfall without the bankrupt size
 * @example
 * runWaterfall({ fund: 1e6, loss: 1.5e6, bankruptSide: "long", bankruptSize: 30, queue: [{ id: "s1", size: 4 }, { id: "s2", size: 20 }] });
 * // { fundAbsorbs: 1e6, fundAfter: 0, drawdown: 1, shortfall: 5e5, adlSize: 10,
 * //   deleveraged: [{ id: "s1", closed: 4, remaining: 0 }, { id: "s2", closed: 6, remaining: 14 }], unmatched: 0 }
 */
export function runWaterfall(input: WaterfallInput): WaterfallResult {
  const { fund, loss } = input;
  if (!(fund >= 0) || !(loss >= 0) || !Number.isFinite(fund) || !Number.isFinite(loss)) {
    throw new RangeError(`insurance fund and loss must be finite numbers ≥ 0 (got ${fund}, ${loss})`);
  }
  const fundAbsorbs = Math.min(fund, loss);
  const shortfall = loss - fundAbsorbs;
  const base = { fundAbsorbs, fundAfter: fund - fundAbsorbs, drawdown: fundDrawdown(fundAbsorbs, fund), shortfall };
  if (shortfall === 0) return { ...base, adlSize: 0, deleveraged: [], unmatched: 0 };
  if (input.bankruptSize === undefined) throw new RangeError("the fund does not cover the loss: ADL sizes need the bankrupt position's size");
  if (!(input.bankruptSize > 0)) throw new RangeError(`the bankrupt position's size must be > 0 (got ${input.bankruptSize})`);
  const adlSize = (input.bankruptSize * shortfall) / loss;
  let left = adlSize;
  const deleveraged: WaterfallResult["deleveraged"] = [];
  for (const q of input.queue) {
    if (left <= 0) break;
    const closed = Math.min(q.size, left);
    left -= closed;
    deleveraged.push({ id: q.id, closed, remaining: q.size - closed });
  }
  // rounding of the running subtraction leaves ~1e-16 × adlSize: that is not an unmatched size
  return { ...base, adlSize, deleveraged, unmatched: left > 1e-12 * adlSize ? left : 0 };
}
