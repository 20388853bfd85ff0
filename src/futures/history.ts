/**
 * A basis history from a futures-price file: the term structure of every observation, the CME open
 * interest of each day in coin and USD (contracts × coin per contract × spot), and the venues' OI
 * from an OI history sampled at the same cut-off (the last point at or before each observation's
 * instant), ready for {@link basisJumps}.
 *
 * @module
 */
import type { FuturesObservation } from "../data/futuresPrices.js";
import { oiIndexAt, type OiSeries } from "../data/openInterest.js";
import type { BasisDay, OiDay } from "./jumps.js";
import { termStructure, type TermStructure, type TermStructureOptions } from "./termStructure.js";

/** One day of the history. */
export interface HistoryDay extends BasisDay {
  asOfMs: number;
  spot: number;
  structure: TermStructure;
}

/**
 * The term structure of every observation, with the constant-maturity basis keyed by tenor.
 *
 * @example
 * basisHistory(prices.observations).map((d) => d.constantMaturity["30"]).at(-1); // 0.0648837336948376 (BTC and MBT together)
 */
export function basisHistory(observations: readonly FuturesObservation[], opts: TermStructureOptions = {}): HistoryDay[] {
  return observations.map((o) => {
    const structure = termStructure(o.asOfMs, o.spot, o.quotes, opts);
    const constantMaturity: Record<string, number | null> = {};
    for (const c of structure.constantMaturity) constantMaturity[String(c.tenor)] = c.basis;
    return { date: o.date, asOfMs: o.asOfMs, spot: o.spot, constantMaturity, structure };
  });
}

/**
 * Open interest per observation from the futures file's own `open_interest` column: Σ contracts ×
 * coin per contract over the quotes whose root has a size (unexpired contracts only), in coin, and
 * × spot in USD. Days where no quote has OI are left out.
 *
 * @param sizes - coin per contract by root, e.g. { BTC: 5, MBT: 0.1 } (data/contracts.json)
 * @example
 * futuresFileOi(prices.observations, { BTC: 5, MBT: 0.1 })[0]; // { date: "2026-01-26", coin: 142600, usd: 12607601110 }
 */
export function futuresFileOi(observations: readonly FuturesObservation[], sizes: Readonly<Record<string, number>>): OiDay[] {
  const out: OiDay[] = [];
  for (const o of observations) {
    let coin = 0;
    let any = false;
    for (const q of o.quotes) {
      const size = q.root !== null ? sizes[q.root] : undefined;
      if (size === undefined || !Number.isFinite(q.openInterest) || q.expiryMs <= o.asOfMs) continue;
      coin += q.openInterest * size;
      any = true;
    }
    if (any) out.push({ date: o.date, coin, usd: coin * o.spot });
  }
  return out;
}

/**
 * A venue's OI sampled at each observation's instant (the last point at or before it, if no older
 * than `maxAgeMs`, default 36 hours), in coin and USD (USD from the file, else coin × spot).
 *
 * @example
 * sampledOi(binanceSeries, days).at(-1); // { date: "2026-02-10", coin: 81077.126, usd: 5621305257.75 }
 */
export function sampledOi(series: OiSeries, days: ReadonlyArray<{ date: string; asOfMs: number; spot: number }>, maxAgeMs = 36 * 3600_000): OiDay[] {
  const out: OiDay[] = [];
  for (const d of days) {
    const i = oiIndexAt(series, d.asOfMs);
    if (i < 0 || d.asOfMs - series.time[i]! > maxAgeMs) continue;
    const coin = series.oiCoin[i]!;
    const usd = Number.isFinite(series.oiUsd[i]!) ? series.oiUsd[i]! : coin * d.spot;
    out.push({ date: d.date, coin, usd });
  }
  return out;
}
