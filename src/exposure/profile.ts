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
import { fitVolSurface, type VolSurface } from "../vol/surface.js";
import { valueIds } from "../data/valueIds.js";
import { buildBook } from "./book.js";
import { DAY_YEARS, dealerFlows, type DealerFlows } from "./dealerFlows.js";
import { conventionText, perfilievTimes, PERFILIEV_STEPS, type Convention, type ConventionName } from "./convention.js";
import { dealerWeights, type DealerMode } from "./dealer.js";
import { expressionWeights, type DealerExpression } from "./dealerExpr.js";
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
  /** a compiled dealer-position expression (dealerExpr.ts); replaces `dealer` when given */
  dealerExpression?: DealerExpression;
  /** time, grid, total-at-spot and zero-gamma rules (convention.ts); default gexray's */
  convention?: Convention;
  /** the chain's vol surface for sticky-moneyness (fitted from the chain when not given) */
  surface?: VolSurface;
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

/** Which convention produced a profile, and what it decided. */
export interface ProfileConvention {
  name: ConventionName;
  /** business days per year (perfiliev); 365 calendar days for gexray */
  yearDays: number;
  /** the convention in words (printed in every output) */
  text: string;
  /** the flagged zero-gamma level: nearest spot (gexray) or the first crossing (perfiliev); null when none */
  flip: number | null;
  /** how `flip` was chosen */
  flipRule: "nearest spot" | "first crossing";
  /** where the at-spot gamma comes from: per contract, the vendor's gamma column or the model */
  gammaAtSpot: { vendorContracts: number; modelContracts: number };
  /** unit of the charm figures */
  charmUnit: "per calendar day" | "per business day";
}

/** What a sticky-moneyness profile read off the vol surface. */
export interface SurfaceUse {
  /** slices fitted (expiries of the book) */
  slices: number;
  /** expiries whose smile is the monotone fallback, with why */
  fallbacks: Array<{ expiry: string; reason: string }>;
  /** slices with butterfly arbitrage on their quoted range */
  butterfly: number;
  /** consecutive pairs with calendar arbitrage */
  calendar: number;
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
  /** what was used; `dealerExpression` is the expression when dealer is "expression" */
  model: { dealer: DealerMode | "expression"; dealerExpression?: string; volModel: VolModel; rate: number; dividend: number };
  /** the convention and its decisions */
  convention: ProfileConvention;
  /** the vol surface a sticky-moneyness profile used (null for sticky strike) */
  surface: SurfaceUse | null;
  /** contract accounting: contracts = used + expired + filtered */
  counts: { contracts: number; used: number; expired: number; filtered: number; groups: number; threads: number; points: number };
}

/**
 * Compute a chain's dealer exposure profile.
 *
 * @param chain - the chain (not modified)
 * @param opts - grid, dealer sign (or a dealer expression), evaluation time, expiry filters, vol
 *   model (and surface), rate and dividend, convention
 * @returns the profile (see {@link Profile}); an empty selection gives zero profiles and null levels
 * @throws RangeError for a bad grid, dealer mode, vol model, convention, evaluation time (before the
 *   snapshot) or filter, a spot that is not finite and > 0, for a selected contract with an unusable
 *   strike, IV, weight or forward (naming its line), and for a dealer expression that fails on a
 *   contract
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
  const convention: Convention = opts.convention ?? { name: "gexray", yearDays: 365 };
  if (!(convention.name === "gexray" || convention.name === "perfiliev")) throw new RangeError(`convention must be gexray or perfiliev (got ${JSON.stringify(convention.name)})`);
  if (convention.name === "perfiliev" && !(convention.yearDays > 0 && Number.isFinite(convention.yearDays))) {
    throw new RangeError(`year days must be a finite number > 0 (got ${convention.yearDays})`);
  }
  const perfiliev = convention.name === "perfiliev";
  const rate = opts.rate ?? chain.rate;
  const dividend = opts.dividend ?? chain.dividend;
  const grid: PriceGrid = opts.grid && "prices" in opts.grid
    ? opts.grid
    : priceGrid({ spot, ...(perfiliev ? { steps: PERFILIEV_STEPS } : {}), ...(opts.grid ?? {}) });
  const atMs = opts.atMs ?? chain.asOf.epochMs;
  const sel = selectContracts(chain, atMs, opts.expiry ?? {});
  if (perfiliev) sel.time = perfilievTimes(chain, sel, convention.yearDays);
  const weights = opts.dealerExpression
    ? expressionWeights(chain, opts.dealerExpression, { atMs, spot, rate, dividend })
    : dealerWeights(chain, dealer);
  const book = buildBook(chain, sel, weights, { rate, dividend });
  const wantDelta = opts.delta === true;
  performance.mark("gexray:book");

  let surfaceUse: SurfaceUse | null = null;
  let surfaceUsed: VolSurface | undefined;
  if (volModel !== "sticky-strike") {
    surfaceUsed = opts.surface ?? fitVolSurface(chain, { expiries: book.expiry });
    surfaceUse = {
      slices: surfaceUsed.slices.length,
      fallbacks: surfaceUsed.slices.filter((s) => s.method !== "svi").map((s) => ({ expiry: formatInstant({ epochMs: s.expiryMs, zone: chain.asOf.zone }), reason: s.fallbackReason ?? "" })),
      butterfly: surfaceUsed.slices.filter((s) => !s.butterfly.ok).length,
      calendar: surfaceUsed.calendar.length,
    };
  }
  // sticky strike: the kernel starts on the worker threads (if any) while this thread does the
  // per-contract passes; finish() then joins them
  const kernel = volModel === "sticky-strike"
    ? startKernel(book, grid, spot, {
      wantDelta, ...(opts.threads !== undefined ? { threads: opts.threads } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    })
    : null;

  // exact at-spot terms per contract: totals, expiries, strikes
  const x = contractExposures(chain, sel, weights, spot, rate, dividend);
  // charm per business day under a business-day clock
  const charmScale = perfiliev ? 365 / convention.yearDays : 1;
  let vendorContracts = 0;
  if (charmScale !== 1) for (let j = 0; j < x.charm.length; j++) x.charm[j]! *= charmScale;
  if (perfiliev && chain.vendor !== null && atMs === chain.asOf.epochMs) {
    // the published tools' total: the file's gamma column, Σ ±Gamma·OI·mult·S²·0.01
    const vg = chain.vendor.gamma;
    for (let j = 0; j < sel.index.length; j++) {
      const g = vg[sel.index[j]!]!;
      if (!Number.isFinite(g)) continue;
      x.gamma[j] = weights[sel.index[j]!]! * g * spot * spot * 0.01;
      vendorContracts++;
    }
  }
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
  // "one day" on the convention's clock: a calendar day, or a business day under perfiliev
  const day = perfiliev ? 1 / convention.yearDays : DAY_YEARS;
  if (volModel === "sticky-strike") {
    flows = dealerFlows(book, spot, undefined, day);
  } else {
    // the two moves with re-marked vols; the vol and time scenarios are priced at spot, where both
    // models give every contract its own IV
    const d = stickyMoneynessProfile(book, Float64Array.of(spot * 1.01, spot, spot * 0.99), spot, true, surfaceUsed!).delta!;
    flows = dealerFlows(book, spot, { up: d[0]! - d[1]!, down: d[2]! - d[1]! }, day);
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
    arrays = stickyMoneynessProfile(book, grid.prices, spot, wantDelta, surfaceUsed!);
    points = book.length * grid.prices.length;
    opts.onProgress?.(1);
  }
  if (charmScale !== 1) for (let k = 0; k < arrays.charm.length; k++) arrays.charm[k]! *= charmScale;
  let delta: Float64Array | null = null;
  if (arrays.delta) {
    delta = new Float64Array(arrays.delta.length);
    for (let k = 0; k < delta.length; k++) delta[k] = arrays.delta[k]! * grid.prices[k]!;
  }
  const levels = keyLevels({ prices: grid.prices, gamma: arrays.gamma, spot, strikes });
  const flip = perfiliev ? (levels.zeroGamma[0] ?? null) : levels.nearestZeroGamma;
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
    model: {
      dealer: opts.dealerExpression ? "expression" : dealer,
      ...(opts.dealerExpression ? { dealerExpression: opts.dealerExpression.source } : {}),
      volModel, rate, dividend,
    },
    convention: {
      name: convention.name,
      yearDays: perfiliev ? convention.yearDays : 365,
      text: conventionText(convention),
      flip,
      flipRule: perfiliev ? "first crossing" : "nearest spot",
      gammaAtSpot: { vendorContracts, modelContracts: sel.index.length - vendorContracts },
      charmUnit: perfiliev ? "per business day" : "per calendar day",
    },
    surface: surfaceUse,
    counts: { contracts: sel.contracts, used: sel.index.length, expired: sel.expired, filtered: sel.filtered, groups: book.length, threads, points },
  };
}
