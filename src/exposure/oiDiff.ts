/**
 * Open-interest change between two snapshots of one underlying, series by series (a series = root,
 * call/put, strike, expiry instant), with totals by strike and by expiry.
 *
 * A series in the newer snapshot only is a **new** position; one in the older only is **closed**
 * when its expiry is after the newer snapshot, and **expired** when it expired in between. Only the
 * contracts each loader used are compared: contracts with zero open interest count as absent, and
 * contracts a loader excluded for an unusable IV or row are absent from its side (the caller
 * reports how many, see `LoadReport.excluded`).
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import { formatInstant } from "../data/time.js";

/** What happened to a series between the snapshots. */
export type SeriesStatus = "new" | "closed" | "expired" | "increased" | "decreased" | "unchanged";

/** One series' open interest in both snapshots. */
export interface SeriesChange {
  /** symbol root ("SPXW", "SPX", "BTC") */
  root: string;
  type: "call" | "put";
  /** strike, currency per unit */
  strike: number;
  /** expiry instant, ISO 8601 */
  expiry: string;
  /** expiry instant, ms since epoch */
  expiryMs: number;
  /** open interest in the older snapshot, contracts (0 when absent) */
  older: number;
  /** open interest in the newer snapshot, contracts (0 when absent) */
  newer: number;
  /** newer − older, contracts */
  change: number;
  status: SeriesStatus;
}

/** Open-interest change summed over a strike or an expiry. */
export interface ChangeTotals {
  /** call open interest change, contracts */
  callChange: number;
  /** put open interest change, contracts */
  putChange: number;
  /** callChange + putChange */
  change: number;
  /** open interest of new series, contracts */
  opened: number;
  /** open interest of closed series (before), contracts */
  closed: number;
  /** open interest of expired series (before), contracts */
  expired: number;
  /** series counts by status */
  newSeries: number;
  closedSeries: number;
  expiredSeries: number;
}

/** The whole comparison. */
export interface OpenInterestDiff {
  underlying: string;
  older: { asOf: string; asOfMs: number; spot: number; contracts: number };
  newer: { asOf: string; asOfMs: number; spot: number; contracts: number };
  /** every series with a change (status ≠ unchanged), by expiry, strike, type, root */
  series: SeriesChange[];
  /** series present in both with the same open interest */
  unchangedSeries: number;
  /** per strike, ascending (every strike with a change) */
  byStrike: Array<ChangeTotals & { strike: number }>;
  /** per expiry instant, ascending (every expiry with a change) */
  byExpiry: Array<ChangeTotals & { expiry: string; expiryMs: number }>;
  /** over every series */
  totals: ChangeTotals & { olderOpenInterest: number; newerOpenInterest: number };
}

function emptyTotals(): ChangeTotals {
  return { callChange: 0, putChange: 0, change: 0, opened: 0, closed: 0, expired: 0, newSeries: 0, closedSeries: 0, expiredSeries: 0 };
}

function add(t: ChangeTotals, s: SeriesChange): void {
  if (s.type === "call") t.callChange += s.change;
  else t.putChange += s.change;
  t.change += s.change;
  if (s.status === "new") {
    t.opened += s.newer;
    t.newSeries++;
  } else if (s.status === "closed") {
    t.closed += s.older;
    t.closedSeries++;
  } else if (s.status === "expired") {
    t.expired += s.older;
    t.expiredSeries++;
  }
}

/** Open interest per series key. */
function bySeries(chain: Chain): Map<string, { root: string; type: number; strike: number; expiry: number; oi: number }> {
  const m = new Map<string, { root: string; type: number; strike: number; expiry: number; oi: number }>();
  for (let i = 0; i < chain.length; i++) {
    const root = chain.root[i]!;
    const type = chain.type[i]!;
    const strike = chain.strike[i]!;
    const expiry = chain.expiry[i]!;
    const key = `${root}|${type}|${strike}|${expiry}`;
    const row = m.get(key);
    if (row) row.oi += chain.openInterest[i]!;
    else m.set(key, { root, type, strike, expiry, oi: chain.openInterest[i]! });
  }
  return m;
}

/**
 * Compare the open interest of two snapshots of one underlying.
 *
 * @param older - the earlier snapshot
 * @param newer - the later snapshot
 * @returns every changed series, totals by strike, by expiry and overall
 * @throws RangeError when the underlyings differ or the newer snapshot is not after the older
 * @example
 * const d = diffOpenInterest(spx2022, spx2024); // SPX 5 Feb 2022 → 7 Jan 2024
 * d.totals.expiredSeries; // 15360 (of 2022's series, expired by 2024); d.totals.newSeries: 14772
 * d.byStrike.find((r) => r.strike === 4700);
 * // { strike: 4700, callChange: -54531, putChange: 58487, change: 3956, opened: 299928, closed: 0, expired: 328409, newSeries: 107, … }
 */
export function diffOpenInterest(older: Chain, newer: Chain): OpenInterestDiff {
  if (older.underlying.toUpperCase() !== newer.underlying.toUpperCase()) {
    throw new RangeError(`the two snapshots are of different underlyings (${older.underlying} and ${newer.underlying})`);
  }
  if (!(newer.asOf.epochMs > older.asOf.epochMs)) {
    throw new RangeError(
      `the newer snapshot (${formatInstant(newer.asOf)}) must be after the older one (${formatInstant(older.asOf)}): give the older file first`,
    );
  }
  const a = bySeries(older);
  const b = bySeries(newer);
  const zone = newer.asOf.zone;
  const series: SeriesChange[] = [];
  let unchanged = 0;
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    const s = (x ?? y)!;
    const o = x?.oi ?? 0;
    const n = y?.oi ?? 0;
    let status: SeriesStatus;
    if (x === undefined) status = "new";
    else if (y === undefined) status = s.expiry <= newer.asOf.epochMs ? "expired" : "closed";
    else status = n > o ? "increased" : n < o ? "decreased" : "unchanged";
    if (status === "unchanged") {
      unchanged++;
      continue;
    }
    series.push({
      root: s.root, type: s.type === 1 ? "call" : "put", strike: s.strike,
      expiry: formatInstant({ epochMs: s.expiry, zone }), expiryMs: s.expiry,
      older: o, newer: n, change: n - o, status,
    });
  }
  series.sort((p, q) => p.expiryMs - q.expiryMs || p.strike - q.strike || (p.type < q.type ? -1 : p.type > q.type ? 1 : 0) || (p.root < q.root ? -1 : p.root > q.root ? 1 : 0));
  const strikes = new Map<number, ChangeTotals & { strike: number }>();
  const expiries = new Map<number, ChangeTotals & { expiry: string; expiryMs: number }>();
  const totals = emptyTotals();
  for (const s of series) {
    let k = strikes.get(s.strike);
    if (!k) strikes.set(s.strike, (k = { strike: s.strike, ...emptyTotals() }));
    let e = expiries.get(s.expiryMs);
    if (!e) expiries.set(s.expiryMs, (e = { expiry: s.expiry, expiryMs: s.expiryMs, ...emptyTotals() }));
    add(k, s);
    add(e, s);
    add(totals, s);
  }
  const sum = (c: Chain) => c.openInterest.reduce((acc, v) => acc + v, 0);
  const side = (c: Chain) => ({ asOf: formatInstant(c.asOf), asOfMs: c.asOf.epochMs, spot: c.spot, contracts: c.length });
  return {
    underlying: newer.underlying,
    older: side(older),
    newer: side(newer),
    series,
    unchangedSeries: unchanged,
    byStrike: [...strikes.values()].sort((p, q) => p.strike - q.strike),
    byExpiry: [...expiries.values()].sort((p, q) => p.expiryMs - q.expiryMs),
    totals: { ...totals, olderOpenInterest: sum(older), newerOpenInterest: sum(newer) },
  };
}
