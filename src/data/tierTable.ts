/**
 * Maintenance-margin tier tables, as every venue publishes them: a maintenance rate per position
 * bracket and a "maintenance amount" that keeps the maintenance margin continuous across brackets
 * (docs/forced-flows.md §3.2):
 *
 *   MM(N) = N × mmr_k − cum_k            for N in bracket k (N = position notional, USD)
 *   cum_0 = 0,  cum_k = cum_{k−1} + floor_k × (mmr_k − mmr_{k−1})
 *
 * Binance calls cum_k the "Maintenance Amount" (`cum` of `/fapi/v1/leverageBracket`), Bybit the
 * "mmDeduction", Hyperliquid the "maintenance_deduction"; OKX applies its tier's rate to the whole
 * position and has no deduction (its tiers are by position size in contracts). The tables are data:
 * they load from the venues' files (tierFiles.ts) with an as-of date; no engine hard-codes one.
 *
 * @module
 */

/** Venues whose tier files gexray reads. */
export type TierVenue = "binance" | "bybit" | "okx" | "hyperliquid";

/** One bracket of a tier table. */
export interface MaintenanceTier {
  /** bracket number as the venue numbers it (1 = the smallest positions) */
  tier: number;
  /** lower bound of the bracket: position notional in USD, or contracts (see {@link TierTable.measure}) */
  floor: number;
  /** upper bound (exclusive for lookups; Infinity for an open last bracket) */
  cap: number;
  /** maintenance margin rate, decimal (0.005 = 0.5%) */
  mmr: number;
  /** maintenance amount (cum / deduction), USD; 0 where the venue has none (OKX) */
  cum: number;
  /** initial margin rate, decimal; 1 / maxLeverage where the venue gives only the leverage */
  imr: number;
  /** highest leverage allowed in the bracket */
  maxLeverage: number;
}

/** A venue's tier table for one symbol, with where and when it comes from. */
export interface TierTable {
  venue: TierVenue;
  /** the symbol as the file spells it ("BTCUSDT", "BTC/USDT:USDT", "BTC-USDT", "BTC") */
  symbol: string;
  /** file shape read: "binance-leverageBracket", "ccxt", "bybit-risk-limit", "okx-position-tiers", "hyperliquid-meta" */
  format: string;
  /** as-of date of the table ("YYYY-MM-DD" or ISO time), null when neither the file nor its name says */
  asOf: string | null;
  /** the file it was read from */
  source: string;
  /** what floor and cap measure: position notional in USD, or position size in contracts (OKX) */
  measure: "notional" | "contracts";
  /** brackets ascending by floor, contiguous (floor_k = cap_{k−1}) */
  tiers: MaintenanceTier[];
}

/**
 * The maintenance amounts of a table from its floors and rates by the recursion of the module note
 * (cum_1 = 0). The table must be ascending by floor.
 *
 * @param tiers - floors and maintenance rates, ascending
 * @returns cum per bracket, USD
 * @example
 * // Binance BTCUSDT, Oct-2024 (docs/forced-flows.md §3.2): brackets 1–4
 * maintenanceAmounts([{ floor: 0, mmr: 0.004 }, { floor: 50000, mmr: 0.005 }, { floor: 600000, mmr: 0.0065 }, { floor: 3e6, mmr: 0.01 }]);
 * // [0, 50, 950, 11450] (to rounding: 949.9999999999998, 11450.000000000002)
 */
export function maintenanceAmounts(tiers: ReadonlyArray<{ floor: number; mmr: number }>): number[] {
  const out: number[] = [];
  for (let k = 0; k < tiers.length; k++) {
    out.push(k === 0 ? 0 : out[k - 1]! + tiers[k]!.floor * (tiers[k]!.mmr - tiers[k - 1]!.mmr));
  }
  return out;
}

/**
 * The bracket holding a position of size `x` (notional USD or contracts, as the table measures):
 * floor ≤ x < cap; sizes beyond the last cap fall in the last bracket (the venue would refuse them;
 * the caller decides), sizes below the first floor in the first.
 *
 * @example
 * tierFor(binanceBtc, 264000).tier; // 2 (50,000 – 600,000)
 * tierFor(binanceBtc, 600000).tier; // 3 (a cap is exclusive)
 */
export function tierFor(table: Pick<TierTable, "tiers">, x: number): MaintenanceTier {
  const t = table.tiers;
  for (let k = 0; k < t.length; k++) if (x < t[k]!.cap) return t[k]!;
  return t[t.length - 1]!;
}

/**
 * Maintenance margin of a position of notional N in a bracket: N × mmr − cum, USD.
 *
 * @example
 * maintenanceMarginIn({ mmr: 0.0065, cum: 950 }, 900000); // 4900
 */
export function maintenanceMarginIn(tier: Pick<MaintenanceTier, "mmr" | "cum">, notional: number): number {
  return notional * tier.mmr - tier.cum;
}

/**
 * Check a table's brackets: at least one; every number finite; floors ascending and contiguous
 * (floor_k = cap_{k−1}, to 1e-9 relative); 0 ≤ mmr < 1; maintenance rates not decreasing; and the
 * maintenance amounts agree with the recursion to 1e-6 relative (or 1e-6 USD) when the venue gives
 * them. Returns the problems as text, empty when the table is sound.
 *
 * @param tiers - the brackets, ascending by floor
 * @param deductions - false for a venue that applies its tier's rate to the whole position with no
 *   maintenance amount (OKX position tiers: cum is 0 by definition and its floors are contracts, so
 *   the recursion does not apply); default true
 *
 * @example
 * checkTiers([{ tier: 1, floor: 0, cap: 5e4, mmr: 0.004, cum: 0, imr: 0.008, maxLeverage: 125 },
 *             { tier: 2, floor: 5e4, cap: 6e5, mmr: 0.005, cum: 60, imr: 0.01, maxLeverage: 100 }]);
 * // ["bracket 2: maintenance amount 60 disagrees with the recursion cum_{k-1} + floor_k × (mmr_k − mmr_{k−1}) = 50"]
 */
export function checkTiers(tiers: readonly MaintenanceTier[], deductions = true): string[] {
  const out: string[] = [];
  if (tiers.length === 0) return ["no brackets"];
  const cum = maintenanceAmounts(tiers);
  for (let k = 0; k < tiers.length; k++) {
    const t = tiers[k]!;
    const at = `bracket ${t.tier}`;
    for (const f of ["floor", "mmr", "cum"] as const) if (!Number.isFinite(t[f])) out.push(`${at}: ${f} is not a number`);
    if (!(t.cap > t.floor)) out.push(`${at}: cap ${t.cap} must exceed floor ${t.floor}`);
    if (!(t.mmr >= 0 && t.mmr < 1)) out.push(`${at}: maintenance rate ${t.mmr} must be a decimal in [0, 1)`);
    if (k > 0) {
      const prev = tiers[k - 1]!;
      if (Math.abs(t.floor - prev.cap) > 1e-9 * Math.max(1, Math.abs(t.floor))) out.push(`${at}: floor ${t.floor} does not continue the previous cap ${prev.cap}`);
      if (t.mmr < prev.mmr) out.push(`${at}: maintenance rate ${t.mmr} is below the previous bracket's ${prev.mmr}`);
    }
    if (deductions && Math.abs(t.cum - cum[k]!) > Math.max(1e-6, 1e-6 * Math.abs(cum[k]!))) {
      out.push(`${at}: maintenance amount ${t.cum} disagrees with the recursion cum_{k-1} + floor_k × (mmr_k − mmr_{k−1}) = ${Number(cum[k]!.toPrecision(12))}`);
    }
  }
  return out;
}
