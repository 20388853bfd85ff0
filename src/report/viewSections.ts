/**
 * The views' content as renderer-neutral items and tables (as sections.ts does for the rest of the
 * report): the at-spot split by option type, the expiry overlay's levels, the gamma map per day;
 * and the heatmap chart of the model.
 *
 * @module
 */
import type { ReportChart } from "./charts.js";
import { distancePct, formatPct, scaleAmount, usdPer } from "./format.js";
import { dayLabel, gammaHeatmapSvg } from "./heatmap.js";
import type { ReportModel } from "./model.js";
import { priceCell, type ReportItem, type ReportTable } from "./sections.js";
import { ruleText, type ReportMapColumn } from "./views.js";

/**
 * Call and put dealer gamma at spot, the gamma tilt and the put/call open-interest ratio.
 *
 * @example
 * splitItems(model)[2]; // { label: "gamma tilt", value: "0.456", unit: "call / (call + put) absolute gamma; 0.5 = balanced" }
 */
export function splitItems(model: ReportModel): ReportItem[] {
  const s = model.views.split;
  return [
    { label: "call dollar gamma", value: scaleAmount(s.callGamma), unit: "USD of dealer delta per 1% move, calls only" },
    { label: "put dollar gamma", value: scaleAmount(s.putGamma), unit: "USD of dealer delta per 1% move, puts only" },
    { label: "gamma tilt", value: s.tilt === null ? "n/a" : s.tilt.toFixed(3), unit: "call / (call + put) absolute gamma; 0.5 = balanced" },
    {
      label: "put/call OI ratio", value: s.putCallOiRatio === null ? "n/a" : s.putCallOiRatio.toFixed(3),
      unit: `put / call open interest (${scaleAmount(s.putOpenInterest)} / ${scaleAmount(s.callOpenInterest)} contracts)`,
    },
  ];
}

/**
 * The expiry overlay's levels: per line, what it leaves out, its zero gamma nearest spot and its
 * dollar gamma at spot; null when the model has no overlay.
 *
 * @example
 * overlayTable(model)?.rows[1][0]; // "without the next expiry, 2024-01-08"
 */
export function overlayTable(model: ReportModel): ReportTable | null {
  const o = model.views.overlay;
  if (!o) return null;
  const spot = model.meta.spot;
  return {
    id: "overlay", title: "Profile by expiry set",
    columns: [
      { header: "expiries" }, { header: "contracts", align: "right", optional: true }, { header: "zero gamma", align: "right" },
      { header: "from spot", align: "right" }, { header: "crossings", align: "right", optional: true }, { header: "gamma at spot", align: "right" },
    ],
    rows: o.lines.map((l) => [
      l.label, String(l.used), priceCell(l.nearestZeroGamma), l.nearestZeroGamma === null ? "" : formatPct(distancePct(l.nearestZeroGamma, spot)),
      String(l.zeroGamma.length), scaleAmount(l.atSpotGamma),
    ]),
    rowClass: o.lines.map((l) => (l.id === "all" ? "strong" : "")),
    note: `Zero gamma = the crossing nearest spot of each line's profile (${usdPer(model.meta.underlying)}); gamma at spot USD of dealer delta per 1% move. ` +
      `Monthly = the ${ruleText(o.monthlyRule)} of the month; every contract expiring that day is left out.`,
  };
}

/**
 * The gamma map per day: contracts alive, expiries rolled off, zero gamma nearest spot and dollar
 * gamma at spot.
 *
 * @param columns - the map's day columns
 * @param spot - spot (held fixed)
 * @param underlying - for the note
 * @example
 * gammaMapTable(model.views.gammaMap!.columns, model.meta.spot, "SPX").rows[0][0]; // "0"
 */
export function gammaMapTable(columns: readonly ReportMapColumn[], spot: number, underlying: string): ReportTable {
  return {
    id: "gamma-map", title: "Gamma map by day (spot and vols held)",
    columns: [
      { header: "day", align: "right" }, { header: "date" }, { header: "alive", align: "right", optional: true },
      { header: "rolled off", align: "right" }, { header: "zero gamma", align: "right" }, { header: "from spot", align: "right" },
      { header: "crossings", align: "right", optional: true }, { header: "gamma at spot", align: "right" },
    ],
    rows: columns.map((c) => [
      String(c.day), dayLabel(c.at), String(c.used), String(c.expiredSince.length), priceCell(c.nearestZeroGamma),
      c.nearestZeroGamma === null ? "" : formatPct(distancePct(c.nearestZeroGamma, spot)), String(c.zeroGamma.length), scaleAmount(c.atSpotGamma),
    ]),
    note: `Day k = the snapshot's instant + k calendar days: each contract's time to expiry k days shorter, expiries passed dropped (rolled off = ` +
      `expiries since the day before), spot ${priceCell(spot)} and every IV held (sticky strike). Zero gamma = the crossing nearest spot on the ` +
      `map's grid (${usdPer(underlying)}); gamma at spot USD of dealer delta per 1% move.`,
  };
}

/**
 * The model's gamma map as a heatmap chart, or null when the model has none.
 *
 * @example
 * heatmapChart(model)?.id; // "map"
 */
export function heatmapChart(model: ReportModel): ReportChart | null {
  const g = model.views.gammaMap;
  if (!g) return null;
  const u = model.meta.underlying;
  const title = `${u} dealer gamma over the next ${g.days} days by price (spot and vols held), USD per 1% move`;
  return {
    id: "map", title,
    svg: gammaHeatmapSvg({ id: "chart-map", title, underlying: u, spot: model.meta.spot, price: g.price, columns: g.columns, priceFormat: priceCell }),
  };
}
