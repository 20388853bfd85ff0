/**
 * The report model's views beyond the profile (issue 13): the at-spot split by option type (call
 * and put dollar gamma, gamma tilt, put/call open-interest ratio), the strikes the gamma-by-strike
 * chart shows, the expiry overlay (all expiries, without the next, without the next monthly) and
 * the price × time gamma map. Plain JSON-ready data, built from the engines' results by
 * {@link buildViews}; the renderers read only this.
 *
 * @module
 */
import type { ExpiryOverlay } from "../exposure/expiryOverlay.js";
import type { GammaMap } from "../exposure/gammaMap.js";
import { gammaSplit, type GammaSplit } from "../exposure/gammaSplit.js";
import type { Profile } from "../exposure/profile.js";
import type { StrikeRow } from "../exposure/strikes.js";

/** One line of the expiry overlay, as plain data. */
export interface ReportOverlayLine {
  /** "all", "exNext", "exMonthly" */
  id: "all" | "exNext" | "exMonthly";
  /** legend text, e.g. "without the next expiry (2024-01-08)" */
  label: string;
  /** the date left out (YYYY-MM-DD) and its expiry instants, null for "all" or when none */
  removed: { date: string; expiries: string[] } | null;
  /** USD of dealer delta per 1% move at each grid price (the profile's grid) */
  gamma: number[];
  zeroGamma: number[];
  nearestZeroGamma: number | null;
  /** USD per 1% move at spot */
  atSpotGamma: number;
  /** contracts used */
  used: number;
}

/** One day column of the gamma map, as plain data. */
export interface ReportMapColumn {
  day: number;
  /** evaluation instant, ISO 8601 */
  at: string;
  /** USD of dealer delta per 1% move at each map price */
  gamma: number[];
  zeroGamma: number[];
  nearestZeroGamma: number | null;
  /** USD per 1% move at spot */
  atSpotGamma: number;
  used: number;
  /** expiries that passed since the previous column */
  expiredSince: string[];
}

/** The views section of the report model. */
export interface ReportViews {
  /** call and put dealer gamma at spot, tilt, put/call OI ratio */
  split: GammaSplit;
  /**
   * strikes for the gamma-by-strike chart: those within ±10% of spot (the grid's range if narrower),
   * widened to include both walls and the absolute-gamma strike, ascending
   */
  strikeWindow: { lo: number; hi: number; rows: StrikeRow[] };
  /** the expiry overlay on the profile's grid, or null when not computed */
  overlay: { monthlyRule: string; lines: ReportOverlayLine[] } | null;
  /** the price × time gamma map, or null when not computed */
  gammaMap: { days: number; price: number[]; columns: ReportMapColumn[] } | null;
}

/** Relative half-width of the strike chart's window around spot. */
export const STRIKE_WINDOW = 0.1;

/**
 * The strike window: ±10% of spot within the grid, widened to the walls and the absolute-gamma strike.
 *
 * @example
 * strikeWindow(profile).lo; // 4227.5161800000005 (SPX 2024-01-07: 0.9 × spot; both walls inside ±10%; 187 strikes)
 */
export function strikeWindow(p: Profile): ReportViews["strikeWindow"] {
  const g0 = p.grid[0] ?? p.spot;
  const g1 = p.grid[p.grid.length - 1] ?? p.spot;
  let lo = Math.max(g0, p.spot * (1 - STRIKE_WINDOW));
  let hi = Math.min(g1, p.spot * (1 + STRIKE_WINDOW));
  for (const k of [p.levels.callWall, p.levels.putWall, p.levels.absGammaStrike]) {
    if (k === null) continue;
    lo = Math.min(lo, k);
    hi = Math.max(hi, k);
  }
  return { lo, hi, rows: p.strikes.filter((r) => r.strike >= lo && r.strike <= hi).map((r) => ({ ...r })) };
}

/**
 * A monthly rule in words.
 *
 * @example
 * ruleText("third-friday"); // "third Friday"
 */
export function ruleText(rule: string): string {
  return rule === "third-friday" ? "third Friday" : rule === "last-friday" ? "last Friday" : rule;
}

/** Legend text of an overlay line. */
function overlayLabel(id: ReportOverlayLine["id"], removed: ReportOverlayLine["removed"], rule: string): string {
  if (id === "all") return "all expiries";
  const what = id === "exNext" ? "the next expiry" : `the next monthly (${ruleText(rule)})`;
  return removed ? `without ${what}, ${removed.date}` : `without ${what} (none listed)`;
}

/**
 * Build the views from the profile and, when computed, the overlay and the gamma map.
 *
 * @example
 * buildViews(profile, overlay, map).split.tilt; // 0.45592635196001147 (SPX 2024-01-07)
 */
export function buildViews(p: Profile, overlay?: ExpiryOverlay, map?: GammaMap): ReportViews {
  if (overlay && overlay.grid.length !== p.grid.length) {
    throw new RangeError(`the expiry overlay has ${overlay.grid.length} points, the profile's grid ${p.grid.length}: compute it on the profile's grid`);
  }
  return {
    split: gammaSplit(p.strikes),
    strikeWindow: strikeWindow(p),
    overlay: overlay ? {
      monthlyRule: overlay.monthlyRule,
      lines: overlay.lines.map((l) => ({
        id: l.id, label: overlayLabel(l.id, l.removed, overlay.monthlyRule),
        removed: l.removed ? { date: l.removed.date, expiries: [...l.removed.expiries] } : null,
        gamma: Array.from(l.gamma), zeroGamma: [...l.zeroGamma], nearestZeroGamma: l.nearestZeroGamma, atSpotGamma: l.atSpotGamma, used: l.used,
      })),
    } : null,
    gammaMap: map ? mapView(map) : null,
  };
}

/**
 * A gamma map as plain data (typed arrays to arrays).
 *
 * @example
 * mapView(map).columns[0].day; // 0
 */
export function mapView(map: GammaMap): NonNullable<ReportViews["gammaMap"]> {
  return {
    days: map.columns.length - 1,
    price: Array.from(map.grid),
    columns: map.columns.map((c) => ({
      day: c.day, at: c.at, gamma: Array.from(c.gamma), zeroGamma: [...c.zeroGamma], nearestZeroGamma: c.nearestZeroGamma,
      atSpotGamma: c.atSpotGamma, used: c.used, expiredSince: [...c.expiredSince],
    })),
  };
}
