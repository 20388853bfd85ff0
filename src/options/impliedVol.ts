/**
 * Implied volatility: validated entry point over the non-throwing kernels in `impliedVolKernel.ts`.
 *
 * @module
 */
import type { OptionType } from "./greeks.js";
import { impliedVolBlack76Kernel, impliedVolKernel } from "./impliedVolKernel.js";
import { optionalFinite, requireNonNegative, requireOptionType, requirePositive } from "./validate.js";

/** A European option's terms, market inputs and premium, to be turned into a volatility. */
export interface ImpliedVolInput {
  type: OptionType;
  /** option premium, currency per unit of underlying, finite, ≥ 0 */
  price: number;
  /** spot (or index) price, currency per unit, > 0 */
  spot: number;
  /** strike, currency per unit, > 0 */
  strike: number;
  /** years to expiry (calendar seconds / (365 × 86400)), > 0 */
  time: number;
  /** continuous risk-free rate, decimal per year; default 0 */
  rate?: number;
  /** continuous dividend yield, decimal per year; default 0; ignored when `forward` is given */
  dividend?: number;
  /** the venue's forward for this expiry: Black-76 on it (discount e^(−rT)) */
  forward?: number;
}

/**
 * Implied volatility of a European option: the σ at which `vanilla()` (Black–Scholes–Merton
 * with yield `dividend`, or Black-76 on `forward` when given) reproduces `price`.
 *
 * Method (see `impliedVolKernel.ts`): normalized Black on the out-of-the-money option obtained by
 * put–call parity, log-price objectives, Householder third-order steps inside a bisection bracket
 * from a closed-form initial guess; two evaluations in almost every case, at most 64. The result
 * reprices `price` to within the floating-point resolution of the price formula; where the time
 * value is well resolved (vega·1e-8 far above that resolution) it is the exact implied
 * volatility to about 1e-15 relative.
 *
 * Limits: a price equal to the discounted intrinsic value gives 0 (the price carries no time
 * value). There is no volatility for a price below it, or at or above the upper bound (the
 * discounted forward S·e^(−qT), or F·e^(−rT), for a call; the discounted strike K·e^(−rT) for a
 * put, reached only as σ → ∞): those throw. At time 0 no volatility is implied, so time must be > 0.
 *
 * @returns σ, decimal per √year (0.8 = 80%)
 * @throws RangeError naming the field when an input is missing, non-finite or out of range
 *   (`spot must be > 0 (got 0)`), and naming `price` and both bounds when the price is outside them
 * @example
 * impliedVol({ type: "call", price: 10.450583572185565, spot: 100, strike: 100, time: 1, rate: 0.05 });
 * // 0.20000000000000004
 * impliedVol({ type: "put", price: 2.4648, spot: 100, strike: 95, time: 0.5, rate: 0.1, dividend: 0.05 });
 * // 0.20000054086994964 (Haug's 4-decimal price of the 20%-vol put)
 * impliedVol({ type: "put", price: 1011.7629846316067, spot: 70000, forward: 70500, strike: 65000, time: 7 / 365 });
 * // 0.8000000000000003 (a Deribit-style quote on the expiry's forward)
 * impliedVol({ type: "call", price: 4, spot: 100, strike: 100, time: 1, rate: 0.05 });
 * // RangeError: price must be ≥ the discounted intrinsic value 4.877057549928594 and < the
 * // discounted forward 100 for a call (got 4)
 */
export function impliedVol(input: ImpliedVolInput): number {
  const type = requireOptionType("type", input.type);
  const w = type === "call" ? 1 : -1;
  const price = requireNonNegative("price", input.price);
  const S = requirePositive("spot", input.spot);
  const K = requirePositive("strike", input.strike);
  const T = requirePositive("time", input.time);
  const r = optionalFinite("rate", input.rate, 0);
  // the kernels' own discounted forward and strike, so that the bounds checked here are theirs
  let fwd: number;
  let strike: number;
  let F = NaN;
  let q = NaN;
  if (input.forward !== undefined) {
    F = requirePositive("forward", input.forward);
    const D = Math.exp(-r * T);
    fwd = F * D;
    strike = K * D;
  } else {
    q = optionalFinite("dividend", input.dividend, 0);
    fwd = S * Math.exp(-q * T);
    strike = K * Math.exp(-r * T);
  }
  const gap = w * (fwd - strike);
  const lower = gap > 0 ? gap : 0;
  const upper = w === 1 ? fwd : strike;
  if (!(price >= lower && price < upper)) {
    throw new RangeError(
      `price must be ≥ the discounted intrinsic value ${lower} and < the discounted ${w === 1 ? "forward" : "strike"} ` +
        `${upper} for a ${type} (got ${price})`,
    );
  }
  const vol = input.forward !== undefined ? impliedVolBlack76Kernel(w, F, K, T, price, r) : impliedVolKernel(w, S, K, T, price, r, q);
  if (!(vol >= 0)) {
    // only reachable when e^(−rT) or e^(−qT) over- or underflows
    throw new RangeError(`no volatility reproduces price ${price}: discounted forward ${fwd}, discounted strike ${strike}`);
  }
  return vol;
}
