/**
 * A header-plus-rows CSV read for the row-per-record loaders of the futures data (futures prices,
 * open-interest history, positions): header found on the first data line, names normalized, each
 * row kept with its 1-based file line; blank and `#` comment lines skipped and not counted (the
 * comments before the header are kept: a file can say what it is, e.g. that it is synthetic); a row
 * with the wrong number of fields reported, not read.
 *
 * @module
 */
import type { Problem } from "./chain.js";
import { leadingComments, parseCsvRecords, splitCsvLine, splitLines } from "./csv.js";
import { InputError } from "./errors.js";

/** A CSV split into a header and rows. */
export interface CsvTable {
  /** header cells as written, trimmed */
  header: string[];
  /** header cells normalized: lower case, spaces and hyphens as `_` */
  names: string[];
  /** 1-based line of the header */
  headerLine: number;
  /** data rows with the header's number of fields */
  rows: Array<{ line: number; fields: string[] }>;
  /** rows read (including malformed ones) */
  count: number;
  /** one problem per malformed row */
  malformed: Problem[];
  /** text of the `#` comment lines before the header, without the `#` */
  comments: string[];
}

/**
 * Normalize a header cell: trim, lower case, spaces and hyphens to `_`.
 *
 * @example
 * normalizeHeader(" Open Interest "); // "open_interest"
 */
export function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/**
 * Split a CSV text (BOM, CRLF, RFC 4180 quotes: delimiters, `""` and line breaks inside quoted
 * fields) into header and rows. Each row carries the line on which its record starts.
 *
 * Two paths, one behaviour: a text without any `"` is split line by line (hand-written, no parser
 * to load); a text with a quote goes through {@link parseCsvRecords} (csv-parse), so that a quoted
 * field may span lines as RFC 4180 allows. Fields are read as written on the fast path and trimmed
 * on the csv-parse path; every caller trims what it reads, so the results are the same.
 *
 * @throws InputError when the file is empty or has a header only, or (quoted text) is not CSV: a
 *   quote never closed, text after a closing quote
 * @example
 * readCsvTable("date,price\n2026-02-05,70139.2\n", "f.csv").rows; // [{ line: 2, fields: ["2026-02-05", "70139.2"] }]
 * readCsvTable('id,size\n"S-1\nmulti",2\n', "p.csv").rows; // [{ line: 2, fields: ["S-1\nmulti", "2"] }]
 */
export function readCsvTable(text: string, file: string): CsvTable {
  return text.indexOf('"') < 0 ? readPlainTable(text, file) : readQuotedTable(text, file);
}

/** Assemble a {@link CsvTable} from records (header first), checking each row's field count. */
function tableOf(records: Array<{ line: number; fields: string[] }>, comments: string[], file: string): CsvTable {
  const head = records[0];
  if (head === undefined) throw new InputError("file is empty", { file });
  const header = head.fields.map((c) => c.trim());
  const rows: CsvTable["rows"] = [];
  const malformed: Problem[] = [];
  for (let k = 1; k < records.length; k++) {
    const { line, fields } = records[k]!;
    // trailing empty fields beyond the header are tolerated (spreadsheet exports)
    if (fields.length < header.length || fields.slice(header.length).some((x) => x.trim() !== "")) {
      malformed.push({ line, reason: `row has ${fields.length} field${fields.length === 1 ? "" : "s"}, the header has ${header.length}` });
      continue;
    }
    rows.push({ line, fields });
  }
  const count = records.length - 1;
  if (count === 0) throw new InputError("no data rows (header only)", { file, line: head.line });
  return { header, names: header.map(normalizeHeader), headerLine: head.line, rows, count, malformed, comments };
}

/** {@link readCsvTable} for a text without quotes: one record per line. */
function readPlainTable(text: string, file: string): CsvTable {
  const lines = splitLines(text);
  const isData = (l: string) => l.trim() !== "" && !l.trim().startsWith("#");
  const records: Array<{ line: number; fields: string[] }> = [];
  for (let k = 0; k < lines.length; k++) if (isData(lines[k]!)) records.push({ line: k + 1, fields: splitCsvLine(lines[k]!) });
  return tableOf(records, leadingComments(text), file);
}

/** {@link readCsvTable} for a text with quotes: records by csv-parse, each with its starting line. */
function readQuotedTable(text: string, file: string): CsvTable {
  const records = parseCsvRecords(text, file, { comments: true });
  // no record starts before the header: the lines above it are blank or the leading comments
  return tableOf(records, leadingComments(text), file);
}

/**
 * Index of the first of `candidates` among normalized names, or −1.
 *
 * @example
 * findColumn(["timestamp", "sumopeninterest"], ["date", "timestamp"]); // 0
 */
export function findColumn(names: readonly string[], candidates: readonly string[]): number {
  for (const c of candidates) {
    const i = names.indexOf(c);
    if (i >= 0) return i;
  }
  return -1;
}
