/**
 * Key levels of a dealer gamma profile: every zero crossing (the "gamma flip"), the short-gamma
 * zones between them, and the call wall, put wall and absolute-gamma strike at spot.
 *
 * Real chains often cross zero more than once; every crossing is reported, ascending, and the one
 * nearest spot is flagged (reporting only the first is a known flaw of existing tools).
 *
 * @module
 */
import type { StrikeRow } from "./strikes.js";

/**
 * Every sign change of `values` along `prices`, located by linear interpolation between the two
 * grid points that bracket it, ascending. A run of exact zeros between a positive and a negative
 * point counts once, at the run's middle; zeros that the profile only touches (same sign on both
 * sides) and zeros at the grid's ends are not crossings. NaN breaks a run (no crossing across it).
 *
 * @param prices - ascending grid prices
 * @param values - profile values at those prices
 * @returns crossing prices, ascending (empty when the profile keeps one sign)
 * @example
 * zeroCrossings(Float64Array.of(90, 100, 110, 120), Float64Array.of(-2, 2, 2, -1));
 * // [95, 116.66666666666667]
 */
export function zeroCrossings(prices: ArrayLike<number>, values: ArrayLike<number>): number[] {
  const out: number[] = [];
  const m = Math.min(prices.length, values.length);
  let lastSign = 0; // sign of the last non-zero value
  let lastK = -1; // its index
  for (let k = 0; k < m; k++) {
    const v = values[k]!;
    if (v !== v) {
      lastSign = 0;
      lastK = -1;
      continue;
    }
    if (v === 0) continue;
    const sign = v > 0 ? 1 : -1;
    if (lastSign !== 0 && sign !== lastSign) {
      if (lastK === k - 1) {
        const a = values[lastK]!;
        const p0 = prices[lastK]!;
        const p1 = prices[k]!;
        out.push(p0 + ((p1 - p0) * a) / (a - v));
      } else {
        // exact zeros in between: the middle of the zero run
        out.push(0.5 * (prices[lastK + 1]! + prices[k - 1]!));
      }
    }
    lastSign = sign;
    lastK = k;
  }
  return out;
}

/**
 * The price intervals where `values` is negative (dealers short gamma): each [lo, hi] runs between
 * interpolated crossings, or to the grid's end when the profile is still negative there (so an end
 * equal to the grid's first or last price means "at least this far").
 *
 * @param prices - ascending grid prices
 * @param values - profile values
 * @returns intervals, ascending
 * @example
 * negativeZones(Float64Array.of(90, 100, 110, 120), Float64Array.of(-2, 2, 2, -1));
 * // [[90, 95], [116.66666666666667, 120]]
 */
export function negativeZones(prices: ArrayLike<number>, values: ArrayLike<number>): Array<[number, number]> {
  const m = Math.min(prices.length, values.length);
  const zones: Array<[number, number]> = [];
  const edge = (k: number, k1: number): number => {
    // boundary between point k and k1 (one negative, the other ≥ 0)
    const a = values[k]!;
    const b = values[k1]!;
    if (a === 0) return prices[k]!;
    if (b === 0) return prices[k1]!;
    const p0 = prices[k]!;
    const p1 = prices[k1]!;
    return p0 + ((p1 - p0) * a) / (a - b);
  };
  let start = -1;
  for (let k = 0; k < m; k++) {
    const neg = values[k]! < 0;
    if (neg && start < 0) start = k;
    if (start >= 0 && (!neg || k === m - 1)) {
      const end = neg ? k : k - 1;
      const lo = start === 0 || !(values[start - 1]! >= 0) ? prices[start]! : edge(start - 1, start);
      const hi = end === m - 1 || !(values[end + 1]! >= 0) ? prices[end]! : edge(end, end + 1);
      zones.push([lo, hi]);
      start = -1;
    }
  }
  return zones;
}

/** The levels a trader watches. */
export interface KeyLevels {
  /** every zero crossing of the dealer gamma profile, ascending, currency per unit */
  zeroGamma: number[];
  /** the crossing nearest spot, or null when the profile keeps one sign on the grid */
  nearestZeroGamma: number | null;
  /** strike with the largest positive call dealer dollar gamma at spot (null when none is positive) */
  callWall: number | null;
  /** strike with the most negative put dealer dollar gamma at spot (null when none is negative) */
  putWall: number | null;
  /** strike with the largest |call| + |put| dealer dollar gamma at spot (null when the book is empty) */
  absGammaStrike: number | null;
}

/**
 * Zero-gamma crossings from the profile and walls from the per-strike sums at spot. Ties between
 * strikes go to the lowest strike.
 *
 * @param input - grid prices, dealer gamma profile, spot, per-strike rows at spot
 * @example
 * keyLevels({ prices: p.grid, gamma: p.gamma, spot: p.spot, strikes: p.strikes }); // SPX 2024-01-07, default grid
 * // { zeroGamma: [4734.4401794423475], nearestZeroGamma: 4734.4401794423475, callWall: 4800, putWall: 4700,
 * //   absGammaStrike: 4700 }
 */
export function keyLevels(input: { prices: ArrayLike<number>; gamma: ArrayLike<number>; spot: number; strikes: readonly StrikeRow[] }): KeyLevels {
  const zeroGamma = zeroCrossings(input.prices, input.gamma);
  let nearest: number | null = null;
  for (const z of zeroGamma) {
    if (nearest === null || Math.abs(z - input.spot) < Math.abs(nearest - input.spot)) nearest = z;
  }
  let callWall: number | null = null;
  let putWall: number | null = null;
  let absStrike: number | null = null;
  let bestCall = 0;
  let bestPut = 0;
  let bestAbs = 0;
  for (const r of input.strikes) {
    if (r.callGamma > bestCall) {
      bestCall = r.callGamma;
      callWall = r.strike;
    }
    if (r.putGamma < bestPut) {
      bestPut = r.putGamma;
      putWall = r.strike;
    }
    const a = Math.abs(r.callGamma) + Math.abs(r.putGamma);
    if (a > bestAbs) {
      bestAbs = a;
      absStrike = r.strike;
    }
  }
  return { zeroGamma, nearestZeroGamma: nearest, callWall, putWall, absGammaStrike: absStrike };
}
