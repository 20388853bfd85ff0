/**
 * The price × time gamma map: the dealer gamma profile as the next days pass, spot and implied vols
 * held (sticky strike). Column k is the profile evaluated k days after the snapshot: every
 * contract's time to expiry shrinks by k days and contracts that expire in between drop out (the
 * same evaluation as `gexray profile --days-forward k`). Each column is one {@link computeProfile}
 * with the fast kernel on the same grid.
 *
 * What it answers: where the zero-gamma level will drift to as expiries roll off, and how dealer
 * gamma at today's spot changes from day to day with no move in price or vol.
 *
 * @module
 */
import type { Chain, Instant } from "../data/chain.js";
import { formatInstant } from "../data/time.js";
import { priceGrid, type PriceGrid } from "./grid.js";
import { computeProfile, type ProfileOptions } from "./profile.js";

/** One day column of the map. */
export interface GammaMapColumn {
  /** days after the snapshot (0 = the snapshot) */
  day: number;
  /** evaluation instant, ms since epoch */
  atMs: number;
  /** evaluation instant, ISO 8601 in the chain's zone */
  at: string;
  /** USD of dealer delta per 1% move at each grid price */
  gamma: Float64Array;
  /** every zero crossing, ascending, USD per unit */
  zeroGamma: number[];
  /** the crossing nearest spot, or null */
  nearestZeroGamma: number | null;
  /** dealer dollar gamma at spot (exact per contract), USD per 1% move */
  atSpotGamma: number;
  /** contracts alive and used */
  used: number;
  /** expiries (ISO 8601) that passed since the previous column */
  expiredSince: string[];
}

/** The map: one column per day on one price grid. */
export interface GammaMap {
  underlying: string;
  snapshot: Instant;
  /** spot, held fixed, USD per unit */
  spot: number;
  /** grid prices, ascending, USD per unit */
  grid: Float64Array;
  logGrid: boolean;
  columns: GammaMapColumn[];
  /** the dealer convention used ("expression" with a dealer expression) */
  dealer: string;
  /** the dealer expression's source when dealer is "expression" (signed contracts per contract) */
  dealerExpression?: string;
}

/** Options of {@link gammaMap}. */
export interface GammaMapOptions extends Omit<ProfileOptions, "atMs" | "volModel" | "delta" | "onProgress"> {
  /** days after the snapshot to evaluate (columns 0…days); integer 1…366 */
  days: number;
  /** day 0's instant, ms since epoch (≥ the snapshot); default the snapshot's as-of */
  fromMs?: number;
  /** progress, 0…1 (per column) */
  onProgress?: (fraction: number) => void;
}

/** Longest map, days. */
export const MAX_MAP_DAYS = 366;

/**
 * Compute the map. Column k is evaluated at `fromMs` + k days (default: the snapshot + k days).
 *
 * @param chain - the chain (not modified)
 * @param opts - days, grid, dealer sign, expiry filters, rate, dividend, threads
 * @returns days + 1 columns (day 0 = the snapshot)
 * @throws RangeError when days is not an integer 1…366, and as {@link computeProfile}
 * @example
 * const m = await gammaMap(spx, { days: 14, grid: { range: [0.9, 1.1], steps: 100 } });
 * m.columns.length;                 // 15
 * m.columns[1].expiredSince;        // ["2024-01-08T16:00:00-05:00"]
 */
export async function gammaMap(chain: Chain, opts: GammaMapOptions): Promise<GammaMap> {
  const days = opts.days;
  if (!Number.isInteger(days) || days < 1 || days > MAX_MAP_DAYS) throw new RangeError(`days must be an integer from 1 to ${MAX_MAP_DAYS} (got ${days})`);
  const { days: _d, onProgress, fromMs, ...profileOpts } = opts;
  const grid: PriceGrid = profileOpts.grid && "prices" in profileOpts.grid ? profileOpts.grid : priceGrid({ spot: chain.spot, ...(profileOpts.grid ?? {}) });
  const zone = chain.asOf.zone;
  const t0 = fromMs ?? chain.asOf.epochMs;
  // expiry instants, ascending, to name the ones each day drops
  const expiries = [...new Set(Array.from(chain.expiry))].sort((a, b) => a - b);
  const columns: GammaMapColumn[] = [];
  let dealer = "naive";
  let dealerExpression: string | undefined;
  for (let k = 0; k <= days; k++) {
    const atMs = t0 + k * 86400_000;
    const p = await computeProfile(chain, { ...profileOpts, grid, atMs, volModel: "sticky-strike" });
    dealer = p.model.dealer;
    dealerExpression = p.model.dealerExpression;
    const prev = k === 0 ? -Infinity : t0 + (k - 1) * 86400_000;
    columns.push({
      day: k, atMs, at: formatInstant({ epochMs: atMs, zone }), gamma: p.gamma,
      zeroGamma: p.levels.zeroGamma, nearestZeroGamma: p.levels.nearestZeroGamma, atSpotGamma: p.atSpot.gamma, used: p.counts.used,
      expiredSince: k === 0 ? [] : expiries.filter((e) => e > prev && e <= atMs).map((e) => formatInstant({ epochMs: e, zone })),
    });
    onProgress?.((k + 1) / (days + 1));
  }
  return { underlying: chain.underlying, snapshot: chain.asOf, spot: chain.spot, grid: grid.prices, logGrid: grid.log, columns, dealer,
    ...(dealerExpression !== undefined ? { dealerExpression } : {}) };
}
