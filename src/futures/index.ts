/**
 * Leveraged futures: margin, tiered maintenance, liquidation and bankruptcy prices, insurance-fund
 * gains and losses, ADL rankings and risk waterfalls, CME Spot-Quoted futures financing, and the
 * basis term structure with its jumps (docs/forced-flows.md).
 *
 * @module
 */
export * from "./margin.js";
export * from "./liquidation.js";
export * from "./venueRule.js";
export * from "./adl.js";
export * from "./waterfall.js";
export * from "./sqf.js";
export * from "./basis.js";
export * from "./termStructure.js";
export * from "./forwards.js";
export * from "./jumps.js";
export * from "./history.js";
