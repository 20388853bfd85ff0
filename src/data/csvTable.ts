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
import { splitCsvLine, splitLines } from "./csv.js";
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
 * Split a CSV text (BOM, CRLF, RFC 4180 quotes on one line) into header and rows.
 *
 * @throws InputError when the file is empty or has a header only
 * @example
 * readCsvTable("date,price\n2026-02-05,70139.2\n", "f.csv").rows; // [{ line: 2, fields: ["2026-02-05", "70139.2"] }]
 */
export function readCsvTable(text: string, file: string): CsvTable {
  const lines = splitLines(text);
  const isData = (l: string) => l.trim() !== "" && !l.trim().startsWith("#");
  const h = lines.findIndex(isData);
  if (h < 0) throw new InputError("file is empty", { file });
  const header = splitCsvLine(lines[h]!).map((c) => c.trim());
  const rows: CsvTable["rows"] = [];
  const malformed: Problem[] = [];
  let count = 0;
  for (let k = h + 1; k < lines.length; k++) {
    if (!isData(lines[k]!)) continue;
    count++;
    const fields = splitCsvLine(lines[k]!);
    // trailing empty fields beyond the header are tolerated (spreadsheet exports)
    if (fields.length < header.length || fields.slice(header.length).some((x) => x.trim() !== "")) {
      malformed.push({ line: k + 1, reason: `row has ${fields.length} field${fields.length === 1 ? "" : "s"}, the header has ${header.length}` });
      continue;
    }
    rows.push({ line: k + 1, fields });
  }
  if (count === 0) throw new InputError("no data rows (header only)", { file, line: h + 1 });
  const comments = lines.slice(0, h).filter((l) => l.trim().startsWith("#")).map((l) => l.trim().replace(/^#+\s*/, ""));
  return { header, names: header.map(normalizeHeader), headerLine: h + 1, rows, count, malformed, comments };
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
