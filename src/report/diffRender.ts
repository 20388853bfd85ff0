/**
 * The renderers of `gexray diff`: terminal (levels, open-interest summary, the largest changes by
 * expiry and by strike, both gamma profiles on one ASCII chart), HTML and Markdown (the same tables,
 * both profiles on one SVG chart and the open-interest change by strike as bars) and JSON.
 *
 * @module
 */
import { painter } from "./ansi.js";
import { asciiChart } from "./asciiChart.js";
import { CHART_COLORS, type ReportChart } from "./charts.js";
import type { DiffModel } from "./diffModel.js";
import { distancePct, escapeHtml as esc, formatPct, scaleAmount, usdPer } from "./format.js";
import { figure, htmlPage, section, tableHtml, warningsHtml } from "./html.js";
import { tableMarkdown } from "./markdown.js";
import { priceCell, type ReportItem, type ReportTable } from "./sections.js";
import { STRIKE_COLORS } from "./strikeChart.js";
import { lineChartSvg, type ChartBar, type ChartPoint } from "./svgChart.js";
import { chartWidth, terminalTable } from "./terminal.js";
import { wrap } from "./wrap.js";
import { EXPOSURE_UNITS } from "../exposure/units.js";

/** Colors of the two profiles: the older gray-blue and dashed, the newer the dealer blue. */
export const DIFF_COLORS = { older: "#8c96a8", newer: CHART_COLORS.dealer } as const;

const LEVEL_NAMES: Record<string, string> = {
  spot: "spot", nearestZeroGamma: "zero gamma (nearest)", callWall: "call wall", putWall: "put wall", absGammaStrike: "abs-gamma strike",
  gammaAtSpot: "gamma at spot", vannaAtSpot: "vanna at spot", charmAtSpot: "charm at spot",
};
const PRICE_LEVELS = new Set(["spot", "nearestZeroGamma", "callWall", "putWall", "absGammaStrike"]);

function signedPrice(x: number): string {
  const s = priceCell(x);
  return x > 0 ? `+${s}` : s;
}

function signedAmount(x: number): string {
  const s = scaleAmount(x);
  return x > 0 ? `+${s}` : s;
}

function zones(z: ReadonlyArray<readonly [number, number]>, lo: number, hi: number): string {
  if (z.length === 0) return "none";
  return z.map(([a, b]) => `${a <= lo ? "≤ " : ""}${priceCell(a)}–${b >= hi ? "≥ " : ""}${priceCell(b)}`).join(", ");
}

/**
 * Every level in both snapshots with its change.
 *
 * @example
 * diffLevelsTable(model).rows[2]; // ["call wall", "4,700", "4,800", "+100", "+2.13%"] (SPX 2022-02-05 → 2024-01-07)
 */
export function diffLevelsTable(model: DiffModel): ReportTable {
  const rows = model.levels.rows.map((r) => {
    const price = PRICE_LEVELS.has(r.id);
    const v = (x: number | null) => (x === null ? "none" : price ? priceCell(x) : scaleAmount(x));
    return [
      LEVEL_NAMES[r.id] ?? r.id, v(r.older), v(r.newer),
      r.change === null ? "" : price ? signedPrice(r.change) : signedAmount(r.change),
      r.changePct === null ? "" : formatPct(r.changePct),
    ];
  });
  const lo = model.price[0]!;
  const hi = model.price[model.price.length - 1]!;
  const z = model.levels.zeroGamma;
  const s = model.levels.shortGammaZones;
  rows.push(["zero gamma (all)", z.older.map(priceCell).join(", ") || "none", z.newer.map(priceCell).join(", ") || "none", "", ""]);
  rows.push(["short gamma zones", zones(s.older, lo, hi), zones(s.newer, lo, hi), "", ""]);
  return {
    id: "diff-levels", title: "Levels, older → newer",
    columns: [{ header: "level" }, { header: "older", align: "right" }, { header: "newer", align: "right" }, { header: "change", align: "right" }, { header: "change %", align: "right" }],
    rows,
    note: `Prices ${usdPer(model.underlying)}; gamma USD of dealer delta per 1% move, vanna per +1 vol point, charm per calendar day, at each snapshot's spot. ` +
      "Zero gamma and short-gamma zones read off one grid spanning both spots (≤, ≥: the zone runs at least to the grid's edge).",
  };
}

/**
 * The open-interest summary: totals, new, closed and expired series.
 *
 * @example
 * diffOiItems(model)[0].label; // "open interest"
 */
export function diffOiItems(model: DiffModel): ReportItem[] {
  const t = model.oi.totals;
  const inc = model.oi.series.filter((s) => s.status === "increased").length;
  const dec = model.oi.series.filter((s) => s.status === "decreased").length;
  return [
    { label: "open interest", value: `${scaleAmount(t.olderOpenInterest)} → ${scaleAmount(t.newerOpenInterest)}`, unit: `contracts; net ${signedAmount(t.change)}` },
    { label: "new positions", value: `${t.newSeries} series`, unit: `${scaleAmount(t.opened)} contracts of open interest in series absent from the older snapshot` },
    { label: "closed positions", value: `${t.closedSeries} series`, unit: `${scaleAmount(t.closed)} contracts gone before their expiry` },
    { label: "expired", value: `${t.expiredSeries} series`, unit: `${scaleAmount(t.expired)} contracts that expired between the snapshots` },
    { label: "changed", value: `${inc} up, ${dec} down`, unit: `series in both; ${model.oi.unchangedSeries} unchanged` },
  ];
}

/**
 * The expiries with the largest open-interest change (|change|, then expiry), shown by expiry.
 *
 * @param limit - most rows (default all)
 * @example
 * diffExpiryTable(model, 12).columns[0].header; // "expiry"
 */
export function diffExpiryTable(model: DiffModel, limit = Infinity): ReportTable {
  const all = model.oi.byExpiry;
  const rows = [...all].sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.expiryMs - b.expiryMs).slice(0, limit).sort((a, b) => a.expiryMs - b.expiryMs);
  return {
    id: "diff-expiries", title: "Open-interest change by expiry",
    columns: [
      { header: "expiry" }, { header: "calls", align: "right" }, { header: "puts", align: "right" }, { header: "net", align: "right" },
      { header: "new", align: "right" }, { header: "closed", align: "right" }, { header: "expired", align: "right", optional: true },
    ],
    rows: rows.map((r) => [r.expiry, signedAmount(r.callChange), signedAmount(r.putChange), signedAmount(r.change), scaleAmount(r.opened), scaleAmount(r.closed), scaleAmount(r.expired)]),
    note: `Contracts. new / closed / expired = open interest of series opened, closed before expiry, expired.` +
      (rows.length < all.length ? ` The ${rows.length} largest |net| changes of ${all.length} expiries; every one in --json.` : ""),
  };
}

/**
 * The strikes with the largest open-interest change within ±10% of the newer spot.
 *
 * @param limit - most rows (default all)
 * @example
 * diffStrikeTable(model, 15).rows.length; // ≤ 15
 */
export function diffStrikeTable(model: DiffModel, limit = Infinity): ReportTable {
  const spot = model.newer.spot;
  const inWindow = model.oi.byStrike.filter((r) => Math.abs(distancePct(r.strike, spot)) <= 10);
  const rows = [...inWindow].sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.strike - b.strike).slice(0, limit).sort((a, b) => a.strike - b.strike);
  return {
    id: "diff-strikes", title: "Open-interest change by strike, near spot",
    columns: [
      { header: "strike", align: "right" }, { header: "calls", align: "right" }, { header: "puts", align: "right" }, { header: "net", align: "right" },
      { header: "new", align: "right" }, { header: "closed", align: "right" }, { header: "expired", align: "right", optional: true },
    ],
    rows: rows.map((r) => [priceCell(r.strike), signedAmount(r.callChange), signedAmount(r.putChange), signedAmount(r.change), scaleAmount(r.opened), scaleAmount(r.closed), scaleAmount(r.expired)]),
    note: `Contracts, every expiry of a strike together, strikes within ±10% of the newer spot ${priceCell(spot)}.` +
      (rows.length < inWindow.length ? ` The ${rows.length} largest |net| changes of ${inWindow.length} strikes; every one in --json.` : ""),
  };
}

/**
 * Both dealer gamma profiles on one chart, each spot and nearest zero gamma marked.
 *
 * @example
 * diffProfilesChart(model).svg.match(/class="series"/g)?.length; // 2
 */
export function diffProfilesChart(model: DiffModel): ReportChart {
  const u = model.underlying;
  const o = model.older.asOf.slice(0, 10);
  const n = model.newer.asOf.slice(0, 10);
  const points: ChartPoint[] = [];
  for (const [z, color, when] of [[model.levels.zeroGamma.older, DIFF_COLORS.older, o], [model.levels.zeroGamma.newer, DIFF_COLORS.newer, n]] as const) {
    for (const x of z) points.push({ x, y: 0, color, title: `${when}: zero gamma ${priceCell(x)}` });
  }
  const title = `${u} dealer gamma profile, ${o} and ${n} (USD of dealer delta per 1% move)`;
  return {
    id: "diff-profiles", title,
    svg: lineChartSvg({
      id: "chart-diff-profiles", title, width: 960, height: 400,
      description: `Dealer dollar gamma across ${u} prices in the older and the newer snapshot on one grid, with each snapshot's spot and zero-gamma crossings.`,
      x: model.price,
      series: [
        { name: `newer ${n}`, y: model.gamma.newer, color: DIFF_COLORS.newer, width: 2.5 },
        { name: `older ${o}`, y: model.gamma.older, color: DIFF_COLORS.older, width: 2, dash: "6 4" },
      ],
      markers: [
        { x: model.older.spot, label: `spot ${o} ${priceCell(model.older.spot)}`, color: DIFF_COLORS.older, dash: "4 3" },
        { x: model.newer.spot, label: `spot ${n} ${priceCell(model.newer.spot)}`, color: CHART_COLORS.spot, width: 2 },
      ],
      points, xFormat: priceCell, xTitle: `${u} price (USD)`, yTitle: "USD per 1% move",
    }),
  };
}

/**
 * Open-interest change by strike near the newer spot: calls (left half) and puts (right half) as bars.
 *
 * @example
 * diffOiChart(model).svg.includes('class="bar"'); // true
 */
export function diffOiChart(model: DiffModel): ReportChart {
  const u = model.underlying;
  const spot = model.newer.spot;
  const rows = model.oi.byStrike.filter((r) => Math.abs(distancePct(r.strike, spot)) <= 10);
  const bars: ChartBar[] = rows.flatMap((r) => [
    { x: r.strike, y: r.callChange, color: STRIKE_COLORS.call, slot: "left" as const, title: `${priceCell(r.strike)} calls ${signedAmount(r.callChange)} contracts` },
    { x: r.strike, y: r.putChange, color: STRIKE_COLORS.put, slot: "right" as const, title: `${priceCell(r.strike)} puts ${signedAmount(r.putChange)} contracts` },
  ]);
  const x = rows.length >= 2 ? rows.map((r) => r.strike) : [spot * 0.9, spot * 1.1];
  const title = `${u} open-interest change by strike, ${model.older.asOf.slice(0, 10)} to ${model.newer.asOf.slice(0, 10)} (contracts)`;
  return {
    id: "diff-oi", title,
    svg: lineChartSvg({
      id: "chart-diff-oi", title, width: 960, height: 360,
      description: `Change in call and put open interest at each ${u} strike within ±10% of the newer spot, every expiry together.`,
      x, series: [], bars, fillFirst: false,
      markers: [{ x: spot, label: `spot ${priceCell(spot)}`, color: CHART_COLORS.spot, width: 2 }],
      bandLegend: [{ color: STRIKE_COLORS.call, text: "calls", opacity: 1 }, { color: STRIKE_COLORS.put, text: "puts", opacity: 1 }],
      xFormat: priceCell, xTitle: `${u} strike (USD)`, yTitle: "contracts",
    }),
  };
}

function header(model: DiffModel): { title: string; facts: string } {
  const side = (s: DiffModel["older"]) => `${s.file} (${s.format}; ${s.used} contracts; spot ${priceCell(s.spot)})`;
  return {
    title: `${model.underlying} snapshot diff: ${model.older.asOf} → ${model.newer.asOf} (${Number(model.days.toFixed(1))} days)`,
    facts: `older ${side(model.older)} · newer ${side(model.newer)} · dealer sign ${model.conventions.dealer} · ${model.conventions.volModel} · ` +
      `grid ${priceCell(model.price[0]!)}–${priceCell(model.price[model.price.length - 1]!)} (${model.price.length} prices, ${model.spacing})`,
  };
}

/**
 * The terminal output within `width` columns.
 *
 * @example
 * renderDiffTerminal(model, { width: 100 }).split("\n")[0]; // "SPX snapshot diff: 2022-02-05T20:09:00-05:00 → …"
 */
export function renderDiffTerminal(model: DiffModel, opts: { width?: number; color?: boolean } = {}): string {
  const p = painter(opts.color === true);
  const width = opts.width ?? 100;
  const h = header(model);
  const out: string[] = [];
  out.push(wrap(h.title, width).map((l) => p.bold(l)).join("\n"));
  out.push(wrap(h.facts, width).map((l) => p.gray(l)).join("\n"));
  for (const w of model.warnings) out.push(wrap(`warning: ${w}`, width, "  ").map((l) => p.yellow(l)).join("\n"));
  const sec = (t: string) => `\n${p.bold(p.cyan(t))}`;
  out.push(sec("Levels, older → newer"));
  out.push(terminalTable(diffLevelsTable(model), p, width).trimEnd());
  out.push(sec("Open interest"));
  const items = diffOiItems(model);
  const lw = Math.max(...items.map((i) => i.label.length));
  const vw = Math.max(...items.map((i) => i.value.length));
  for (const i of items) {
    const lines = wrap(i.unit ?? "", Math.max(20, width - lw - vw - 6));
    out.push(`  ${i.label.padEnd(lw)}  ${i.value.padStart(vw)}  ${p.gray(lines[0] ?? "")}`.trimEnd());
    for (const l of lines.slice(1)) out.push(" ".repeat(lw + vw + 6) + p.gray(l));
  }
  out.push(sec("Open-interest change by expiry (largest)"));
  out.push(terminalTable(diffExpiryTable(model, 12), p, width).trimEnd());
  out.push(sec("Open-interest change by strike near spot (largest)"));
  out.push(terminalTable(diffStrikeTable(model, 15), p, width).trimEnd());
  out.push(sec(`Dealer gamma profiles (USD of dealer delta per 1% move, by ${model.underlying} price)`));
  out.push(asciiChart(model.price, model.gamma.newer, {
    width: chartWidth(width), height: 12, color: opts.color === true, spot: model.newer.spot,
    overlay: { y: model.gamma.older, legend: `older ${model.older.asOf.slice(0, 10)}` },
    markers: model.levels.zeroGamma.newer.map((z) => ({ symbol: "Z", at: z, style: "yellow" as const, legend: "zero gamma (newer)" })),
    yUnit: `USD per 1% move; line: newer ${model.newer.asOf.slice(0, 10)}`,
  }).join("\n"));
  return out.join("\n") + "\n";
}

/**
 * A self-contained HTML page: levels, open interest, both profiles, the change by strike, tables.
 *
 * @example
 * renderDiffHtml(model, "gexray 0.1.0").includes('id="figure-diff-profiles"'); // true
 */
export function renderDiffHtml(model: DiffModel, generator: string): string {
  const h = header(model);
  const items = `<dl class="facts">${diffOiItems(model).map((i) => `<dt>${esc(i.label)}</dt><dd>${esc(i.value)} <span class="unit">${esc(i.unit ?? "")}</span></dd>`).join("")}</dl>`;
  const body = [
    warningsHtml(model.warnings),
    section("Levels", "levels", tableHtml(diffLevelsTable(model))),
    section("Dealer gamma profiles", "profiles", figure(diffProfilesChart(model), "Both snapshots' dealer dollar gamma on one grid; dots: zero crossings.")),
    section("Open interest", "open-interest", items + figure(diffOiChart(model), "Change in open interest by strike (calls green, puts red), every expiry together.")),
    section("By expiry", "by-expiry", tableHtml(diffExpiryTable(model))),
    section("By strike near spot", "by-strike", tableHtml(diffStrikeTable(model))),
  ].join("\n");
  return htmlPage(h.title, generator, body, h.facts);
}

/**
 * Markdown with the two charts as SVG files beside it.
 *
 * @example
 * renderDiffMarkdown(model, "diff").files.map((f) => f.name); // ["diff-diff-profiles.svg", "diff-diff-oi.svg"]
 */
export function renderDiffMarkdown(model: DiffModel, baseName: string): { markdown: string; files: Array<{ name: string; content: string }> } {
  const h = header(model);
  const charts = [diffProfilesChart(model), diffOiChart(model)];
  const files = charts.map((c) => ({ name: `${baseName}-${c.id}.svg`, content: c.svg + "\n" }));
  const img = (i: number) => `![${charts[i]!.title}](${encodeURI(files[i]!.name)})\n`;
  const items = diffOiItems(model).map((i) => `- **${i.label}**: ${i.value} — ${i.unit ?? ""}`).join("\n");
  const md = [
    `# ${h.title}\n`, `${h.facts}\n`, ...model.warnings.map((w) => `> warning: ${w}\n`),
    `## Levels\n\n${tableMarkdown(diffLevelsTable(model))}`, `## Dealer gamma profiles\n\n${img(0)}`,
    `## Open interest\n\n${items}\n\n${img(1)}`, `## By expiry\n\n${tableMarkdown(diffExpiryTable(model))}`,
    `## By strike near spot\n\n${tableMarkdown(diffStrikeTable(model))}`,
  ].join("\n");
  return { markdown: md, files };
}

/**
 * The JSON document: the model with a unit object.
 *
 * @example
 * JSON.parse(renderDiffJson(model)).oi.totals.newSeries; // a count
 */
export function renderDiffJson(model: DiffModel): string {
  return JSON.stringify({
    unit: {
      price: EXPOSURE_UNITS.price, gamma: EXPOSURE_UNITS.gamma, openInterest: EXPOSURE_UNITS.openInterest,
      "levels.rows[].older|newer|change": "USD per unit for spot, zero gamma, walls; gammaAtSpot USD per 1% move, vannaAtSpot per +1 vol point, charmAtSpot per calendar day",
      "levels.rows[].changePct": "percent: (newer / older − 1) × 100",
      days: "calendar days between the snapshots",
    },
    ...model,
  }) + "\n";
}
