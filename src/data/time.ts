/**
 * Calendar conventions: time zones, venue expiry clocks and time to expiry (DESIGN.md).
 *
 * Zone offsets come from the runtime's ICU data through `Intl.DateTimeFormat`, so daylight saving
 * rules are the IANA ones; no time-zone library is needed. New York in 2007–2099, the zone of every
 * US listing, is computed from the US rule directly (same offsets; no Intl start-up cost).
 *
 * @module
 */
import type { Instant } from "./chain.js";

/** Seconds in the year of the time-to-expiry convention (365 × 86400). */
export const YEAR_SECONDS = 365 * 86400;
/** Milliseconds in that year. */
export const YEAR_MS = YEAR_SECONDS * 1000;

/** US equity, ETF and PM-settled index options expire at 16:00 New York time. */
export const NEW_YORK = "America/New_York";

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/**
 * Is `zone` a time zone the runtime knows? UTC and New York are answered without Intl (building
 * the first `Intl.DateTimeFormat` of a process costs ~12 ms, more than parsing many chain files).
 *
 * @example
 * isValidZone("America/New_York"); // true
 * isValidZone("Mars/Olympus");     // false
 */
export function isValidZone(zone: string): boolean {
  if (zone === "UTC" || zone === NEW_YORK) return true;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offset of `zone` from UTC at an instant, in milliseconds (local = UTC + offset).
 *
 * @param epochMs - the instant, ms since epoch
 * @param zone - IANA zone name
 * @throws RangeError for an unknown zone
 * @example
 * zoneOffsetMs(Date.UTC(2024, 0, 7, 15, 52), "America/New_York"); // -18000000 (EST, −5 h)
 */
export function zoneOffsetMs(epochMs: number, zone: string): number {
  if (zone === "UTC") return 0;
  if (zone === NEW_YORK) {
    const ny = newYorkOffsetMs(epochMs);
    if (ny !== undefined) return ny;
  }
  const parts = formatter(zone).formatToParts(new Date(epochMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** Years for which {@link newYorkOffsetMs} applies the US rule; other years go through Intl. */
const US_RULE_YEARS: readonly [number, number] = [2007, 2099];
const HOUR_MS = 3600_000;
/** [DST start, DST end) in ms since epoch, per year. */
const usDstCache = new Map<number, readonly [number, number]>();

/**
 * New York's offset from the US daylight-saving rule in force since 2007 (Energy Policy Act of
 * 2005; the IANA database's `US 2007 max` rules): EDT (−4 h) from the second Sunday of March at
 * 02:00 EST (07:00 UTC) to the first Sunday of November at 02:00 EDT (06:00 UTC), EST (−5 h)
 * otherwise. The same offsets Intl reports from ICU's tz data for those years (a test compares
 * every transition and every day of 2007–2099), without constructing an `Intl.DateTimeFormat`,
 * which costs ~12 ms on the first use in a process: a large share of a quick CLI query.
 *
 * @returns the offset in ms, or undefined outside 2007–2099 (and for NaN): ask Intl
 */
function newYorkOffsetMs(epochMs: number): number | undefined {
  const year = new Date(epochMs).getUTCFullYear();
  if (!(year >= US_RULE_YEARS[0] && year <= US_RULE_YEARS[1])) return undefined;
  let dst = usDstCache.get(year);
  if (dst === undefined) {
    const firstSunday = (month: number) => 1 + ((7 - new Date(Date.UTC(year, month, 1)).getUTCDay()) % 7);
    dst = [Date.UTC(year, 2, firstSunday(2) + 7, 7), Date.UTC(year, 10, firstSunday(10), 6)];
    usDstCache.set(year, dst);
  }
  return epochMs >= dst[0] && epochMs < dst[1] ? -4 * HOUR_MS : -5 * HOUR_MS;
}

/**
 * The instant at which a wall-clock time in `zone` occurs. In a spring-forward gap the later
 * offset is used; in a fall-back overlap, the earlier instant.
 *
 * @param month - 1…12
 * @example
 * zonedToEpoch(2024, 1, 8, 16, 0, "America/New_York"); // Date.UTC(2024, 0, 8, 21, 0) = 1704747600000
 */
export function zonedToEpoch(year: number, month: number, day: number, hour: number, minute: number, zone: string, second = 0): number {
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  // the offsets in force a day either side cover any transition near this wall time
  const before = zoneOffsetMs(local - 86400_000, zone);
  const after = zoneOffsetMs(local + 86400_000, zone);
  const a = local - before;
  const b = local - after;
  const aValid = zoneOffsetMs(a, zone) === before;
  const bValid = zoneOffsetMs(b, zone) === after;
  if (aValid && bValid) return Math.min(a, b); // overlap (or no transition): the earlier instant
  if (aValid) return a;
  if (bValid) return b;
  return Math.max(a, b); // gap: the wall time does not exist; move forward by the jump
}

/**
 * ISO 8601 text of an instant in its zone, with the numeric offset, to the second
 * (milliseconds are printed only when non-zero).
 *
 * @example
 * formatInstant({ epochMs: 1704642720000, zone: "America/New_York" }); // "2024-01-07T10:52:00-05:00"
 * formatInstant({ epochMs: 1710223032940, zone: "UTC" });              // "2024-03-12T05:57:12.940Z"
 */
export function formatInstant(t: Instant): string {
  const off = zoneOffsetMs(t.epochMs, t.zone);
  const local = new Date(t.epochMs + off).toISOString(); // "YYYY-MM-DDTHH:MM:SS.mmmZ" in local wall time
  const body = local.endsWith(".000Z") ? local.slice(0, 19) : local.slice(0, 23);
  if (off === 0 && t.zone === "UTC") return body + "Z";
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off) / 60000;
  return `${body}${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/**
 * Time to expiry in years: (expiry − asOf) seconds / (365 × 86400). Negative or zero means expired.
 *
 * @example
 * yearsBetween(0, 365 * 86400 * 1000); // 1
 */
export function yearsBetween(asOfMs: number, expiryMs: number): number {
  return (expiryMs - asOfMs) / YEAR_MS;
}

/** Venue settlement clocks (DESIGN.md). */
export type ExpiryClock = "deribit" | "us-pm" | "us-am";

/**
 * Expiry instant of a contract from its expiry date and its venue's clock: Deribit 08:00 UTC; US
 * equity, ETF and PM index options 16:00 New York; AM-settled index roots (SPX, NDX, RUT
 * monthlies) 09:30 New York.
 *
 * @param month - 1…12
 * @example
 * expiryInstant(2024, 3, 26, "deribit"); // Date.UTC(2024, 2, 26, 8, 0)
 * expiryInstant(2024, 1, 19, "us-am");   // Date.UTC(2024, 0, 19, 14, 30)
 */
export function expiryInstant(year: number, month: number, day: number, clock: ExpiryClock): number {
  switch (clock) {
    case "deribit":
      return Date.UTC(year, month - 1, day, 8, 0, 0);
    case "us-pm":
      return zonedToEpoch(year, month, day, 16, 0, NEW_YORK);
    case "us-am":
      return zonedToEpoch(year, month, day, 9, 30, NEW_YORK);
  }
}

/** Zone abbreviations seen in vendor exports and browser-written dates, mapped to IANA zones. */
const ABBREVIATIONS: Record<string, string> = {
  EST: NEW_YORK, EDT: NEW_YORK, ET: NEW_YORK,
  CST: "America/Chicago", CDT: "America/Chicago", CT: "America/Chicago",
  MST: "America/Denver", MDT: "America/Denver", MT: "America/Denver",
  PST: "America/Los_Angeles", PDT: "America/Los_Angeles", PT: "America/Los_Angeles",
  UTC: "UTC", GMT: "UTC", Z: "UTC",
  // what browsers print elsewhere (IST, ambiguous between India, Ireland and Israel, is left out)
  BST: "Europe/London", WET: "Europe/Lisbon", WEST: "Europe/Lisbon", CET: "Europe/Paris", CEST: "Europe/Paris",
  MEZ: "Europe/Berlin", MESZ: "Europe/Berlin", EET: "Europe/Athens", EEST: "Europe/Athens", MSK: "Europe/Moscow", JST: "Asia/Tokyo", KST: "Asia/Seoul",
  HKT: "Asia/Hong_Kong", SGT: "Asia/Singapore", AEST: "Australia/Sydney", AEDT: "Australia/Sydney",
};

/**
 * IANA zone for a zone abbreviation of the table above (EST, EDT, ET, CST, GMT, CET, JST, …), or
 * undefined: unlike {@link zoneFromName}, no other name is accepted (ICU also knows legacy IDs
 * such as "IST", which is ambiguous in a date line).
 *
 * @example
 * zoneFromAbbreviation("edt"); // "America/New_York"
 * zoneFromAbbreviation("IST"); // undefined
 */
export function zoneFromAbbreviation(name: string): string | undefined {
  return ABBREVIATIONS[name.trim().toUpperCase()];
}

/**
 * IANA zone for an abbreviation or name ("EST", "EDT", "UTC", "Europe/London"); undefined if unknown.
 * EST/EDT both map to New York: vendors print "EST" all year, so the offset comes from the date.
 *
 * @example
 * zoneFromName("EDT"); // "America/New_York"
 */
export function zoneFromName(name: string): string | undefined {
  const up = name.trim().toUpperCase();
  if (ABBREVIATIONS[up]) return ABBREVIATIONS[up];
  return isValidZone(name.trim()) ? name.trim() : undefined;
}

/**
 * Parse an instant from ISO 8601 text ("2024-03-12T05:57:12Z", "2026-07-14T20:10:04-04:00",
 * "2024-01-07 10:52"), a date alone ("2024-01-07", taken at `defaultTime` in `defaultZone`), or
 * epoch milliseconds. A text without an offset is wall time in `defaultZone`.
 *
 * @param defaultTime - "HH:MM" for a date alone; default "16:00"
 * @param defaultZone - zone for texts without an offset; default New York
 * @returns the instant, or undefined when the text is not a time
 * @example
 * parseInstant("2026-07-14T20:10:04-04:00")?.epochMs; // 1784074204000
 * parseInstant("2024-01-08")?.epochMs;                 // 16:00 New York = 1704747600000
 */
export function parseInstant(text: string, defaultTime = "16:00", defaultZone = NEW_YORK): Instant | undefined {
  const s = text.trim();
  if (/^\d{12,14}$/.test(s)) return { epochMs: Number(s), zone: "UTC" };
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, hh, mi, ss, frac, off] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  // Date.UTC rolls 2024-02-30 over to 1 March: check the day against the month's length
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  let hour: number, minute: number;
  if (hh === undefined) {
    const t = /^(\d{1,2}):(\d{2})$/.exec(defaultTime);
    if (!t) return undefined;
    hour = Number(t[1]);
    minute = Number(t[2]);
  } else {
    hour = Number(hh);
    minute = Number(mi);
  }
  if (hour > 23 || minute > 59) return undefined;
  const sec = ss === undefined ? 0 : Number(ss);
  const ms = frac === undefined ? 0 : Math.round(Number("0." + frac) * 1000);
  if (off !== undefined) {
    const base = Date.UTC(year, month - 1, day, hour, minute, sec) + ms;
    if (off.toUpperCase() === "Z") return { epochMs: base, zone: "UTC" };
    const om = /^([+-])(\d{2}):?(\d{2})$/.exec(off)!;
    const offMs = (om[1] === "-" ? -1 : 1) * (Number(om[2]) * 60 + Number(om[3])) * 60000;
    // keep a named zone when the offset is New York's at that instant, else a fixed-offset zone
    const epochMs = base - offMs;
    const zone = zoneOffsetMs(epochMs, NEW_YORK) === offMs ? NEW_YORK : fixedOffsetZone(offMs);
    return { epochMs, zone };
  }
  return { epochMs: zonedToEpoch(year, month, day, hour, minute, defaultZone, sec) + ms, zone: defaultZone };
}

/**
 * An IANA "Etc/GMT±h" zone for a whole-hour offset from UTC, else UTC (an instant stated with the
 * offset is still exact; only its printing falls back to UTC).
 *
 * @param offMs - local time minus UTC, ms
 * @example
 * fixedOffsetZone(-5 * 3600_000); // "Etc/GMT+5" (IANA's inverted sign: UTC−5)
 * fixedOffsetZone(0);             // "UTC"
 */
export function fixedOffsetZone(offMs: number): string {
  if (offMs === 0) return "UTC";
  const h = offMs / 3600_000;
  // Etc/GMT zones have inverted signs: Etc/GMT+5 is UTC−5
  return Number.isInteger(h) && Math.abs(h) <= 14 ? `Etc/GMT${h > 0 ? "-" : "+"}${Math.abs(h)}` : "UTC";
}
