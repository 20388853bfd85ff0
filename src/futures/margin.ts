/**
 * Margin basics (docs/forced-flows.md §3.1, seed 003): initial margin = notional × initial margin
 * rate; leverage = 1 / margin rate (10x ↔ 10 %, 20x ↔ 5 %, 100x ↔ 1 %); a position's notional is
 * contracts × contract size × price. Kernels: no throwing on NaN, they return NaN.
 *
 * @module
 */

/** +1 for a long, −1 for a short: the sign every formula of this folder uses. */
export type SideSign = 1 | -1;

/** A position's side as users write it. */
export type Side = "long" | "short";

/**
 * The sign of a side.
 *
 * @example
 * sideSign("short"); // -1
 */
export function sideSign(side: Side): SideSign {
  return side === "long" ? 1 : -1;
}

/**
 * Leverage from a margin rate: 1 / rate.
 *
 * @param rate - margin rate, decimal (0.1 = 10 %)
 * @example
 * leverageFromRate(0.1);  // 10
 * leverageFromRate(0.05); // 20
 */
export function leverageFromRate(rate: number): number {
  return 1 / rate;
}

/**
 * Margin rate from leverage: 1 / leverage.
 *
 * @example
 * rateFromLeverage(10); // 0.1
 */
export function rateFromLeverage(leverage: number): number {
  return 1 / leverage;
}

/**
 * Position notional: contracts × contract size (underlying units) × price, USD.
 *
 * @example
 * positionNotional(10, 1, 60000); // 600000
 */
export function positionNotional(contracts: number, contractSize: number, price: number): number {
  return contracts * contractSize * price;
}

/**
 * Initial margin: notional × initial margin rate, USD. Seed 003's example: 10 contracts of 1 BTC at
 * 60,000 with a 10 % margin rate need 60,000 USD.
 *
 * @param notional - USD
 * @param rate - initial margin rate, decimal (1 / leverage)
 * @example
 * initialMargin(positionNotional(10, 1, 60000), 0.1); // 60000
 */
export function initialMargin(notional: number, rate: number): number {
  return notional * rate;
}
