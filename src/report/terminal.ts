/**
 * The terminal report: colored tables and an ASCII gamma profile that fit a width (100 columns by
 * default), with no ANSI codes when colors are off (not a TTY, or NO_COLOR; see ansi.ts). Used by
 * `gexray report` without `--out`, and usable by `gexray profile` for its summary:
 *
 * ```ts
 * const model = buildReportModel({ profile, hedge, registry, source: { file } });
 * process.stdout.write(renderTerminal(model, { color: shouldColor(process.stdout, process.env) }));
 * ```
 *
 * @module
 */
import { painter, visibleWidth, type Painter } from "./ansi.js";
import { asciiChart, type AsciiMarker } from "./asciiChart.js";
import { escapeControl, formatPrice, priceText, scaleAmount } from "./format.js";
import { wrap, wrapItems } from "./wrap.js";
import { terminalStrikeChart } from "./strikeChart.js";
import { gammaMapTable, overlayTable, splitItems } from "./viewSections.js";
import type { ContractRegistry, DealerHedges } from "../exposure/hedge.js";
import type { Profile } from "../exposure/profile.js";
import { basisRegimeTable, cascadeTable, flowItems, flowLadderTable } from "./flowSections.js";
import { basisHeadline, basisTables } from "./basisSections.js";
import { buildReportModel, strikesNearSpot, type ReportModel } from "./model.js";
import { surfaceSummary } from "./smile.js";
import {
  atSpotItems, clustersTable, contractAccounting, expiryTable, hedgeTable, levelsTable, notesItems, priceCell, strikesTable,
  type ReportItem, type ReportTable,
} from "./sections.js";

/**
 * Options of {@link renderTerminal}.
 *
 * @example
 * renderTerminal(model, { color: false, width: 100, strikes: 15 } satisfies TerminalOptions);
 */
export interface TerminalOptions {
  /** ANSI colors; default false */
  color?: boolean;
  /** maximum line width in columns; default 100 (minimum 80) */
  width?: number;
  /** chart rows; default 14 */
  chartHeight?: number;
  /** strikes shown around spot; default 15 */
  strikes?: number;
  /** expiries shown; default 12 */
  expiries?: number;
  /** clusters shown; default 6 */
  clusters?: number;
  /** leave out the chart (e.g. for a compact summary); default false */
  noChart?: boolean;
  /** days of the basis history shown; default 12 */
  basisDays?: number;
}

/**
 * Lay out a {@link ReportTable} as aligned text within `width` columns: bold headers, red negative
 * numbers, bold flagged rows, gray muted rows; when too wide, the last text column is cut with "…".
 *
 * @param t - the table
 * @param p - the painter (colors or none)
 * @param width - maximum line width
 * @example
 * terminalTable({ id: "t", title: "T", columns: [{ header: "a" }, { header: "b", align: "right" }], rows: [["x", "-1"]] }, painter(false), 100);
 * // "a   b\nx  -1\n"
 */
export function terminalTable(table: ReportTable, p: Painter, width: number): string {
  const gap = 2;
  // file text (note ids, issuers, file names) cannot act on the terminal
  let t: ReportTable = { ...table, rows: table.rows.map((r) => r.map(escapeControl)) };
  // leave out optional columns, last first, while the table is too wide
  const natural = (tt: ReportTable) =>
    tt.columns.reduce((a, c, j) => a + Math.max(visibleWidth(c.header), ...tt.rows.map((r) => visibleWidth(r[j] ?? ""))), 0) + gap * (tt.columns.length - 1);
  const dropped: string[] = [];
  while (natural(t) > width) {
    let j = -1;
    t.columns.forEach((c, k) => {
      if (c.optional) j = k;
    });
    if (j < 0) break;
    dropped.unshift(t.columns[j]!.header);
    t = { ...t, columns: t.columns.filter((_, k) => k !== j), rows: t.rows.map((r) => r.filter((_, k) => k !== j)) };
  }
  // say what was left out (a column without a header is a flag column: named "flags")
  if (dropped.length > 0) {
    const what = `Left out to fit ${width} columns: ${dropped.map((h) => h || "flags").join(", ")} (--wide shows every column).`;
    t = { ...t, note: t.note ? `${t.note} ${what}` : what };
  }
  const cols = t.columns.length;
  const widths = t.columns.map((c, j) => Math.max(visibleWidth(c.header), ...t.rows.map((r) => visibleWidth(r[j] ?? ""))));
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (cols - 1);
  // shrink the widest left-aligned column until the table fits (at least 8 columns wide)
  while (total() > width) {
    let j = -1;
    widths.forEach((w, k) => {
      if (t.columns[k]!.align !== "right" && w > 8 && (j < 0 || w > widths[j]!)) j = k;
    });
    if (j < 0) break;
    widths[j] = Math.max(8, widths[j]! - (total() - width));
  }
  const fit = (text: string, w: number) => {
    const chars = [...text];
    return chars.length <= w ? text : chars.slice(0, Math.max(0, w - 1)).join("") + "…";
  };
  const pad = (text: string, j: number) => {
    const w = widths[j]!;
    const s = fit(text, w);
    const fill = " ".repeat(Math.max(0, w - visibleWidth(s)));
    return t.columns[j]!.align === "right" ? fill + s : s + fill;
  };
  const lines: string[] = [];
  lines.push(p.bold(t.columns.map((_, j) => pad(t.columns[j]!.header, j)).join(" ".repeat(gap)).trimEnd()));
  t.rows.forEach((row, i) => {
    const cls = t.rowClass?.[i] ?? "";
    const cells = row.map((cell, j) => {
      const text = pad(cell, j);
      if (t.columns[j]!.align === "right" && /^\s*-\d/.test(text)) return p.red(text);
      return text;
    });
    let line = cells.join(" ".repeat(gap)).replace(/\s+$/, "");
    if (cls === "strong") line = p.bold(line);
    else if (cls === "muted") line = p.gray(line);
    lines.push(line);
  });
  if (t.note) lines.push(...wrap(t.note, width).map((l) => p.gray(l)));
  return lines.join("\n") + "\n";
}

export { wrap };

/** Labelled values, label column aligned, wrapped to the width. */
function itemsText(raw: readonly ReportItem[], p: Painter, width: number): string {
  const items = raw.map((i) => ({ label: i.label, value: escapeControl(i.value), ...(i.unit !== undefined ? { unit: escapeControl(i.unit) } : {}) }));
  const lw = Math.max(...items.map((i) => visibleWidth(i.label)));
  const vw = Math.max(...items.map((i) => visibleWidth(i.value)));
  const out: string[] = [];
  for (const i of items) {
    const value = /^-\d/.test(i.value) || /^sell /.test(i.value) ? p.red(i.value.padStart(vw)) : i.value.padStart(vw);
    const head = `  ${i.label.padEnd(lw)}  ${value}`;
    if (!i.unit) {
      out.push(head);
      continue;
    }
    const room = width - (2 + lw + 2 + vw + 2);
    const unitLines = wrap(i.unit, Math.max(20, room));
    out.push(`${head}  ${p.gray(unitLines[0]!)}`);
    for (const u of unitLines.slice(1)) out.push(" ".repeat(2 + lw + 2 + vw + 2) + p.gray(u));
  }
  return out.join("\n") + "\n";
}

/** A section title line. */
function title(text: string, p: Painter, width: number): string {
  return `\n${wrap(text, width).map((l) => p.bold(p.cyan(l))).join("\n")}\n`;
}

/** Limit a table's rows, saying how many more there are. */
function head(t: ReportTable, n: number, more: string): ReportTable {
  if (t.rows.length <= n) return t;
  return {
    ...t, rows: t.rows.slice(0, n), ...(t.rowClass ? { rowClass: t.rowClass.slice(0, n) } : {}),
    note: `${t.note ? t.note + " " : ""}${t.rows.length - n} more ${more} in the HTML/JSON report.`,
  };
}

/**
 * The gamma profile as an ASCII chart with spot, zero crossings, walls and barrier clusters marked.
 *
 * @param model - the report model
 * @param opts - width, height, colors
 * @returns lines of text
 * @example
 * terminalGammaChart(model, { width: 100 }).every((l) => stripAnsi(l).length <= 100); // true
 */
export function terminalGammaChart(model: ReportModel, opts: { width?: number; height?: number; color?: boolean } = {}): string[] {
  const L = model.levels;
  const markers: AsciiMarker[] = [];
  for (const c of model.clusters?.rows ?? []) {
    if (c.loOnGrid === null || c.hiOnGrid === null) continue;
    markers.push({
      symbol: c.breached ? "░" : "▓", at: c.loOnGrid, to: c.hiOnGrid, style: c.breached ? "gray" : "magenta",
      legend: c.breached ? "breached barrier clusters" : `barrier clusters (${model.notes?.underlying ?? "notes"})`,
    });
  }
  for (const z of L.zeroGamma) {
    markers.push({ symbol: "Z", at: z, style: "yellow", legend: z === L.flip ? `zero gamma ${priceText(z)} (${L.flipRule === "first crossing" ? "first" : "nearest"})` : `zero gamma ${priceText(z)}` });
  }
  if (L.putWall !== null) markers.push({ symbol: "P", at: L.putWall, style: "red", legend: `put wall ${priceText(L.putWall)}` });
  if (L.callWall !== null) markers.push({ symbol: "C", at: L.callWall, style: "green", legend: `call wall ${priceText(L.callWall)}` });
  return asciiChart(model.profile.price, model.profile.gamma, {
    width: opts.width ?? 100, height: opts.height ?? 14, color: opts.color === true, spot: model.meta.spot, markers,
    yUnit: "USD of dealer delta per 1% move (red: dealers short gamma)",
  });
}

/** The report's header: title, as-of and spot, label, source and conventions, warnings. */
function header(model: ReportModel, p: Painter, width: number, title = model.title): string {
  const m = model.meta;
  const c = m.conventions;
  const out: string[] = [];
  const when = `as of ${m.asOf} · spot ${formatPrice(m.spot)} USD`;
  if (visibleWidth(title) + 3 + visibleWidth(when) <= width) out.push(p.bold(title) + p.gray(` · ${when}`) + "\n");
  else out.push(p.bold(title) + "\n" + wrap(when, width).map((l) => p.gray(l)).join("\n") + "\n");
  if (m.label) out.push(wrap(m.label, width).map((l) => p.yellow(l)).join("\n") + "\n");
  const facts = [
    `chain ${m.source.file} (${m.source.format ?? "?"}; ${contractAccounting(m.source)})`, c.dealerText, c.volModel,
    c.convention === "perfiliev" ? `perfiliev convention (business days / ${c.conventionText.match(/\/ (\d+)/)?.[1] ?? "262"})` : "gexray convention",
    `rate ${c.rate}, dividend ${c.dividend}`,
    `grid ${priceCell(c.grid.lo)}–${priceCell(c.grid.hi)} (${c.grid.points} prices, ${c.grid.spacing})`,
    ...(model.mapping ? [`1 ${model.mapping.from} = ${model.mapping.ratio} ${model.mapping.to}`] : []),
  ];
  out.push(wrapItems(facts.map(escapeControl), width).map((l) => p.gray(l)).join("\n") + "\n");
  for (const w of model.warnings) out.push(wrap(`warning: ${escapeControl(w)}`, width, "  ").map((l) => p.yellow(l)).join("\n") + "\n");
  return out.join("");
}

/** The forced-flow map's section: headline items, the price ladder, the cascades, the assumptions. */
function flowSection(model: ReportModel, p: Painter, width: number): string {
  const out: string[] = [];
  out.push(title(`Forced flows (USD of market orders forced if ${model.meta.underlying} moves from spot; + buy, − sell)`, p, width));
  out.push(itemsText(flowItems(model), p, width));
  out.push(terminalTable(flowLadderTable(model)!, p, width));
  const ct = cascadeTable(model);
  if (ct) {
    out.push("\n" + p.bold(ct.title) + "\n");
    out.push(terminalTable(ct, p, width));
  }
  const bt = basisRegimeTable(model);
  if (bt) {
    out.push("\n" + p.bold(bt.title) + "\n");
    out.push(terminalTable(bt, p, width));
  }
  out.push("\n" + p.bold("Assumptions") + "\n");
  for (const a of model.flows!.assumptions) out.push(wrap(`- ${a}`, width, "  ").map((l) => p.gray(l)).join("\n") + "\n");
  return out.join("");
}

/**
 * The forced-flow map alone for a terminal (what `gexray flows` prints): the report's header and
 * its flow section, with the nearest zero gamma and the walls for orientation.
 *
 * @param model - a report model with `flows`
 * @returns the text, every line within the width
 * @throws RangeError when the model has no flow map
 * @example
 * process.stdout.write(renderFlowsTerminal(model, { color: false }));
 */
export function renderFlowsTerminal(model: ReportModel, opts: TerminalOptions = {}): string {
  if (!model.flows) throw new RangeError("the model has no forced-flow map");
  const p = painter(opts.color === true);
  const width = Math.max(80, opts.width ?? 100);
  const L = model.levels;
  const orient = `zero gamma (nearest) ${priceCell(L.nearestZeroGamma)} · call wall ${priceCell(L.callWall)} · put wall ${priceCell(L.putWall)}`;
  return [
    header(model, p, width, `${model.meta.underlying} forced-flow map`),
    wrap(orient, width).map((l) => p.gray(l)).join("\n") + "\n",
    flowSection(model, p, width),
  ].join("").replace(/\n{3,}/g, "\n\n");
}

/**
 * Render the report for a terminal: header, at-spot totals, key levels, the ASCII gamma profile,
 * hedge contracts, expiries, strikes around spot, and the notes' totals and clusters when given.
 * Every line fits `width` columns (ANSI codes not counted).
 *
 * @param model - the report model
 * @param opts - colors, width, how many rows of each table
 * @returns the text, ending with a newline
 * @example
 * process.stdout.write(renderTerminal(model, { color: shouldColor(process.stdout, process.env) }));
 */
export function renderTerminal(model: ReportModel, opts: TerminalOptions = {}): string {
  const p = painter(opts.color === true);
  const width = Math.max(80, opts.width ?? 100);
  const m = model.meta;
  const out: string[] = [header(model, p, width)];

  if (model.flows) out.push(flowSection(model, p, width));
  out.push(title("At spot", p, width));
  out.push(itemsText([...atSpotItems(model), ...splitItems(model)], p, width));
  out.push(title("Key levels", p, width));
  out.push(terminalTable(levelsTable(model), p, width));
  if (!opts.noChart) {
    out.push(title(`Dealer gamma profile (USD of dealer delta per 1% move, by ${m.underlying} price)`, p, width));
    // charts keep 100 columns under --wide (width Infinity): only tables and text widen
    out.push(terminalGammaChart(model, { width: chartWidth(width), height: opts.chartHeight ?? 14, color: opts.color === true }).join("\n") + "\n");
  }
  if (!opts.noChart) {
    out.push(title("Dealer gamma by strike, at spot", p, width));
    out.push(terminalStrikeChart(model, { width: chartWidth(width), color: opts.color === true }).join("\n") + "\n");
  }
  const ovt = overlayTable(model);
  if (ovt) {
    out.push(title(ovt.title, p, width));
    out.push(terminalTable(ovt, p, width));
  }
  const gm = model.views.gammaMap;
  if (gm) {
    const t = gammaMapTable(gm.columns, m.spot, m.underlying);
    out.push(title(t.title, p, width));
    out.push(terminalTable(t, p, width));
  }
  out.push(title("Dealer re-hedge after a 1% move, in contracts", p, width));
  out.push(terminalTable(hedgeTable(model), p, width));
  out.push(title("By expiry, at spot", p, width));
  out.push(terminalTable(head(expiryTable(model), opts.expiries ?? 12, "expiries"), p, width));
  out.push(title("Strikes around spot", p, width));
  // the strikes nearest spot, and the walls and the absolute-gamma strike wherever they are
  const L = model.levels;
  const shownStrikes = strikesNearSpot(model.strikes, m.spot, opts.strikes ?? 15, [L.callWall, L.putWall, L.absGammaStrike]);
  const st = strikesTable({ ...model, strikes: shownStrikes });
  out.push(terminalTable({
    ...st, note: `${st.note ?? ""} ${shownStrikes.length} of ${model.strikeCount} strikes shown: the nearest spot, the walls and the absolute-gamma strike.`.trim(),
  }, p, width));
  if (model.surface) {
    out.push(title(`Volatility surface (${model.surface.weighting}-weighted SVI per expiry)`, p, width));
    out.push(surfaceSummary(model.surface).map((l) => wrap(l, width, "  ").join("\n")).join("\n") + "\n");
  }
  const ni = notesItems(model);
  if (ni) {
    out.push(title(`Structured notes on ${model.notes!.underlying}`, p, width));
    out.push(itemsText(ni, p, width));
    const ct = clustersTable(model);
    if (ct) {
      out.push("\n" + wrap(ct.title, width).map((l) => p.bold(l)).join("\n") + "\n");
      out.push(terminalTable(head(ct, opts.clusters ?? 6, "clusters"), p, width));
    }
    const o = model.notesOverlay;
    if (o) {
      const k = nearestIndex(model.profile.price, m.spot);
      out.push(wrap(
        `On the ${m.underlying} grid at spot: dealers ${scaleAmount(model.profile.gamma[k]!)}, note issuers ${scaleAmount(o.gamma[k]!)}, ` +
          `together ${scaleAmount(o.combinedGamma[k]!)} USD per 1% move (nearest grid price ${priceText(model.profile.price[k]!)}).`,
        width,
      ).join("\n") + "\n");
    }
  }
  if (model.basis) {
    const a = model.basis;
    out.push(title("Futures basis term structure", p, width));
    out.push(wrap(basisHeadline(a), width).map((l) => p.gray(l)).join("\n") + "\n");
    for (const n of a.fileNotes) out.push(wrap(`note: ${n}`, width, "  ").map((l) => p.yellow(l)).join("\n") + "\n");
    for (const t of basisTables(a)) {
      out.push("\n" + wrap(t.title, width).map((l) => p.bold(l)).join("\n") + "\n");
      out.push(terminalTable(t.id === "basis-history" ? head(t, opts.basisDays ?? 12, "days") : head(t, 12, "rows"), p, width));
    }
  }
  return out.join("").replace(/\n{3,}/g, "\n\n");
}

/**
 * The terminal report of a dealer profile alone (what `gexray profile` can print): the same
 * renderer as `gexray report`, without notes.
 *
 * @param profile - computeProfile's result
 * @param hedge - dealerHedges(profile, registry)
 * @param opts - terminal options, plus the registry (instrument names) and the file name shown
 * @returns the text, every line within the width
 * @example
 * process.stdout.write(renderProfileTerminal(profile, hedge, { registry, file, color: shouldColor(process.stdout, process.env) }));
 */
export function renderProfileTerminal(
  profile: Profile, hedge: DealerHedges, opts: TerminalOptions & { registry?: ContractRegistry; file?: string; format?: string } = {},
): string {
  const model = buildReportModel({
    profile, hedge, source: { file: opts.file ?? "chain", ...(opts.format !== undefined ? { format: opts.format } : {}) },
    ...(opts.registry ? { registry: opts.registry } : {}),
  });
  return renderTerminal(model, opts);
}

/**
 * The width of a terminal chart: the output's, or 100 columns when the output has no limit (--wide).
 *
 * @example
 * chartWidth(Infinity); // 100
 */
export function chartWidth(width: number): number {
  return Number.isFinite(width) ? width : 100;
}

/** Index of the grid price nearest p. */
function nearestIndex(x: readonly number[], v: number): number {
  let best = 0;
  for (let k = 1; k < x.length; k++) if (Math.abs(x[k]! - v) < Math.abs(x[best]! - v)) best = k;
  return best;
}
