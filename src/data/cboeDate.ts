/**
 * The `Date:` line of a CBOE quote-table export, in every spelling real files have.
 *
 * CBOE's page writes that line with the browser's `toLocaleString`, so the text depends on the
 * language and the zone of whoever downloaded the file:
 *
 * | real line | locale |
 * |---|---|
 * | `"Date: January 7, 2024 at 10:52 AM EST"` | en-US |
 * | `"Date: July 12, 2022, 11:55 AM EDT"`, `Date: February 5 2022, 8:26 PM EST` | en-US, older browsers |
 * | `Date: 22 March 2024, 9:46 PM EDT`, `Date: 15 May 2023, 11:47 AM EDT` | en (day first) |
 * | `Date: 11 September 2024 at 12:37 GMT-4` | en-GB |
 * | `Date: 11 de noviembre de 2024, 8:02 GMT-5` | es |
 * | `Date: 9 декабря 2023 г. в 13:49 GMT-5` | ru (genitive month) |
 *
 * and, from ICU's patterns, `12 de julho de 2024 às 11:55 GMT-4` (pt), `12 juillet 2024 à 11:55
 * UTC−4` (fr, with a minus sign U+2212), `12. Juli 2024 um 11:55 GMT-4` (de), `12 luglio 2024 alle
 * ore 11:55 GMT-4` (it), `2024年7月12日 GMT-4 11:55` (zh), `2024年7月12日 上午11:55` (zh-TW),
 * `2024年7月12日 11:55 GMT-4` (ja), `2024년 7월 12일 AM 11:55` (ko).
 *
 * The reader takes the line apart rather than matching whole patterns: a zone (EST/EDT/ET and the
 * other North American abbreviations, `GMT±h`, `UTC±hh:mm`, `GMT`/`UTC`), a clock time (12- or
 * 24-hour, with AM/PM, a.m./p.m., 上午/下午, 午前/午後, 오전/오후 before or after it), then the
 * date: `年月日`, `yyyy/mm/dd`, `dd.mm.yyyy`, `m/d/yyyy` or `d/m/yyyy` when one part is above 12,
 * or a year, a day and a month name in any of the locales of {@link MONTH_LOCALES} — names,
 * abbreviations and genitive forms generated with `Intl.DateTimeFormat` (built on first need, so an
 * English line costs nothing). Words such as "at", "de", "г.", "в", "um", "alle ore" are ignored.
 *
 * A zone abbreviation names a zone and the offset comes from the date (CBOE prints "EST" all
 * year); a `GMT±h` offset is exact; no zone means New York.
 *
 * @module
 */
import type { Instant } from "./chain.js";
import { fixedOffsetZone, NEW_YORK, zonedToEpoch, zoneFromAbbreviation, zoneOffsetMs } from "./time.js";

/**
 * Locales whose month names are recognized (besides the numeric CJK forms `7月`, `7월`).
 *
 * @example
 * MONTH_LOCALES.includes("ru"); // true
 */
export const MONTH_LOCALES = ["en", "es", "pt", "fr", "de", "it", "ru", "nl", "pl", "tr", "sv", "da", "nb", "cs", "uk"] as const;

const ENGLISH: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};

let tables: Map<string, number> | undefined;

/** Lower case, without a final dot. */
function key(word: string): string {
  return word.toLowerCase().replace(/\.$/, "");
}

/** The same word without diacritics ("février" → "fevrier"). */
function plain(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "");
}

/**
 * Month names of {@link MONTH_LOCALES} → month number (1–12): long and short, stand-alone and
 * genitive (the form inside a date: ru "декабря", pl "grudnia"), with and without diacritics.
 * A spelling two locales give different months is dropped (none does today).
 */
function monthTables(): Map<string, number> {
  if (tables) return tables;
  const t = new Map<string, number>();
  const clash = new Set<string>();
  const add = (word: string, month: number) => {
    for (const w of [key(word), key(plain(word))]) {
      if (w === "" || /\d/.test(w)) continue;
      const had = t.get(w);
      if (had !== undefined && had !== month) clash.add(w);
      t.set(w, month);
    }
  };
  for (const loc of MONTH_LOCALES) {
    const fmts = [
      new Intl.DateTimeFormat(loc, { month: "long", timeZone: "UTC" }),
      new Intl.DateTimeFormat(loc, { month: "short", timeZone: "UTC" }),
    ];
    const inDate = [
      new Intl.DateTimeFormat(loc, { day: "numeric", month: "long", timeZone: "UTC" }),
      new Intl.DateTimeFormat(loc, { day: "numeric", month: "short", timeZone: "UTC" }),
    ];
    for (let m = 0; m < 12; m++) {
      const d = new Date(Date.UTC(2024, m, 15));
      for (const f of fmts) add(f.format(d), m + 1);
      for (const f of inDate) for (const p of f.formatToParts(d)) if (p.type === "month") add(p.value, m + 1);
    }
  }
  for (const w of clash) t.delete(w);
  for (const [w, m] of Object.entries(ENGLISH)) t.set(w, m);
  tables = t;
  return t;
}

/** A `Date:` line read: the instant and whether the line gave a clock time. */
export interface CboeDate extends Instant {
  /** false when the line has a date only: the instant is then that day's 16:00 New York (the close) */
  timeGiven: boolean;
}

/** Day-period words before or after a 12-hour clock: the morning ones (12 → 0) … */
const AM = /^(?:am|a\.\s?m\.?|上午|午前|오전|凌晨|早上|清晨|午夜|半夜)$/;
/** … and the afternoon and evening ones (h → h + 12, 12 stays 12). */
const PM = /^(?:pm|p\.\s?m\.?|下午|午後|오후|中午|晚上|傍晚|夜晚)$/;
const MARKER = String.raw`(?:a\.?\s?m\.?|p\.?\s?m\.?|上午|下午|午前|午後|오전|오후|凌晨|早上|清晨|午夜|半夜|中午|晚上|傍晚|夜晚)`;

/**
 * Read the text of a CBOE `Date:` line in any of the spellings of the module notes.
 *
 * @param text - the line's date text, with or without the `Date:` prefix and quotes
 * @returns the instant (and whether a clock time was given: without one it is 16:00 New York on
 *   that day), or undefined when the text is not a readable date, names an unknown zone or an
 *   impossible date or time
 * @example
 * readCboeDate("Date: 9 декабря 2023 г. в 13:49 GMT-5");
 * // { epochMs: 1702147740000 (2023-12-09T18:49Z), zone: "America/New_York", timeGiven: true }
 * readCboeDate("Date: 11 de noviembre de 2024, 8:02 GMT-5")?.epochMs; // 1731330120000 (13:02Z)
 * readCboeDate("Date: January 7, 2024"); // { epochMs: 1704661200000 (16:00 New York), zone: "America/New_York", timeGiven: false }
 */
export function readCboeDate(text: string): CboeDate | undefined {
  let s = text.replace(/[\u00a0\u202f\u2009]/g, " ").replace(/[\u2212\u2013]/g, "-").trim();
  s = s.replace(/^"+|"+$/g, "").replace(/^\s*date\s*:\s*/i, "").trim();
  let low = s.toLowerCase();

  // ---- zone: an offset, a long name, or an abbreviation (in brackets or at the end) ----
  let offsetMin: number | undefined;
  let zone: string | undefined;
  let m: RegExpExecArray | null = /\[?\b(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\]?(?!\d)/.exec(low);
  if (m) {
    const h = Number(m[2]), mm = m[3] === undefined ? 0 : Number(m[3]);
    if (h > 14 || mm > 59) return undefined;
    offsetMin = (m[1] === "-" ? -1 : 1) * (h * 60 + mm);
  } else if ((m = /\b(eastern|central|mountain|pacific)(?: (?:standard|daylight))? time\b/.exec(low))) {
    zone = zoneFromAbbreviation({ eastern: "ET", central: "CT", mountain: "MT", pacific: "PT" }[m[1] as "eastern"]);
  } else if ((m = /\[([A-Za-z]{2,5})\]|\b([A-Z]{2,5})\s*$|\b(gmt|utc)\b/i.exec(s)) && !/^(?:am|pm)$/i.test(m[1] ?? m[2] ?? m[3]!)) {
    if (m[2] !== undefined && m[2] !== m[2].toUpperCase()) m = null; // a word at the end, not an abbreviation
    else {
      zone = zoneFromAbbreviation(m[1] ?? m[2] ?? m[3]!);
      if (zone === undefined) return undefined; // a zone we do not know: no guess
    }
  } else {
    m = null;
  }
  if (m) low = (low.slice(0, m.index) + " " + low.slice(m.index + m[0].length)).trim();

  // ---- clock time ----
  let hour = 16;
  let minute = 0;
  let second = 0;
  let timeGiven = false;
  const tm = new RegExp(String.raw`(${MARKER}\s*)?(\d{1,2})(?::(\d{2})(?::(\d{2}))?|시\s*(\d{1,2})분(?:\s*(\d{1,2})초)?)(\s*${MARKER}(?![\p{L}]))?`, "u").exec(low);
  if (tm) {
    // a word glued to the clock that is not a day period we know (another language's): no guess
    if (tm[1] === undefined && tm.index > 0 && /\p{L}/u.test(low[tm.index - 1]!)) return undefined;
    hour = Number(tm[2]);
    minute = Number(tm[3] ?? tm[5]);
    second = Number(tm[4] ?? tm[6] ?? 0);
    const marker = (tm[1] ?? tm[7] ?? "").trim();
    if (marker !== "") {
      if (hour < 1 || hour > 12) return undefined;
      if (AM.test(marker)) hour %= 12;
      else if (PM.test(marker)) hour = (hour % 12) + 12;
      else return undefined;
    } else if (hour === 24) {
      hour = 0; // ICU's h24 cycle writes midnight as 24:mm on the same date
    }
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    timeGiven = true;
    low = (low.slice(0, tm.index) + " " + low.slice(tm.index + tm[0].length)).trim();
  }

  // ---- date ----
  const date = readDate(low);
  if (!date) return undefined;
  const [year, month, day] = date;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate())) return undefined;
  if (!timeGiven) return { epochMs: zonedToEpoch(year, month, day, 16, 0, NEW_YORK), zone: NEW_YORK, timeGiven };
  if (offsetMin !== undefined) {
    const offMs = offsetMin * 60_000;
    const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) - offMs;
    const z = zoneOffsetMs(epochMs, NEW_YORK) === offMs ? NEW_YORK : fixedOffsetZone(offMs);
    return { epochMs, zone: z, timeGiven };
  }
  const z = zone ?? NEW_YORK;
  return { epochMs: zonedToEpoch(year, month, day, hour, minute, z, second), zone: z, timeGiven };
}

/** [year, month, day] from the date part of the line (zone and time removed), or undefined. */
function readDate(low: string): [number, number, number] | undefined {
  let m = /(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?/.exec(low);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /(?:^|[^\d])(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)/.exec(low);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /(?:^|[^\d])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/.exec(low);
  if (m) return [Number(m[3]), Number(m[2]), Number(m[1])];
  m = /(?:^|[^\d])(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/.exec(low);
  if (m) {
    const a = Number(m[1]), b = Number(m[2]);
    // month first or day first: only a part above 12 tells which
    if (a > 12 && b <= 12) return [Number(m[3]), b, a];
    if (b > 12 && a <= 12) return [Number(m[3]), a, b];
    return undefined;
  }
  // a year, a day and a month name, in any order, among other words
  const tokens = low.split(/[^\p{L}\d]+/u).filter((w) => w !== "");
  let year: number | undefined;
  let day: number | undefined;
  let month: number | undefined;
  const words: string[] = [];
  for (const w of tokens) {
    const ord = /^(\d{1,2})(?:st|nd|rd|th|er|º|ª)?$/.exec(w);
    if (/^\d{4}$/.test(w)) {
      if (year !== undefined) return undefined;
      year = Number(w);
    } else if (ord) {
      if (day !== undefined) return undefined;
      day = Number(ord[1]);
    } else if (/^\d+$/.test(w)) {
      return undefined;
    } else {
      const mo = ENGLISH[key(w)];
      if (mo === undefined) words.push(w);
      else {
        if (month !== undefined && month !== mo) return undefined;
        month = mo;
      }
    }
  }
  // the other locales' tables only when no English month was found: building them costs ~25 ms
  // (60 Intl.DateTimeFormat instances), and an English line's other words ("Date", "at") are no months
  if (month === undefined) {
    for (const w of words) {
      const mo = monthTables().get(key(w));
      if (mo === undefined) continue;
      if (month !== undefined && month !== mo) return undefined;
      month = mo;
    }
  }
  return year !== undefined && day !== undefined && month !== undefined ? [year, month, day] : undefined;
}

/**
 * Parse the text of a CBOE export's `Date:` field ({@link readCboeDate}, which also says whether a
 * clock time was given).
 *
 * @returns the instant, or undefined when the text is not such a date or names an unknown zone
 * @example
 * parseCboeDate("Date: January 7, 2024 at 10:52 AM EST");
 * // { epochMs: 1704642720000, zone: "America/New_York" }  (2024-01-07T10:52:00-05:00)
 * parseCboeDate("July 12, 2022, 11:55 AM EDT")?.epochMs; // 1657641300000 (15:55 UTC)
 */
export function parseCboeDate(text: string): Instant | undefined {
  const d = readCboeDate(text);
  return d === undefined ? undefined : { epochMs: d.epochMs, zone: d.zone };
}
