/**
 * Structured-note term sheets: a CSV book of notes, one per row, read into validated
 * {@link NoteTerms}.
 *
 * Columns (header names case-insensitive; spaces or hyphens read as `_`; other columns are ignored
 * with a warning):
 *
 * | column | required | format |
 * |---|---|---|
 * | note_id, issuer, underlying | yes | text; note_id unique in the file |
 * | pricing_date | yes | `YYYY-MM-DD` or US `M/D/YYYY` |
 * | maturity | yes | a date, or a tenor from pricing_date: years `2`, `1.5`, `2y` or months `18m` |
 * | final_valuation_date | no (default: 3 business days before maturity) | a date or a tenor, after pricing_date, not after maturity |
 * | initial_level | yes, unless a price history of the underlying is given | price, `$` allowed |
 * | barrier_pct | yes, unless barrier_level is given | level of initial, in (0, 100 %) |
 * | barrier_level | no; wins over barrier_pct | absolute price, below initial_level |
 * | observation | yes | final, daily or continuous |
 * | notional_usd | yes | > 0, `"$5,000,000"` allowed |
 * | strike_pct | no (default 100 %) | level of initial, (0, 200 %] |
 * | coupon_rate_pa | no | rate per year, [0, 100 %] |
 * | coupon_barrier_pct | no (needs coupon_rate_pa; absent: coupons unconditional) | level of initial, (0, 200 %] |
 * | coupon_frequency | no (needs coupon_rate_pa; default the autocall frequency, else quarterly) | monthly, quarterly, semiannual, annual |
 * | coupon_memory | no (needs coupon_rate_pa; default no) | yes/no, true/false, y/n, 1/0 |
 * | autocall_level_pct, autocall_frequency | no (both or neither) | level of initial (0, 200 %]; monthly, quarterly, semiannual, annual |
 * | first_autocall_date | no (needs the autocall terms) | a date or a tenor, after pricing_date, not after maturity |
 *
 * **Levels and rates** are fractions or percents: `0.7`, `70` and `70%` all mean 70 % (0.7 in
 * {@link NoteTerms}). A bare number up to 1 is a fraction, above 1 percent points; write `0.5%` for
 * half a percent. A coupon rate of exactly `1` is rejected as ambiguous (write `1%` or `100%`).
 *
 * **Other sources.** `map` renames columns (canonical name → the file's header, as the generic
 * chain loader's `--map`), so a term sheet exported with other headers loads unchanged.
 *
 * **Initial level from a price history.** When a row has no initial_level and a history of its
 * underlying is given, the initial level is that history's close on the pricing date. If the
 * pricing date has no row in the history but lies inside it, the last close before it is used and
 * a warning says so, provided it is at most {@link MAX_CLOSE_GAP_DAYS} calendar days older
 * (a weekend or holiday); an older close, or a pricing date before the history's first or after
 * its last date, rejects the note. When initial_level is given and the history has a close on
 * that date differing by more than 0.1 %, a warning says so (the file's value is used).
 *
 * **Duplicates.** Every row of a note_id that appears on several rows is rejected (which one is
 * right cannot be known), so the result does not depend on row order.
 *
 * Observation instants are the 16:00 America/New_York close (the notes are on US-listed
 * underlyings). Blank lines and lines starting with `#` are skipped and not counted. The CSV is
 * read as RFC 4180 ({@link parseCsvRecords}): a quoted issuer name may hold commas, doubled quotes
 * and line breaks, and problems name the line each row starts on.
 *
 * @module
 */
import type { Problem } from "./chain.js";
import { leadingComments, parseCsvRecords, parseNumberField } from "./csv.js";
import { foundColumns, InputError } from "./errors.js";
import { NoteTermsError, validateNoteTerms, type NoteTerms, type NoteTermsInput } from "./noteTerms.js";
import { closeOn, parseDate, parsePriceField, readInputFile, type PriceHistory, type RowsReport } from "./priceHistory.js";

/** A close at most this many calendar days before a pricing date missing from the history may stand in for it. */
export const MAX_CLOSE_GAP_DAYS = 5;

/** Canonical term-sheet columns, required ones first. */
export const TERM_SHEET_COLUMNS = [
  "note_id", "issuer", "underlying", "pricing_date", "initial_level", "barrier_pct", "observation", "maturity", "notional_usd",
  "barrier_level", "strike_pct", "coupon_barrier_pct", "coupon_rate_pa", "autocall_level_pct", "autocall_frequency", "first_autocall_date",
  "final_valuation_date", "coupon_frequency", "coupon_memory",
] as const;
type Column = (typeof TERM_SHEET_COLUMNS)[number];

/** Options of {@link parseTermSheets}. */
export interface TermSheetOptions {
  /** any rejected row throws an InputError naming its line (the first in the file) */
  strict?: boolean;
  /**
   * closing prices for notes without initial_level: a history is used for the notes on its
   * `underlying`. One history without an underlying may be given: it is taken to be of the one
   * underlying (without a named history) whose notes lack initial_level — or, when none lacks it,
   * of the one underlying of the notes without a named history; if there are several, of none
   */
  history?: PriceHistory | readonly PriceHistory[];
  /** canonical column → the file's column header (renames; e.g. `{ note_id: "CUSIP" }`) */
  map?: Readonly<Record<string, string>>;
}

/** The notes of a term-sheet file and the account of its rows. */
export interface TermSheets {
  /** valid notes, in file order */
  notes: NoteTerms[];
  /** the `#` comment lines before the header (e.g. a SYNTHETIC label) */
  comments: string[];
  /** rows = used + rejected; one problem per rejected row */
  report: RowsReport;
}

const FIELD_OF: Record<Column, keyof NoteTermsInput> = {
  note_id: "id", issuer: "issuer", underlying: "underlying", pricing_date: "pricingDate", initial_level: "initialLevel",
  barrier_pct: "barrierPct", observation: "observation", maturity: "maturity", notional_usd: "notionalUsd",
  barrier_level: "barrierLevel", strike_pct: "strikePct", coupon_barrier_pct: "couponBarrierPct", coupon_rate_pa: "couponRatePa",
  autocall_level_pct: "autocallLevelPct", autocall_frequency: "autocallFrequency", first_autocall_date: "firstAutocallDate",
  final_valuation_date: "finalValuationDate", coupon_frequency: "couponFrequency", coupon_memory: "couponMemory",
};
const COLUMN_OF = new Map<string, Column>(Object.entries(FIELD_OF).map(([c, f]) => [f, c as Column]));

/** Level and rate columns: [low, high] in percent points and whether each end is open. */
const PERCENT: Partial<Record<Column, { lo: number; hi: number; loOpen: boolean; hiOpen: boolean }>> = {
  barrier_pct: { lo: 0, hi: 100, loOpen: true, hiOpen: true },
  strike_pct: { lo: 0, hi: 200, loOpen: true, hiOpen: false },
  coupon_barrier_pct: { lo: 0, hi: 200, loOpen: true, hiOpen: false },
  autocall_level_pct: { lo: 0, hi: 200, loOpen: true, hiOpen: false },
  coupon_rate_pa: { lo: 0, hi: 100, loOpen: false, hiOpen: false },
};
const PRICE: readonly Column[] = ["initial_level", "barrier_level", "notional_usd"];
const DATE: readonly Column[] = ["pricing_date", "maturity", "first_autocall_date", "final_valuation_date"];

/** Read by snake_case name: "Note ID" → "note_id". */
function norm(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** A problem with one field of a row. */
class RowProblem {
  constructor(readonly field: string | undefined, readonly reason: string) {}
}

/** Autocall frequency spellings → canonical. */
const FREQUENCIES: Record<string, string> = {
  monthly: "monthly", quarterly: "quarterly", semiannual: "semiannual", "semi_annual": "semiannual",
  semiannually: "semiannual", "semi_annually": "semiannual", annual: "annual", annually: "annual", yearly: "annual",
};

/**
 * A level or rate in percent points: `70`, `70%` and the fraction `0.7` all give 70 (a bare number
 * up to 1 is a fraction; a coupon rate of exactly 1 is ambiguous). Percent points, so that a level
 * is initial × points / 100.
 */
function parsePercentPoints(col: Column, raw: string): number {
  const t = raw.trim();
  const hasPct = t.endsWith("%");
  const x = parseNumberField(t);
  if (Number.isNaN(x)) throw new RowProblem(col, `not a number: ${JSON.stringify(t)}`);
  if (!hasPct && x === 1 && col === "coupon_rate_pa") {
    throw new RowProblem(col, "1 is ambiguous for a rate: write 1% for one percent, or 100% (or 1.0 as a fraction is not accepted here)");
  }
  const v = !hasPct && x > 0 && x <= 1 ? Number((x * 100).toPrecision(15)) : x;
  const b = PERCENT[col]!;
  const okLo = b.loOpen ? v > b.lo : v >= b.lo;
  const okHi = b.hiOpen ? v < b.hi : v <= b.hi;
  if (!(okLo && okHi)) {
    const range = `${b.loOpen ? "(" : "["}${b.lo}, ${b.hi}${b.hiOpen ? ")" : "]"}`;
    const why = col === "barrier_pct" ? " for a down barrier (below the initial level)" : "";
    throw new RowProblem(col, `must be in ${range} percent${why} (got ${t}${v !== x ? ` = ${v}%` : ""})`);
  }
  return v;
}

/** Yes/no spellings of coupon_memory. */
const YES_NO: Record<string, boolean> = { yes: true, y: true, true: true, "1": true, no: false, n: false, false: false, "0": false };

/**
 * A date column: a calendar date, or a tenor from the pricing date (`2`, `1.5`, `2y` years or
 * `18m` months; whole months go by the calendar, other year fractions by 365 days).
 */
function parseDateOrTenor(col: Column, v: string, pricing: string | undefined): string {
  const iso = parseDate(v);
  if (iso !== undefined) return iso;
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(y|yr|yrs|years?|m|mo|months?)?$/i.exec(v.trim());
  if (!m || col === "pricing_date") throw new RowProblem(col, `unparsable date ${JSON.stringify(v)} (write YYYY-MM-DD, M/D/YYYY${col === "pricing_date" ? "" : ", or a tenor like 2y or 18m"})`);
  if (pricing === undefined) throw new RowProblem(col, `the tenor ${JSON.stringify(v)} needs a pricing_date`);
  const n = Number(m[1]);
  const months = m[2] !== undefined && m[2].toLowerCase().startsWith("m") ? n : n * 12;
  if (!(months > 0)) throw new RowProblem(col, `a tenor must be > 0 (got ${JSON.stringify(v)})`);
  if (Math.abs(months - Math.round(months)) < 1e-9) return addMonthsIso(pricing, Math.round(months));
  return new Date(Date.parse(pricing + "T00:00:00Z") + Math.round((months / 12) * 365) * 86400_000).toISOString().slice(0, 10);
}

/** A date plus whole months, day of month clamped to the month's end. */
function addMonthsIso(iso: string, n: number): string {
  const y = Number(iso.slice(0, 4)), mo = Number(iso.slice(5, 7)), d = Number(iso.slice(8, 10));
  const first = new Date(Date.UTC(y, mo - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

/** Raw values of one row, keyed by canonical column. */
type RawRow = Partial<Record<Column, string>>;

interface Draft {
  line: number;
  raw: RawRow;
  input: NoteTermsInput;
  /** the row gave no initial_level */
  needsInitial: boolean;
}

/** Parse the row's own fields (no history, no cross-field rules beyond presence). */
function draftRow(raw: RawRow, line: number): Draft {
  const get = (c: Column) => {
    const v = raw[c];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const input: Partial<NoteTermsInput> & { line: number } = { line };
  for (const c of ["note_id", "issuer", "underlying", "observation"] as const) {
    const v = get(c);
    if (v === undefined) throw new RowProblem(c, `missing ${c}`);
    (input as Record<string, unknown>)[FIELD_OF[c]] = v;
  }
  for (const c of DATE) {
    const v = get(c);
    if (v === undefined) {
      if (c === "first_autocall_date" || c === "final_valuation_date") continue;
      throw new RowProblem(c, `missing ${c}`);
    }
    (input as Record<string, unknown>)[FIELD_OF[c]] = parseDateOrTenor(c, v, input.pricingDate);
  }
  for (const c of PRICE) {
    const v = get(c);
    if (v === undefined) {
      if (c === "notional_usd") throw new RowProblem(c, "missing notional_usd");
      continue;
    }
    const x = parsePriceField(v);
    if (Number.isNaN(x)) throw new RowProblem(c, `not a number: ${JSON.stringify(v)}`);
    if (!(x > 0)) throw new RowProblem(c, `must be > 0 (got ${v})`);
    (input as Record<string, unknown>)[FIELD_OF[c]] = x;
  }
  for (const c of Object.keys(PERCENT) as Column[]) {
    const v = get(c);
    if (v !== undefined) (input as Record<string, unknown>)[FIELD_OF[c]] = parsePercentPoints(c, v) / 100;
  }
  if (input.barrierPct === undefined && input.barrierLevel === undefined) {
    throw new RowProblem("barrier_pct", "missing barrier_pct (or barrier_level)");
  }
  const freq = get("autocall_frequency");
  if (freq !== undefined) {
    const f = FREQUENCIES[norm(freq)];
    if (f === undefined) throw new RowProblem("autocall_frequency", `must be monthly, quarterly, semiannual or annual (got ${JSON.stringify(freq)})`);
    input.autocallFrequency = f;
  }
  const cfreq = get("coupon_frequency");
  if (cfreq !== undefined) {
    const f = FREQUENCIES[norm(cfreq)];
    if (f === undefined) throw new RowProblem("coupon_frequency", `must be monthly, quarterly, semiannual or annual (got ${JSON.stringify(cfreq)})`);
    input.couponFrequency = f;
  }
  const memory = get("coupon_memory");
  if (memory !== undefined) {
    const b = YES_NO[memory.toLowerCase()];
    if (b === undefined) throw new RowProblem("coupon_memory", `must be yes or no (got ${JSON.stringify(memory)})`);
    input.couponMemory = b;
  }
  input.underlying = input.underlying!.toUpperCase();
  return { line, raw, input: input as NoteTermsInput, needsInitial: input.initialLevel === undefined };
}

/** Rewrite camelCase field names of a NoteTermsError reason as the file's column names. */
function columnWords(reason: string): string {
  return reason.replace(/\b[a-z]+(?:[A-Z][a-z]*)+\b/g, (w) => COLUMN_OF.get(w) ?? w);
}

/**
 * Parse a term-sheet CSV into validated notes (see the module notes for columns and rules).
 * Each rejected row gets one problem `{ line, field, reason }`: a missing or unparsable field,
 * a barrier not below the initial level, maturity not after the pricing date, a non-positive
 * notional, an unknown observation, a duplicated note_id, a pricing date the history cannot price.
 *
 * @param text - the file's contents (BOM, CRLF, quoted fields, thousands separators allowed)
 * @param file - name used in messages and the report
 * @throws InputError for a file that cannot be used at all: empty, header only, a required column
 *   absent (named, with the columns found), a column given twice, text that is not CSV (a quote
 *   never closed, naming the line it opened on); in strict mode, for the first
 *   rejected row (lowest line); RangeError when more than one history without an underlying is given
 * @example
 * const { notes, report } = parseTermSheets(
 *   "note_id,issuer,underlying,pricing_date,initial_level,barrier_pct,observation,maturity,notional_usd\n" +
 *   'JPM-1,JPMorgan,IBIT,11/20/2025,62.30,70%,final,2027-11-22,"$5,000,000"\n', "book.csv");
 * notes[0].barrierLevel; // 43.61 (62.3 × 70 / 100)
 * notes[0].pricingDate;  // "2025-11-20"
 * notes[0].notionalUsd;  // 5000000
 * report;                // { file: "book.csv", rows: 1, used: 1, rejected: 0, problems: [], warnings: [] }
 */
export function parseTermSheets(text: string, file: string, options: TermSheetOptions = {}): TermSheets {
  const histories: readonly PriceHistory[] = options.history === undefined ? [] : Array.isArray(options.history) ? options.history : [options.history as PriceHistory];
  const named = new Map<string, PriceHistory>();
  let unnamed: PriceHistory | undefined;
  for (const h of histories) {
    if (h.underlying === undefined) {
      if (unnamed) throw new RangeError("history: at most one price history without an underlying may be given");
      unnamed = h;
    } else {
      named.set(h.underlying.toUpperCase(), h);
    }
  }

  const records = parseCsvRecords(text, file, { comments: true });
  if (records.length === 0) throw new InputError("file is empty", { file });
  const headerLine = records[0]!.line;
  const header = records[0]!.fields;
  const colIndex = new Map<Column, number>();
  const warnings: Problem[] = [];
  // renames: the file's header (normalized) → canonical column
  const renamed = new Map<string, string>();
  for (const [canonical, target] of Object.entries(options.map ?? {})) {
    const c = norm(canonical);
    if (!(TERM_SHEET_COLUMNS as readonly string[]).includes(c)) {
      throw new InputError(`--map ${canonical}=${target}: ${JSON.stringify(canonical)} is not a term-sheet column (one of ${TERM_SHEET_COLUMNS.join(", ")})`, { file, line: headerLine });
    }
    if (!header.some((h) => norm(h) === norm(target))) {
      throw new InputError(`--map ${canonical}=${target}: no column ${JSON.stringify(target)} (${foundColumns(header)})`, { file, line: headerLine });
    }
    renamed.set(norm(target), c);
  }
  header.forEach((h, i) => {
    const n = renamed.get(norm(h)) ?? (options.map !== undefined && Object.keys(options.map).some((k) => norm(k) === norm(h)) ? "" : norm(h));
    if ((TERM_SHEET_COLUMNS as readonly string[]).includes(n)) {
      if (colIndex.has(n as Column)) throw new InputError(`column '${n}' is given twice`, { file, line: headerLine });
      colIndex.set(n as Column, i);
    } else if (n !== "") {
      warnings.push({ line: headerLine, field: h, reason: `unknown column '${h}' ignored` });
    }
  });
  const found = foundColumns(header);
  for (const c of ["note_id", "issuer", "underlying", "pricing_date", "observation", "maturity", "notional_usd"] as const) {
    if (!colIndex.has(c)) throw new InputError(`missing required column '${c}' (${found})`, { file, line: headerLine });
  }
  if (!colIndex.has("barrier_pct") && !colIndex.has("barrier_level")) {
    throw new InputError(`missing required column 'barrier_pct' (or 'barrier_level') (${found})`, { file, line: headerLine });
  }
  if (!colIndex.has("initial_level") && histories.length === 0) {
    throw new InputError(`missing required column 'initial_level' (give it or a price history) (${found})`, { file, line: headerLine });
  }

  // pass 1: each row's own fields
  const problems: Problem[] = [];
  const drafts: Draft[] = [];
  const idLines = new Map<string, number[]>();
  let rows = 0;
  for (let k = 1; k < records.length; k++) {
    rows++;
    const { line, fields: f } = records[k]!;
    const raw: RawRow = {};
    for (const [c, i] of colIndex) raw[c] = f[i];
    const id = raw.note_id?.trim();
    if (id) {
      let l = idLines.get(id);
      if (!l) idLines.set(id, (l = []));
      l.push(line);
    }
    try {
      if (f.length < header.length || f.slice(header.length).some((x) => x.trim() !== "")) {
        throw new RowProblem(undefined, `row has ${f.length} field${f.length === 1 ? "" : "s"}, the header has ${header.length}`);
      }
      drafts.push(draftRow(raw, line));
    } catch (e) {
      if (!(e instanceof RowProblem)) throw e;
      problems.push(e.field === undefined ? { line, reason: e.reason } : { line, field: e.field, reason: e.reason });
    }
  }
  if (rows === 0) throw new InputError("no data rows (header only)", { file, line: headerLine });

  // which history prices which note
  // an unnamed history is taken to be of the one underlying whose notes need it (or, when none
  // needs it, of the one underlying of the notes without a named history); otherwise of none
  const uncovered = drafts.filter((d) => !named.has(d.input.underlying));
  const unnamedUsers = new Set(uncovered.filter((d) => d.needsInitial).map((d) => d.input.underlying));
  const uncoveredAll = new Set(uncovered.map((d) => d.input.underlying));
  const unnamedOf = !unnamed ? undefined
    : unnamedUsers.size === 1 ? [...unnamedUsers][0]
    : unnamedUsers.size === 0 && uncoveredAll.size === 1 ? [...uncoveredAll][0]
    : undefined;
  const historyFor = (u: string) => named.get(u) ?? (unnamedOf === u ? unnamed : undefined);

  // pass 2: initial level, cross-field validation, duplicates
  const notes: NoteTerms[] = [];
  for (const d of drafts) {
    try {
      const dup = idLines.get(d.input.id)!;
      if (dup.length > 1) {
        throw new RowProblem("note_id", `duplicate note_id '${d.input.id}' (lines ${dup.join(", ")})`);
      }
      const u = d.input.underlying;
      const h = historyFor(u);
      let fromHistory = "";
      if (d.needsInitial) {
        if (!h) {
          const why = histories.length === 0 ? ""
            : unnamed && unnamedUsers.size > 1 ? ` (the price history names no underlying and notes without initial_level are on several: ${[...unnamedUsers].sort().join(", ")})`
            : ` (no price history of ${u} was given)`;
          throw new RowProblem("initial_level", `missing initial_level${why}`);
        }
        d.input.initialLevel = initialFromHistory(h, d.input.pricingDate, d.line, warnings);
        fromHistory = ` (initial_level is the history's close for ${d.input.pricingDate})`;
      } else if (h) {
        const c = closeOn(h, d.input.pricingDate);
        if (c && c.date === d.input.pricingDate && Math.abs(c.close - d.input.initialLevel) > 1e-3 * c.close) {
          warnings.push({ line: d.line, field: "initial_level", reason: `initial_level ${d.input.initialLevel} differs from the price history's close ${c.close} on ${c.date} by more than 0.1%; using initial_level` });
        }
      }
      if (d.input.barrierLevel !== undefined && d.input.barrierPct !== undefined) {
        const implied = d.input.barrierLevel / d.input.initialLevel;
        if (Math.abs(implied - d.input.barrierPct) > 0.005) {
          warnings.push({
            line: d.line, field: "barrier_level",
            reason: `barrier_level ${d.input.barrierLevel} is ${round(implied * 100)}% of initial_level ${d.input.initialLevel} but barrier_pct says ${round(d.input.barrierPct * 100)}%; using barrier_level`,
          });
        }
      }
      try {
        notes.push(validateNoteTerms(d.input));
      } catch (e) {
        if (!(e instanceof NoteTermsError)) throw e;
        const why = columnWords(e.reason);
        throw new RowProblem(COLUMN_OF.get(e.field) ?? e.field, why + (why.includes("initial_level") ? fromHistory : ""));
      }
    } catch (e) {
      if (!(e instanceof RowProblem)) throw e;
      problems.push(e.field === undefined ? { line: d.line, reason: e.reason } : { line: d.line, field: e.field, reason: e.reason });
    }
  }

  problems.sort((a, b) => a.line - b.line);
  if (options.strict && problems.length > 0) {
    const p = problems[0]!;
    throw new InputError(p.reason, p.field === undefined ? { file, line: p.line } : { file, line: p.line, field: p.field });
  }
  warnings.sort((a, b) => a.line - b.line);
  return { notes, comments: leadingComments(text), report: { file, rows, used: notes.length, rejected: rows - notes.length, problems, warnings } };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Calendar days from a to b ("YYYY-MM-DD"). */
function daysBetween(a: string, b: string): number {
  return (Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400_000;
}

function initialFromHistory(h: PriceHistory, pricingDate: string, line: number, warnings: Problem[]): number {
  const name = h.underlying ?? "the price history";
  const n = h.dates.length;
  if (n === 0) throw new RowProblem("initial_level", `missing initial_level and ${name} history has no closes`);
  if (pricingDate < h.dates[0]!) {
    throw new RowProblem("pricing_date", `pricing_date ${pricingDate} is before the price history starts (${h.dates[0]}); give initial_level`);
  }
  if (pricingDate > h.dates[n - 1]!) {
    throw new RowProblem("pricing_date", `pricing_date ${pricingDate} is after the price history ends (${h.dates[n - 1]}); give initial_level`);
  }
  const c = closeOn(h, pricingDate)!;
  if (c.date === pricingDate) return c.close;
  const gap = daysBetween(c.date, pricingDate);
  if (gap > MAX_CLOSE_GAP_DAYS) {
    throw new RowProblem("pricing_date", `pricing_date ${pricingDate} has no close in the price history and the last before it (${c.date}) is ${gap} days older; give initial_level`);
  }
  warnings.push({ line, field: "pricing_date", reason: `pricing_date ${pricingDate} is not a trading day in the price history; initial_level is the close of ${c.date} (${c.close})` });
  return c.close;
}

/**
 * Read and parse a term-sheet CSV file ({@link parseTermSheets}).
 *
 * @throws InputError when the file cannot be read or used, or in strict mode for a rejected row
 * @example
 * const { notes } = await loadTermSheets("test/fixtures/notes/book.csv");
 * notes.length; // 3
 */
export async function loadTermSheets(file: string, options: TermSheetOptions = {}): Promise<TermSheets> {
  return parseTermSheets(await readInputFile(file), file, options);
}
