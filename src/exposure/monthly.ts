/**
 * The monthly expiry: the standard monthly option expiration of an underlying, as opposed to its
 * weeklies and dailies.
 *
 * | rule | monthly date | who |
 * |---|---|---|
 * | `third-friday` | the third Friday of the month; the Thursday before when that Friday is an exchange holiday (Good Friday) and the chain lists the Thursday | US equity, ETF and index options (OCC) |
 * | `last-friday` | the last Friday of the month | Deribit (its monthlies and quarterlies) |
 *
 * Dates are calendar dates in the chain's zone (New York for CBOE and JSON chains, UTC for
 * Deribit). Every contract expiring on the monthly date is the monthly expiry: SPX's AM-settled
 * monthly (09:30) and the SPXW series listed for the same day (16:00) alike.
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import { zoneOffsetMs } from "../data/time.js";

/** Which day of the month the monthly expiry falls on. */
export type MonthlyRule = "third-friday" | "last-friday";

/** The rules, in the order the CLI lists them. */
export const MONTHLY_RULES: readonly MonthlyRule[] = ["third-friday", "last-friday"];

const DAY_MS = 86400_000;

/** Calendar date (YYYY-MM-DD) of an instant in a zone (select.ts's dateInZone; not imported, select.ts imports this module). */
function dateOf(epochMs: number, zone: string): string {
  return new Date(epochMs + zoneOffsetMs(epochMs, zone)).toISOString().slice(0, 10);
}

/**
 * The monthly expiry date of a month under a rule (no holiday shift), YYYY-MM-DD.
 *
 * @param year - four-digit year
 * @param month - 1…12
 * @param rule - third-friday or last-friday
 * @throws RangeError for a month outside 1…12 or a year that is not an integer
 * @example
 * monthlyDate(2024, 1, "third-friday"); // "2024-01-19"
 * monthlyDate(2024, 3, "last-friday");  // "2024-03-29"
 */
export function monthlyDate(year: number, month: number, rule: MonthlyRule): string {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`monthlyDate needs an integer year and a month 1–12 (got ${year}-${month})`);
  }
  let day: number;
  if (rule === "third-friday") {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay(); // 0 = Sunday
    day = 1 + ((5 - first + 7) % 7) + 14;
  } else if (rule === "last-friday") {
    const last = new Date(Date.UTC(year, month, 0)); // day 0 of next month = last day of this one
    day = last.getUTCDate() - ((last.getUTCDay() - 5 + 7) % 7);
  } else {
    throw new RangeError(`monthly rule must be one of ${MONTHLY_RULES.join(", ")} (got ${JSON.stringify(rule)})`);
  }
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/**
 * The rule a chain follows: `last-friday` when every expiry is at 08:00 UTC (Deribit's clock),
 * `third-friday` otherwise (US listings).
 *
 * @example
 * monthlyRuleOf(spx); // "third-friday"
 * monthlyRuleOf(btc); // "last-friday" (Deribit 2024-03-12)
 */
export function monthlyRuleOf(chain: Chain): MonthlyRule {
  if (chain.length === 0) return "third-friday";
  for (let i = 0; i < chain.length; i++) {
    const e = chain.expiry[i]!;
    if (((e % DAY_MS) + DAY_MS) % DAY_MS !== 8 * 3600_000) return "third-friday";
  }
  return "last-friday";
}

/**
 * The next monthly expiry alive at `atMs`: the earliest monthly date (in the chain's zone) on which
 * the chain has a contract expiring after `atMs`, with every expiry instant on that date.
 *
 * @param chain - the chain (not modified)
 * @param atMs - evaluation instant, ms since epoch; default the chain's as-of
 * @param rule - default {@link monthlyRuleOf}(chain)
 * @returns the date and its expiry instants (ascending), or null when no listed expiry falls on a
 *   monthly date
 * @example
 * nextMonthlyExpiry(spx);  // { date: "2024-01-19", expiries: [1705674600000, 1705698000000] } (09:30 SPX, 16:00 SPXW)
 * nextMonthlyExpiry(btc);  // { date: "2024-03-29", expiries: [1711699200000] } (Deribit 29MAR24 08:00 UTC)
 */
export function nextMonthlyExpiry(
  chain: Chain, atMs: number = chain.asOf.epochMs, rule: MonthlyRule = monthlyRuleOf(chain),
): { date: string; expiries: number[] } | null {
  const zone = chain.asOf.zone;
  // live expiry instants by date, ascending
  const byDate = new Map<string, Set<number>>();
  for (let i = 0; i < chain.length; i++) {
    const e = chain.expiry[i]!;
    if (!(e > atMs)) continue;
    const d = dateOf(e, zone);
    let s = byDate.get(d);
    if (!s) byDate.set(d, (s = new Set()));
    s.add(e);
  }
  const dates = [...byDate.keys()].sort();
  for (const d of dates) {
    const y = Number(d.slice(0, 4));
    const m = Number(d.slice(5, 7));
    const monthly = monthlyDate(y, m, rule);
    let hit = d === monthly;
    if (!hit && rule === "third-friday") {
      // the Thursday before a third Friday that the chain does not list (an exchange holiday)
      const thursday = new Date(Date.parse(monthly + "T00:00:00Z") - DAY_MS).toISOString().slice(0, 10);
      hit = d === thursday && !byDate.has(monthly);
    }
    if (hit) return { date: d, expiries: [...byDate.get(d)!].sort((a, b) => a - b) };
  }
  return null;
}
