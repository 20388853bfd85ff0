import { describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { formatInstant } from "../../src/data/time.js";
import { monthlyDate, monthlyRuleOf, nextMonthlyExpiry } from "../../src/exposure/monthly.js";
import { dateInZone, selectContracts } from "../../src/exposure/select.js";
import { realPath } from "../data/helpers.js";
import { makeChain } from "./helpers.js";

describe("monthlyDate: the third Friday and the last Friday of a month", () => {
  // OCC's published expiration calendars (third Friday) and Deribit's monthlies (last Friday):
  // 2024: Jan 19, Feb 16, Mar 15 (third Fridays); Deribit 29MAR24, 26APR24, 31MAY24, 28JUN24, 27SEP24, 27DEC24
  // (the expiries listed in test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv).
  it.each([
    [2024, 1, "2024-01-19"], [2024, 2, "2024-02-16"], [2024, 3, "2024-03-15"], [2022, 2, "2022-02-18"], [2022, 4, "2022-04-15"],
    [2026, 7, "2026-07-17"], [2021, 10, "2021-10-15"], [2023, 9, "2023-09-15"], [2015, 5, "2015-05-15"],
  ] as const)("third Friday of %i-%i is %s", (y, m, d) => {
    expect(monthlyDate(y, m, "third-friday")).toBe(d);
    expect(new Date(d + "T00:00:00Z").getUTCDay()).toBe(5);
  });
  it.each([
    [2024, 3, "2024-03-29"], [2024, 4, "2024-04-26"], [2024, 5, "2024-05-31"], [2024, 6, "2024-06-28"], [2024, 9, "2024-09-27"],
    [2024, 12, "2024-12-27"], [2026, 2, "2026-02-27"], [2023, 2, "2023-02-24"],
  ] as const)("last Friday of %i-%i is %s", (y, m, d) => {
    expect(monthlyDate(y, m, "last-friday")).toBe(d);
  });
  it("every month of 2000–2099: a Friday, days 15–21 for the third, the last 7 days for the last", () => {
    for (let y = 2000; y < 2100; y++) {
      for (let m = 1; m <= 12; m++) {
        const t = monthlyDate(y, m, "third-friday");
        const l = monthlyDate(y, m, "last-friday");
        const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
        expect(new Date(t + "T00:00:00Z").getUTCDay()).toBe(5);
        expect(new Date(l + "T00:00:00Z").getUTCDay()).toBe(5);
        expect(Number(t.slice(8))).toBeGreaterThanOrEqual(15);
        expect(Number(t.slice(8))).toBeLessThanOrEqual(21);
        expect(Number(l.slice(8))).toBeGreaterThan(days - 7);
      }
    }
  });
  it("rejects a month outside 1–12 and an unknown rule", () => {
    expect(() => monthlyDate(2024, 13, "third-friday")).toThrow(RangeError);
    expect(() => monthlyDate(2024, 1, "second-tuesday" as never)).toThrow(RangeError);
  });
});

describe("nextMonthlyExpiry on the real snapshots", () => {
  it("SPX 2024-01-07: 19 Jan 2024, both the 09:30 SPX monthly and the 16:00 SPXW listing", async () => {
    const { chain } = await loadChain(realPath("spx_quotedata_2024-01-07.csv"));
    expect(monthlyRuleOf(chain)).toBe("third-friday");
    const m = nextMonthlyExpiry(chain)!;
    expect(m.date).toBe("2024-01-19");
    expect(m.expiries.map((e) => formatInstant({ epochMs: e, zone: chain.asOf.zone }))).toEqual(["2024-01-19T09:30:00-05:00", "2024-01-19T16:00:00-05:00"]);
  });
  it("SPX 2022: Good Friday 15 Apr 2022 moved the April monthly to Thursday 14 Apr, which the chain lists", async () => {
    const { chain } = await loadChain(realPath("extra/spx_quotedata_2022-02-04_close.csv"));
    expect(nextMonthlyExpiry(chain)!.date).toBe("2022-02-18");
    expect(nextMonthlyExpiry(chain, Date.UTC(2022, 3, 1))!.date).toBe("2022-04-14");
    // after the 09:30 AM settlement the 16:00 listing of the same day is still the next monthly
    const m = nextMonthlyExpiry(chain, Date.UTC(2022, 2, 18, 15));
    expect(m!.date).toBe("2022-03-18");
    expect(m!.expiries.map((e) => formatInstant({ epochMs: e, zone: chain.asOf.zone }))).toEqual(["2022-03-18T16:00:00-04:00"]);
  });
  it("Deribit 2024-03-12: last Friday 29 Mar 2024 08:00 UTC (not the third Friday, 15 Mar, which Deribit also lists)", async () => {
    const { chain } = await loadChain(realPath("deribit_btc_book_summary_2024-03-12T0557Z.csv"));
    expect(monthlyRuleOf(chain)).toBe("last-friday");
    const m = nextMonthlyExpiry(chain)!;
    expect(m.date).toBe("2024-03-29");
    expect(m.expiries).toEqual([Date.UTC(2024, 2, 29, 8)]);
    expect(nextMonthlyExpiry(chain, chain.asOf.epochMs, "third-friday")!.date).toBe("2024-03-15");
  });
  it("IBIT 2026-07-14 and NDX 2022-02-05: the third Fridays 17 Jul 2026 and 18 Feb 2022", async () => {
    const ibit = (await loadChain(realPath("ibit_chain_2026-07-14.json"))).chain;
    expect(nextMonthlyExpiry(ibit)!.date).toBe("2026-07-17");
    const ndx = (await loadChain(realPath("ndx_quotedata_2022-02-05.csv"))).chain;
    expect(nextMonthlyExpiry(ndx)!.date).toBe("2022-02-18");
  });
  it("null when no listed expiry falls on a monthly date; an empty chain follows the third-Friday rule", () => {
    // as-of 2024-01-08 15:00 UTC; expiries 1 and 2 days later (Tue 9, Wed 10 Jan)
    const c = makeChain([{ type: "call", strike: 100, time: 1 / 365, iv: 0.2 }, { type: "put", strike: 100, time: 2 / 365, iv: 0.2 }]);
    expect(nextMonthlyExpiry(c)).toBeNull();
    expect(monthlyRuleOf(makeChain([]))).toBe("third-friday");
  });
});

describe("selectContracts excludeNextMonthly", () => {
  it("drops exactly the contracts expiring on the next monthly date, counted as filtered", async () => {
    const { chain } = await loadChain(realPath("spx_quotedata_2024-01-07.csv"));
    const all = selectContracts(chain);
    const ex = selectContracts(chain, chain.asOf.epochMs, { excludeNextMonthly: true });
    let onDate = 0;
    for (let i = 0; i < chain.length; i++) if (dateInZone(chain.expiry[i]!, chain.asOf.zone) === "2024-01-19") onDate++;
    expect(onDate).toBeGreaterThan(1000);
    expect(ex.filtered).toBe(onDate);
    expect(ex.index.length).toBe(all.index.length - onDate);
    for (const i of ex.index) expect(dateInZone(chain.expiry[i]!, chain.asOf.zone)).not.toBe("2024-01-19");
    // with the rule forced, Deribit's third Friday instead
    const btc = (await loadChain(realPath("deribit_btc_book_summary_2024-03-12T0557Z.csv"))).chain;
    const third = selectContracts(btc, btc.asOf.epochMs, { excludeNextMonthly: true, monthlyRule: "third-friday" });
    let mar15 = 0;
    for (let i = 0; i < btc.length; i++) if (btc.expiry[i] === Date.UTC(2024, 2, 15, 8)) mar15++;
    expect(third.filtered).toBe(mar15);
  });
});
