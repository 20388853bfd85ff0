/**
 * Loader for CBOE "delayed quotes → Download CSV" exports (SPX, NDX, equities): a spot line, a
 * `Date:` line, a 22-column header, then one line per (expiry, strike) holding a call on the left
 * and a put on the right. Format and quirks: test/fixtures/real/SOURCES.md §1.
 *
 * Decisions:
 * - **Lines are found by content, not index**: the spot line is the one with a `Last:` field above
 *   the header, the date line the one with a `Date:` field, the header the line whose first field is
 *   `Expiration Date`. Columns are found by name (the calls block lies between `Calls` and
 *   `Strike`, the puts block after `Puts`).
 * - **The preamble is raw text, the rows are CSV**: the spot and date lines are searched as text
 *   (an unquoted date holds commas; a cell such as `"Volume: 28,253,899` may open a quote it never
 *   closes), and only the header and the rows below it are read as RFC 4180 records.
 * - **Date line in any locale** ({@link readCboeDate}): month-first or day-first, with or without
 *   `at`, 12- or 24-hour clock, month names in the languages CBOE's page is read in. A date with
 *   no time of day is taken at 16:00 New York, with a warning; an unreadable one stops the load
 *   (exit 2) naming the line, its text and `--asof`.
 * - **Settlement clock from the OCC root**: SPX, NDX and RUT (AM-settled monthlies) expire at
 *   09:30 New York; every other root (SPXW, NDXP, RUTW, equities) at 16:00 New York.
 * - **Underlying = the root family**: SPXW and SPX → "SPX", NDXP and NDX → "NDX", RUTW → "RUT",
 *   any other root is its own family. The chain's underlying is the most common family; a file
 *   mixing families gets a warning. `chain.root` keeps each contract's own root.
 * - **Zone**: the `Date:` line's abbreviation (EST, EDT, CST, …) names the zone, and the offset
 *   comes from the date (CBOE prints "EST" all year); `GMT-5`, `UTC−04:00` are exact offsets; no
 *   zone means New York.
 * - **IV 0** (CBOE's "no quote-based IV" on deep ITM/OTM rows) is excluded as badIv with a problem
 *   entry; it is not repaired (the export's prices on those rows are mostly stale or zero). With
 *   `keepZeroIv` (the perfiliev convention, whose total sums the Gamma column of every row) such
 *   contracts are kept with IV 0, and one warning counts them.
 * - Order of exclusion per contract: unreadable → invalid; T ≤ 0 → expired (weekend downloads
 *   still list Friday's expiry); open interest 0 → zeroOpenInterest; IV ≤ 0 or unreadable → badIv.
 *
 * @module
 */
import { CALL, ChainBuilder, MAX_OPEN_INTEREST, type ContractRow, type Instant, type Loaded } from "./chain.js";
import type { CboeDate } from "./cboeDate.js";
import { parseNumberField, parseNumberRange, readCsvRecord, RECORD_INCOMPLETE, RECORD_MALFORMED, splitCsvLine, splitLines } from "./csv.js";
import { foundColumns, InputError } from "./errors.js";
import { resolveOverrides } from "./overrides.js";
import type { LoadOptions } from "./loadOptions.js";
import { occSettlement, OccSymbolReader, type OccPrefix } from "./occSymbol.js";
import { ReportBuilder } from "./reportBuilder.js";
import { readCboeDate } from "./cboeDate.js";
import { expiryInstant, NEW_YORK, yearsBetween } from "./time.js";

export { parseCboeDate, readCboeDate, type CboeDate } from "./cboeDate.js";

/** Underlying units per CBOE-listed option contract. */
const MULTIPLIER = 100;

/** A quoted field may run over at most this many lines (CBOE rows hold none; more means an unbalanced quote). */
const MAX_RECORD_LINES = 50;

/** How far down the file the header is looked for. */
const HEADER_SEARCH_LINES = 100;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};

/**
 * Does the start of a file look like a CBOE quote-table export? True when one of its lines is the
 * header (first field `Expiration Date`, with `Calls`, `Strike` and `Puts` columns).
 *
 * @param head - the first ~4 KB of the file as text
 * @example
 * looksLikeCboe("\nS&P 500 INDEX,Last: 4697.2402\n\"Date: …\"\nExpiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,…"); // true
 * looksLikeCboe("mid_price,volume_usd,quote_currency"); // false
 */
export function looksLikeCboe(head: string): boolean {
  const lines = splitLines(head);
  for (let i = 0; i < lines.length && i < HEADER_SEARCH_LINES; i++) {
    if (isHeader(lines[i]!)) return true;
  }
  return false;
}

function isHeader(line: string): boolean {
  if (!/^\s*"?Expiration Date"?\s*,/.test(line)) return false;
  const f = splitCsvLine(line).map((x) => x.trim());
  return f.includes("Calls") && f.includes("Strike") && f.includes("Puts");
}

/** Column indexes of one side's block. */
interface SideColumns {
  symbol: number;
  iv: number;
  oi: number;
  delta: number;
  gamma: number;
}

function parseExpirationDate(text: string): { year: number; month: number; day: number } | undefined {
  const s = text.trim();
  // "Fri Jan 05 2024" (also without the weekday, or with a comma)
  let m = /^(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    return month === undefined ? undefined : checkDate(Number(m[3]), month, Number(m[2]));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return checkDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return checkDate(Number(m[3]), Number(m[1]), Number(m[2]));
  return undefined;
}

function checkDate(year: number, month: number, day: number): { year: number; month: number; day: number } | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : undefined;
}


/**
 * Read a CBOE delayed-quote export into a chain (multiplier 100; IV decimal; vendor delta and
 * gamma, per index point per unit of underlying, rounded to 4 dp, in `chain.vendor`; vendor vega
 * and theta are NaN, CBOE's export has none). Each data line holds two contracts, so
 * `report.contracts` = 2 × `report.rows`. Spot, as-of, rate and dividend come from `opts` when
 * given, else from the file (rate and dividend default to 0: the export has none).
 *
 * @param text - the whole file (BOM, CRLF, quoted fields with thousands separators and trailing
 *   blank lines are accepted)
 * @param file - the name used in messages
 * @param opts - overrides and `strict`
 * @throws InputError (a RangeError) naming the file and line when the file cannot be used at all:
 *   no header, a required column absent (the columns found are listed), no spot line (without
 *   `opts.spot`), no readable `Date:` line (without `opts.asOf`); in strict mode, on the first
 *   contract that would be reported as a problem
 * @example
 * const { chain, report } = loadCboe(readFileSync(f, "utf8"), f, {}); // f = spx_quotedata_2024-01-07.csv
 * chain.underlying;         // "SPX"
 * chain.spot;               // 4697.2402
 * report.contracts;         // 21038
 * report.excluded.expired;  // 446  (the Fri 5 Jan 2024 SPXW expiry, downloaded on Sunday)
 * report.expiries[0];       // "2024-01-08T16:00:00-05:00"
 */
export function loadCboe(text: string, file: string, opts: LoadOptions): Loaded {
  const over = resolveOverrides(opts, file);
  const lines = splitLines(text);

  // ---- locate header, spot line, date line (by content) ----
  let headerIdx = -1;
  for (let i = 0; i < lines.length && i < HEADER_SEARCH_LINES; i++) {
    if (isHeader(lines[i]!)) {
      headerIdx = i;
      break;
    }
  }
  if (headerIdx < 0) {
    const firstFields = lines.find((l) => l.trim() !== "");
    throw new InputError(
      `no CBOE header line (Expiration Date,Calls,…,Strike,Puts,…) in the first ${Math.min(lines.length, HEADER_SEARCH_LINES)} lines` +
        (firstFields === undefined ? " (file is empty)" : ` (first line's fields: ${splitCsvLine(firstFields).map((f) => f.trim()).join(", ")})`),
      { file, line: 1 },
    );
  }
  const headerLine = headerIdx + 1;
  // The preamble is read as raw text, not as CSV cells: an unquoted date holds commas
  // ("Date: 15 May 2023, 11:47 AM EDT") and a cell may open a quote it never closes
  // ("Volume: 28,253,899 with no closing quote), which a CSV reader would run on into the rows.
  let spot: number | undefined;
  let spotLine = 0;
  let asOf: CboeDate | undefined;
  let dateText: string | undefined;
  let dateLine = 0;
  for (let i = 0; i < headerIdx; i++) {
    const raw = lines[i]!;
    const last = /(?:^|[,"\s])Last:\s*"?\s*([-+]?[\d,]*\.?\d+)/i.exec(raw);
    if (last && spot === undefined) {
      spot = parseNumberField(last[1]!);
      spotLine = i + 1;
    }
    const date = /(?:^|[,"\s])Date:\s*(.*)$/i.exec(raw);
    if (date && dateText === undefined) {
      // the date's text runs to the next "Label:" cell (Bid:, Ask:, Size:, Volume:) or a quote
      dateText = `Date: ${date[1]!.replace(/(?:"|,\s*"?\s*\p{L}[\p{L} ]*:).*$/u, "").replace(/[\s,]+$/, "")}`;
      dateLine = i + 1;
      asOf = readCboeDate(dateText);
    }
  }
  if (over.spot === undefined) {
    if (spot === undefined) {
      throw new InputError(`no spot line ('<index>,Last: <spot>,…') above the header`, { file, line: headerLine });
    }
    if (!(spot > 0) || !Number.isFinite(spot)) {
      throw new InputError(`spot is not a positive number`, { file, line: spotLine, field: "Last" });
    }
  }
  if (over.asOf === undefined) {
    if (dateText === undefined) {
      throw new InputError(`no 'Date: <Month> <d>, <yyyy> at <h:mm> AM/PM <zone>' line above the header; pass --asof <ISO time>`, { file, line: headerLine });
    }
    if (asOf === undefined) {
      throw new InputError(`cannot read the date and time: '${dateText}'; pass --asof <ISO time, e.g. 2024-01-07T10:52-05:00>`, { file, line: dateLine, field: "Date" });
    }
  }
  const S = over.spot ?? spot!;
  const t0: Instant = over.asOf ?? { epochMs: asOf!.epochMs, zone: asOf!.zone };

  // ---- columns by name ----
  const header = splitCsvLine(lines[headerIdx]!).map((f) => f.trim());
  const found = foundColumns(header);
  const expCol = header.indexOf("Expiration Date");
  const callsCol = header.indexOf("Calls");
  const strikeCol = header.indexOf("Strike");
  const putsCol = header.indexOf("Puts");
  if (!(callsCol < strikeCol && strikeCol < putsCol)) {
    throw new InputError(`expected the columns Calls … Strike … Puts in that order (${found})`, { file, line: headerLine });
  }
  const block = (from: number, to: number, symbol: number, side: string): SideColumns => {
    const find = (name: string, required: boolean): number => {
      for (let i = from; i < to; i++) if (header[i] === name) return i;
      if (required) throw new InputError(`missing required column '${name}' in the ${side} block (${found})`, { file, line: headerLine });
      return -1;
    };
    return { symbol, iv: find("IV", true), oi: find("Open Interest", true), delta: find("Delta", false), gamma: find("Gamma", false) };
  };
  const calls = block(callsCol + 1, strikeCol, callsCol, "calls");
  const puts = block(putsCol + 1, header.length, putsCol, "puts");
  const nCols = header.length;

  // ---- rows ----
  // Each line is scanned once by index: field boundaries go into `st`/`en` and numbers, symbols and
  // dates are read from those ranges, so a plain line allocates no strings. Whatever depends only on
  // a symbol's root and expiry (settlement, expiry instant, T) is computed once per series, and the
  // Expiration Date text once per run of equal texts. A line with quotes is split by splitCsvLine
  // and its fields laid end to end in one string, read the same way.
  const rb = new ReportBuilder(file, "cboe", opts.strict === true);
  if (over.asOf === undefined && asOf !== undefined && !asOf.timeGiven) {
    rb.warn(dateLine, `'${dateText}' gives no time of day: the as-of is taken as 16:00 New York (the close) on that day; pass --asof to set it`, "Date");
  }
  const builder = new ChainBuilder(Math.max(16, 2 * (lines.length - headerLine)));
  const families = new Map<string, { n: number }>();
  const expiryCache = new Map<string, number>();
  const rate = opts.rate ?? 0;
  const dividend = opts.dividend ?? 0;
  const occ = new OccSymbolReader();
  /** Per series (OCC prefix): its family's counter, expiry instant and time to expiry. */
  interface Series { family: { n: number }; expiry: number; T: number }
  const seriesOf = new Map<OccPrefix, Series>();
  let lastPrefix: OccPrefix | undefined;
  let lastSeries: Series | undefined;
  const series = (p: OccPrefix): Series => {
    if (p === lastPrefix) return lastSeries!;
    let s = seriesOf.get(p);
    if (s === undefined) {
      const { underlying, clock } = occSettlement(p.root);
      let family = families.get(underlying);
      if (family === undefined) {
        family = { n: 0 };
        families.set(underlying, family);
      }
      const key = `${p.year}-${p.month}-${p.day}-${clock}`;
      let expiry = expiryCache.get(key);
      if (expiry === undefined) {
        expiry = expiryInstant(p.year, p.month, p.day, clock);
        expiryCache.set(key, expiry);
      }
      s = { family, expiry, T: yearsBetween(t0.epochMs, expiry) };
      seriesOf.set(p, s);
    }
    lastPrefix = p;
    lastSeries = s;
    return s;
  };
  const st = new Int32Array(nCols);
  const fields: string[] = [];
  const en = new Int32Array(nCols);
  const field = (src: string, col: number): string => src.slice(st[col]!, en[col]!);
  const num = (src: string, col: number): number => parseNumberRange(src, st[col]!, en[col]!);
  const vendor = { delta: NaN, gamma: NaN };
  const row: ContractRow = {
    type: 0, strike: NaN, expiry: NaN, time: NaN, openInterest: NaN, multiplier: MULTIPLIER, iv: NaN, root: "", line: 0, vendor,
  };
  let expText = "\u0000";
  let date: ReturnType<typeof parseExpirationDate> = undefined;

  let zeroIvKept = 0;
  const side = (src: string, cols: SideColumns, type: number, line: number, strikeValue: number): void => {
    const oi = num(src, cols.oi);
    rb.contract(type, oi);
    const symCol = header[cols.symbol]!;
    const p = occ.read(src, st[cols.symbol]!, en[cols.symbol]!);
    if (!p) {
      rb.invalid(line, symCol, `not an OCC option symbol: '${field(src, cols.symbol).trim()}'`);
      return;
    }
    if (occ.type !== type) {
      rb.invalid(line, symCol, `symbol ${field(src, cols.symbol).trim()} is a ${occ.type === CALL ? "call" : "put"} in the ${type === CALL ? "calls" : "puts"} column`);
      return;
    }
    let strike = strikeValue;
    if (Number.isNaN(strike)) strike = occ.strike;
    else if (Math.abs(strike - occ.strike) > 1e-9 * occ.strike) {
      rb.invalid(line, "Strike", `strike ${field(src, strikeCol).trim()} disagrees with symbol ${field(src, cols.symbol).trim()}`);
      return;
    }
    if (!(strike > 0)) {
      rb.invalid(line, "Strike", `strike must be > 0 (got '${field(src, strikeCol).trim()}')`);
      return;
    }
    if (date && (date.year !== p.year || date.month !== p.month || date.day !== p.day)) {
      rb.invalid(line, "Expiration Date", `'${expText.trim()}' disagrees with symbol ${field(src, cols.symbol).trim()}`);
      return;
    }
    const s = series(p);
    s.family.n++;
    if (!(s.T > 0)) {
      rb.excludeExpired(s.expiry);
      return;
    }
    if (!(oi >= 0)) {
      const raw = field(src, cols.oi).trim();
      rb.invalid(line, header[cols.oi], raw === "" ? "open interest missing" : `open interest must be a number ≥ 0 (got '${raw}')`);
      return;
    }
    if (oi > MAX_OPEN_INTEREST) {
      rb.invalid(line, header[cols.oi], `'${field(src, cols.oi).trim()}' is not a plausible open interest (above ${MAX_OPEN_INTEREST} contracts)`);
      return;
    }
    if (oi === 0) {
      rb.excludeZeroOpenInterest();
      return;
    }
    const iv = num(src, cols.iv);
    if (iv === 0 && opts.keepZeroIv === true) {
      zeroIvKept++;
    } else if (iv === 0) {
      rb.excludeBadIv(line, `${field(src, cols.symbol).trim()}: IV 0 from the vendor (CBOE has no quote-based IV for this contract)`, "IV");
      return;
    } else if (!(iv > 0) || !Number.isFinite(iv)) {
      rb.excludeBadIv(line, `${field(src, cols.symbol).trim()}: IV must be a number > 0 (got '${field(src, cols.iv).trim()}')`, "IV");
      return;
    }
    rb.use(s.expiry);
    // one reused row object: push copies its fields into the columns
    row.type = type; row.strike = strike; row.expiry = s.expiry; row.time = s.T; row.openInterest = oi;
    row.iv = iv; row.root = p.root; row.line = line;
    vendor.delta = cols.delta >= 0 ? num(src, cols.delta) : NaN;
    vendor.gamma = cols.gamma >= 0 ? num(src, cols.gamma) : NaN;
    builder.push(row);
  };

  let short: { line: number; count: number } | undefined; // the last row read, if it had too few fields
  for (let i = headerIdx + 1; i < lines.length; i++) {
    let src = lines[i]!;
    const c0 = src.charCodeAt(0);
    if (!(c0 > 32 && c0 < 127) && src.trim() === "") continue;
    const line = i + 1;
    rb.row();
    // field boundaries: one pass over a plain line; readCsvRecord for quotes or a stray final "\r"
    let count = 0;
    if (src.indexOf('"') < 0 && src.charCodeAt(src.length - 1) !== 13) {
      let from = 0;
      for (;;) {
        const comma = src.indexOf(",", from);
        const to = comma < 0 ? src.length : comma;
        if (count < nCols) {
          st[count] = from;
          en[count] = to;
        }
        count++;
        if (comma < 0) break;
        from = comma + 1;
      }
    } else {
      // a record with quotes (RFC 4180): a quoted field may run over the following lines
      const f = fields;
      let e = readCsvRecord(src, 0, src.length, ",", f, true);
      while (e === RECORD_INCOMPLETE && i + 1 < lines.length && i + 1 - (line - 1) < MAX_RECORD_LINES) {
        src += "\n" + lines[++i]!;
        e = readCsvRecord(src, 0, src.length, ",", f, true);
      }
      if (e === RECORD_INCOMPLETE) {
        throw new InputError(`a quoted field opened on this line is not closed within ${MAX_RECORD_LINES} lines (an unbalanced " quote)`, { file, line });
      }
      if (e === RECORD_MALFORMED) {
        rb.contract(CALL, NaN);
        rb.contract(-CALL, NaN);
        rb.invalid(line, undefined, `not CSV: text after a closing quote (write a literal quote as "" inside a quoted field)`, 2);
        continue;
      }
      count = f.length;
      if (count === nCols) {
        let at = 0;
        for (let j = 0; j < nCols; j++) {
          st[j] = at;
          at += f[j]!.length;
          en[j] = at;
        }
        src = f.join("");
      }
    }
    if (count !== nCols) {
      rb.contract(CALL, NaN);
      rb.contract(-CALL, NaN);
      rb.invalid(line, undefined, `expected ${nCols} fields like the header, got ${count}`, 2);
      if (count < nCols) short = { line, count };
      continue;
    }
    short = undefined;
    const ds = st[expCol]!;
    const de = en[expCol]!;
    if (!(de - ds === expText.length && src.startsWith(expText, ds))) {
      expText = src.slice(ds, de);
      date = parseExpirationDate(expText);
    }
    const strikeValue = num(src, strikeCol);
    side(src, calls, CALL, line, strikeValue);
    side(src, puts, -CALL, line, strikeValue);
  }

  if (short !== undefined && !/\n\s*$/.test(text)) rb.truncated(short.line, short.count, nCols);

  // ---- underlying: the most common root family ----
  let underlying = "";
  let best = -1;
  for (const [fam, { n }] of families) {
    if (n > best) {
      best = n;
      underlying = fam;
    }
  }
  if (families.size > 1) {
    rb.warn(headerLine, `contracts of several underlyings (${[...families.keys()].join(", ")}); the chain is labelled ${underlying}`);
  }
  if (underlying === "") underlying = "UNKNOWN";
  if (zeroIvKept > 0) rb.warn(headerLine, `${zeroIvKept} contract(s) with IV 0 from the vendor kept (zero model gamma; their Gamma column counts in the total at spot)`, "IV");
  const chain = builder.finish({ underlying, asOf: t0, spot: S, rate, dividend });
  return { chain, report: rb.finish(NEW_YORK) };
}
