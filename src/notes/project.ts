/**
 * Projected barriers: where continued issuance would put the next knock-in levels, given a price
 * path (a closing-price history, or a scenario move over a horizon) and an issuance pattern.
 *
 * Each issuance date (every 7 calendar days, or the same day each month, from the start) prices one
 * hypothetical note on the path's first close on or after that date (at most
 * {@link MAX_ISSUE_SHIFT_DAYS} days later, else the date is skipped): initial level = that close,
 * barrier = initial × pct / 100 (levelFromPct). Notes are built with `validateNoteTerms`, so they
 * obey every rule a term sheet does.
 *
 * @module
 */
import { validateNoteTerms, type NoteTerms, type Observation } from "../data/noteTerms.js";
import type { PriceHistory } from "../data/priceHistory.js";
import { addDays, addMonths, daysBetween, isWeekday } from "./dates.js";

/** Daily closes, ascending by date ("YYYY-MM-DD"), one per date. */
export type PricePath = Pick<PriceHistory, "dates" | "close">;

/** An issuance date may price on a close at most this many days later. */
export const MAX_ISSUE_SHIFT_DAYS = 5;

/** Issuance frequencies of {@link issuanceDates}. */
export type IssuanceFrequency = "weekly" | "monthly";

/** Values {@link IssuanceFrequency} may take. */
export const ISSUANCE_FREQUENCIES: readonly IssuanceFrequency[] = ["weekly", "monthly"];

/** A scenario: a move from a spot on a date, spread evenly in log price over a horizon. */
export interface Scenario {
  /** start date, "YYYY-MM-DD": the path's day 0, at `spot` */
  from: string;
  /** price on the start date, USD per share (> 0) */
  spot: number;
  /** total relative move by the horizon, decimal (−0.1 = −10%), > −1 */
  move: number;
  /** calendar days from the start to the end, integer ≥ 1 */
  horizonDays: number;
}

/**
 * The closes of a scenario: the start date, every weekday after it and the end date start +
 * horizon (exchange holidays not known), close = spot × (1 + move)^(t / horizon), t in calendar
 * days; the end close is exactly spot × (1 + move).
 *
 * @throws RangeError naming the field: spot not finite and > 0, move not finite and > −1,
 *   horizonDays not an integer ≥ 1, from not a "YYYY-MM-DD" date
 * @example
 * const p = scenarioPath({ from: "2026-02-13", spot: 40.6, move: -0.1, horizonDays: 30 });
 * p.dates[0];                  // "2026-02-13"
 * p.dates[p.dates.length - 1]; // "2026-03-15" (the end is kept though a Sunday)
 * p.close[p.close.length - 1]; // 36.54 (40.6 × 0.9)
 */
export function scenarioPath(s: Scenario): PricePath {
  if (!(s.spot > 0) || !Number.isFinite(s.spot)) throw new RangeError(`spot must be a finite number > 0 (got ${s.spot})`);
  if (!(s.move > -1) || !Number.isFinite(s.move)) throw new RangeError(`move must be a finite decimal > −1 (got ${s.move})`);
  if (!Number.isInteger(s.horizonDays) || s.horizonDays < 1) throw new RangeError(`horizonDays must be an integer ≥ 1 (got ${s.horizonDays})`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s.from) || Number.isNaN(Date.parse(s.from + "T00:00:00Z"))) {
    throw new RangeError(`from must be a date YYYY-MM-DD (got ${JSON.stringify(s.from)})`);
  }
  const dates: string[] = [];
  const close: number[] = [];
  const g = Math.log1p(s.move);
  for (let t = 0; t <= s.horizonDays; t++) {
    const d = addDays(s.from, t);
    if (!isWeekday(d) && t !== 0 && t !== s.horizonDays) continue;
    dates.push(d);
    close.push(t === s.horizonDays ? s.spot * (1 + s.move) : s.spot * Math.exp((g * t) / s.horizonDays));
  }
  return { dates, close: Float64Array.from(close) };
}

/**
 * Issuance dates from `start` to `end` inclusive: every 7 days (weekly) or the same day of each
 * month, clamped to the month's end (monthly).
 *
 * @throws RangeError for an unknown frequency
 * @example
 * issuanceDates("2026-01-30", "2026-04-01", "monthly"); // ["2026-01-30", "2026-02-28", "2026-03-30"]
 */
export function issuanceDates(start: string, end: string, frequency: IssuanceFrequency): string[] {
  if (!ISSUANCE_FREQUENCIES.includes(frequency)) {
    throw new RangeError(`frequency must be one of ${ISSUANCE_FREQUENCIES.join(", ")} (got ${JSON.stringify(frequency)})`);
  }
  const out: string[] = [];
  for (let k = 0; ; k++) {
    const d = frequency === "weekly" ? addDays(start, 7 * k) : addMonths(start, k);
    if (d > end) break;
    out.push(d);
  }
  return out;
}

/** How hypothetical notes are issued ({@link projectNotes}). */
export interface IssuancePattern {
  frequency: IssuanceFrequency;
  /** face amount of each note, USD (> 0) */
  notionalUsd: number;
  /** barrier as a fraction of the initial level, decimal in (0, 1) */
  barrierPct: number;
  /** barrier observation of each note; default "final" */
  observation?: Observation;
  /** months from pricing to maturity; default 24 */
  tenorMonths?: number;
  /** underlying symbol */
  underlying: string;
  /** issuer name on the notes; default "projected" */
  issuer?: string;
  /** first issuance date; default the path's first date */
  start?: string;
}

/**
 * Hypothetical notes issued along a path (module notes). Ids are `PROJ-<underlying>-<pricing date>`.
 * Issuance dates whose close falls on a pricing date already used are skipped (one note per date).
 *
 * @param path - closes, ascending
 * @param pattern - the issuance pattern
 * @returns validated notes, ascending by pricing date (possibly none)
 * @throws RangeError (NoteTermsError) when the pattern gives invalid terms (barrierPct outside
 *   (0, 1), notional not > 0, tenorMonths not an integer ≥ 1, …)
 * @example
 * projectNotes(scenarioPath({ from: "2026-02-13", spot: 40.6, move: -0.1, horizonDays: 30 }),
 *   { frequency: "weekly", notionalUsd: 25e6, barrierPct: 0.7, underlying: "IBIT" }).map((n) => n.barrierLevel);
 * // [28.419999999999998, 27.72983757813201, 27.056435331090157, 26.399386248218242, 25.758293202866422]
 */
export function projectNotes(path: PricePath, pattern: IssuancePattern): NoteTerms[] {
  const tenor = pattern.tenorMonths ?? 24;
  if (!Number.isInteger(tenor) || tenor < 1) throw new RangeError(`tenorMonths must be an integer ≥ 1 (got ${tenor})`);
  const n = path.dates.length;
  if (n === 0) return [];
  const start = pattern.start ?? path.dates[0]!;
  const out: NoteTerms[] = [];
  const used = new Set<string>();
  let j = 0;
  for (const d of issuanceDates(start, path.dates[n - 1]!, pattern.frequency)) {
    while (j < n && path.dates[j]! < d) j++;
    if (j >= n) break;
    const pricing = path.dates[j]!;
    if (daysBetween(d, pricing) > MAX_ISSUE_SHIFT_DAYS || used.has(pricing)) continue;
    used.add(pricing);
    out.push(validateNoteTerms({
      id: `PROJ-${pattern.underlying.toUpperCase()}-${pricing}`,
      issuer: pattern.issuer ?? "projected",
      underlying: pattern.underlying,
      pricingDate: pricing,
      initialLevel: path.close[j]!,
      barrierPct: pattern.barrierPct,
      observation: pattern.observation ?? "final",
      maturity: addMonths(pricing, tenor),
      notionalUsd: pattern.notionalUsd,
    }));
  }
  return out;
}

/**
 * A history continued by a path: the history's closes, then the path's closes dated after the
 * history's last date (a copy; neither input is changed).
 *
 * @example
 * extendPath({ dates: ["2026-02-12", "2026-02-13"], close: new Float64Array([40.11, 40.6]) },
 *   { dates: ["2026-02-13", "2026-02-16"], close: new Float64Array([40.6, 40.4]) }).dates;
 * // ["2026-02-12", "2026-02-13", "2026-02-16"]
 */
export function extendPath(history: PricePath, path: PricePath): PricePath {
  const last = history.dates.length === 0 ? "" : history.dates[history.dates.length - 1]!;
  const k = path.dates.findIndex((d) => d > last);
  if (k < 0) return { dates: [...history.dates], close: history.close.slice() };
  const dates = [...history.dates, ...path.dates.slice(k)];
  const close = new Float64Array(dates.length);
  close.set(history.close, 0);
  close.set(path.close.subarray(k), history.dates.length);
  return { dates, close };
}
