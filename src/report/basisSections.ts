/**
 * The basis term structure, its history and its jump flags as renderer-neutral tables
 * ({@link ReportTable}), built once from a {@link BasisAnalysis} so that `gexray basis` and the
 * terminal, Markdown and HTML reports say the same thing, every figure with its unit.
 *
 * @module
 */
import type { BasisAnalysis } from "./basisAnalysis.js";
import { formatPrice, groupThousands } from "./format.js";
import type { ReportTable } from "./sections.js";

/** Percent text of an annualized decimal: 0.033 → "3.30%"; null → "n/a". */
function pct(x: number | null | undefined, decimals = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${(x * 100).toFixed(decimals)}%`;
}

/** A signed percentage-point or percent change. */
function signed(x: number | null | undefined, unit: string, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  return `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x).toFixed(decimals)}${unit}`;
}

/** Coin amount text, whole coins. */
function coin(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "—" : formatPrice(x, 0);
}

/**
 * One line saying what the term structure is: the observation, the spot and the conventions.
 *
 * @example
 * basisHeadline(a); // "as of 2026-02-10T16:00:00Z, spot 69,318.9 USD; BTC contracts (MBT left out of the curve); ACT/365 simple; contracts under 7 days left out"
 */
export function basisHeadline(a: BasisAnalysis): string {
  const c = a.conventions;
  const product = a.product.root === null ? "" : `${a.product.root} contracts${a.product.others.length ? ` (${a.product.others.join(", ")} left out of the curve)` : ""}; `;
  return `as of ${a.asOf}, spot ${formatPrice(a.spot, 2)} USD; ${product}ACT/${c.yearDays} ${c.compounding}; contracts under ${c.minDays} days left out`;
}

/**
 * The per-contract table: code, expiry instant, days, price, annualized basis.
 *
 * @example
 * basisContractsTable(a).rows[0]; // ["BTCG26", "2026-02-27T16:00:00Z", "17.00", "69,540.00", "6.85%"]
 */
export function basisContractsTable(a: BasisAnalysis): ReportTable {
  const left = a.excluded.map((e) => `${e.code} (${e.reason})`);
  const fwd = a.forwards ? ` Forwards: the median underlying_price of each expiry (${a.forwards.reduce((s, f) => s + f.differing, 0)} contracts' forwards differ from their expiry's median).` : "";
  return {
    id: "basis-contracts",
    title: "Basis per listed contract",
    columns: [
      { header: "contract" }, { header: "expiry (UTC)" }, { header: "days", align: "right" },
      { header: "price USD", align: "right" }, { header: "basis p.a.", align: "right" },
    ],
    rows: a.contracts.map((c) => [c.code, c.expiry, c.days.toFixed(2), groupThousands(c.price.toFixed(2)), pct(c.basis)]),
    note: `Basis = (F/S − 1) × ${a.conventions.yearDays}/days, days in calendar time to the expiry instant.${fwd}` +
      (left.length ? ` Left out: ${left.join(", ")}.` : ""),
  };
}

/**
 * The constant-maturity table: tenor, basis, the contracts interpolated between, method.
 *
 * @example
 * basisConstantMaturityTable(a).rows[0]; // ["30 d", "6.49%", "BTCG26 – BTCH26", "interpolated"]
 */
export function basisConstantMaturityTable(a: BasisAnalysis): ReportTable {
  return {
    id: "basis-cm",
    title: "Constant-maturity basis",
    columns: [{ header: "tenor", align: "right" }, { header: "basis p.a.", align: "right" }, { header: "between" }, { header: "method" }],
    rows: a.constantMaturityDetail.map((c) => [
      `${c.tenor} d`, c.basis === null ? "none" : pct(c.basis),
      c.method === "beyond-last" ? `after ${c.front ?? "—"}` : c.front ? `${c.front} – ${c.back}` : `0 – ${c.back}`,
      c.method === "beyond-last" ? "beyond the last expiry: not extrapolated" : c.method,
    ]),
    note: "Linear interpolation of F/S − 1 in time between the listed expiries around each tenor (Coin Metrics' method), then annualized.",
  };
}

/**
 * The history table: per day, spot, the constant-maturity basis by tenor and the OI by venue with
 * its day-over-day change; null without a history.
 *
 * @example
 * basisHistoryTable(a)?.columns.map((c) => c.header); // ["date", "spot", "30 d", "60 d", "90 d", "120 d", "CME OI BTC", "Δ", "Binance OI BTC", "Δ"]
 */
export function basisHistoryTable(a: BasisAnalysis): ReportTable | null {
  if (!a.days) return null;
  const tenors = a.conventions.tenors;
  const venues = [...new Set(a.days.flatMap((d) => Object.keys(d.oi)))].sort((x, y) => (x === "cme" ? -1 : y === "cme" ? 1 : x < y ? -1 : 1));
  const name = (v: string) => (v === "cme" ? "CME" : v === "binance" ? "Binance" : v);
  return {
    id: "basis-history",
    title: "Basis history",
    columns: [
      { header: "date" }, { header: "spot", align: "right" },
      ...tenors.map((t) => ({ header: `${t} d`, align: "right" as const })),
      ...venues.flatMap((v) => [{ header: `${name(v)} OI BTC`, align: "right" as const, optional: true }, { header: "Δ", align: "right" as const, optional: true }]),
    ],
    rows: a.days.map((d) => [
      d.date, formatPrice(d.spot, 0), ...tenors.map((t) => pct(d.constantMaturity[String(t)] ?? null)),
      ...venues.flatMap((v) => [coin(d.oi[v]?.coin ?? null), signed(d.oi[v]?.changePct ?? null, "%", 1)]),
    ]),
    rowClass: a.days.map((d) => (a.jumps?.some((j) => j.date === d.date) ? "strong" : "")),
    note: `Constant-maturity basis p.a. at each day's observation; OI in BTC at the same cut-off${venues.includes("cme") ? " (CME: every product, contracts × BTC per contract)" : ""}.` +
      ` Days with a flagged jump: ${[...new Set((a.jumps ?? []).map((j) => j.date))].join(", ") || "none"}.`,
  };
}

/**
 * The jump table: flagged (date, tenor) with the change in percentage points, its z-score, the
 * rule that flagged it and the OI changes; the co-signal readings and inversions in the note.
 * Null without a history.
 *
 * @example
 * basisJumpsTable(a)?.rows[0]; // ["2026-02-06", "30 d", "+5.70 pp", "49.6", "|Δ| ≥ 3 pp, |z| ≥ 3", "−13.4% → +9.5%", "+1.9%"]
 */
export function basisJumpsTable(a: BasisAnalysis): ReportTable | null {
  if (!a.jumps || !a.jumpRules) return null;
  const r = a.jumpRules;
  const readings = [...new Set(a.jumps.flatMap((j) => j.readings.map((x) => `${j.date}: ${x}`)))];
  const inv = (a.inversions ?? []).map((i) => `${i.date}: ${i.short} d ${pct(i.shortBasis)} above ${i.long} d ${pct(i.longBasis)} (inverted)`);
  return {
    id: "basis-jumps",
    title: "Basis jumps",
    columns: [
      { header: "date" }, { header: "tenor", align: "right" }, { header: "change", align: "right" }, { header: "z", align: "right" },
      { header: "flagged by" }, { header: "CME ΔOI prev → day", align: "right", optional: true }, { header: "Binance ΔOI", align: "right", optional: true },
    ],
    rows: a.jumps.map((j) => [
      j.date, `${j.tenor} d`, signed(j.change, " pp"), j.zScore === null ? "—" : j.zScore.toFixed(1),
      j.rules.map((x) => (x === "change" ? `|Δ| ≥ ${r.changePp} pp` : `|z| ≥ ${r.z}`)).join(", "),
      `${signed(j.oiChange.cmePreviousDay?.pct, "%", 1)} → ${signed(j.oiChange.cme?.pct, "%", 1)}`, signed(j.oiChange.binance?.pct, "%", 1),
    ]),
    note: (a.jumps.length === 0 ? "No jump flagged. " : "") +
      `Rules (design choices: no published standard defines a basis jump): |Δ| ≥ ${r.changePp} pp day over day, or |z| ≥ ${r.z} against the previous ${r.window} changes (at least ${r.minWindow}); ` +
      `CME OI ≤ −${r.oiPct}% the day or the day before reads as a basis-trade unwind, ≥ +${r.oiPct}% on the day or the two after as a rebuild.` +
      (readings.length ? ` ${readings.join("; ")}.` : "") + (inv.length ? ` Inversions: ${inv.join("; ")}.` : ""),
  };
}

/**
 * Every basis table, in reading order (the history tables only with a history).
 *
 * @example
 * basisTables(a).map((t) => t.id); // ["basis-contracts", "basis-cm", "basis-history", "basis-jumps"]
 */
export function basisTables(a: BasisAnalysis): ReportTable[] {
  return [basisContractsTable(a), basisConstantMaturityTable(a), basisHistoryTable(a), basisJumpsTable(a)].filter((t): t is ReportTable => t !== null);
}

/**
 * The loader accounting, one line per file: rows read, used, left out, the first problem.
 *
 * @example
 * basisCounts(a); // ["data/cme_btc_futures_2026-01-26_2026-02-10.csv: 128 rows, 128 used, 0 left out", "data/btc_oi_history_…: 660 OI rows, 660 used, 0 left out"]
 */
export function basisCounts(a: BasisAnalysis): string[] {
  const line = (s: { file: string; rows: number; used: number; rejected: number; problems: Array<{ line: number; reason: string }> }, what: string) =>
    `${s.file}: ${s.rows} ${what}, ${s.used} used, ${s.rejected} left out${s.problems[0] ? ` (e.g. line ${s.problems[0].line}: ${s.problems[0].reason})` : ""}`;
  const out = [a.source.format === "deribit"
    ? `${a.source.file}: ${a.source.rows} option rows, ${a.source.used} in the chain (the Deribit loader leaves out expired, zero-open-interest, bad-IV and unreadable rows; ` +
      `their forwards are not used), ${a.source.warnings.length} stale forwards replaced by their expiry's median`
    : line(a.source, "rows")];
  if (a.oiSource) out.push(line(a.oiSource, "OI rows"));
  return out;
}
