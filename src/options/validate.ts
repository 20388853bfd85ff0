/**
 * Input checks for the exported pricing entry points. Kernels never throw; these do, with a
 * RangeError that names the field and the value, e.g. `vol must be ≥ 0 (got -0.2)`.
 *
 * Checks are written as `!(x >= 0)` so that NaN fails them too.
 *
 * @module
 */
import type { OptionType } from "./greeks.js";

/**
 * Throw unless `value` is a finite number.
 *
 * @param field - the input's name, as the caller spelled it
 * @param value - the value to check
 * @throws RangeError `field must be a finite number (got …)`
 * @example
 * requireFinite("rate", 0.05); // 0.05
 */
export function requireFinite(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${field} must be a finite number (got ${String(value)})`);
  }
  return value;
}

/**
 * Throw unless `value` is a finite number > 0.
 *
 * @example
 * requirePositive("spot", 100); // 100
 */
export function requirePositive(field: string, value: unknown): number {
  const v = requireFinite(field, value);
  if (!(v > 0)) throw new RangeError(`${field} must be > 0 (got ${v})`);
  return v;
}

/**
 * Throw unless `value` is a finite number ≥ 0.
 *
 * @example
 * requireNonNegative("time", 0); // 0
 */
export function requireNonNegative(field: string, value: unknown): number {
  const v = requireFinite(field, value);
  if (!(v >= 0)) throw new RangeError(`${field} must be ≥ 0 (got ${v})`);
  return v;
}

/**
 * Throw unless `value` is "call" or "put".
 *
 * @example
 * requireOptionType("type", "put"); // "put"
 */
export function requireOptionType(field: string, value: unknown): OptionType {
  if (value !== "call" && value !== "put") {
    throw new RangeError(`${field} must be "call" or "put" (got ${JSON.stringify(value)})`);
  }
  return value;
}

/**
 * A value that may be absent: undefined gives the default, anything else must be finite.
 *
 * @example
 * optionalFinite("rate", undefined, 0); // 0
 */
export function optionalFinite(field: string, value: unknown, fallback: number): number {
  return value === undefined ? fallback : requireFinite(field, value);
}
