/**
 * CME Spot-Quoted futures (QBTC 0.01 BTC, QETH 0.2 ETH, QSOL 5 SOL, QXRP 250 XRP): quoted at the
 * spot price, cleared at spot + the Total Financing Adjustment (TFA) (docs/forced-flows.md §2):
 *
 *   cleared price      = spot + TFA                       (USD per coin)
 *   round-trip P&L     = side × qty × size × [(S_exit − S_entry) + (TFA_exit − TFA_entry)]
 *   same clearing cycle (intraday): the TFA term is 0
 *
 * CME FAQ: "Spot-Quoted futures cleared price = Spot-priced instrument + total financing
 * adjustment"; intro article: "If a trader holds their position overnight … the change in the total
 * financing adjustment will impact profit and loss". The TFA is CME's published daily value per
 * coin and an **input with its published sign**: the worked example of CME's article (seed 001)
 * has TFA −3,752.50 → −3,703.11 and credits the long +1.48; CME's rule text for the TFA's
 * computation was not available (§9.1), so gexray never derives it.
 *
 * @module
 */
import { sideSign, type Side } from "./margin.js";

/** Inputs of {@link sqfPnl}. */
export interface SqfTrade {
  side: Side;
  /** contracts (> 0) */
  qty: number;
  /** coin per contract (QBTC 0.01) */
  size: number;
  /** spot-quoted entry and exit prices, USD per coin */
  entry: number;
  exit: number;
  /** published TFA on the entry and exit days, USD per coin, signed as published (ignored when sameDay) */
  tfaEntry?: number;
  tfaExit?: number;
  /** entry and exit in the same clearing cycle: no TFA */
  sameDay?: boolean;
  /** margin posted for the whole position, USD (for capital efficiency) */
  margin?: number;
}

/** The P&L and capital efficiency of an SQF round trip. */
export interface SqfResult {
  /** coin exposure, qty × size */
  coin: number;
  /** P&L from the spot price change, USD */
  pricePnl: number;
  /** P&L from the TFA change, USD (0 intraday) */
  tfaPnl: number;
  /** total, USD */
  pnl: number;
  /** cleared prices, USD per coin (spot + TFA; spot alone intraday without a TFA) */
  clearedEntry: number;
  clearedExit: number;
  /** notional at entry = the cash a direct purchase ties up, USD */
  notional: number;
  /** return on a direct purchase of the same coin: pricePnl / notional (no TFA: spot has none) */
  directReturn: number;
  /** return on the margin: pnl / margin; null without margin */
  marginReturn: number | null;
  /** margin per contract, USD; null without margin */
  marginPerContract: number | null;
  /** margin / notional; null without margin */
  marginRate: number | null;
}

/**
 * P&L and capital efficiency of a Spot-Quoted futures round trip (see the module note).
 *
 * @throws RangeError for qty, size or prices not > 0, a margin not > 0, or an overnight trade
 *   without both TFA values
 * @example
 * // seed 001: buy 3 QBTC at 90,000, sell at 93,095.61, TFA −3,752.50 → −3,703.11, margin 648
 * const r = sqfPnl({ side: "long", qty: 3, size: 0.01, entry: 90000, exit: 93095.61, tfaEntry: -3752.5, tfaExit: -3703.11, margin: 648 });
 * r.pricePnl;     // 92.86830000000002
 * r.tfaPnl;       // 1.481699999999996
 * r.clearedExit;  // 89392.5
 * r.directReturn; // 0.03439566666666667 (3.44 %)
 * r.marginReturn; // 0.14560185185185187 (14.56 %)
 */
export function sqfPnl(t: SqfTrade): SqfResult {
  for (const [k, v] of [["qty", t.qty], ["size", t.size], ["entry", t.entry], ["exit", t.exit]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${k} must be a finite number > 0 (got ${v})`);
  }
  if (t.margin !== undefined && (!(t.margin > 0) || !Number.isFinite(t.margin))) throw new RangeError(`margin must be a finite number > 0 (got ${t.margin})`);
  const s = sideSign(t.side);
  const coin = t.qty * t.size;
  const sameDay = t.sameDay === true;
  if (!sameDay && (t.tfaEntry === undefined || t.tfaExit === undefined || !Number.isFinite(t.tfaEntry) || !Number.isFinite(t.tfaExit))) {
    throw new RangeError("an overnight trade needs the published TFA of the entry and exit days (or say it is the same day)");
  }
  const pricePnl = s * coin * (t.exit - t.entry) + 0;
  const tfaPnl = sameDay ? 0 : s * coin * (t.tfaExit! - t.tfaEntry!) + 0;
  const tfaIn = t.tfaEntry ?? 0;
  const tfaOut = sameDay ? tfaIn : t.tfaExit ?? 0;
  const notional = coin * t.entry;
  const pnl = pricePnl + tfaPnl;
  return {
    coin, pricePnl, tfaPnl, pnl,
    clearedEntry: t.entry + tfaIn, clearedExit: t.exit + tfaOut,
    notional, directReturn: pricePnl / notional,
    marginReturn: t.margin === undefined ? null : pnl / t.margin,
    marginPerContract: t.margin === undefined ? null : t.margin / t.qty,
    marginRate: t.margin === undefined ? null : t.margin / notional,
  };
}
