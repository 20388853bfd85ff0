/**
 * The forced-flow map's charts: forced flow per price bucket stacked by source (what is forced to
 * trade where), and the cumulative flow from spot by source (how much has traded by the time price
 * gets there); spot, the nearest zero gamma, barrier clusters and ADL zones marked.
 *
 * @module
 */
import { FLOW_SOURCES, type FlowSource } from "../flows/map.js";
import { CHART_COLORS, clusterBands, levelMarkers, type ReportChart } from "./charts.js";
import { flowBuckets, FLOW_SOURCE_NAMES } from "./flowSections.js";
import type { ReportModel } from "./model.js";
import { priceCell } from "./sections.js";
import { lineChartSvg, type ChartBand, type ChartMarker, type ChartSeries } from "./svgChart.js";

/**
 * The sources' colors (the browser test finds the bars by them).
 *
 * @example
 * FLOW_COLORS.liquidations; // "#c62828"
 */
export const FLOW_COLORS: Readonly<Record<FlowSource | "total", string>> = {
  dealers: CHART_COLORS.dealer,
  issuers: CHART_COLORS.notes,
  liquidations: "#c62828",
  adl: "#6d4c41",
  total: "#111111",
};

/** Spot, the nearest zero gamma, and the ADL starts as markers. */
function flowMarkers(model: ReportModel): ChartMarker[] {
  const out = levelMarkers(model, false);
  const z = model.levels.nearestZeroGamma;
  if (z !== null) out.push({ x: z, label: `zero gamma ${priceCell(z)}`, color: CHART_COLORS.zero, dash: "2 3" });
  return out;
}

/** ADL zones (from where the fund runs out to the grid's end) as bands. */
function adlBands(model: ReportModel): ChartBand[] {
  const f = model.flows!;
  const g = f.grid;
  const out: ChartBand[] = [];
  if (f.adl?.down.zoneStart != null) out.push({ lo: g[0]!, hi: f.adl.down.zoneStart, color: FLOW_COLORS.adl, opacity: 0.12, label: "ADL zone", title: `ESTIMATED: the insurance fund is exhausted below ${priceCell(f.adl.down.zoneStart)}` });
  if (f.adl?.up.zoneStart != null) out.push({ lo: f.adl.up.zoneStart, hi: g[g.length - 1]!, color: FLOW_COLORS.adl, opacity: 0.12, label: "ADL zone", title: `ESTIMATED: the insurance fund is exhausted above ${priceCell(f.adl.up.zoneStart)}` });
  return out;
}

/**
 * Forced flow per ½% bucket, stacked by source.
 *
 * @example
 * flowBarsChart(model).svg.includes('class="bar"'); // true
 */
export function flowBarsChart(model: ReportModel, width = 0.005): ReportChart {
  const f = model.flows!;
  const u = model.meta.underlying;
  const present = FLOW_SOURCES.filter((k) => f.sources[k] !== null);
  const buckets = flowBuckets(f, width);
  // every bucket from the grid's low end to its high end, empty ones included, on spot-aligned edges
  const S = f.spot;
  const w = width * S;
  const jLo = -Math.ceil((S - f.grid[0]!) / w - 1e-9);
  const jHi = Math.ceil((f.grid[f.grid.length - 1]! - S) / w - 1e-9);
  const edges: number[] = [];
  for (let j = jLo; j <= jHi; j++) edges.push(S + j * w);
  const byFrom = new Map(buckets.map((b) => [Math.round((b.from - S) / w), b]));
  const stacks = present.map((k) => ({
    name: FLOW_SOURCE_NAMES[k], color: FLOW_COLORS[k],
    values: edges.slice(0, -1).map((_, i) => byFrom.get(jLo + i)?.[k] ?? 0),
  }));
  const bands = [...clusterBands(model), ...adlBands(model)];
  const title = `Forced flow by ${u} price: USD forced to trade per ${width * 100}% of price, by source (+ buying, − selling)`;
  return {
    id: "flows", title,
    svg: lineChartSvg({
      id: "chart-flows", title, width: 960, height: 430, x: [edges[0]!, edges[edges.length - 1]!], series: [], stacks, barEdges: edges,
      bands, markers: flowMarkers(model), xFormat: priceCell, xTitle: `${u} price (USD)`, yTitle: "USD forced per bucket", fillFirst: false,
      description: `Forced buying (up) and selling (down) while price moves away from spot through each bucket: ${present.join(", ")}.`,
      bandLegend: bands.length ? [{ color: CHART_COLORS.cluster, text: "note barrier cluster", opacity: 0.3 }, ...(adlBands(model).length ? [{ color: FLOW_COLORS.adl, text: "ADL zone (est.)", opacity: 0.3 }] : [])] : [],
    }),
  };
}

/**
 * The cumulative forced flow from spot, per source and in total.
 *
 * @example
 * flowCumulativeChart(model).id; // "flows-cumulative"
 */
export function flowCumulativeChart(model: ReportModel): ReportChart {
  const f = model.flows!;
  const u = model.meta.underlying;
  const present = FLOW_SOURCES.filter((k) => f.sources[k] !== null);
  const series: ChartSeries[] = [
    { name: "total", y: f.cumulative.total!, color: FLOW_COLORS.total, width: 2.5 },
    ...present.map((k): ChartSeries => ({ name: FLOW_SOURCE_NAMES[k], y: f.cumulative[k]!, color: FLOW_COLORS[k], width: 1.5, ...(k === "dealers" ? {} : { dash: "6 3" }) })),
  ];
  const title = `Cumulative forced flow if ${u} moves from spot to each price (USD; + buying, − selling)`;
  return {
    id: "flows-cumulative", title,
    svg: lineChartSvg({
      id: "chart-flows-cumulative", title, width: 960, height: 360, x: f.grid, series, bands: adlBands(model), markers: flowMarkers(model),
      xFormat: priceCell, xTitle: `${u} price (USD)`, yTitle: "USD forced from spot", fillFirst: false,
    }),
  };
}

/**
 * The flow charts of a model: none without a flow map.
 *
 * @example
 * flowCharts(model).map((c) => c.id); // ["flows", "flows-cumulative"]
 */
export function flowCharts(model: ReportModel): ReportChart[] {
  return model.flows ? [flowBarsChart(model), flowCumulativeChart(model)] : [];
}
