/**
 * Decimal numbers read straight from a file's bytes (the generic CSV's plain rows), as the double
 * ECMAScript's `Number(text)` gives for the same text.
 *
 * Most cells take Clinger's fast path, without making a string: the digits form an integer mantissa
 * m < 2^53, exact in a double, and the decimal exponent k (exponent minus digits after the point)
 * satisfies |k| ≤ 22, so 10^|k| is exact too; the value is then one IEEE multiplication m × 10^k or
 * division m / 10^−k of exact operands, which rounds once, to nearest: the correctly rounded value
 * of the decimal, which is what `Number()` returns (W. D. Clinger, "How to read floating point
 * numbers accurately", PLDI 1990). Any other plain decimal (17 significant digits as a program
 * prints a double, a large exponent) is handed to `Number()` itself as text. Anything that is not a
 * plain decimal (thousands separators, `%`, tabs, any other byte), and a decimal that overflows to
 * ±Infinity, is no number here: the caller reads such a cell as text.
 *
 * Hand-written because it is the measured hot path of a large generic file (no string per field);
 * its results are pinned against `Number()` by a property test.
 *
 * @module
 */

/**
 * 10^k for k = 0…22, each exactly representable in a double.
 *
 * @example
 * EXACT_POW10[22]; // 1e22
 */
export const EXACT_POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** 2^53: every integer below it is exact in a double, and so is every step m × 10 + d below it. */
const EXACT_INT = 2 ** 53;

const scratch = new Float64Array(1);

/**
 * The number in `bytes[start, end)`: surrounding spaces, a sign, digits with at most one `.`, an
 * optional exponent (`e`/`E`, a sign, digits), read as `Number()` reads the same text; NaN for a
 * blank field, text that is not a plain decimal, and one that overflows to ±Infinity.
 *
 * @param bytes - the file's bytes (ASCII digits; any other byte makes the field NaN)
 * @example
 * const b = new TextEncoder().encode("x, -0.25 ,1.5e-3,12%");
 * parseDecimalBytes(b, 2, 9);   // -0.25
 * parseDecimalBytes(b, 10, 16); // 0.0015
 * parseDecimalBytes(b, 17, 20); // NaN (a percent: read as text)
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number): number {
  return readDecimal(bytes, start, end, scratch, 0) === end ? scratch[0]! : NaN;
}

/**
 * Read the number that starts at `bytes[start]` (after spaces) and stop at the first byte that
 * cannot continue it (after the spaces that follow it): the row scanner's one pass over a numeric
 * field, which then checks that a delimiter or the line end comes there. The value goes to
 * `out[slot]` (a typed array: no number is boxed): the number as `Number()` reads it, or NaN for a
 * field of spaces only (blank).
 *
 * @param end - read no further
 * @returns the index where reading stopped; −1 when the text is not a plain decimal (a sign or a
 *   point without digits, an exponent without digits) or overflows to ±Infinity
 * @example
 * const b = new TextEncoder().encode(" 4700.5 ,0.2\n");
 * const out = new Float64Array(1);
 * readDecimal(b, 0, b.length, out, 0); // 8 (the comma)
 * out[0];                               // 4700.5
 */
export function readDecimal(bytes: Uint8Array, start: number, end: number, out: Float64Array, slot: number): number {
  // kept small enough for V8 to inline into the row scanner (the exponent is read apart)
  let i = start;
  while (i < end && bytes[i] === 32) i++;
  const first = i;
  const negative = i < end && bytes[i] === 45;
  if (negative || (i < end && bytes[i] === 43)) i++;
  let m = 0;
  let digits = 0;
  let point = -1; // digits before the decimal point, −1 without one
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48); // exact while below 2^53; once at or above, it stays there (rounding is monotonic)
      digits++;
    } else if (c === 46 && point < 0) {
      point = digits;
    } else break;
  }
  if (digits === 0) {
    if (i !== first) return -1; // a sign or a point alone
    out[slot] = NaN;
    return i;
  }
  const k = point < 0 ? 0 : point - digits;
  if (i < end && (bytes[i]! | 32) === 101) return withExponent(bytes, first, i + 1, end, m, k, negative, out, slot);
  if (m >= EXACT_INT || k < -22) return viaNumber(bytes, first, i, end, out, slot);
  const v = k === 0 || m === 0 ? m : m / EXACT_POW10[-k]!;
  out[slot] = negative ? -v : v;
  while (i < end && bytes[i] === 32) i++;
  return i;
}

/** {@link readDecimal} from the exponent's sign or first digit at `bytes[i]`, for mantissa `m` × 10^`k`; the number's text starts at `first`. */
function withExponent(bytes: Uint8Array, first: number, i: number, end: number, m: number, k: number, negative: boolean, out: Float64Array, slot: number): number {
  const expNegative = i < end && bytes[i] === 45;
  if (expNegative || (i < end && bytes[i] === 43)) i++;
  let x = 0;
  const from = i;
  for (; i < end; i++) {
    const d = bytes[i]!;
    if (d < 48 || d > 57) break;
    if (x < 1e6) x = x * 10 + (d - 48);
  }
  if (i === from) return -1;
  k += expNegative ? -x : x;
  if (m !== 0 && (m >= EXACT_INT || k > 22 || k < -22)) return viaNumber(bytes, first, i, end, out, slot);
  const v = k === 0 || m === 0 ? m : k > 0 ? m * EXACT_POW10[k]! : m / EXACT_POW10[-k]!;
  out[slot] = negative ? -v : v;
  while (i < end && bytes[i] === 32) i++;
  return i;
}

/**
 * A plain decimal outside the exact fast path, `bytes[first, stop)` (ASCII: its grammar was
 * checked), read by `Number()` itself: the correctly rounded double, as the text path gets it.
 */
function viaNumber(bytes: Uint8Array, first: number, stop: number, end: number, out: Float64Array, slot: number): number {
  let text = "";
  for (let j = first; j < stop; j++) text += String.fromCharCode(bytes[j]!);
  const v = Number(text);
  if (!Number.isFinite(v)) return -1;
  out[slot] = v;
  let i = stop;
  while (i < end && bytes[i] === 32) i++;
  return i;
}
