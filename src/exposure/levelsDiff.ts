/**
 * How the key levels and the at-spot exposures moved between two profiles of one underlying:
 * spot, the zero-gamma level nearest spot and every crossing, the walls, the absolute-gamma
 * strike, the short-gamma zones and dollar gamma, vanna and charm at spot. Compare profiles
 * computed on one grid (the crossings are read off the grid).
 *
 * @module
 */
import type { Profile } from "./profile.js";

/** One level or figure in both profiles. */
export interface LevelChange {
  /** "spot", "nearestZeroGamma", "callWall", "putWall", "absGammaStrike", "gammaAtSpot", "vannaAtSpot", "charmAtSpot" */
  id: string;
  /** older value (USD per unit for prices; USD per 1% / vol point / day for the exposures); null when absent */
  older: number | null;
  newer: number | null;
  /** newer − older; null when either is absent */
  change: number | null;
  /** (newer / older − 1) × 100; null when either is absent or older is 0 */
  changePct: number | null;
}

/** Levels of two profiles side by side. */
export interface LevelsDiff {
  rows: LevelChange[];
  /** every zero crossing of each profile, ascending */
  zeroGamma: { older: number[]; newer: number[] };
  /** the short-gamma zones of each profile */
  shortGammaZones: { older: Array<[number, number]>; newer: Array<[number, number]> };
}

function change(id: string, older: number | null, newer: number | null): LevelChange {
  const both = older !== null && newer !== null;
  return {
    id, older, newer,
    change: both ? newer - older + 0 : null,
    changePct: both && older !== 0 ? (newer / older - 1) * 100 : null,
  };
}

/**
 * Compare the levels of two profiles.
 *
 * @param older - the earlier snapshot's profile
 * @param newer - the later snapshot's profile (on the same grid)
 * @example
 * diffLevels(p2022, p2024).rows.find((r) => r.id === "callWall"); // SPX 2022-02-05 and 2024-01-07 on one grid
 * // { id: "callWall", older: 4700, newer: 4800, change: 100, changePct: 2.127659574468077 }
 */
export function diffLevels(older: Profile, newer: Profile): LevelsDiff {
  const a = older.levels;
  const b = newer.levels;
  return {
    rows: [
      change("spot", older.spot, newer.spot),
      change("nearestZeroGamma", a.nearestZeroGamma, b.nearestZeroGamma),
      change("callWall", a.callWall, b.callWall),
      change("putWall", a.putWall, b.putWall),
      change("absGammaStrike", a.absGammaStrike, b.absGammaStrike),
      change("gammaAtSpot", older.atSpot.gamma, newer.atSpot.gamma),
      change("vannaAtSpot", older.atSpot.vanna, newer.atSpot.vanna),
      change("charmAtSpot", older.atSpot.charm, newer.atSpot.charm),
    ],
    zeroGamma: { older: [...a.zeroGamma], newer: [...b.zeroGamma] },
    shortGammaZones: {
      older: older.shortGammaZones.map(([x, y]) => [x, y] as [number, number]),
      newer: newer.shortGammaZones.map(([x, y]) => [x, y] as [number, number]),
    },
  };
}
