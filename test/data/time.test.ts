import { describe, expect, it, vi } from "vitest";
import { expiryInstant, formatInstant, NEW_YORK, zonedToEpoch, zoneOffsetMs } from "../../src/data/time.js";

// The reference: New York's offset as ICU reports it through Intl (what zoneOffsetMs computed for
// every zone before New York got its rule-based fast path).
const fmt = new Intl.DateTimeFormat("en-US", {
  timeZone: NEW_YORK, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit",
});
function icuOffset(epochMs: number): number {
  const p = Object.fromEntries(fmt.formatToParts(new Date(epochMs)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(epochMs / 1000) * 1000;
}

describe("zoneOffsetMs for New York equals ICU's offsets", () => {
  it("at every transition of 2007–2099 (±1 ms, ±1 s, ±1 h) and at noon and midnight UTC of every day", () => {
    let checked = 0;
    for (let year = 2006; year <= 2100; year++) {
      // the transitions as ICU has them: scan each day of March and November for an offset change
      for (const month of [2, 10]) {
        for (let day = 1; day <= 14; day++) {
          for (const base of [Date.UTC(year, month, day, 6), Date.UTC(year, month, day, 7)]) {
            for (const d of [-3600_000, -1000, -1, 0, 1, 1000, 3600_000]) {
              expect(zoneOffsetMs(base + d, NEW_YORK), new Date(base + d).toISOString()).toBe(icuOffset(base + d));
              checked++;
            }
          }
        }
      }
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 43_200_000) {
        expect(zoneOffsetMs(t, NEW_YORK)).toBe(icuOffset(t));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100_000);
  });

  it("before 2007 (the 1987–2006 rule) and after 2099 it asks ICU, as for any other zone", () => {
    expect(zoneOffsetMs(Date.UTC(2006, 3, 1, 12), NEW_YORK)).toBe(-5 * 3600_000); // 1 Apr 2006: still EST
    expect(zoneOffsetMs(Date.UTC(2006, 3, 3, 12), NEW_YORK)).toBe(-4 * 3600_000); // first Sunday of April: EDT
    expect(zoneOffsetMs(Date.UTC(1990, 9, 27, 12), NEW_YORK)).toBe(icuOffset(Date.UTC(1990, 9, 27, 12)));
    expect(zoneOffsetMs(Date.UTC(2150, 6, 1), NEW_YORK)).toBe(icuOffset(Date.UTC(2150, 6, 1)));
    expect(() => zoneOffsetMs(NaN, NEW_YORK)).toThrow(RangeError);
  });

  it("wall times in the spring-forward gap and the fall-back overlap resolve as before", () => {
    // 10 Mar 2024 02:30 does not exist: moved forward by the jump, to 03:30 EDT = 07:30 UTC
    expect(zonedToEpoch(2024, 3, 10, 2, 30, NEW_YORK)).toBe(Date.UTC(2024, 2, 10, 7, 30));
    // 3 Nov 2024 01:30 happens twice: the earlier, EDT, 05:30 UTC
    expect(zonedToEpoch(2024, 11, 3, 1, 30, NEW_YORK)).toBe(Date.UTC(2024, 10, 3, 5, 30));
    expect(expiryInstant(2024, 7, 19, "us-pm")).toBe(Date.UTC(2024, 6, 19, 20, 0));
    expect(formatInstant({ epochMs: Date.UTC(2024, 2, 10, 7), zone: NEW_YORK })).toBe("2024-03-10T03:00:00-04:00");
    expect(formatInstant({ epochMs: Date.UTC(2024, 2, 10, 7) - 1000, zone: NEW_YORK })).toBe("2024-03-10T01:59:59-05:00");
  });
});

describe("isValidZone without Intl for UTC and New York", () => {
  it("answers as Intl does, and builds no Intl.DateTimeFormat for those two (a fresh module)", async () => {
    for (const zone of ["UTC", NEW_YORK]) expect(() => new Intl.DateTimeFormat("en-US", { timeZone: zone })).not.toThrow();
    vi.resetModules();
    const spy = vi.spyOn(Intl, "DateTimeFormat");
    try {
      const time = await import("../../src/data/time.js");
      expect(time.isValidZone("UTC")).toBe(true);
      expect(time.isValidZone(NEW_YORK)).toBe(true);
      expect(time.zoneFromName(NEW_YORK)).toBe(NEW_YORK);
      expect(spy).not.toHaveBeenCalled();
      // the control: any other zone goes through Intl
      expect(time.isValidZone("Europe/London")).toBe(true);
      expect(time.isValidZone("Mars/Olympus")).toBe(false);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
