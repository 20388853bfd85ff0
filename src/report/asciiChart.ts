/**
 * A profile as a text chart for the terminal, in the style of asciichart (box-drawing line with
 * rounded corners), plus what asciichart cannot draw: a zero line, a spot column, the curve colored
 * by sign (red where dealers are short gamma), and a marker row under the x axis for zero
 * crossings, walls and barrier-cluster spans. Fits a given width (default 100 columns).
 *
 * @module
 */
import { painter, type Painter, type Style } from "./ansi.js";
import { groupThousands, priceText } from "./format.js";
import { niceStep, niceTicks, valueScale } from "./svgChart.js";

/** A marker under the x axis: one character at a price, or a span of prices. */
export interface AsciiMarker {
  /** the character drawn, e.g. "Z" */
  symbol: string;
  /** the price (or the span's low end) */
  at: number;
  /** the span's high end; absent for a point marker */
  to?: number;
  /** legend text, e.g. "zero gamma 76,794" */
  legend: string;
  /** color of the symbol */
  style?: "red" | "green" | "yellow" | "magenta" | "cyan" | "blue" | "gray";
}

/**
 * Options of {@link asciiChart}.
 *
 * @example
 * asciiChart(x, y, { width: 100, height: 14, color: false, spot: 73012.64, yUnit: "USD per 1% move" } satisfies AsciiChartOptions);
 */
export interface AsciiChartOptions {
  /** total width in columns, labels included; default 100 (minimum 40) */
  width?: number;
  /** plot rows; default 14 (minimum 5) */
  height?: number;
  /** ANSI colors; default false */
  color?: boolean;
  /** draw a spot column at this price */
  spot?: number;
  /** markers under the axis */
  markers?: readonly AsciiMarker[];
  /** unit after the scale word in the y legend, e.g. "USD per 1% move" */
  yUnit?: string;
  /** a second series drawn with dots under the first (same x), e.g. an older profile */
  overlay?: { y: readonly number[]; legend: string; symbol?: string };
}

/** Linear interpolation of y at price p on ascending x (clamped at the ends). */
function sample(x: readonly number[], y: readonly number[], p: number): number {
  const n = x.length;
  if (p <= x[0]!) return y[0]!;
  if (p >= x[n - 1]!) return y[n - 1]!;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= p) lo = mid;
    else hi = mid;
  }
  const t = (p - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

/**
 * Draw `y` over ascending `x` as text lines (no trailing newline on the last line): a y axis with
 * scaled labels, the curve, a dotted zero line, a spot column, an x axis with price labels, a
 * marker row and a legend line. Every line is at most `width` columns (ANSI codes not counted).
 *
 * @param x - ascending prices (≥ 2)
 * @param y - values, same length; non-finite values are treated as 0
 * @param opts - size, colors, spot, markers, unit
 * @returns lines of text
 * @throws RangeError when x has fewer than 2 points or the lengths differ
 * @example
 * asciiChart([1, 2, 3], [-1, 0, 1], { width: 40, height: 5 }).length; // 8 (5 plot rows, axis, labels, markers; no legend)
 */
export function asciiChart(x: readonly number[], y: readonly number[], opts: AsciiChartOptions = {}): string[] {
  const n = x.length;
  if (n < 2) throw new RangeError(`a chart needs at least 2 x values (got ${n})`);
  if (y.length !== n) throw new RangeError(`y has ${y.length} values, x has ${n}`);
  const p: Painter = painter(opts.color === true);
  const width = Math.max(40, opts.width ?? 100);
  const H = Math.max(5, opts.height ?? 14);
  if (opts.overlay && opts.overlay.y.length !== n) throw new RangeError(`the overlay has ${opts.overlay.y.length} values, x has ${n}`);
  let lo = 0, hi = 0;
  for (const v of [...y, ...(opts.overlay?.y ?? [])]) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // a flat or vanishing range (below a billionth of the values, or subnormal) is drawn as [lo, lo + 1]
  const minSpan = Math.max(Math.abs(lo), Math.abs(hi)) * 1e-9;
  if (!(hi - lo >= minSpan && hi - lo > 1e-200)) hi = lo + (minSpan > 1e-200 ? minSpan : 1);
  // the y range widened to a fine round step (about one per two rows), labels at coarser round ticks
  // (1, 2 or 5 × 10^k, about one per three rows), each on the row it falls on
  const fine = niceStep(hi - lo, Math.max(2, Math.floor(H / 2)));
  lo = Math.floor(lo / fine + 1e-9) * fine;
  hi = Math.ceil(hi / fine - 1e-9) * fine;
  const yStep = niceStep(hi - lo, Math.max(2, Math.min(5, Math.floor(H / 3))));
  const scale = valueScale(Math.max(Math.abs(lo), Math.abs(hi)));
  const yDecimals = Math.min(20, Math.max(0, Math.ceil(-Math.log10(yStep / scale.factor) - 1e-9)));
  const labelOf = (v: number) => (v / scale.factor).toFixed(yDecimals).replace(/^-(0\.?0*)$/, "$1");
  const yTicks = niceTicks(lo, hi, Math.max(2, Math.min(5, Math.floor(H / 3))));
  const labelW = Math.max(...yTicks.map((v) => labelOf(v).length)) + 1;
  const plotW = width - labelW - 2;
  const x0 = x[0]!, x1 = x[n - 1]!;
  const colPrice = (c: number) => x0 + ((c + 0.5) / plotW) * (x1 - x0);
  const colOf = (price: number) => Math.min(plotW - 1, Math.max(0, Math.floor(((price - x0) / (x1 - x0)) * plotW)));
  const rowOf = (v: number) => Math.round(((hi - v) / (hi - lo)) * (H - 1));
  const vals = Array.from({ length: plotW }, (_, c) => {
    const v = sample(x, y, colPrice(c));
    return Number.isFinite(v) ? v : 0;
  });

  // cells: character and style
  const grid: string[][] = Array.from({ length: H }, () => Array.from({ length: plotW }, () => " "));
  const style: Array<Array<Style | "">> = Array.from({ length: H }, () => Array.from({ length: plotW }, () => ""));
  const zeroRow = rowOf(0);
  for (let c = 0; c < plotW; c++) {
    grid[zeroRow]![c] = "┈";
    style[zeroRow]![c] = "gray";
  }
  const spotCol = opts.spot !== undefined && opts.spot >= x0 && opts.spot <= x1 ? colOf(opts.spot) : -1;
  if (spotCol >= 0) {
    for (let r = 0; r < H; r++) {
      grid[r]![spotCol] = "│";
      style[r]![spotCol] = "yellow";
    }
  }
  const ov = opts.overlay;
  if (ov) {
    for (let c = 0; c < plotW; c++) {
      const v = sample(x, ov.y, colPrice(c));
      if (!Number.isFinite(v)) continue;
      grid[rowOf(v)]![c] = ov.symbol ?? "·";
      style[rowOf(v)]![c] = "cyan";
    }
  }
  const put = (r: number, c: number, ch: string, v: number) => {
    grid[r]![c] = ch;
    style[r]![c] = v < 0 ? "red" : "green";
  };
  for (let c = 0; c < plotW; c++) {
    const r0 = rowOf(vals[c]!);
    const r1 = c + 1 < plotW ? rowOf(vals[c + 1]!) : r0;
    const v = vals[c]!;
    if (r0 === r1) {
      put(r0, c, "─", v);
    } else if (r1 > r0) {
      // falling: leave r0 rightwards-down, arrive at r1
      put(r0, c, "╮", v);
      for (let r = r0 + 1; r < r1; r++) put(r, c, "│", v);
      put(r1, c, "╰", vals[c + 1]!);
    } else {
      put(r0, c, "╯", v);
      for (let r = r1 + 1; r < r0; r++) put(r, c, "│", v);
      put(r1, c, "╭", vals[c + 1]!);
    }
  }

  const lines: string[] = [];
  // each round tick labels the row it falls on (to half a row); zero's row is always "0"
  const rowLabel = new Map<number, string>();
  for (const t of yTicks) {
    const r = rowOf(t);
    if (!rowLabel.has(r)) rowLabel.set(r, t === 0 ? "0" : labelOf(t));
  }
  rowLabel.set(zeroRow, "0");
  for (let r = 0; r < H; r++) {
    const labelled = rowLabel.has(r);
    const label = rowLabel.get(r) ?? "";
    const axis = r === zeroRow ? "┼" : labelled ? "┤" : "│";
    let line = p.gray(label.padStart(labelW) + " " + axis);
    let run = "";
    let runStyle: Style | "" = "";
    const flush = () => {
      if (run === "") return;
      line += runStyle === "" ? run : p[runStyle](run);
      run = "";
    };
    for (let c = 0; c < plotW; c++) {
      const s = style[r]![c]!;
      if (s !== runStyle) {
        flush();
        runStyle = s;
      }
      run += grid[r]![c]!;
    }
    flush();
    lines.push(line.replace(/\s+$/, ""));
  }

  // x axis with price ticks
  const ticks = niceTicks(x0, x1, Math.max(3, Math.floor(plotW / 14)));
  // the ticks' own precision: 4.5, 5.0, 5.5 (not 5, 5, 6), thousands grouped
  const xStep = ticks.length > 1 ? ticks[1]! - ticks[0]! : niceStep(x1 - x0, 4);
  const xDecimals = Math.max(0, Math.ceil(-Math.log10(xStep) - 1e-9));
  const axis = Array.from({ length: plotW }, () => "─");
  const labels = Array.from({ length: plotW + 12 }, () => " ");
  let lastEnd = -2;
  for (const t of ticks) {
    const c = colOf(t);
    const text = groupThousands(t.toFixed(xDecimals));
    const start = Math.max(0, Math.min(plotW - text.length, c - Math.floor(text.length / 2)));
    if (start <= lastEnd + 1) continue;
    axis[c] = "┬";
    for (let i = 0; i < text.length; i++) labels[start + i] = text[i]!;
    lastEnd = start + text.length;
  }
  lines.push(p.gray(" ".repeat(labelW) + " └" + axis.join("")));
  lines.push(p.gray(" ".repeat(labelW + 2) + labels.join("").slice(0, plotW).replace(/\s+$/, "")));

  // marker row and legend
  const row = Array.from({ length: plotW }, () => " ");
  const rowStyle: Array<AsciiMarker["style"] | undefined> = Array.from({ length: plotW }, () => undefined);
  const markers = [...(opts.markers ?? [])].filter((m) => (m.to ?? m.at) >= x0 && m.at <= x1);
  // spans first so that point markers stay visible on top
  for (const m of markers.filter((k) => k.to !== undefined)) {
    const a = colOf(Math.max(m.at, x0));
    const b = colOf(Math.min(m.to!, x1));
    for (let c = a; c <= b; c++) {
      row[c] = m.symbol;
      rowStyle[c] = m.style;
    }
  }
  for (const m of markers.filter((k) => k.to === undefined)) {
    const c = colOf(m.at);
    row[c] = m.symbol;
    rowStyle[c] = m.style;
  }
  if (spotCol >= 0) {
    row[spotCol] = "S";
    rowStyle[spotCol] = "yellow";
  }
  let mline = " ".repeat(labelW + 2);
  for (let c = 0; c < plotW; c++) {
    const s = rowStyle[c];
    mline += s && row[c] !== " " ? p[s](row[c]!) : row[c]!;
  }
  lines.push(mline.replace(/\s+$/, ""));
  const legend: string[] = [];
  if (opts.spot !== undefined) legend.push(`${p.yellow("S")} spot ${priceText(opts.spot)}`);
  if (ov) legend.push(`${p.cyan(ov.symbol ?? "·")} ${ov.legend}`);
  const seen = new Set<string>();
  for (const m of markers) {
    const key = `${m.symbol}|${m.legend}`;
    if (seen.has(key)) continue;
    seen.add(key);
    legend.push(`${m.style ? p[m.style](m.symbol) : m.symbol} ${m.legend}`);
  }
  if (scale.word !== "" || opts.yUnit) legend.push(`y: ${scale.word ? scale.word + " " : ""}${opts.yUnit ?? ""}`.trimEnd());
  // wrap the legend to the width: items apart by 3 spaces, an item too long for a line broken at its spaces
  const indent = " ".repeat(labelW + 2);
  const vis = (t: string) => [...t.replace(/\x1b\[[0-9;]*m/g, "")].length;
  let cur = indent;
  for (const item of legend) {
    item.split(" ").forEach((word, i) => {
      const sep = cur === indent ? "" : i === 0 ? "   " : " ";
      if (cur !== indent && vis(cur) + sep.length + vis(word) > width) {
        lines.push(cur);
        cur = indent + word;
      } else {
        cur += sep + word;
      }
    });
  }
  if (cur !== indent) lines.push(cur);
  return lines;
}
