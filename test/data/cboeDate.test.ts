import { describe, expect, it, vi } from "vitest";
import { parseCboeDate, readCboeDate } from "../../src/data/cboeDate.js";
import { countingDateTimeFormats } from "./helpers.js";

const NY = "America/New_York";

describe("readCboeDate: the real Date: lines of issue 9, instants computed by hand", () => {
  // each: the line as found in a real export, and the instant in UTC worked out by hand
  const cases: [string, number, string][] = [
    // Moscow-locale download, zone printed as an offset: 13:49 at UTC−5 = 18:49 UTC
    ["Date: 9 декабря 2023 г. в 13:49 GMT-5", Date.UTC(2023, 11, 9, 18, 49), NY],
    // Spanish: 8:02 at UTC−5 = 13:02 UTC
    ["Date: 11 de noviembre de 2024, 8:02 GMT-5", Date.UTC(2024, 10, 11, 13, 2), NY],
    // en-GB, 24-hour clock: 12:37 at UTC−4 = 16:37 UTC
    ["Date: 11 September 2024 at 12:37 GMT-4", Date.UTC(2024, 8, 11, 16, 37), NY],
    // day first with a comma and a 12-hour clock: 9:46 PM EDT = 21:46−04:00 = 01:46 UTC next day
    ["Date: 22 March 2024, 9:46 PM EDT", Date.UTC(2024, 2, 23, 1, 46), NY],
    // month first, quoted, two commas: 11:55 AM EDT = 15:55 UTC
    ['"Date: July 12, 2022, 11:55 AM EDT"', Date.UTC(2022, 6, 12, 15, 55), NY],
    ["Date: 15 May 2023, 11:47 AM EDT", Date.UTC(2023, 4, 15, 15, 47), NY],
    ["Date: January 7, 2024 at 10:52 AM EST", Date.UTC(2024, 0, 7, 15, 52), NY],
    ["Date: February 5 2022, 8:26 PM EST", Date.UTC(2022, 1, 6, 1, 26), NY],
  ];
  for (const [text, epochMs, zone] of cases) {
    it(text, () => {
      expect(readCboeDate(text)).toEqual({ epochMs, zone, timeGiven: true });
    });
  }

  it("an offset that is not New York's at that instant keeps a fixed-offset zone (the instant is exact)", () => {
    // UTC+9 (Tokyo): 00:52 on 8 Jan = 15:52 UTC on 7 Jan
    expect(readCboeDate("Date: 8 January 2024 at 00:52 GMT+9")).toEqual({ epochMs: Date.UTC(2024, 0, 7, 15, 52), zone: "Etc/GMT-9", timeGiven: true });
    // UTC+05:30 with the minus-sign spelling family: UTC−4 written with U+2212
    expect(readCboeDate("Date: 12 juillet 2024 à 11:55 UTC\u22124")?.epochMs).toBe(Date.UTC(2024, 6, 12, 15, 55));
    expect(readCboeDate("Date: 7 January 2024 at 21:22 GMT+5:30")?.epochMs).toBe(Date.UTC(2024, 0, 7, 15, 52));
  });
});

describe("readCboeDate: variants written by Intl.DateTimeFormat (ICU), read back to the same instant", () => {
  // The texts are produced by the runtime's ICU, independently of the reader; every one must read
  // back to the instant it was made from, except numeric day/month dates where both parts are ≤ 12
  // (d/m or m/d cannot be told) and the ambiguous "IST", which must be refused rather than guessed.
  const locales = ["en-US", "en-GB", "en-IN", "en-AU", "es-ES", "es-MX", "pt-BR", "pt-PT", "fr-FR", "de-DE", "it-IT", "ru-RU", "zh-CN", "zh-TW", "ja-JP", "ko-KR", "nl-NL", "pl-PL"];
  const zones = ["America/New_York", "America/Chicago", "Europe/Berlin", "Asia/Tokyo", "Asia/Kolkata", "UTC"];
  const styles: Intl.DateTimeFormatOptions[] = [
    { dateStyle: "long", timeStyle: "short" }, { dateStyle: "long", timeStyle: "long" }, { dateStyle: "medium", timeStyle: "short" },
    { dateStyle: "full", timeStyle: "short" },
    { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" },
    { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", hour12: false, timeZoneName: "short" },
  ];
  // winter and summer, morning, evening, just after midnight (12:03 AM), noon
  const instants = [Date.UTC(2024, 0, 7, 15, 52), Date.UTC(2022, 6, 12, 15, 55), Date.UTC(2023, 11, 9, 5, 3), Date.UTC(2024, 2, 23, 1, 46), Date.UTC(2024, 5, 30, 16, 0)];

  it("every locale, zone and style", () => {
    const wrong: string[] = [];
    let read = 0, refused = 0;
    for (const loc of locales) for (const timeZone of zones) for (const o of styles) for (const t of instants) {
      const text = "Date: " + new Intl.DateTimeFormat(loc, { ...o, timeZone }).format(new Date(t));
      const zoneShown = "timeZoneName" in o || o.timeStyle === "long";
      if (!zoneShown && timeZone !== NY) continue; // no zone in the text: New York is assumed, by rule
      const r = readCboeDate(text);
      const dm = /(?:^|\D)(\d{1,2})\/(\d{1,2})\/\d{4}/.exec(text);
      // "IST" is India's, Ireland's or Israel's standard time: refused too
      if ((dm && Number(dm[1]) <= 12 && Number(dm[2]) <= 12) || / IST$/.test(text)) {
        if (r !== undefined) wrong.push(`${loc} ${timeZone}: ${text} should be refused (d/m or m/d? which IST?)`);
        else refused++;
        continue;
      }
      if (r?.epochMs !== t) wrong.push(`${loc} ${timeZone}: ${text} → ${r ? new Date(r.epochMs).toISOString() : "unread"}, want ${new Date(t).toISOString()}`);
      else read++;
    }
    expect(wrong).toEqual([]);
    expect(read).toBeGreaterThan(1500);
    expect(refused).toBeGreaterThan(0);
  });
});

describe("readCboeDate: no clock time, and what it must refuse", () => {
  it("a date with no time of day is 16:00 New York that day, flagged timeGiven: false", () => {
    expect(readCboeDate("Date: January 7, 2024")).toEqual({ epochMs: Date.UTC(2024, 0, 7, 21, 0), zone: NY, timeGiven: false });
    expect(readCboeDate("Date: 12 de julio de 2022")).toEqual({ epochMs: Date.UTC(2022, 6, 12, 20, 0), zone: NY, timeGiven: false });
  });

  it("month-first and day-first numeric dates only when a part above 12 tells which", () => {
    expect(readCboeDate("Date: 13/04/2024, 10:00 GMT-4")?.epochMs).toBe(Date.UTC(2024, 3, 13, 14, 0));
    expect(readCboeDate("Date: 4/13/2024, 10:00 AM EDT")?.epochMs).toBe(Date.UTC(2024, 3, 13, 14, 0));
    expect(readCboeDate("Date: 03/04/2024, 10:00")).toBeUndefined();
  });

  it("refuses non-dates, impossible dates and times, unknown zones and unknown day periods", () => {
    for (const t of ["Date: soon", "January 7, 2024 at 13:52 PM EST", "Foo 7, 2024 at 10:52 AM EST", "January 7, 2024 at 10:52 AM XYZ",
      "Date: 31 February 2024 at 10:00", "Date: 7 January 2024 at 10:61", "Date: 7 January 2024 at 10:52 IST", "Date: 2024年1月7日 黄昏10:52"]) {
      expect(readCboeDate(t), t).toBeUndefined();
    }
  });

  it("parseCboeDate is readCboeDate without the flag", () => {
    expect(parseCboeDate("Date: January 7, 2024 at 10:52 AM EST")).toEqual({ epochMs: Date.UTC(2024, 0, 7, 15, 52), zone: NY });
    expect(parseCboeDate("Date: soon")).toBeUndefined();
  });
});

describe("readCboeDate: the other locales' month tables only when the line needs them", () => {
  it("an English line builds no Intl.DateTimeFormat (the tables cost ~25 ms per CBOE load); a Russian one does (a fresh module)", async () => {
    vi.resetModules();
    await countingDateTimeFormats(async (built) => {
      const { readCboeDate: fresh } = await import("../../src/data/cboeDate.js");
      // the SPX export's line: "Date" and "at" are words that are no English month
      expect(fresh("Date: January 7, 2024 at 10:52 AM EST")?.epochMs).toBe(Date.UTC(2024, 0, 7, 15, 52));
      expect(fresh("Date: 22 March 2024, 9:46 PM EDT")?.epochMs).toBe(Date.UTC(2024, 2, 23, 1, 46));
      expect(built()).toBe(0);
      // the control: a month name English does not have needs the tables
      expect(fresh("Date: 9 декабря 2023 г. в 13:49 GMT-5")?.epochMs).toBe(Date.UTC(2023, 11, 9, 18, 49));
      expect(built()).toBeGreaterThan(0);
    });
  });
});
