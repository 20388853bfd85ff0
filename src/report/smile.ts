/**
 * The report's volatility-surface section: per expiry how its smile was built (SVI or the monotone
 * fallback, and why), how well it fits its quotes, its butterfly check, the calendar crossings
 * between expiries, and the data of the smile charts (quotes and fit) for the expiries with the
 * most open interest. Plain data for the model; the SVG charts and tables are rendered from it.
 *
 * @module
 */
import { formatInstant } from "../data/time.js";
import { sliceVol } from "../vol/slice.js";
import type { VolSurface } from "../vol/surface.js";
import type { SviParams } from "../vol/svi.js";
import { formatPrice } from "./format.js";
import { priceCell, type ReportTable } from "./sections.js";
import { lineChartSvg, type ChartPoint } from "./svgChart.js";

/** Expiries charted (the ones with the most open interest, in time order). */
export const SMILE_CHARTS = 6;

/** One slice of the surface section. */
export interface ReportSmileSlice {
  /** ISO 8601 expiry instant */
  expiry: string;
  /** calendar days from the snapshot */
  days: number;
  /** the forward the moneyness is measured against, USD per unit */
  forward: number;
  method: "svi" | "monotone";
  /** why the slice fell back to the monotone interpolation; null for SVI */
  fallbackReason: string | null;
  /** raw SVI parameters (total variance), null for a fallback */
  svi: SviParams | null;
  quotes: number;
  outliers: number;
  /** out-of-the-money quotes beyond the fitted range, not fitted */
  beyondRange: number;
  /** weighted RMS vol error against the quotes, decimal */
  rmse: number;
  /** largest |fit − quote| vol error, decimal */
  maxError: number;
  /** butterfly check on the quoted range: ok, or the smallest g and the strikes where g < 0 */
  butterfly: { ok: boolean; minG: number; fromStrike: number | null; toStrike: number | null };
}

/** One smile chart's data: the quotes drawn and the fit on a strike grid, vols in percent. */
export interface ReportSmileChart {
  expiry: string;
  days: number;
  method: "svi" | "monotone";
  /** quotes drawn: strike (USD) and implied vol (percent) */
  quoteStrike: number[];
  quoteVol: number[];
  /** out-of-the-money quotes beyond the fitted range (six at-the-money standard deviations), not drawn */
  beyondRange: number;
  /** the fitted smile: strike grid (USD) and vol (percent) */
  fitStrike: number[];
  fitVol: number[];
}

/** The volatility-surface section of a report. */
export interface ReportSurface {
  /** "vega" or "openInterest" */
  weighting: string;
  slices: ReportSmileSlice[];
  /** consecutive expiries whose total variance crosses where both are quoted */
  calendar: Array<{ earlier: string; later: string; shortfall: number; fromStrike: number; toStrike: number }>;
  charts: ReportSmileChart[];
}

/**
 * The surface section from a fitted surface: every slice, the calendar crossings, and the smile
 * charts of the {@link SMILE_CHARTS} expiries with the most open interest (among those with at
 * least two quotes).
 *
 * @param surface - fitVolSurface's result
 * @param zone - the chain's zone, for printing expiries
 * @param openInterest - open interest per expiry instant (ms), contracts, to choose the charts
 * @example
 * const s = reportSurface(fitVolSurface(chain), chain.asOf.zone, new Map(profile.byExpiry.map((e) => [e.expiryMs, e.openInterest])));
 * s.charts.length; // 6 (SPX 2024-01-07)
 */
export function reportSurface(surface: VolSurface, zone: string, openInterest: ReadonlyMap<number, number>): ReportSurface {
  const iso = (ms: number) => formatInstant({ epochMs: ms, zone });
  const slices: ReportSmileSlice[] = surface.slices.map((s) => ({
    expiry: iso(s.expiryMs), days: s.time * 365, forward: s.forward, method: s.method, fallbackReason: s.fallbackReason,
    svi: s.svi === null ? null : { ...s.svi }, quotes: s.quotes.k.length, outliers: s.outliers, beyondRange: s.beyondRange,
    rmse: s.rmse, maxError: s.maxError,
    butterfly: {
      ok: s.butterfly.ok, minG: s.butterfly.minG,
      fromStrike: s.butterfly.negativeFrom === null ? null : s.forward * Math.exp(s.butterfly.negativeFrom),
      toStrike: s.butterfly.negativeTo === null ? null : s.forward * Math.exp(s.butterfly.negativeTo),
    },
  }));
  const byMs = new Map(surface.slices.map((s) => [s.expiryMs, s]));
  const calendar = surface.calendar.map((c) => {
    const f = byMs.get(c.laterMs)!.forward;
    return { earlier: iso(c.earlierMs), later: iso(c.laterMs), shortfall: c.shortfall, fromStrike: f * Math.exp(c.from), toStrike: f * Math.exp(c.to) };
  });
  const chosen = surface.slices
    .filter((s) => s.quotes.k.length >= 2)
    .sort((a, b) => (openInterest.get(b.expiryMs) ?? 0) - (openInterest.get(a.expiryMs) ?? 0) || a.time - b.time)
    .slice(0, SMILE_CHARTS)
    .sort((a, b) => a.time - b.time);
  const charts = chosen.map((s): ReportSmileChart => {
    const q = s.quotes;
    const lo = q.k[0]!, hi = q.k[q.k.length - 1]!;
    const fitK = Array.from({ length: 121 }, (_, i) => lo + ((hi - lo) * i) / 120);
    // the ends exactly on the outermost quotes (F·e^k can round below the strike: its dot would fall off the chart)
    const fitStrike = fitK.map((k) => s.forward * Math.exp(k));
    fitStrike[0] = q.strike[0]!;
    fitStrike[120] = q.strike[q.strike.length - 1]!;
    return {
      expiry: iso(s.expiryMs), days: s.time * 365, method: s.method,
      quoteStrike: [...q.strike], quoteVol: q.iv.map((v) => v * 100), beyondRange: s.beyondRange,
      fitStrike, fitVol: fitK.map((k) => sliceVol(s, k) * 100),
    };
  });
  return { weighting: surface.weighting, slices, calendar, charts };
}

/**
 * One smile chart as standalone SVG: the quotes as dots, the fitted smile as a line, spot marked.
 *
 * @param c - the chart's data
 * @param spot - spot, USD per unit (marked when inside the strike range)
 * @param i - the chart's index (unique SVG ids in a page)
 * @example
 * smileChartSvg(model.surface.charts[0], model.meta.spot, 0).startsWith("<svg"); // true
 */
export function smileChartSvg(c: ReportSmileChart, spot: number, i: number): string {
  const title = `Smile ${c.expiry.slice(0, 10)} (${c.days.toFixed(1)} days): implied vol by strike, quotes and ${c.method === "svi" ? "SVI fit" : "monotone fallback"}`;
  const points: ChartPoint[] = c.quoteStrike.map((K, j) => ({
    x: K, y: c.quoteVol[j]!, color: "#c62828", r: 1.8, stroke: "none", title: `strike ${formatPrice(K)}: quote ${c.quoteVol[j]!.toFixed(2)}%`,
  }));
  return lineChartSvg({
    id: `chart-smile-${i}`, title, width: 480, height: 280, x: c.fitStrike,
    series: [{ name: c.method === "svi" ? "SVI fit" : "monotone fallback", y: c.fitVol, color: "#1f5fbf", width: 2 }],
    points, fillFirst: false, bandLegend: [{ color: "#c62828", text: "quotes", opacity: 1 }],
    markers: [{ x: spot, label: "spot", color: "#111111", width: 1 }],
    xFormat: (x) => formatPrice(x), xTicks: 5, xTitle: "strike (USD)", yTitle: "implied vol (%)",
    description: `${c.quoteStrike.length} quotes (red dots) and the fitted smile (blue line) of the ${c.expiry} expiry.`,
  });
}

/**
 * The surface's slices as a table: expiry, days, method, quotes, outliers, RMSE and worst error in
 * vol points, butterfly check, and why a slice fell back.
 *
 * @example
 * surfaceTable(model.surface).columns.map((c) => c.header);
 * // ["expiry", "days", "smile", "quotes", "outliers", "beyond", "RMSE", "max err", "butterfly", "note"]
 */
export function surfaceTable(s: ReportSurface): ReportTable {
  return {
    id: "surface", title: `Volatility surface: ${s.slices.length} expiries`,
    columns: [
      { header: "expiry" }, { header: "days", align: "right" }, { header: "smile" }, { header: "quotes", align: "right" },
      { header: "outliers", align: "right", optional: true }, { header: "beyond", align: "right", optional: true },
      { header: "RMSE", align: "right" }, { header: "max err", align: "right", optional: true },
      { header: "butterfly" }, { header: "note" },
    ],
    rows: s.slices.map((x) => [
      x.expiry, x.days.toFixed(1), x.method, String(x.quotes), String(x.outliers), String(x.beyondRange), (x.rmse * 100).toFixed(2), (x.maxError * 100).toFixed(2),
      x.butterfly.ok ? "ok" : `g < 0 at ${priceCell(x.butterfly.fromStrike)}–${priceCell(x.butterfly.toStrike)}`,
      x.fallbackReason ?? "",
    ]),
    rowClass: s.slices.map((x) => (x.method !== "svi" ? "strong" : "")),
    note: "Quotes: out-of-the-money quotes fitted; outliers: junk quotes dropped; beyond: quotes further than six at-the-money standard deviations " +
      `of log-moneyness, not fitted. RMSE: ${s.weighting === "vega" ? "vega" : "open-interest"}-weighted root-mean-square error of the smile against its quotes, vol points; max err the largest, vol points. ` +
      "Butterfly: where Gatheral–Jacquier's g(k) is negative on the quoted strikes (a negative density). " +
      (s.calendar.length === 0
        ? "Calendar: total variance never falls with maturity where two consecutive expiries are both quoted."
        : `Calendar: ${s.calendar.length} consecutive pair(s) where total variance falls with maturity on a strike range both quote, e.g. ` +
          s.calendar.slice(0, 3).map((c) => `${c.earlier.slice(0, 10)} → ${c.later.slice(0, 10)} at ${priceCell(c.fromStrike)}–${priceCell(c.toStrike)}`).join("; ") + "."),
  };
}

/**
 * Two or three lines summarising the surface (for the terminal).
 *
 * @example
 * surfaceSummary(model.surface); // SPX 2024-01-07
 * // ["58 expiries: 58 SVI, weighted RMSE median 0.10, worst 0.30 vol points (2025-12-19); 0 monotone fallbacks",
 * //  "arbitrage: butterfly (g < 0 on quoted strikes) in 2 expiries; calendar (total variance falling with maturity where both are quoted) in 22 consecutive pairs"]
 */
export function surfaceSummary(s: ReportSurface): string[] {
  const svi = s.slices.filter((x) => x.method === "svi");
  const r = svi.map((x) => x.rmse).sort((a, b) => a - b);
  const worst = svi.reduce<ReportSmileSlice | null>((w, x) => (w === null || x.rmse > w.rmse ? x : w), null);
  const falls = s.slices.filter((x) => x.method !== "svi");
  const lines = [
    `${s.slices.length} expiries: ${svi.length} SVI` +
      (r.length > 0 ? `, weighted RMSE median ${(r[r.length >> 1]! * 100).toFixed(2)}, worst ${(worst!.rmse * 100).toFixed(2)} vol points (${worst!.expiry.slice(0, 10)})` : "") +
      `; ${falls.length} monotone fallback${falls.length === 1 ? "" : "s"}` +
      (falls.length > 0 ? ` (${falls.slice(0, 2).map((x) => `${x.expiry.slice(0, 10)}: ${x.fallbackReason}`).join("; ")}${falls.length > 2 ? "; …" : ""})` : ""),
    `arbitrage: butterfly (g < 0 on quoted strikes) in ${s.slices.filter((x) => !x.butterfly.ok).length} expiries; calendar (total variance falling with ` +
      `maturity where both are quoted) in ${s.calendar.length} consecutive pairs`,
  ];
  return lines;
}
