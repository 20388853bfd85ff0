/**
 * The volatility surface: raw SVI smiles fitted per expiry (mathjs least squares), their monotone
 * fallback, butterfly and calendar checks, and the surface's vol at any strike and time (total
 * variance linear in time). Sits beside options/: it imports nothing above it.
 *
 * @module
 */
export {
  sviTotalVariance, sviDerivatives, sviDensityFactor, sviMinTotalVariance, sviProblem, densityFactor, type SviParams,
} from "./svi.js";
export { monotoneCubic, monotoneAt, monotoneDerivatives, type MonotoneCubic } from "./monotone.js";
export { fitSvi, SVI_MIN_QUOTES, type SmileData, type SviFit } from "./fitSvi.js";
export { butterflyCheck, calendarViolations, CHECK_POINTS, type CalendarViolation } from "./arbitrage.js";
export {
  sliceTotalVariance, sliceVol, sliceDerivatives, type SmileSlice, type SliceMethod, type SliceQuotes, type ButterflyCheck,
} from "./slice.js";
export {
  fitVolSurface, fitData, surfaceExpiries, surfaceSlicesAt, surfaceVol, surfaceTotalVariance, surfaceForward, SMILE_WEIGHTINGS, FALLBACK_RMSE, FIT_RANGE,
  type VolSurface, type SurfaceInput, type SurfaceOptions, type SmileWeighting,
} from "./surface.js";
export { mathjs, mathjsLusolve, type Lusolve } from "./mathjs.js";
