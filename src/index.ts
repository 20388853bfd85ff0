/**
 * gexray — dealer gamma and structured-note exposure analyzer: the library's public API.
 *
 * Layers, each importing only from the ones before it:
 * options (pure math) and vol (the volatility surface) ← data (files → columnar chains) ← exposure /
 * notes / futures ← flows ← report.
 *
 * @example
 * import { vanilla, loadChain } from "gexray";
 * vanilla({ type: "put", spot: 70000, strike: 65000, time: 7 / 365, vol: 0.6 }).delta;
 *
 * @module
 */

// options: normal distribution, BSM / Black-76, implied vol, barriers
export { erfc, normCdf, normPdf } from "./options/normal.js";
export { GREEK_FIELDS, emptyGreeks, type Greeks, type OptionType } from "./options/greeks.js";
export { bsmGreeks, black76Greeks } from "./options/bsm.js";
export { vanilla, type VanillaInput } from "./options/vanilla.js";
export * from "./options/impliedVol.js";
export * from "./options/impliedVolKernel.js";
export * from "./options/barrier.js";
export { cashOrNothingGreeks, assetOrNothingGreeks, cashOrNothingPriceDeltaGamma } from "./options/digital.js";
export { binaryBarrierPrice } from "./options/barrierBinary.js";
export { discreteBarrier, discreteBarrierGreeks, discreteBarrierGreeksAt, DISCRETE_CELL_FACTOR, type DiscreteBarrierInput, type DiscreteBumps, type DiscreteOptions } from "./options/discreteBarrier.js";
export { addCellJet, gaussMoments, hatHalves, normCdfDiff, scaleJet } from "./options/gaussCells.js";
export { applyTransition, eventGrid, latticeJet, refineGrid, transition, type EventGrid, type Transition } from "./options/eventLattice.js";
export { zJetGreeks } from "./options/zJet.js";

// vol: the volatility surface (SVI per expiry, arbitrage checks)
export * from "./vol/index.js";

// data: chains, loaders, term sheets, price history
export * from "./data/chain.js";
export { InputError } from "./data/errors.js";
export * from "./data/time.js";
export type { LoadOptions, ChainFormat } from "./data/loadOptions.js";
export { loadCboe, looksLikeCboe, parseCboeDate, readCboeDate, type CboeDate } from "./data/cboe.js";
export { parseCsvRecords, type CsvRecord, type CsvRecordOptions } from "./data/csv.js";
export { loadWarnings, assertUsable, loadCounts, type LoadCounts } from "./data/loadSummary.js";
export { loadDeribit, looksLikeDeribit, parseDeribitInstrument, STALE_FORWARD } from "./data/deribit.js";
export { loadJsonChain, looksLikeJsonChain, IV_FLOOR, IV_CAP } from "./data/jsonChain.js";
export { loadGeneric, looksLikeGeneric, GenericCsvReader, parseExpiry, parseNumberAt, GENERIC_COLUMNS, GENERIC_REQUIRED, MAX_IV, type GenericColumn } from "./data/generic.js";
export { loadChain, detectFormat, ignoredOptions, CHAIN_FORMATS } from "./data/load.js";
export { toDataFrame, fromDataFrame, DATAFRAME_COLUMNS, type ChainHeader, type DataFrameLike } from "./data/dataframe.js";
export { parseOccSymbol, occSettlement } from "./data/occSymbol.js";
export * from "./data/noteTerms.js";
export * from "./data/priceHistory.js";
export * from "./data/termSheets.js";
export * from "./data/cmeCalendar.js";
export * from "./data/tierTable.js";
export * from "./data/tierFiles.js";
export * from "./data/futuresPrices.js";
export * from "./data/openInterest.js";
export * from "./data/positions.js";
export * from "./exposure/index.js";
export * from "./notes/index.js";
export * from "./futures/index.js";
export * from "./flows/index.js";
export * from "./report/index.js";
