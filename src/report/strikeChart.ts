/**
 * Gamma by strike: dealer dollar gamma at spot of the calls and of the puts of each strike as bars,
 * the net (calls + puts) as a line, spot, the walls and the absolute-gamma strike marked. The SVG
 * chart goes into the HTML and Markdown reports; {@link terminalStrikeChart} draws the strikes
 * nearest spot as horizontal bars for a terminal (puts to the left of the axis, calls to the right
 * under the naive convention, the net in figures).
 *
 * @module
 */
import { painter } from "./ansi.js";
import { CHART_COLORS, type ReportChart } from "./charts.js";
import { formatPrice, scaleAmount } from "./format.js";
import { strikesNearSpot, type ReportModel } from "./model.js";
import { priceCell } from "./sections.js";
import { lineChartSvg, valueScale, type ChartBar, type ChartMarker } from "./svgChart.js";
import { wrap } from "./wrap.js";
import type { StrikeRow } from "../exposure/strikes.js";

/** Bar colors: calls green, puts red (the browser test finds the bars by these). */
export const STRIKE_COLORS = { call: "#2e9d4f", put: "#d93b3b", net: CHART_COLORS.dealer, abs: "#6d4c9f" } as const;

/** Spot, walls and the absolute-gamma strike as chart markers. */
function strikeMarkers(model: ReportModel): ChartMarker[] {
  const L = model.levels;
  const out: ChartMarker[] = [{ x: model.meta.spot, label: `spot ${priceCell(model.meta.spot)}`, color: CHART_COLORS.spot, width: 2 }];
  if (L.callWall !== null) out.push({ x: L.callWall, label: `call wall ${priceCell(L.callWall)}`, color: CHART_COLORS.callWall, dash: "6 4" });
  if (L.putWall !== null) out.push({ x: L.putWall, label: `put wall ${priceCell(L.putWall)}`, color: CHART_COLORS.putWall, dash: "6 4" });
  if (L.absGammaStrike !== null && L.absGammaStrike !== L.callWall && L.absGammaStrike !== L.putWall) {
    out.push({ x: L.absGammaStrike, label: `abs gamma ${priceCell(L.absGammaStrike)}`, color: STRIKE_COLORS.abs, dash: "2 3" });
  }
  return out;
}

/**
 * The gamma-by-strike chart (SVG): call and put bars per strike, the net as a line.
 *
 * @param model - the report model (its views' strike window)
 * @returns the chart, id "strikes"
 * @example
 * strikeChart(model).svg.includes('class="bar"'); // true
 */
export function strikeChart(model: ReportModel): ReportChart {
  const u = model.meta.underlying;
  const w = model.views.strikeWindow;
  const rows = w.rows;
  const bars: ChartBar[] = [];
  for (const r of rows) {
    const k = priceCell(r.strike);
    bars.push({ x: r.strike, y: r.callGamma, color: STRIKE_COLORS.call, slot: "left", title: `${k} calls: ${scaleAmount(r.callGamma)} USD per 1% (OI ${formatPrice(r.callOpenInterest, 1)})` });
    bars.push({ x: r.strike, y: r.putGamma, color: STRIKE_COLORS.put, slot: "right", title: `${k} puts: ${scaleAmount(r.putGamma)} USD per 1% (OI ${formatPrice(r.putOpenInterest, 1)})` });
  }
  // x: the strikes with half the smallest strike gap of room at each end, so that the end bars show whole
  let gap = Infinity;
  for (let k = 1; k < rows.length; k++) gap = Math.min(gap, rows[k]!.strike - rows[k - 1]!.strike);
  if (!Number.isFinite(gap)) gap = (w.hi - w.lo) / 20 || 1;
  const first = rows[0]?.strike ?? w.lo;
  const last = rows[rows.length - 1]?.strike ?? w.hi;
  const x = [first - gap / 2, ...rows.map((r) => r.strike), last + gap / 2];
  const net = [NaN, ...rows.map((r) => r.netGamma), NaN];
  const title = `${u} dealer gamma by strike at spot: calls and puts (bars), net (line), USD of dealer delta per 1% move`;
  return {
    id: "strikes",
    title,
    svg: lineChartSvg({
      id: "chart-strikes", title, width: 960, height: 400,
      description: `Dealer dollar gamma of the calls and of the puts at each ${u} strike within the window, their net, spot, the call wall, the put wall and the absolute-gamma strike.`,
      x, series: [{ name: "net (calls + puts)", y: net, color: STRIKE_COLORS.net, width: 1.75 }], fillFirst: false,
      bars, barWidth: gap, markers: strikeMarkers(model),
      bandLegend: [{ color: STRIKE_COLORS.call, text: "calls", opacity: 1 }, { color: STRIKE_COLORS.put, text: "puts", opacity: 1 }],
      xFormat: (v) => priceCell(v), xTitle: `${u} strike (USD)`, yTitle: "USD per 1% move",
    }),
  };
}

/**
 * The strikes nearest spot as a horizontal bar chart for a terminal: one line per strike, highest
 * at the top (a price ladder); put gamma to the left of the axis and call gamma to the right (bar
 * lengths on one scale, |value|), then the net figure and flags (C call wall, P put wall, A
 * absolute-gamma strike, ◀ the strike nearest spot). Walls and the absolute-gamma strike are
 * always included. Every line fits `width`.
 *
 * @param model - the report model
 * @param opts - width (default 100), strikes nearest spot (default 15), colors
 * @returns lines of text
 * @example
 * terminalStrikeChart(model, { width: 100 }).every((l) => visibleWidth(l) <= 100); // true
 */
export function terminalStrikeChart(model: ReportModel, opts: { width?: number; strikes?: number; color?: boolean } = {}): string[] {
  const p = painter(opts.color === true);
  const width = Math.max(60, opts.width ?? 100);
  const L = model.levels;
  const spot = model.meta.spot;
  const all: StrikeRow[] = model.views.strikeWindow.rows.length > 0 ? model.views.strikeWindow.rows : model.strikes;
  const rows = strikesNearSpot(all, spot, opts.strikes ?? 15, [L.callWall, L.putWall, L.absGammaStrike]).reverse();
  if (rows.length === 0) return ["no strike in the window"];
  let max = 0;
  for (const r of rows) max = Math.max(max, Math.abs(r.callGamma), Math.abs(r.putGamma));
  const scale = valueScale(max);
  let nearest = rows[0]!;
  for (const r of rows) if (Math.abs(r.strike - spot) < Math.abs(nearest.strike - spot)) nearest = r;
  const strikeW = Math.max(6, ...rows.map((r) => priceCell(r.strike).length));
  const netW = Math.max(9, ...rows.map((r) => scaleAmount(r.netGamma).length));
  // strike │ puts ◀ │ ▶ calls │ net flags
  const fixed = strikeW + 1 + 1 + 1 + netW + 1 + 5;
  const half = Math.max(8, Math.floor((width - fixed) / 2));
  const bar = (v: number) => {
    const cells = max > 0 ? (Math.abs(v) / max) * half : 0;
    const full = Math.floor(cells);
    const part = cells - full >= 0.5 ? "▌" : "";
    return "█".repeat(full) + part;
  };
  const lines: string[] = [];
  const head = `${"strike".padStart(strikeW)} ${"puts".padStart(half)}│${"calls".padEnd(half)} ${"net".padStart(netW)}`;
  lines.push(p.bold(head.trimEnd()));
  const position = new Map(all.map((r, i) => [r.strike, i]));
  rows.forEach((r, k) => {
    // strikes of the window left out between two shown rows
    if (k > 0 && Math.abs(position.get(rows[k - 1]!.strike)! - position.get(r.strike)!) > 1) lines.push(p.gray("⋮".padStart(strikeW)));
    const flags = [r.strike === L.callWall ? "C" : "", r.strike === L.putWall ? "P" : "", r.strike === L.absGammaStrike ? "A" : "", r === nearest ? "◀" : ""].join("");
    // under the naive convention puts are negative and calls positive; other conventions: bars by |value|, sign in color
    const left = bar(r.putGamma);
    const right = bar(r.callGamma);
    const leftText = p[r.putGamma < 0 ? "red" : "green"](left.padStart(half));
    const rightText = p[r.callGamma < 0 ? "red" : "green"](right.padEnd(half));
    const net = scaleAmount(r.netGamma).padStart(netW);
    const line = `${priceCell(r.strike).padStart(strikeW)} ${leftText}│${rightText} ${r.netGamma < 0 ? p.red(net) : net} ${flags}`;
    lines.push(r === nearest || flags !== "" ? p.bold(line).trimEnd() : line.trimEnd());
  });
  const unit = scale.word ? `full bar ${scaleAmount(max)} USD` : `full bar ${formatPrice(max, 0)} USD`;
  const note = `Dealer gamma per strike at spot (USD of dealer delta per 1% move); puts left, calls right, ${unit}; ` +
    `net = calls + puts. C call wall, P put wall, A abs-gamma strike, ◀ nearest spot ${priceCell(spot)}.`;
  for (const l of wrap(note, width)) lines.push(p.gray(l));
  return lines;
}
