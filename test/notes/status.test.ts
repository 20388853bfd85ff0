import { describe, expect, it } from "vitest";
import { validateNoteTerms, type NoteTermsInput } from "../../src/data/noteTerms.js";
import { parsePriceHistory } from "../../src/data/priceHistory.js";
import { YEAR_MS } from "../../src/data/time.js";
import { closeInstant } from "../../src/notes/dates.js";
import { autocallSchedule, noteStatus } from "../../src/notes/status.js";

// Closes written by hand for these tests (not market data).
const HISTORY = parsePriceHistory(
  [
    "date,close",
    "2025-11-10,60.00", "2025-12-10,52.50", "2026-01-12,54.31", "2026-01-30,47.50", "2026-02-02,45.94",
    "2026-02-03,44.59", "2026-02-04,42.50", "2026-02-05,36.90", "2026-02-06,40.50", "2026-02-09,60.50",
    "2026-03-09,61.00", "2026-03-10,59.00",
  ].join("\n"),
  "h.csv",
  { underlying: "IBIT" },
);

const BASE: NoteTermsInput = {
  id: "N", issuer: "Bank", underlying: "IBIT", pricingDate: "2025-11-10", initialLevel: 60,
  barrierLevel: 43.6, observation: "daily", maturity: "2027-11-10", notionalUsd: 1e6,
};
const note = (o: Partial<NoteTermsInput> = {}) => validateNoteTerms({ ...BASE, ...o });
const at = (d: string) => closeInstant(d);

describe("autocallSchedule", () => {
  it("steps from the first date by the period, day clamped to month end, strictly before maturity", () => {
    expect(autocallSchedule(note({ autocallLevelPct: 1, autocallFrequency: "quarterly", firstAutocallDate: "2026-01-31" })).slice(0, 4))
      .toEqual(["2026-01-31", "2026-04-30", "2026-07-31", "2026-10-31"]);
    expect(autocallSchedule(note({ autocallLevelPct: 1, autocallFrequency: "annual", maturity: "2027-11-10" })))
      .toEqual(["2026-11-10"]);
    expect(autocallSchedule(note())).toEqual([]);
  });
});

describe("noteStatus", () => {
  it("pending before the pricing close, alive after it", () => {
    expect(noteStatus(note(), { asOfMs: at("2025-11-10") - 1 }).status).toBe("pending");
    const s = noteStatus(note(), { asOfMs: at("2025-11-10") });
    expect(s.status).toBe("alive");
    // to the final valuation close (default: three business days before maturity)
    expect(note().finalValuationDate).toBe("2027-11-05");
    expect(s.remainingYears).toBe((note().finalValuationMs - at("2025-11-10")) / YEAR_MS);
  });

  it("daily: knocked in on the first close at or below the barrier, seen only once that close has happened", () => {
    expect(noteStatus(note(), { asOfMs: at("2026-02-04") - 1, history: HISTORY }).status).toBe("alive");
    const s = noteStatus(note(), { asOfMs: at("2026-02-04"), history: HISTORY });
    expect(s.status).toBe("knocked-in");
    expect(s.date).toBe("2026-02-04");
    expect(s.knockInDate).toBe("2026-02-04");
    // a recovery above the barrier does not undo it
    expect(noteStatus(note(), { asOfMs: at("2026-02-09"), history: HISTORY, spot: 60.5 }).status).toBe("knocked-in");
  });

  it("touching counts", () => {
    const s = noteStatus(note({ barrierLevel: 42.5 }), { asOfMs: at("2026-02-04"), history: HISTORY });
    expect(s.status).toBe("knocked-in");
  });

  it("daily: a spot at or below the barrier with no close at or below it is breached-intraday, pending the close", () => {
    // spot alone (no history): the spot is never taken for a close, not even at 16:00
    const s = noteStatus(note(), { asOfMs: at("2026-02-04"), spot: 43.6 });
    expect(s).toMatchObject({ status: "breached-intraday", date: null, knockInDate: null, basis: "spot" });
    expect(noteStatus(note(), { asOfMs: at("2026-02-04"), spot: 43.7 }).status).toBe("alive");
    // with a history whose closes so far are all above the barrier (last close 44.59 on 3 Feb)
    const mid = at("2026-02-04") - 3600_000; // 15:00 on 4 Feb, before that day's close of 42.50
    const b = noteStatus(note(), { asOfMs: mid, history: HISTORY, spot: 43.0 });
    expect(b).toMatchObject({ status: "breached-intraday", date: null, knockInDate: null, basis: "history" });
    // once the 4 Feb close (42.50 ≤ 43.6) has happened it is a knock-in, whatever the spot
    expect(noteStatus(note(), { asOfMs: at("2026-02-04"), history: HISTORY, spot: 43.0 }).status).toBe("knocked-in");
    expect(noteStatus(note(), { asOfMs: at("2026-02-04"), history: HISTORY, spot: 50 }).status).toBe("knocked-in");
  });

  it("continuous: a spot at or below the barrier is a knock-in (every print is an observation)", () => {
    const s = noteStatus(note({ observation: "continuous" }), { asOfMs: at("2026-02-04") - 3600_000, history: HISTORY, spot: 43.6 });
    expect(s).toMatchObject({ status: "knocked-in", date: null, knockInDate: null });
  });

  it("final: spot or closes below the barrier before maturity are not a knock-in", () => {
    const n = note({ observation: "final" });
    expect(noteStatus(n, { asOfMs: at("2026-02-06"), history: HISTORY, spot: 36.9 }).status).toBe("alive");
    // at the final valuation, a final close at or below the barrier is recorded
    const m = note({ observation: "final", maturity: "2026-02-10", finalValuationDate: "2026-02-05" });
    const s = noteStatus(m, { asOfMs: at("2026-02-06"), history: HISTORY });
    expect(s).toMatchObject({ status: "matured", date: "2026-02-05", knockInDate: "2026-02-05", remainingYears: 0 });
  });

  it("autocalled on a scheduled close at or above the level; an autocall date without a close uses the next one", () => {
    // 2026-02-07 is a Saturday: observed on Monday 2026-02-09 at 60.50 ≥ 60
    const n = note({ autocallLevelPct: 1, autocallFrequency: "monthly", firstAutocallDate: "2025-12-07" });
    const s = noteStatus(n, { asOfMs: at("2026-03-01"), history: HISTORY });
    expect(s).toMatchObject({ status: "autocalled", date: "2026-02-09", remainingYears: 0, nextAutocallDate: null });
    // autocall wins over the earlier knock-in: the note is redeemed
    expect(s.knockInDate).toBe("2026-02-04");
  });

  it("an autocall date whose next close is more than 5 days later is not observed", () => {
    // 2026-02-10 … 2026-03-08 have no close in HISTORY: the observation of 2026-02-10 is missed
    const n = note({ autocallLevelPct: 1, autocallFrequency: "monthly", firstAutocallDate: "2026-02-10", barrierLevel: 30 });
    const s = noteStatus(n, { asOfMs: at("2026-03-09"), history: HISTORY });
    expect(s.status).toBe("alive");
    // 2026-03-10 closes at 59 < 60: still alive
    expect(noteStatus(n, { asOfMs: at("2026-03-10"), history: HISTORY }).status).toBe("alive");
  });

  it("without history, past autocall dates are reported unchecked", () => {
    const n = note({ autocallLevelPct: 1, autocallFrequency: "monthly", firstAutocallDate: "2025-12-10" });
    const s = noteStatus(n, { asOfMs: at("2026-01-20"), spot: 50 });
    expect(s.autocallChecked).toBe(false);
    expect(s.nextAutocallDate).toBe("2026-02-10");
    expect(noteStatus(n, { asOfMs: at("2026-01-20"), history: HISTORY }).autocallChecked).toBe(true);
  });

  it("matured at or after the final valuation close (the payoff is fixed; paid at maturity)", () => {
    const n = note({ maturity: "2026-02-04", barrierLevel: 40 }); // final valuation 2026-01-30 (3 business days before)
    expect(n.finalValuationDate).toBe("2026-01-30");
    expect(noteStatus(n, { asOfMs: at("2026-01-30") })).toMatchObject({ status: "matured", date: "2026-01-30" });
    expect(noteStatus(n, { asOfMs: at("2026-01-30") - 1 }).status).toBe("alive");
  });

  it("closes after the final valuation do not knock a note in", () => {
    const n = note({ maturity: "2026-02-06" }); // final valuation 2026-02-03
    const s = noteStatus(n, { asOfMs: at("2026-02-06"), history: HISTORY });
    expect(s).toMatchObject({ status: "matured", knockInDate: null });
  });
});
