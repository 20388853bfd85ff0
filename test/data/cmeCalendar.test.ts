import { describe, expect, it } from "vitest";
import {
  cmeExpiryInstant, cmeLastTradingDay, easterSunday, isUkUsBusinessDay, parseFuturesCode,
} from "../../src/data/cmeCalendar.js";

// Rule: CME Micro Bitcoin contract specification (IBKR, https://interactivebrokers.ca/en/trading/cme-micro-bitcoin.php),
// quoted in docs/forced-flows.md §1.1: last Friday of the month, 16:00 London; when that Friday is
// not a business day in both the UK and the US, the preceding day that is.

describe("easterSunday", () => {
  it("matches published Easter dates (Gregorian computus)", () => {
    // published: 2019-04-21, 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2038-04-25
    expect(easterSunday(2019)).toEqual([4, 21]);
    expect(easterSunday(2024)).toEqual([3, 31]);
    expect(easterSunday(2025)).toEqual([4, 20]);
    expect(easterSunday(2026)).toEqual([4, 5]);
    expect(easterSunday(2027)).toEqual([3, 28]);
    expect(easterSunday(2038)).toEqual([4, 25]);
  });
});

describe("cmeLastTradingDay", () => {
  it("is the last Friday of the month on ordinary months (§1.2's CME expiries of 2026)", () => {
    expect(["2026-02-27", "2026-03-27", "2026-04-24", "2026-05-29", "2026-06-26"]).toEqual(
      [2, 3, 4, 5, 6].map((m) => cmeLastTradingDay(2026, m)),
    );
  });
  it("Dec 2026 → Thu 24 Dec (25 Dec is a holiday), as docs/forced-flows.md §1.1 says", () => {
    expect(cmeLastTradingDay(2026, 12)).toBe("2026-12-24");
  });
  it("Good Friday on the last Friday moves it to Thursday (Mar 2024, Mar 2027)", () => {
    expect(cmeLastTradingDay(2024, 3)).toBe("2024-03-28");
    expect(cmeLastTradingDay(2027, 3)).toBe("2027-03-25");
  });
  it("Boxing Day on the last Friday (Dec 2025): Thursday is Christmas, so Wednesday 24th", () => {
    expect(cmeLastTradingDay(2025, 12)).toBe("2025-12-24");
  });
  it("every month 2018–2035: a UK+US business day, in the last week, and no business day between it and the last Friday", () => {
    for (let y = 2018; y <= 2035; y++) {
      for (let m = 1; m <= 12; m++) {
        const d = cmeLastTradingDay(y, m);
        const [yy, mm, dd] = d.split("-").map(Number) as [number, number, number];
        expect(isUkUsBusinessDay(yy, mm, dd)).toBe(true);
        const last = new Date(Date.UTC(y, m, 0));
        const lastFriday = last.getUTCDate() - ((last.getUTCDay() - 5 + 7) % 7);
        expect(dd).toBeLessThanOrEqual(lastFriday);
        for (let k = dd + 1; k <= lastFriday; k++) expect(isUkUsBusinessDay(y, m, k)).toBe(false);
      }
    }
  });
  it("refuses a month outside 1…12", () => {
    expect(() => cmeLastTradingDay(2026, 13)).toThrow(RangeError);
  });
});

describe("isUkUsBusinessDay", () => {
  it("knows the holidays that can touch a last Friday, in both countries", () => {
    expect(isUkUsBusinessDay(2026, 4, 3)).toBe(false); // Good Friday 2026
    expect(isUkUsBusinessDay(2026, 4, 6)).toBe(false); // Easter Monday (UK)
    expect(isUkUsBusinessDay(2026, 5, 25)).toBe(false); // Memorial Day / UK spring bank holiday
    expect(isUkUsBusinessDay(2026, 8, 31)).toBe(false); // UK summer bank holiday
    expect(isUkUsBusinessDay(2026, 11, 26)).toBe(false); // Thanksgiving
    expect(isUkUsBusinessDay(2021, 12, 24)).toBe(false); // US Christmas observed (25th a Saturday)
    expect(isUkUsBusinessDay(2021, 12, 28)).toBe(false); // UK Boxing Day substitute
    expect(isUkUsBusinessDay(2022, 6, 3)).toBe(false); // UK Platinum Jubilee
    expect(isUkUsBusinessDay(2026, 2, 27)).toBe(true);
    expect(isUkUsBusinessDay(2026, 2, 28)).toBe(false); // Saturday
  });
});

describe("cmeExpiryInstant", () => {
  it("is 16:00 London: 16:00 UTC in winter, 15:00 UTC in British Summer Time", () => {
    expect(cmeExpiryInstant(2026, 2)).toBe(Date.UTC(2026, 1, 27, 16, 0));
    expect(cmeExpiryInstant(2026, 3)).toBe(Date.UTC(2026, 2, 27, 16, 0)); // BST starts 29 March 2026
    expect(cmeExpiryInstant(2026, 6)).toBe(Date.UTC(2026, 5, 26, 15, 0));
    expect(cmeExpiryInstant(2026, 12)).toBe(Date.UTC(2026, 11, 24, 16, 0));
  });
});

describe("parseFuturesCode", () => {
  it("reads two-, one- and four-digit years and separators", () => {
    expect(parseFuturesCode("BTCH26")).toEqual({ root: "BTC", year: 2026, month: 3, code: "BTCH26" });
    expect(parseFuturesCode("mbtg26")).toEqual({ root: "MBT", year: 2026, month: 2, code: "MBTG26" });
    expect(parseFuturesCode("BTCH6", 2026)).toMatchObject({ root: "BTC", year: 2026, month: 3 });
    expect(parseFuturesCode("BTCZ5", 2026)).toMatchObject({ year: 2025, month: 12 }); // refYear − 1 is allowed
    expect(parseFuturesCode("BTCH4", 2026)).toMatchObject({ year: 2034 });
    expect(parseFuturesCode("BTCH2026")).toMatchObject({ year: 2026, month: 3 });
    expect(parseFuturesCode("BTC-H26")).toMatchObject({ root: "BTC", month: 3 });
    expect(parseFuturesCode("ETHH26")).toMatchObject({ root: "ETH", month: 3 });
  });
  it("rejects what is not a code", () => {
    for (const s of ["BTC-PERPETUAL", "BTCA26", "H26", "26APR24", ""]) expect(parseFuturesCode(s)).toBeUndefined();
  });
});
