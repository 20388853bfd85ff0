/**
 * Loader for Deribit option chains dumped to CSV: the `public/get_book_summary_by_currency`
 * book summary (one row per instrument), and the same endpoint joined with `public/ticker`
 * (adds `greeks` as a python-dict string, `index_price`, `expiration_timestamp`, a per-row
 * `timestamp`). Format and quirks: test/fixtures/real/SOURCES.md §2.
 *
 * Units: `mark_iv` is in percent (divided by 100 here); `open_interest` is in coin and one contract
 * is one coin, so the multiplier is 1; `underlying_price` is the expiry's forward (a future or
 * Deribit's synthetic forward), kept per contract in `chain.forward` for Black-76.
 *
 * Decisions:
 * - **Expiry**: from the instrument name (`BTC-26APR24-62000-C`, strikes like `0d625` mean 0.625),
 *   at 08:00 UTC; when the file also has `expiration_timestamp` the two must agree.
 * - **As-of**: the earliest `creation_timestamp` (book summary) or `timestamp` (ticker join) in the
 *   file, in UTC. **Spot**: `index_price` (ticker join) or `estimated_delivery_price` on that
 *   earliest row. When rows were captured over more than a second or the index differs between
 *   rows (the 2020 ticker join spans 2.7 min), one warning says so.
 * - **Stale forwards**: a row whose `underlying_price` differs from its expiry's median forward (the
 *   plain median over all the expiry's rows, zero-OI ones included) by more than
 *   {@link STALE_FORWARD} is replaced by that median, with a warning naming the old value, the
 *   median and the gap. The plain median is used rather than an OI-weighted one because it is
 *   defined when every row of an expiry has zero OI, and one stale row carrying large OI cannot
 *   pull it; in the 2024-03-12 snapshot both pick the same 16 rows. A missing forward gets the
 *   median too (with a warning).
 * - **Rate**: `opts.rate`, else the earliest row's `interest_rate`, else 0.
 * - **Underlying**: `base_currency`, else the instrument's prefix (`BTC`); `chain.root` is the
 *   instrument prefix.
 * - Order of exclusion per contract: unreadable → invalid; T ≤ 0 → expired; open interest 0 →
 *   zeroOpenInterest (missing → invalid); `mark_iv` missing or ≤ 0 → badIv.
 *
 * @module
 */
import { CALL, ChainBuilder, MAX_OPEN_INTEREST, MAX_STRIKE, PUT, type Instant, type Loaded } from "./chain.js";
import { shortNumber } from "./numberText.js";
import { parseCsvRecords, parseNumberField, splitCsvLine, splitLines } from "./csv.js";
import { foundColumns, InputError } from "./errors.js";
import { resolveOverrides } from "./overrides.js";
import type { LoadOptions } from "./loadOptions.js";
import { ReportBuilder } from "./reportBuilder.js";
import { expiryInstant, formatInstant, yearsBetween } from "./time.js";

/** Relative gap between a row's forward and its expiry's median above which the row is stale (0.3 %). */
export const STALE_FORWARD = 0.003;

/** Coin per Deribit option contract. */
const MULTIPLIER = 1;

const MONTHS: Record<string, number> = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};

/** The parts of a Deribit option instrument name. */
export interface DeribitInstrument {
  /** currency prefix, e.g. "BTC", "ETH", "SOL_USDC" */
  root: string;
  /** expiry label as printed, e.g. "26APR24" */
  expiryLabel: string;
  /** expiry instant, ms since epoch (08:00 UTC on the expiry date) */
  expiry: number;
  /** strike, USD per coin */
  strike: number;
  /** +1 call, −1 put */
  type: number;
}

/**
 * Parse a Deribit option instrument name: `<CCY>-<D>MMMYY-<strike>-<C|P>`, expiring at 08:00 UTC.
 * A `d` in the strike is a decimal point (`XRP_USDC-30MAY25-2d4-C` has strike 2.4).
 *
 * @returns the parts, or undefined when the name is not an option instrument or its date is impossible
 * @example
 * parseDeribitInstrument("BTC-26APR24-62000-C");
 * // { root: "BTC", expiryLabel: "26APR24", expiry: 1714118400000 (2024-04-26T08:00Z), strike: 62000, type: 1 }
 * parseDeribitInstrument("BTC-PERPETUAL"); // undefined
 */
export function parseDeribitInstrument(name: string): DeribitInstrument | undefined {
  const m = /^([A-Z0-9_]+)-((\d{1,2})([A-Z]{3})(\d{2}))-(\d+(?:[.d]\d+)?)-([CP])$/.exec(name.trim());
  if (!m) return undefined;
  const month = MONTHS[m[4]!];
  if (month === undefined) return undefined;
  const day = Number(m[3]);
  const year = 2000 + Number(m[5]);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || d.getUTCMonth() !== month - 1) return undefined;
  const strike = Number(m[6]!.replace("d", "."));
  if (!(strike > 0) || strike > MAX_STRIKE) return undefined;
  return { root: m[1]!, expiryLabel: m[2]!, expiry: expiryInstant(year, month, day, "deribit"), strike, type: m[7] === "C" ? CALL : PUT };
}

/**
 * Parse the `greeks` cell of a ticker join: a python dict as pandas writes it
 * (`{'vega': 0.94545, 'theta': -40.20419, 'gamma': 0.00136, 'delta': -0.73032}`; JSON quoting and
 * `None` accepted). Absent or `None` entries are NaN.
 *
 * @example
 * parseGreeksDict("{'vega': 0.94545, 'theta': -40.20419, 'rho': -0.06764, 'gamma': 0.00136, 'delta': -0.73032}");
 * // { delta: -0.73032, gamma: 0.00136, vega: 0.94545, theta: -40.20419 }
 */
export function parseGreeksDict(text: string): { delta: number; gamma: number; vega: number; theta: number } {
  const out = { delta: NaN, gamma: NaN, vega: NaN, theta: NaN };
  const re = /["'](\w+)["']\s*:\s*(None|null|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const k = m[1]!;
    if (k === "delta" || k === "gamma" || k === "vega" || k === "theta") out[k] = m[2] === "None" || m[2] === "null" ? NaN : Number(m[2]);
  }
  return out;
}

/**
 * Does the start of a file look like a Deribit option CSV? True when its first non-blank line is
 * a header with `instrument_name`, `mark_iv` and `open_interest` columns.
 *
 * @param head - the first ~4 KB of the file as text
 * @example
 * looksLikeDeribit("mid_price,volume_usd,…,mark_iv,…,open_interest,…,instrument_name,mark_price\n"); // true
 * looksLikeDeribit(",expiration_timestamp,option_type,instrument_name,…,open_interest,…,mark_iv,…\n");  // true
 * looksLikeDeribit("Expiration Date,Calls,Last Sale\n"); // false
 */
export function looksLikeDeribit(head: string): boolean {
  const first = splitLines(head).find((l) => l.trim() !== "");
  if (first === undefined) return false;
  const cols = new Set(splitCsvLine(first).map((c) => c.trim()));
  return cols.has("instrument_name") && cols.has("mark_iv") && cols.has("open_interest");
}

/** One data row after the first pass. */
interface Row {
  line: number;
  inst: DeribitInstrument | undefined;
  /** type from the name, else from option_type, else 0 */
  type: number;
  oiRaw: string;
  oi: number;
  ivRaw: string;
  fwd: number;
  ts: number;
  spot: number;
  rate: number;
  base: string;
  expTs: number;
  greeks: string | undefined;
  /** why the row could not be split into the header's fields */
  malformed?: string;
}


function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/**
 * Read a Deribit option CSV (book summary, or book summary joined with ticker) into a chain:
 * multiplier 1 (open interest in coin), IV = mark_iv / 100, `chain.forward` = the expiry's forward
 * (stale ones replaced by the expiry median, see the module note), rate from `interest_rate`.
 * With a `greeks` column, `chain.vendor` holds Deribit's greeks as published for one coin: delta
 * (coin per coin), gamma (per USD of the underlying), vega (USD per 1 vol point, i.e. per 0.01),
 * theta (USD per calendar day).
 *
 * @param text - the whole file (BOM, CRLF, quoted fields such as the ticker's order books, trailing
 *   blank lines accepted; a leading unnamed pandas index column is ignored)
 * @param file - the name used in messages
 * @param opts - overrides (`spot`, `asOf`, `rate`, `dividend`) and `strict`
 * @throws InputError (a RangeError) naming the file and line when the file cannot be used: no
 *   header, a required column absent (the columns found are listed), no readable timestamp or
 *   index price on any row (without the override); in strict mode, on the first problem row
 * @example
 * const { chain, report } = loadDeribit(readFileSync(f, "utf8"), f, {}); // f = deribit_btc_book_summary_2024-03-12T0557Z.csv
 * chain.underlying;          // "BTC"
 * chain.spot;                // 72011.29
 * formatInstant(chain.asOf); // "2024-03-12T05:57:12.940Z"
 * report.contracts;          // 1198
 * report.warnings.length;    // 16 (stale forwards, replaced by their expiry's median)
 */
export function loadDeribit(text: string, file: string, opts: LoadOptions): Loaded {
  const over = resolveOverrides(opts, file, "08:00", "UTC");
  const records = parseCsvRecords(text, file);
  if (records.length === 0) throw new InputError("no header line: the file is empty", { file, line: 1 });
  const headerLine = records[0]!.line;
  const header = records[0]!.fields;
  const found = foundColumns(header.filter((c) => c !== ""));
  const col = (name: string): number => header.indexOf(name);
  const need = (name: string): number => {
    const i = col(name);
    if (i < 0) throw new InputError(`missing required column '${name}' (${found})`, { file, line: headerLine });
    return i;
  };
  const cName = need("instrument_name");
  const cIv = need("mark_iv");
  const cOi = need("open_interest");
  const cFwd = col("underlying_price");
  const cTs = col("creation_timestamp") >= 0 ? col("creation_timestamp") : col("timestamp");
  if (cTs < 0 && over.asOf === undefined) {
    throw new InputError(`missing required column 'creation_timestamp' (or 'timestamp'), or give the as-of time (${found})`, { file, line: headerLine });
  }
  const cSpot = col("index_price") >= 0 ? col("index_price") : col("estimated_delivery_price");
  if (cSpot < 0 && over.spot === undefined) {
    throw new InputError(`missing required column 'estimated_delivery_price' (or 'index_price'), or give the spot (${found})`, { file, line: headerLine });
  }
  const cRate = col("interest_rate");
  const cBase = col("base_currency");
  const cExp = col("expiration_timestamp");
  const cType = col("option_type");
  const cGreeks = col("greeks");
  const nCols = header.length;

  const rb = new ReportBuilder(file, "deribit", opts.strict === true);

  // ---- first pass: read every row ----
  const rows: Row[] = [];
  for (let i = 1; i < records.length; i++) {
    const { line, fields: f } = records[i]!;
    rb.row();
    if (f.length !== nCols) {
      // reported in the second pass, so that problems come in line order
      rows.push({
        line, inst: undefined, type: 0, oiRaw: "", oi: NaN, ivRaw: "", fwd: NaN, ts: NaN, spot: NaN, rate: NaN, base: "", expTs: NaN,
        greeks: undefined, malformed: `expected ${nCols} fields like the header, got ${f.length}`,
      });
      continue;
    }
    const inst = parseDeribitInstrument(f[cName]!);
    const optType = cType >= 0 ? f[cType]!.trim().toLowerCase() : "";
    const type = inst ? inst.type : optType === "call" ? CALL : optType === "put" ? PUT : 0;
    const num = (c: number) => (c >= 0 ? parseNumberField(f[c]!) : NaN);
    rows.push({
      line, inst, type,
      oiRaw: f[cOi]!.trim(), oi: parseNumberField(f[cOi]!), ivRaw: f[cIv]!.trim(),
      fwd: num(cFwd), ts: num(cTs), spot: num(cSpot), rate: num(cRate),
      base: cBase >= 0 ? f[cBase]!.trim() : "", expTs: num(cExp), greeks: cGreeks >= 0 ? f[cGreeks] : undefined,
    });
  }

  const lastRow = rows[rows.length - 1];
  if (lastRow?.malformed !== undefined && records[records.length - 1]!.fields.length < nCols && !/\n\s*$/.test(text)) {
    rb.truncated(lastRow.line, records[records.length - 1]!.fields.length, nCols);
  }

  // ---- snapshot header: earliest timestamp, its index ----
  let first: Row | undefined;
  let tsMin = Infinity, tsMax = -Infinity, spotMin = Infinity, spotMax = -Infinity;
  for (const r of rows) {
    if (Number.isFinite(r.ts)) {
      if (r.ts < tsMin) tsMin = r.ts;
      if (r.ts > tsMax) tsMax = r.ts;
    }
    if (r.spot > 0 && Number.isFinite(r.spot)) {
      if (r.spot < spotMin) spotMin = r.spot;
      if (r.spot > spotMax) spotMax = r.spot;
      if (first === undefined || (Number.isFinite(r.ts) && !(r.ts >= first.ts))) first = r;
    }
  }
  let asOf: Instant;
  if (over.asOf !== undefined) asOf = over.asOf;
  else if (tsMin < Infinity) asOf = { epochMs: tsMin, zone: "UTC" };
  else throw new InputError(`no row has a readable ${header[cTs]} (ms since epoch); give the as-of time`, { file, line: headerLine, field: header[cTs] });
  let spot: number;
  if (over.spot !== undefined) spot = over.spot;
  else if (first !== undefined) spot = first.spot;
  else throw new InputError(`no row has a readable ${header[cSpot]} > 0; give the spot`, { file, line: headerLine, field: header[cSpot] });
  if (over.asOf === undefined && over.spot === undefined && first !== undefined && (tsMax - tsMin > 1000 || spotMax > spotMin)) {
    rb.warn(
      first.line,
      `rows were captured over ${((tsMax - tsMin) / 1000).toFixed(1)} s (${formatInstant({ epochMs: tsMin, zone: "UTC" })} to ` +
        `${formatInstant({ epochMs: tsMax, zone: "UTC" })}) with ${header[cSpot]} between ${spotMin} and ${spotMax}; ` +
        `as-of and spot are the earliest row's (${spot})`,
      header[cSpot],
    );
  }
  let rate = opts.rate ?? 0;
  if (opts.rate === undefined) {
    const withRate = rows.filter((r) => Number.isFinite(r.rate));
    const r0 = first !== undefined && Number.isFinite(first.rate) ? first : withRate[0];
    if (r0 !== undefined) {
      rate = r0.rate;
      if (withRate.some((r) => r.rate !== rate)) rb.warn(r0.line, `interest_rate differs between rows; using ${rate} (line ${r0.line})`, "interest_rate");
    }
  }
  const dividend = opts.dividend ?? 0;
  const base = (first?.base || rows.find((r) => r.base !== "")?.base) ?? "";
  const underlying = base !== "" ? base : rows.find((r) => r.inst)?.inst?.root.split("_")[0] ?? "UNKNOWN";

  // ---- per-expiry median forward; stale and missing forwards take it ----
  const byExpiry = new Map<number, number[]>();
  for (const r of rows) {
    if (r.inst && r.fwd > 0 && Number.isFinite(r.fwd)) {
      let a = byExpiry.get(r.inst.expiry);
      if (!a) byExpiry.set(r.inst.expiry, (a = []));
      a.push(r.fwd);
    }
  }
  const medians = new Map<number, number>();
  for (const [e, v] of byExpiry) medians.set(e, median(v));
  for (const r of rows) {
    if (!r.inst || cFwd < 0) continue;
    const med = medians.get(r.inst.expiry);
    if (med === undefined) continue;
    if (!(r.fwd > 0) || !Number.isFinite(r.fwd)) {
      rb.warn(r.line, `${r.inst.expiryLabel}: forward missing; using the expiry median ${shortNumber(med)}`, "underlying_price");
      r.fwd = med;
      continue;
    }
    const gap = r.fwd / med - 1;
    if (Math.abs(gap) > STALE_FORWARD) {
      rb.warn(
        r.line,
        `stale forward ${r.fwd} is ${(gap * 100).toFixed(2)}% off the ${r.inst.expiryLabel} median ${shortNumber(med)}; using the median`,
        "underlying_price",
      );
      r.fwd = med;
    }
  }

  // ---- second pass: classify and build ----
  const builder = new ChainBuilder(rows.length);
  for (const r of rows) {
    rb.contract(r.type, r.oi);
    if (r.malformed !== undefined) {
      rb.invalid(r.line, undefined, r.malformed);
      continue;
    }
    const inst = r.inst;
    if (!inst) {
      rb.invalid(r.line, "instrument_name", `not a Deribit option instrument name (expected like BTC-26APR24-62000-C)`);
      continue;
    }
    if (cExp >= 0 && Number.isFinite(r.expTs) && r.expTs !== inst.expiry) {
      rb.invalid(r.line, "expiration_timestamp", `${r.expTs} disagrees with the instrument's expiry ${formatInstant({ epochMs: inst.expiry, zone: "UTC" })}`);
      continue;
    }
    const T = yearsBetween(asOf.epochMs, inst.expiry);
    if (!(T > 0)) {
      rb.excludeExpired(inst.expiry);
      continue;
    }
    if (!(r.oi >= 0) || !Number.isFinite(r.oi)) {
      rb.invalid(r.line, "open_interest", r.oiRaw === "" ? "open interest missing" : `open interest must be a number ≥ 0 (got '${r.oiRaw}')`);
      continue;
    }
    if (r.oi > MAX_OPEN_INTEREST) {
      rb.invalid(r.line, "open_interest", `'${r.oiRaw}' is not a plausible open interest (above ${MAX_OPEN_INTEREST} contracts)`);
      continue;
    }
    if (r.oi === 0) {
      rb.excludeZeroOpenInterest();
      continue;
    }
    const ivPct = parseNumberField(r.ivRaw);
    if (!(ivPct > 0) || !Number.isFinite(ivPct)) {
      rb.excludeBadIv(r.line, r.ivRaw === "" ? "mark_iv missing" : `mark_iv must be a number > 0 (percent; got '${r.ivRaw}')`, "mark_iv");
      continue;
    }
    rb.use(inst.expiry);
    builder.push({
      type: inst.type, strike: inst.strike, expiry: inst.expiry, time: T, openInterest: r.oi, multiplier: MULTIPLIER,
      iv: ivPct / 100, forward: r.fwd, root: inst.root, line: r.line,
      ...(r.greeks !== undefined ? { vendor: parseGreeksDict(r.greeks) } : {}),
    });
  }
  const chain = builder.finish({ underlying, asOf, spot, rate, dividend });
  return { chain, report: rb.finish("UTC") };
}
