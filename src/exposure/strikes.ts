/**
 * Per-strike dealer exposures at spot: the table behind `gexray strikes` and the walls.
 *
 * Calls and puts on one strike are separate contracts and are summed separately; every listing of
 * a strike counts (SPX and SPXW, every expiry that passes the filters).
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import { valueIds } from "../data/valueIds.js";
import { dealerWeights, type DealerMode } from "./dealer.js";
import { expressionWeights, type DealerExpression } from "./dealerExpr.js";
import { selectContracts, type ExpiryFilter, type Selection } from "./select.js";
import { contractExposures, type ContractExposures } from "./spot.js";

/** One strike's open interest and dealer exposures at spot. */
export interface StrikeRow {
  /** strike, currency per unit */
  strike: number;
  /** call open interest, contracts */
  callOpenInterest: number;
  /** put open interest, contracts */
  putOpenInterest: number;
  /** dealer dollar gamma of the calls, USD per 1% move */
  callGamma: number;
  /** dealer dollar gamma of the puts, USD per 1% move */
  putGamma: number;
  /** callGamma + putGamma */
  netGamma: number;
  /** dealer dollar vanna of calls and puts, USD per +1 vol point */
  vanna: number;
}

/**
 * Sum per-contract exposures by strike, ascending; only strikes in [min, max] and contracts of
 * `type` when given.
 *
 * @param chain - the chain
 * @param sel - the selection the exposures belong to
 * @param x - per-contract exposures (parallel to `sel.index`)
 * @param range - strike bounds and call/put filter
 * @example
 * strikeRows(spx, sel, contractExposures(spx, sel, w, spx.spot))[0].strike; // 200 (the lowest SPX strike in use)
 */
export function strikeRows(
  chain: Chain, sel: Selection, x: ContractExposures,
  range: { min?: number; max?: number; type?: "call" | "put" } = {},
): StrikeRow[] {
  const min = range.min ?? -Infinity;
  const max = range.max ?? Infinity;
  const want = range.type === "call" ? 1 : range.type === "put" ? -1 : 0;
  // sums by strike id, in contract order (the order of the additions per strike)
  const { id, values } = valueIds(chain.strike);
  const ns = values.length;
  const callOi = new Float64Array(ns);
  const putOi = new Float64Array(ns);
  const callGamma = new Float64Array(ns);
  const putGamma = new Float64Array(ns);
  const vanna = new Float64Array(ns);
  const seen = new Uint8Array(ns);
  const used: number[] = [];
  for (let j = 0; j < sel.index.length; j++) {
    const i = sel.index[j]!;
    const K = chain.strike[i]!;
    if (!(K >= min && K <= max)) continue;
    const t = chain.type[i]!;
    if (want !== 0 && t !== want) continue;
    const k = id[i]!;
    if (seen[k] === 0) {
      seen[k] = 1;
      used.push(k);
    }
    if (t === 1) {
      callOi[k] += chain.openInterest[i]!;
      callGamma[k] += x.gamma[j]!;
    } else {
      putOi[k] += chain.openInterest[i]!;
      putGamma[k] += x.gamma[j]!;
    }
    vanna[k] += x.vanna[j]!;
  }
  used.sort((a, b) => values[a]! - values[b]!);
  return used.map((k) => ({
    strike: values[k]!, callOpenInterest: callOi[k]!, putOpenInterest: putOi[k]!, callGamma: callGamma[k]!, putGamma: putGamma[k]!,
    netGamma: callGamma[k]! + putGamma[k]!, vanna: vanna[k]!,
  }));
}

/** Options of {@link strikeTable}. */
export interface StrikeTableOptions {
  /** lowest strike shown (inclusive) */
  min?: number;
  /** highest strike shown (inclusive) */
  max?: number;
  /** calls or puts only */
  type?: "call" | "put";
  /** expiry filters */
  expiry?: ExpiryFilter;
  /** evaluation instant (ms since epoch); default the snapshot's */
  atMs?: number;
  /** dealer sign convention; default naive */
  dealer?: DealerMode;
  /** a compiled dealer-position expression (replaces `dealer`) */
  dealerExpression?: DealerExpression;
  /** price the exposures are taken at; default the chain's spot */
  spot?: number;
  /** continuous rate; default the chain's */
  rate?: number;
  /** dividend yield; default the chain's */
  dividend?: number;
}

/**
 * One row per strike in [min, max]: call and put open interest, call, put and net dealer dollar
 * gamma (USD per 1% move) and dealer dollar vanna (USD per +1 vol point) at spot, ascending.
 *
 * @param chain - the chain (not modified)
 * @param opts - strike range, call/put, expiry filters, evaluation time, dealer sign
 * @throws RangeError when min > max, or for an invalid evaluation time, filter or dealer mode
 * @example
 * strikeTable(spx, { min: 4600, max: 4800 })[0]; // SPX 2024-01-07
 * // { strike: 4600, callOpenInterest: 207841, putOpenInterest: 267164, callGamma: 5797217507.392678,
 * //   putGamma: -8171122526.226187, netGamma: -2373905018.8335085, vanna: 385557984.3495278 }
 */
export function strikeTable(chain: Chain, opts: StrikeTableOptions = {}): StrikeRow[] {
  if (opts.min !== undefined && opts.max !== undefined && !(opts.min <= opts.max)) {
    throw new RangeError(`the strike range must have min ≤ max (got ${opts.min} to ${opts.max})`);
  }
  const spot = opts.spot ?? chain.spot;
  if (!(spot > 0) || !Number.isFinite(spot)) throw new RangeError(`spot must be a finite number > 0 (got ${spot})`);
  const all = selectContracts(chain, opts.atMs ?? chain.asOf.epochMs, opts.expiry ?? {});
  // evaluate only the contracts the table shows
  const min = opts.min ?? -Infinity;
  const max = opts.max ?? Infinity;
  const want = opts.type === "call" ? 1 : opts.type === "put" ? -1 : 0;
  let m = 0;
  const index = new Uint32Array(all.index.length);
  const time = new Float64Array(all.index.length);
  for (let j = 0; j < all.index.length; j++) {
    const i = all.index[j]!;
    const K = chain.strike[i]!;
    if (!(K >= min && K <= max) || (want !== 0 && chain.type[i] !== want)) continue;
    index[m] = i;
    time[m++] = all.time[j]!;
  }
  const sel: Selection = { ...all, index: index.slice(0, m), time: time.slice(0, m) };
  const weights = opts.dealerExpression
    ? expressionWeights(chain, opts.dealerExpression, { atMs: sel.atMs, spot, rate: opts.rate ?? chain.rate, dividend: opts.dividend ?? chain.dividend })
    : dealerWeights(chain, opts.dealer ?? "naive");
  const x = contractExposures(chain, sel, weights, spot, opts.rate ?? chain.rate, opts.dividend ?? chain.dividend);
  return strikeRows(chain, sel, x, opts);
}
