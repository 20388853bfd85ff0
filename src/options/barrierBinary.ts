/**
 * Binary barrier options paying at expiry (Haug, *Complete Guide*, 2nd ed., §4.19.5, types 13–28;
 * Reiner & Rubinstein 1991 "Unscrambling the binary code"): cash-or-nothing (1 unit of cash) or
 * asset-or-nothing (one unit of the asset) paid at expiry if S_T is beyond the strike on the
 * option's side AND the barrier condition holds (knocked in, or never knocked out).
 *
 * They are the cash and asset legs of the vanilla barrier formulas in `barrierKernel.ts` (a vanilla
 * barrier option is w·(asset − K·cash) + rebate), so this is a thin wrapper over `rrLegs` with the
 * same breached and zero-variance limits: breached knock-in = the European digital, breached
 * knock-out = 0.
 *
 * @module
 */
import { assetOrNothingGreeks, cashOrNothingGreeks } from "./digital.js";
import { emptyGreeks } from "./greeks.js";
import { BARRIER_MIN_VOL, rrLegs } from "./barrierKernel.js";
import { bgkLogSlope, DOWN_IN, DOWN_OUT, lnRatio, UP_IN, UP_OUT } from "./barrierTerms.js";

const legs = new Float64Array(10);
const scratch = emptyGreeks();

/**
 * Price of a binary barrier option paying at expiry, per 1 unit of cash (cash-or-nothing) or per
 * unit of asset (asset-or-nothing), for continuous (`monitor` = 0) or BGK-corrected discrete
 * (`monitor` = interval in years) monitoring. Never throws; NaN for invalid input or final
 * monitoring (a final-observed binary is a European digital spread; not provided here).
 *
 * @param code - DOWN_IN, DOWN_OUT, UP_IN, UP_OUT
 * @param w - +1 pays if S_T > K, −1 pays if S_T < K
 * @param S - spot (> 0)
 * @param K - strike (> 0)
 * @param H - barrier level (> 0)
 * @param T - years (≥ 0)
 * @param sigma - volatility (≥ 0)
 * @param r - rate
 * @param q - dividend yield
 * @param monitor - 0 continuous, > 0 discrete interval in years
 * @param asset - true for asset-or-nothing, false for cash-or-nothing
 * @returns the price, currency per unit of cash (or per unit of asset)
 * @example
 * 15 * binaryBarrierPrice(DOWN_IN, 1, 105, 102, 100, 0.5, 0.2, 0.1, 0, 0, false);
 * // 4.928924572907119 (Haug p. 180: 4.9289)
 */
export function binaryBarrierPrice(
  code: number, w: number, S: number, K: number, H: number, T: number, sigma: number, r: number, q: number,
  monitor: number, asset: boolean,
): number {
  if (!(S > 0) || !(K > 0) || !(H > 0) || !(T >= 0) || !(sigma >= 0) || r !== r || q !== q ||
    (w !== 1 && w !== -1) || !(code === DOWN_IN || code === DOWN_OUT || code === UP_IN || code === UP_OUT) ||
    !(monitor >= 0) || !(monitor < Infinity) || !(S < Infinity) || !(K < Infinity) || !(H < Infinity) ||
    !(T < Infinity) || !(sigma < Infinity)) {
    return NaN;
  }
  const down = code === DOWN_IN || code === DOWN_OUT;
  const knockIn = code === DOWN_IN || code === UP_IN;
  if (down ? S <= H : S >= H) {
    if (!knockIn) return 0;
    return asset
      ? assetOrNothingGreeks(w, S, K, T, sigma, r, q, scratch).price
      : cashOrNothingGreeks(w, S, K, T, sigma, r, q, 0.5, scratch).price;
  }
  // ln(H/S) of the (BGK-shifted) level, relatively accurate near spot (see `rrLegs`)
  const h = monitor > 0 ? lnRatio(H, S) + bgkLogSlope(down, monitor) * sigma : lnRatio(H, S);
  if (!(sigma > BARRIER_MIN_VOL) || !(sigma * Math.sqrt(T) > BARRIER_MIN_VOL)) {
    const bT = (r - q) * T;
    const hit = down ? bT <= h : bT >= h;
    if (hit !== knockIn) return 0;
    return asset
      ? assetOrNothingGreeks(w, S, K, T, 0, r, q, scratch).price
      : cashOrNothingGreeks(w, S, K, T, 0, r, q, 0.5, scratch).price;
  }
  rrLegs(code, w, S, K, h, 0, T, sigma, r, q, true, legs);
  return asset ? legs[0] : legs[3];
}
