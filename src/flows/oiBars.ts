/**
 * The rows a liquidation ladder replays, from an open-interest series (data/openInterest.ts): time,
 * high, low, close and open interest in coin, each row's gaps filled only where the file itself
 * fixes the value, and every row that cannot be used counted with its reason.
 *
 * - open interest in coin: the file's coin column; else USD / close (Binance's
 *   `sumOpenInterestValue` is the OI valued at the period's price);
 * - close: the file's close; else, with both OI columns, USD / coin (the price the venue valued the
 *   OI at: imsatoshi/btcfuturedata's first row 4,336,802,989.7166 / 71,346.129 = 60,785.7);
 * - high and low: the file's; else the close (a row with no range clears nothing it would not
 *   clear at its close: stated in the ladder's assumptions).
 * A row whose close lies outside its own high–low range is left out and counted.
 *
 * @module
 */
import type { OiSeries } from "../data/openInterest.js";
import type { OiBar } from "./ladder.js";

/** The rows of a series ready for {@link buildLadder}, and what was done to them. */
export interface OiBars {
  bars: OiBar[];
  /** rows after the cut-off time, not used */
  after: number;
  /** rows left out: no price or no open interest could be known, or a close outside high–low; first lines listed */
  skipped: { count: number; lines: number[] };
  /** rows whose close came from USD / coin */
  closeFromValue: number;
  /** rows whose OI in coin came from USD / close */
  coinFromValue: number;
  /** rows with no high/low, replayed at their close */
  noRange: number;
}

/**
 * Turn an open-interest series into ladder rows up to an instant.
 *
 * @param series - one venue's and symbol's history, ascending
 * @param untilMs - last instant to use (a snapshot's as-of: nothing later may leak in); default all
 * @example
 * const h = await loadOiHistory("data/btc_oi_history_2026-01-26_2026-02-10.csv");
 * oiBars(h.series.find((s) => s.venue === "binance")!, Date.parse("2026-02-04T14:00Z")).bars.length; // 231
 */
export function oiBars(series: OiSeries, untilMs = Infinity): OiBars {
  const out: OiBars = { bars: [], after: 0, skipped: { count: 0, lines: [] }, closeFromValue: 0, coinFromValue: 0, noRange: 0 };
  for (let i = 0; i < series.time.length; i++) {
    const time = series.time[i]!;
    if (time > untilMs) {
      out.after++;
      continue;
    }
    const coinRaw = series.oiCoin[i]!;
    const usd = series.oiUsd[i]!;
    let close = series.close[i]!;
    if (!(close > 0) && coinRaw > 0 && usd > 0) {
      close = usd / coinRaw;
      out.closeFromValue++;
    }
    let coin = coinRaw;
    if (!(coin >= 0) && usd >= 0 && close > 0) {
      coin = usd / close;
      out.coinFromValue++;
    }
    let high = series.high[i]!;
    let low = series.low[i]!;
    const noRange = !(high > 0) || !(low > 0);
    if (noRange) {
      high = close;
      low = close;
    }
    // no price, no open interest, or a close outside its own bar: the row cannot be replayed
    if (!(close > 0) || !(coin >= 0) || close < low || close > high) {
      out.skipped.count++;
      if (out.skipped.lines.length < 5) out.skipped.lines.push(series.line[i]!);
      continue;
    }
    if (noRange) out.noRange++;
    out.bars.push({ time, high, low, close, openInterest: coin });
  }
  return out;
}
