import { describe, expect, it } from "vitest";
import { validateNoteTerms, type NoteTermsInput } from "../../src/data/noteTerms.js";
import { parsePriceHistory } from "../../src/data/priceHistory.js";
import { closeInstant } from "../../src/notes/dates.js";
import { couponAmount, couponSchedule, missedCoupons, nextWeekday, noteEvents } from "../../src/notes/schedule.js";

const BASE: NoteTermsInput = {
  id: "N", issuer: "Bank", underlying: "IBIT", pricingDate: "2025-11-26", initialLevel: 50, barrierPct: 0.7, observation: "daily",
  maturity: "2026-11-27", notionalUsd: 1e6, couponRatePa: 0.12, couponBarrierPct: 0.7, autocallLevelPct: 1, autocallFrequency: "quarterly",
};
const note = (o: Partial<NoteTermsInput> = {}) => validateNoteTerms({ ...BASE, ...o });

describe("noteEvents: the dates that decide the rest of a note's life", () => {
  it("daily: every weekday close after the as-of instant to the final valuation; scheduled dates on weekends move to Monday", () => {
    const n = note({ firstAutocallDate: "2026-02-28" }); // a Saturday
    const ev = noteEvents(n, closeInstant("2026-02-20"));
    expect(ev[0]!.date).toBe("2026-02-23");
    expect(ev.every((e) => e.knockIn)).toBe(true);
    expect(ev.at(-1)).toMatchObject({ date: n.finalValuationDate, final: true, coupon: true, autocall: false });
    expect(ev.filter((e) => e.autocall).map((e) => e.date)).toEqual(["2026-03-02", "2026-05-28", "2026-08-28"]);
    expect(ev.filter((e) => e.coupon).map((e) => e.date)).toEqual(["2026-02-26", "2026-05-26", "2026-08-26", "2026-11-24"]);
    expect(ev.every((e) => new Date(e.date + "T00:00:00Z").getUTCDay() % 6 !== 0)).toBe(true);
  });

  it("a close at the as-of instant has been observed; times are years to each close", () => {
    const n = note();
    const asOf = closeInstant("2026-02-02");
    const ev = noteEvents(n, asOf);
    expect(ev[0]!.date).toBe("2026-02-03");
    expect(ev[0]!.time).toBe((closeInstant("2026-02-03") - asOf) / (365 * 86400_000));
  });

  it("final observation: the knock-in is looked at on the final valuation only; nothing after it", () => {
    const n = note({ observation: "final" });
    const ev = noteEvents(n, closeInstant("2026-02-02"));
    expect(ev.filter((e) => e.knockIn).map((e) => e.date)).toEqual([n.finalValuationDate]);
    expect(noteEvents(n, n.finalValuationMs)).toEqual([]);
  });
});

describe("coupons", () => {
  it("one per period from pricing and the final valuation; the amount is rate × months / 12 of the face", () => {
    expect(couponSchedule(note())).toEqual(["2026-02-26", "2026-05-26", "2026-08-26", "2026-11-24"]);
    expect(couponAmount(note())).toBe((0.12 * 3 * 50) / 12);
    expect(couponSchedule(note({ couponRatePa: undefined, couponBarrierPct: undefined }))).toEqual([]);
    expect(nextWeekday("2026-02-28")).toBe("2026-03-02");
  });

  it("memory: the coupons missed since the last one paid, read off the history", () => {
    const h = parsePriceHistory("date,close\n2026-02-26,34\n2026-05-26,36\n2026-08-26,33\n", "h.csv");
    const n = note({ couponMemory: true });
    expect(missedCoupons(n, closeInstant("2026-03-01"), h)).toBe(1);
    expect(missedCoupons(n, closeInstant("2026-06-01"), h)).toBe(0);
    expect(missedCoupons(n, closeInstant("2026-09-01"), h)).toBe(1);
    expect(missedCoupons(note(), closeInstant("2026-03-01"), h)).toBe(0); // no memory
  });
});
