/**
 * OCC option symbols (the Options Clearing Corporation's 21-character OSI format) as vendors print
 * them: root, expiry YYMMDD, C/P, strike × 1000 in 8 digits. Vendors drop the root's padding
 * spaces ("SPXW240108C04700000"); padded symbols ("SPXW  240108C04700000") are accepted too.
 *
 * @module
 */
import { CALL, PUT } from "./chain.js";
import type { ExpiryClock } from "./time.js";

/** The parts of an OCC option symbol. */
export interface OccSymbol {
  /** option root, e.g. "SPXW", "SPX", "NDXP", "IBIT" (an adjusted series' root keeps its digit: "AAPL1") */
  root: string;
  /** expiry year, e.g. 2024 (YY is read as 20YY) */
  year: number;
  /** expiry month, 1…12 */
  month: number;
  /** expiry day of month, 1…31 */
  day: number;
  /** +1 call, −1 put */
  type: number;
  /** strike, currency per unit of underlying (the 8 digits / 1000) */
  strike: number;
}

const TAIL = /^(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;
const ROOT = /^[A-Z0-9.]{1,6}$/;

/**
 * Parse an OCC option symbol. The 15-character tail (YYMMDD, C/P, 8-digit strike) is fixed, so the
 * root is whatever precedes it, trimmed. The strike is the 8 digits divided by 1000; IEEE division
 * is correctly rounded, so it equals the double the decimal text ("4700.000") parses to.
 *
 * @param symbol - e.g. "SPXW240108C04700000" (surrounding spaces are ignored; case-sensitive)
 * @returns the parts, or undefined when the text is not an OCC symbol or its date is impossible
 * @example
 * parseOccSymbol("SPXW240108C04700000");
 * // { root: "SPXW", year: 2024, month: 1, day: 8, type: 1, strike: 4700 }
 * parseOccSymbol("IBIT260715P00036500")?.strike; // 36.5
 * parseOccSymbol("BTC-26APR24-62000-C");         // undefined
 */
export function parseOccSymbol(symbol: string): OccSymbol | undefined {
  const s = symbol.trim();
  if (s.length < 16) return undefined;
  const tail = TAIL.exec(s.slice(-15));
  if (!tail) return undefined;
  const root = s.slice(0, -15).trim();
  if (!ROOT.test(root)) return undefined;
  const year = 2000 + Number(tail[1]);
  const month = Number(tail[2]);
  const day = Number(tail[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  // reject 31 Feb and the like: the UTC date must round-trip
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return undefined;
  const strike = Number(tail[5]) / 1000;
  if (!(strike > 0)) return undefined;
  return { root, year, month, day, type: tail[4] === "C" ? CALL : PUT, strike };
}

/** Roots whose family is another root's: PM-settled weeklies of AM-settled index options. */
const FAMILY: Record<string, string> = { SPXW: "SPX", SPXPM: "SPX", NDXP: "NDX", RUTW: "RUT" };
/** AM-settled index roots (DESIGN.md): expiry 09:30 New York. */
const AM_ROOTS = new Set(["SPX", "NDX", "RUT"]);

/**
 * Settlement of an OCC option root: its underlying family and its expiry clock. SPX, NDX and RUT
 * (AM-settled monthlies) settle at 09:30 New York; every other root (SPXW, NDXP, RUTW, equities,
 * ETFs) at 16:00 New York. The family groups a PM weekly root with its index: SPXW and SPX → "SPX",
 * NDXP and NDX → "NDX", RUTW and RUT → "RUT"; any other root is its own family.
 *
 * @param root - OCC root as printed in the symbol ("SPXW", "SPX", "NDXP", "IBIT")
 * @example
 * occSettlement("SPXW"); // { underlying: "SPX", clock: "us-pm" }
 * occSettlement("NDX");  // { underlying: "NDX", clock: "us-am" }
 * occSettlement("IBIT"); // { underlying: "IBIT", clock: "us-pm" }
 */
export function occSettlement(root: string): { underlying: string; clock: ExpiryClock } {
  return { underlying: FAMILY[root] ?? root, clock: AM_ROOTS.has(root) ? "us-am" : "us-pm" };
}

/** The root and expiry date of an OCC symbol: what every strike and side of one series shares. */
export interface OccPrefix {
  /** option root, as {@link OccSymbol.root} */
  readonly root: string;
  readonly year: number;
  /** 1…12 */
  readonly month: number;
  /** 1…31 */
  readonly day: number;
}

/** Parse the root part and the YYMMDD of an OCC symbol (the symbol without its last 9 characters). */
function parsePrefix(text: string): OccPrefix | null {
  const root = text.slice(0, -6).trim();
  if (!ROOT.test(root)) return null;
  const n = text.length;
  for (let i = n - 6; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const two = (i: number) => (text.charCodeAt(i) - 48) * 10 + (text.charCodeAt(i + 1) - 48);
  const year = 2000 + two(n - 6);
  const month = two(n - 4);
  const day = two(n - 2);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return { root, year, month, day };
}

/**
 * Reads OCC symbols out of a larger text by index, for loaders that scan a file once: the same
 * result as {@link parseOccSymbol} on `src.slice(start, end)`, without the regular expressions
 * and, for runs of symbols sharing root and expiry (a chain lists them together), without
 * allocating. Each distinct root-and-expiry prefix is parsed once and returned as the same
 * {@link OccPrefix} object, so callers can cache what they derive from it (settlement, expiry
 * instant) by identity. Symbols with unusual surrounding whitespace go through
 * {@link parseOccSymbol} itself (and get a fresh prefix object).
 *
 * @example
 * const occ = new OccSymbolReader();
 * const line = "Mon Jan 08 2024,SPXW240108C04700000,10";
 * occ.read(line, 16, 35);    // { root: "SPXW", year: 2024, month: 1, day: 8 }
 * [occ.type, occ.strike];    // [1, 4700]
 * occ.read(line, 0, 15);     // undefined (not an OCC symbol)
 */
export class OccSymbolReader {
  /** +1 call, −1 put: of the last symbol read successfully */
  type = 0;
  /** strike of the last symbol read successfully, currency per unit */
  strike = NaN;
  private lastText = "";
  private last: OccPrefix | null = null;
  private readonly prefixes = new Map<string, OccPrefix | null>();

  /**
   * Read the symbol in `src[start, end)`; on success set {@link type} and {@link strike}.
   *
   * @returns the symbol's root and expiry, or undefined when the text is not an OCC symbol
   */
  read(src: string, start: number, end: number): OccPrefix | undefined {
    let s = start;
    let e = end;
    while (s < e && src.charCodeAt(s) === 32) s++;
    while (e > s && src.charCodeAt(e - 1) === 32) e--;
    if (e - s < 16) return undefined; // trimming more whitespace only shortens it
    const first = src.charCodeAt(s);
    const lastChar = src.charCodeAt(e - 1);
    if (first < 33 || first > 126 || lastChar < 33 || lastChar > 126) return this.readSlow(src.slice(start, end));
    const cp = src.charCodeAt(e - 9);
    if (cp !== 67 && cp !== 80) return undefined;
    let n = 0;
    for (let i = e - 8; i < e; i++) {
      const d = src.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      n = n * 10 + d;
    }
    if (n === 0) return undefined; // strike must be > 0
    let p: OccPrefix | null | undefined;
    if (e - 9 - s === this.lastText.length && src.startsWith(this.lastText, s)) {
      p = this.last;
    } else {
      const text = src.slice(s, e - 9);
      p = this.prefixes.get(text);
      if (p === undefined) {
        p = parsePrefix(text);
        this.prefixes.set(text, p);
      }
      this.lastText = text;
      this.last = p;
    }
    if (p === null) return undefined;
    this.type = cp === 67 ? CALL : PUT;
    this.strike = n / 1000;
    return p;
  }

  private readSlow(text: string): OccPrefix | undefined {
    const o = parseOccSymbol(text);
    if (!o) return undefined;
    this.type = o.type;
    this.strike = o.strike;
    return { root: o.root, year: o.year, month: o.month, day: o.day };
  }
}
