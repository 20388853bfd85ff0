/**
 * Exact dealer exposures of each selected contract at one price (the spot): the per-contract terms
 * behind the at-spot totals, the per-expiry and per-strike breakdowns and the walls.
 *
 * Same formulas and conventions as kernel.ts, evaluated per contract with the tail-accurate normal
 * functions (no windows, no recurrences).
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import { normCdf, normPdf } from "../options/normal.js";
import { contractYield } from "./book.js";
import type { Selection } from "./select.js";

/** Dealer exposures per selected contract at one price, parallel to `Selection.index`. */
export interface ContractExposures {
  /** the price evaluated at, currency per unit */
  price: number;
  /** USD of dealer delta change per 1% move: W·Γ·P²·0.01 */
  gamma: Float64Array;
  /** USD of dealer delta change per +1 vol point: W·vanna·P·0.01 */
  vanna: Float64Array;
  /** USD of dealer delta change per calendar day: W·charm·P/365 */
  charm: Float64Array;
  /** dealer delta, underlying units: W·Δ */
  delta: Float64Array;
}

/**
 * Evaluate each selected contract's dealer exposures at `price`.
 *
 * @param chain - the chain (not modified)
 * @param sel - selected contracts and their times (> 0)
 * @param weights - dealer weight per chain contract (sign × OI × multiplier), underlying units
 * @param price - the price, currency per unit (> 0); usually the chain's spot
 * @param rate - continuous rate (default the chain's)
 * @param dividend - dividend yield for contracts without a forward (default the chain's)
 * @returns per-contract exposures (NaN where a contract's inputs are invalid: kernels never throw)
 * @example
 * const x = contractExposures(spx, selectContracts(spx), dealerWeights(spx), spx.spot);
 * x.gamma.reduce((a, b) => a + b, 0); // -20696248668.85423 (SPX 2024-01-07: USD per 1% move)
 */
export function contractExposures(
  chain: Chain, sel: Selection, weights: Float64Array, price: number,
  rate: number = chain.rate, dividend: number = chain.dividend,
): ContractExposures {
  const n = sel.index.length;
  const gamma = new Float64Array(n);
  const vanna = new Float64Array(n);
  const charm = new Float64Array(n);
  const delta = new Float64Array(n);
  const P = price;
  for (let j = 0; j < n; j++) {
    const i = sel.index[j]!;
    const W = weights[i]!;
    const w = chain.type[i]!;
    const K = chain.strike[i]!;
    const T = sel.time[j]!;
    const sigma = chain.iv[i]!;
    const q = contractYield(chain, i, rate, dividend);
    const b = rate - q;
    const dq = Math.exp(-q * T);
    const sd = sigma * Math.sqrt(T);
    if (!(sd > 1e-150)) {
      // deterministic limit (options/bsm.ts): N(w·d1) is 0, ½ or 1; density terms vanish
      const gap = P * dq - K * Math.exp(-rate * T);
      const itm = w * gap > 0 ? 1 : gap === 0 ? 0.5 : 0;
      gamma[j] = 0;
      vanna[j] = 0;
      charm[j] = (W * w * q * dq * itm * P) / 365;
      delta[j] = W * w * dq * itm;
      continue;
    }
    const d1 = (Math.log(P / K) + b * T) / sd + 0.5 * sd;
    const d2 = d1 - sd;
    const phi = normPdf(d1);
    const Nw = normCdf(w * d1);
    gamma[j] = W * ((dq * phi) / sd) * P * 0.01;
    vanna[j] = W * ((-dq * phi * d2) / sigma) * P * 0.01;
    charm[j] = (W * (w * q * dq * Nw - dq * phi * (b / sd - d2 / (2 * T))) * P) / 365;
    delta[j] = W * w * dq * Nw;
  }
  return { price, gamma, vanna, charm, delta };
}
