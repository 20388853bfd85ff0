/**
 * Dealer gamma at spot split by option type: the call and put dollar gamma, the gamma tilt and the
 * put/call open-interest ratio, summed from the per-strike rows (strikes.ts), which sum every
 * contract of the selection exactly at spot.
 *
 *   tilt = |call gamma| / (|call gamma| + |put gamma|)     (0.5 = balanced; 1 = all calls)
 *   put/call OI ratio = Σ put open interest / Σ call open interest
 *
 * The tilt uses absolute values, so it reads the same under every dealer sign convention (under the
 * naive convention call gamma is ≥ 0 and put gamma ≤ 0).
 *
 * @module
 */
import type { StrikeRow } from "./strikes.js";

/** Call and put dealer gamma at spot, the tilt and the open-interest ratio. */
export interface GammaSplit {
  /** dealer dollar gamma of the calls, USD per 1% move */
  callGamma: number;
  /** dealer dollar gamma of the puts, USD per 1% move */
  putGamma: number;
  /** |callGamma| / (|callGamma| + |putGamma|), 0…1; null when both are 0 */
  tilt: number | null;
  /** call open interest, contracts */
  callOpenInterest: number;
  /** put open interest, contracts */
  putOpenInterest: number;
  /** putOpenInterest / callOpenInterest; null when there is no call open interest */
  putCallOiRatio: number | null;
}

/**
 * Sum per-strike rows into the at-spot split.
 *
 * @param strikes - per-strike rows at spot (profile.strikes)
 * @returns the split (zeros and nulls for no rows)
 * @example
 * gammaSplit(profile.strikes); // SPX 2024-01-07, naive dealers
 * // { callGamma: 107047698278.6477, putGamma: -127743946947.50208, tilt: 0.45592635196001147,
 * //   callOpenInterest: 5717826, putOpenInterest: 11465549, putCallOiRatio: 2.0052287355368983 }
 */
export function gammaSplit(strikes: readonly StrikeRow[]): GammaSplit {
  let callGamma = 0;
  let putGamma = 0;
  let callOpenInterest = 0;
  let putOpenInterest = 0;
  for (const r of strikes) {
    callGamma += r.callGamma;
    putGamma += r.putGamma;
    callOpenInterest += r.callOpenInterest;
    putOpenInterest += r.putOpenInterest;
  }
  const abs = Math.abs(callGamma) + Math.abs(putGamma);
  return {
    callGamma, putGamma,
    tilt: abs > 0 ? Math.abs(callGamma) / abs : null,
    callOpenInterest, putOpenInterest,
    putCallOiRatio: callOpenInterest > 0 ? putOpenInterest / callOpenInterest : null,
  };
}
