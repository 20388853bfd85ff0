/**
 * The renderers of `gexray history`: terminal (a table within the width, sparklines of spot, zero
 * gamma and gamma at spot), CSV, JSON, and HTML or Markdown with two charts over time: spot against
 * the zero-gamma level, and dealer gamma at spot.
 *
 * @module
 */
import { painter } from "./ansi.js";
import { CHART_COLORS, type ReportChart } from "./charts.js";
import { toCsv } from "./csv.js";
import { distancePct, escapeHtml, formatPct, scaleAmount } from "./format.js";
import type { HistoryResult } from "./history.js";
import { figure, htmlPage, section, tableHtml, warningsHtml } from "./html.js";
import { tableMarkdown } from "./markdown.js";
import { priceCell, type ReportTable } from "./sections.js";
import { lineChartSvg, type ChartBar } from "./svgChart.js";
import { terminalTable } from "./terminal.js";
import { wrap } from "./wrap.js";
import { EXPOSURE_UNITS } from "../exposure/units.js";

/**
 * Units of the history's fields, for the JSON `unit` object.
 *
 * @example
 * HISTORY_UNITS.gamma === EXPOSURE_UNITS.gamma; // true
 */
export const HISTORY_UNITS = {
  asOf: "snapshot instant, ISO 8601",
  spot: EXPOSURE_UNITS.price,
  gamma: EXPOSURE_UNITS.gamma,
  vanna: EXPOSURE_UNITS.vanna,
  charm: EXPOSURE_UNITS.charm,
  "nearestZeroGamma|callWall|putWall": EXPOSURE_UNITS.price,
  "up1pct|down1pct.underlying": EXPOSURE_UNITS.flowUnderlying + " (after spot rises / falls 1%)",
  "up1pct|down1pct.usd": "USD at the price the re-hedge trades at (1.01 × spot, 0.99 × spot)",
} as const;

function signed(x: number): string {
  const s = scaleAmount(x);
  return x > 0 ? `+${s}` : s;
}

/** "2024-01-07 10:52" from an ISO instant (local wall time). */
function when(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/**
 * One row per snapshot: as-of, spot, zero gamma and its distance, gamma at spot, the ±1% re-hedges,
 * walls, vanna, charm, file (the last ones optional where the width is short).
 *
 * @example
 * historyTable(result).columns[0].header; // "as of"
 */
export function historyTable(h: HistoryResult): ReportTable {
  return {
    id: "history", title: "Snapshots by as-of",
    columns: [
      { header: "as of" }, { header: "spot", align: "right" }, { header: "zero gamma", align: "right" }, { header: "from spot", align: "right" },
      { header: "gamma", align: "right" }, { header: "after +1%", align: "right" }, { header: "after −1%", align: "right" },
      { header: "call wall", align: "right", optional: true }, { header: "put wall", align: "right", optional: true },
      { header: "vanna", align: "right", optional: true }, { header: "charm", align: "right", optional: true }, { header: "file", optional: true },
    ],
    rows: h.rows.map((r) => [
      when(r.asOf), priceCell(r.spot), priceCell(r.nearestZeroGamma),
      r.nearestZeroGamma === null ? "" : formatPct(distancePct(r.nearestZeroGamma, r.spot)),
      scaleAmount(r.gamma), signed(r.up1pct.underlying), signed(r.down1pct.underlying), priceCell(r.callWall), priceCell(r.putWall),
      scaleAmount(r.vanna), scaleAmount(r.charm), r.file,
    ]),
    note: `Prices USD per unit; gamma USD of dealer delta per 1% move, vanna per +1 vol point, charm per calendar day, at each snapshot's spot; ` +
      `after ±1% = exact re-hedge, units of underlying dealers buy (+) or sell (−). Zero gamma = the crossing nearest spot.`,
  };
}

const SPARK = "▁▂▃▄▅▆▇█";

/**
 * A sparkline of values (min to max over 8 levels), at most `width` characters (evenly sampled).
 *
 * @example
 * sparkline([1, 2, 3, 4], 10); // "▁▃▆█"
 */
export function sparkline(values: readonly number[], width: number): string {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return "";
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const m = Math.min(values.length, Math.max(1, width));
  let s = "";
  for (let i = 0; i < m; i++) {
    const x = values[Math.floor((i * values.length) / m)]!;
    s += Number.isFinite(x) ? SPARK[hi > lo ? Math.round(((x - lo) / (hi - lo)) * (SPARK.length - 1)) : 3]! : " ";
  }
  return s;
}

/**
 * The terminal output: a summary line, the table, sparklines and the failures, within `width`.
 *
 * @example
 * renderHistoryTerminal(result, { width: 100 }).split("\n")[0]; // "SPX history: 252 snapshots, 2023-01-19 to 2024-01-05"
 */
export function renderHistoryTerminal(h: HistoryResult, opts: { width?: number; color?: boolean } = {}): string {
  const p = painter(opts.color === true);
  const width = opts.width ?? 100;
  const out: string[] = [];
  const first = h.rows[0];
  const last = h.rows[h.rows.length - 1];
  out.push(p.bold(`${h.underlyings.join(", ") || "no"} history: ${h.rows.length} snapshot${h.rows.length === 1 ? "" : "s"}` +
    (first && last ? `, ${first.asOf.slice(0, 10)} to ${last.asOf.slice(0, 10)}` : "") + (h.failed.length ? `; ${h.failed.length} failed` : "")));
  if (h.underlyings.length > 1) out.push(p.yellow(`warning: the snapshots are of ${h.underlyings.length} underlyings (${h.underlyings.join(", ")})`));
  if (h.rows.length > 0) out.push(terminalTable(historyTable(h), p, width).trimEnd());
  if (h.rows.length >= 3) {
    const w = Math.max(10, Math.min(width, 100) - 40);
    const line = (label: string, vals: number[], text: string) => `${label.padEnd(13)} ${sparkline(vals, w)}  ${text}`;
    out.push("");
    out.push(line("spot", h.rows.map((r) => r.spot), `${priceCell(first!.spot)} → ${priceCell(last!.spot)}`));
    out.push(line("zero gamma", h.rows.map((r) => r.nearestZeroGamma ?? NaN), `${priceCell(first!.nearestZeroGamma)} → ${priceCell(last!.nearestZeroGamma)}`));
    out.push(line("gamma at spot", h.rows.map((r) => r.gamma), `${scaleAmount(first!.gamma)} → ${scaleAmount(last!.gamma)} USD per 1%`));
  }
  for (const f of h.failed) out.push(...wrap(`failed: ${f.file}: ${f.reason}`, width, "  ").map((l) => p.yellow(l)));
  return out.join("\n") + "\n";
}

/**
 * CSV: one row per snapshot, full precision, units in the header names.
 *
 * @example
 * renderHistoryCsv(result).split("\n")[0].startsWith("file,as_of,spot_usd"); // true
 */
export function renderHistoryCsv(h: HistoryResult): string {
  return toCsv(
    ["file", "as_of", "spot_usd", "gamma_usd_per_1pct", "vanna_usd_per_vol_point", "charm_usd_per_day", "nearest_zero_gamma_usd",
      "call_wall_usd", "put_wall_usd", "up1pct_underlying", "up1pct_usd", "down1pct_underlying", "down1pct_usd"],
    h.rows.map((r) => [r.file, r.asOf, r.spot, r.gamma, r.vanna, r.charm, r.nearestZeroGamma, r.callWall, r.putWall,
      r.up1pct.underlying, r.up1pct.usd, r.down1pct.underlying, r.down1pct.usd]),
  );
}

/**
 * JSON: `{ underlyings, unit, rows, failed, warnings }` (each row with its file's `counts.file`;
 * `warnings`: the snapshots' load warnings, each starting with its file).
 *
 * @example
 * JSON.parse(renderHistoryJson(result)).rows[0].up1pct; // { underlying: …, usd: … }
 */
export function renderHistoryJson(h: HistoryResult): string {
  return JSON.stringify({ underlyings: h.underlyings, unit: HISTORY_UNITS, rows: h.rows, failed: h.failed, warnings: h.warnings }) + "\n";
}

const DAY = 86400_000;

/**
 * Round date ticks over [t0, t1] (ms): days (1, 2, 7 or 14 apart) for up to ~3 months, else the
 * first of every 1, 2, 3 or 6 months, about 8 in all.
 *
 * @example
 * dateTicks(Date.UTC(2023, 0, 9), Date.UTC(2024, 0, 5)).length; // 12 (the first of each month)
 */
export function dateTicks(t0: number, t1: number): number[] {
  const span = t1 - t0;
  const out: number[] = [];
  if (!(span > 0)) return [t0];
  if (span <= 100 * DAY) {
    const step = [1, 2, 7, 14].find((d) => span / (d * DAY) <= 10) ?? 14;
    for (let t = Math.ceil(t0 / DAY) * DAY; t <= t1; t += step * DAY) out.push(t);
    return out;
  }
  const months = span / (30.4 * DAY);
  const step = [1, 2, 3, 6, 12].find((m) => months / m <= 12) ?? 12;
  const d = new Date(t0);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth() + 1;
  for (;;) {
    if (m > 11) {
      y += Math.floor(m / 12);
      m %= 12;
    }
    const t = Date.UTC(y, m, 1);
    if (t > t1) break;
    if (t >= t0 && m % step === 0) out.push(t);
    m++;
  }
  return out;
}

function dateText(t: number, span: number): string {
  const iso = new Date(t).toISOString();
  return span <= 100 * DAY ? iso.slice(5, 10) : iso.slice(0, 7);
}

/**
 * The two history charts: spot against the zero-gamma level nearest spot, and dealer gamma at spot
 * (bars), over time. Null with fewer than 2 snapshots.
 *
 * @example
 * historyCharts(result)?.map((c) => c.id); // ["history-levels", "history-gamma"]
 */
export function historyCharts(h: HistoryResult): ReportChart[] | null {
  if (h.rows.length < 2) return null;
  const t = h.rows.map((r) => Date.parse(r.asOf));
  // strictly ascending x for the chart (snapshots at one instant: the later one nudged by 1 ms)
  for (let i = 1; i < t.length; i++) if (!(t[i]! > t[i - 1]!)) t[i] = t[i - 1]! + 1;
  const span = t[t.length - 1]! - t[0]!;
  const ticks = dateTicks(t[0]!, t[t.length - 1]!);
  // room at both ends for the first and last bars: half the smallest gap between snapshots
  let gap = Infinity;
  for (let i = 1; i < t.length; i++) gap = Math.min(gap, t[i]! - t[i - 1]!);
  const x = [t[0]! - gap / 2, ...t, t[t.length - 1]! + gap / 2];
  const padded = (v: number[]) => [NaN, ...v, NaN];
  const u = h.underlyings.join(", ");
  const xFormat = (v: number) => dateText(v, span);
  const t1 = `${u} spot and the zero-gamma level nearest spot, by snapshot (USD per unit)`;
  const t2 = `${u} dealer gamma at spot by snapshot (USD of dealer delta per 1% move)`;
  const bars: ChartBar[] = h.rows.map((r, i) => ({
    x: t[i]!, y: r.gamma, color: r.gamma < 0 ? CHART_COLORS.putWall : CHART_COLORS.callWall, title: `${r.asOf}: ${scaleAmount(r.gamma)} USD per 1%`,
  }));
  return [
    {
      id: "history-levels", title: t1,
      svg: lineChartSvg({
        id: "chart-history-levels", title: t1, width: 960, height: 340, includeZero: false, fillFirst: false,
        description: "Spot and the nearest zero-gamma crossing of each snapshot over time: spot above the zero-gamma level means dealers long gamma there.",
        x, xTickValues: ticks, xFormat, xTitle: "snapshot date", yFormat: priceCell, yTitle: "USD per unit",
        series: [
          { name: "spot", y: padded(h.rows.map((r) => r.spot)), color: CHART_COLORS.spot, width: 2 },
          { name: "zero gamma (nearest spot)", y: padded(h.rows.map((r) => r.nearestZeroGamma ?? NaN)), color: CHART_COLORS.zero, width: 2, dash: "6 3" },
        ],
      }),
    },
    {
      id: "history-gamma", title: t2,
      svg: lineChartSvg({
        id: "chart-history-gamma", title: t2, width: 960, height: 300, fillFirst: false,
        description: "Dealer dollar gamma at spot of each snapshot: green long gamma, red short.",
        x, xTickValues: ticks, xFormat, xTitle: "snapshot date", yTitle: "USD per 1% move",
        series: [], bars, barWidth: gap,
      }),
    },
  ];
}

/**
 * A self-contained HTML page: the two charts, the table, the failures, the snapshots' load warnings.
 *
 * @example
 * renderHistoryHtml(result, "gexray 0.1.0").includes('id="figure-history-levels"'); // true
 */
export function renderHistoryHtml(h: HistoryResult, generator: string): string {
  const charts = historyCharts(h);
  const fails = h.failed.length ? `<div class="warn" id="failed"><strong>${h.failed.length} snapshot(s) failed</strong><ul>${h.failed.map((f) => `<li>${escapeHtml(f.file)}: ${escapeHtml(f.reason)}</li>`).join("")}</ul></div>` : "";
  const body = [
    fails,
    warningsHtml(h.warnings),
    charts ? section("Spot and zero gamma over time", "history-charts",
      figure(charts[0]!, "Spot (black) and the zero-gamma crossing nearest spot (orange, dashed) of each snapshot.") +
      figure(charts[1]!, "Dealer dollar gamma at spot of each snapshot (green long, red short).")) : "",
    section("Snapshots", "snapshots", tableHtml(historyTable(h))),
  ].join("\n");
  const first = h.rows[0];
  const last = h.rows[h.rows.length - 1];
  return htmlPage(`${h.underlyings.join(", ")} dealer gamma history`, generator, body,
    `${h.rows.length} snapshots${first && last ? `, ${first.asOf} to ${last.asOf}` : ""}${h.failed.length ? `; ${h.failed.length} failed` : ""}`);
}

/**
 * Markdown with the charts as SVG files beside it.
 *
 * @example
 * renderHistoryMarkdown(result, "history").files.map((f) => f.name); // ["history-history-levels.svg", "history-history-gamma.svg"]
 */
export function renderHistoryMarkdown(h: HistoryResult, baseName: string): { markdown: string; files: Array<{ name: string; content: string }> } {
  const charts = historyCharts(h) ?? [];
  const files = charts.map((c) => ({ name: `${baseName}-${c.id}.svg`, content: c.svg + "\n" }));
  const md = [
    `# ${h.underlyings.join(", ")} dealer gamma history\n`,
    ...charts.map((c, i) => `![${c.title}](${encodeURI(files[i]!.name)})\n`),
    tableMarkdown(historyTable(h)),
    ...h.failed.map((f) => `- failed: ${f.file}: ${f.reason}`),
    ...h.warnings.map((w) => `> warning: ${w}\n`),
  ].join("\n");
  return { markdown: md + "\n", files };
}
