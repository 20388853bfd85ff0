/**
 * The basis term structure of one observation: every listed contract's annualized basis, in
 * calendar days from the price's instant to the contract's expiry instant, and the
 * constant-maturity basis at the chosen tenors. Contracts closer than a minimum number of days
 * (default 7) are left out and listed: their annualized numbers are meaningless (the 2024-03-12
 * Deribit snapshot's 12MAR24 forward, 2 hours from expiry, annualizes to 2,109 %).
 *
 * @module
 */
import { annualizedBasis, constantMaturity, type BasisConvention, type ConstantMaturityPoint } from "./basis.js";

/** Milliseconds in a day. */
const DAY_MS = 86400_000;

/**
 * Default constant-maturity tenors, days (Coin Metrics' and the seed's 30/60/90/120).
 *
 * @example
 * DEFAULT_TENORS.join(","); // "30,60,90,120"
 */
export const DEFAULT_TENORS: readonly number[] = [30, 60, 90, 120];

/**
 * Default minimum days to expiry for a contract to enter the curve.
 *
 * @example
 * DEFAULT_MIN_DAYS; // 7
 */
export const DEFAULT_MIN_DAYS = 7;

/** One listed contract's price at the observation. */
export interface ListedPrice {
  /** contract code (BTCH26) or label (26APR24) */
  code: string;
  /** expiry instant, ms since epoch */
  expiryMs: number;
  /** futures (or forward) price, USD per coin */
  price: number;
}

/** A contract on the curve. */
export interface TermContract {
  code: string;
  expiryMs: number;
  /** calendar days from the observation to the expiry instant */
  days: number;
  price: number;
  /** annualized basis, decimal */
  basis: number;
}

/** Options of {@link termStructure}. */
export interface TermStructureOptions extends BasisConvention {
  /** tenors in days; default {@link DEFAULT_TENORS} */
  tenors?: readonly number[];
  /** contracts with fewer days are left out; default {@link DEFAULT_MIN_DAYS} */
  minDays?: number;
}

/** The curve of one observation. */
export interface TermStructure {
  asOfMs: number;
  /** USD per coin */
  spot: number;
  /** eligible contracts, ascending by expiry */
  contracts: TermContract[];
  /** contracts left out: expired or closer than the minimum */
  excluded: Array<{ code: string; expiryMs: number; days: number; reason: string }>;
  constantMaturity: ConstantMaturityPoint[];
}

/**
 * Build the term structure of one observation (see the module note).
 *
 * @throws RangeError for a spot that is not a finite number > 0
 * @example
 * // §1.2's day 0: S 70,000 on 2026-02-05 16:00 London; CME BTC Feb…Jun 2026 (Apr–Jun expire at
 * // 16:00 BST, an hour short of the notes' whole days: 60–120 d differ from their table by ~1e-5)
 * termStructure(Date.UTC(2026, 1, 5, 16), 70000, listed).constantMaturity.map((c) => c.basis);
 * // [0.03442421768707507, 0.037403654105457255, 0.03988169189342369, 0.04160492408942737]
 */
export function termStructure(asOfMs: number, spot: number, listed: readonly ListedPrice[], opts: TermStructureOptions = {}): TermStructure {
  if (!(spot > 0) || !Number.isFinite(spot)) throw new RangeError(`spot must be a finite number > 0 (got ${spot})`);
  const minDays = opts.minDays ?? DEFAULT_MIN_DAYS;
  const conv: BasisConvention = {
    ...(opts.yearDays !== undefined ? { yearDays: opts.yearDays } : {}),
    ...(opts.compounding !== undefined ? { compounding: opts.compounding } : {}),
  };
  const contracts: TermContract[] = [];
  const excluded: TermStructure["excluded"] = [];
  for (const c of [...listed].sort((a, b) => a.expiryMs - b.expiryMs)) {
    const days = (c.expiryMs - asOfMs) / DAY_MS;
    if (!(days > 0)) excluded.push({ code: c.code, expiryMs: c.expiryMs, days, reason: "expired" });
    else if (days < minDays) excluded.push({ code: c.code, expiryMs: c.expiryMs, days, reason: `fewer than ${minDays} days to expiry` });
    else contracts.push({ code: c.code, expiryMs: c.expiryMs, days, price: c.price, basis: annualizedBasis(c.price, spot, days, conv) });
  }
  const cm = constantMaturity(spot, contracts.map((c) => ({ code: c.code, days: c.days, price: c.price })), opts.tenors ?? DEFAULT_TENORS, conv);
  return { asOfMs, spot, contracts, excluded, constantMaturity: cm };
}
