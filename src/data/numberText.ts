/**
 * Numbers computed by a loader (a median, a repaired volatility) written into a message: rounded
 * so that float noise (72505.58499999999) does not reach the user. The data layer cannot use the
 * report layer's formatters (one-way dependencies), so it has this one.
 *
 * @module
 */

/**
 * A number for a message: 6 significant digits, no float noise and no trailing zeros; non-finite
 * values as `String` writes them.
 *
 * @example
 * shortNumber(5.500003124999999); // "5.5"
 * shortNumber(72505.58499999999); // "72505.6"
 * shortNumber(Infinity);          // "Infinity"
 */
export function shortNumber(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}
