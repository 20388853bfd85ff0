/**
 * The generic CSV's plain rows read from bytes: one pass over a row's bytes splits its fields and
 * reads its numbers ({@link readDecimal}) and its call/put, without decoding a string.
 *
 * A row is plain when the scanner is sure to read it as the text path would: the header's number of
 * fields, no quote, numbers in plain decimal notation (a point as decimal mark, an optional
 * exponent, within the exact range), a call/put the text path accepts, printable ASCII in the
 * underlying and snapshot-time cells. Anything else ({@link PLAIN_ODD}) is read by the text path
 * (the RFC 4180 splitter and the reader's row checks), which names every problem; so the byte path
 * never decides a row's fate on its own, it only reads the rows whose reading is certain.
 *
 * Hand-written: this is the measured hot path of a large generic file (`gexray profile` on 200k
 * contracts spent a quarter of its time in the text parse).
 *
 * @module
 */
import { readDecimal } from "./byteNumber.js";

/** {@link PlainRowScanner.scan}: the row is not plain; read it as text. */
export const PLAIN_ODD = -1;
/** {@link PlainRowScanner.scan}: the bytes end before the row's line feed. */
export const PLAIN_INCOMPLETE = -2;

/**
 * What a column holds, for the scanner (`skip`: a column the reader does not read).
 *
 * @example
 * ROLE.strike; // 2
 */
export const ROLE = {
  skip: 0, expiry: 1, strike: 2, type: 3, open_interest: 4, iv: 5, multiplier: 6, dealer_position: 7,
  forward: 8, underlying: 9, spot: 10, asof: 11,
} as const;

const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;

/**
 * Reads plain rows of a generic CSV from bytes; after a successful {@link scan} its fields hold the
 * row's values (numbers in `values` by role; a blank underlying is an empty range).
 *
 * @example
 * const sc = new PlainRowScanner([ROLE.expiry, ROLE.strike, ROLE.type, ROLE.open_interest, ROLE.iv], ",");
 * const b = new TextEncoder().encode("2025-01-17,4700,C,12,0.1525\n");
 * sc.scan(b, 0, b.length); // 28 (the next row's start)
 * [sc.values[ROLE.strike], sc.type, sc.values[ROLE.iv]]; // [4700, 1, 0.1525]
 * sc.scan(b, 0, 20);       // -2 (PLAIN_INCOMPLETE)
 */
export class PlainRowScanner {
  /**
   * The row's numbers by {@link ROLE} (strike, open_interest, iv, multiplier, dealer_position,
   * forward, spot; NaN for a blank multiplier or forward), in one typed array: no number is boxed.
   */
  readonly values = new Float64Array(12);
  /** +1 call, −1 put */
  type = 0;
  /** the expiry cell's bytes, untrimmed */
  expiryStart = 0;
  expiryEnd = 0;
  /** the underlying cell's bytes, trimmed (empty: blank) */
  underlyingStart = 0;
  underlyingEnd = 0;
  /** the snapshot-time cell's bytes, trimmed */
  asofStart = 0;
  asofEnd = 0;
  /** every field's bytes, untrimmed: field j is `bytes[starts[j], ends[j])` */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private readonly roles: Uint8Array;
  private readonly delimiter: number;

  /**
   * @param roles - per column of the header, its {@link ROLE}; at least two columns (a row of one
   *   field could be a blank line, which is no row)
   * @param delimiter - `,`, `;` or tab
   */
  constructor(roles: ArrayLike<number>, delimiter: string) {
    if (roles.length < 2) throw new RangeError("PlainRowScanner needs at least two columns");
    this.roles = Uint8Array.from(roles);
    this.starts = new Int32Array(roles.length);
    this.ends = new Int32Array(roles.length);
    this.delimiter = delimiter.charCodeAt(0);
  }

  /**
   * Read the row that starts at `bytes[start]` (no further than `end`).
   *
   * @returns the index after the row's line feed when the row is plain; {@link PLAIN_ODD} when
   *   it is not; {@link PLAIN_INCOMPLETE} when `end` comes first
   */
  scan(bytes: Uint8Array, start: number, end: number): number {
    const roles = this.roles;
    const values = this.values;
    const D = this.delimiter;
    const last = roles.length - 1;
    let p = start;
    for (let j = 0; ; j++) {
      const role = roles[j]!;
      let e: number; // where the field ends: its delimiter or line feed
      let fe: number; // the field's last byte + 1 (before a CR that ends the line)
      if (role >= ROLE.strike && role !== ROLE.type && role !== ROLE.underlying && role !== ROLE.asof) {
        // a number, read in the same pass that finds the field's end
        e = readDecimal(bytes, p, end, values, role);
        if (e < 0) return PLAIN_ODD;
        // NaN: a blank cell, allowed for multiplier and forward only
        if (values[role] !== values[role] && role !== ROLE.multiplier && role !== ROLE.forward) return PLAIN_ODD;
        if (e === end) return PLAIN_INCOMPLETE;
        fe = e;
        const c = bytes[e]!;
        if (c === CR) {
          if (e + 1 === end) return PLAIN_INCOMPLETE;
          if (bytes[e + 1] !== LF) return PLAIN_ODD;
          e++;
        } else if (c !== D && c !== LF) {
          return PLAIN_ODD;
        }
      } else {
        e = p;
        let c = 0;
        while (e < end) {
          c = bytes[e]!;
          if (c === D || c === LF || c === QUOTE) break;
          e++;
        }
        if (e === end) return PLAIN_INCOMPLETE;
        if (c === QUOTE) return PLAIN_ODD;
        fe = e;
        if (c === LF && fe > p && bytes[fe - 1] === CR) fe--; // the text path drops one CR before the line feed
        if (role === ROLE.expiry) {
          this.expiryStart = p;
          this.expiryEnd = fe;
        } else if (role === ROLE.type) {
          if ((this.type = typeBytes(bytes, p, fe)) === 0) return PLAIN_ODD;
        } else if (role !== ROLE.skip) {
          const s = trimStart(bytes, p, fe);
          const t = trimEnd(bytes, s, fe);
          if (!printable(bytes, s, t)) return PLAIN_ODD;
          if (role === ROLE.underlying) {
            this.underlyingStart = s;
            this.underlyingEnd = t;
          } else {
            this.asofStart = s;
            this.asofEnd = t;
          }
        }
      }
      // the row has the header's number of fields: a line feed after the last, a delimiter after the others
      if ((bytes[e] === LF) !== (j === last)) return PLAIN_ODD;
      this.starts[j] = p;
      this.ends[j] = fe;
      if (j === last) return e + 1;
      p = e + 1;
    }
  }
}

/**
 * +1 for call/C, −1 for put/P (any case, surrounding spaces allowed), 0 otherwise: what the text
 * path's reading of the type cell gives for the same characters.
 */
function typeBytes(b: Uint8Array, start: number, end: number): number {
  const s = trimStart(b, start, end);
  const e = trimEnd(b, s, end);
  const c = b[s]! | 32; // | 32 lower-cases ASCII letters (and makes no other byte a lower-case letter)
  if (e - s === 1) return c === 99 ? 1 : c === 112 ? -1 : 0;
  if (e - s === 4 && c === 99 && (b[s + 1]! | 32) === 97 && (b[s + 2]! | 32) === 108 && (b[s + 3]! | 32) === 108) return 1;
  if (e - s === 3 && c === 112 && (b[s + 1]! | 32) === 117 && (b[s + 2]! | 32) === 116) return -1;
  return 0;
}

function trimStart(b: Uint8Array, s: number, e: number): number {
  while (s < e && b[s] === SPACE) s++;
  return s;
}

function trimEnd(b: Uint8Array, s: number, e: number): number {
  while (e > s && b[e - 1] === SPACE) e--;
  return e;
}

/** Printable ASCII (space to tilde): text whose trimmed form and characters the bytes give exactly. */
function printable(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c < SPACE || c > 126) return false;
  }
  return true;
}
