/**
 * European vanilla options: validated entry point over the BSM / Black-76 kernel.
 *
 * @module
 */
import { black76Greeks, bsmGreeks } from "./bsm.js";
import { emptyGreeks, type Greeks, type OptionType } from "./greeks.js";
import { optionalFinite, requireNonNegative, requireOptionType, requirePositive } from "./validate.js";

/** Terms and market inputs of a European call or put. */
export interface VanillaInput {
  type: OptionType;
  /** spot (or index) price, currency per unit, > 0 */
  spot: number;
  /** strike, currency per unit, > 0 */
  strike: number;
  /** years to expiry (calendar seconds / (365 × 86400)), ≥ 0 */
  time: number;
  /** volatility, decimal per √year (0.8 = 80%), ≥ 0 */
  vol: number;
  /** continuous risk-free rate, decimal per year; default 0 */
  rate?: number;
  /** continuous dividend yield, decimal per year; default 0; ignored when `forward` is given */
  dividend?: number;
  /** the venue's forward for this expiry: Black-76 on it, greeks still with respect to spot */
  forward?: number;
}

/**
 * Price and the twelve greeks of a European option (Black–Scholes–Merton, or Black-76 when a
 * forward is given), in the raw units of {@link Greeks}: vega per 1.00 of vol, theta and charm per
 * year, rho per 1.00 of rate.
 *
 * At time 0 the option is worth its intrinsic value; at vol 0 its discounted forward intrinsic.
 *
 * @throws RangeError naming the field when an input is missing, non-finite or out of range
 * @example
 * const g = vanilla({ type: "call", spot: 100, strike: 100, time: 1, vol: 0.2, rate: 0.05 });
 * g.price; // 10.450583572185565
 * g.delta; // 0.6368306511756191
 */
export function vanilla(input: VanillaInput): Greeks {
  const w = requireOptionType("type", input.type) === "call" ? 1 : -1;
  const S = requirePositive("spot", input.spot);
  const K = requirePositive("strike", input.strike);
  const T = requireNonNegative("time", input.time);
  const vol = requireNonNegative("vol", input.vol);
  const r = optionalFinite("rate", input.rate, 0);
  const out = emptyGreeks();
  if (input.forward !== undefined) {
    const F = requirePositive("forward", input.forward);
    return black76Greeks(w, S, F, K, T, vol, r, out);
  }
  const q = optionalFinite("dividend", input.dividend, 0);
  return bsmGreeks(w, S, K, T, vol, r, q, out);
}
