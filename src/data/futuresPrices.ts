/**
 * Futures-price CSV: listed futures prices per observation (a day's settlements, or snapshots),
 * for the basis term structure and its history.
 *
 * Columns (header names case-insensitive, spaces or hyphens read as `_`; others ignored):
 *
 * | column | names accepted | format |
 * |---|---|---|
 * | time (required) | `date`, `timestamp`, `time`, `datetime`, `trade_date`, `bizdt` | `YYYY-MM-DD` or `M/D/YYYY` (taken at 16:00 Europe/London, the CME CF Bitcoin Reference Rate's print, so CME contracts are whole days away), ISO 8601 with or without offset (without: London wall time), or epoch ms |
 * | contract (this or expiry) | `contract`, `code`, `symbol`, `instrument` | CME code `BTCH26`, `MBTG26`, `BTCH6`: expiry by the CME rule (last Friday, 16:00 London, holidays moved back; cmeCalendar.ts) |
 * | expiry (this or contract) | `expiry`, `expiration`, `maturity`, `last_trade_date` | date (16:00 London) or ISO instant; wins over the code and must agree with its date |
 * | price (required) | `price`, `settle`, `settlement`, `close`, `futures_price`, `last` | USD per coin, > 0; thousands separators and `$` allowed; CME's `A`/`B` suffix dropped |
 * | open interest | `open_interest`, `oi`, `openinterest`, `prevdayoi` | contracts, ≥ 0 |
 * | spot (required unless given) | `spot`, `reference`, `reference_spot`, `index`, `index_price`, `brr`, `spot_price` | USD per coin, > 0 |
 *
 * Observations are grouped by instant; a spot may be written on one row of an observation only.
 * Rows are rejected (named with their line) for an unreadable time, contract, expiry, price, open
 * interest or spot, a code and an expiry that disagree, or a repeated contract within an observation
 * (kept once when the prices agree, all rejected when they differ). An observation whose rows give
 * different spots keeps the first and warns. Expired contracts are kept: the term structure lists
 * them as left out.
 *
 * @module
 */
import type { Problem } from "./chain.js";
import { cmeExpiryInstant, LONDON, parseFuturesCode } from "./cmeCalendar.js";
import { parseNumberField } from "./csv.js";
import { findColumn, readCsvTable } from "./csvTable.js";
import { foundColumns, InputError } from "./errors.js";
import { parseDate, parsePriceField, readInputFile, type RowsReport } from "./priceHistory.js";
import { parseInstant, zonedToEpoch, zoneOffsetMs } from "./time.js";

/**
 * Product roots whose expiry rule cmeCalendar.ts implements.
 *
 * @example
 * CME_CRYPTO_ROOTS.includes("MBT"); // true
 */
export const CME_CRYPTO_ROOTS: readonly string[] = ["BTC", "MBT", "ETH", "MET"];

/** One contract's price at an observation. */
export interface FuturesQuote {
  /** contract code as written (upper case), or the expiry text when the file has no code */
  code: string;
  /** product root from the code ("BTC", "MBT"), null without a code */
  root: string | null;
  /** expiry instant, ms since epoch */
  expiryMs: number;
  /** USD per coin */
  price: number;
  /** contracts, NaN when the file has none */
  openInterest: number;
  /** 1-based file line */
  line: number;
}

/** All contracts priced at one instant. */
export interface FuturesObservation {
  /** the observation's calendar date in London, "YYYY-MM-DD" */
  date: string;
  /** ms since epoch */
  asOfMs: number;
  /** USD per coin */
  spot: number;
  /** ascending by expiry */
  quotes: FuturesQuote[];
}

/** A futures-price file read. */
export interface FuturesPrices {
  /** ascending by instant */
  observations: FuturesObservation[];
  /** whether the file has an open-interest column */
  hasOpenInterest: boolean;
  /** the `#` comment lines before the header (e.g. a SYNTHETIC label) */
  comments: string[];
  report: RowsReport;
}

/** Options of {@link parseFuturesPrices}. */
export interface FuturesPricesOptions {
  /** spot for a file without a spot column (only for a file with a single observation) */
  spot?: number;
  /** any rejected row throws */
  strict?: boolean;
}

const TIME = ["date", "timestamp", "time", "datetime", "trade_date", "bizdt"];
const CONTRACT = ["contract", "code", "symbol", "instrument"];
const EXPIRY = ["expiry", "expiration", "maturity", "last_trade_date"];
const PRICE = ["price", "settle", "settlement", "close", "futures_price", "last"];
const OI = ["open_interest", "oi", "openinterest", "prevdayoi"];
const SPOT = ["spot", "reference", "reference_spot", "index", "index_price", "brr", "spot_price"];

/** "YYYY-MM-DD" of an instant in London. */
function londonDate(ms: number): string {
  return new Date(ms + zoneOffsetMs(ms, LONDON)).toISOString().slice(0, 10);
}

/**
 * An instant from a futures file's time or expiry cell: a date alone at 16:00 London, ISO with or
 * without offset (London wall time without), epoch ms; undefined when unreadable.
 *
 * @example
 * futuresInstant("2026-02-05");      // Date.UTC(2026, 1, 5, 16, 0) (GMT)
 * futuresInstant("02/05/2026");      // the same
 * futuresInstant("1770307200000");   // 1770307200000
 */
export function futuresInstant(text: string): number | undefined {
  const t = text.trim();
  const i = parseInstant(t, "16:00", LONDON);
  if (i) return i.epochMs;
  const d = parseDate(t);
  if (d === undefined) return undefined;
  const [y, m, day] = d.split("-").map(Number) as [number, number, number];
  return zonedToEpoch(y, m, day, 16, 0, LONDON);
}

/**
 * Parse a futures-price CSV (see the module note).
 *
 * @throws InputError naming the file (and line, field) for a file that cannot be used: empty, no
 *   time or price column, neither a contract nor an expiry column, no spot column and no spot given
 *   (or a given spot with several observations), no usable row; in strict mode the first rejected row
 * @example
 * const f = parseFuturesPrices("date,contract,price,spot\n2026-02-05,BTCG26,70139.2,70000\n", "f.csv");
 * f.observations[0].quotes[0].expiryMs; // Date.UTC(2026, 1, 27, 16, 0)
 */
export function parseFuturesPrices(text: string, file: string, opts: FuturesPricesOptions = {}): FuturesPrices {
  const t = readCsvTable(text, file);
  const found = foundColumns(t.header);
  const col = (c: string[]) => findColumn(t.names, c);
  const ti = col(TIME), ci = col(CONTRACT), ei = col(EXPIRY), pi = col(PRICE), oi = col(OI), si = col(SPOT);
  const at = { file, line: t.headerLine };
  if (ti < 0) throw new InputError(`missing required column 'date' or 'timestamp' (${found})`, at);
  if (pi < 0) throw new InputError(`missing required column 'price' (or settle, close) (${found})`, at);
  if (ci < 0 && ei < 0) throw new InputError(`needs a 'contract' column (codes like BTCH26) or an 'expiry' column (${found})`, at);
  if (si < 0 && opts.spot === undefined) throw new InputError(`missing column 'spot' (the reference spot per observation): add it or give the spot (${found})`, at);
  const problems: Problem[] = [...t.malformed];
  const warnings: Problem[] = [];
  const name = (i: number) => t.header[i]!;
  interface Row { line: number; asOfMs: number; q: FuturesQuote; spot: number }
  const rows: Row[] = [];
  const unknownRoots = new Set<string>();
  for (const { line, fields } of t.rows) {
    const reject = (i: number, reason: string) => problems.push({ line, field: name(i), reason });
    const asOfMs = futuresInstant(fields[ti]!);
    if (asOfMs === undefined) { reject(ti, `unreadable time ${JSON.stringify(fields[ti]!.trim())} (write YYYY-MM-DD, an ISO time or epoch ms)`); continue; }
    const year = new Date(asOfMs).getUTCFullYear();
    const codeText = ci >= 0 ? fields[ci]!.trim() : "";
    const expText = ei >= 0 ? fields[ei]!.trim() : "";
    let code = parseFuturesCode(codeText, year);
    if (codeText !== "" && code === undefined && expText === "") { reject(ci, `not a futures code like BTCH26 (got ${JSON.stringify(codeText)})`); continue; }
    if (codeText === "" && expText === "") { reject(ci >= 0 ? ci : ei, "no contract code and no expiry"); continue; }
    let expiryMs: number | undefined;
    if (expText !== "") {
      expiryMs = futuresInstant(expText);
      if (expiryMs === undefined) { reject(ei, `unreadable expiry ${JSON.stringify(expText)}`); continue; }
      if (code && londonDate(expiryMs).slice(0, 7) !== `${code.year}-${String(code.month).padStart(2, "0")}`) {
        reject(ei, `expiry ${expText} is not in ${code.code}'s contract month`);
        continue;
      }
    } else if (code) {
      expiryMs = cmeExpiryInstant(code.year, code.month);
      if (!CME_CRYPTO_ROOTS.includes(code.root)) unknownRoots.add(code.root);
    } else code = undefined;
    const price = parsePriceField(fields[pi]!.trim().replace(/\s*[AB]$/, ""));
    if (!(price > 0) || !Number.isFinite(price)) { reject(pi, `price must be a number > 0 (got ${JSON.stringify(fields[pi]!.trim())})`); continue; }
    let openInterest = NaN;
    if (oi >= 0 && fields[oi]!.trim() !== "") {
      openInterest = parseNumberField(fields[oi]!);
      if (!(openInterest >= 0) || !Number.isFinite(openInterest)) { reject(oi, `open interest must be a number ≥ 0 (got ${JSON.stringify(fields[oi]!.trim())})`); continue; }
    }
    let spot = NaN;
    if (si >= 0 && fields[si]!.trim() !== "") {
      spot = parsePriceField(fields[si]!);
      if (!(spot > 0) || !Number.isFinite(spot)) { reject(si, `spot must be a number > 0 (got ${JSON.stringify(fields[si]!.trim())})`); continue; }
    }
    rows.push({ line, asOfMs, spot, q: { code: code ? code.code : expText, root: code ? code.root : null, expiryMs: expiryMs!, price, openInterest, line } });
  }
  // group by instant; duplicates within an observation
  const groups = new Map<number, Row[]>();
  for (const r of rows) {
    let g = groups.get(r.asOfMs);
    if (!g) groups.set(r.asOfMs, (g = []));
    g.push(r);
  }
  if (opts.spot !== undefined && groups.size > 1 && si < 0) {
    throw new InputError(`a spot given for a file of ${groups.size} observations: add a spot column`, { file });
  }
  const observations: FuturesObservation[] = [];
  for (const [asOfMs, g] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
    const byCode = new Map<string, Row[]>();
    for (const r of g) {
      let d = byCode.get(r.q.code);
      if (!d) byCode.set(r.q.code, (d = []));
      d.push(r);
    }
    const kept: Row[] = [];
    for (const s of byCode.values()) {
      if (s.length === 1) { kept.push(s[0]!); continue; }
      if (s.every((r) => r.q.price === s[0]!.q.price)) {
        kept.push(s[0]!);
        for (const r of s.slice(1)) problems.push({ line: r.line, field: name(pi), reason: `${r.q.code} repeated in this observation (same price as line ${s[0]!.line})` });
      } else {
        const lines = s.map((r) => r.line).join(", ");
        for (const r of s) problems.push({ line: r.line, field: name(pi), reason: `${r.q.code} repeated in this observation with different prices (lines ${lines})` });
      }
    }
    if (kept.length === 0) continue;
    kept.sort((a, b) => a.q.expiryMs - b.q.expiryMs || a.line - b.line);
    const spots = kept.filter((r) => Number.isFinite(r.spot));
    let spot: number;
    if (spots.length > 0) {
      spot = spots[0]!.spot;
      const off = spots.filter((r) => r.spot !== spot);
      if (off.length > 0) warnings.push({ line: off[0]!.line, field: name(si), reason: `spot ${off[0]!.spot} differs from line ${spots[0]!.line}'s ${spot} in the same observation; ${spot} is used` });
    } else if (opts.spot !== undefined) spot = opts.spot;
    else {
      for (const r of kept) problems.push({ line: r.line, field: si >= 0 ? name(si) : "spot", reason: "no row of this observation gives the spot" });
      continue;
    }
    observations.push({ date: londonDate(asOfMs), asOfMs, spot, quotes: kept.map((r) => r.q) });
  }
  for (const root of unknownRoots) warnings.push({ line: t.headerLine, reason: `root ${root} is not a CME crypto product gexray knows (${CME_CRYPTO_ROOTS.join(", ")}): the CME last-Friday rule was applied` });
  problems.sort((a, b) => a.line - b.line);
  if (opts.strict && problems.length > 0) {
    const p = problems[0]!;
    throw new InputError(p.reason, { file, line: p.line, ...(p.field !== undefined ? { field: p.field } : {}) });
  }
  const used = observations.reduce((a, o) => a + o.quotes.length, 0);
  if (used === 0) {
    const p = problems[0];
    throw new InputError(`no usable row${p ? ` (e.g. line ${p.line}: ${p.reason})` : ""}`, { file });
  }
  return { observations, hasOpenInterest: oi >= 0, comments: t.comments, report: { file, rows: t.count, used, rejected: t.count - used, problems, warnings } };
}

/**
 * Read and parse a futures-price CSV ({@link parseFuturesPrices}).
 *
 * @throws InputError when the file cannot be read or used
 * @example
 * const f = await loadFuturesPrices("data/cme_btc_futures_2026-01-26_2026-02-10.csv");
 * f.observations.length; // 12 (business days)
 */
export async function loadFuturesPrices(file: string, opts: FuturesPricesOptions = {}): Promise<FuturesPrices> {
  return parseFuturesPrices(await readInputFile(file), file, opts);
}
