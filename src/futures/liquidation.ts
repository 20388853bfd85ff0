/**
 * Liquidation and bankruptcy prices of a leveraged futures position, one function per venue rule
 * (docs/forced-flows.md §3.3–3.8). Every function takes the position and the rule's parameters and
 * returns prices in USD per coin; a long whose margin covers a fall to zero has no liquidation
 * price (null). Plain functions with no I/O, so that a liquidation ladder can call them in a loop.
 *
 * A position is backed by `margin` USD: its isolated margin (the Binance FAQ's WB in isolated mode,
 * notional / leverage plus any added margin), or in cross mode the wallet balance, with the other
 * positions' maintenance margin and unrealized PnL (Binance's TMM₁ and UPNL₁). Equity at a mark
 * price P is margin + other UPNL + side × size × (P − entry).
 *
 * | rule | liquidation when | maintenance taken at | venues |
 * |---|---|---|---|
 * | {@link markTieredLiquidation} | equity = size·P·mmr_k − cum_k + other MM | the liquidation price (bracket found consistently) | Binance USDⓈ-M, Hyperliquid |
 * | {@link entryMaintenanceLiquidation} | equity = MM fixed at entry | entry value (tier by entry value), or a fixed USD amount | Bybit, flat-rate venues (E·(1 − 1/L + mmr)), CME-style USD per contract |
 * | {@link okxLiquidation} | (equity) / (size·P·(mmr + fee)) = 1 | the liquidation price; tier by size in contracts | OKX, Gate |
 *
 * @module
 */
import { maintenanceMarginIn, tierFor, type MaintenanceTier, type TierTable } from "../data/tierTable.js";
import { sideSign, type Side } from "./margin.js";

/** A leveraged position (see the module note for `margin` and `cross`). */
export interface MarginPosition {
  side: Side;
  /** entry price, USD per coin */
  entry: number;
  /** position size, coin (> 0) */
  size: number;
  /** USD backing the position: isolated margin, or in cross mode the wallet balance */
  margin: number;
  /** cross margin: the account's other positions (absent = isolated) */
  cross?: { otherMaintenance: number; otherUnrealizedPnl: number };
}

/** One bracket tried by {@link markTieredLiquidation}. */
export interface BracketCandidate {
  tier: number;
  /** the price that bracket's rate and amount give, USD per coin (may be ≤ 0) */
  price: number;
  /** size × price, USD */
  notional: number;
  /** whether that notional lies in the bracket: the consistent solution */
  holds: boolean;
}

/** A liquidation price with the maintenance terms that produce it. */
export interface LiquidationResult {
  /** USD per coin; null when the margin covers a fall to zero (a long that cannot be liquidated above 0) */
  liquidationPrice: number | null;
  /** maintenance rate used, decimal */
  maintenanceRate: number;
  /** maintenance amount (cum / deduction) used, USD */
  maintenanceAmount: number;
  /** maintenance margin the equity meets at the liquidation price, USD (NaN when there is none) */
  maintenanceMargin: number;
  /** the bracket used, null for a flat rate */
  tier: MaintenanceTier | null;
  /** the notional the bracket was chosen at: "liquidation" (size × liquidation price) or "entry" */
  tierAt: "liquidation" | "entry";
  /** every bracket tried (mark-tiered rule only) */
  candidates?: BracketCandidate[];
}

/** The margin that counts against the position: margin + other UPNL − other MM (cross), else margin. */
function effectiveMargin(p: MarginPosition): number {
  return p.margin + (p.cross ? p.cross.otherUnrealizedPnl - p.cross.otherMaintenance : 0);
}

/**
 * Bankruptcy price: where the equity backing the position is exactly zero,
 * `entry − side × (margin + other UPNL) / size` (isolated: entry ∓ margin / size; with margin =
 * notional / L a long's is entry × (1 − 1/L)). Null for a long whose margin exceeds its notional.
 *
 * @example
 * bankruptcyPrice({ side: "long", entry: 90000, size: 1, margin: 4500 }); // 85500 (20x)
 * bankruptcyPrice({ side: "short", entry: 90000, size: 1, margin: 4500 }); // 94500
 */
export function bankruptcyPrice(p: MarginPosition): number | null {
  const s = sideSign(p.side);
  const b = p.entry - (s * (p.margin + (p.cross?.otherUnrealizedPnl ?? 0))) / p.size;
  return b > 0 || s < 0 ? b : b === 0 ? 0 : null;
}

/**
 * The insurance fund's gain (+) or loss (−) when a liquidated position is closed at `fill`: the
 * fill is better than the bankruptcy price → the excess margin goes to the fund (Binance's
 * liquidation clearance, Bybit's "closed at a price better than the bankruptcy price"); worse → the
 * fund pays the difference. `side × (fill − bankruptcy) × size`, USD (docs/forced-flows.md §3.8).
 *
 * @example
 * insuranceFundPnl("long", 1, 85500, 85000); // -500
 * insuranceFundPnl("long", 1, 85500, 85700); // 200
 */
export function insuranceFundPnl(side: Side, size: number, bankruptcy: number, fill: number): number {
  return sideSign(side) * (fill - bankruptcy) * size + 0;
}

/**
 * The one-line rule a liquidation ladder uses for a position opened at `entry` with leverage L and
 * a flat maintenance rate, maintenance taken at entry (Bybit's form without deduction):
 * long E·(1 − 1/L + mmr), short E·(1 + 1/L − mmr), USD per coin.
 *
 * @example
 * simpleLiquidationPrice(20000, 50, 0.005, "long");  // 19700 (Bybit's help-centre example)
 * simpleLiquidationPrice(90000, 10, 0.005, "short"); // 98550.00000000001
 */
export function simpleLiquidationPrice(entry: number, leverage: number, mmr: number, side: Side): number {
  const s = sideSign(side);
  return entry * (1 - s / leverage + s * mmr);
}

/** Binance's one-way formula for one bracket (FAQ, as implemented by freqtrade `binance.py`). */
function markRulePrice(p: MarginPosition, mmr: number, cum: number): number {
  const s = sideSign(p.side);
  return (effectiveMargin(p) + cum - s * p.size * p.entry) / (p.size * mmr - s * p.size);
}

/**
 * Liquidation price when the maintenance margin is taken at the mark price with a tiered rate
 * (Binance USDⓈ-M, Hyperliquid): solves equity(P) = size·P·mmr_k − cum_k (+ other MM) for every
 * bracket k and keeps the one whose notional size × P lies in bracket k — the bracket that holds at
 * the liquidation price, as Binance's FAQ requires ("substitute … the maintenance margin rate and
 * the maintenance margin amount of the position level [at the liquidation price]"), not the entry's.
 * Equity − MM is strictly monotonic in P (mmr < 1) and MM is continuous across brackets, so exactly
 * one bracket holds (two, with the same price, on a boundary: the lower is kept).
 *
 * Binance, one-way mode (FAQ https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93;
 * freqtrade `freqtrade/exchange/binance.py` `dry_run_liquidation_price`):
 *   LP = (WB − TMM₁ + UPNL₁ + cum − side·size·entry) / (size·mmr − side·size)
 * Hyperliquid (docs trading/liquidations; freqtrade `hyperliquid.py`) is the same equation with its
 * tiers (mmr = 1 / (2 × max leverage), deduction by the same recursion).
 *
 * @param p - the position
 * @param tiers - the venue's table (notional brackets), or a flat `{ mmr, cum }`
 * @example
 * // Binance BTCUSDT Oct-2024 table; 1 BTC at 90,000, 10x isolated (margin 9,000)
 * markTieredLiquidation({ side: "long", entry: 90000, size: 1, margin: 9000 }, table).liquidationPrice;  // 81356.78391959799 (bracket 2)
 * markTieredLiquidation({ side: "short", entry: 90000, size: 1, margin: 9000 }, table).liquidationPrice; // 98557.21393034827
 * // 40 BTC at 90,000, 3x: bracket 4 (entry notional 3.6M) would give 60,316.92, whose notional
 * // (2.41M) is bracket 3; bracket 3 holds at its own price
 * markTieredLiquidation({ side: "long", entry: 90000, size: 40, margin: 1.2e6 }, table).liquidationPrice; // 60368.64620030196
 */
export function markTieredLiquidation(p: MarginPosition, tiers: Pick<TierTable, "tiers"> | { mmr: number; cum?: number }): LiquidationResult {
  if ("mmr" in tiers) {
    const cum = tiers.cum ?? 0;
    const lp = markRulePrice(p, tiers.mmr, cum);
    const ok = lp > 0 && Number.isFinite(lp);
    return {
      liquidationPrice: ok ? lp : null, maintenanceRate: tiers.mmr, maintenanceAmount: cum,
      maintenanceMargin: ok ? p.size * lp * tiers.mmr - cum : NaN, tier: null, tierAt: "liquidation",
    };
  }
  const candidates: BracketCandidate[] = tiers.tiers.map((t, k) => {
    const price = markRulePrice(p, t.mmr, t.cum);
    const notional = p.size * price;
    const last = k === tiers.tiers.length - 1;
    const tol = 1e-9 * Math.max(1, Math.abs(notional));
    const holds = price > 0 && Number.isFinite(price) && notional >= t.floor - tol && (last || notional < t.cap + tol);
    return { tier: t.tier, price, notional, holds };
  });
  const k = candidates.findIndex((c) => c.holds);
  if (k < 0) {
    return { liquidationPrice: null, maintenanceRate: NaN, maintenanceAmount: NaN, maintenanceMargin: NaN, tier: null, tierAt: "liquidation", candidates };
  }
  const t = tiers.tiers[k]!;
  const lp = candidates[k]!.price;
  return {
    liquidationPrice: lp, maintenanceRate: t.mmr, maintenanceAmount: t.cum, maintenanceMargin: maintenanceMarginIn(t, p.size * lp),
    tier: t, tierAt: "liquidation", candidates,
  };
}

/**
 * Liquidation price when the maintenance margin is fixed at entry (Bybit USDT contracts, isolated;
 * https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract):
 *   LP = entry − side × (margin − MM) / size,   MM = entry value × mmr − deduction (tier by entry value)
 * which with margin = entry value / L is Bybit's `Entry − (IM − MM)/Size` and, with no deduction,
 * E·(1 ∓ 1/L ± mmr). Also the flat-rate rule (one maintenance rate, as Coinbase) and CME-style
 * maintenance (a fixed USD amount per contract: pass `{ maintenance }` in USD for the position).
 *
 * @param p - the position
 * @param rule - a tier table (bracket by entry value), a flat `{ mmr, deduction? }`, or `{ maintenance }` USD
 * @example
 * entryMaintenanceLiquidation({ side: "long", entry: 20000, size: 1, margin: 400 }, { mmr: 0.005 }).liquidationPrice; // 19700
 * entryMaintenanceLiquidation({ side: "long", entry: 90000, size: 1, margin: 9000 }, { mmr: 0.005 }).liquidationPrice; // 81450
 */
export function entryMaintenanceLiquidation(
  p: MarginPosition,
  rule: Pick<TierTable, "tiers"> | { mmr: number; deduction?: number } | { maintenance: number },
): LiquidationResult {
  const s = sideSign(p.side);
  const value = p.entry * p.size;
  let rate: number, amount: number, mm: number, tier: MaintenanceTier | null = null;
  if ("maintenance" in rule) {
    mm = rule.maintenance;
    rate = mm / value;
    amount = 0;
  } else if ("mmr" in rule) {
    rate = rule.mmr;
    amount = rule.deduction ?? 0;
    mm = value * rate - amount;
  } else {
    tier = tierFor(rule, value);
    rate = tier.mmr;
    amount = tier.cum;
    mm = maintenanceMarginIn(tier, value);
  }
  const lp = p.entry - (s * (effectiveMargin(p) - mm)) / p.size;
  const ok = lp > 0 && Number.isFinite(lp);
  return { liquidationPrice: ok ? lp : null, maintenanceRate: rate, maintenanceAmount: amount, maintenanceMargin: ok ? mm : NaN, tier, tierAt: "entry" };
}

/**
 * OKX (and Gate) USDT-margined liquidation: margin ratio (equity / (size × P × (mmr + fee))) falls to
 * 100 % (OKX help 6997123251341; freqtrade `exchange.py` generic `dry_run_liquidation_price`):
 *   long (E − M/q) / (1 − (mmr + fee)),   short (E + M/q) / (1 + (mmr + fee))
 * The tier is chosen by position size in contracts (`contractValue` coin per contract; OKX
 * BTC-USDT-SWAP is 0.01 BTC), which does not move with price.
 *
 * @param p - the position
 * @param rule - `mmr` (or a contracts tier table with `contractValue`) and the taker `fee` rate
 * @example
 * okxLiquidation({ side: "long", entry: 10, size: 1, margin: 2 }, { mmr: 0.01, fee: 0.0006 }).liquidationPrice;  // 8.085708510208207
 * okxLiquidation({ side: "short", entry: 10, size: 1, margin: 2 }, { mmr: 0.01, fee: 0.0006 }).liquidationPrice; // 11.87413417771621
 */
export function okxLiquidation(
  p: MarginPosition,
  rule: { mmr: number; fee?: number } | { table: Pick<TierTable, "tiers">; contractValue: number; fee?: number },
): LiquidationResult {
  const s = sideSign(p.side);
  const fee = rule.fee ?? 0;
  let tier: MaintenanceTier | null = null;
  let mmr: number;
  if ("table" in rule) {
    tier = tierFor(rule.table, p.size / rule.contractValue);
    mmr = tier.mmr;
  } else mmr = rule.mmr;
  const m = mmr + fee;
  const lp = (p.entry - (s * effectiveMargin(p)) / p.size) / (1 - s * m);
  const ok = lp > 0 && Number.isFinite(lp);
  return { liquidationPrice: ok ? lp : null, maintenanceRate: mmr, maintenanceAmount: 0, maintenanceMargin: ok ? p.size * lp * m : NaN, tier, tierAt: "liquidation" };
}
