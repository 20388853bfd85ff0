/**
 * Open-interest histories: Binance `GET /futures/data/openInterestHist` saved as JSON
 * (`[{symbol, sumOpenInterest, sumOpenInterestValue, timestamp}]`, numbers as strings; only the
 * last month is served) or CSV, and bar files that carry price bars beside the OI (what a
 * liquidation ladder replays: time, high, low, close, OI), for one or several venues.
 *
 * CSV columns (case-insensitive; spaces or hyphens read as `_`):
 *
 * | column | names accepted | unit |
 * |---|---|---|
 * | time (required) | `timestamp`, `time`, `datetime`, `date`, `open_time` | epoch ms, or ISO 8601 (UTC without an offset) |
 * | OI in coin | `sumopeninterest`, `open_interest`, `oi`, `open_interest_coin`, `oi_coin` | coin (BTC) |
 * | OI in USD | `sumopeninterestvalue`, `open_interest_usd`, `oi_usd`, `open_interest_value` | USD |
 * | venue, symbol | `venue`, `exchange`; `symbol`, `pair` | text (default: the option, or "binance" for Binance's shape) |
 * | bars | `open`, `high`, `low`, `close` | USD per coin |
 *
 * At least one OI column is required. A row is rejected (with its line and column) for an
 * unreadable time, no readable OI, an OI < 0, a bar price ≤ 0, or high < low. Repeated
 * (venue, symbol, time) rows — a real case: imsatoshi/btcfuturedata repeats each timestamp 4–6
 * times — are kept once when identical and all rejected when they differ; missing bar prices are
 * NaN and counted in the report's warnings, not dropped silently.
 *
 * @module
 */
import type { Problem } from "./chain.js";
import { parseNumberField } from "./csv.js";
import { findColumn, readCsvTable } from "./csvTable.js";
import { foundColumns, InputError } from "./errors.js";
import { readInputFile, type RowsReport } from "./priceHistory.js";
import { parseInstant } from "./time.js";

/** One venue's and symbol's OI history, columnar, ascending by time. */
export interface OiSeries {
  /** lower case: "binance", "cme", … */
  venue: string;
  /** as written, "" when the file has none */
  symbol: string;
  /** ms since epoch, strictly ascending */
  time: Float64Array;
  /** USD per coin, NaN where the file has no bar */
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** open interest in coin, NaN where unknown */
  oiCoin: Float64Array;
  /** open interest in USD (Binance `sumOpenInterestValue`), NaN where unknown */
  oiUsd: Float64Array;
  /** 1-based source line of each point (JSON: the array index + 1) */
  line: Int32Array;
}

/** An OI history file read. */
export interface OiHistory {
  /** "binance-json" or "csv" */
  format: string;
  series: OiSeries[];
  /** the `#` comment lines before a CSV header (e.g. a SYNTHETIC label); empty for JSON */
  comments: string[];
  report: RowsReport;
}

/** Options of {@link parseOiHistory}. */
export interface OiHistoryOptions {
  /** venue for rows without a venue column; default "binance" for Binance's JSON and for a CSV with its columns (sumOpenInterest, sumOpenInterestValue), else "unknown" */
  venue?: string;
  strict?: boolean;
}

const TIME = ["timestamp", "time", "datetime", "date", "open_time"];
const COIN = ["sumopeninterest", "open_interest", "oi", "open_interest_coin", "oi_coin"];
const USD = ["sumopeninterestvalue", "open_interest_usd", "oi_usd", "open_interest_value"];

interface Point {
  line: number; venue: string; symbol: string; time: number;
  open: number; high: number; low: number; close: number; coin: number; usd: number;
}

/** A time cell: epoch ms (number or digits) or ISO (UTC when no offset). */
function timeOf(x: unknown): number | undefined {
  if (typeof x === "number") return Number.isFinite(x) && x > 1e11 ? x : undefined;
  if (typeof x !== "string") return undefined;
  return parseInstant(x, "00:00", "UTC")?.epochMs;
}

/** A number cell from JSON or CSV text; NaN for blank. */
function numOf(x: unknown): number {
  if (typeof x === "number") return x;
  if (typeof x !== "string") return NaN;
  return parseNumberField(x);
}

/**
 * Parse an OI history (Binance JSON array, or CSV; see the module note).
 *
 * @throws InputError naming the file (and line, field) for a file that cannot be used: not JSON
 *   and no CSV header, no time column, no OI column, no usable row; in strict mode the first rejected row
 * @example
 * const h = parseOiHistory('[{"symbol":"BTCUSDT","sumOpenInterest":"20403.637","sumOpenInterestValue":"150570784.07809979","timestamp":"1583127900000"}]', "oi.json");
 * h.series[0].venue;    // "binance"
 * h.series[0].oiCoin[0]; // 20403.637
 */
export function parseOiHistory(text: string, file: string, opts: OiHistoryOptions = {}): OiHistory {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const points: Point[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let rows = 0;
  let format: string;
  let comments: string[] = [];
  const check = (p: Point, fieldNames: Record<string, string>): string | undefined => {
    if (!Number.isFinite(p.coin) && !Number.isFinite(p.usd)) return `${fieldNames.oi}: no readable open interest`;
    if (p.coin < 0 || p.usd < 0) return `${fieldNames.oi}: open interest must be ≥ 0`;
    for (const k of ["open", "high", "low", "close"] as const) if (Number.isFinite(p[k]) && !(p[k] > 0)) return `${k}: must be > 0 (got ${p[k]})`;
    if (p.high < p.low) return `high: ${p.high} is below low ${p.low}`;
    return undefined;
  };
  if (/^\s*\[/.test(body)) {
    format = "binance-json";
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (err) {
      throw new InputError(`not valid JSON: ${(err as Error).message}`, { file });
    }
    const arr = doc as unknown[];
    arr.forEach((r, i) => {
      rows++;
      const line = i + 1;
      if (typeof r !== "object" || r === null) { problems.push({ line, reason: `[${i}] must be an object` }); return; }
      const o = r as Record<string, unknown>;
      const time = timeOf(o.timestamp ?? o.time);
      if (time === undefined) { problems.push({ line, field: "timestamp", reason: `[${i}].timestamp: unreadable time ${JSON.stringify(o.timestamp ?? null)}` }); return; }
      const p: Point = {
        line, venue: (opts.venue ?? "binance").toLowerCase(), symbol: typeof o.symbol === "string" ? o.symbol : "", time,
        open: NaN, high: NaN, low: NaN, close: NaN, coin: numOf(o.sumOpenInterest), usd: numOf(o.sumOpenInterestValue),
      };
      const bad = check(p, { oi: "sumOpenInterest" });
      if (bad) { problems.push({ line, field: bad.split(":")[0]!, reason: `[${i}].${bad}` }); return; }
      points.push(p);
    });
    if (rows === 0) throw new InputError("the JSON array is empty", { file });
  } else {
    format = "csv";
    const t = readCsvTable(body, file);
    comments = t.comments;
    rows = t.count;
    problems.push(...t.malformed);
    const found = foundColumns(t.header);
    const col = (c: readonly string[]) => findColumn(t.names, c);
    const ti = col(TIME), ci = col(COIN), ui = col(USD), vi = col(["venue", "exchange"]), si = col(["symbol", "pair"]);
    const bar = { open: col(["open"]), high: col(["high"]), low: col(["low"]), close: col(["close"]) };
    if (ti < 0) throw new InputError(`missing required column 'timestamp' (${found})`, { file, line: t.headerLine });
    if (ci < 0 && ui < 0) throw new InputError(`needs an open-interest column: sumOpenInterest (coin) or sumOpenInterestValue (USD) (${found})`, { file, line: t.headerLine });
    const oiName = t.header[ci >= 0 ? ci : ui]!;
    // Binance's openInterestHist saved as CSV has no venue column: its own column names say whose it is
    const binanceColumns = vi < 0 && opts.venue === undefined && (t.names[ci] === "sumopeninterest" || t.names[ui] === "sumopeninterestvalue");
    const defaultVenue = (opts.venue ?? (binanceColumns ? "binance" : "unknown")).toLowerCase();
    if (binanceColumns) {
      warnings.push({ line: t.headerLine, reason: `no venue column: read as binance (${[ci, ui].filter((i) => i >= 0).map((i) => t.header[i]).join(", ")} are Binance openInterestHist's columns)` });
    }
    for (const { line, fields } of t.rows) {
      const time = timeOf(fields[ti]!.trim());
      if (time === undefined) { problems.push({ line, field: t.header[ti]!, reason: `unreadable time ${JSON.stringify(fields[ti]!.trim())}` }); continue; }
      const f = (i: number) => (i >= 0 ? numOf(fields[i]!) : NaN);
      const p: Point = {
        line, venue: (vi >= 0 && fields[vi]!.trim() !== "" ? fields[vi]!.trim() : defaultVenue).toLowerCase(),
        symbol: si >= 0 ? fields[si]!.trim() : "", time,
        open: f(bar.open), high: f(bar.high), low: f(bar.low), close: f(bar.close), coin: f(ci), usd: f(ui),
      };
      const bad = check(p, { oi: oiName });
      if (bad) {
        const [field, ...rest] = bad.split(": ");
        problems.push({ line, field: field === oiName ? oiName : field!, reason: rest.join(": ") });
        continue;
      }
      points.push(p);
    }
  }
  // group by venue and symbol; repeated times
  const groups = new Map<string, Point[]>();
  for (const p of points) {
    const k = `${p.venue}\u0000${p.symbol}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(p);
  }
  const series: OiSeries[] = [];
  let used = 0;
  let missingBars = 0;
  for (const g of groups.values()) {
    g.sort((a, b) => a.time - b.time || a.line - b.line);
    const kept: Point[] = [];
    for (let i = 0; i < g.length; ) {
      let j = i + 1;
      while (j < g.length && g[j]!.time === g[i]!.time) j++;
      const same = g.slice(i, j);
      const key = (p: Point) => [p.open, p.high, p.low, p.close, p.coin, p.usd].join();
      if (same.length === 1) kept.push(same[0]!);
      else if (same.every((p) => key(p) === key(same[0]!))) {
        kept.push(same[0]!);
        for (const p of same.slice(1)) problems.push({ line: p.line, reason: `time repeated (identical to line ${same[0]!.line})` });
      } else {
        const lines = same.map((p) => p.line).join(", ");
        for (const p of same) problems.push({ line: p.line, reason: `time repeated with different values (lines ${lines})` });
      }
      i = j;
    }
    if (kept.length === 0) continue;
    used += kept.length;
    missingBars += kept.filter((p) => !Number.isFinite(p.close)).length;
    const col = (k: keyof Point) => Float64Array.from(kept, (p) => p[k] as number);
    series.push({
      venue: kept[0]!.venue, symbol: kept[0]!.symbol, time: col("time"), open: col("open"), high: col("high"), low: col("low"),
      close: col("close"), oiCoin: col("coin"), oiUsd: col("usd"), line: Int32Array.from(kept, (p) => p.line),
    });
  }
  if (missingBars > 0 && format === "csv" && series.some((s) => s.close.some(Number.isFinite))) {
    warnings.push({ line: 1, reason: `${missingBars} row(s) have no close price (bars left as missing)` });
  }
  series.sort((a, b) => (a.venue < b.venue ? -1 : a.venue > b.venue ? 1 : a.symbol < b.symbol ? -1 : 1));
  problems.sort((a, b) => a.line - b.line);
  if (opts.strict && problems.length > 0) {
    const p = problems[0]!;
    throw new InputError(p.reason, { file, line: p.line, ...(p.field !== undefined ? { field: p.field } : {}) });
  }
  if (used === 0) throw new InputError(`no usable row${problems[0] ? ` (e.g. line ${problems[0].line}: ${problems[0].reason})` : ""}`, { file });
  return { format, series, comments, report: { file, rows, used, rejected: rows - used, problems, warnings } };
}

/**
 * Read and parse an OI history ({@link parseOiHistory}).
 *
 * @example
 * const h = await loadOiHistory("data/btc_oi_history_2026-01-26_2026-02-10.csv");
 * h.series.map((s) => s.venue); // ["binance", "cme"]
 */
export async function loadOiHistory(file: string, opts: OiHistoryOptions = {}): Promise<OiHistory> {
  return parseOiHistory(await readInputFile(file), file, opts);
}

/**
 * The last point of a series at or before an instant (its index), or −1.
 *
 * @example
 * // the shipped sample's Binance series, hourly from 2026-01-26T00:00Z
 * oiIndexAt(binance, Date.UTC(2026, 1, 5, 16, 30)); // 256 (the 16:00 bar)
 */
export function oiIndexAt(series: Pick<OiSeries, "time">, ms: number): number {
  let lo = 0, hi = series.time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.time[mid]! <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
