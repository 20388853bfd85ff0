/**
 * The price × time gamma map as an SVG heatmap: one column per day after the snapshot, one row per
 * price of the map's grid, each cell colored by dealer dollar gamma on a diverging scale (red =
 * dealers short gamma, blue = long, white = none), with a legend, spot as a horizontal line and the
 * zero-gamma path (each day's crossing nearest spot) drawn across the days; days on which expiries
 * roll off are marked under the axis.
 *
 * Color scale: ColorBrewer RdBu (11 classes, Cynthia Brewer, colorbrewer2.org), interpolated
 * linearly in RGB, symmetric about zero and saturating at the 98th percentile of |gamma| over the
 * map (so one 0DTE spike does not wash the rest out); the legend says so.
 *
 * @module
 */
import { escapeHtml } from "./format.js";
import { niceTicks, valueScale } from "./svgChart.js";
import type { ReportMapColumn } from "./views.js";

/** ColorBrewer RdBu, 11 classes, red (negative) to blue (positive). */
export const RDBU = ["#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"] as const;

/** Colors of the marks drawn on the map (the browser test finds them by class). */
export const HEATMAP_COLORS = { spot: "#111111", zero: "#f2b700" } as const;

function hex(c: string): [number, number, number] {
  return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
}

/**
 * The diverging color of a value on a scale saturating at ±limit.
 *
 * @example
 * divergingColor(0, 1);   // "#f7f7f7" (white: no gamma)
 * divergingColor(-1, 1);  // "#67001f" (dark red: the most negative)
 * divergingColor(5, 1);   // "#053061" (saturated blue)
 */
export function divergingColor(value: number, limit: number): string {
  if (!Number.isFinite(value)) return "#cccccc";
  const t = limit > 0 ? Math.max(-1, Math.min(1, value / limit)) : 0;
  const pos = ((t + 1) / 2) * (RDBU.length - 1);
  const i = Math.min(RDBU.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = hex(RDBU[i]!);
  const b = hex(RDBU[i + 1]!);
  return "#" + [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f).toString(16).padStart(2, "0")).join("");
}

/**
 * The saturation limit: the 98th percentile of |value| over every cell (the largest when fewer
 * than 50 cells are non-zero); 1 for an all-zero map.
 *
 * @example
 * colorLimit([[1, -2], [3, -100]]); // 100 (fewer than 50 cells: the largest)
 */
export function colorLimit(columns: ReadonlyArray<ReadonlyArray<number>>): number {
  const abs: number[] = [];
  for (const c of columns) for (const v of c) if (Number.isFinite(v) && v !== 0) abs.push(Math.abs(v));
  if (abs.length === 0) return 1;
  abs.sort((a, b) => a - b);
  if (abs.length < 50) return abs[abs.length - 1]!;
  return abs[Math.min(abs.length - 1, Math.floor(0.98 * (abs.length - 1)))]!;
}

/** What {@link gammaHeatmapSvg} draws. */
export interface HeatmapSpec {
  /** id prefix (unique within a page) */
  id: string;
  title: string;
  underlying: string;
  /** spot, held fixed across the days */
  spot: number;
  /** map prices, ascending */
  price: readonly number[];
  columns: readonly ReportMapColumn[];
  /** price tick text */
  priceFormat: (p: number) => string;
  width?: number;
  height?: number;
}

function r1(v: number): string {
  const s = (Math.round(v * 10) / 10).toFixed(1);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * "Mon 01-08" from an ISO 8601 instant's local date (the weekday of that calendar date).
 *
 * @example
 * dayLabel("2024-01-08T10:52:00-05:00"); // "Mon 01-08"
 */
export function dayLabel(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${iso.slice(5, 10)}`;
}

/**
 * Render the map as standalone SVG text.
 *
 * @param spec - prices, day columns, spot, labels
 * @returns `<svg …>…</svg>`
 * @throws RangeError when there are fewer than 2 prices or no column, or a column's length differs
 * @example
 * gammaHeatmapSvg({ id: "map", title: "SPX gamma map", underlying: "SPX", spot: 4697.24, price, columns, priceFormat: String })
 *   .includes('class="cell"'); // true
 */
export function gammaHeatmapSvg(spec: HeatmapSpec): string {
  const m = spec.price.length;
  const n = spec.columns.length;
  if (m < 2 || n < 1) throw new RangeError(`a heatmap needs at least 2 prices and 1 day (got ${m} and ${n})`);
  for (const c of spec.columns) if (c.gamma.length !== m) throw new RangeError(`day ${c.day} has ${c.gamma.length} values, the map ${m} prices`);
  const W = spec.width ?? 960;
  const H = spec.height ?? 480;
  const left = 74;
  const right = 24;
  const top = 60;
  const bottom = 58;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const p0 = spec.price[0]!;
  const p1 = spec.price[m - 1]!;
  const py = (p: number) => top + ((p1 - p) / (p1 - p0)) * plotH;
  const colW = plotW / n;
  const cx = (k: number) => left + (k + 0.5) * colW;
  const limit = colorLimit(spec.columns.map((c) => c.gamma));
  const scale = valueScale(limit);
  const out: string[] = [];
  const titleId = `${spec.id}-title`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId}" class="chart heatmap" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="12">`,
    `<title id="${titleId}">${escapeHtml(spec.title)}</title>`,
    `<desc>Dealer dollar gamma (USD of dealer delta per 1% move) at each ${escapeHtml(spec.underlying)} price (rows) as the days after the snapshot pass (columns), spot and vols held; red = dealers short gamma, blue = long; the line is spot, the yellow path the zero-gamma level nearest spot.</desc>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
  );

  // ---- legend: a color bar with its scale ----
  const lx = left;
  const lw = Math.min(360, plotW * 0.45);
  const steps = 40;
  out.push(`<g class="legend">`);
  for (let i = 0; i < steps; i++) {
    const v = -limit + ((i + 0.5) / steps) * 2 * limit;
    out.push(`<rect x="${r1(lx + (i * lw) / steps)}" y="10" width="${r1(lw / steps + 0.3)}" height="12" fill="${divergingColor(v, limit)}"/>`);
  }
  out.push(`<rect x="${lx}" y="10" width="${r1(lw)}" height="12" fill="none" stroke="#999" stroke-width="0.5"/>`);
  const lim = Number((limit / scale.factor).toPrecision(3));
  for (const [t, text] of [[0, `≤ −${lim}`], [0.5, "0"], [1, `≥ +${lim}`]] as const) {
    out.push(`<text x="${r1(lx + t * lw)}" y="35" text-anchor="${t === 0 ? "start" : t === 1 ? "end" : "middle"}" fill="#333">${escapeHtml(text)}</text>`);
  }
  out.push(`<text x="${r1(lx + lw + 12)}" y="21" fill="#333">USD of dealer delta per 1% move${scale.word ? ` (${scale.word})` : ""}: red = dealers short gamma, blue = long</text>`);
  const l2 = lx + lw + 12;
  out.push(`<line x1="${r1(l2)}" y1="36" x2="${r1(l2 + 22)}" y2="36" stroke="${HEATMAP_COLORS.spot}" stroke-width="1.5" stroke-dasharray="5 3"/><text x="${r1(l2 + 27)}" y="40" fill="#333">spot</text>`);
  out.push(`<line x1="${r1(l2 + 70)}" y1="36" x2="${r1(l2 + 92)}" y2="36" stroke="${HEATMAP_COLORS.zero}" stroke-width="2.5"/><text x="${r1(l2 + 97)}" y="40" fill="#333">zero gamma nearest spot</text>`);
  out.push(`<text x="${r1(lx)}" y="50" fill="#666" font-size="11">colours saturate at the 98th percentile of |gamma| over the map</text>`);
  out.push(`</g>`);

  // ---- cells ----
  const clipId = `${spec.id}-plot`;
  out.push(`<defs><clipPath id="${clipId}"><rect x="${left}" y="${top}" width="${r1(plotW)}" height="${r1(plotH)}"/></clipPath></defs>`);
  out.push(`<g clip-path="url(#${clipId})" shape-rendering="crispEdges">`);
  const edges = new Float64Array(m + 1);
  edges[0] = p0;
  edges[m] = p1;
  for (let j = 1; j < m; j++) edges[j] = 0.5 * (spec.price[j - 1]! + spec.price[j]!);
  spec.columns.forEach((c, k) => {
    const x = left + k * colW;
    for (let j = 0; j < m; j++) {
      const yTop = py(edges[j + 1]!);
      const yBot = py(edges[j]!);
      out.push(`<rect class="cell" x="${r1(x)}" y="${r1(yTop)}" width="${r1(colW + 0.4)}" height="${r1(yBot - yTop + 0.4)}" fill="${divergingColor(c.gamma[j]!, limit)}"/>`);
    }
  });
  out.push(`</g>`);

  // ---- axes ----
  for (const t of niceTicks(p0, p1, 8)) {
    const y = py(t);
    out.push(`<line x1="${left - 5}" y1="${r1(y)}" x2="${left}" y2="${r1(y)}" stroke="#888"/>`);
    out.push(`<text x="${left - 8}" y="${r1(y + 4)}" text-anchor="end" fill="#444">${escapeHtml(spec.priceFormat(t))}</text>`);
  }
  const every = Math.max(1, Math.ceil(70 / colW));
  spec.columns.forEach((c, k) => {
    if (k % every !== 0 && k !== n - 1) return;
    out.push(`<text x="${r1(cx(k))}" y="${r1(top + plotH + 16)}" text-anchor="middle" fill="#444">${escapeHtml(dayLabel(c.at))}</text>`);
    out.push(`<text x="${r1(cx(k))}" y="${r1(top + plotH + 30)}" text-anchor="middle" fill="#777" font-size="11">+${c.day}d</text>`);
  });
  spec.columns.forEach((c, k) => {
    if (c.expiredSince.length === 0) return;
    const x = left + k * colW;
    out.push(`<path class="rolloff" d="M${r1(x)} ${r1(top + plotH)}l4 7h-8z" fill="#555"><title>${escapeHtml(`expired by ${c.at}: ${c.expiredSince.join(", ")}`)}</title></path>`);
  });
  out.push(`<rect x="${left}" y="${top}" width="${r1(plotW)}" height="${r1(plotH)}" fill="none" stroke="#bbb"/>`);
  out.push(`<text x="${r1(left + plotW / 2)}" y="${H - 6}" text-anchor="middle" fill="#333">days after the snapshot (▲ expiries rolled off since the previous day)</text>`);
  out.push(`<text transform="translate(14 ${r1(top + plotH / 2)}) rotate(-90)" text-anchor="middle" fill="#333">${escapeHtml(spec.underlying)} price (USD)</text>`);

  // ---- spot and the zero-gamma path ----
  if (spec.spot >= p0 && spec.spot <= p1) {
    out.push(`<line class="spot-line" x1="${left}" y1="${r1(py(spec.spot))}" x2="${r1(left + plotW)}" y2="${r1(py(spec.spot))}" stroke="${HEATMAP_COLORS.spot}" stroke-width="1.5" stroke-dasharray="5 3"><title>spot ${escapeHtml(spec.priceFormat(spec.spot))}</title></line>`);
  }
  let d = "";
  let pen = false;
  spec.columns.forEach((c, k) => {
    const z = c.nearestZeroGamma;
    if (z === null || !(z >= p0 && z <= p1)) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${r1(cx(k))} ${r1(py(z))}`;
    pen = true;
  });
  out.push(`<g clip-path="url(#${clipId})">`);
  if (d !== "") out.push(`<path class="zero-path" d="${d}" fill="none" stroke="${HEATMAP_COLORS.zero}" stroke-width="2.5" stroke-linejoin="round"/>`);
  spec.columns.forEach((c, k) => {
    for (const z of c.zeroGamma) {
      if (!(z >= p0 && z <= p1)) continue;
      const nearest = z === c.nearestZeroGamma;
      out.push(`<circle class="zero-point" cx="${r1(cx(k))}" cy="${r1(py(z))}" r="${nearest ? 3.5 : 2.5}" fill="${nearest ? HEATMAP_COLORS.zero : "#ffffff"}" stroke="#333" stroke-width="0.75"><title>${escapeHtml(`${dayLabel(c.at)}: zero gamma ${spec.priceFormat(z)}${nearest ? " (nearest spot)" : ""}`)}</title></circle>`);
    }
  });
  out.push(`</g>`);
  out.push(`</svg>`);
  return out.join("\n");
}
