/**
 * CSV tokenizing for real-world exports, as RFC 4180 defines it: BOM, CRLF or LF (mixed too),
 * quoted fields with delimiters, doubled quotes (`""`) and line breaks inside, thousands separators
 * in numbers, blank lines anywhere.
 *
 * Two readers with one behaviour, pinned by the shared cases of test/data/csvCases.ts:
 *
 * - {@link parseCsvRecords}, csv-parse underneath (a well-kept RFC 4180 parser), for the files that
 *   are not hot: term sheets, price histories, contract lists, Deribit dumps.
 * - {@link readCsvRecord}, hand-written, for the generic chain's streaming fast path and the CBOE
 *   rows (a million-row file loads in about half a second; csv-parse takes several times longer),
 *   called only on records that contain a quote: plain lines are split with `indexOf`.
 *
 * Quote rules (csv-parse's with `relax_quotes` and `trim`): a quote opens a quoted field only at
 * the field's start (after optional spaces or tabs); a quote elsewhere in an unquoted field is a
 * literal character (`5" screen`); after a closing quote only spaces or tabs may come before the
 * delimiter or the line end, anything else makes the record malformed; a quote still open at the
 * end of the file is an error naming the line where it opened.
 *
 * @module
 */
import { createRequire } from "node:module";
import type { CsvError, Options as CsvOptions } from "csv-parse/sync";
import { InputError } from "./errors.js";

type CsvParseFn = (input: string, options: CsvOptions) => unknown;
let csvParseFn: CsvParseFn | undefined;
/**
 * csv-parse's synchronous parser, loaded on first use (about 8 ms: a quick query on a CBOE or
 * generic chain, which never needs it, does not pay it).
 */
function csvParse(input: string, options: CsvOptions): unknown {
  csvParseFn ??= (createRequire(import.meta.url)("csv-parse/sync") as { parse: CsvParseFn }).parse;
  return csvParseFn(input, options);
}

/**
 * Remove a leading UTF-8 byte-order mark.
 *
 * @example
 * stripBom("\uFEFFa,b"); // "a,b"
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** {@link readCsvRecord}: a quoted field is still open at `end` (or, before the final chunk, the line has no end yet). */
export const RECORD_INCOMPLETE = -1;
/** {@link readCsvRecord}: text after a closing quote (`"a"b,`): not CSV. */
export const RECORD_MALFORMED = -2;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Read one CSV record starting at `start` in `src` (RFC 4180; quote rules in the module notes).
 * The record ends at the first line feed outside quotes; a CR before it is dropped, and a line
 * break inside a quoted field (CR LF or LF) reads as LF, as {@link parseCsvRecords} reads it. Fields go into `out` (cleared first); unquoted fields
 * keep their surrounding spaces (callers trim what they parse), quoted fields are their content
 * with `""` read as `"`.
 *
 * @param src - text holding the record
 * @param start - index of the record's first character
 * @param end - read no further than this index
 * @param delimiter - one character, e.g. "," or ";"
 * @param out - receives the fields
 * @param final - `end` is the end of the input: a record may end there without a line feed
 * @param lenient - never fail: text after a closing quote is kept (`"a"b` → `ab`) and an unclosed
 *   quote runs to `end` (for header and preamble lines, which are only searched)
 * @returns the index of the line feed that ends the record, or `end` when the record ends there
 *   (`final`); {@link RECORD_INCOMPLETE} when more input is needed, {@link RECORD_MALFORMED} for
 *   text after a closing quote
 * @example
 * const f: string[] = [];
 * readCsvRecord('a,"b,\nc",d\nnext', 0, 14, ",", f, true); // 9 (the line feed after d)
 * f; // ["a", "b,\nc", "d"]
 * readCsvRecord('"open\n', 0, 6, ",", f, true); // -1 (RECORD_INCOMPLETE)
 */
export function readCsvRecord(src: string, start: number, end: number, delimiter: string, out: string[], final: boolean, lenient = false): number {
  out.length = 0;
  const D = delimiter.charCodeAt(0);
  let p = start;
  for (;;) {
    // field start: a quote after optional blanks opens a quoted field
    let q = p;
    while (q < end && (src.charCodeAt(q) === 32 || (src.charCodeAt(q) === 9 && D !== 9))) q++;
    if (q < end && src.charCodeAt(q) === QUOTE) {
      let field = "";
      let from = q + 1;
      let i = from;
      for (;;) {
        const close = src.indexOf('"', i);
        if (close < 0 || close >= end) {
          if (!lenient) return RECORD_INCOMPLETE;
          out.push(field + src.slice(from, end));
          return end;
        }
        if (close + 1 < end && src.charCodeAt(close + 1) === QUOTE) {
          field += src.slice(from, close + 1);
          from = i = close + 2;
          continue;
        }
        if (close + 1 === end && !final && !lenient) return RECORD_INCOMPLETE; // the next chunk may start with the second quote
        field += src.slice(from, close);
        if (field.indexOf("\r") >= 0) field = field.replace(/\r\n?/g, "\n"); // a line break inside reads as LF
        p = close + 1;
        break;
      }
      // after the closing quote: blanks, then the delimiter or the line end
      const afterQuote = p;
      while (p < end && (src.charCodeAt(p) === 32 || (src.charCodeAt(p) === 9 && D !== 9))) p++;
      let c = p < end ? src.charCodeAt(p) : -1;
      if (c === CR && p + 1 < end && src.charCodeAt(p + 1) === LF) c = src.charCodeAt(++p); // CR LF ends the record
      else if (c === CR && p + 1 === end) c = -1, p = end; // a final CR
      if (c !== -1 && c !== D && c !== LF) {
        if (!lenient) return RECORD_MALFORMED;
        const stop = nextStop(src, p, end, D);
        field += src.slice(afterQuote, stop);
        p = stop;
        c = p < end ? src.charCodeAt(p) : -1;
      }
      out.push(field);
      if (c === D) {
        p++;
        continue;
      }
      if (c === LF) return p;
      return final || lenient ? end : RECORD_INCOMPLETE;
    }
    const stop = nextStop(src, p, end, D);
    const c = stop < end ? src.charCodeAt(stop) : -1;
    if (c === LF) {
      out.push(src.slice(p, stop > p && src.charCodeAt(stop - 1) === CR ? stop - 1 : stop));
      return stop;
    }
    if (c === D) {
      out.push(src.slice(p, stop));
      p = stop + 1;
      continue;
    }
    if (!final && !lenient) return RECORD_INCOMPLETE;
    out.push(src.slice(p, stop > p && src.charCodeAt(stop - 1) === CR ? stop - 1 : stop));
    return end;
  }
}

/** The index of the next delimiter or line feed at or after `p`, else `end`. */
function nextStop(src: string, p: number, end: number, D: number): number {
  for (let i = p; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === D || c === LF) return i;
  }
  return end;
}

/**
 * Split one line (or one whole record) into fields, leniently: for headers and preamble lines that
 * are searched rather than validated. Quote rules as {@link readCsvRecord}; text after a closing
 * quote is kept, and an unclosed quote runs to the end of the line.
 *
 * @param line - one line without its terminator (a trailing "\r" is dropped)
 * @param delimiter - one character, default ","
 * @example
 * splitCsvLine('a,"b,c",d'); // ["a", "b,c", "d"]
 * splitCsvLine('"say ""hi""",2'); // ['say "hi"', "2"]
 * splitCsvLine('5" screen,4'); // ['5" screen', "4"]
 */
export function splitCsvLine(line: string, delimiter = ","): string[] {
  const end = line.endsWith("\r") ? line.length - 1 : line.length;
  if (line.indexOf('"') < 0) {
    return (end === line.length ? line : line.slice(0, end)).split(delimiter);
  }
  const out: string[] = [];
  readCsvRecord(line, 0, end, delimiter, out, true, true);
  return out;
}

/** One record of {@link parseCsvRecords}. */
export interface CsvRecord {
  /** 1-based line on which the record starts */
  line: number;
  /** the fields, trimmed of surrounding spaces and tabs (quoted content is kept as written) */
  fields: string[];
}

/**
 * The `#` comment lines before a CSV's first record (what a file says about itself, e.g. that it is
 * SYNTHETIC), each without its `#` and surrounding spaces; blank lines between them are skipped.
 *
 * @example
 * leadingComments("# SYNTHETIC sample\n\ndate,close\n# not this one\n"); // ["SYNTHETIC sample"]
 */
export function leadingComments(text: string): string[] {
  const out: string[] = [];
  for (const raw of stripBom(text).split(/\r\n?|\n/)) {
    const l = raw.trim();
    if (l === "") continue;
    if (!l.startsWith("#")) break;
    out.push(l.replace(/^#+\s*/, ""));
  }
  return out;
}

/** Options of {@link parseCsvRecords}. */
export interface CsvRecordOptions {
  /** field delimiter, default "," */
  delimiter?: string;
  /** skip records whose first field starts with `#` (comment lines); default false */
  comments?: boolean;
}

/**
 * Parse a whole CSV text into records with csv-parse (RFC 4180; quote rules in the module notes):
 * a BOM, CRLF/LF/mixed line ends, quoted fields with delimiters, `""` and line breaks (read as LF).
 * Blank lines (and with `comments`, lines starting with `#`, outside or inside quotes) are skipped;
 * each record carries the line it starts on, so messages about a record whose quoted field spans
 * lines still name the right line.
 *
 * @param text - the file's contents
 * @param file - the name used in messages
 * @throws InputError naming the file and line for text that is not CSV: a quote opened and never
 *   closed (the line where it opened), text after a closing quote
 * @example
 * parseCsvRecords('id,issuer\n1,"Bank A,\nN.A."\n2,B\n', "book.csv");
 * // [{ line: 1, fields: ["id", "issuer"] }, { line: 2, fields: ["1", "Bank A,\nN.A."] }, { line: 4, fields: ["2", "B"] }]
 */
export function parseCsvRecords(text: string, file: string, options: CsvRecordOptions = {}): CsvRecord[] {
  const out: CsvRecord[] = [];
  // line breaks read as LF (inside quoted fields too), so that csv-parse's line count is the file's
  let src = stripBom(text).replace(/\r\n?/g, "\n");
  // comment lines blanked, not removed, so that line numbers stay the file's
  if (options.comments) src = src.replace(/^[ \t]*#[^\n]*/gm, "");
  try {
    const rows = csvParse(src, {
      delimiter: options.delimiter ?? ",", record_delimiter: "\n", relax_quotes: true,
      relax_column_count: true, trim: true, skip_empty_lines: false, info: true, raw: true,
    }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
    for (const { record, info, raw } of rows) {
      if (record.length === 1 && record[0] === "") continue; // a blank line
      // info.lines is the line the record ends on; it starts as many lines earlier as it holds breaks
      let inner = 0;
      for (let i = raw.length - (raw.endsWith("\n") ? 2 : 1); i >= 0; i--) if (raw.charCodeAt(i) === LF) inner++;
      out.push({ line: info.lines - inner, fields: record });
    }
  } catch (err) {
    const e = err as CsvError & { lines?: number };
    if (typeof e.code !== "string" || !e.code.startsWith("CSV_") && !e.code.startsWith("INVALID_")) throw err;
    if (e.code === "CSV_QUOTE_NOT_CLOSED") {
      const line = quoteOpenedOn(src, options.delimiter ?? ",");
      throw new InputError(`a quoted field opened on this line is never closed (an unbalanced " quote)`, { file, line });
    }
    const line = typeof e.lines === "number" ? e.lines : undefined;
    const why = e.code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE" ? "text after a closing quote (write a literal quote as \"\" inside a quoted field)" : e.message;
    throw new InputError(`not valid CSV: ${why}`, line === undefined ? { file } : { file, line });
  }
  return out;
}

/** The line on which the record holding an unclosed quote starts (records read with {@link readCsvRecord}). */
function quoteOpenedOn(src: string, delimiter: string): number {
  const fields: string[] = [];
  let p = 0;
  let line = 1;
  while (p < src.length) {
    const e = readCsvRecord(src, p, src.length, delimiter, fields, true);
    if (e < 0) return line;
    for (let i = p; i < e; i++) if (src.charCodeAt(i) === LF) line++;
    line++;
    p = e + 1;
  }
  return line;
}

/**
 * Split a whole text into lines (LF or CRLF), after stripping a BOM. The array index + 1 is the
 * 1-based line number.
 *
 * @example
 * splitLines("\uFEFFa\r\nb\r\n"); // ["a", "b", ""]
 */
export function splitLines(text: string): string[] {
  return stripBom(text).split(/\r?\n/);
}

/**
 * Parse a numeric field as real exports write it: surrounding spaces, thousands separators
 * ("1,234.5" inside quotes), a leading "+", a trailing "%" (returned as a percent number, not
 * divided). Empty, "-", "N/A", "null" and anything else non-numeric give NaN.
 *
 * With `decimal` "," (European spreadsheets) the roles swap: "0,25" is 0.25 and "4.700,5" is
 * 4700.5. Thousands separators are accepted only in well-formed groups of three, so a decimal
 * comma is never read as a thousands separator ("1,5" is NaN with "." and 1.5 with ",").
 *
 * @param decimal - the decimal mark, "." (default) or ","
 * @example
 * parseNumberField(" 1,234.50 "); // 1234.5
 * parseNumberField("");           // NaN
 * parseNumberField("12%");        // 12
 * parseNumberField("1,5");        // NaN (not a thousands grouping)
 * parseNumberField("4.700,5", ","); // 4700.5
 */
export function parseNumberField(raw: string, decimal: "." | "," = "."): number {
  let s = raw.trim();
  if (s === "") return NaN;
  if (s.endsWith("%")) s = s.slice(0, -1).trim();
  const group = decimal === "." ? "," : ".";
  if (s.includes(group)) {
    // only accept well-formed thousands grouping, so "1,5" (a decimal comma) is not read as 15
    const ok = decimal === "." ? /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/ : /^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$/;
    if (!ok.test(s)) return NaN;
    s = s.split(group).join("");
  }
  if (decimal === ",") s = s.replace(",", ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}

/** 10^k for k = 0…22: every one exactly representable, which {@link parseNumberRange} relies on. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * {@link parseNumberField} of `src.slice(start, end)`, without the slice and the regular
 * expressions for plain decimals (`4700.00`, ` -0.5`, `.25`, `1234`; with `decimal` ",": `0,25`):
 * those are read from the char codes. Anything else (exponents, thousands separators, `%`, other
 * whitespace, more than 15 significant digits) goes through {@link parseNumberField} itself.
 *
 * Exactness: with at most 15 significant digits the mantissa m is an exact integer and 10^k
 * (k ≤ 22) is exact, so the IEEE division m / 10^k is the correctly rounded value of the decimal:
 * the same double `Number(text)` returns (Clinger's fast path).
 *
 * @param decimal - the decimal mark, "." (default) or ","
 * @example
 * parseNumberRange("x,0.2345,y", 2, 8); // 0.2345
 * parseNumberRange("a, 12% ,b", 2, 7);  // 12 (via parseNumberField)
 * parseNumberRange("a,,b", 2, 2);       // NaN
 * parseNumberRange("x;0,25;y", 2, 6, ","); // 0.25
 */
export function parseNumberRange(src: string, start: number, end: number, decimal: "." | "," = "."): number {
  let s = start;
  let e = end;
  while (s < e && src.charCodeAt(s) === 32) s++;
  while (e > s && src.charCodeAt(e - 1) === 32) e--;
  if (s === e) return NaN; // blank, as parseNumberField says
  const mark = decimal === "." ? 46 : 44;
  let i = s;
  let c = src.charCodeAt(i);
  let negative = false;
  if (c === 45) {
    negative = true;
    i++;
  } else if (c === 43) i++;
  let mantissa = 0;
  let significant = 0;
  let frac = 0;
  let anyDigit = false;
  let dot = false;
  for (; i < e; i++) {
    c = src.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      anyDigit = true;
      if (mantissa !== 0 || c !== 48) significant++;
      mantissa = mantissa * 10 + (c - 48);
      if (dot) frac++;
    } else if (c === mark && !dot) {
      dot = true;
    } else {
      return parseNumberField(src.slice(start, end), decimal);
    }
  }
  if (!anyDigit || significant > 15 || frac > 22) return parseNumberField(src.slice(start, end), decimal);
  const v = frac === 0 ? mantissa : mantissa / POW10[frac]!;
  return negative ? -v : v;
}
