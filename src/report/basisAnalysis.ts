/**
 * From files to the basis term structure and its history, as plain JSON-ready data: what
 * `gexray basis` prints and what `gexray report --futures` shows. Reads a futures-price CSV (one or
 * many observations) or a Deribit option book summary (its per-expiry forwards, through the Deribit
 * loader), and optionally an open-interest history; computes the term structure of the chosen
 * observation and, with `history`, every observation's, the day-over-day changes, the jump flags
 * and the OI changes by venue.
 *
 * OI by venue and day (the same cut-off as the basis: each observation's instant): CME from the
 * futures file's `open_interest` column (contracts × coin per contract of data/contracts.json ×
 * spot), else from the OI history's `cme` rows; every venue of the OI history at the last point at
 * or before the instant (at most 36 hours old).
 *
 * @module
 */
import type { Problem } from "../data/chain.js";
import type { FuturesObservation } from "../data/futuresPrices.js";
import type { OiHistory } from "../data/openInterest.js";
import { formatInstant } from "../data/time.js";
import type { Compounding, ConstantMaturityPoint } from "../futures/basis.js";
import type { BasisJump, JumpOptions, OiDay } from "../futures/jumps.js";
import type { TermStructure } from "../futures/termStructure.js";

/** Options of {@link analyzeBasis}. */
export interface BasisAnalysisOptions {
  /** futures-price CSV or Deribit book summary */
  file: string;
  /** name shown for the file (default `file`) */
  displayName?: string;
  /** open-interest history (Binance openInterestHist JSON/CSV, or the bar CSV with venues) */
  oiFile?: string;
  oiDisplayName?: string;
  /** compute every observation and the jumps */
  history?: boolean;
  /** "YYYY-MM-DD": the observation to show (default the last) */
  date?: string;
  tenors?: readonly number[];
  minDays?: number;
  yearDays?: number;
  compounding?: Compounding;
  /** jump thresholds */
  jumps?: JumpOptions;
  /** spot for a futures file without a spot column (one observation only) */
  spot?: number;
  /** the product whose contracts make the curve when the file has several (BTC, MBT); default the most quoted */
  root?: string;
  strict?: boolean;
  /** coin per contract by root (default: the codes of data/contracts.json) */
  sizes?: Readonly<Record<string, number>>;
}

/** One contract of the curve, JSON-ready. */
export interface BasisContractRow {
  code: string;
  /** ISO 8601 expiry instant */
  expiry: string;
  /** calendar days from the observation to the expiry instant */
  days: number;
  /** USD per coin */
  price: number;
  /** annualized, decimal */
  basis: number;
}

/** One day of a basis history. */
export interface BasisHistoryRow {
  date: string;
  asOf: string;
  spot: number;
  contracts: number;
  constantMaturity: Record<string, number | null>;
  /** OI by venue at the day's cut-off: coin and USD; null where the venue has none that day */
  oi: Record<string, { coin: number | null; usd: number | null; changePct: number | null } | null>;
}

/** Everything `gexray basis` prints. */
export interface BasisAnalysis {
  source: { file: string; format: "futures-csv" | "deribit"; rows: number; used: number; rejected: number; problems: Problem[]; warnings: Problem[] };
  oiSource: { file: string; format: string; rows: number; used: number; rejected: number; venues: string[]; problems: Problem[] } | null;
  conventions: { yearDays: number; compounding: Compounding; minDays: number; tenors: number[]; time: string; constantMaturity: string };
  /** the product of the curve (one price per expiry) and the other products in the file, left out of it; null root for expiry-only rows */
  product: { root: string | null; others: string[] };
  /** the observation shown */
  asOf: string;
  date: string;
  spot: number;
  contracts: BasisContractRow[];
  excluded: Array<{ code: string; expiry: string; days: number; reason: string }>;
  constantMaturity: Record<string, number | null>;
  constantMaturityDetail: ConstantMaturityPoint[];
  /** Deribit: per-expiry forward medians and how many contracts' forwards differed */
  forwards: Array<{ code: string; forward: number; contracts: number; differing: number }> | null;
  /** present with `history` */
  days: BasisHistoryRow[] | null;
  jumps: BasisJump[] | null;
  inversions: Array<{ date: string; short: number; long: number; shortBasis: number; longBasis: number }> | null;
  /** the thresholds used */
  jumpRules: Required<Omit<JumpOptions, "tenors">> | null;
  /** what the files say about themselves (their `#` comment lines, e.g. a SYNTHETIC label), "file: text" */
  fileNotes: string[];
}

const DEFAULT_JUMPS: Required<Omit<JumpOptions, "tenors">> = { changePp: 3, z: 3, window: 20, minWindow: 5, oiPct: 5, inversionPp: 1 };

/** Contract rows, JSON-ready. */
function contractRows(t: TermStructure): BasisContractRow[] {
  return t.contracts.map((c) => ({ code: c.code, expiry: formatInstant({ epochMs: c.expiryMs, zone: "UTC" }), days: c.days, price: c.price, basis: c.basis }));
}

/**
 * Load the files and compute the term structure (and with `history` the jumps) — see the module note.
 *
 * @throws InputError for an unusable file (naming it, with line and field); RangeError for a
 *   `date` with no observation
 * @example
 * const a = await analyzeBasis({ file: "data/cme_btc_futures_2026-01-26_2026-02-10.csv", history: true, oiFile: "data/btc_oi_history_2026-01-26_2026-02-10.csv" });
 * a.jumps?.[0]?.change;   // 5.701592998635185 (pp, 2026-02-06, 30-day; rules ["change", "z"])
 * a.jumps?.[0]?.readings; // ["basis-trade unwind: CME OI −13.4% on 2026-02-05", "basis-trade rebuild: CME OI +9.5% on 2026-02-06 (Binance +1.9%)"]
 */
export async function analyzeBasis(opts: BasisAnalysisOptions): Promise<BasisAnalysis> {
  const [{ readInputFile }, { looksLikeDeribit }, { termStructure, DEFAULT_TENORS, DEFAULT_MIN_DAYS }] = await Promise.all([
    import("../data/priceHistory.js"), import("../data/deribit.js"), import("../futures/termStructure.js"),
  ]);
  const shown = opts.displayName ?? opts.file;
  const text = await readInputFile(opts.file);
  const tenors = [...(opts.tenors ?? DEFAULT_TENORS)];
  const minDays = opts.minDays ?? DEFAULT_MIN_DAYS;
  const yearDays = opts.yearDays ?? 365;
  const compounding = opts.compounding ?? "simple";
  const tsOpts = { tenors, minDays, yearDays, compounding };
  let observations: FuturesObservation[];
  let source: BasisAnalysis["source"];
  let forwards: BasisAnalysis["forwards"] = null;
  let hasOi = false;
  const fileNotes: string[] = [];
  if (looksLikeDeribit(text.slice(0, 4096))) {
    const [{ loadDeribit }, { expiryForwards }] = await Promise.all([import("../data/deribit.js"), import("../futures/forwards.js")]);
    const { chain, report } = loadDeribit(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, shown, opts.strict ? { strict: true } : {});
    const f = expiryForwards(chain);
    forwards = f.map((x) => ({ code: x.code, forward: x.price, contracts: x.contracts, differing: x.differing }));
    observations = [{ date: formatInstant(chain.asOf).slice(0, 10), asOfMs: chain.asOf.epochMs, spot: chain.spot, quotes: f.map((x) => ({ code: x.code, root: null, expiryMs: x.expiryMs, price: x.price, openInterest: NaN, line: 0 })) }];
    const stale = report.warnings.filter((w) => w.field === "underlying_price");
    source = {
      file: shown, format: "deribit", rows: report.rows, used: report.used, rejected: report.rows - report.used,
      problems: report.problems, warnings: stale,
    };
  } else {
    const { parseFuturesPrices } = await import("../data/futuresPrices.js");
    const f = parseFuturesPrices(text, shown, { ...(opts.spot !== undefined ? { spot: opts.spot } : {}), ...(opts.strict ? { strict: true } : {}) });
    observations = f.observations;
    hasOi = f.hasOpenInterest;
    fileNotes.push(...f.comments.map((c) => `${shown}: ${c}`));
    const { rows, used, rejected, problems, warnings } = f.report;
    source = { file: shown, format: "futures-csv", rows, used, rejected, problems, warnings };
  }
  // one product per curve: two prices for one expiry (BTC and MBT) would make the interpolation ambiguous
  const counts = new Map<string, number>();
  for (const o of observations) for (const q of o.quotes) if (q.root !== null) counts.set(q.root, (counts.get(q.root) ?? 0) + 1);
  const roots = [...counts.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([r]) => r);
  let root: string | null = null;
  if (opts.root !== undefined) {
    root = opts.root.trim().toUpperCase();
    if (!counts.has(root)) throw new RangeError(`no ${root} contract in ${shown} (products: ${roots.join(", ") || "none named"})`);
  } else if (roots.length > 0) root = roots[0]!;
  const fileObservations = observations; // every product: the CME open interest sums them all
  if (root !== null) observations = observations.map((o) => ({ ...o, quotes: o.quotes.filter((q) => q.root === null || q.root === root) }));
  let shownObs = observations[observations.length - 1]!;
  if (opts.date !== undefined) {
    const hit = observations.filter((o) => o.date === opts.date);
    if (hit.length === 0) throw new RangeError(`no observation on ${opts.date} in ${shown} (it has ${observations[0]!.date} … ${shownObs.date})`);
    shownObs = hit[hit.length - 1]!;
  }
  const t = termStructure(shownObs.asOfMs, shownObs.spot, shownObs.quotes, tsOpts);
  const cmRecord = (cm: readonly ConstantMaturityPoint[]) => Object.fromEntries(cm.map((c) => [String(c.tenor), c.basis]));

  let oiHistory: OiHistory | undefined;
  if (opts.oiFile !== undefined) {
    const { loadOiHistory } = await import("../data/openInterest.js");
    oiHistory = await loadOiHistory(opts.oiFile, opts.strict ? { strict: true } : {});
    fileNotes.push(...oiHistory.comments.map((c) => `${opts.oiDisplayName ?? opts.oiFile}: ${c}`));
  }
  const out: BasisAnalysis = {
    source,
    oiSource: oiHistory
      ? {
          file: opts.oiDisplayName ?? opts.oiFile!, format: oiHistory.format, rows: oiHistory.report.rows, used: oiHistory.report.used,
          rejected: oiHistory.report.rejected, venues: [...new Set(oiHistory.series.map((s) => s.venue))], problems: oiHistory.report.problems,
        }
      : null,
    conventions: {
      yearDays, compounding, minDays, tenors,
      time: "calendar time from the observation's instant to each contract's expiry instant (CME: 16:00 London on the last trading day; Deribit 08:00 UTC)",
      constantMaturity: "linear interpolation of F/S − 1 in time between the listed expiries around each tenor (Coin Metrics' method); before the first expiry its basis; beyond the last: none",
    },
    product: { root, others: roots.filter((r) => r !== root) },
    asOf: formatInstant({ epochMs: shownObs.asOfMs, zone: "UTC" }), date: shownObs.date, spot: shownObs.spot,
    contracts: contractRows(t),
    excluded: t.excluded.map((e) => ({ code: e.code, expiry: formatInstant({ epochMs: e.expiryMs, zone: "UTC" }), days: e.days, reason: e.reason })),
    constantMaturity: cmRecord(t.constantMaturity), constantMaturityDetail: t.constantMaturity,
    forwards, days: null, jumps: null, inversions: null, jumpRules: null, fileNotes,
  };
  if (!opts.history) return out;

  const [{ basisHistory, futuresFileOi, sampledOi }, { basisJumps, oiChanges }] = await Promise.all([import("../futures/history.js"), import("../futures/jumps.js")]);
  const hist = basisHistory(observations, tsOpts);
  const oi: Record<string, OiDay[]> = {};
  if (hasOi) {
    let sizes = opts.sizes;
    if (!sizes) {
      const { loadContractRegistry } = await import("../exposure/contracts.js");
      const reg = await loadContractRegistry();
      sizes = Object.fromEntries(reg.instruments.filter((i) => i.code).map((i) => [i.code!, i.size]));
    }
    const cme = futuresFileOi(fileObservations, sizes);
    if (cme.length > 0) oi.cme = cme;
  }
  for (const s of oiHistory?.series ?? []) {
    if (oi[s.venue] !== undefined) continue; // the futures file's CME OI wins over the history's
    const series = sampledOi(s, hist);
    if (series.length > 0) oi[s.venue] = series;
  }
  const rules = { ...DEFAULT_JUMPS, ...(opts.jumps ?? {}) };
  const report = basisJumps(hist, { ...(oi.cme ? { cme: oi.cme } : {}), ...(oi.binance ? { binance: oi.binance } : {}) }, { ...rules, tenors });
  const changes = Object.fromEntries(Object.entries(oi).map(([v, s]) => [v, oiChanges(s)]));
  out.days = hist.map((d) => ({
    date: d.date, asOf: formatInstant({ epochMs: d.asOfMs, zone: "UTC" }), spot: d.spot, contracts: d.structure.contracts.length,
    constantMaturity: d.constantMaturity,
    oi: Object.fromEntries(Object.keys(oi).map((v) => {
      const p = oi[v]!.find((x) => x.date === d.date);
      const c = changes[v]![d.date];
      return [v, p ? { coin: Number.isFinite(p.coin) ? p.coin : null, usd: Number.isFinite(p.usd) ? p.usd : null, changePct: c && Number.isFinite(c.pct) ? c.pct : null } : null];
    })),
  }));
  out.jumps = report.jumps;
  out.inversions = report.inversions;
  out.jumpRules = rules;
  return out;
}
