/**
 * The outputs of `gexray gamma-map`: terminal (a header and the per-day table), JSON, CSV, and HTML
 * or Markdown with the heatmap, all from one {@link GammaMap}.
 *
 * @module
 */
import { formatInstant } from "../data/time.js";
import type { GammaMap } from "../exposure/gammaMap.js";
import { EXPOSURE_UNITS } from "../exposure/units.js";
import { painter } from "./ansi.js";
import { toCsv } from "./csv.js";
import { gammaHeatmapSvg } from "./heatmap.js";
import { figure, htmlPage, section, tableHtml } from "./html.js";
import { tableMarkdown } from "./markdown.js";
import { priceCell } from "./sections.js";
import { terminalTable } from "./terminal.js";
import { gammaMapTable } from "./viewSections.js";
import { mapView } from "./views.js";
import { wrap } from "./wrap.js";

/** Where the map came from, for headers. */
export interface GammaMapSource {
  /** the chain file as shown */
  file: string;
  /** "gexray <version>" */
  generator?: string;
}

function titleOf(map: GammaMap): string {
  return `${map.underlying} dealer gamma map: the next ${map.columns.length - 1} days`;
}

/** The dealer side as profile and levels name it: the sign, or the --dealer-expr expression. */
function dealerOf(map: GammaMap): string {
  return map.dealerExpression !== undefined ? `dealer position ${map.dealerExpression} (signed contracts; --dealer-expr)` : `dealer sign ${map.dealer}`;
}

function subtitleOf(map: GammaMap, src: GammaMapSource): string {
  const g = map.grid;
  return `snapshot ${formatInstant(map.snapshot)} · spot ${priceCell(map.spot)} USD held · ${src.file} · ${dealerOf(map)} · ` +
    `sticky strike · grid ${priceCell(g[0]!)}–${priceCell(g[g.length - 1]!)} (${g.length} prices, ${map.logGrid ? "log" : "linear"})`;
}

/**
 * The terminal output: title, source line, per-day table (zero gamma nearest spot and dealer gamma
 * at spot per day), within `width` columns.
 *
 * @example
 * renderGammaMapTerminal(map, { file: "spx.csv" }, { width: 100, color: false }).split("\n")[0];
 * // "SPX dealer gamma map: the next 14 days"
 */
export function renderGammaMapTerminal(map: GammaMap, src: GammaMapSource, opts: { width?: number; color?: boolean } = {}): string {
  const p = painter(opts.color === true);
  const width = opts.width ?? 100;
  const view = mapView(map);
  const out = [p.bold(titleOf(map)), ...wrap(subtitleOf(map, src), width).map((l) => p.gray(l)), ""];
  return out.join("\n") + "\n" + terminalTable(gammaMapTable(view.columns, map.spot, map.underlying), p, width) +
    p.gray(wrap("The heatmap (price × day) is in --out map.html or map.md; --json and --csv carry every cell.", width).join("\n")) + "\n";
}

/**
 * The JSON document: `{ underlying, snapshot, spot, unit, grid, days: [{ day, at, gamma, zeroGamma,
 * nearestZeroGamma, atSpotGamma, used, expiredSince }] }`.
 *
 * @example
 * gammaMapJson(map).days[0].day; // 0
 */
export function gammaMapJson(map: GammaMap): Record<string, unknown> {
  const v = mapView(map);
  return {
    underlying: map.underlying, snapshot: formatInstant(map.snapshot), spot: map.spot, dealer: map.dealer,
    ...(map.dealerExpression !== undefined ? { dealerExpression: map.dealerExpression } : {}), volModel: "sticky-strike",
    unit: {
      grid: EXPOSURE_UNITS.price, gamma: EXPOSURE_UNITS.gamma, atSpotGamma: EXPOSURE_UNITS.gamma, zeroGamma: EXPOSURE_UNITS.price,
      day: "calendar days after the snapshot (each contract's time to expiry that much shorter; expiries passed dropped; spot and IVs held)",
    },
    grid: v.price,
    days: v.columns,
  };
}

/**
 * CSV in long form: one row per day and grid price, full precision.
 *
 * @example
 * renderGammaMapCsv(map).split("\n")[0]; // "day,at,price_usd,gamma_usd_per_1pct"
 */
export function renderGammaMapCsv(map: GammaMap): string {
  const rows: Array<Array<string | number>> = [];
  for (const c of map.columns) for (let k = 0; k < map.grid.length; k++) rows.push([c.day, c.at, map.grid[k]!, c.gamma[k]!]);
  return toCsv(["day", "at", "price_usd", "gamma_usd_per_1pct"], rows);
}

function chart(map: GammaMap) {
  const v = mapView(map);
  const title = `${map.underlying} dealer gamma over the next ${v.days} days by price (spot and vols held), USD per 1% move`;
  return { id: "map", title, svg: gammaHeatmapSvg({ id: "chart-map", title, underlying: map.underlying, spot: map.spot, price: v.price, columns: v.columns, priceFormat: priceCell }) };
}

/**
 * A self-contained HTML page: the heatmap and the per-day table.
 *
 * @example
 * renderGammaMapHtml(map, { file: "spx.csv", generator: "gexray 0.1.0" }).includes('class="cell"'); // true
 */
export function renderGammaMapHtml(map: GammaMap, src: GammaMapSource): string {
  const v = mapView(map);
  const body = section("Gamma map: price × time", "gamma-map", figure(chart(map),
    "Each column re-evaluates every contract with its time to expiry shortened by that many days, expiries that passed dropped; spot and IVs held (sticky strike). " +
      "Red: dealers short gamma; blue: long; dashed: spot; yellow: the zero-gamma level nearest spot; ▲ expiries rolled off.") +
    tableHtml(gammaMapTable(v.columns, map.spot, map.underlying)));
  return htmlPage(titleOf(map), src.generator ?? "gexray", body, subtitleOf(map, src));
}

/**
 * Markdown with the heatmap as an SVG file beside it.
 *
 * @param baseName - file stem of the chart (`<stem>-map.svg`)
 * @example
 * renderGammaMapMarkdown(map, { file: "spx.csv" }, "map").files[0].name; // "map-map.svg"
 */
export function renderGammaMapMarkdown(map: GammaMap, src: GammaMapSource, baseName: string): { markdown: string; files: Array<{ name: string; content: string }> } {
  const v = mapView(map);
  const c = chart(map);
  const name = `${baseName}-map.svg`;
  const md = `# ${titleOf(map)}\n\n${subtitleOf(map, src)}\n\n![${c.title}](${encodeURI(name)})\n\n${tableMarkdown(gammaMapTable(v.columns, map.spot, map.underlying))}`;
  return { markdown: md, files: [{ name, content: c.svg + "\n" }] };
}
