/**
 * Auto-deleveraging (ADL) ranking: which profitable, leveraged positions a venue closes first when
 * its insurance fund cannot absorb a bankrupt position (docs/forced-flows.md §5.2). Each venue ranks
 * the side opposite the bankrupt position by its own score, highest first:
 *
 * | venue | score | source |
 * |---|---|---|
 * | BitMEX, Bybit, OKX | PNL% × EffLev if PNL% > 0, PNL% / EffLev otherwise; EffLev = mark value / (mark value − bankrupt value) = notional at mark / equity; PNL% = side × (mark − entry) / entry | https://bitmex.com/app/autoDeleveraging; Bybit help 900000031623 ("highest profit and effective leverage"); OKX "leverage PnL% = position's PnL% × effective leverage" |
 * | Binance | LeveragePnL = PnL% × MarginRatio; PnL% = max(0, UPNL) / max(1, WB); MarginRatio = MM / (WB + UPNL), 0 when WB + UPNL ≤ 0; quantile = rank / N | Binance FAQ 360033525471; dev.binance.vision thread 17801 |
 * | Hyperliquid | (mark / entry) × (notional / account value) | hyperliquid.gitbook.io/hyperliquid-docs/trading/auto-deleveraging |
 *
 * Assumptions, said in every output that uses them: the positions are the ones the user supplies
 * (no venue publishes the queue, only each user's own light: Binance `adlQuantile`); a position's
 * wallet balance is its isolated margin; Hyperliquid's docs give one expression, applied to both
 * sides as written (whether shorts use entry / mark is not stated; §9.4).
 *
 * @module
 */
import { sideSign, type Side } from "./margin.js";

/**
 * Venues whose ADL ranking gexray computes.
 *
 * @example
 * ADL_VENUES.join("|"); // "bitmex|bybit|okx|binance|hyperliquid"
 */
export const ADL_VENUES = ["bitmex", "bybit", "okx", "binance", "hyperliquid"] as const;

/** A venue of {@link ADL_VENUES}. */
export type AdlVenue = (typeof ADL_VENUES)[number];

/** A position as the ADL rankings see it. */
export interface AdlPosition {
  id: string;
  side: Side;
  /** coin (> 0) */
  size: number;
  /** entry price, USD per coin */
  entry: number;
  /** mark price, USD per coin */
  mark: number;
  /** isolated margin (wallet balance of the position), USD */
  margin: number;
}

/**
 * Unrealized PnL at the mark, USD: side × (mark − entry) × size.
 *
 * @example
 * unrealizedPnl({ id: "a", side: "short", size: 2, entry: 95000, mark: 90000, margin: 19000 }); // 10000
 */
export function unrealizedPnl(p: AdlPosition): number {
  return sideSign(p.side) * (p.mark - p.entry) * p.size;
}

/**
 * BitMEX's ranking (also Bybit's and OKX's): PNL% × EffLev when in profit, PNL% / EffLev
 * otherwise; NaN when the position's equity is ≤ 0 (already bankrupt: not in the queue).
 *
 * @example
 * // long 10 BTC at 80,000, 11x (margin 72,727.27), mark 90,000: EffLev 5.2105, PNL% 12.5 %
 * bitmexAdlScore({ id: "a", side: "long", size: 10, entry: 80000, mark: 90000, margin: 800000 / 11 }); // 0.6513157894736843
 */
export function bitmexAdlScore(p: AdlPosition): number {
  const equity = p.margin + unrealizedPnl(p);
  if (!(equity > 0)) return NaN;
  const effLev = (p.mark * p.size) / equity;
  const pnlPct = (sideSign(p.side) * (p.mark - p.entry)) / p.entry;
  return pnlPct > 0 ? pnlPct * effLev : pnlPct / effLev;
}

/**
 * Binance's LeveragePnL: max(0, UPNL) / max(1, WB) × MM / (WB + UPNL) (0 when WB + UPNL ≤ 0).
 *
 * @param maintenance - the position's maintenance margin at the mark, USD (N × mmr − cum of its bracket)
 * @example
 * // the same position; Oct-2024 bracket 3 at 900,000: MM = 900,000 × 0.65 % − 950 = 4,900
 * binanceLeveragePnl({ id: "a", side: "long", size: 10, entry: 80000, mark: 90000, margin: 800000 / 11 }, 4900); // 0.03900657894736843
 */
export function binanceLeveragePnl(p: AdlPosition, maintenance: number): number {
  const upnl = unrealizedPnl(p);
  const pnlPct = Math.max(0, upnl) / Math.max(1, p.margin);
  const equity = p.margin + upnl;
  const marginRatio = equity > 0 ? maintenance / equity : 0;
  return pnlPct * marginRatio;
}

/**
 * Hyperliquid's sorting index: (mark / entry) × (notional at mark / account value), account value
 * = margin + UPNL; NaN when the account value is ≤ 0.
 *
 * @example
 * hyperliquidAdlIndex({ id: "a", side: "long", size: 10, entry: 80000, mark: 90000, margin: 800000 / 11 }); // 5.861842105263158
 */
export function hyperliquidAdlIndex(p: AdlPosition): number {
  const account = p.margin + unrealizedPnl(p);
  if (!(account > 0)) return NaN;
  return (p.mark / p.entry) * ((p.mark * p.size) / account);
}

/** A position's place in its side's ADL queue. */
export interface AdlRank {
  id: string;
  side: Side;
  size: number;
  /** the venue's score (see the module table); NaN for a position already bankrupt */
  score: number;
  /** 1 = first to be deleveraged on its side; null when not in the queue */
  rank: number | null;
  /** share of its side's ranked positions with a score ≤ its own (Binance's rank / N), 0…1 */
  quantile: number | null;
  /** unrealized PnL at the mark, USD */
  unrealizedPnl: number;
}

/**
 * Rank each side's positions by a venue's score, highest first (ties keep the input order).
 * Positions with equity ≤ 0 get score NaN and no rank.
 *
 * @param positions - any order, both sides
 * @param venue - whose score
 * @param maintenance - Binance only: each position's maintenance margin at the mark, USD
 * @returns every position, longs first then shorts, each side in queue order
 * @throws RangeError when Binance's ranking is asked without maintenance margins
 * @example
 * rankAdl(positions, "bybit").map((r) => `${r.side} ${r.id} #${r.rank}`);
 */
export function rankAdl(positions: readonly AdlPosition[], venue: AdlVenue, maintenance?: (p: AdlPosition) => number): AdlRank[] {
  if (venue === "binance" && !maintenance) throw new RangeError("Binance's ADL ranking needs each position's maintenance margin (a tier table or a rate)");
  const score = (p: AdlPosition): number => {
    switch (venue) {
      case "binance": {
        const equity = p.margin + unrealizedPnl(p);
        return equity > 0 ? binanceLeveragePnl(p, maintenance!(p)) : NaN;
      }
      case "hyperliquid": return hyperliquidAdlIndex(p);
      default: return bitmexAdlScore(p);
    }
  };
  const out: AdlRank[] = [];
  for (const side of ["long", "short"] as const) {
    const mine = positions.map((p, i) => ({ p, i, s: score(p) })).filter((x) => x.p.side === side);
    const ranked = mine.filter((x) => !Number.isNaN(x.s)).sort((a, b) => b.s - a.s || a.i - b.i);
    const n = ranked.length;
    ranked.forEach((x, k) => {
      const atOrBelow = ranked.filter((y) => y.s <= x.s).length;
      out.push({ id: x.p.id, side, size: x.p.size, score: x.s, rank: k + 1, quantile: atOrBelow / n, unrealizedPnl: unrealizedPnl(x.p) });
    });
    for (const x of mine.filter((y) => Number.isNaN(y.s))) {
      out.push({ id: x.p.id, side, size: x.p.size, score: NaN, rank: null, quantile: null, unrealizedPnl: unrealizedPnl(x.p) });
    }
  }
  return out;
}
