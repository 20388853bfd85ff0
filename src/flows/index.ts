/**
 * The forced-flow map: every modelled source of forced buying and selling (option dealers, note
 * issuers, liquidations, ADL) on one price grid in signed USD, its levels and shock cascades.
 *
 * @module
 */
export * from "./adl.js";
export * from "./basisRegime.js";
export * from "./cascade.js";
export * from "./forcedFlows.js";
export * from "./grid.js";
export * from "./json.js";
export * from "./ladder.js";
export * from "./leverage.js";
export * from "./liquidationFlow.js";
export * from "./map.js";
export * from "./oiBars.js";
