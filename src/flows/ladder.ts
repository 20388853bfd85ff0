/**
 * The liquidation ladder (ESTIMATED): where leveraged futures positions would be liquidated, rebuilt
 * from an open-interest history under a stated leverage assumption (docs/forced-flows.md §4.2).
 *
 * Method, row by row in time order (each row: time, high, low, close, open interest in coin):
 * 1. clear (every row after the first, before new positions open): a live long is liquidated when
 *    the row's low reaches its liquidation price, a live short when the high does;
 * 2. open or close: the first row opens a cohort of its whole open interest at its close; a later
 *    rise in open interest opens a cohort of the rise at that row's close; a fall closes every live
 *    position pro rata, in coin (each scaled by OI_t / OI_{t−1});
 * 3. every cohort holds its coin on both sides (a future has a buyer and a seller: long = short = the
 *    cohort's open interest), split across leverage buckets by the side's distribution; each
 *    (cohort, side, leverage) cell gets its liquidation and bankruptcy prices from a rule.
 * A cohort opened at a row's close is exposed from the next row on.
 *
 * What it is not: a list of real pending liquidations. Leverage is not public; positions opened and
 * closed within a row, cross-margin buffers and partial liquidations are not seen. Every output
 * built on it says ESTIMATED and names its assumptions.
 *
 * @module
 */
import { tierFor } from "../data/tierTable.js";
import { bankruptcyPrice, simpleLiquidationPrice } from "../futures/liquidation.js";
import type { Side } from "../futures/margin.js";
import { venueLiquidation, type VenueRule } from "../futures/venueRule.js";
import type { LeverageDistribution } from "./leverage.js";

/** One row of an open-interest history. */
export interface OiBar {
  /** ms since epoch */
  time: number;
  /** USD per coin */
  high: number;
  /** USD per coin */
  low: number;
  /** USD per coin */
  close: number;
  /** open interest, coin (one side) */
  openInterest: number;
}

/** Liquidation and bankruptcy prices of a position, by a venue's rule. */
export interface LiquidationRule {
  /** what the rule is, for labels: "simple E·(1 − 1/L + mmr), mmr 0.5%" */
  name: string;
  /**
   * @param entry - entry price, USD per coin
   * @param side - long or short
   * @param leverage - leverage (×), initial margin = notional / leverage (isolated)
   * @returns the price at which the position is liquidated and the price at which its margin is
   *   exhausted (bankruptcy), USD per coin; null for a position the rule never liquidates (a long
   *   whose margin covers a fall to zero)
   */
  prices(entry: number, side: Side, leverage: number): { liquidation: number; bankruptcy: number } | null;
  /**
   * The highest leverage the venue allows a cell's position entered at `entry` (its tier's max
   * leverage), USD per coin in, × out; absent (or Infinity) where the rule sets none. A leverage
   * bucket above it is priced at it: nobody can hold the position at more.
   */
  maxLeverage?(entry: number): number;
}

/**
 * The simple isolated-margin rule most liquidation maps use, with one maintenance rate: long
 * LP = E·(1 − 1/L + mmr), short LP = E·(1 + 1/L − mmr); bankruptcy E·(1 ∓ 1/L). This is Bybit's
 * isolated formula without deduction or extra margin (Bybit help "Liquidation Price (USDT
 * Contract)": 1 BTC at 20,000, 50x, MMR 0.5% → 19,700).
 *
 * @param mmr - maintenance margin rate, decimal (0.005 = 0.5%), in [0, 1)
 * @throws RangeError for an mmr that is not a finite number in [0, 1)
 * @example
 * simpleRule(0.005).prices(90000, "long", 10);  // { liquidation: 81450, bankruptcy: 81000 }
 * simpleRule(0.005).prices(90000, "short", 10); // { liquidation: 98550, bankruptcy: 99000 }
 */
export function simpleRule(mmr: number): LiquidationRule {
  if (!(mmr >= 0 && mmr < 1)) throw new RangeError(`maintenance margin rate must be a number in [0, 1) (got ${mmr})`);
  return {
    name: `simple isolated E·(1 ∓ 1/L ± mmr), mmr ${Number((mmr * 100).toPrecision(6))}%`,
    prices(entry, side, leverage) {
      const s = side === "long" ? 1 : -1;
      return { liquidation: simpleLiquidationPrice(entry, leverage, mmr, side), bankruptcy: entry * (1 - s / leverage) };
    },
  };
}

/**
 * A venue's own rule (futures/venueRule.ts: Binance, Bybit, OKX, Hyperliquid tier tables or flat
 * rates) for a ladder cell: an isolated position of `size` coin entered at E with margin
 * size × E / L. The tier a cell falls in depends on one account's position, which a ladder built
 * from aggregate open interest cannot know: `size` stands for a typical position (default 1 coin,
 * the first tier on every BTC table), and says so in the rule's name.
 *
 * @param rule - the venue's rule (its tier table or a flat rate)
 * @param size - the position size each cell is priced as, coin (> 0); default 1
 * @example
 * // Binance BTCUSDT Oct-2024 brackets, 1 BTC at 90,000, 10x: 81,356.78 (docs/forced-flows.md §3.3)
 * venueRuleForLadder({ venue: "binance", table }).prices(90000, "long", 10)!.liquidation; // 81356.78…
 */
export function venueRuleForLadder(rule: VenueRule, size = 1): LiquidationRule {
  if (!(size > 0) || !Number.isFinite(size)) throw new RangeError(`the typical position size must be a finite number > 0 coin (got ${size})`);
  const terms = rule.mmr !== undefined ? `mmr ${Number((rule.mmr * 100).toPrecision(6))}%` : rule.table ? `tiers ${rule.table.source}` : "flat maintenance";
  const table = rule.mmr === undefined && rule.maintenanceUsd === undefined ? rule.table : undefined;
  return {
    name: `${rule.venue} isolated rule (${terms}), each cell priced as a ${size}-coin position`,
    maxLeverage(entry) {
      if (!table || table.tiers.length === 0) return Infinity;
      // the bracket of a size-coin position entered at `entry` (OKX measures contracts)
      const x = table.measure === "contracts" ? size / (rule.contractValue ?? 1) : size * entry;
      const { maxLeverage } = tierFor(table, x);
      return maxLeverage > 0 ? maxLeverage : Infinity;
    },
    prices(entry, side, leverage) {
      const p = { side, entry, size, margin: (size * entry) / leverage };
      const r = venueLiquidation(p, rule);
      const b = bankruptcyPrice(p);
      if (r.liquidationPrice === null || !(r.liquidationPrice > 0) || b === null) return null;
      return { liquidation: r.liquidationPrice, bankruptcy: b };
    },
  };
}

/** One (cohort, side, leverage) position of the ladder. */
export interface LadderCell {
  side: Side;
  leverage: number;
  /** the cohort's entry: the close of the row that opened it, USD per coin */
  entry: number;
  /** when the cohort opened, ms since epoch */
  opened: number;
  /** coin still open (after pro-rata closes); the coin liquidated when cleared */
  coin: number;
  /** USD per coin */
  liquidation: number;
  /** USD per coin */
  bankruptcy: number;
  /** when a later row's low (long) or high (short) reached the liquidation price; null while live */
  cleared: number | null;
}

/** The reconstructed positions and what happened to them. */
export interface Ladder {
  /** every cell, live and cleared, in order of opening */
  cells: LadderCell[];
  /** the last row's close, USD per coin */
  lastClose: number;
  /** the last row's time, ms since epoch */
  lastTime: number;
  /** the leverage assumption */
  leverage: LeverageDistribution;
  /** the liquidation rule */
  rule: string;
  /**
   * rows used, cohorts opened, rows with an OI fall, cells cleared, cells the rule never liquidates,
   * cells whose assumed leverage exceeded the venue's maximum (priced at the maximum)
   */
  counts: { rows: number; cohorts: number; closes: number; cleared: number; unliquidatable: number; capped: number };
  /** the highest venue maximum a cell was capped at, ×; null when none was */
  cappedAt: number | null;
}

/**
 * Rebuild the positions of an open-interest history (see the module note).
 *
 * @param bars - rows in time order (strictly increasing times), prices > 0, open interest ≥ 0
 * @param leverage - the assumed leverage split per side
 * @param rule - the liquidation rule
 * @returns every cell with its prices, coin, and the time it was cleared (null = still live)
 * @throws RangeError naming the row (1-based) and field for an unusable row: times out of order, a
 *   price that is not finite and > 0, a low above the high, a close outside [low, high], an open
 *   interest that is not finite and ≥ 0
 * @example
 * // docs/forced-flows.md §4.2 vector A: one cohort of 11,111.11 BTC at 90,000, mmr 0.5%
 * const lad = buildLadder([{ time: 0, high: 90000, low: 90000, close: 90000, openInterest: 11111.11 }], lev, simpleRule(0.005));
 * lad.cells.filter((c) => c.side === "long").map((c) => c.liquidation); // [45450, 72450, 81450, 86850, 88650, 89550]
 */
export function buildLadder(bars: readonly OiBar[], leverage: LeverageDistribution, rule: LiquidationRule): Ladder {
  const cells: LadderCell[] = [];
  const live: LadderCell[] = [];
  let cohorts = 0;
  let closes = 0;
  let cleared = 0;
  let unliquidatable = 0;
  let capped = 0;
  let cappedAt: number | null = null;
  let prevOi = NaN;
  let prevTime = -Infinity;
  bars.forEach((b, k) => {
    const row = k + 1;
    if (!(b.time > prevTime)) throw new RangeError(`row ${row}: time must be later than the previous row's`);
    for (const f of ["high", "low", "close"] as const) {
      if (!(b[f] > 0) || !Number.isFinite(b[f])) throw new RangeError(`row ${row}: ${f} must be a finite number > 0 (got ${b[f]})`);
    }
    if (b.low > b.high) throw new RangeError(`row ${row}: low ${b.low} is above high ${b.high}`);
    if (b.close < b.low || b.close > b.high) throw new RangeError(`row ${row}: close ${b.close} is outside [low, high]`);
    if (!(b.openInterest >= 0) || !Number.isFinite(b.openInterest)) throw new RangeError(`row ${row}: open interest must be a finite number ≥ 0 (got ${b.openInterest})`);
    prevTime = b.time;
    if (k > 0) {
      // 1. clear with this row's range, before anything opens at its close
      for (let i = live.length - 1; i >= 0; i--) {
        const c = live[i]!;
        if (c.side === "long" ? b.low <= c.liquidation : b.high >= c.liquidation) {
          c.cleared = b.time;
          cleared++;
          live.splice(i, 1);
        }
      }
    }
    // 2. open or close
    const rise = k === 0 ? b.openInterest : b.openInterest - prevOi;
    if (rise > 0) {
      cohorts++;
      for (const side of ["long", "short"] as const) {
        const max = rule.maxLeverage?.(b.close) ?? Infinity;
        for (const { leverage: assumed, weight } of leverage[side]) {
          if (weight === 0) continue;
          const L = Math.min(assumed, max);
          if (L < assumed) {
            capped++;
            cappedAt = Math.max(cappedAt ?? 0, L);
          }
          const prices = rule.prices(b.close, side, L);
          if (prices === null) {
            unliquidatable++;
            continue;
          }
          const { liquidation, bankruptcy } = prices;
          const cell: LadderCell = { side, leverage: L, entry: b.close, opened: b.time, coin: rise * weight, liquidation, bankruptcy, cleared: null };
          cells.push(cell);
          live.push(cell);
        }
      }
    } else if (rise < 0) {
      closes++;
      const scale = b.openInterest / prevOi;
      for (const c of live) c.coin *= scale;
    }
    prevOi = b.openInterest;
  });
  const last = bars[bars.length - 1];
  return {
    cells, lastClose: last?.close ?? NaN, lastTime: last?.time ?? NaN, leverage, rule: rule.name,
    counts: { rows: bars.length, cohorts, closes, cleared, unliquidatable, capped }, cappedAt,
  };
}

/** Liquidations of one side in one price bin. */
export interface LadderBin {
  /** the bin's lower edge, USD per coin */
  price: number;
  side: Side;
  /** coin forced to trade (longs sell, shorts buy) */
  coin: number;
  /** USD at each position's liquidation price */
  usd: number;
}

/** Cumulative forced flow from spot to a price. */
export interface LadderStep {
  /** USD per coin */
  price: number;
  /** coin forced to trade if price reaches `price` from spot */
  coin: number;
  /** USD at the liquidation prices */
  usd: number;
}

/**
 * The live cells by price bin and side: coin and USD at the liquidation price.
 *
 * @param ladder - the ladder
 * @param binWidth - bin width, USD per coin (> 0)
 * @returns bins ascending by price, longs before shorts within a price; empty bins left out
 * @throws RangeError for a bin width that is not finite and > 0
 * @example
 * ladderBins(lad, 1000).find((b) => b.side === "long" && b.price === 89000); // { price: 89000, side: "long", coin: 333.3333, usd: 29850000 }
 */
export function ladderBins(ladder: Ladder, binWidth: number): LadderBin[] {
  if (!(binWidth > 0) || !Number.isFinite(binWidth)) throw new RangeError(`bin width must be a finite number > 0 (got ${binWidth})`);
  const bins = new Map<string, LadderBin>();
  for (const c of ladder.cells) {
    if (c.cleared !== null || c.coin === 0) continue;
    const price = Math.floor(c.liquidation / binWidth) * binWidth;
    const key = `${c.side}:${price}`;
    let b = bins.get(key);
    if (!b) bins.set(key, (b = { price, side: c.side, coin: 0, usd: 0 }));
    b.coin += c.coin;
    b.usd += c.coin * c.liquidation;
  }
  return [...bins.values()].sort((a, b) => a.price - b.price || (a.side === b.side ? 0 : a.side === "long" ? -1 : 1));
}

/**
 * Cumulative forced flow if price moves from `spot` to `price`: live longs with a liquidation price
 * in [price, spot] (forced sellers, for a fall) or live shorts with one in [spot, price] (forced
 * buyers, for a rise).
 *
 * @param ladder - the ladder
 * @param spot - the starting price, USD per coin
 * @param price - the price reached, USD per coin
 * @returns coin and USD (at the liquidation prices) forced to trade; the side is implied by the
 *   direction (below spot: longs selling; above: shorts buying)
 * @example
 * // vector A: 30 / 300 / 600 / 850 mn USD of entry notional, i.e. 333.33 … 9,444.44 BTC
 * cumulativeAt(lad, 90000, 85000).coin; // 3333.333
 */
export function cumulativeAt(ladder: Ladder, spot: number, price: number): { coin: number; usd: number } {
  let coin = 0;
  let usd = 0;
  const down = price < spot;
  for (const c of ladder.cells) {
    if (c.cleared !== null) continue;
    const L = c.liquidation;
    const hit = down ? c.side === "long" && L >= price && L <= spot : c.side === "short" && L <= price && L >= spot;
    if (hit) {
      coin += c.coin;
      usd += c.coin * L;
    }
  }
  return { coin, usd };
}

/**
 * Cumulative forced selling at each bin edge below spot and buying at each edge above, out to the
 * farthest live liquidation price.
 *
 * @param ladder - the ladder
 * @param spot - the starting price, USD per coin
 * @param binWidth - step between the prices reported, USD per coin
 * @returns `sell`: descending prices from the first bin edge at or below spot; `buy`: ascending from
 *   the first edge at or above spot; each step cumulative from spot
 * @example
 * cumulativeLadder(lad, 90000, 5000).sell.find((s) => s.price === 80000)!.coin; // 6666.666
 */
export function cumulativeLadder(ladder: Ladder, spot: number, binWidth: number): { sell: LadderStep[]; buy: LadderStep[] } {
  if (!(binWidth > 0) || !Number.isFinite(binWidth)) throw new RangeError(`bin width must be a finite number > 0 (got ${binWidth})`);
  let lo = spot;
  let hi = spot;
  for (const c of ladder.cells) {
    if (c.cleared !== null) continue;
    if (c.side === "long" && c.liquidation <= spot) lo = Math.min(lo, c.liquidation);
    if (c.side === "short" && c.liquidation >= spot) hi = Math.max(hi, c.liquidation);
  }
  const sell: LadderStep[] = [];
  for (let p = Math.floor(spot / binWidth) * binWidth; p >= lo - binWidth && p > 0; p -= binWidth) sell.push({ price: p, ...cumulativeAt(ladder, spot, p) });
  const buy: LadderStep[] = [];
  for (let p = Math.ceil(spot / binWidth) * binWidth; p <= hi + binWidth; p += binWidth) buy.push({ price: p, ...cumulativeAt(ladder, spot, p) });
  return { sell, buy };
}
