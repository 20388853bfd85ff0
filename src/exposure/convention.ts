/**
 * Conventions a profile can be computed under: gexray's own (DESIGN.md: calendar time to the exact
 * expiry clock, every zero crossing with the nearest flagged) or the method of the open-source GEX
 * tools that users cross-check levels against, so that gexray reproduces their published numbers.
 *
 * `perfiliev` — Sergei Perfiliev's method ("How to calculate gamma exposure and zero gamma level",
 * perfiliev.co.uk/market-commentary/how-to-calculate-gamma-exposure-and-zero-gamma-level/), as coded
 * in the public repositories the test snapshots come from: phammings/SPX500-Gamma-Exposure-Calculator
 * (`modules/main.py`, commit 23af7c2) and Luca-Castelli/Index-Gamma (`gamma.py`, commit 0db13c3):
 *
 * | | perfiliev | gexray |
 * |---|---|---|
 * | time to expiry | business days (Mon–Fri, no holidays: numpy `busday_count` from the as-of date to the expiry date) / 262, or / 252 (`yearDays`) | calendar seconds / (365 × 86400) to the expiry clock |
 * | 0 business days | 1/262 (main.py: "For 0DTE options, I'm setting DTE = 1 day") | the exact remaining time |
 * | expired rows | dropped | dropped |
 * | grid | 60 levels, 0.8–1.2 × spot (`np.linspace(fromStrike, toStrike, 60)`) | 501 prices, 0.8–1.2 × spot |
 * | total at spot | Σ ±Gamma·OI·100·S²·0.01 from the file's Gamma columns (`CallGEX`, `PutGEX`) | model gamma at spot |
 * | zero gamma | the first sign change (`zeroGamma[0]`) | every crossing, nearest spot flagged |
 * | charm | per business day (1/262 of a year) | per calendar day |
 *
 * Gamma per contract is Black–Scholes at each contract's IV with r = q = 0 in the scripts; here at
 * the chain's rate and dividend (0 unless given), so the two agree on CBOE files. Luca-Castelli's
 * script has no 1/262 floor: its next expiry (0 business days) gives NaN and drops out — the same
 * numbers as this convention with `--exclude-next-expiry`.
 *
 * Expired rows: the scripts give an expiry 0 business days back (a Friday on a weekend download:
 * numpy counts Sunday back to Friday as 0) 1/262, and older ones a negative time, hence NaN, dropped
 * from the sums; here every contract expired by its clock is dropped (the loaders exclude them).
 * On the test files this changes nothing: the SPX file's expired Friday rows all have IV 0 and
 * Gamma 0.
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import type { Selection } from "./select.js";
import { dateInZone } from "./select.js";

/** The conventions, default first. */
export const CONVENTIONS = ["gexray", "perfiliev"] as const;

/** A convention's name. */
export type ConventionName = (typeof CONVENTIONS)[number];

/** A convention and its parameter. */
export interface Convention {
  name: ConventionName;
  /** business days per year (perfiliev only): 262 (the published scripts) or 252 */
  yearDays: number;
}

/** Business days per year of the published Perfiliev scripts. */
export const PERFILIEV_YEAR_DAYS = 262;

/** Grid intervals of the perfiliev convention: 60 levels. */
export const PERFILIEV_STEPS = 59;

/**
 * The convention in words, for every output's header.
 *
 * @example
 * conventionText({ name: "perfiliev", yearDays: 262 });
 * // "perfiliev (business days / 262, 0-day expiries 1/262; total at spot from the vendor's gamma; zero gamma = first sign change)"
 */
export function conventionText(c: Convention): string {
  if (c.name === "gexray") return "gexray (calendar time to the expiry clock / 365 days; every zero crossing, nearest spot flagged)";
  return `perfiliev (business days / ${c.yearDays}, 0-day expiries 1/${c.yearDays}; total at spot from the vendor's gamma; zero gamma = first sign change)`;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86400_000;
}

/** Weekdays (Monday–Friday) among days 0 … d − 1 since 1970-01-01 (a Thursday). */
function weekdaysBefore(d: number): number {
  const weeks = Math.floor(d / 7);
  let n = 5 * weeks;
  // the remaining days 7·weeks … d − 1 start on a Thursday: weekday index (0 = Monday) is (day + 3) mod 7
  for (let day = 7 * weeks; day < d; day++) if ((day + 3) % 7 < 5) n++;
  return n;
}

/**
 * Weekdays (Monday–Friday) in [from, to): numpy's `busday_count(from, to)` with no holidays, the
 * count the published scripts use; when `to` is before `from`, minus the weekdays in (to, from], as
 * numpy counts backwards (so Sunday back to Friday is 0).
 *
 * @param from - YYYY-MM-DD
 * @param to - YYYY-MM-DD
 * @example
 * businessDays("2024-01-07", "2024-01-08"); // 0 (Sunday to Monday)
 * businessDays("2024-01-07", "2024-01-19"); // 9
 * businessDays("2022-02-05", "2022-02-07"); // 0 (Saturday to Monday)
 * businessDays("2024-01-07", "2024-01-05"); // 0 (Sunday back to Friday, as numpy)
 */
export function businessDays(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  // numpy counts [from, to) forward and (to, from] backward
  return b >= a ? weekdaysBefore(b) - weekdaysBefore(a) : 0 - (weekdaysBefore(a + 1) - weekdaysBefore(b + 1));
}

/**
 * Years to expiry of each selected contract under the perfiliev convention: business days from the
 * evaluation date to the expiry date (both in the chain's zone) / yearDays, 1 / yearDays for 0.
 *
 * @param chain - the chain
 * @param sel - the selected contracts (alive at sel.atMs)
 * @param yearDays - 262 or 252
 * @returns a new array parallel to sel.index
 * @example
 * // SPX snapshot of Sunday 2024-01-07: Monday's SPXW → 0 business days → 1/262; 2024-01-19 → 9/262
 * perfilievTimes(spx, selectContracts(spx), 262)[0]; // 0.003816793893129771
 */
export function perfilievTimes(chain: Chain, sel: Selection, yearDays: number): Float64Array {
  const zone = chain.asOf.zone;
  const today = dateInZone(sel.atMs, zone);
  const out = new Float64Array(sel.index.length);
  const memo = new Map<number, number>();
  for (let j = 0; j < sel.index.length; j++) {
    const e = chain.expiry[sel.index[j]!]!;
    let t = memo.get(e);
    if (t === undefined) {
      const d = businessDays(today, dateInZone(e, zone));
      t = (d > 0 ? d : 1) / yearDays;
      memo.set(e, t);
    }
    out[j] = t;
  }
  return out;
}
