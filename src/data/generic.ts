/**
 * The generic chain CSV: one contract per row, columns named by the user.
 *
 * Columns (header names case-insensitive; spaces and dashes read as `_`, so `Open Interest` is
 * `open_interest`; `--map name=column,...` points a canonical name at any other column):
 *
 * | column | required | meaning |
 * |---|---|---|
 * | `expiry` | yes | `2024-01-19` (a date alone takes the `expiryTime` clock in `expiryZone`, default 16:00 New York), a full ISO 8601 instant `2024-03-29T08:00Z`, `20240119`, `2024/01/19` or Deribit's `29MAR24` |
 * | `strike` | yes | currency per unit of underlying, at most `MAX_STRIKE` (1e9) |
 * | `type` | yes | `call`/`put`/`C`/`P`, any case |
 * | `open_interest` | yes | contracts (fractions allowed: Deribit counts in BTC) |
 * | `iv` | yes | decimal (0.55), or percent with `ivPercent` (55), or with a `%` sign (55%) |
 * | `multiplier` | no | underlying units per contract, at most `MAX_MULTIPLIER` (1e9); blank or absent: `opts.multiplier`, default 1 |
 * | `dealer_position` | no | signed dealer position in contracts (+ = dealer long) |
 * | `forward` | no | the venue's forward for the expiry; blank = none |
 * | `underlying` | no | symbol; every row must name the same one (a chain holds one underlying) |
 * | `spot` | no | spot price; the first data row's value is used (`opts.spot` overrides) |
 * | `asof` | no | snapshot time, ISO 8601; the first data row's value is used (`opts.asOf` overrides) |
 *
 * Numbers may carry thousands separators inside quotes (`"1,234"`), surrounding spaces, a leading
 * `+`. A BOM, CRLF line ends and blank lines (anywhere) are accepted.
 *
 * A generic file has no spot or snapshot time unless it has `spot`/`asof` columns: without them
 * `opts.spot` and `opts.asOf` are required (an {@link InputError} says which flag to pass).
 *
 * Each contract lands in exactly one category of the {@link LoadReport}, checked in this order:
 * invalid (a field that cannot be read: named in `problems`), expired (T ≤ 0), zero open
 * interest, bad IV (not a number, ≤ 0, or above 5 = 500%: named in `problems`; a generic file has
 * no prices to repair an IV from), used.
 *
 * The reader is incremental ({@link GenericCsvReader}): `loadChain` reads a file into it in chunks
 * of bytes (the first 1 MiB, then up to 64 MiB at a time), never as one string. Plain rows (no quote, numbers in
 * decimal-point notation, `,`, `;` or tab between fields) are read from the bytes in one pass
 * ({@link PlainRowScanner}: numbers from the digits, each distinct expiry's bytes parsed once);
 * every other row, and every row of a decimal-comma file, is decoded and read as text (the RFC 4180
 * splitter, numbers from char codes), with the same result: a test compares the two paths on
 * randomized files.
 *
 * @module
 */
import { StringDecoder } from "node:string_decoder";
import { ByteKeyCache } from "./byteKeys.js";
import { ByteRowReader } from "./byteRows.js";
import { ChainBuilder, MAX_MULTIPLIER, MAX_OPEN_INTEREST, MAX_STRIKE, type ContractRow, type Instant, type Loaded } from "./chain.js";
import { parseNumberField, parseNumberRange, RECORD_MALFORMED, splitCsvLine, stripBom } from "./csv.js";
import { CsvRecordSplitter, MAX_RECORD } from "./csvSplitter.js";
import { classifyDecimal, detectDecimalMark } from "./decimalMark.js";
import { clipText, foundColumns, InputError } from "./errors.js";
import type { LoadOptions } from "./loadOptions.js";
import { PlainRowScanner, ROLE } from "./plainRows.js";
import { ReportBuilder } from "./reportBuilder.js";
import { NEW_YORK, YEAR_MS, isValidZone, parseInstant, zonedToEpoch, zoneFromName } from "./time.js";

/**
 * Canonical column names of the generic format (the names `--map` accepts).
 *
 * @example
 * GENERIC_COLUMNS.includes("open_interest"); // true
 */
export const GENERIC_COLUMNS = [
  "expiry", "strike", "type", "open_interest", "iv",
  "multiplier", "dealer_position", "forward", "underlying", "spot", "asof",
] as const;

/** A canonical generic column name. */
export type GenericColumn = (typeof GENERIC_COLUMNS)[number];

/**
 * The columns a generic file must have.
 *
 * @example
 * GENERIC_REQUIRED.join(","); // "expiry,strike,type,open_interest,iv"
 */
export const GENERIC_REQUIRED: readonly GenericColumn[] = ["expiry", "strike", "type", "open_interest", "iv"];

/**
 * IVs above this (decimal; 5 = 500%) are excluded as bad IV.
 *
 * @example
 * MAX_IV * 100; // 500 (percent)
 */
export const MAX_IV = 5;

/** The columns holding numbers (whose decimal mark a `;` file must agree on). */
const NUMERIC_COLUMNS = ["strike", "open_interest", "iv", "multiplier", "forward", "spot", "dealer_position"] as const;

/** Delimiters a generic file may use. */
const DELIMITERS = [",", ";", "\t"] as const;

/** Normalize a header cell: trimmed, lower case, spaces and dashes as `_`. */
function normalizeName(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/**
 * A numeric cell of `src[start, end)`: {@link parseNumberRange} (plain decimals read from the char
 * codes without allocating; anything else through {@link parseNumberField}), except that a `%` sign
 * makes it NaN — only the IV column reads percents.
 *
 * @param decimal - the file's decimal mark, "." (default) or ","
 * @returns the number, or NaN for a blank or non-numeric field
 * @example
 * parseNumberAt("x,0.2345,y", 2, 8); // 0.2345
 * parseNumberAt('"1,234.5"', 1, 8);   // 1234.5 (via the fallback)
 * parseNumberAt("12%", 0, 3);         // NaN
 * parseNumberAt("4700;0,12", 5, 9, ","); // 0.12
 */
export function parseNumberAt(src: string, start: number, end: number, decimal: "." | "," = "."): number {
  let e = end;
  while (e > start && src.charCodeAt(e - 1) === 32) e--;
  if (e > start && src.charCodeAt(e - 1) === 37) return NaN; // "%"
  return parseNumberRange(src, start, end, decimal);
}

/**
 * How many required columns a header split by `delimiter` names; a column `map` points elsewhere
 * counts when the header has that column, or (`trustMap`) always, so that a map naming a missing
 * column still gets its precise "no column" error rather than "unknown format".
 */
function headerHits(line: string, delimiter: string, map: Record<string, string> | undefined, trustMap: boolean): number {
  const names = new Set(splitCsvLine(line, delimiter).map(normalizeName));
  let hits = 0;
  for (const col of GENERIC_REQUIRED) {
    const target = map?.[col];
    if (target === undefined ? names.has(col) : trustMap || names.has(normalizeName(target))) hits++;
  }
  return hits;
}

/**
 * The delimiter of a generic file from its header line: of `,`, `;` and tab, the one whose fields
 * name the most required columns (after `map`); `,` when none names any.
 *
 * @example
 * detectDelimiter("expiry;strike;type;open_interest;iv"); // ";"
 * detectDelimiter("expiry,strike,type,open_interest,iv"); // ","
 */
export function detectDelimiter(header: string, map?: Record<string, string>): "," | ";" | "\t" {
  let best: "," | ";" | "\t" = ",";
  let bestHits = 0;
  for (const d of DELIMITERS) {
    const h = headerHits(header, d, map, false);
    if (h > bestHits) {
      best = d;
      bestHits = h;
    }
  }
  return best;
}

/** The first non-blank line of `text`, its 1-based number, and whether its end has been seen. */
function firstLine(text: string): { text: string; line: number; complete: boolean } | undefined {
  let p = 0;
  let line = 1;
  for (;;) {
    const nl = text.indexOf("\n", p);
    const raw = text.slice(p, nl < 0 ? text.length : nl);
    if (raw.trim() !== "") return { text: raw.endsWith("\r") ? raw.slice(0, -1) : raw, line, complete: nl >= 0 };
    if (nl < 0) return undefined;
    p = nl + 1;
    line++;
  }
}

const MONTHS: Readonly<Record<string, number>> = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Expiry instant from the text of an `expiry` cell: ISO 8601 (a date alone at `hh:mm` in `zone`),
 * `YYYYMMDD`, `YYYY/MM/DD`, European `DD.MM.YYYY`, or Deribit's `DMMMYY` (`29MAR24`).
 *
 * @param clock - "HH:MM" for a date alone
 * @param zone - IANA zone of that clock and of zone-less times
 * @returns ms since epoch, or NaN when the text is not a date
 * @example
 * parseExpiry("2024-01-19", "16:00", "America/New_York"); // 1705698000000 (21:00 UTC)
 * parseExpiry("29MAR24", "08:00", "UTC");                 // 1711699200000
 */
export function parseExpiry(text: string, clock: string, zone: string): number {
  const s = text.trim();
  const iso = parseInstant(s, clock, zone);
  if (iso) return iso.epochMs;
  const [hh, mm] = clock.split(":").map(Number) as [number, number];
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) {
    const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    return validDate(y, mo, d) ? zonedToEpoch(y, mo, d, hh, mm, zone) : NaN;
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s); // European day.month.year
  if (m) {
    const y = Number(m[3]), mo = Number(m[2]), d = Number(m[1]);
    return validDate(y, mo, d) ? zonedToEpoch(y, mo, d, hh, mm, zone) : NaN;
  }
  m = /^(\d{1,2})([A-Za-z]{3})(\d{2})$/.exec(s);
  if (m) {
    const mo = MONTHS[m[2]!.toUpperCase()];
    const y = 2000 + Number(m[3]), d = Number(m[1]);
    return mo !== undefined && validDate(y, mo, d) ? zonedToEpoch(y, mo, d, hh, mm, zone) : NaN;
  }
  return NaN;
}

/**
 * Does the head of a file look like a generic chain CSV? True when its first non-blank line,
 * read as a header (after `map`), names at least two of the required columns, so that a file
 * missing one gets a precise "missing column" error rather than "unknown format".
 *
 * @param head - the first kilobytes of the file
 * @param map - canonical name → the file's column name, as in {@link LoadOptions.map}
 * @example
 * looksLikeGeneric("expiry,strike,type,open_interest,iv\n2024-01-19,4700,C,10,0.12\n"); // true
 * looksLikeGeneric("date,open,high,low,close\n");                                     // false
 */
export function looksLikeGeneric(head: string, map?: Record<string, string>): boolean {
  const text = stripBom(head);
  const first = text.split(/\r?\n/).find((l) => l.trim() !== "");
  if (first === undefined) return false;
  return DELIMITERS.some((d) => headerHits(first, d, map, true) >= 2);
}

/** Where each canonical column is in the file, −1 when absent. */
type ColumnIndex = Record<GenericColumn, number>;

/** Settings resolved from {@link LoadOptions} once, before any row. */
interface Settings {
  clock: string;
  zone: string;
  ivScale: number;
  ivPercent: boolean;
  multiplier: number;
  spot: number | undefined;
  asOf: Instant | undefined;
  rate: number;
  dividend: number;
  underlying: string | undefined;
}

function resolveSettings(opts: LoadOptions): Settings {
  const clock = (opts.expiryTime ?? "16:00").trim();
  const cm = /^(\d{1,2}):(\d{2})$/.exec(clock);
  if (!cm || Number(cm[1]) > 23 || Number(cm[2]) > 59) {
    throw new InputError(`must be HH:MM like 16:00 (got ${JSON.stringify(opts.expiryTime)})`, { field: "--expiry-time" });
  }
  const zoneText = opts.expiryZone ?? NEW_YORK;
  const zone = zoneFromName(zoneText);
  if (zone === undefined || !isValidZone(zone)) {
    throw new InputError(`unknown time zone ${JSON.stringify(zoneText)} (use an IANA name like America/New_York or UTC)`, { field: "--expiry-zone" });
  }
  const positive = (x: number | undefined, flag: string): number | undefined => {
    if (x !== undefined && !(x > 0 && Number.isFinite(x))) throw new InputError(`must be a number > 0 (got ${x})`, { field: flag });
    return x;
  };
  const finite = (x: number | undefined, flag: string): number => {
    if (x === undefined) return 0;
    if (!Number.isFinite(x)) throw new InputError(`must be a finite number (got ${x})`, { field: flag });
    return x;
  };
  let asOf: Instant | undefined;
  if (typeof opts.asOf === "string") {
    asOf = parseInstant(opts.asOf, clock, zone);
    if (!asOf) throw new InputError(`not a time: ${JSON.stringify(opts.asOf)} (use ISO 8601 like 2024-01-05T16:00-05:00)`, { field: "--asof" });
  } else if (opts.asOf !== undefined) {
    if (!Number.isFinite(opts.asOf.epochMs)) throw new InputError(`not a time: ${opts.asOf.epochMs}`, { field: "--asof" });
    asOf = opts.asOf;
  }
  return {
    clock: `${cm[1]!.padStart(2, "0")}:${cm[2]}`,
    zone,
    ivPercent: opts.ivPercent === true,
    ivScale: opts.ivPercent ? 0.01 : 1,
    multiplier: positive(opts.multiplier, "--multiplier") ?? 1,
    spot: positive(opts.spot, "--spot"),
    asOf,
    rate: finite(opts.rate, "--rate"),
    dividend: finite(opts.dividend, "--dividend"),
    underlying: opts.underlying?.trim() || undefined,
  };
}

/**
 * +1 for call/C, −1 for put/P (any case, surrounding spaces allowed) in `src[start, end)`, 0
 * otherwise; read from char codes, without allocating.
 */
function parseTypeAt(src: string, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && src.charCodeAt(s) === 32) s++;
  while (e > s && src.charCodeAt(e - 1) === 32) e--;
  const c = src.charCodeAt(s) | 32;
  if (e - s === 1) return c === 99 ? 1 : c === 112 ? -1 : 0;
  // | 32 lower-cases ASCII letters (and leaves no other char equal to a lower-case letter)
  if (e - s === 4 && c === 99 && (src.charCodeAt(s + 1) | 32) === 97 && (src.charCodeAt(s + 2) | 32) === 108 && (src.charCodeAt(s + 3) | 32) === 108) return 1;
  if (e - s === 3 && c === 112 && (src.charCodeAt(s + 1) | 32) === 117 && (src.charCodeAt(s + 2) | 32) === 116) return -1;
  return 0;
}

/** Whether `b[s, e)` (printable ASCII) spells `text`; false when there is no text yet. */
function sameText(b: Uint8Array, s: number, e: number, text: string | undefined): boolean {
  if (text === undefined || text.length !== e - s) return false;
  for (let i = 0; i < text.length; i++) if (b[s + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Quote a cell for a message. */
function show(text: string): string {
  return JSON.stringify(clipText(text.trim()));
}

/**
 * Incremental reader of a generic chain CSV: feed text with {@link GenericCsvReader.write}, or the
 * file's bytes with {@link GenericCsvReader.writeBytes} (faster: plain rows are read without
 * decoding), in chunks of any size (split anywhere, even inside a quoted field or a character),
 * then call {@link GenericCsvReader.end}. Records that are not plain are split by
 * {@link CsvRecordSplitter} (RFC 4180).
 *
 * The delimiter (`,`, `;` or tab) is read from the header unless `opts.delimiter` says; with `;`
 * or tab the decimal mark is read from the first chunk's numbers ({@link detectDecimalMark}) unless
 * `opts.decimal` says: a file whose numbers cannot tell (`1,500` and nothing clearer) reads such
 * cells as row problems naming them, never as a guess.
 *
 * @example
 * const r = new GenericCsvReader("chain.csv", { spot: 4700, asOf: "2024-01-05T16:00-05:00" });
 * r.write("expiry,strike,type,open_interest,iv\n2024-01-19,4700,C,1");
 * r.write("0,0.12\n");
 * r.end().chain.openInterest[0]; // 10
 */
export class GenericCsvReader {
  private readonly settings: Settings;
  private readonly map: Record<string, string> | undefined;
  private readonly report: ReportBuilder;
  private readonly builder: ChainBuilder;
  /** the text before the header has been read (the delimiter is decided on it) */
  private head = "";
  private started = false;
  private splitter: CsvRecordSplitter | null = null;
  private delimiter = ",";
  /** the decimal mark; "?" until a cell tells (a `;` file whose first chunk had no telling number) */
  private decimal: "." | "," | "?" = ".";
  private ambiguousDecimal = 0;
  /** the last row read, when it had too few fields (with a cut-off end of file: a truncated download) */
  private shortRow: { line: number; n: number } | undefined;
  private headerLine = 0;
  private header: string[] | null = null;
  private col: ColumnIndex | null = null;
  private ncols = 0;
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  // snapshot values
  private asOfMs = NaN;
  private asOf: Instant | undefined;
  private spot: number | undefined;
  private asofText: string | undefined;
  private asofLine = 0;
  private asofMismatch = 0;
  private asofMismatchLine = 0;
  private spotLine = 0;
  private spotMismatch = 0;
  private spotMismatchLine = 0;
  private fileUnderlying: string | undefined;
  private underlyingLine = 0;
  private rows = 0;
  private percentLikeIv = 0;
  // expiry cache: the last text seen (rows come grouped by expiry) and every distinct text
  private lastExpiryText = "";
  private lastExpiryMs = NaN;
  private readonly expiryCache = new Map<string, number>();
  /** how the file comes: write() (text) or writeBytes() (bytes); fixed by the first call */
  private input: "text" | "bytes" | undefined;
  /** bytes: decodes what the text path reads (the head; rows that are not plain) */
  private decoder: StringDecoder | null = null;
  /** bytes: what came before the header was read */
  private headBytes: Buffer[] = [];
  /** bytes: the plain-row scanner and its reader; null when every row goes through the text path */
  private scanner: PlainRowScanner | null = null;
  private byteRows: ByteRowReader | null = null;
  /** bytes: expiry instants by the cell's bytes */
  private readonly expiryKeys = new ByteKeyCache();
  private plainRows = 0;

  /**
   * Rows read from the bytes without decoding them (the rest went through the text path).
   *
   * @example
   * const r = new GenericCsvReader("chain.csv", { spot: 4700, asOf: "2024-01-05T16:00-05:00" });
   * r.writeBytes(Buffer.from('expiry,strike,type,open_interest,iv\n2024-01-19,4700,C,10,0.12\n2024-01-19,"4,750",C,10,0.12\n'));
   * r.end();
   * r.rowsReadFromBytes; // 1 (the quoted row was read as text)
   */
  get rowsReadFromBytes(): number {
    return this.plainRows;
  }
  private readonly contract: ContractRow = {
    type: 0, strike: NaN, expiry: NaN, time: NaN, openInterest: NaN, multiplier: NaN, iv: NaN, forward: NaN, position: undefined, root: "", line: 0,
  };

  /**
   * @param file - the path to name in messages
   * @param opts - loader options (spot, asOf, map, multiplier, ivPercent, expiryTime, delimiter, decimal, …)
   * @param capacity - expected number of contracts, to preallocate the columns
   * @throws InputError for an option that cannot be used (`--expiry-time`, `--spot`, `--asof`, …)
   */
  constructor(private readonly file: string, private readonly opts: LoadOptions = {}, capacity = 1024) {
    this.settings = resolveSettings(opts);
    this.map = opts.map;
    this.report = new ReportBuilder(file, "generic", opts.strict === true);
    this.builder = new ChainBuilder(capacity);
    this.asOf = this.settings.asOf;
    this.asOfMs = this.asOf?.epochMs ?? NaN;
    this.spot = this.settings.spot;
  }

  /**
   * Feed the next piece of the file.
   *
   * @throws InputError for a bad header, a missing spot/as-of, a record that is not CSV (an
   *   unclosed quote running past 1 MiB), or (strict) the first bad row
   */
  write(chunk: string): void {
    this.inputIs("text");
    if (chunk.length === 0) return;
    if (this.splitter) return this.splitter.write(chunk);
    this.addHead(chunk);
  }

  /**
   * Feed the next bytes of the file (UTF-8). The reader keeps no reference to `chunk` after the
   * call, so the caller may reuse its buffer.
   *
   * @throws InputError as {@link write}
   * @example
   * const r = new GenericCsvReader("chain.csv", { spot: 4700, asOf: "2024-01-05T16:00-05:00" });
   * r.writeBytes(Buffer.from("expiry,strike,type,open_interest,iv\n2024-01-19,4700,C,1"));
   * r.writeBytes(Buffer.from("0,0.12\n"));
   * r.end().chain.openInterest[0]; // 10
   */
  writeBytes(chunk: Uint8Array): void {
    this.inputIs("bytes");
    if (chunk.length === 0) return;
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!this.splitter) {
      this.decoder ??= new StringDecoder("utf8");
      this.headBytes.push(Buffer.from(b));
      this.addHead(this.decoder.write(b));
    } else if (this.byteRows) {
      this.byteRows.write(b);
    } else {
      this.splitter.write(this.decoder!.write(b));
    }
  }

  private inputIs(kind: "text" | "bytes"): void {
    if (this.input === undefined) this.input = kind;
    else if (this.input !== kind) throw new Error("GenericCsvReader: write() and writeBytes() cannot be mixed in one file");
  }

  /** Text before the header has been read; the header line, once whole, starts the rows. */
  private addHead(chunk: string): void {
    if (chunk.length === 0) return; // (bytes: a character not yet whole; the BOM is stripped from the first text)
    this.head += this.started ? chunk : stripBom(chunk);
    this.started = true;
    const h = firstLine(this.head);
    if (h === undefined || !h.complete) {
      if (this.head.length > MAX_RECORD) throw new InputError(`line longer than ${MAX_RECORD} characters: not a chain CSV`, { file: this.file, line: 1 });
      return;
    }
    this.begin(h);
  }

  /**
   * Finish: the last line, the checks that need the whole file, and the chain.
   *
   * @throws InputError for an empty file, a header with no data rows, no readable snapshot time, or
   *   a quote still open at the end of the file (naming the line where it opened)
   */
  end(): Loaded {
    if (this.input === "bytes" && !this.splitter && this.decoder) this.addHead(this.decoder.end());
    if (!this.splitter) {
      const h = firstLine(this.head);
      if (h === undefined) throw new InputError("file is empty", { file: this.file });
      this.begin(h);
    }
    if (this.byteRows) {
      this.byteRows.end();
    } else {
      if (this.input === "bytes") this.splitter!.write(this.decoder!.end());
      this.splitter!.end();
    }
    const r = this.report;
    if (this.shortRow !== undefined && this.splitter!.endedInRecord) r.truncated(this.shortRow.line, this.shortRow.n, this.ncols);
    if (this.rows === 0) {
      throw new InputError("no data rows: the file has a header only", { file: this.file, line: this.headerLine });
    }
    if (this.asOf === undefined) {
      throw new InputError("no row gives a readable snapshot time (asof); pass --asof <ISO time>", { file: this.file });
    }
    if (this.spot === undefined) {
      throw new InputError("no row gives a readable spot price; pass --spot <price>", { file: this.file });
    }
    if (this.asofMismatch > 0) {
      r.warn(this.asofMismatchLine, `${this.asofMismatch} row(s) give a different snapshot time than line ${this.asofLine}'s ${show(this.asofText ?? "")}, which is used`, "asof");
    }
    if (this.spotMismatch > 0) {
      r.warn(this.spotMismatchLine, `${this.spotMismatch} row(s) give a different spot than line ${this.spotLine}'s ${this.spot}, which is used`, "spot");
    }
    if (this.percentLikeIv > 0) {
      r.warn(this.headerLine, `${this.percentLikeIv} IV(s) between 5 and 500 were excluded: if the file's IVs are in percent, pass --iv-percent`, "iv");
    }
    if (this.ambiguousDecimal > 0) {
      r.warn(this.headerLine, `${this.ambiguousDecimal} row(s) left out with numbers like 1,500 that could be 1.5 or 1500: pass --decimal comma or --decimal point`);
    }
    if (this.col!.multiplier < 0 && this.opts.multiplier === undefined && this.builder.length > 0) {
      r.warn(this.headerLine, "no multiplier column and no --multiplier: every contract is taken as 1 unit of underlying " +
        "(US equity, ETF and index options are 100: pass --multiplier 100)", "multiplier");
    }
    const s = this.settings;
    const chain = this.builder.finish({
      underlying: s.underlying ?? this.fileUnderlying ?? "", asOf: this.asOf, spot: this.spot, rate: s.rate, dividend: s.dividend,
    });
    return { chain, report: r.finish(s.zone) };
  }

  /** Read the header line, decide delimiter and decimal mark, and start splitting records. */
  private begin(h: { text: string; line: number }): void {
    this.delimiter = this.opts.delimiter ?? detectDelimiter(h.text, this.map);
    this.headerLine = h.line;
    this.readHeader(splitCsvLine(h.text, this.delimiter));
    if (this.opts.decimal !== undefined) this.decimal = this.opts.decimal;
    else if (this.delimiter !== ",") this.decideDecimal();
    this.splitter = new CsvRecordSplitter(this.file, (src, starts, ends, n, line) => {
      if (line <= this.headerLine) return;
      this.starts = starts;
      this.ends = ends;
      this.row(src, n, line);
    }, this.delimiter);
    const text = this.head;
    this.head = "";
    if (this.input === "bytes") {
      const bytes = Buffer.concat(this.headBytes);
      this.headBytes = [];
      const roles = this.plainRoles();
      if (roles !== null) {
        // the bytes are read again from the start (the header lines go to the splitter, which skips them)
        this.scanner = new PlainRowScanner(roles, this.delimiter);
        this.byteRows = new ByteRowReader(this.splitter, this.scanner, (b, line) => this.plainRow(b, line), this.headerLine);
        this.byteRows.write(bytes);
        return;
      }
    }
    this.splitter.write(text);
  }

  /**
   * Per column its {@link ROLE} for the byte scanner, or null when every row must be read as text:
   * a decimal comma or a mark not yet known, or one column mapped to two names.
   */
  private plainRoles(): number[] | null {
    if (this.decimal !== ".") return null;
    const col = this.col!;
    const roles = new Array<number>(this.ncols).fill(ROLE.skip);
    for (const c of GENERIC_COLUMNS) {
      const j = col[c];
      if (j < 0 || (c === "spot" && this.settings.spot !== undefined) || (c === "asof" && this.settings.asOf !== undefined)) continue;
      if (roles[j] !== ROLE.skip) return null;
      roles[j] = ROLE[c];
    }
    return roles;
  }

  /**
   * A row the scanner read: counted (used, or excluded as expired or with zero open interest) and
   * true; or false with nothing counted when the text path must read it: the first snapshot or
   * underlying cell, a cell that differs from it, and anything that would be a problem or a warning.
   */
  private plainRow(b: Buffer, line: number): boolean {
    const sc = this.scanner!;
    const s = this.settings;
    const col = this.col!;
    if (col.asof >= 0 && s.asOf === undefined && !sameText(b, sc.asofStart, sc.asofEnd, this.asofText)) return false;
    if (col.spot >= 0 && s.spot === undefined && (this.spotLine === 0 || sc.values[ROLE.spot] !== this.spot)) return false;
    const v = sc.values;
    const oi = v[ROLE.open_interest]!;
    if (!(oi >= 0) || oi > MAX_OPEN_INTEREST) return false;
    const strike = v[ROLE.strike]!;
    if (!(strike > 0) || strike > MAX_STRIKE) return false;
    const expiry = this.expiryBytes(b, sc.expiryStart, sc.expiryEnd);
    if (Number.isNaN(expiry)) return false;
    let multiplier = s.multiplier;
    if (col.multiplier >= 0 && !Number.isNaN(v[ROLE.multiplier])) {
      multiplier = v[ROLE.multiplier]!;
      if (!(multiplier > 0) || multiplier > MAX_MULTIPLIER) return false;
    }
    let forward = NaN;
    if (col.forward >= 0 && !Number.isNaN(v[ROLE.forward])) {
      forward = v[ROLE.forward]!;
      if (!(forward > 0)) return false;
    }
    let root = s.underlying ?? this.fileUnderlying ?? "";
    if (col.underlying >= 0 && sc.underlyingEnd > sc.underlyingStart) {
      if (!sameText(b, sc.underlyingStart, sc.underlyingEnd, this.fileUnderlying)) return false;
      root = this.fileUnderlying!;
    }
    const time = (expiry - this.asOfMs) / YEAR_MS;
    let iv = NaN;
    if (time > 0 && oi !== 0) {
      iv = v[ROLE.iv]! * s.ivScale;
      if (!(iv > 0) || iv > MAX_IV) return false;
    }
    const r = this.report;
    r.row();
    this.rows++;
    this.plainRows++;
    this.shortRow = undefined;
    r.contract(sc.type, oi);
    if (!(time > 0)) {
      r.excludeExpired(expiry);
      return true;
    }
    if (oi === 0) {
      r.excludeZeroOpenInterest();
      return true;
    }
    r.use(expiry);
    const c = this.contract;
    c.type = sc.type; c.strike = strike; c.expiry = expiry; c.time = time; c.openInterest = oi;
    c.multiplier = multiplier; c.iv = iv; c.forward = forward; c.position = col.dealer_position >= 0 ? v[ROLE.dealer_position] : undefined;
    c.root = root; c.line = line;
    this.builder.push(c);
    return true;
  }

  /** The expiry instant of a cell's bytes (each distinct cell parsed once); NaN when not a date. */
  private expiryBytes(b: Buffer, s: number, e: number): number {
    const k = this.expiryKeys.find(b, s, e);
    if (k >= 0) return this.expiryKeys.value(k);
    const ms = parseExpiry(b.toString("utf8", s, e), this.settings.clock, this.settings.zone);
    this.expiryKeys.add(b, s, e, ms);
    return ms;
  }

  /** The decimal mark of a `;` or tab file, from the numbers of the text read so far. */
  private decideDecimal(): void {
    const col = this.col!;
    const numeric = (["strike", "open_interest", "iv", "multiplier", "forward", "spot", "dealer_position"] as const).map((c) => col[c]).filter((j) => j >= 0);
    const cells: { line: number; text: string }[] = [];
    const lines = this.head.split("\n");
    for (let k = this.headerLine; k < lines.length && k < this.headerLine + 20_000; k++) {
      const f = splitCsvLine(lines[k]!, this.delimiter);
      for (const j of numeric) if (f[j] !== undefined) cells.push({ line: k + 1, text: f[j]! });
    }
    const d = detectDecimalMark(cells);
    if (d.conflict) {
      const { comma, point } = d.conflict;
      throw new InputError(
        `the numbers mix decimal commas (line ${comma.line}: ${show(comma.text)}) and decimal points (line ${point.line}: ${show(point.text)}): ` +
          `pass --decimal comma or --decimal point`,
        { file: this.file },
      );
    }
    this.decimal = d.mark ?? "?";
    const sep = this.delimiter === "\t" ? "tab" : `'${this.delimiter}'`;
    if (d.mark === ",") {
      this.report.warn(this.headerLine, `read as ${sep}-delimited with decimal commas (line ${d.evidence!.line}: ${show(d.evidence!.text)} is ${parseNumberField(d.evidence!.text, ",")}); pass --decimal point if that is wrong`);
    }
  }

  private readHeader(cells: string[]): void {
    const names = cells.map(normalizeName);
        const col = Object.fromEntries(GENERIC_COLUMNS.map((c) => [c, -1])) as ColumnIndex;
    const where = { file: this.file, line: this.headerLine };
    for (const [key, target] of Object.entries(this.map ?? {})) {
      if (!(GENERIC_COLUMNS as readonly string[]).includes(key)) {
        throw new InputError(`--map ${key}=${target}: ${JSON.stringify(key)} is not a generic column (one of ${GENERIC_COLUMNS.join(", ")})`, where);
      }
      const idx = names.indexOf(normalizeName(target));
      if (idx < 0) throw new InputError(`--map ${key}=${target}: no column ${JSON.stringify(target)} (${foundColumns(cells)})`, where);
      col[key as GenericColumn] = idx;
    }
    names.forEach((name, idx) => {
      if (!(GENERIC_COLUMNS as readonly string[]).includes(name)) return;
      const key = name as GenericColumn;
      if (this.map?.[key] !== undefined) return; // the map chose another column for this name
      if (Object.values(col).includes(idx)) return; // already mapped to another name
      if (col[key] >= 0) throw new InputError(`two columns give ${key}: ${JSON.stringify(cells[col[key]]!.trim())} and ${JSON.stringify(cells[idx]!.trim())}`, where);
      col[key] = idx;
    });
    const missing = GENERIC_REQUIRED.filter((c) => col[c] < 0);
    if (missing.length > 0) {
      throw new InputError(
        `missing required column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")} (${foundColumns(cells)}); ` +
          `rename with --map ${missing[0]}=<column>`,
        where,
      );
    }
    const needSpot = this.spot === undefined && col.spot < 0;
    const needAsOf = this.asOf === undefined && col.asof < 0;
    if (needSpot || needAsOf) {
      const what = [needSpot ? "spot price" : "", needAsOf ? "snapshot time" : ""].filter(Boolean).join(" and no ");
      const cols = [needSpot ? "'spot'" : "", needAsOf ? "'asof'" : ""].filter(Boolean).join(" or ");
      const flags = [needSpot ? "--spot <price>" : "", needAsOf ? "--asof <ISO time, e.g. 2024-01-05T16:00-05:00>" : ""].filter(Boolean).join(" and ");
      throw new InputError(`no ${what} (the file has no ${cols} column): pass ${flags}`, { file: this.file });
    }
    this.header = cells;
    this.col = col;
    this.ncols = cells.length;
    this.starts = new Int32Array(this.ncols);
    this.ends = new Int32Array(this.ncols);
  }

  private text(src: string, j: number): string {
    return src.slice(this.starts[j]!, this.ends[j]!).trim();
  }

  private num(src: string, j: number): number {
    if (this.decimal === "?") return this.numUndecided(src, j);
    return parseNumberAt(src, this.starts[j]!, this.ends[j]!, this.decimal);
  }

  /**
   * A number in a file whose decimal mark is not known yet: a cell that tells decides it for the
   * rest of the file (ambiguous cells were turned away by {@link ambiguousCell} before).
   */
  private numUndecided(src: string, j: number): number {
    const e = classifyDecimal(src.slice(this.starts[j]!, this.ends[j]!));
    if (e === "," || e === ".") this.decimal = e;
    return parseNumberAt(src, this.starts[j]!, this.ends[j]!, e === "," ? "," : ".");
  }

  /** The first numeric column of the row whose cell could be read with either decimal mark, or −1. */
  private ambiguousCell(src: string): number {
    const col = this.col!;
    for (const c of NUMERIC_COLUMNS) {
      const j = col[c];
      if (j >= 0 && classifyDecimal(src.slice(this.starts[j]!, this.ends[j]!)) === "?") return j;
    }
    return -1;
  }

  private isBlank(src: string, j: number): boolean {
    for (let i = this.starts[j]!, e = this.ends[j]!; i < e; i++) {
      const c = src.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  private expiryAt(src: string, j: number): number {
    const s = this.starts[j]!, e = this.ends[j]!;
    const last = this.lastExpiryText;
    if (e - s === last.length && src.startsWith(last, s)) return this.lastExpiryMs;
    const text = src.slice(s, e);
    let ms = this.expiryCache.get(text);
    if (ms === undefined) {
      ms = parseExpiry(text, this.settings.clock, this.settings.zone);
      this.expiryCache.set(text, ms);
    }
    this.lastExpiryText = text;
    this.lastExpiryMs = ms;
    return ms;
  }

  /** Snapshot values from the first well-formed row when the options did not give them. */
  private snapshotFrom(src: string, line: number): void {
    const col = this.col!;
    if (col.asof >= 0 && this.settings.asOf === undefined) {
      const text = this.text(src, col.asof);
      if (this.asofText === undefined) {
        const t = parseInstant(text, this.settings.clock, this.settings.zone);
        if (!t) throw new InputError(`not a time: ${show(text)}; fix the cell or pass --asof <ISO time>`, { file: this.file, line, field: "asof" });
        this.asOf = t;
        this.asOfMs = t.epochMs;
        this.asofText = text;
        this.asofLine = line;
      } else if (text !== this.asofText) {
        if (this.asofMismatch++ === 0) this.asofMismatchLine = line;
      }
    }
    if (col.spot >= 0 && this.settings.spot === undefined) {
      const x = this.num(src, col.spot);
      if (this.spotLine === 0) {
        if (!(x > 0 && Number.isFinite(x))) {
          throw new InputError(`not a price > 0: ${show(this.text(src, col.spot))}; fix the cell or pass --spot <price>`, { file: this.file, line, field: "spot" });
        }
        this.spot = x;
        this.spotLine = line;
      } else if (x !== this.spot) {
        if (this.spotMismatch++ === 0) this.spotMismatchLine = line;
      }
    }
  }

  private row(src: string, n: number, line: number): void {
    const r = this.report;
    const col = this.col!;
    r.row();
    this.rows++;
    if (n === RECORD_MALFORMED) {
      r.contract(0, NaN);
      r.invalid(line, undefined, `not CSV: text after a closing quote (write a literal quote as "" inside a quoted field)`);
      return;
    }
    this.shortRow = n >= 0 && n < this.ncols ? { line, n } : undefined;
    if (n !== this.ncols) {
      r.contract(0, NaN);
      r.invalid(line, undefined, `expected ${this.ncols} fields like the header, found ${n}${n > this.ncols ? ` (an unquoted ${this.delimiter === "," ? "comma" : "delimiter"}?)` : ""}`);
      return;
    }
    if (this.decimal === "?") {
      const j = this.ambiguousCell(src);
      if (j >= 0) {
        this.ambiguousDecimal++;
        r.contract(0, NaN);
        const t = this.text(src, j);
        return r.invalid(line, this.header![j]!.trim(), `${show(t)} could be ${parseNumberField(t, ",")} or ${parseNumberField(t, ".")}: pass --decimal comma or --decimal point`);
      }
    }
    this.snapshotFrom(src, line);
    const type = parseTypeAt(src, this.starts[col.type]!, this.ends[col.type]!);
    const oi = this.num(src, col.open_interest);
    r.contract(type, oi);
    if (type === 0) return r.invalid(line, "type", `not call/put/C/P: ${show(this.text(src, col.type))}`);
    if (!(oi >= 0) || !Number.isFinite(oi)) {
      return r.invalid(line, "open_interest", `not a number ≥ 0: ${show(this.text(src, col.open_interest))}`);
    }
    if (oi > MAX_OPEN_INTEREST) return r.invalid(line, "open_interest", `${show(this.text(src, col.open_interest))} is not a plausible open interest (above ${MAX_OPEN_INTEREST} contracts)`);
    const strike = this.num(src, col.strike);
    if (!(strike > 0) || !Number.isFinite(strike)) return r.invalid(line, "strike", `not a price > 0: ${show(this.text(src, col.strike))}`);
    if (strike > MAX_STRIKE) return r.invalid(line, "strike", `${show(this.text(src, col.strike))} is not a plausible strike (above ${MAX_STRIKE})`);
    const expiry = this.expiryAt(src, col.expiry);
    if (Number.isNaN(expiry)) {
      return r.invalid(line, "expiry", `not a date: ${show(this.text(src, col.expiry))} (use 2024-01-19 or an ISO 8601 instant)`);
    }
    let multiplier = this.settings.multiplier;
    if (col.multiplier >= 0 && !this.isBlank(src, col.multiplier)) {
      multiplier = this.num(src, col.multiplier);
      if (!(multiplier > 0) || !Number.isFinite(multiplier)) {
        return r.invalid(line, "multiplier", `not a number > 0: ${show(this.text(src, col.multiplier))}`);
      }
      if (multiplier > MAX_MULTIPLIER) {
        return r.invalid(line, "multiplier", `${show(this.text(src, col.multiplier))} is not a plausible multiplier (above ${MAX_MULTIPLIER} units of underlying per contract)`);
      }
    }
    let forward = NaN;
    if (col.forward >= 0 && !this.isBlank(src, col.forward)) {
      forward = this.num(src, col.forward);
      if (!(forward > 0) || !Number.isFinite(forward)) return r.invalid(line, "forward", `not a price > 0: ${show(this.text(src, col.forward))}`);
    }
    let position: number | undefined;
    if (col.dealer_position >= 0) {
      position = this.num(src, col.dealer_position);
      if (!Number.isFinite(position)) {
        return r.invalid(line, "dealer_position", `not a number: ${show(this.text(src, col.dealer_position))}`);
      }
    }
    let root = this.settings.underlying ?? this.fileUnderlying ?? "";
    if (col.underlying >= 0 && !this.isBlank(src, col.underlying)) {
      const u = this.text(src, col.underlying);
      if (this.fileUnderlying === undefined) this.fileUnderlying = u;
      else if (u !== this.fileUnderlying) {
        return r.invalid(line, "underlying", `${show(u)} differs from line ${this.underlyingLine}'s ${show(this.fileUnderlying)} (a chain holds one underlying)`);
      }
      if (this.underlyingLine === 0) this.underlyingLine = line;
      root = u;
    }
    const time = (expiry - this.asOfMs) / YEAR_MS;
    if (!(time > 0)) return r.excludeExpired(expiry);
    if (oi === 0) return r.excludeZeroOpenInterest();
    let iv = this.num(src, col.iv);
    if (Number.isNaN(iv)) {
      // a "55%" cell is a percent whatever the flag says
      const t = this.text(src, col.iv);
      if (t.endsWith("%")) iv = parseNumberField(t.slice(0, -1), this.decimal === "," ? "," : ".") / 100;
      if (Number.isNaN(iv)) return r.excludeBadIv(line, `not a number: ${show(t)}`);
    } else {
      iv *= this.settings.ivScale;
    }
    if (!(iv > 0) || !Number.isFinite(iv)) return r.excludeBadIv(line, `${iv} is not a usable IV (must be > 0)`);
    if (iv > MAX_IV) {
      const hint = !this.settings.ivPercent && iv <= 500;
      if (hint) this.percentLikeIv++;
      return r.excludeBadIv(line, `${iv} is above ${MAX_IV} (${MAX_IV * 100}%)${hint ? ": if the IVs are in percent, pass --iv-percent" : ""}`);
    }
    r.use(expiry);
    const c = this.contract; // one reused object: push copies its fields into the columns
    c.type = type; c.strike = strike; c.expiry = expiry; c.time = time; c.openInterest = oi;
    c.multiplier = multiplier; c.iv = iv; c.forward = forward; c.position = position; c.root = root; c.line = line;
    this.builder.push(c);
  }
}

/**
 * Load a generic chain CSV held in memory, as text or as the file's bytes (UTF-8; plain rows are
 * then read without decoding). (`loadChain` reads files through the same reader, as bytes.)
 *
 * @param text - the whole file
 * @param file - the path to name in messages
 * @param opts - spot, asOf (required unless the file has `spot`/`asof` columns), map, multiplier, ivPercent, expiryTime, expiryZone, underlying, rate, dividend, strict
 * @returns the chain and the report of every row
 * @throws InputError for an empty file, a header only, a missing required column (named, with
 *   the columns found), a missing spot or as-of (naming the flag to pass), a bad option, or in
 *   strict mode the first row problem (file:line: field: reason)
 * @example
 * const { chain, report } = loadGeneric(
 *   "expiry,strike,type,open_interest,iv\n2024-01-19,4700,call,1200,0.12\n2024-01-19,4700,P,900,13\n",
 *   "chain.csv", { spot: 4697.24, asOf: "2024-01-05T16:00-05:00", multiplier: 100 });
 * chain.length;              // 1
 * chain.time[0] * 365;       // 14 (days)
 * report.excluded.badIv;     // 1 (13 = 1300%)
 * report.problems[0];        // { line: 3, field: "iv", reason: "13 is above 5 (500%): if the IVs are in percent, pass --iv-percent" }
 */
export function loadGeneric(text: string | Uint8Array, file: string, opts: LoadOptions = {}): Loaded {
  const reader = new GenericCsvReader(file, opts);
  if (typeof text === "string") reader.write(text);
  else reader.writeBytes(text);
  return reader.end();
}
