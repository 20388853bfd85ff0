/**
 * The realized volatility of a closing-price history: the evidence behind a note's default vol
 * when no option chain and no explicit vol is given.
 *
 * Estimator: the sample standard deviation (jStat, n − 1) of the last {@link REALIZED_VOL_WINDOW}
 * daily log returns ln(C_i / C_{i−1}) whose closes are at or before the as-of date, annualized by
 * √252 — each return spans one trading day (weekends and holidays carry no return of their own), so
 * trading days, not calendar days, set the scale. Fewer than {@link MIN_RETURNS} returns give no
 * estimate.
 *
 * @module
 */
import jStat from "jstat";
import type { PriceHistory } from "../data/priceHistory.js";


/** Daily returns in the window (63 ≈ three months of trading days). */
export const REALIZED_VOL_WINDOW = 63;
/** Fewest returns that make an estimate. */
export const MIN_RETURNS = 20;
/** Trading days per year: the annualization of daily returns. */
export const RETURNS_PER_YEAR = 252;

/** A realized-vol estimate and what it rests on. */
export interface RealizedVol {
  /** decimal per √year */
  value: number;
  /** number of daily log returns used */
  returns: number;
  /** date of the first close of the window (the return's start), "YYYY-MM-DD" */
  from: string;
  /** date of the last close used */
  to: string;
  /** the annualization: returns per year */
  perYear: number;
}

/**
 * The realized vol of a history up to a date (module notes).
 *
 * @param history - daily closes, ascending
 * @param asOfDate - last close date that may be used, "YYYY-MM-DD"
 * @param window - returns in the window (≥ 2); default {@link REALIZED_VOL_WINDOW}
 * @returns the estimate, or undefined with fewer than {@link MIN_RETURNS} returns
 * @example
 * // history = await loadPriceHistory("data/ibit_history_2025-09_2026-02.csv")
 * realizedVol(history, "2026-02-03");
 * // { value: 0.31216339192523196, returns: 63, from: "2025-10-31", to: "2026-02-03", perYear: 252 }
 */
export function realizedVol(history: Pick<PriceHistory, "dates" | "close">, asOfDate: string, window = REALIZED_VOL_WINDOW): RealizedVol | undefined {
  let end = history.dates.length - 1;
  while (end >= 0 && history.dates[end]! > asOfDate) end--;
  const start = Math.max(0, end - window);
  const r: number[] = [];
  for (let i = start + 1; i <= end; i++) r.push(Math.log(history.close[i]! / history.close[i - 1]!));
  if (r.length < MIN_RETURNS || r.some((x) => !Number.isFinite(x))) return undefined;
  return { value: jStat.stdev(r, true) * Math.sqrt(RETURNS_PER_YEAR), returns: r.length, from: history.dates[start]!, to: history.dates[end]!, perYear: RETURNS_PER_YEAR };
}
