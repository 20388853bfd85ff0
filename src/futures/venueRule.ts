/**
 * One entry point for "liquidate this position by venue V's rule": picks the rule of
 * liquidation.ts that the venue's own documentation and calculator use, with either its tier table
 * or a flat maintenance rate, and adds the bankruptcy price. What `gexray margin` prints and what a
 * liquidation ladder calls per cohort.
 *
 * @module
 */
import type { TierTable } from "../data/tierTable.js";
import {
  bankruptcyPrice, entryMaintenanceLiquidation, markTieredLiquidation, okxLiquidation,
  type LiquidationResult, type MarginPosition,
} from "./liquidation.js";

/**
 * Venues with a margin rule, and `flat` (one maintenance rate, or a fixed USD maintenance, taken
 * at entry: Coinbase-style rates, CME-style USD per contract).
 *
 * @example
 * MARGIN_VENUES.join("|"); // "binance|bybit|okx|hyperliquid|flat"
 */
export const MARGIN_VENUES = ["binance", "bybit", "okx", "hyperliquid", "flat"] as const;

/** A venue of {@link MARGIN_VENUES}. */
export type MarginVenue = (typeof MARGIN_VENUES)[number];

/** A venue's maintenance terms: its tier table, or a flat rate, plus OKX's fee and contract value. */
export interface VenueRule {
  venue: MarginVenue;
  /** the venue's tier table (ignored when `mmr` or `maintenanceUsd` is given) */
  table?: TierTable;
  /** one maintenance rate for every size, decimal (overrides the table) */
  mmr?: number;
  /** with `mmr`: the maintenance amount (Binance cum, Bybit / Hyperliquid deduction), USD; default 0 */
  mmAmount?: number;
  /** flat venue: a fixed maintenance margin for the whole position, USD (CME: per contract × contracts) */
  maintenanceUsd?: number;
  /** OKX: taker fee rate in the margin ratio, decimal */
  fee?: number;
  /** OKX with a table: coin per contract (BTC-USDT-SWAP 0.01) */
  contractValue?: number;
}

/** {@link LiquidationResult} plus the bankruptcy price and the formula in words. */
export interface VenueLiquidation extends LiquidationResult {
  /** USD per coin, null when the margin exceeds a long's notional */
  bankruptcyPrice: number | null;
  /** the formula used, for output */
  formula: string;
}

/**
 * The formula each venue's rule uses, in words (printed by `gexray margin`).
 *
 * @example
 * VENUE_FORMULAS.bybit; // "LP = entry ∓ (margin − MM)/size, MM = entry value × mmr − deduction (Bybit help centre)"
 */
export const VENUE_FORMULAS: Readonly<Record<MarginVenue, string>> = {
  binance: "LP = (WB − TMM + UPNL + cum − side·size·entry)/(size·mmr − side·size), bracket that holds at size × LP (Binance FAQ)",
  hyperliquid: "LP = (entry − side·(margin + deduction)/size)/(1 − side·mmr), mmr = 1/(2 × max leverage) of the tier holding size × LP (Hyperliquid docs)",
  bybit: "LP = entry ∓ (margin − MM)/size, MM = entry value × mmr − deduction (Bybit help centre)",
  okx: "LP = (entry ∓ margin/size)/(1 ∓ (mmr + fee)), margin ratio = 100% (OKX help)",
  flat: "LP = entry ∓ (margin − MM)/size with MM at entry: E·(1 − 1/L + mmr) for a long at margin E/L",
};

/**
 * Liquidation and bankruptcy prices of a position by a venue's rule (see {@link VENUE_FORMULAS}).
 *
 * @throws RangeError when the rule lacks what it needs (a table or a rate; OKX tables need the
 *   contract value), or the table is another venue's
 * @example
 * venueLiquidation({ side: "long", entry: 90000, size: 1, margin: 4500 }, { venue: "binance", table }).bankruptcyPrice; // 85500
 * venueLiquidation({ side: "long", entry: 10, size: 1, margin: 2 }, { venue: "okx", mmr: 0.01, fee: 0.0006 }).liquidationPrice; // 8.085708510208207
 */
export function venueLiquidation(p: MarginPosition, rule: VenueRule): VenueLiquidation {
  if (!(p.size > 0 && p.size < Infinity) || !(p.entry > 0 && p.entry < Infinity) || !(p.margin >= 0 && p.margin < Infinity)) {
    throw new RangeError(`a position needs size > 0, entry > 0 and margin ≥ 0 (got size ${p.size}, entry ${p.entry}, margin ${p.margin})`);
  }
  const { venue, table, mmr } = rule;
  if (table && mmr === undefined && rule.maintenanceUsd === undefined && table.venue !== venue && venue !== "flat") {
    throw new RangeError(`the tier table ${table.source} is ${table.venue}'s, not ${venue}'s`);
  }
  const need = table ? (): TierTable => table : (): never => {
    throw new RangeError(`${venue}: give a tier table or a maintenance rate`);
  };
  let r: LiquidationResult;
  switch (venue) {
    case "binance":
    case "hyperliquid":
      r = mmr !== undefined ? markTieredLiquidation(p, { mmr, cum: rule.mmAmount ?? 0 }) : markTieredLiquidation(p, need());
      break;
    case "bybit":
      r = mmr !== undefined ? entryMaintenanceLiquidation(p, { mmr, deduction: rule.mmAmount ?? 0 }) : entryMaintenanceLiquidation(p, need());
      break;
    case "okx":
      if (mmr !== undefined) r = okxLiquidation(p, { mmr, fee: rule.fee ?? 0 });
      else {
        const t = need();
        if (t.measure === "contracts" && !(rule.contractValue! > 0)) throw new RangeError("okx: tiers are in contracts: give the contract value (BTC-USDT-SWAP: 0.01 BTC)");
        r = okxLiquidation(p, { table: t, contractValue: t.measure === "contracts" ? rule.contractValue! : 1, fee: rule.fee ?? 0 });
      }
      break;
    case "flat":
      if (rule.maintenanceUsd !== undefined) r = entryMaintenanceLiquidation(p, { maintenance: rule.maintenanceUsd });
      else if (mmr !== undefined) r = entryMaintenanceLiquidation(p, { mmr });
      else throw new RangeError("flat: give a maintenance rate or a fixed USD maintenance margin");
      break;
  }
  const out = r as VenueLiquidation;
  out.bankruptcyPrice = bankruptcyPrice(p);
  out.formula = VENUE_FORMULAS[venue];
  return out;
}
