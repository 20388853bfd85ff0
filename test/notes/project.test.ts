import { describe, expect, it } from "vitest";
import { NoteTermsError } from "../../src/data/noteTerms.js";
import { extendPath, issuanceDates, projectNotes, scenarioPath } from "../../src/notes/project.js";

describe("scenarioPath", () => {
  it("starts at spot, ends exactly at spot × (1 + move), weekdays in between, log-linear in calendar days", () => {
    const p = scenarioPath({ from: "2026-02-13", spot: 40.6, move: -0.1, horizonDays: 30 });
    expect(p.dates[0]).toBe("2026-02-13");
    expect(p.close[0]).toBe(40.6);
    expect(p.dates.at(-1)).toBe("2026-03-15"); // a Sunday: the end is kept
    expect(p.close.at(-1)).toBe(40.6 * 0.9);
    expect(p.dates).not.toContain("2026-02-14");
    expect(p.dates).toContain("2026-02-16");
    // 2026-02-27 is 14 of 30 days in
    const i = p.dates.indexOf("2026-02-27");
    const expected = 40.6 * Math.exp((Math.log(0.9) * 14) / 30);
    expect(Math.abs(p.close[i]! - expected)).toBeLessThanOrEqual(4 * Number.EPSILON * expected);
  });

  it("rejects bad scenarios with a RangeError naming the field", () => {
    const ok = { from: "2026-02-13", spot: 40.6, move: -0.1, horizonDays: 30 };
    expect(() => scenarioPath({ ...ok, spot: 0 })).toThrow(/spot must be/);
    expect(() => scenarioPath({ ...ok, move: -1 })).toThrow(/move must be/);
    expect(() => scenarioPath({ ...ok, horizonDays: 0.5 })).toThrow(/horizonDays must be/);
    expect(() => scenarioPath({ ...ok, from: "13/02/2026" })).toThrow(/from must be/);
  });
});

describe("issuanceDates", () => {
  it("weekly every 7 days, monthly on the same day clamped to month end, inclusive of the end", () => {
    expect(issuanceDates("2026-01-30", "2026-02-13", "weekly")).toEqual(["2026-01-30", "2026-02-06", "2026-02-13"]);
    expect(issuanceDates("2026-01-30", "2026-04-01", "monthly")).toEqual(["2026-01-30", "2026-02-28", "2026-03-30"]);
    expect(issuanceDates("2026-02-14", "2026-02-13", "weekly")).toEqual([]);
    expect(() => issuanceDates("2026-01-01", "2026-02-01", "daily" as never)).toThrow(/frequency must be one of weekly, monthly/);
  });
});

describe("projectNotes", () => {
  const path = {
    dates: ["2026-01-30", "2026-02-02", "2026-02-06", "2026-02-09", "2026-02-13"],
    close: Float64Array.from([47.5, 45.94, 40.5, 40.82, 40.6]),
  };

  it("prices one note per issuance date on the first close on or after it, barrier = close × pct / 100", () => {
    const notes = projectNotes(path, { frequency: "weekly", notionalUsd: 25e6, barrierPct: 0.7, underlying: "ibit" });
    expect(notes.map((n) => n.pricingDate)).toEqual(["2026-01-30", "2026-02-06", "2026-02-13"]);
    expect(notes.map((n) => n.barrierLevel)).toEqual([33.25, 28.35, 28.42]); // close × 70 / 100, by hand
    expect(notes[0]).toMatchObject({ id: "PROJ-IBIT-2026-01-30", issuer: "projected", underlying: "IBIT", observation: "final",
      maturity: "2028-01-30", notionalUsd: 25e6, initialLevel: 47.5 });
  });

  it("a date without a close within 5 days is skipped; one note per pricing date", () => {
    const gap = { dates: ["2026-01-01", "2026-01-20"], close: Float64Array.from([50, 45]) };
    const n = projectNotes(gap, { frequency: "weekly", notionalUsd: 1e6, barrierPct: 0.6, underlying: "IBIT" });
    // 01-01 prices on 01-01; 01-08 → 01-20 is 12 days later (skipped); 01-15 → 01-20 (5 days, priced)
    expect(n.map((x) => x.pricingDate)).toEqual(["2026-01-01", "2026-01-20"]);
  });

  it("starts at pattern.start and honours observation, tenor, issuer", () => {
    const n = projectNotes(path, { frequency: "monthly", notionalUsd: 1e6, barrierPct: 0.65, underlying: "IBIT",
      start: "2026-02-03", observation: "daily", tenorMonths: 12, issuer: "Bank X" });
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ pricingDate: "2026-02-06", observation: "daily", maturity: "2027-02-06", issuer: "Bank X" });
  });

  it("invalid patterns are rejected by the term validation", () => {
    expect(() => projectNotes(path, { frequency: "weekly", notionalUsd: 1e6, barrierPct: 70, underlying: "IBIT" })).toThrow(NoteTermsError);
    expect(() => projectNotes(path, { frequency: "weekly", notionalUsd: -1, barrierPct: 0.7, underlying: "IBIT" })).toThrow(/notionalUsd must be > 0/);
    expect(() => projectNotes(path, { frequency: "weekly", notionalUsd: 1, barrierPct: 0.7, underlying: "IBIT", tenorMonths: 0 })).toThrow(/tenorMonths/);
  });
});

describe("extendPath", () => {
  it("continues a history with the path's later closes, without changing either", () => {
    const h = { dates: ["2026-02-12", "2026-02-13"], close: Float64Array.from([40.11, 40.6]) };
    const p = { dates: ["2026-02-13", "2026-02-16"], close: Float64Array.from([40.6, 40.4]) };
    const e = extendPath(h, p);
    expect(e.dates).toEqual(["2026-02-12", "2026-02-13", "2026-02-16"]);
    expect([...e.close]).toEqual([40.11, 40.6, 40.4]);
    expect(h.dates).toHaveLength(2);
    expect(extendPath(p, h).dates).toEqual(p.dates);
  });
});
