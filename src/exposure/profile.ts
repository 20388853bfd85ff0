/**
 * `computeProfile`: a chain's dealer gamma, vanna and charm on a price grid, with the at-spot
 * totals, the per-expiry breakdown, the per-strike table, the key levels and the short-gamma zones.
 *
 * Conventions (DESIGN.md): dealer weight = sign × OI × multiplier (dealer.ts); dollar gamma
 * Σ W·Γ·S²·0.01 (USD of delta per 1% move), dollar vanna Σ W·vanna·S·0.01 (per +1 vol point), dollar
 * charm Σ W·charm·S/365 (per calendar day); each contract keeps its IV (sticky strike, default) and
 * its time to expiry at the evaluation instant; forwards move with spot.
 *
 * @module
 */
import type { Chain, Instant } from "../data/chain.js";
import { formatInstant } from "../data/time.js";
import { valueIds } from "../data/valueIds.js";
import { buildBook } from "./book.js";
import { dealerFlows, type DealerFlows } from "./dealerFlows.js";
import { dealerWeights, type DealerMode } from "./dealer.js";
import { priceGrid, type GridSpec, type PriceGrid } from "./grid.js";
import type { ProfileArrays } from "./kernel.js";
import { keyLevels, negativeZones, type KeyLevels } from "./levels.js";
import { startKernel } from "./parallel.js";
import { selectContracts, type ExpiryFilter } from "./select.js";
import { contractExposures } from "./spot.js";
import { stickyMoneynessProfile } from "./stickyMoneyness.js";
import { strikeRows, type StrikeRow } from "./strikes.js";

/** How vols move with spot along the grid. */
export type VolModel = "sticky-strike" | "sticky-moneyness";

/** The vol models, default first. */
export const VOL_MODELS: readonly VolModel[] = ["sticky-strike", "sticky-moneyness"];

/** Options of {@link computeProfile}. */
export interface ProfileOptions {
  /** a grid, or how to lay one out around the chain's spot; default 0.8–1.2 × spot, 500 steps, linear */
  grid?: PriceGrid | Omit<GridSpec, "spot">;
  /** dealer sign convention; default "naive" */
  dealer?: DealerMode;
  /** evaluation instant, ms since epoch (≥ the snapshot); default the snapshot's as-of */
  atMs?: number;
  /** expiry filters */
  expiry?: ExpiryFilter;
  /** default "sticky-strike" */
  volModel?: VolModel;
  /** continuous rate; default the chain's */
  rate?: number;
  /** dividend yield for contracts without a forward; default the chain's */
  dividend?: number;
  /** also compute the dealer delta profile (costs a normal CDF per point) */
  delta?: boolean;
  /** threads for the kernel; default all cores for large books */
  threads?: number;
  /** progress callback, fraction 0…1 */
  onProgress?: (fraction: number) => void;
}

/** Dealer exposures of one expiry at spot. */
export interface ExpiryExposure {
  /** expiry instant, ISO 8601 in the chain's zone */
  expiry: string;
  /** expiry instant, ms since epoch */
  expiryMs: number;
  /** contracts of this expiry in the profile */
  contracts: number;
  /** open interest, contracts */
  openInterest: number;
  /** USD per 1% move */
  gamma: number;
  /** USD per +1 vol point */
  vanna: number;
  /** USD per calendar day */
  charm: number;
  /** dealer delta, USD */
  delta: number;
}

/** Totals at spot (exact per-contract evaluation, not read off the grid). */
export interface AtSpot {
  /** USD of dealer delta change per 1% move */
  gamma: number;
  /** USD of dealer delta change per +1 vol point */
  vanna: number;
  /** USD of dealer delta change per calendar day */
  charm: number;
  /** dealer delta through the options, USD (Σ W·Δ·S) */
  delta: number;
  /** dealer delta through the options, underlying units (Σ W·Δ) */
  deltaUnderlying: number;
}

/** A dealer exposure profile. */
export interface Profile {
  underlying: string;
  /** the evaluation instant (the snapshot's, or the later one asked for) */
  asOf: Instant;
  /** the snapshot's as-of instant */
  snapshot: Instant;
  /** spot, USD per unit */
  spot: number;
  /** grid prices, ascending */
  grid: Float64Array;
  /** the grid is log-spaced */
  logGrid: boolean;
  /** USD per 1% move, per grid price */
  gamma: Float64Array;
  /** USD per +1 vol point, per grid price */
  vanna: Float64Array;
  /** USD per calendar day, per grid price */
  charm: Float64Array;
  /** dealer delta, USD (Σ W·Δ·P), per grid price; null unless asked for */
  delta: Float64Array | null;
  atSpot: AtSpot;
  levels: KeyLevels;
  /** price intervals where the gamma profile is negative */
  shortGammaZones: Array<[number, number]>;
  /** ascending by expiry */
  byExpiry: ExpiryExposure[];
  /** per-strike sums at spot, ascending */
  strikes: StrikeRow[];
  /** exact dealer re-hedges after ±1%, +1 vol point and one day (units of underlying; dealerFlows.ts) */
  flows: DealerFlows;
  /** what was used */
  model: { dealer: DealerMode; volModel: VolModel; rate: number; dividend: number };
  /** contract accounting: contracts = used + expired + filtered */
  counts: { contracts: number; used: number; expired: number; filtered: number; groups: number; threads: number; points: number };
}

/**
 * Compute a chain's dealer exposure profile.
 *
 * @param chain - the chain (not modified)
 * @param opts - grid, dealer sign, evaluation time, expiry filters, vol model, rate and dividend
 * @returns the profile (see {@link Profile}); an empty selection gives zero profiles and null levels
 * @throws RangeError for a bad grid, dealer mode, vol model, evaluation time (before the snapshot)
 *   or filter, a spot that is not finite and > 0, and for a selected contract with an unusable
 *   strike, IV, weight or forward (naming its line)
 * @example
 * const { chain } = await loadChain("test/fixtures/real/spx_quotedata_2024-01-07.csv");
 * const p = await computeProfile(chain, { grid: { range: [0.9, 1.1], steps: 400 } });
 * p.levels.zeroGamma;  // [4734.440684343075] (every crossing, ascending)
 * p.levels.callWall;   // 4800
 * p.atSpot.gamma;      // -20696248668.85423 (USD of dealer delta per 1% move at 4697.2402)
 * p.atSpot.charm;      // -5410091619.655383 (USD per calendar day)
 */
export async function computeProfile(chain: Chain, opts: ProfileOptions = {}): Promise<Profile> {
  const spot = chain.spot;
  if (!(spot > 0) || !Number.isFinite(spot)) throw new RangeError(`spot must be a finite number > 0 (got ${spot})`);
  const dealer = opts.dealer ?? "naive";
  const volModel = opts.volModel ?? "sticky-strike";
  if (!VOL_MODELS.includes(volModel)) throw new RangeError(`vol model must be one of ${VOL_MODELS.join(", ")} (got ${JSON.stringify(volModel)})`);
  const rate = opts.rate ?? chain.rate;
  const dividend = opts.dividend ?? chain.dividend;
  const grid: PriceGrid = opts.grid && "prices" in opts.grid ? opts.grid : priceGrid({ spot, ...(opts.grid ?? {}) });
  const atMs = opts.atMs ?? chain.asOf.epochMs;
  const sel = selectContracts(chain, atMs, opts.expiry ?? {});
  const weights = dealerWeights(chain, dealer);
  const book = buildBook(chain, sel, weights, { rate, dividend });
  const wantDelta = opts.delta === true;
  performance.mark("gexray:book");

  // sticky strike: the kernel starts on the worker threads (if any) while this thread does the
  // per-contract passes; finish() then joins them
  const kernel = volModel === "sticky-strike"
    ? startKernel(book, grid, spot, {
      wantDelta, ...(opts.threads !== undefined ? { threads: opts.threads } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    })
    : null;

  // exact at-spot terms per contract: totals, expiries, strikes
  const x = contractExposures(chain, sel, weights, spot, rate, dividend);
  const atSpot: AtSpot = { gamma: 0, vanna: 0, charm: 0, delta: 0, deltaUnderlying: 0 };
  const zone = chain.asOf.zone;
  // by expiry id, in contract order
  const { id: expiryId, values: expiryMs } = valueIds(chain.expiry);
  const ne = expiryMs.length;
  const eCount = new Float64Array(ne);
  const eOi = new Float64Array(ne);
  const eGamma = new Float64Array(ne);
  const eVanna = new Float64Array(ne);
  const eCharm = new Float64Array(ne);
  const eDelta = new Float64Array(ne);
  for (let j = 0; j < sel.index.length; j++) {
    const i = sel.index[j]!;
    atSpot.gamma += x.gamma[j]!;
    atSpot.vanna += x.vanna[j]!;
    atSpot.charm += x.charm[j]!;
    atSpot.deltaUnderlying += x.delta[j]!;
    const k = expiryId[i]!;
    eCount[k]++;
    eOi[k] += chain.openInterest[i]!;
    eGamma[k] += x.gamma[j]!;
    eVanna[k] += x.vanna[j]!;
    eCharm[k] += x.charm[j]!;
    eDelta[k] += x.delta[j]! * spot;
  }
  atSpot.delta = atSpot.deltaUnderlying * spot;
  const byExpiry: ExpiryExposure[] = [];
  for (let k = 0; k < ne; k++) {
    if (eCount[k] === 0) continue;
    const e = expiryMs[k]!;
    byExpiry.push({
      expiry: formatInstant({ epochMs: e, zone }), expiryMs: e, contracts: eCount[k]!, openInterest: eOi[k]!,
      gamma: eGamma[k]!, vanna: eVanna[k]!, charm: eCharm[k]!, delta: eDelta[k]!,
    });
  }
  byExpiry.sort((a, b) => a.expiryMs - b.expiryMs);
  const strikes = strikeRows(chain, sel, x);
  let flows: DealerFlows;
  if (volModel === "sticky-strike") {
    flows = dealerFlows(book, spot);
  } else {
    // the two moves with re-marked vols; the vol and time scenarios are priced at spot, where both
    // models give every contract its own IV
    const d = stickyMoneynessProfile(book, Float64Array.of(spot * 1.01, spot, spot * 0.99), spot, true).delta!;
    flows = dealerFlows(book, spot, { up: d[0]! - d[1]!, down: d[2]! - d[1]! });
  }
  performance.mark("gexray:passes");

  let arrays: ProfileArrays;
  let threads = 1;
  let points = 0;
  if (kernel !== null) {
    const run = await kernel.finish();
    arrays = run.arrays;
    threads = run.threads;
    points = run.points;
  } else {
    arrays = stickyMoneynessProfile(book, grid.prices, spot, wantDelta);
    points = book.length * grid.prices.length;
    opts.onProgress?.(1);
  }
  let delta: Float64Array | null = null;
  if (arrays.delta) {
    delta = new Float64Array(arrays.delta.length);
    for (let k = 0; k < delta.length; k++) delta[k] = arrays.delta[k]! * grid.prices[k]!;
  }
  const levels = keyLevels({ prices: grid.prices, gamma: arrays.gamma, spot, strikes });
  performance.mark("gexray:kernel");

  return {
    underlying: chain.underlying,
    asOf: { epochMs: atMs, zone },
    snapshot: chain.asOf,
    spot,
    grid: grid.prices,
    logGrid: grid.log,
    gamma: arrays.gamma,
    vanna: arrays.vanna,
    charm: arrays.charm,
    delta,
    atSpot,
    levels,
    shortGammaZones: negativeZones(grid.prices, arrays.gamma),
    byExpiry,
    strikes,
    flows,
    model: { dealer, volModel, rate, dividend },
    counts: { contracts: sel.contracts, used: sel.index.length, expired: sel.expired, filtered: sel.filtered, groups: book.length, threads, points },
  };
}
