/**
 * The dates on which a note's remaining life is decided, from an as-of instant: knock-in
 * observations, autocall and coupon dates, and the final valuation, each at its 16:00 New York
 * close, with their times in years (calendar time, DESIGN.md).
 *
 * Conventions:
 * - **daily** observation means every trading-day close. Exchange holidays are not known here, so
 *   the trading days are Monday to Friday; a holiday counts as an observation (one more close than
 *   the exchange has, a few a year).
 * - A scheduled date (autocall, coupon) that falls on a weekend is observed on the next weekday
 *   close (term sheets postpone to the next trading day).
 * - **coupons**: one observation every coupon period (1, 3, 6 or 12 months from the pricing date,
 *   day of month clamped to the month's end), strictly before the final valuation date, plus the
 *   final valuation date itself; each pays couponRatePa × periods / year of the face amount when the
 *   close is at or above the coupon barrier (always without a barrier). Paid on the observation date
 *   (the few days' payment lag are not modelled), the final one at maturity.
 * - A date counts once its close is strictly after the as-of instant: a close at the as-of instant
 *   itself has been observed already.
 *
 * @module
 */
import type { AutocallFrequency, NoteTerms } from "../data/noteTerms.js";
import type { PriceHistory } from "../data/priceHistory.js";
import { YEAR_MS } from "../data/time.js";
import { addDays, addMonths, closeInstant, isWeekday, newYorkDate } from "./dates.js";
import { autocallSchedule } from "./status.js";

const MONTHS: Record<AutocallFrequency, number> = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 };

/** A date on or after a date that is a weekday. */
export function nextWeekday(iso: string): string {
  let d = iso;
  while (!isWeekday(d)) d = addDays(d, 1);
  return d;
}

/**
 * The coupon observation dates of a note (module notes), ascending and unshifted; empty without
 * a coupon.
 *
 * @example
 * couponSchedule({ pricingDate: "2025-09-19", finalValuationDate: "2026-09-16", couponRatePa: 0.14, couponFrequency: "quarterly" });
 * // ["2025-12-19", "2026-03-19", "2026-06-19", "2026-09-16"]
 */
export function couponSchedule(note: Pick<NoteTerms, "pricingDate" | "finalValuationDate" | "couponRatePa" | "couponFrequency">): string[] {
  if (note.couponRatePa === undefined) return [];
  const step = MONTHS[note.couponFrequency ?? "quarterly"];
  const out: string[] = [];
  for (let k = 1; ; k++) {
    const d = addMonths(note.pricingDate, k * step);
    if (d >= note.finalValuationDate) break;
    out.push(d);
  }
  out.push(note.finalValuationDate);
  return out;
}

/** Coupon amount per period, USD per share-equivalent (the face amount of a share-equivalent is the initial level). */
export function couponAmount(note: Pick<NoteTerms, "couponRatePa" | "couponFrequency" | "initialLevel">): number {
  if (note.couponRatePa === undefined) return 0;
  return (note.couponRatePa * MONTHS[note.couponFrequency ?? "quarterly"] * note.initialLevel) / 12;
}

/** One remaining event date of a note. */
export interface NoteEvent {
  /** the observed close's date, "YYYY-MM-DD" (a weekday) */
  date: string;
  /** years from the as-of instant to its close (> 0) */
  time: number;
  /** the knock-in barrier is observed on this close */
  knockIn: boolean;
  /** the note is called if the close is at or above the autocall level */
  autocall: boolean;
  /** a coupon is paid if the close is at or above the coupon barrier */
  coupon: boolean;
  /** the final valuation */
  final: boolean;
}

/**
 * The note's remaining event dates after `asOfMs`, ascending, merged (one entry per date).
 * Knock-in observations: every weekday close (daily and continuous observation) or the final
 * valuation (final observation). Empty once the final valuation close has passed.
 *
 * @example
 * noteEvents(gs, closeInstant("2026-02-03")).length; // 197: SYN-GS-251110-A's weekday closes to 2026-11-05
 */
export function noteEvents(note: NoteTerms, asOfMs: number): NoteEvent[] {
  if (!(note.finalValuationMs > asOfMs)) return [];
  const map = new Map<string, NoteEvent>();
  const at = (d: string): NoteEvent => {
    let e = map.get(d);
    if (!e) map.set(d, (e = { date: d, time: (closeInstant(d) - asOfMs) / YEAR_MS, knockIn: false, autocall: false, coupon: false, final: false }));
    return e;
  };
  const fv = note.finalValuationDate;
  const after = (d: string) => closeInstant(d) > asOfMs;
  if (note.observation === "final") {
    at(fv).knockIn = true;
  } else {
    for (let d = nextWeekday(newYorkDate(asOfMs)); d <= fv; d = nextWeekday(addDays(d, 1))) if (after(d)) at(d).knockIn = true;
  }
  at(fv).final = true;
  for (const d0 of autocallSchedule(note)) {
    const d = nextWeekday(d0);
    if (d < fv && after(d)) at(d).autocall = true;
  }
  for (const d0 of couponSchedule(note)) {
    const d = d0 === fv ? fv : nextWeekday(d0);
    if (d <= fv && after(d)) at(d).coupon = true;
  }
  return [...map.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Coupons missed since the last one paid, as of an instant (for memory coupons): the run of coupon
 * dates up to the as-of close whose close (or the next one within 5 days) was below the coupon
 * barrier, counted back from the latest. 0 without memory, without a barrier, or without history.
 *
 * @example
 * missedCoupons(gs1001, closeInstant("2026-02-06"), history); // 0: SYN-GS-251001-A's coupon closes 2025-11-03 … 2026-02-03 all above 40.52
 */
export function missedCoupons(note: NoteTerms, asOfMs: number, history?: Pick<PriceHistory, "dates" | "close">): number {
  if (!note.couponMemory || note.couponBarrierPct === undefined || !history) return 0;
  const level = note.couponBarrierPct * note.initialLevel;
  let missed = 0;
  for (const d0 of couponSchedule(note)) {
    const d = nextWeekday(d0);
    if (closeInstant(d) > asOfMs) break;
    const i = history.dates.findIndex((x) => x >= d);
    if (i < 0 || history.dates[i]! > addDays(d, 5)) continue; // not observed in the history
    missed = history.close[i]! >= level ? 0 : missed + 1;
  }
  return missed;
}
