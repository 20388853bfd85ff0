/**
 * The expiry overlay chart: the dealer gamma profile with every expiry, without the next expiry and
 * without the next monthly expiry, on one grid, each line's nearest zero-gamma crossing marked.
 *
 * @module
 */
import { CHART_COLORS, type ReportChart } from "./charts.js";
import type { ReportModel } from "./model.js";
import { priceCell } from "./sections.js";
import { lineChartSvg, type ChartPoint, type ChartSeries } from "./svgChart.js";

/** Line colors of the overlay: all (the dealer blue), without the next expiry, without the next monthly. */
export const OVERLAY_COLORS = { all: CHART_COLORS.dealer, exNext: "#e07b00", exMonthly: "#7b3294" } as const;

/**
 * The overlay chart, or null when the model has no overlay.
 *
 * @example
 * overlayChart(model)?.svg.match(/class="series"/g)?.length; // 3
 */
export function overlayChart(model: ReportModel): ReportChart | null {
  const o = model.views.overlay;
  if (!o) return null;
  const u = model.meta.underlying;
  const series: ChartSeries[] = o.lines.map((l) => ({
    name: l.label, y: l.gamma, color: OVERLAY_COLORS[l.id],
    width: l.id === "all" ? 2.5 : 1.75, ...(l.id === "exMonthly" ? { dash: "7 4" } : l.id === "exNext" ? { dash: "3 3" } : {}),
  }));
  const points: ChartPoint[] = o.lines.flatMap((l) => l.nearestZeroGamma === null ? [] : [{
    x: l.nearestZeroGamma, y: 0, color: OVERLAY_COLORS[l.id], title: `${l.label}: zero gamma ${priceCell(l.nearestZeroGamma)}`,
  }]);
  const title = `${u} dealer gamma by expiry set: all expiries, without the next, without the next monthly (USD per 1% move)`;
  return {
    id: "overlay", title,
    svg: lineChartSvg({
      id: "chart-overlay", title, width: 960, height: 400,
      description: `Dealer dollar gamma across ${u} prices computed with every expiry, without the next expiry and without the next monthly expiry; dots mark each line's zero-gamma crossing nearest spot.`,
      x: model.profile.price, series, fillFirst: false, points,
      markers: [{ x: model.meta.spot, label: `spot ${priceCell(model.meta.spot)}`, color: CHART_COLORS.spot, width: 2 }],
      xFormat: priceCell, xTitle: `${u} price (USD)`, yTitle: "USD per 1% move",
    }),
  };
}
