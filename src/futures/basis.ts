/**
 * Annualized futures basis and the constant-maturity basis (docs/forced-flows.md §1.1–1.2).
 *
 * Per contract, with d calendar days from the price's instant to the contract's expiry instant and
 * Y days in the year (365 by default, 365.25 for Coin Metrics):
 *
 *   simple (default)   b = (F / S − 1) × Y / d
 *   continuous         b = ln(F / S) × Y / d
 *   compounded         b = (F / S)^(Y / d) − 1
 *
 * Constant maturity at D days (Coin Metrics' `basis_annualized_{30,60,90,120}d_exp` method,
 * `coinmetrics/product-docs` docs/market-data/market-data-overview/basis-metrics.md @ 100519b6):
 * front = the contract with the most days that still expires before D, back = the one with the
 * fewest days on or after D; y = (b_back·T_back − b_front·T_front)/(T_back − T_front),
 * basis_D = (b_front·T_front + y·(T_D − T_front))/T_D. Since b·T = F/S − 1 that is exactly linear
 * interpolation of the premium F/S − 1 in time, then annualization, which is what is computed.
 * When no contract expires before D the back contract's premium is scaled from zero at day 0
 * (Coin Metrics "if only one side exists, use it": the same annualized value). When none expires on
 * or after D the tenor is flagged "beyond-last" and left empty, not extrapolated (Coin Metrics
 * extrapolates towards zero at 2D; gexray does not invent a basis past the curve).
 *
 * @module
 */

/** How a premium F/S − 1 over d days becomes an annual rate. */
export type Compounding = "simple" | "continuous" | "compounded";

/** Day-count and compounding of {@link annualizedBasis}. */
export interface BasisConvention {
  /** days in the year: 365 (default, ACT/365 as most desks and Binance), 365.25 (Coin Metrics), 360 */
  yearDays?: number;
  /** default "simple" */
  compounding?: Compounding;
}

/**
 * Annualize a premium p = F/S − 1 earned over `days` calendar days.
 *
 * @example
 * annualizePremium(70139.2 / 70000 - 1, 22); // 0.032992207792208156 (ACT/365 simple)
 */
export function annualizePremium(premium: number, days: number, conv: BasisConvention = {}): number {
  const y = conv.yearDays ?? 365;
  switch (conv.compounding ?? "simple") {
    case "simple": return (premium * y) / days;
    case "continuous": return (Math.log1p(premium) * y) / days;
    case "compounded": return Math.pow(1 + premium, y / days) - 1;
  }
}

/**
 * Annualized basis of a futures price F over spot S with `days` to expiry (see the module note).
 *
 * @param futures - F, USD per coin
 * @param spot - S, USD per coin
 * @param days - calendar days from the price's instant to the expiry instant (> 0)
 * @returns decimal per year (0.033 = 3.3 %); NaN for days ≤ 0 or a non-positive price
 * @example
 * annualizedBasis(70139.2, 70000, 22);                                // 0.032992207792208156 (ACT/365)
 * annualizedBasis(70139.2, 70000, 22, { yearDays: 365.25 });          // 0.03301480519480556
 * annualizedBasis(70139.2, 70000, 22, { compounding: "continuous" }); // 0.032959447534869304
 */
export function annualizedBasis(futures: number, spot: number, days: number, conv: BasisConvention = {}): number {
  if (!(days > 0) || !(futures > 0) || !(spot > 0)) return NaN;
  return annualizePremium(futures / spot - 1, days, conv);
}

/** A listed contract on the curve. */
export interface CurvePoint {
  /** contract code or label */
  code: string;
  /** calendar days to expiry (> 0) */
  days: number;
  /** futures (or forward) price, USD per coin */
  price: number;
}

/** How a constant-maturity value was obtained. */
export type ConstantMaturityMethod = "interpolated" | "first-contract" | "beyond-last";

/** One tenor of the constant-maturity curve. */
export interface ConstantMaturityPoint {
  /** tenor, days */
  tenor: number;
  /** annualized basis, decimal; null when the tenor is beyond the last contract */
  basis: number | null;
  /** interpolated futures price at the tenor, USD per coin; null when beyond the last contract */
  price: number | null;
  method: ConstantMaturityMethod;
  /** codes of the contracts used (front absent for "first-contract", both for "beyond-last") */
  front: string | null;
  back: string | null;
}

/**
 * Constant-maturity basis at each tenor (see the module note) from listed contracts. The caller
 * chooses which contracts are eligible (gexray leaves out those closer than a minimum number of days).
 *
 * @param spot - S, USD per coin
 * @param points - eligible contracts, any order, days > 0
 * @param tenors - days, e.g. [30, 60, 90, 120]
 * @example
 * // Coin Metrics' example: S 60,000; 24 d at 60,300; 52 d at 60,800; 30-day, ACT/365.25
 * constantMaturity(60000, [{ code: "a", days: 24, price: 60300 }, { code: "b", days: 52, price: 60800 }], [30], { yearDays: 365.25 })[0];
 * // { tenor: 30, basis: 0.08261607142857064, price: 60407.14285714285, method: "interpolated", front: "a", back: "b" }
 */
export function constantMaturity(spot: number, points: readonly CurvePoint[], tenors: readonly number[], conv: BasisConvention = {}): ConstantMaturityPoint[] {
  const pts = [...points].filter((p) => p.days > 0 && p.price > 0).sort((a, b) => a.days - b.days);
  return tenors.map((tenor) => {
    let back: CurvePoint | undefined;
    let front: CurvePoint | undefined;
    for (const p of pts) {
      if (p.days < tenor) front = p;
      else if (back === undefined) back = p;
    }
    if (back === undefined) return { tenor, basis: null, price: null, method: "beyond-last", front: front?.code ?? null, back: null };
    let premium: number;
    if (front === undefined) premium = ((back.price / spot - 1) * tenor) / back.days;
    else {
      const pf = front.price / spot - 1;
      const pb = back.price / spot - 1;
      premium = pf + ((pb - pf) * (tenor - front.days)) / (back.days - front.days);
    }
    return {
      tenor, basis: annualizePremium(premium, tenor, conv), price: spot * (1 + premium),
      method: front === undefined ? "first-contract" : "interpolated", front: front?.code ?? null, back: back.code,
    };
  });
}
