/**
 * Where a note stands at an instant: not yet priced, alive, breached intraday, knocked in,
 * autocalled or matured, established from a closing-price history when one is given, else from a
 * spot, else from dates.
 *
 * Rules (observation instants are 16:00 America/New_York closes; a close counts once its instant
 * is at or before the as-of instant):
 *
 * - **pending**: the as-of instant is before the pricing close.
 * - **autocalled**: on a scheduled autocall date ({@link autocallSchedule}) after pricing and before
 *   the final valuation date, the close (or, when the date has no close, the next close within
 *   {@link MAX_OBSERVATION_SHIFT_DAYS} days — term sheets postpone to the next trading day) is at or
 *   above autocallLevelPct × initial. The note is redeemed; its barrier no longer exists. Checked
 *   only against a history: with a spot alone past observations are unknown (`autocallChecked`
 *   false). Autocall wins over an earlier knock-in (the note is redeemed all the same).
 * - **matured**: the as-of instant is at or after the final valuation close (the payoff is fixed
 *   then; it is paid at maturity, a few business days later).
 * - **knocked-in** (daily and continuous observation): a close after pricing, up to the as-of
 *   instant and the final valuation date, at or below the barrier (touching counts); for a
 *   continuous barrier also a given spot at or below it (every print is an observation). Continuous
 *   barriers are checked on closes only, so an intraday breach that closed above is not seen. A
 *   final-observation note is never knocked in before its final valuation date; spot below its
 *   barrier earlier is a normal state (status alive); once matured, `knockInDate` records a final
 *   close at or below the barrier.
 * - **breached-intraday** (daily observation): a given spot at or below the barrier with no close
 *   at or below it up to the as-of instant. A daily barrier is observed on closes only, so the note
 *   knocks in only if the next close is at or below it: pending that close. (The spot is never
 *   taken for a close, not even at 16:00: give the close in the history to settle it.) The note
 *   still carries its down-and-in put, valued with spot below the barrier before its next
 *   observation (the exact discrete engine); its unwind is the knock-in jump the close would force.
 * - **alive** otherwise.
 *
 * @module
 */
import type { NoteTerms } from "../data/noteTerms.js";
import type { PriceHistory } from "../data/priceHistory.js";
import { YEAR_MS } from "../data/time.js";
import { addMonths, closeInstant, daysBetween, newYorkDate } from "./dates.js";

/** The states a note can be in at an instant. */
export type NoteStatus = "pending" | "alive" | "breached-intraday" | "knocked-in" | "autocalled" | "matured";

/** Every {@link NoteStatus}, in life order. */
export const NOTE_STATUSES: readonly NoteStatus[] = ["pending", "alive", "breached-intraday", "knocked-in", "autocalled", "matured"];

/**
 * Does a note in this state still carry its embedded put (alive, breached intraday or knocked in)?
 * Pending, autocalled and matured notes carry none.
 *
 * @example
 * carriesPut("breached-intraday"); // true
 * carriesPut("autocalled");        // false
 */
export function carriesPut(status: NoteStatus): boolean {
  return status === "alive" || status === "breached-intraday" || status === "knocked-in";
}

/** An autocall date without a close may be observed on a close at most this many days later. */
export const MAX_OBSERVATION_SHIFT_DAYS = 5;

const MONTHS = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 } as const;

/**
 * The scheduled autocall observation dates of a note, ascending: the first autocall date (default:
 * one period after pricing), then every period (monthly 1, quarterly 3, semiannual 6, annual 12
 * months, counted from the first date, day of month clamped to the month's end), strictly before
 * the final valuation date (which fixes the final payoff, not a call) — or maturity when the terms
 * give no final valuation date. Empty for a note without autocall terms.
 *
 * @example
 * autocallSchedule({ pricingDate: "2025-09-10", maturity: "2026-09-10", autocallFrequency: "quarterly",
 *   firstAutocallDate: "2025-12-10" });
 * // ["2025-12-10", "2026-03-10", "2026-06-10"]
 */
export function autocallSchedule(
  note: Pick<NoteTerms, "pricingDate" | "maturity" | "autocallFrequency" | "firstAutocallDate"> & { finalValuationDate?: string },
): string[] {
  const f = note.autocallFrequency;
  if (f === undefined) return [];
  const step = MONTHS[f];
  const first = note.firstAutocallDate ?? addMonths(note.pricingDate, step);
  const end = note.finalValuationDate ?? note.maturity;
  const out: string[] = [];
  for (let k = 0; ; k++) {
    const d = addMonths(first, k * step);
    if (d >= end) break;
    out.push(d);
  }
  return out;
}

/** What {@link noteStatus} looks at besides the terms. */
export interface StatusInputs {
  /** the as-of instant, ms since epoch */
  asOfMs: number;
  /**
   * the underlying's price at the as-of instant, USD per share (> 0): an observation of a
   * continuous barrier; at or below a daily one it makes the note breached-intraday
   */
  spot?: number;
  /** the underlying's daily closes, ascending (one underlying: the note's) */
  history?: Pick<PriceHistory, "dates" | "close">;
}

/** A note's state at an instant ({@link noteStatus}). */
export interface NoteState {
  status: NoteStatus;
  /**
   * the date of the event the status names: pricing date (pending), autocall observation
   * (autocalled), final valuation date (matured), first breaching close (knocked-in; null when only the spot
   * showed it); null for alive
   */
  date: string | null;
  /** date of the first close at or below the barrier (daily/continuous), or of a final close at
   * or below it (final); null when none was seen */
  knockInDate: string | null;
  /** years from the as-of instant to the final valuation close (0 once autocalled or matured) */
  remainingYears: number;
  /** the next scheduled autocall date after the as-of date while the note lives, else null */
  nextAutocallDate: string | null;
  /** false when autocall dates up to the as-of instant could not be checked (no history) */
  autocallChecked: boolean;
  /** what the knock-in state rests on: closes of a history, the spot alone, or nothing */
  basis: "history" | "spot" | "dates";
}

/**
 * The state of a note at an instant (rules in the module notes).
 *
 * @param note - validated terms
 * @param inputs - as-of instant, optional spot and history (of the note's underlying)
 * @returns the state; never throws for validated terms
 * @example
 * const history = { dates: ["2026-02-03", "2026-02-04", "2026-02-05"], close: Float64Array.from([44.59, 42.5, 36.9]) };
 * const n = validateNoteTerms({ id: "D", issuer: "JPMorgan", underlying: "IBIT", pricingDate: "2025-11-03",
 *   initialLevel: 59.88, barrierPct: 0.72, observation: "daily", maturity: "2027-05-03", notionalUsd: 30e6 });
 * // barrier 43.1136
 * noteStatus(n, { asOfMs: closeInstant("2026-02-05"), history }).status; // "knocked-in"
 * noteStatus(n, { asOfMs: closeInstant("2026-02-05"), history }).date;   // "2026-02-04"
 */
export function noteStatus(note: NoteTerms, inputs: StatusInputs): NoteState {
  const { asOfMs, spot, history } = inputs;
  const asOfDate = newYorkDate(asOfMs);
  const schedule = autocallSchedule(note);
  const remaining = Math.max(0, (note.finalValuationMs - asOfMs) / YEAR_MS);
  const end = note.finalValuationDate;
  const next = schedule.find((d) => d > asOfDate) ?? null;
  const dueAutocalls = schedule.some((d) => closeInstant(d) <= asOfMs);
  const basis: NoteState["basis"] = history ? "history" : spot !== undefined ? "spot" : "dates";
  const base = { knockInDate: null as string | null, autocallChecked: !dueAutocalls || history !== undefined, basis };

  if (asOfMs < note.pricingMs) {
    return { ...base, status: "pending", date: note.pricingDate, remainingYears: remaining, nextAutocallDate: next };
  }

  let knockInDate: string | null = null;
  const H = note.barrierLevel;
  const pathDependent = note.observation !== "final";
  if (history) {
    const callLevel = note.autocallLevelPct === undefined ? Infinity : note.autocallLevelPct * note.initialLevel;
    let ai = 0;
    const { dates, close } = history;
    for (let i = 0; i < dates.length; i++) {
      const d = dates[i]!;
      if (d <= note.pricingDate) continue;
      if (d > end || closeInstant(d) > asOfMs) break;
      const c = close[i]!;
      // autocall dates due by this close: this is the first close on or after each of them
      while (ai < schedule.length && schedule[ai]! <= d) {
        const obs = schedule[ai]!;
        ai++;
        if (daysBetween(obs, d) <= MAX_OBSERVATION_SHIFT_DAYS && c >= callLevel) {
          return { ...base, knockInDate, status: "autocalled", date: d, remainingYears: 0, nextAutocallDate: null };
        }
      }
      if (knockInDate === null && c <= H && (pathDependent || d === end)) knockInDate = d;
    }
  }
  if (asOfMs >= note.finalValuationMs) {
    return { ...base, knockInDate, status: "matured", date: end, remainingYears: 0, nextAutocallDate: null };
  }
  if (pathDependent && knockInDate !== null) {
    return { ...base, knockInDate, status: "knocked-in", date: knockInDate, remainingYears: remaining, nextAutocallDate: next };
  }
  if (pathDependent && spot !== undefined && spot <= H) {
    // a continuous barrier is observed on every print; a daily one only on the close to come
    const status = note.observation === "continuous" ? "knocked-in" : "breached-intraday";
    return { ...base, knockInDate: null, status, date: null, remainingYears: remaining, nextAutocallDate: next };
  }
  return { ...base, knockInDate: null, status: "alive", date: null, remainingYears: remaining, nextAutocallDate: next };
}
