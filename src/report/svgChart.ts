/**
 * A small line-chart renderer that writes standalone SVG text: series over a numeric x axis, a
 * zero line, the area between the first series and zero filled green above / red below, vertical
 * bands (short-gamma zones, barrier clusters), vertical markers with labels that never overlap
 * (spot, walls), and point markers (zero crossings). No DOM, no fonts measured, no dependencies,
 * nothing fetched: the same input gives the same bytes, and the SVG works inline in HTML, as a file
 * beside Markdown, and in print.
 *
 * Why hand-written rather than vega-lite: the report needs exactly these marks; this is ~300 lines
 * with no 250 ms import and no dependency tree to install, audit and keep working offline, and its
 * output is byte-stable for tests.
 *
 * @module
 */
import { escapeHtml } from "./format.js";

/** One line. */
export interface ChartSeries {
  /** legend text */
  name: string;
  /** y per x (same length as the chart's x); NaN leaves a gap */
  y: readonly number[];
  /** CSS color */
  color: string;
  /** stroke-dasharray, e.g. "6 4" */
  dash?: string;
  /** stroke width in px; default 2 */
  width?: number;
}

/** A vertical band from x = lo to x = hi. */
export interface ChartBand {
  lo: number;
  hi: number;
  /** fill color */
  color: string;
  /** fill opacity; default 0.25 */
  opacity?: number;
  /** short text inside the band's top (dropped when the band is too narrow) */
  label?: string;
  /** tooltip text */
  title?: string;
  /** draw dashed edges in this color */
  edge?: string;
}

/** A vertical marker line with a label above the plot. */
export interface ChartMarker {
  x: number;
  label: string;
  color: string;
  dash?: string;
  /** stroke width; default 1.5 */
  width?: number;
}

/** A point marker (circle). */
export interface ChartPoint {
  x: number;
  y: number;
  color: string;
  /** tooltip text */
  title?: string;
  /** radius, px; default 4 */
  r?: number;
  /** outline color; default white (1.5 px); "none" for a plain dot */
  stroke?: string;
}

/**
 * One layer of stacked bars: a value per bucket (buckets between consecutive `barEdges`). Positive
 * values stack upward from zero, negative ones downward, in the order the stacks are given.
 */
export interface ChartStack {
  /** legend text */
  name: string;
  /** fill color */
  color: string;
  /** one value per bucket (NaN or 0 draws nothing) */
  values: readonly number[];
}

/** A vertical bar from zero to y at x (bar charts by strike, by date). */
export interface ChartBar {
  x: number;
  y: number;
  color: string;
  /** which part of the bar slot: the left or right half (two bars per x), or all of it; default "full" */
  slot?: "left" | "right" | "full";
  /** tooltip text */
  title?: string;
}

/** What {@link lineChartSvg} draws. */
export interface LineChartSpec {
  /** id prefix for clip paths (unique within a page) */
  id: string;
  /** accessible title, also the SVG's <title> */
  title: string;
  /** one-line description for screen readers */
  description?: string;
  /** px; default 960 × 400 */
  width?: number;
  height?: number;
  /** ascending x values */
  x: readonly number[];
  series: readonly ChartSeries[];
  bands?: readonly ChartBand[];
  markers?: readonly ChartMarker[];
  points?: readonly ChartPoint[];
  /** x tick label; default plain */
  xFormat?: (x: number) => string;
  /** about how many x ticks; default 8 */
  xTicks?: number;
  /** x axis title */
  xTitle?: string;
  /** y axis title; the scale word (bn, mn, k) is added when the values are scaled */
  yTitle?: string;
  /** fill the area between the first series and zero (green above, red below); default true */
  fillFirst?: boolean;
  /** legend entries for bands (color, text) */
  bandLegend?: ReadonlyArray<{ color: string; text: string; opacity?: number }>;
  /** stacked bars over buckets [barEdges[j], barEdges[j + 1]] (x units), drawn under the lines */
  stacks?: readonly ChartStack[];
  /** ascending bucket edges of the stacks: one more than each stack's values */
  barEdges?: readonly number[];
  /** bars from zero, drawn under the lines (class "bar"); a bar of exactly 0 is not drawn */
  bars?: readonly ChartBar[];
  /** width of a bar slot in x units (default: the smallest gap between bar x values) */
  barWidth?: number;
  /** x tick values (default: round values from {@link niceTicks}, about `xTicks` of them) */
  xTickValues?: readonly number[];
  /** keep zero inside the y domain (default true); when false the zero line shows only if the data cross it */
  includeZero?: boolean;
  /** y tick label (default: scaled to bn / mn / k, the scale word added to the y title) */
  yFormat?: (y: number) => string;
}

/**
 * A "nice" tick step (1, 2 or 5 × 10^k) giving about `count` ticks over `span`; 1 for a span that
 * is not finite and > 0.
 *
 * @example
 * niceStep(29205, 6); // 5000
 * niceStep(0.37, 5);  // 0.1
 */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

/**
 * Tick values: multiples of a nice step inside [lo, hi].
 *
 * @example
 * niceTicks(58410, 87615, 6); // [60000, 65000, 70000, 75000, 80000, 85000]
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/**
 * The scale that makes the largest |value| readable: 1e9 "bn", 1e6 "mn", 1e3 "k" or 1 "".
 *
 * @example
 * valueScale(1.07e8); // { factor: 1e6, word: "mn" }
 */
export function valueScale(maxAbs: number): { factor: number; word: string } {
  if (maxAbs >= 1e9) return { factor: 1e9, word: "bn" };
  if (maxAbs >= 1e6) return { factor: 1e6, word: "mn" };
  if (maxAbs >= 1e4) return { factor: 1e3, word: "k" };
  return { factor: 1, word: "" };
}

/** Round to 0.1 px for compact output. */
function r1(v: number): string {
  const s = (Math.round(v * 10) / 10).toFixed(1);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}

/** A tick label without float noise (6 significant digits at most). */
function tickText(v: number): string {
  if (v === 0) return "0";
  return String(Number(v.toPrecision(6)));
}

/** Approximate text width of the 12 px sans-serif used (0.6 em per character). */
function textWidth(text: string, size = 12): number {
  return [...text].length * size * 0.6;
}

/**
 * Render a line chart as standalone SVG text (with xmlns, a viewBox and a <title>).
 *
 * @param spec - data and decorations
 * @returns `<svg …>…</svg>`
 * @throws RangeError when x has fewer than 2 points or a series' length differs from x's
 * @example
 * lineChartSvg({ id: "g", title: "gamma", x: [1, 2, 3], series: [{ name: "gamma", y: [-1, 0, 1], color: "#1f5fbf" }] });
 * // '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 400" …'
 */
export function lineChartSvg(spec: LineChartSpec): string {
  const { x } = spec;
  const n = x.length;
  if (n < 2) throw new RangeError(`a chart needs at least 2 x values (got ${n})`);
  for (const s of spec.series) {
    if (s.y.length !== n) throw new RangeError(`series "${s.name}" has ${s.y.length} values, x has ${n}`);
  }
  const stacks = spec.stacks ?? [];
  const edges = spec.barEdges ?? [];
  for (const s of stacks) {
    if (s.values.length !== edges.length - 1) throw new RangeError(`stack "${s.name}" has ${s.values.length} values for ${Math.max(0, edges.length - 1)} buckets`);
  }
  // the stacked extent of each bucket: [below, above] zero
  const stackTops = stacks.length === 0 ? [] : edges.slice(1).map((_, j) => {
    let up = 0;
    let down = 0;
    for (const s of stacks) {
      const v = s.values[j]!;
      if (v > 0) up += v;
      else if (v < 0) down += v;
    }
    return [down, up] as const;
  });
  const W = spec.width ?? 960;
  const H = spec.height ?? 400;
  const xFmt = spec.xFormat ?? tickText;

  // ---- marker labels above the plot: rows so that labels never overlap ----
  const x0 = x[0]!;
  const x1 = x[n - 1]!;
  const left = 70;
  const right = 24;
  const plotW = W - left - right;
  const px = (v: number) => left + ((v - x0) / (x1 - x0)) * plotW;
  const markers = (spec.markers ?? []).filter((m) => m.x >= x0 && m.x <= x1).slice().sort((a, b) => a.x - b.x);
  const rowsRight: number[] = [];
  const placed = markers.map((m) => {
    const w = textWidth(m.label, 11);
    let lx = Math.min(Math.max(px(m.x) - w / 2, 2), W - w - 2);
    let row = rowsRight.findIndex((edge) => edge + 6 <= lx);
    if (row < 0) {
      row = rowsRight.length;
      rowsRight.push(-Infinity);
    }
    rowsRight[row] = lx + w;
    lx = Math.round(lx * 10) / 10;
    return { m, lx, row };
  });
  // legend items, wrapped into rows within the width
  type LegendItem = { kind: "line"; s: ChartSeries } | { kind: "band"; color: string; text: string; opacity: number };
  const items: LegendItem[] = [
    ...stacks.map((s) => ({ kind: "band" as const, color: s.color, text: s.name, opacity: 0.85 })),
    ...spec.series.map((s) => ({ kind: "line" as const, s })),
    ...(spec.bandLegend ?? []).map((b) => ({ kind: "band" as const, color: b.color, text: b.text, opacity: b.opacity ?? 0.35 })),
  ];
  const legendRows: Array<Array<{ item: LegendItem; x: number }>> = [[]];
  let cursor = left;
  for (const item of items) {
    const w = (item.kind === "line" ? 27 + textWidth(item.s.name) : 21 + textWidth(item.text)) + 18;
    if (cursor + w - 18 > W - right && legendRows[legendRows.length - 1]!.length > 0) {
      legendRows.push([]);
      cursor = left;
    }
    legendRows[legendRows.length - 1]!.push({ item, x: cursor });
    cursor += w;
  }
  const legendH = legendRows.length * 18 + 4;
  const top = 10 + legendH + rowsRight.length * 15 + 6;
  const bottom = 44;
  const plotH = H - top - bottom;

  // ---- y domain: every series, bar, stack and point (and zero unless includeZero is false), padded ----
  let lo = spec.includeZero === false ? Infinity : 0;
  let hi = spec.includeZero === false ? -Infinity : 0;
  const extend = (v: number) => {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  for (const s of spec.series) for (const v of s.y) if (Number.isFinite(v)) extend(v);
  for (const p of spec.points ?? []) extend(p.y);
  for (const b of spec.bars ?? []) if (Number.isFinite(b.y)) extend(b.y);
  for (const [down, up] of stackTops) {
    extend(down);
    extend(up);
  }
  if (!(lo <= hi)) [lo, hi] = [0, 1];
  if (lo === hi) hi = lo + Math.max(1, Math.abs(lo) * 0.01);
  const pad = (hi - lo) * 0.06;
  // without zero in the domain, data that are all ≥ 0 (prices) keep a domain ≥ 0
  lo = spec.includeZero === false && lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
  hi += pad;
  const scale = spec.yFormat ? { factor: 1, word: "" } : valueScale(Math.max(Math.abs(lo), Math.abs(hi)));
  const yText = spec.yFormat ?? ((v: number) => tickText(v / scale.factor));
  const py = (v: number) => top + ((hi - v) / (hi - lo)) * plotH;
  const out: string[] = [];
  const titleId = `${spec.id}-title`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId}" class="chart" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="12">`,
    `<title id="${titleId}">${escapeHtml(spec.title)}</title>`,
  );
  if (spec.description) out.push(`<desc>${escapeHtml(spec.description)}</desc>`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);

  // ---- legend ----
  legendRows.forEach((row, i) => {
    const ly = 10 + 11 + i * 18;
    for (const { item, x: lx } of row) {
      if (item.kind === "line") {
        const s = item.s;
        out.push(`<line x1="${r1(lx)}" y1="${ly - 4}" x2="${r1(lx + 22)}" y2="${ly - 4}" stroke="${s.color}" stroke-width="${s.width ?? 2}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`);
        out.push(`<text x="${r1(lx + 27)}" y="${ly}" fill="#222">${escapeHtml(s.name)}</text>`);
      } else {
        out.push(`<rect x="${r1(lx)}" y="${ly - 10}" width="16" height="11" fill="${item.color}" fill-opacity="${item.opacity}"/>`);
        out.push(`<text x="${r1(lx + 21)}" y="${ly}" fill="#222">${escapeHtml(item.text)}</text>`);
      }
    }
  });

  // ---- bands ----
  const clipId = `${spec.id}-plot`;
  out.push(`<defs><clipPath id="${clipId}"><rect x="${left}" y="${r1(top)}" width="${r1(plotW)}" height="${r1(plotH)}"/></clipPath>`);
  const zeroY = py(0);
  out.push(`<clipPath id="${spec.id}-above"><rect x="${left}" y="${r1(top)}" width="${r1(plotW)}" height="${r1(Math.max(0, zeroY - top))}"/></clipPath>`);
  out.push(`<clipPath id="${spec.id}-below"><rect x="${left}" y="${r1(zeroY)}" width="${r1(plotW)}" height="${r1(Math.max(0, top + plotH - zeroY))}"/></clipPath></defs>`);
  out.push(`<g clip-path="url(#${clipId})">`);
  const labelSpans: Array<[number, number]> = [];
  for (const b of spec.bands ?? []) {
    const a = Math.max(x0, Math.min(b.lo, b.hi));
    const z = Math.min(x1, Math.max(b.lo, b.hi));
    if (!(z >= a)) continue;
    const bx = px(a);
    const bw = Math.max(3, px(z) - bx);
    out.push(`<rect class="band" x="${r1(bx)}" y="${r1(top)}" width="${r1(bw)}" height="${r1(plotH)}" fill="${b.color}" fill-opacity="${b.opacity ?? 0.25}">${b.title ? `<title>${escapeHtml(b.title)}</title>` : ""}</rect>`);
    if (b.edge) {
      for (const ex of [bx, bx + bw]) out.push(`<line x1="${r1(ex)}" y1="${r1(top)}" x2="${r1(ex)}" y2="${r1(top + plotH)}" stroke="${b.edge}" stroke-width="1" stroke-dasharray="3 3"/>`);
    }
    if (b.label) {
      const tw = textWidth(b.label, 10);
      const a0 = bx + bw / 2 - tw / 2 - 3;
      const a1 = bx + bw / 2 + tw / 2 + 3;
      if (!labelSpans.some(([u, v]) => a0 < v && a1 > u)) {
        labelSpans.push([a0, a1]);
        out.push(`<text x="${r1(bx + bw / 2)}" y="${r1(top + plotH - 6)}" text-anchor="middle" font-size="10" fill="#333">${escapeHtml(b.label)}</text>`);
      }
    }
  }
  out.push(`</g>`);

  // ---- grid and axes ----
  const yTicks = niceTicks(lo, hi, 6);
  for (const t of yTicks) {
    const yy = py(t);
    out.push(`<line x1="${left}" y1="${r1(yy)}" x2="${r1(left + plotW)}" y2="${r1(yy)}" stroke="#e3e3e3" stroke-width="1"/>`);
    out.push(`<text x="${left - 6}" y="${r1(yy + 4)}" text-anchor="end" fill="#444">${escapeHtml(yText(t))}</text>`);
  }
  const xTicks = spec.xTickValues ? spec.xTickValues.filter((t) => t >= x0 && t <= x1) : niceTicks(x0, x1, spec.xTicks ?? 8);
  for (const t of xTicks) {
    const xx = px(t);
    out.push(`<line x1="${r1(xx)}" y1="${r1(top + plotH)}" x2="${r1(xx)}" y2="${r1(top + plotH + 5)}" stroke="#888"/>`);
    out.push(`<text x="${r1(xx)}" y="${r1(top + plotH + 18)}" text-anchor="middle" fill="#444">${escapeHtml(xFmt(t))}</text>`);
  }
  out.push(`<rect x="${left}" y="${r1(top)}" width="${r1(plotW)}" height="${r1(plotH)}" fill="none" stroke="#bbb"/>`);
  if (spec.xTitle) out.push(`<text x="${r1(left + plotW / 2)}" y="${H - 6}" text-anchor="middle" fill="#333">${escapeHtml(spec.xTitle)}</text>`);
  if (spec.yTitle) {
    const yt = scale.word ? `${spec.yTitle} (${scale.word})` : spec.yTitle;
    out.push(`<text transform="translate(14 ${r1(top + plotH / 2)}) rotate(-90)" text-anchor="middle" fill="#333">${escapeHtml(yt)}</text>`);
  }

  // ---- stacked bars ----
  if (stacks.length > 0) {
    out.push(`<g clip-path="url(#${clipId})">`);
    for (let j = 0; j + 1 < edges.length; j++) {
      const bx = px(edges[j]!);
      const bw = Math.max(1, px(edges[j + 1]!) - bx - 1);
      let up = 0;
      let down = 0;
      for (const s of stacks) {
        const v = s.values[j]!;
        if (!(v !== 0) || !Number.isFinite(v)) continue;
        const base = v > 0 ? up : down;
        const end = base + v;
        if (v > 0) up = end;
        else down = end;
        const y0 = py(Math.max(base, end));
        const y1 = py(Math.min(base, end));
        out.push(`<rect class="bar" x="${r1(bx)}" y="${r1(y0)}" width="${r1(bw)}" height="${r1(Math.max(0.5, y1 - y0))}" fill="${s.color}" fill-opacity="0.85"><title>${escapeHtml(`${s.name}: ${tickText(v)} (${xFmt(edges[j]!)}–${xFmt(edges[j + 1]!)})`)}</title></rect>`);
      }
    }
    out.push(`</g>`);
  }

  // ---- areas of the first series, lines ----
  const path = (y: readonly number[]): string => {
    let d = "";
    let pen = false;
    for (let k = 0; k < n; k++) {
      const v = y[k]!;
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${r1(px(x[k]!))} ${r1(py(v))}`;
      pen = true;
    }
    return d;
  };
  const zeroIn = spec.includeZero === false ? lo < 0 && hi > 0 : true;
  const bars = spec.bars ?? [];
  if (bars.length > 0) {
    let gap = spec.barWidth ?? Infinity;
    if (spec.barWidth === undefined) {
      const xs = [...new Set(bars.map((b) => b.x))].sort((a, b) => a - b);
      for (let k = 1; k < xs.length; k++) gap = Math.min(gap, xs[k]! - xs[k - 1]!);
      if (!Number.isFinite(gap)) gap = (x1 - x0) / 50;
    }
    const slotW = Math.max(1, (gap / (x1 - x0)) * plotW * 0.84);
    const base = zeroIn ? zeroY : py(lo);
    out.push(`<g clip-path="url(#${clipId})">`);
    for (const b of bars) {
      if (!(b.x >= x0 && b.x <= x1) || !Number.isFinite(b.y) || b.y === 0) continue;
      const w = b.slot === "left" || b.slot === "right" ? slotW / 2 : slotW;
      const bx = px(b.x) - slotW / 2 + (b.slot === "right" ? slotW / 2 : 0);
      // from the base line in the value's direction, at least 0.5 px so that a small value still shows
      const h = Math.max(0.5, Math.abs(py(b.y) - base));
      const top = b.y >= 0 ? base - h : base;
      out.push(`<rect class="bar" x="${r1(bx)}" y="${r1(top)}" width="${r1(Math.max(0.5, w))}" height="${r1(h)}" fill="${b.color}">${b.title ? `<title>${escapeHtml(b.title)}</title>` : ""}</rect>`);
    }
    out.push(`</g>`);
  }
  const first = spec.series[0];
  if (first && zeroIn && spec.fillFirst !== false && first.y.every((v) => Number.isFinite(v))) {
    const area = `${path(first.y)}L${r1(px(x1))} ${r1(zeroY)}L${r1(px(x0))} ${r1(zeroY)}Z`;
    out.push(`<path d="${area}" fill="#2e9d4f" fill-opacity="0.16" clip-path="url(#${spec.id}-above)"/>`);
    out.push(`<path d="${area}" fill="#d93b3b" fill-opacity="0.16" clip-path="url(#${spec.id}-below)"/>`);
  }
  if (zeroIn) out.push(`<line class="zero-line" x1="${left}" y1="${r1(zeroY)}" x2="${r1(left + plotW)}" y2="${r1(zeroY)}" stroke="#555" stroke-width="1"/>`);
  out.push(`<g clip-path="url(#${clipId})" fill="none">`);
  for (let i = spec.series.length - 1; i >= 0; i--) {
    const s = spec.series[i]!;
    out.push(`<path class="series" d="${path(s.y)}" stroke="${s.color}" stroke-width="${s.width ?? 2}" stroke-linejoin="round"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}><title>${escapeHtml(s.name)}</title></path>`);
  }
  out.push(`</g>`);

  // ---- markers with labels ----
  for (const { m, lx: labelX, row } of placed) {
    const xx = px(m.x);
    const labelY = 10 + legendH + row * 15 + 10;
    out.push(`<line class="marker" x1="${r1(xx)}" y1="${r1(top)}" x2="${r1(xx)}" y2="${r1(top + plotH)}" stroke="${m.color}" stroke-width="${m.width ?? 1.5}"${m.dash ? ` stroke-dasharray="${m.dash}"` : ""}/>`);
    out.push(`<line x1="${r1(xx)}" y1="${r1(labelY + 3)}" x2="${r1(xx)}" y2="${r1(top)}" stroke="${m.color}" stroke-width="0.75" stroke-opacity="0.6"/>`);
    out.push(`<text x="${r1(labelX)}" y="${labelY}" font-size="11" fill="${m.color}">${escapeHtml(m.label)}</text>`);
  }
  for (const p of spec.points ?? []) {
    if (!(p.x >= x0 && p.x <= x1)) continue;
    const stroke = p.stroke ?? "#fff";
    out.push(`<circle class="point" cx="${r1(px(p.x))}" cy="${r1(py(p.y))}" r="${p.r ?? 4}" fill="${p.color}" ${stroke === "none" ? 'stroke="none"' : `stroke="${stroke}" stroke-width="1.5"`}>${p.title ? `<title>${escapeHtml(p.title)}</title>` : ""}</circle>`);
  }
  out.push(`</svg>`);
  return out.join("\n");
}
