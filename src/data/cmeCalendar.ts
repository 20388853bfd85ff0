/**
 * CME cryptocurrency futures calendar: contract month codes, the last trading day rule and the
 * expiry (final settlement) instant of CME Bitcoin (BTC, 5 BTC) and Micro Bitcoin (MBT, 0.1 BTC)
 * futures, and their Ether counterparts (ETH, MET), which follow the same rule.
 *
 * Rule (CME Micro Bitcoin contract specification, as published by Interactive Brokers,
 * https://interactivebrokers.ca/en/trading/cme-micro-bitcoin.php; docs/forced-flows.md §1.1):
 * "Trading terminates at 4 p.m. London time on the last Friday of the contract month. If that day
 * is not a business day in both the U.K. and the US, trading terminates on the preceding day which
 * is a business day for both the U.K. and the US." Final settlement is the CME CF Bitcoin Reference
 * Rate of that day, computed for 16:00 London, so the expiry instant is 16:00 Europe/London on the
 * last trading day (15:00 or 16:00 UTC depending on British Summer Time).
 *
 * Holidays: only days that can fall on or just before a last Friday matter. {@link isUkUsBusinessDay}
 * knows, for any year: weekends; Good Friday and Easter Monday (UK); Christmas and Boxing Day with
 * their UK substitute days; US Christmas observed (Friday 24 Dec when the 25th is a Saturday);
 * New Year's Day (and its UK substitute); the US federal Monday holidays and Thanksgiving; UK bank
 * holiday Mondays (early May, spring, summer); US Independence Day and Juneteenth (from 2022) with
 * their observed days; and the UK's one-off bank holidays since CME bitcoin futures were listed
 * (Dec 2017): 2020-05-08, 2022-06-02, 2022-06-03, 2022-09-19, 2023-05-08 (gov.uk/bank-holidays).
 * It is not a full exchange calendar (no unscheduled closures). Hand-written: the rules are a few
 * lines and a calendar library would add a dependency for five dates.
 *
 * @module
 */
import { zonedToEpoch } from "./time.js";

/**
 * CME's time zone for the crypto futures' expiry clock.
 *
 * @example
 * zonedToEpoch(2026, 2, 27, 16, 0, LONDON); // Date.UTC(2026, 1, 27, 16, 0)
 */
export const LONDON = "Europe/London";

/**
 * CME futures month codes, January (F) to December (Z).
 *
 * @example
 * MONTH_CODES.H; // 3 (March)
 */
export const MONTH_CODES: Readonly<Record<string, number>> = {
  F: 1, G: 2, H: 3, J: 4, K: 5, M: 6, N: 7, Q: 8, U: 9, V: 10, X: 11, Z: 12,
};

/** "YYYY-MM-DD" of a UTC calendar date. */
function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Day of week of a calendar date, 0 = Sunday. */
function weekday(y: number, m: number, d: number): number {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/**
 * Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
 *
 * @returns [month 1…12, day]
 * @example
 * easterSunday(2024); // [3, 31]
 * easterSunday(2026); // [4, 5]
 */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

/** The n-th (1-based) given weekday of a month, or the last one for n = −1. */
function nthWeekday(y: number, m: number, dow: number, n: number): number {
  if (n > 0) {
    const first = weekday(y, m, 1);
    return 1 + ((dow - first + 7) % 7) + 7 * (n - 1);
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lastDow = weekday(y, m, lastDay);
  return lastDay - ((lastDow - dow + 7) % 7);
}

/** A date shifted by whole days, as [y, m, d]. */
function shift(y: number, m: number, d: number, days: number): [number, number, number] {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/** UK one-off bank holidays since December 2017 (gov.uk/bank-holidays). */
const UK_SPECIAL = new Set(["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"]);
/** UK early-May bank holidays moved away from the first Monday (2020: to VE day, Friday 8 May). */
const UK_EARLY_MAY_MOVED = new Set([2020]);

const holidayCache = new Map<number, Set<string>>();

/** Every UK (England and Wales) or US holiday of a year that this calendar knows, as ISO dates. */
function holidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (set) return set;
  set = new Set<string>();
  const add = (y: number, m: number, d: number) => set!.add(iso(y, m, d));
  const [em, ed] = easterSunday(year);
  add(...shift(year, em, ed, -2)); // Good Friday (UK and US exchanges)
  add(...shift(year, em, ed, 1)); // Easter Monday (UK)
  // New Year's Day: UK substitutes the next Monday; US (exchanges) the Monday when on a Sunday
  const ny = weekday(year, 1, 1);
  add(year, 1, 1);
  if (ny === 6) add(year, 1, 3);
  if (ny === 0) add(year, 1, 2);
  // Christmas and Boxing Day with UK substitutes; US Christmas observed on Friday 24th when Saturday
  const xmas = weekday(year, 12, 25);
  add(year, 12, 25);
  add(year, 12, 26);
  if (xmas === 6) { add(year, 12, 27); add(year, 12, 28); add(year, 12, 24); }
  if (xmas === 5) add(year, 12, 28); // Boxing Day on Saturday → Monday 28th (UK)
  if (xmas === 0) add(year, 12, 27); // Christmas on Sunday → Tuesday 27th (UK; Monday 26th is Boxing Day)
  // US Monday holidays and Thanksgiving
  add(year, 1, nthWeekday(year, 1, 1, 3)); // Martin Luther King Jr. Day
  add(year, 2, nthWeekday(year, 2, 1, 3)); // Washington's Birthday
  add(year, 5, nthWeekday(year, 5, 1, -1)); // Memorial Day (US), the UK spring bank holiday's usual date
  add(year, 9, nthWeekday(year, 9, 1, 1)); // Labor Day
  add(year, 11, nthWeekday(year, 11, 4, 4)); // Thanksgiving
  // US Independence Day and Juneteenth, observed on Friday / Monday
  const observed = (m: number, d: number) => {
    const w = weekday(year, m, d);
    if (w === 6) add(...shift(year, m, d, -1));
    else if (w === 0) add(...shift(year, m, d, 1));
    else add(year, m, d);
  };
  observed(7, 4);
  if (year >= 2022) observed(6, 19);
  // UK bank holiday Mondays: early May (moved in 2020), summer; spring is Memorial Day's date, a
  // US holiday every year (in 2022 the UK moved it to 2 June, listed with the one-off days)
  if (!UK_EARLY_MAY_MOVED.has(year)) add(year, 5, nthWeekday(year, 5, 1, 1));
  add(year, 8, nthWeekday(year, 8, 1, -1));
  for (const s of UK_SPECIAL) if (s.startsWith(`${year}-`)) set.add(s);
  holidayCache.set(year, set);
  return set;
}

/**
 * Whether a calendar date is a business day in both the UK and the US (see the module note for
 * which holidays are known).
 *
 * @param month - 1…12
 * @example
 * isUkUsBusinessDay(2026, 12, 25); // false (Christmas)
 * isUkUsBusinessDay(2026, 12, 24); // true
 * isUkUsBusinessDay(2024, 3, 29);  // false (Good Friday)
 */
export function isUkUsBusinessDay(year: number, month: number, day: number): boolean {
  const w = weekday(year, month, day);
  if (w === 0 || w === 6) return false;
  return !holidays(year).has(iso(year, month, day));
}

/**
 * Last trading day of a CME bitcoin (or ether) futures contract month: the last Friday of the
 * month, or the preceding UK+US business day when that Friday is a holiday in either country.
 *
 * @param month - 1…12
 * @returns "YYYY-MM-DD"
 * @throws RangeError for a month outside 1…12 or a non-integer year
 * @example
 * cmeLastTradingDay(2026, 2);  // "2026-02-27"
 * cmeLastTradingDay(2026, 12); // "2026-12-24" (Friday 25 December is Christmas)
 * cmeLastTradingDay(2024, 3);  // "2024-03-28" (Friday 29 March was Good Friday)
 */
export function cmeLastTradingDay(year: number, month: number): string {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`contract month must be a year and a month 1…12 (got ${year}-${month})`);
  }
  let [y, m, d] = [year, month, nthWeekday(year, month, 5, -1)];
  while (!isUkUsBusinessDay(y, m, d)) [y, m, d] = shift(y, m, d, -1);
  return iso(y, m, d);
}

/**
 * Expiry instant of a CME bitcoin (or ether) futures contract month: 16:00 Europe/London on its
 * last trading day ({@link cmeLastTradingDay}), when the CME CF Bitcoin Reference Rate that settles
 * it is computed.
 *
 * @param month - 1…12
 * @returns ms since epoch
 * @example
 * cmeExpiryInstant(2026, 2);  // Date.UTC(2026, 1, 27, 16, 0) (GMT)
 * cmeExpiryInstant(2026, 6);  // Date.UTC(2026, 5, 26, 15, 0) (BST, UTC+1)
 */
export function cmeExpiryInstant(year: number, month: number): number {
  const [y, m, d] = cmeLastTradingDay(year, month).split("-").map(Number) as [number, number, number];
  return zonedToEpoch(y, m, d, 16, 0, LONDON);
}

/** A CME futures contract code taken apart. */
export interface FuturesCode {
  /** product root, upper case: "BTC", "MBT", "ETH", "MET" */
  root: string;
  /** contract year, four digits */
  year: number;
  /** contract month 1…12 */
  month: number;
  /** the code as written, trimmed and upper case */
  code: string;
}

/**
 * Parse a CME-style futures code: a product root, a month letter (F…Z) and a year of one, two or
 * four digits: `BTCH26`, `MBTG26`, `BTCH6` (Globex style), `BTCH2026`, with or without a separator
 * (`BTC H26`, `BTC-H26`). A one-digit year is the first year ending in that digit on or after
 * `refYear − 1` (so `BTCH6` read in 2026 is March 2026); a two-digit year is 20YY.
 *
 * @param text - the code
 * @param refYear - the observation's year, used for one-digit years (default: 2000s decade rule)
 * @returns the parts, or undefined when the text is not such a code
 * @example
 * parseFuturesCode("BTCH26"); // { root: "BTC", year: 2026, month: 3, code: "BTCH26" }
 * parseFuturesCode("MBTG6", 2026); // { root: "MBT", year: 2026, month: 2, code: "MBTG6" }
 * parseFuturesCode("BTC-PERPETUAL"); // undefined
 */
export function parseFuturesCode(text: string, refYear?: number): FuturesCode | undefined {
  const code = text.trim().toUpperCase();
  const m = /^([A-Z]{1,5})[ _-]?([FGHJKMNQUVXZ])(\d{1,2}|\d{4})$/.exec(code);
  if (!m) return undefined;
  const month = MONTH_CODES[m[2]!]!;
  const digits = m[3]!;
  let year: number;
  if (digits.length === 4) year = Number(digits);
  else if (digits.length === 2) year = 2000 + Number(digits);
  else {
    const base = (refYear ?? 2020) - 1;
    year = base + ((Number(digits) - (base % 10) + 10) % 10);
  }
  return { root: m[1]!, year, month, code };
}
