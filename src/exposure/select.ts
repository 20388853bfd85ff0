/**
 * Which contracts of a chain a profile uses, and their time to expiry at the evaluation instant.
 *
 * The evaluation instant is the snapshot's as-of time, or a later one (`at`) for "the profile as of
 * Friday": every contract's time to expiry shrinks by the gap, and contracts that expire in between
 * (T ≤ 0) drop out and are counted. Contracts expiring later on the evaluation day keep their true
 * fractional time. Expiry filters work on calendar dates in the chain's zone (New York for CBOE
 * and IBIT files, UTC for Deribit).
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import { YEAR_MS, zoneOffsetMs } from "../data/time.js";
import { nextMonthlyExpiry, type MonthlyRule } from "./monthly.js";

/** Expiry filters, applied after contracts expired at the evaluation instant are removed. */
export interface ExpiryFilter {
  /** keep expiries whose date (YYYY-MM-DD in the chain's zone) is on or after this date */
  fromDate?: string;
  /** keep expiries whose date is on or before this date */
  toDate?: string;
  /** drop every contract of the nearest expiry still alive at the evaluation instant */
  excludeNextExpiry?: boolean;
  /** drop contracts whose expiry date is the evaluation instant's date (in the chain's zone) */
  excludeExpiringToday?: boolean;
  /** drop every contract expiring on the next monthly expiry date alive at the evaluation instant (monthly.ts) */
  excludeNextMonthly?: boolean;
  /** which day is the monthly expiry; default from the chain (monthlyRuleOf) */
  monthlyRule?: MonthlyRule;
}

/** The contracts a computation uses. */
export interface Selection {
  /** chain indices of the selected contracts, ascending */
  index: Uint32Array;
  /** years from the evaluation instant to each selected contract's expiry (> 0), parallel to `index` */
  time: Float64Array;
  /** evaluation instant, ms since epoch */
  atMs: number;
  /** contracts in the chain */
  contracts: number;
  /** contracts that expire at or before the evaluation instant (T ≤ 0) */
  expired: number;
  /** contracts removed by the expiry filters */
  filtered: number;
}

/**
 * Calendar date (YYYY-MM-DD) of an instant in a zone.
 *
 * @example
 * dateInZone(Date.UTC(2024, 0, 8, 21, 0), "America/New_York"); // "2024-01-08"
 */
export function dateInZone(epochMs: number, zone: string): string {
  return new Date(epochMs + zoneOffsetMs(epochMs, zone)).toISOString().slice(0, 10);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Select the contracts alive at `atMs` that pass the filters.
 *
 * @param chain - the chain (not modified)
 * @param atMs - evaluation instant, ms since epoch; default the chain's as-of time. Must not be
 *   before the snapshot
 * @param filter - expiry filters
 * @throws RangeError when `atMs` is not finite or is before the snapshot, or a filter date is not
 *   YYYY-MM-DD, or fromDate is after toDate
 * @example
 * // SPX snapshot of Sun 7 Jan 2024 10:52 ET, evaluated two days later
 * const sel = selectContracts(spx, spx.asOf.epochMs + 2 * 86400e3);
 * sel.expired;       // 260 (Monday 8 Jan's SPXW contracts)
 * sel.index.length;  // 14720
 */
export function selectContracts(chain: Chain, atMs: number = chain.asOf.epochMs, filter: ExpiryFilter = {}): Selection {
  if (!Number.isFinite(atMs)) throw new RangeError(`the evaluation time must be a finite instant (got ${atMs})`);
  if (atMs < chain.asOf.epochMs) {
    throw new RangeError(`the evaluation time ${new Date(atMs).toISOString()} is before the snapshot ${new Date(chain.asOf.epochMs).toISOString()}`);
  }
  for (const [name, d] of [["fromDate", filter.fromDate], ["toDate", filter.toDate]] as const) {
    if (d !== undefined && !DATE.test(d)) throw new RangeError(`${name} must be a date YYYY-MM-DD (got ${JSON.stringify(d)})`);
  }
  if (filter.fromDate !== undefined && filter.toDate !== undefined && filter.fromDate > filter.toDate) {
    throw new RangeError(`fromDate ${filter.fromDate} is after toDate ${filter.toDate}`);
  }
  const n = chain.length;
  const shift = (atMs - chain.asOf.epochMs) / YEAR_MS;
  const zone = chain.asOf.zone;
  const today = dateInZone(atMs, zone);
  const dates = new Map<number, string>();
  const dateOf = (ms: number): string => {
    let d = dates.get(ms);
    if (d === undefined) {
      d = dateInZone(ms, zone);
      dates.set(ms, d);
    }
    return d;
  };
  // the nearest live expiry (by instant)
  let next = Infinity;
  if (filter.excludeNextExpiry) {
    for (let i = 0; i < n; i++) {
      const e = chain.expiry[i]!;
      const t = shift === 0 ? chain.time[i]! : (e - atMs) / YEAR_MS;
      if (t > 0 && e < next) next = e;
    }
  }
  const monthly = filter.excludeNextMonthly ? new Set(nextMonthlyExpiry(chain, atMs, filter.monthlyRule)?.expiries ?? []) : null;
  const index = new Uint32Array(n);
  const time = new Float64Array(n);
  let m = 0;
  let expired = 0;
  let filtered = 0;
  const useDates = filter.fromDate !== undefined || filter.toDate !== undefined || filter.excludeExpiringToday === true;
  for (let i = 0; i < n; i++) {
    const e = chain.expiry[i]!;
    // a later evaluation instant: exact from the instants, so a contract expiring at `atMs` has T = 0
    const t = shift === 0 ? chain.time[i]! : (e - atMs) / YEAR_MS;
    if (!(t > 0)) {
      expired++;
      continue;
    }
    if (e === next || (monthly !== null && monthly.has(e))) {
      filtered++;
      continue;
    }
    if (useDates) {
      const d = dateOf(e);
      if ((filter.fromDate !== undefined && d < filter.fromDate) || (filter.toDate !== undefined && d > filter.toDate) ||
        (filter.excludeExpiringToday && d === today)) {
        filtered++;
        continue;
      }
    }
    index[m] = i;
    time[m] = t;
    m++;
  }
  return { index: index.slice(0, m), time: time.slice(0, m), atMs, contracts: n, expired, filtered };
}
