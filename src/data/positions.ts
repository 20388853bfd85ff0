/**
 * Positions CSV for ADL rankings: one leveraged position per row. Columns (case-insensitive; spaces
 * or hyphens read as `_`):
 *
 * | column | required | format |
 * |---|---|---|
 * | `id` | yes | text, unique |
 * | `side` | yes, unless `size` is signed | `long`/`short` (also `buy`/`sell`) |
 * | `size` | yes | coin, > 0 (or signed: negative = short, when there is no side column) |
 * | `entry` | yes | entry price, USD per coin, > 0 (`entry_price` accepted) |
 * | `mark` | yes | mark price, USD per coin, > 0 (`mark_price` accepted) |
 * | `leverage` or `margin` | one of them | leverage > 0 (margin = size × entry / leverage), or isolated margin USD ≥ 0; `margin` wins when both are filled |
 *
 * The positions are the user's (no venue publishes its ADL queue); the ranking says so. A row is
 * rejected with its line and column for an unreadable field; every row of a repeated id is rejected.
 *
 * @module
 */
import type { Problem } from "./chain.js";
import { parseNumberField } from "./csv.js";
import { findColumn, readCsvTable } from "./csvTable.js";
import { foundColumns, InputError } from "./errors.js";
import { readInputFile, type RowsReport } from "./priceHistory.js";

/** One position of the file. */
export interface PositionRow {
  id: string;
  side: "long" | "short";
  /** coin, > 0 */
  size: number;
  /** USD per coin */
  entry: number;
  mark: number;
  /** isolated margin, USD (from the margin column, or size × entry / leverage) */
  margin: number;
  /** leverage as given (or size × entry / margin) */
  leverage: number;
  line: number;
}

/** A positions file read. */
export interface Positions {
  positions: PositionRow[];
  /** the `#` comment lines before the header (e.g. a SYNTHETIC label) */
  comments: string[];
  report: RowsReport;
}

/**
 * Parse a positions CSV (see the module note).
 *
 * @throws InputError for a file that cannot be used: empty, a required column missing (listing the
 *   columns found), neither leverage nor margin, no usable row; in strict mode the first rejected row
 * @example
 * parsePositions("id,side,size,entry,mark,leverage\na,long,10,80000,90000,11\n", "p.csv").positions[0].margin; // 72727.27272727272
 */
export function parsePositions(text: string, file: string, opts: { strict?: boolean } = {}): Positions {
  const t = readCsvTable(text, file);
  const found = foundColumns(t.header);
  const col = (c: string[]) => findColumn(t.names, c);
  const need = (c: string[]) => {
    const i = col(c);
    if (i < 0) throw new InputError(`missing required column '${c[0]}' (${found})`, { file, line: t.headerLine });
    return i;
  };
  const ii = need(["id", "position_id"]);
  const zi = need(["size", "qty", "quantity"]);
  const ei = need(["entry", "entry_price", "avg_entry", "entryprice"]);
  const mi = need(["mark", "mark_price", "markprice"]);
  const si = col(["side", "direction"]);
  const li = col(["leverage", "lev"]);
  const gi = col(["margin", "isolated_margin", "wallet_balance"]);
  if (li < 0 && gi < 0) throw new InputError(`needs a 'leverage' or a 'margin' column (${found})`, { file, line: t.headerLine });
  const problems: Problem[] = [...t.malformed];
  const rows: PositionRow[] = [];
  const name = (i: number) => t.header[i]!;
  for (const { line, fields } of t.rows) {
    const bad = (i: number, reason: string) => problems.push({ line, field: name(i), reason });
    const id = fields[ii]!.trim();
    if (id === "") { bad(ii, "id is empty"); continue; }
    let size = parseNumberField(fields[zi]!);
    if (!Number.isFinite(size) || size === 0) { bad(zi, `size must be a non-zero number (got ${JSON.stringify(fields[zi]!.trim())})`); continue; }
    let side: "long" | "short";
    if (si >= 0 && fields[si]!.trim() !== "") {
      const s = fields[si]!.trim().toLowerCase();
      if (s === "long" || s === "buy") side = "long";
      else if (s === "short" || s === "sell") side = "short";
      else { bad(si, `side must be long or short (got ${JSON.stringify(fields[si]!.trim())})`); continue; }
      if (size < 0) { bad(zi, "size must be > 0 when a side is given"); continue; }
    } else {
      if (si >= 0 && size > 0) { bad(si, "side is empty (or give a signed size without a side column)"); continue; }
      side = size > 0 ? "long" : "short";
      size = Math.abs(size);
    }
    const entry = parseNumberField(fields[ei]!);
    if (!(entry > 0) || !Number.isFinite(entry)) { bad(ei, `entry must be a number > 0 (got ${JSON.stringify(fields[ei]!.trim())})`); continue; }
    const mark = parseNumberField(fields[mi]!);
    if (!(mark > 0) || !Number.isFinite(mark)) { bad(mi, `mark must be a number > 0 (got ${JSON.stringify(fields[mi]!.trim())})`); continue; }
    const mText = gi >= 0 ? fields[gi]!.trim() : "";
    const lText = li >= 0 ? fields[li]!.trim() : "";
    let margin: number, leverage: number;
    if (mText !== "") {
      margin = parseNumberField(mText);
      if (!(margin >= 0) || !Number.isFinite(margin)) { bad(gi, `margin must be a number ≥ 0 USD (got ${JSON.stringify(mText)})`); continue; }
      leverage = (size * entry) / margin;
    } else if (lText !== "") {
      leverage = parseNumberField(lText);
      if (!(leverage > 0) || !Number.isFinite(leverage)) { bad(li, `leverage must be a number > 0 (got ${JSON.stringify(lText)})`); continue; }
      margin = (size * entry) / leverage;
    } else { bad(li >= 0 ? li : gi, "neither leverage nor margin is given"); continue; }
    rows.push({ id, side, size, entry, mark, margin, leverage, line });
  }
  const byId = new Map<string, PositionRow[]>();
  for (const r of rows) {
    let g = byId.get(r.id);
    if (!g) byId.set(r.id, (g = []));
    g.push(r);
  }
  const positions: PositionRow[] = [];
  for (const g of byId.values()) {
    if (g.length === 1) { positions.push(g[0]!); continue; }
    const lines = g.map((r) => r.line).join(", ");
    for (const r of g) problems.push({ line: r.line, field: name(ii), reason: `id ${r.id} repeated (lines ${lines})` });
  }
  positions.sort((a, b) => a.line - b.line);
  problems.sort((a, b) => a.line - b.line);
  if (opts.strict && problems.length > 0) {
    const p = problems[0]!;
    throw new InputError(p.reason, { file, line: p.line, ...(p.field !== undefined ? { field: p.field } : {}) });
  }
  if (positions.length === 0) throw new InputError(`no usable position${problems[0] ? ` (e.g. line ${problems[0].line}: ${problems[0].reason})` : ""}`, { file });
  return { positions, comments: t.comments, report: { file, rows: t.count, used: positions.length, rejected: t.count - positions.length, problems, warnings: [] } };
}

/**
 * Read and parse a positions CSV ({@link parsePositions}).
 *
 * @example
 * (await loadPositions("data/positions_sample.csv")).positions.length; // 14
 */
export async function loadPositions(file: string, opts: { strict?: boolean } = {}): Promise<Positions> {
  return parsePositions(await readInputFile(file), file, opts);
}
