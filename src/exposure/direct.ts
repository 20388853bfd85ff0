/**
 * Direct evaluation: every contract at every grid point through the library's BSM kernel
 * (options/bsm.ts), with no merging, windows or recurrences. Slow (one full greeks evaluation per
 * contract-point) and plainly correct: the reference the fast kernel is tested and benchmarked
 * against.
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import { bsmGreeks } from "../options/bsm.js";
import { emptyGreeks } from "../options/greeks.js";
import { contractYield } from "./book.js";
import type { ProfileArrays } from "./kernel.js";
import type { Selection } from "./select.js";

/**
 * Dealer profile by direct per-contract evaluation with {@link bsmGreeks}: the DESIGN.md sums
 * Σ W·Γ·P²·0.01, Σ W·vanna·P·0.01, Σ W·charm·P/365 and Σ W·Δ at each grid price P, W = dealer
 * weight (sign × OI × multiplier), each contract with its own IV and its time at the evaluation
 * instant; forwards move with spot (the implied yield is kept).
 *
 * @param chain - the chain (not modified)
 * @param sel - selected contracts and their times
 * @param weights - dealer weight per chain contract, underlying units
 * @param prices - grid prices
 * @param rate - continuous rate (default the chain's)
 * @param dividend - dividend yield for contracts without a forward (default the chain's)
 * @returns gamma, vanna, charm in USD units and delta in underlying units, per grid price
 * @example
 * const d = directProfile(spx, selectContracts(spx), dealerWeights(spx), Float64Array.of(4697.2402));
 * d.gamma[0]; // -20696248668.85423 (USD per 1% move; the kernel gives -20696248668.853867)
 */
export function directProfile(
  chain: Chain, sel: Selection, weights: Float64Array, prices: Float64Array,
  rate: number = chain.rate, dividend: number = chain.dividend,
): ProfileArrays {
  const m = prices.length;
  const gamma = new Float64Array(m);
  const vanna = new Float64Array(m);
  const charm = new Float64Array(m);
  const delta = new Float64Array(m);
  const out = emptyGreeks();
  for (let j = 0; j < sel.index.length; j++) {
    const i = sel.index[j]!;
    const W = weights[i]!;
    if (W === 0) continue;
    const w = chain.type[i]!;
    const K = chain.strike[i]!;
    const T = sel.time[j]!;
    const sigma = chain.iv[i]!;
    const q = contractYield(chain, i, rate, dividend);
    for (let k = 0; k < m; k++) {
      const P = prices[k]!;
      bsmGreeks(w, P, K, T, sigma, rate, q, out);
      gamma[k] += W * out.gamma * P * P * 0.01;
      vanna[k] += W * out.vanna * P * 0.01;
      charm[k] += (W * out.charm * P) / 365;
      delta[k] += W * out.delta;
    }
  }
  return { gamma, vanna, charm, delta };
}
