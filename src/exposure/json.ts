/**
 * The JSON document of `gexray profile --json` (issue 4's contract), as plain data.
 *
 * @module
 */
import { formatInstant } from "../data/time.js";
import type { DealerHedges } from "./hedge.js";
import type { Profile } from "./profile.js";
import { EXPOSURE_UNITS } from "./units.js";

/** The `--json` document. */
export interface ProfileJson {
  asOf: string;
  snapshot: string;
  spot: number;
  underlying: string;
  unit: Record<string, string>;
  model: { dealer: string; dealerExpression?: string; volModel: string; rate: number; dividend: number; grid: "linear" | "log" };
  /** the convention that produced the figures, and what it decided (flip, where the at-spot gamma came from) */
  convention: Profile["convention"];
  /** the vol surface a sticky-moneyness profile read (null for sticky strike) */
  surface: Profile["surface"];
  counts: Profile["counts"];
  grid: number[];
  gamma: number[];
  vanna: number[];
  charm: number[];
  delta?: number[];
  atSpot: Profile["atSpot"];
  levels: Profile["levels"];
  shortGammaZones: Array<[number, number]>;
  byExpiry: Array<{ expiry: string; contracts: number; openInterest: number; gamma: number; vanna: number; charm: number; delta: number }>;
  hedge: DealerHedges;
}

/**
 * Shape a profile and its hedges as the `--json` document: `{ asOf, spot, underlying, unit,
 * grid, gamma, vanna, charm, atSpot, levels, shortGammaZones, byExpiry, hedge: { perPct, up1pct,
 * down1pct, volUp1pt, nextDay } }` plus the snapshot time, the model used, the convention, the vol
 * surface used and the contract counts. `hedge.perPct` is the first-order estimate (−Γ·ΔS,
 * labelled so in `unit`); the others are exact.
 *
 * @param p - the profile
 * @param hedge - the dealer hedges (dealerHedges)
 * @example
 * const doc = profileJson(p, dealerHedges(p, reg)); // SPX 2024-01-07
 * doc.asOf;                        // "2024-01-07T10:52:00-05:00"
 * doc.hedge.perPct.underlying;     // 4406044.355333208 (first-order: dealers buy 4.4 mn SPX units per +1%)
 * doc.hedge.up1pct.underlying;     // 1610653.6785480878 (exact, after +1%)
 * doc.hedge.down1pct.usd;          // -32427243011.7… (exact, after −1%, USD at 0.99 × spot)
 */
export function profileJson(p: Profile, hedge: DealerHedges): ProfileJson {
  const doc: ProfileJson = {
    asOf: formatInstant(p.asOf),
    snapshot: formatInstant(p.snapshot),
    spot: p.spot,
    underlying: p.underlying,
    unit: {
      grid: EXPOSURE_UNITS.price,
      gamma: EXPOSURE_UNITS.gamma,
      vanna: EXPOSURE_UNITS.vanna,
      charm: p.convention.charmUnit === "per business day" ? EXPOSURE_UNITS.charm.replace("per calendar day", "per business day").replace("/365", `/${p.convention.yearDays}`) : EXPOSURE_UNITS.charm,
      delta: EXPOSURE_UNITS.delta,
      deltaUnderlying: EXPOSURE_UNITS.deltaUnderlying,
      levels: EXPOSURE_UNITS.price,
      openInterest: EXPOSURE_UNITS.openInterest,
      "hedge.perPct.underlying": EXPOSURE_UNITS.hedgeUnderlying,
      "hedge.perPct.usd": EXPOSURE_UNITS.hedgeUsd,
      "hedge.perPct.contracts": EXPOSURE_UNITS.hedgeContracts,
      "hedge.up1pct|down1pct|volUp1pt|nextDay.underlying": EXPOSURE_UNITS.flowUnderlying,
      "hedge.up1pct|down1pct|volUp1pt|nextDay.usd": EXPOSURE_UNITS.flowUsd,
      "hedge.up1pct|down1pct|volUp1pt|nextDay.contracts": EXPOSURE_UNITS.flowContracts,
    },
    model: { ...p.model, grid: p.logGrid ? "log" : "linear" },
    convention: p.convention,
    surface: p.surface,
    counts: p.counts,
    grid: Array.from(p.grid),
    gamma: Array.from(p.gamma),
    vanna: Array.from(p.vanna),
    charm: Array.from(p.charm),
    atSpot: p.atSpot,
    levels: p.levels,
    shortGammaZones: p.shortGammaZones,
    byExpiry: p.byExpiry.map(({ expiry, contracts, openInterest, gamma, vanna, charm, delta }) => ({ expiry, contracts, openInterest, gamma, vanna, charm, delta })),
    hedge,
  };
  if (p.delta) doc.delta = Array.from(p.delta);
  return doc;
}
