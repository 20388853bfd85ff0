/**
 * Calendar helpers of the notes module: dates are "YYYY-MM-DD" strings (they sort as text), the
 * observation instant of a date is its 16:00 America/New_York close (DESIGN.md clock for US-listed
 * underlyings), and months are added the way term sheets roll schedules (same day of month, clamped
 * to the month's end).
 *
 * @module
 */
import { expiryInstant, NEW_YORK, zoneOffsetMs } from "../data/time.js";

const DAY_MS = 86400_000;

/** [year, month 1…12, day] of "YYYY-MM-DD" (not validated: callers pass validated dates). */
function parts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The 16:00 America/New_York close of a date, ms since epoch.
 *
 * @example
 * closeInstant("2026-02-05"); // 1770325200000 (21:00 UTC, EST)
 */
export function closeInstant(iso: string): number {
  const [y, m, d] = parts(iso);
  return expiryInstant(y, m, d, "us-pm");
}

/**
 * The New York calendar date of an instant.
 *
 * @example
 * newYorkDate(Date.UTC(2026, 1, 6, 3, 0)); // "2026-02-05" (22:00 the evening before in New York)
 */
export function newYorkDate(epochMs: number): string {
  return fromUtcMs(epochMs + zoneOffsetMs(epochMs, NEW_YORK));
}

/**
 * A date plus n calendar days.
 *
 * @example
 * addDays("2026-02-27", 2); // "2026-03-01"
 */
export function addDays(iso: string, n: number): string {
  return fromUtcMs(Date.parse(iso + "T00:00:00Z") + n * DAY_MS);
}

/**
 * A date plus n months, same day of month, clamped to the month's last day.
 *
 * @example
 * addMonths("2025-10-31", 1); // "2025-11-30"
 * addMonths("2025-11-10", 24); // "2027-11-10"
 */
export function addMonths(iso: string, n: number): string {
  const [y, m, d] = parts(iso);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
}

/**
 * Calendar days from a to b (negative when b is earlier).
 *
 * @example
 * daysBetween("2026-02-04", "2026-02-06"); // 2
 */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / DAY_MS);
}

/**
 * Whether a date is Monday to Friday (exchange holidays are not known here).
 *
 * @example
 * isWeekday("2026-02-07"); // false (a Saturday)
 */
export function isWeekday(iso: string): boolean {
  const wd = new Date(iso + "T00:00:00Z").getUTCDay();
  return wd !== 0 && wd !== 6;
}

/**
 * The first weekday whose 16:00 New York close is after an instant: the next close a daily
 * barrier is observed at (exchange holidays not known).
 *
 * @example
 * nextCloseDate(closeInstant("2026-02-06")); // "2026-02-09" (Friday's close has passed; Monday)
 */
export function nextCloseDate(epochMs: number): string {
  let d = newYorkDate(epochMs);
  while (!isWeekday(d) || closeInstant(d) <= epochMs) d = addDays(d, 1);
  return d;
}
