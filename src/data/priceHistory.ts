/**
 * Daily closing-price histories (`date,close` CSV) of one underlying: the source of a note's
 * initial level when its term sheet omits it, and of the paths a barrier is observed on.
 *
 * Reads the minimal `date,close` layout and the common exports: Yahoo Finance / Stooq
 * (`Date,Open,High,Low,Close,Adj Close,Volume`), yfinance `to_csv` (dates with a time and offset,
 * `2024-01-02 00:00:00-05:00`) and Nasdaq historical data (`Date,Close/Last,Volume,Open,High,Low`,
 * `MM/DD/YYYY`, `$` prefixes, newest first). Column names are case-insensitive; the close is the
 * first of `close`, `close/last`, `last`, `price` — never `adj close` (barriers are fixed on the
 * actual close). Rows are returned in ascending date order whatever the file's order.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import type { Problem } from "./chain.js";
import { leadingComments, parseCsvRecords, parseNumberField } from "./csv.js";
import { foundColumns, InputError } from "./errors.js";

/**
 * What a row-per-record loader read. `rows = used + rejected`, and `problems` holds exactly one
 * entry per rejected row (its first reason), so `problems.length === rejected`.
 */
export interface RowsReport {
  file: string;
  /** data rows read (header, blank and `#` comment lines excluded) */
  rows: number;
  /** rows that went into the result */
  used: number;
  /** rows left out, each with one entry in `problems` */
  rejected: number;
  /** why each rejected row was left out (1-based file line, the column to blame, the reason) */
  problems: Problem[];
  /** things the user should know that did not reject a row */
  warnings: Problem[];
}

/** A closing-price series of one underlying, ascending by date, one close per date. */
export interface PriceHistory {
  /** symbol, upper case, from a `symbol`/`ticker` column or the caller; undefined if neither gave one */
  underlying?: string;
  /** "YYYY-MM-DD", strictly ascending */
  dates: string[];
  /** close on each date, currency per share, > 0 */
  close: Float64Array;
  /** the `#` comment lines before the header (e.g. a SYNTHETIC label) */
  comments: string[];
  report: RowsReport;
}

/** Options of {@link parsePriceHistory}. */
export interface PriceHistoryOptions {
  /** the series' underlying when the file has no symbol column (must agree with it when it has) */
  underlying?: string;
  /** any row problem throws an InputError naming its line instead of being reported */
  strict?: boolean;
}

/**
 * A calendar date as exports write it, as "YYYY-MM-DD": `2024-01-02`, `2024/01/02`, US
 * `1/2/2024` or `01/02/2024` (month first), each optionally followed by a time and offset
 * (`2024-01-02 00:00:00-05:00`, `2024-01-02T16:00`), which is ignored: the date is the one written.
 * Impossible dates (`2024-02-30`, `13/1/2024`) give undefined.
 *
 * @example
 * parseDate("02/05/2026");                // "2026-02-05"
 * parseDate("2024-01-02 00:00:00-05:00"); // "2024-01-02"
 * parseDate("2024-02-30");                // undefined
 */
export function parseDate(text: string): string | undefined {
  const s = text.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) {
    y = Number(m[1]); mo = Number(m[2]); d = Number(m[3]);
  } else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[T ].*)?$/.exec(s);
    if (!m) return undefined;
    mo = Number(m[1]); d = Number(m[2]); y = Number(m[3]);
  }
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * A price as exports write it: {@link parseNumberField} after an optional leading `$`
 * (`"$5,000,000"`, `$36.58`). A `%` makes it NaN (a price is never a percentage).
 *
 * @example
 * parsePriceField("$5,000,000"); // 5000000
 * parsePriceField(" 36.58 ");    // 36.58
 * parsePriceField("70%");        // NaN
 */
export function parsePriceField(raw: string): number {
  let s = raw.trim();
  if (s.endsWith("%")) return NaN;
  if (s.startsWith("$")) s = s.slice(1);
  return parseNumberField(s);
}

/**
 * Read a user's text file, turning file-system failures into a one-line {@link InputError}.
 *
 * @throws InputError `<file>: cannot read file (ENOENT: no such file or directory)`
 * @example
 * await readInputFile("missing.csv"); // throws "missing.csv: cannot read file (ENOENT: no such file or directory)"
 */
export async function readInputFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "")}` : String(e.message);
    throw new InputError(`cannot read file (${why})`, { file });
  }
}

/** Normalized header name: trimmed, lower case, runs of spaces collapsed. */
function norm(h: string): string {
  return h.trim().toLowerCase().replace(/\s+/g, " ");
}

const DATE_NAMES = ["date", "datetime", "timestamp", "time"];
const CLOSE_NAMES = ["close", "close/last", "close_last", "last", "price"];
const SYMBOL_NAMES = ["symbol", "ticker", "underlying"];

/**
 * Parse a price-history CSV (see the module notes for the layouts). A row is rejected, with a
 * problem naming its line and column, when its date or close cannot be read, the close is not > 0,
 * or its date repeats: of rows sharing a date with the same close, the first in the file is kept;
 * when their closes differ, all of them are rejected (the result does not depend on row order).
 *
 * @param text - the file's contents (BOM, CRLF, quoted fields, thousands separators allowed)
 * @param file - name used in messages and the report
 * @throws InputError for a file that cannot be used at all: empty, header only, no date or close
 *   column (the message lists the columns found), several symbols in one file, a symbol that
 *   disagrees with `options.underlying`; in strict mode, for the first rejected row
 * @example
 * const h = parsePriceHistory("Date,Close/Last\n02/06/2026,$38.10\n02/05/2026,$35.12\n", "ibit.csv", { underlying: "IBIT" });
 * h.dates;        // ["2026-02-05", "2026-02-06"]
 * h.close;        // Float64Array [35.12, 38.1]
 * h.report.used;  // 2
 */
export function parsePriceHistory(text: string, file: string, options: PriceHistoryOptions = {}): PriceHistory {
  const records = parseCsvRecords(text, file, { comments: true });
  if (records.length === 0) throw new InputError("file is empty", { file });
  const header = records[0]!.fields;
  const names = header.map(norm);
  const find = (cands: string[]) => {
    for (const c of cands) {
      const i = names.indexOf(c);
      if (i >= 0) return i;
    }
    return -1;
  };
  const headerLine = records[0]!.line;
  const found = foundColumns(header);
  const di = find(DATE_NAMES);
  if (di < 0) throw new InputError(`missing required column 'date' (${found})`, { file, line: headerLine });
  const ci = find(CLOSE_NAMES);
  if (ci < 0) {
    const adj = names.includes("adj close") ? "; 'adj close' is not used: barriers are fixed on the actual close" : "";
    throw new InputError(`missing required column 'close' (${found}${adj})`, { file, line: headerLine });
  }
  const si = find(SYMBOL_NAMES);
  const dateCol = header[di]!, closeCol = header[ci]!;

  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const symbols = new Set<string>();
  const byDate = new Map<string, { close: number; line: number }[]>();
  let rows = 0;
  for (let k = 1; k < records.length; k++) {
    rows++;
    const { line, fields: f } = records[k]!;
    if (f.length < header.length || f.slice(header.length).some((x) => x.trim() !== "")) {
      problems.push({ line, reason: `row has ${f.length} field${f.length === 1 ? "" : "s"}, the header has ${header.length}` });
      continue;
    }
    if (si >= 0) {
      const s = f[si]!.trim().toUpperCase();
      if (s !== "") symbols.add(s);
    }
    const date = parseDate(f[di]!);
    if (date === undefined) {
      problems.push({ line, field: dateCol, reason: `unparsable date ${JSON.stringify(f[di]!.trim())} (write YYYY-MM-DD or M/D/YYYY)` });
      continue;
    }
    const close = parsePriceField(f[ci]!);
    if (Number.isNaN(close)) {
      problems.push({ line, field: closeCol, reason: `not a number: ${JSON.stringify(f[ci]!.trim())}` });
      continue;
    }
    if (!(close > 0)) {
      problems.push({ line, field: closeCol, reason: `close must be > 0 (got ${close})` });
      continue;
    }
    let group = byDate.get(date);
    if (!group) byDate.set(date, (group = []));
    group.push({ close, line });
  }
  if (rows === 0) throw new InputError("no data rows (header only)", { file, line: headerLine });

  if (symbols.size > 1) {
    throw new InputError(`several underlyings in one price history (${[...symbols].sort().join(", ")}): give one file per underlying`, { file });
  }
  const fileSymbol = symbols.size === 1 ? [...symbols][0]! : undefined;
  const optSymbol = options.underlying?.trim().toUpperCase() || undefined;
  if (fileSymbol !== undefined && optSymbol !== undefined && fileSymbol !== optSymbol) {
    throw new InputError(`the file's ${header[si]!.trim()} is ${fileSymbol}, not ${optSymbol}`, { file });
  }

  const kept: { date: string; close: number }[] = [];
  for (const [date, group] of byDate) {
    if (group.length === 1) {
      kept.push({ date, close: group[0]!.close });
      continue;
    }
    group.sort((a, b) => a.line - b.line);
    const first = group[0]!;
    if (group.every((g) => g.close === first.close)) {
      kept.push({ date, close: first.close });
      for (const g of group.slice(1)) {
        problems.push({ line: g.line, field: dateCol, reason: `duplicate date ${date} (same close as line ${first.line})` });
      }
    } else {
      const all = group.map((g) => g.line).join(", ");
      for (const g of group) {
        problems.push({ line: g.line, field: dateCol, reason: `duplicate date ${date} with different closes (lines ${all})` });
      }
    }
  }
  problems.sort((a, b) => a.line - b.line);
  if (options.strict && problems.length > 0) {
    const p = problems[0]!;
    throw new InputError(p.reason, p.field === undefined ? { file, line: p.line } : { file, line: p.line, field: p.field });
  }
  kept.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const underlying = fileSymbol ?? optSymbol;
  const out: PriceHistory = {
    dates: kept.map((r) => r.date),
    close: Float64Array.from(kept, (r) => r.close),
    comments: leadingComments(text),
    report: { file, rows, used: kept.length, rejected: rows - kept.length, problems, warnings },
  };
  if (underlying !== undefined) out.underlying = underlying;
  return out;
}

/**
 * Read and parse a price-history CSV file ({@link parsePriceHistory}).
 *
 * @throws InputError when the file cannot be read or used (see {@link parsePriceHistory})
 * @example
 * const h = await loadPriceHistory("test/fixtures/notes/xyz_nasdaq.csv");
 * h.dates[0]; // "2025-11-14"
 */
export async function loadPriceHistory(file: string, options: PriceHistoryOptions = {}): Promise<PriceHistory> {
  return parsePriceHistory(await readInputFile(file), file, options);
}

function requireIsoDate(field: string, s: string): void {
  if (typeof s !== "string" || parseDate(s) !== s) throw new RangeError(`${field} must be a calendar date YYYY-MM-DD (got ${JSON.stringify(s)})`);
}

/** Number of dates ≤ iso (dates ascending): the index of the first date after it. */
function upperBound(dates: string[], iso: string): number {
  let lo = 0, hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid]! <= iso) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of dates < iso: the index of the first date on or after it. */
function lowerBound(dates: string[], iso: string): number {
  let lo = 0, hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid]! < iso) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The last close on or before a date (the close in force at that date's end), or undefined when
 * the history starts after it. Does not check how old that close is: compare `date` yourself.
 *
 * @param isoDate - "YYYY-MM-DD"
 * @throws RangeError when isoDate is not a calendar date "YYYY-MM-DD"
 * @example
 * // history 2026-02-05 → 35.12, 2026-02-06 → 38.10
 * closeOn(h, "2026-02-08"); // { date: "2026-02-06", close: 38.1 }
 * closeOn(h, "2026-02-01"); // undefined
 */
export function closeOn(history: Pick<PriceHistory, "dates" | "close">, isoDate: string): { date: string; close: number } | undefined {
  requireIsoDate("isoDate", isoDate);
  const i = upperBound(history.dates, isoDate) - 1;
  return i < 0 ? undefined : { date: history.dates[i]!, close: history.close[i]! };
}

/**
 * The closes dated from `fromIso` to `toIso`, both inclusive, ascending: a copy (the history is
 * not shared or changed). Empty when no date falls in the range.
 *
 * @throws RangeError when a date is not "YYYY-MM-DD" or fromIso is after toIso
 * @example
 * // history 2026-02-05 → 35.12, 2026-02-06 → 38.10
 * pathBetween(h, "2026-02-06", "2026-03-01"); // { dates: ["2026-02-06"], close: Float64Array [38.1] }
 */
export function pathBetween(history: Pick<PriceHistory, "dates" | "close">, fromIso: string, toIso: string): { dates: string[]; close: Float64Array } {
  requireIsoDate("fromIso", fromIso);
  requireIsoDate("toIso", toIso);
  if (fromIso > toIso) throw new RangeError(`fromIso must not be after toIso (got ${fromIso} > ${toIso})`);
  const a = lowerBound(history.dates, fromIso);
  const b = upperBound(history.dates, toIso);
  return { dates: history.dates.slice(a, b), close: history.close.slice(a, b) };
}
