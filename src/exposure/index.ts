/**
 * Dealer exposure engine: price grids, dealer gamma / vanna / charm / delta profiles, per-expiry and
 * per-strike breakdowns, key levels, hedge flows in contracts.
 *
 * @module
 */
export { priceGrid, gridFromPrices, MAX_GRID_POINTS, type GridSpec, type PriceGrid } from "./grid.js";
export { dealerWeights, DEALER_MODES, type DealerMode } from "./dealer.js";
export { compileDealerExpression, expressionWeights, DEALER_EXPR_VARIABLES, type DealerExpression, type DealerExprContext } from "./dealerExpr.js";
export {
  CONVENTIONS, PERFILIEV_YEAR_DAYS, PERFILIEV_STEPS, businessDays, perfilievTimes, conventionText, type Convention, type ConventionName,
} from "./convention.js";
export { selectContracts, dateInZone, type ExpiryFilter, type Selection } from "./select.js";
export { buildBook, contractYield, type Book, type BookInputs } from "./book.js";
export {
  kernelParams, kernelGrid, kernelRange, finishProfile, accLength, WINDOW, RESTART, STRIDE,
  type KernelGrid, type ProfileArrays,
} from "./kernel.js";
export {
  runKernel, runKernelSync, startKernel, startKernelWorkers, workersAvailable, PARALLEL_MIN_WORK,
  type RunKernelOptions, type KernelRun, type KernelStart,
} from "./parallel.js";
export { setSimd } from "./simd.js";
export { directProfile } from "./direct.js";
export { contractExposures, type ContractExposures } from "./spot.js";
export { stickyMoneynessProfile } from "./stickyMoneyness.js";
export { zeroCrossings, negativeZones, keyLevels, type KeyLevels } from "./levels.js";
export { strikeTable, strikeRows, type StrikeRow, type StrikeTableOptions } from "./strikes.js";
export { hedgeFlows, hedgeAt, dealerHedges, hedgeInstruments, parseContractRegistry, type HedgeFlow, type DealerHedges, type HedgeInstrument, type ContractRegistry } from "./hedge.js";
export { bookDeltaChange, bookDeltaChanges, cdfDifference, dealerFlows, DAY_YEARS, type DealerFlow, type DealerFlows, type DeltaShift } from "./dealerFlows.js";
export { loadContractRegistry, DEFAULT_REGISTRY } from "./contracts.js";
export {
  computeProfile, VOL_MODELS, type VolModel, type ProfileOptions, type Profile, type AtSpot, type ExpiryExposure,
  type ProfileConvention, type SurfaceUse,
} from "./profile.js";
export { profileJson, type ProfileJson } from "./json.js";
export { EXPOSURE_UNITS, type ExposureField } from "./units.js";
export { monthlyDate, monthlyRuleOf, nextMonthlyExpiry, MONTHLY_RULES, type MonthlyRule } from "./monthly.js";
export { gammaSplit, type GammaSplit } from "./gammaSplit.js";
export { expiryOverlay, type ExpiryOverlay, type ExpiryOverlayOptions, type OverlayLine } from "./expiryOverlay.js";
export { gammaMap, MAX_MAP_DAYS, type GammaMap, type GammaMapColumn, type GammaMapOptions } from "./gammaMap.js";
export { diffOpenInterest, type OpenInterestDiff, type SeriesChange, type SeriesStatus, type ChangeTotals } from "./oiDiff.js";
export { diffLevels, type LevelsDiff, type LevelChange } from "./levelsDiff.js";
