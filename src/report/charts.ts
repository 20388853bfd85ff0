/**
 * The report's three charts from a {@link ReportModel}: the dealer gamma profile (zero line, spot,
 * walls, every zero crossing with the nearest flagged, short-gamma zones shaded, barrier clusters
 * as bands and the issuers' gamma when notes are given), and the vanna and charm profiles.
 *
 * @module
 */
import { formatPrice, scaleAmount } from "./format.js";
import type { ReportModel } from "./model.js";
import { priceCell } from "./sections.js";
import { lineChartSvg, type ChartBand, type ChartMarker, type ChartPoint, type ChartSeries } from "./svgChart.js";

/**
 * Colors used by every chart and the HTML legend (the browser test finds the dealer line by its color).
 *
 * @example
 * CHART_COLORS.dealer; // "#1f5fbf"
 */
export const CHART_COLORS = {
  dealer: "#1f5fbf",
  notes: "#8a3ffc",
  combined: "#e07b00",
  spot: "#111111",
  callWall: "#1e8a3e",
  putWall: "#c62828",
  zero: "#e07b00",
  shortGamma: "#f28b82",
  cluster: "#8a3ffc",
  breached: "#9e9e9e",
} as const;

/** A chart ready to embed. */
export interface ReportChart {
  /** "gamma", "vanna", "charm", "flows", "flows-cumulative", "strikes", "overlay", "map" … (also the file suffix in Markdown) */
  id: string;
  title: string;
  /** standalone SVG text */
  svg: string;
}

/** Price text for axis ticks and labels (as the tables': {@link priceCell}). */
function priceText(x: number): string {
  return priceCell(x);
}

/** "$530 mn", "$1.38 bn": three significant digits, for band labels. */
function shortUsd(x: number): string {
  const a = Math.abs(x);
  const [f, w] = a >= 1e9 ? [1e9, "bn"] : a >= 1e6 ? [1e6, "mn"] : a >= 1e3 ? [1e3, "k"] : [1, ""];
  return `$${Number((x / f).toPrecision(3))}${w ? " " + w : ""}`;
}

/**
 * Spot (and with `withWalls` the walls and the nearest zero gamma) as chart markers.
 *
 * @example
 * levelMarkers(model, false)[0]!.label; // "spot 73,013"
 */
export function levelMarkers(model: ReportModel, withWalls: boolean): ChartMarker[] {
  const out: ChartMarker[] = [{ x: model.meta.spot, label: `spot ${priceText(model.meta.spot)}`, color: CHART_COLORS.spot, width: 2 }];
  const L = model.levels;
  if (withWalls) {
    if (L.callWall !== null) out.push({ x: L.callWall, label: `call wall ${priceText(L.callWall)}`, color: CHART_COLORS.callWall, dash: "6 4" });
    if (L.putWall !== null) out.push({ x: L.putWall, label: `put wall ${priceText(L.putWall)}`, color: CHART_COLORS.putWall, dash: "6 4" });
    if (L.flip !== null) out.push({ x: L.flip, label: `zero gamma ${priceText(L.flip)}`, color: CHART_COLORS.zero, dash: "2 3" });
  }
  return out;
}

/**
 * The notes' barrier clusters as chart bands on the chain's grid (breached ones grey).
 *
 * @example
 * clusterBands(model).map((b) => b.label); // ["$530 mn", …]
 */
export function clusterBands(model: ReportModel): ChartBand[] {
  const bands: ChartBand[] = [];
  for (const c of model.clusters?.rows ?? []) {
    if (c.loOnGrid === null || c.hiOnGrid === null) continue;
    const u = model.notes?.underlying ?? "";
    const range = c.lo === c.hi ? formatPrice(c.lo) : `${formatPrice(c.lo)}–${formatPrice(c.hi)}`;
    bands.push({
      lo: c.loOnGrid, hi: c.hiOnGrid,
      color: c.breached ? CHART_COLORS.breached : CHART_COLORS.cluster,
      opacity: c.breached ? 0.22 : 0.2,
      edge: c.breached ? CHART_COLORS.breached : CHART_COLORS.cluster,
      label: shortUsd(c.notional),
      title: `${c.breached ? "breached" : "live"} barrier cluster ${u} ${range} (${priceText(c.loOnGrid)}–${priceText(c.hiOnGrid)} ${model.meta.underlying}): ` +
        `${c.count} note(s), $${scaleAmount(c.notional)} notional, unwind ${scaleAmount(c.unwindUsd)} USD`,
    });
  }
  return bands;
}

/**
 * The gamma profile chart.
 *
 * @example
 * gammaChart(model).svg.startsWith("<svg"); // true
 */
export function gammaChart(model: ReportModel): ReportChart {
  const u = model.meta.underlying;
  const series: ChartSeries[] = [{ name: "dealer gamma", y: model.profile.gamma, color: CHART_COLORS.dealer, width: 2.5 }];
  const o = model.notesOverlay;
  if (o) {
    series.push({ name: "note issuers' gamma", y: o.gamma, color: CHART_COLORS.notes, dash: "6 4", width: 1.75 });
    series.push({ name: "dealers + issuers", y: o.combinedGamma, color: CHART_COLORS.combined, width: 1.5 });
  }
  const bands: ChartBand[] = model.shortGammaZones.map(([lo, hi]) => ({
    lo, hi, color: CHART_COLORS.shortGamma, opacity: 0.18,
    title: `dealers short gamma from ${priceText(lo)} to ${priceText(hi)}`,
  }));
  const clusters = clusterBands(model);
  const points: ChartPoint[] = model.levels.zeroGamma.map((z) => ({
    x: z, y: 0, color: z === model.levels.flip ? CHART_COLORS.zero : "#ffffff", r: z === model.levels.flip ? 5 : 4,
    title: `zero gamma ${priceText(z)}${z === model.levels.flip ? ` (${model.levels.flipRule})` : ""}`,
  }));
  const bandLegend: Array<{ color: string; text: string; opacity: number }> = [{ color: CHART_COLORS.shortGamma, text: "dealers short gamma", opacity: 0.3 }];
  if (clusters.some((b) => b.color === CHART_COLORS.cluster)) bandLegend.push({ color: CHART_COLORS.cluster, text: "note barrier cluster", opacity: 0.3 });
  if (clusters.some((b) => b.color === CHART_COLORS.breached)) bandLegend.push({ color: CHART_COLORS.breached, text: "breached cluster", opacity: 0.3 });
  const title = `${u} dealer gamma profile: USD of dealer delta change per 1% move, by ${u} price`;
  return {
    id: "gamma",
    title,
    svg: lineChartSvg({
      id: "chart-gamma", title, width: 960, height: 430,
      description: `Dealer dollar gamma across ${u} prices with spot, walls, zero-gamma crossings, short-gamma zones${clusters.length ? " and note barrier clusters" : ""}.`,
      x: model.profile.price, series, bands: [...bands, ...clusters], markers: levelMarkers(model, true), points,
      xFormat: priceText, xTitle: `${u} price (USD)`, yTitle: "USD per 1% move", bandLegend,
    }),
  };
}

/**
 * The vanna profile chart.
 *
 * @example
 * vannaChart(model).id; // "vanna"
 */
export function vannaChart(model: ReportModel): ReportChart {
  const u = model.meta.underlying;
  const series: ChartSeries[] = [{ name: "dealer vanna", y: model.profile.vanna, color: CHART_COLORS.dealer }];
  if (model.notesOverlay) series.push({ name: "note issuers' vanna", y: model.notesOverlay.vanna, color: CHART_COLORS.notes, dash: "6 4", width: 1.75 });
  const title = `${u} dealer vanna profile: USD of dealer delta change per +1 vol point, by ${u} price`;
  return {
    id: "vanna", title,
    svg: lineChartSvg({
      id: "chart-vanna", title, width: 640, height: 320, x: model.profile.price, series, markers: levelMarkers(model, false),
      xFormat: priceText, xTitle: `${u} price (USD)`, yTitle: "USD per vol point",
    }),
  };
}

/**
 * The charm profile chart.
 *
 * @example
 * charmChart(model).id; // "charm"
 */
export function charmChart(model: ReportModel): ReportChart {
  const u = model.meta.underlying;
  const series: ChartSeries[] = [{ name: "dealer charm", y: model.profile.charm, color: CHART_COLORS.dealer }];
  if (model.notesOverlay) series.push({ name: "note issuers' charm", y: model.notesOverlay.charm, color: CHART_COLORS.notes, dash: "6 4", width: 1.75 });
  const title = `${u} dealer charm profile: USD of dealer delta change ${model.meta.conventions.charmUnit}, by ${u} price`;
  return {
    id: "charm", title,
    svg: lineChartSvg({
      id: "chart-charm", title, width: 640, height: 320, x: model.profile.price, series, markers: levelMarkers(model, false),
      xFormat: priceText, xTitle: `${u} price (USD)`, yTitle: "USD per day",
    }),
  };
}

/**
 * The three charts in report order.
 *
 * @example
 * reportCharts(model).map((c) => c.id); // ["gamma", "vanna", "charm"]
 */
export function reportCharts(model: ReportModel): ReportChart[] {
  return [gammaChart(model), vannaChart(model), charmChart(model)];
}
