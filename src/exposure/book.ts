/**
 * The dealer book a profile is computed from: the selected contracts reduced to their model inputs
 * (time, strike, vol, carry, dealer weight), with contracts that share every model input merged.
 *
 * Merging is exact, not an approximation: two contracts with the same expiry, strike, IV and carry
 * have identical gamma and vanna per unit (calls and puts alike), and their charm and delta differ
 * only by a constant (put = call − e^(−qT) times q for charm, times 1 for delta). So a group keeps
 * two weights: the dealer weight of all its contracts and that of its puts. SPX and SPXW listings
 * of one strike, or a call and a put quoted at one mark IV (Deribit), collapse into one group.
 *
 * Carry: a contract with a venue forward F (Deribit) is priced Black-76 on F, with the forward moving
 * with spot, i.e. BSM with the implied yield q = r − ln(F/S)/T₀ (T₀ = its time at the snapshot), as
 * black76Greeks does; every other contract uses the chain's (or the caller's) dividend yield.
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import { valueIds } from "../data/valueIds.js";
import type { Selection } from "./select.js";

/** Contracts merged by identical model inputs, column-wise. */
export interface Book {
  /** number of groups */
  length: number;
  /** continuous rate, decimal per year */
  rate: number;
  /** years to expiry at the evaluation instant (> 0) */
  time: Float64Array;
  /** expiry instant, ms since epoch */
  expiry: Float64Array;
  /** strike, currency per unit */
  strike: Float64Array;
  /** implied vol, decimal */
  vol: Float64Array;
  /** continuous yield q (dividend, or implied by the forward), decimal per year */
  yield: Float64Array;
  /** Σ dealer weight (sign × OI × multiplier), underlying units */
  weight: Float64Array;
  /** Σ dealer weight of the puts, underlying units */
  putWeight: Float64Array;
  /** contracts merged into each group */
  members: Uint32Array;
  /** contracts in the book before merging */
  contracts: number;
}

/** Model inputs the caller may override. */
export interface BookInputs {
  /** continuous rate; default the chain's */
  rate?: number;
  /** continuous dividend yield for contracts without a forward; default the chain's */
  dividend?: number;
  /** merge contracts with identical inputs (default true) */
  merge?: boolean;
}

/**
 * Per-contract yield q: implied by the venue forward where there is one, else the dividend.
 *
 * @param chain - the chain
 * @param i - contract index
 * @param rate - continuous rate
 * @param dividend - dividend yield for contracts without a forward
 * @example
 * // Deribit 2024-03-12: the first row, BTC-14MAR24, forward 72,505.59 against index 72,011.29, T₀ = 0.005713
 * contractYield(btc, 0, 0, 0); // −1.197381069320212 (= −ln(72505.59/72011.29)/0.005713)
 */
export function contractYield(chain: Chain, i: number, rate: number, dividend: number): number {
  const f = chain.forward[i]!;
  if (!(f > 0)) return dividend;
  // T₀: the contract's time at the snapshot (the forward was quoted then)
  const t0 = chain.time[i]!;
  return rate - Math.log(f / chain.spot) / t0;
}

/** Fibonacci hashing of a non-negative integer key (< 2^53) to `bits` bits. */
function slotOf(key: number, shift: number): number {
  const h = key < 4294967296 ? key : (key % 4294967296) ^ Math.floor(key / 4294967296);
  return Math.imul(h | 0, 0x9e3779b1) >>> shift;
}

/**
 * Reduce the selected contracts to a {@link Book}.
 *
 * @param chain - the chain (not modified)
 * @param sel - the selected contracts and their times at the evaluation instant
 * @param weights - dealer weight per chain contract (see dealerWeights), underlying units
 * @param inputs - rate/dividend overrides; `merge: false` keeps one group per contract
 * @returns the groups, in order of first appearance
 * @throws RangeError naming the contract's line when a selected contract has a strike that is not
 *   finite and > 0, an IV that is not finite and ≥ 0, a weight that is not finite, or when the
 *   rate or dividend is not finite
 * @example
 * const sel = selectContracts(spx);                  // 14,980 contracts (SPX 2024-01-07)
 * buildBook(spx, sel, dealerWeights(spx)).length;    // 14404 groups (SPX and SPXW listings, calls and puts at one IV merged)
 */
export function buildBook(chain: Chain, sel: Selection, weights: Float64Array, inputs: BookInputs = {}): Book {
  const rate = inputs.rate ?? chain.rate;
  const dividend = inputs.dividend ?? chain.dividend;
  if (!Number.isFinite(rate)) throw new RangeError(`rate must be a finite number (got ${rate})`);
  if (!Number.isFinite(dividend)) throw new RangeError(`dividend must be a finite number (got ${dividend})`);
  const n = sel.index.length;
  const time = new Float64Array(n);
  const expiry = new Float64Array(n);
  const strike = new Float64Array(n);
  const vol = new Float64Array(n);
  const yld = new Float64Array(n);
  const weight = new Float64Array(n);
  const putWeight = new Float64Array(n);
  const members = new Uint32Array(n);
  const merge = inputs.merge !== false;
  // merging candidates share an expiry and a strike: one integer key from their ids (valueIds,
  // shared with the by-expiry and strike tables), an open-addressing table of groups on it, and
  // vol and carry compared only within the key
  const eid = valueIds(chain.expiry).id;
  const { id: sid, values: strikes } = valueIds(chain.strike);
  const ns = strikes.length;
  let bits = 4;
  while (1 << bits < 2 * n) bits++;
  const table = merge ? new Int32Array(1 << bits).fill(-1) : null;
  const keys = merge ? new Float64Array(n) : null;
  const shift = 32 - bits;
  const mask = (1 << bits) - 1;
  let g = 0;
  for (let j = 0; j < n; j++) {
    const i = sel.index[j]!;
    const K = chain.strike[i]!;
    const sigma = chain.iv[i]!;
    const w = weights[i]!;
    if (!(K > 0) || !Number.isFinite(K)) throw new RangeError(`contract on line ${chain.line[i]}: strike must be a finite number > 0 (got ${K})`);
    if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`contract on line ${chain.line[i]}: iv must be a finite number ≥ 0 (got ${sigma})`);
    if (!Number.isFinite(w)) throw new RangeError(`contract on line ${chain.line[i]}: dealer weight (open interest × multiplier) must be finite (got ${w})`);
    if (w === 0) continue;
    const e = chain.expiry[i]!;
    const q = contractYield(chain, i, rate, dividend);
    if (!Number.isFinite(q)) throw new RangeError(`contract on line ${chain.line[i]}: forward must be a finite number > 0 (got ${chain.forward[i]})`);
    const put = chain.type[i] === -1 ? w : 0;
    let slot = -1;
    if (table !== null) {
      const key = eid[i]! * ns + sid[i]!;
      let h = slotOf(key, shift);
      for (;;) {
        const at = table[h]!;
        if (at < 0) {
          table[h] = g;
          keys![g] = key;
          break;
        }
        if (keys![at] === key && vol[at] === sigma && yld[at] === q) {
          slot = at;
          break;
        }
        h = (h + 1) & mask;
      }
    }
    if (slot >= 0) {
      weight[slot] += w;
      putWeight[slot] += put;
      members[slot]!++;
      continue;
    }
    time[g] = sel.time[j]!;
    expiry[g] = e;
    strike[g] = K;
    vol[g] = sigma;
    yld[g] = q;
    weight[g] = w;
    putWeight[g] = put;
    members[g] = 1;
    g++;
  }
  return {
    length: g, rate,
    time: time.slice(0, g), expiry: expiry.slice(0, g), strike: strike.slice(0, g), vol: vol.slice(0, g),
    yield: yld.slice(0, g), weight: weight.slice(0, g), putWeight: putWeight.slice(0, g), members: members.slice(0, g),
    contracts: n,
  };
}
