/**
 * Structured notes: embedded knock-in puts, issuer hedge and knock-in unwind flows, barrier
 * clusters, projected barriers from continued issuance, and the notes' overlay on a dealer profile
 * grid. The module's barrel.
 *
 * @module
 */
export {
  DAILY_INTERVAL_DAYS, EXACT_MAX_DATES, EXACT_NEAR_STEPS, NOTE_ENGINES, TRADING_DAYS_PER_YEAR, embeddedPutAt, embeddedStrike,
  justAbove, knockInJump, putEngine, shareEquivalent, type KnockInJump, type NoteEngine, type PricedPut, type PutMarket,
} from "./embedded.js";
export { couponAmount, couponSchedule, missedCoupons, nextWeekday, noteEvents, type NoteEvent } from "./schedule.js";
export { NOTE_CELL_FACTOR, noteGrid, noteLegJets, noteLegJetsAndCoarse, noteLegJetsOnGrid, type LegJets, type NoteLatticeMarket } from "./noteLattice.js";
export { noteUnwind, noteValueAndUnwind, noteValueAt, pricedWhole, type NoteGreeks, type NoteUnwind, type NoteValue, type NoteValueInputs } from "./valuation.js";
export { MAX_OBSERVATION_SHIFT_DAYS, NOTE_STATUSES, autocallSchedule, carriesPut, noteStatus, type NoteState, type NoteStatus, type StatusInputs } from "./status.js";
export { bookExposure, noteExposure, type ExposureTotals, type NoteExposure, type NoteMarketInputs, type NotePart } from "./exposure.js";
export { barrierClusters, linkLevels, type BarrierCluster, type ClusterOptions, type ClusterResult } from "./clusters.js";
export {
  ISSUANCE_FREQUENCIES, MAX_ISSUE_SHIFT_DAYS, extendPath, issuanceDates, projectNotes, scenarioPath,
  type IssuanceFrequency, type IssuancePattern, type PricePath, type Scenario,
} from "./project.js";
export { addProfiles, notesProfile, type NotesProfile, type NotesProfileOptions, type ProfileSums } from "./profile.js";
export { convertPrice, looksLikeUnderlyingMap, parseUnderlyingMap, priceFactor, type UnderlyingMap } from "./underlyingMap.js";
export { chainVolAt, chainVolForNotes, chainSurface, smileStrike, type SmileChain } from "./chainVol.js";
export { MIN_RETURNS, REALIZED_VOL_WINDOW, RETURNS_PER_YEAR, realizedVol, type RealizedVol } from "./realizedVol.js";
export { addDays, addMonths, closeInstant, daysBetween, isWeekday, newYorkDate, nextCloseDate } from "./dates.js";
