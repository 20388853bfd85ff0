/**
 * Price grids: the hypothetical spot prices a dealer profile is evaluated at.
 *
 * A grid is linear (equal price steps) or logarithmic (equal ratios). Both include both ends
 * exactly; a linear grid over a range symmetric about spot with an even number of steps puts spot
 * itself on the grid. The log grid is what the fast kernel's multiplicative recurrence is exact on
 * (see kernel.ts); the linear grid is the default people read.
 *
 * @module
 */

/** How to lay out a grid: a range around spot (fractions) or explicit prices, a step count, a spacing. */
export interface GridSpec {
  /** spot price, currency per unit of underlying (> 0); the default range is relative to it */
  spot: number;
  /** range as fractions of spot, e.g. [0.8, 1.2]; default [0.8, 1.2] unless `from`/`to` are given */
  range?: readonly [number, number];
  /** lowest price (currency per unit); with `to`, overrides `range` */
  from?: number;
  /** highest price (currency per unit) */
  to?: number;
  /** number of intervals; the grid has steps + 1 points; default 500 */
  steps?: number;
  /** equal ratios instead of equal steps; default false */
  log?: boolean;
}

/** An ascending grid of prices. */
export interface PriceGrid {
  /** ascending prices, currency per unit of underlying */
  prices: Float64Array;
  /** true when the prices are equally spaced in log price */
  log: boolean;
  /** the spot the grid was laid out around */
  spot: number;
}

/** Most grid points accepted (a profile is an array per greek per point). */
export const MAX_GRID_POINTS = 1_000_001;

/**
 * Lay out a price grid.
 *
 * @param spec - spot, range or from/to, steps, spacing
 * @returns `steps + 1` ascending prices from the low end to the high end, both exact
 * @throws RangeError naming the field when spot, a bound or the step count is not a finite
 *   positive number, when low ≥ high, or when only one of from/to is given
 * @example
 * priceGrid({ spot: 100, from: 90, to: 110, steps: 4 }).prices;
 * // Float64Array [90, 95, 100, 105, 110]
 * priceGrid({ spot: 100, range: [0.9, 1.1], steps: 4 }).prices;
 * // Float64Array [90, 95, 100, 105.00000000000001, 110.00000000000001] (1.1 × 100 in binary)
 * priceGrid({ spot: 100, from: 50, to: 200, steps: 2, log: true }).prices;
 * // Float64Array [50, 100, 200]
 */
export function priceGrid(spec: GridSpec): PriceGrid {
  const spot = spec.spot;
  if (!(spot > 0) || !Number.isFinite(spot)) throw new RangeError(`spot must be a finite number > 0 (got ${spot})`);
  const steps = spec.steps ?? 500;
  if (!Number.isInteger(steps) || steps < 1 || steps + 1 > MAX_GRID_POINTS) {
    throw new RangeError(`steps must be an integer from 1 to ${MAX_GRID_POINTS - 1} (got ${steps})`);
  }
  let lo: number;
  let hi: number;
  if (spec.from !== undefined || spec.to !== undefined) {
    if (spec.from === undefined || spec.to === undefined) throw new RangeError("from and to must be given together");
    lo = spec.from;
    hi = spec.to;
    if (!(lo > 0) || !Number.isFinite(lo)) throw new RangeError(`from must be a finite price > 0 (got ${lo})`);
    if (!(hi > 0) || !Number.isFinite(hi)) throw new RangeError(`to must be a finite price > 0 (got ${hi})`);
  } else {
    const [a, b] = spec.range ?? [0.8, 1.2];
    if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`range lower bound must be a finite fraction > 0 (got ${a})`);
    if (!(b > 0) || !Number.isFinite(b)) throw new RangeError(`range upper bound must be a finite fraction > 0 (got ${b})`);
    lo = a * spot;
    hi = b * spot;
  }
  if (!(lo < hi)) throw new RangeError(`the grid's low end must be below its high end (got ${lo} to ${hi})`);
  const n = steps + 1;
  const prices = new Float64Array(n);
  const log = spec.log === true;
  if (log) {
    const ratio = hi / lo;
    for (let k = 0; k < n; k++) prices[k] = lo * Math.pow(ratio, k / steps);
  } else {
    const h = (hi - lo) / steps;
    for (let k = 0; k < n; k++) prices[k] = lo + k * h;
  }
  prices[0] = lo;
  prices[n - 1] = hi;
  // rounding must never reorder points (it cannot for these formulas, but a kernel relies on it)
  for (let k = 1; k < n; k++) {
    if (!(prices[k]! > prices[k - 1]!)) throw new RangeError(`steps ${steps} is too fine for the range ${lo} to ${hi}`);
  }
  return { prices, log, spot };
}

/**
 * Wrap caller-supplied prices as a grid (copied, checked ascending and positive).
 *
 * @param prices - ascending prices, currency per unit (> 0)
 * @param spot - the spot the grid belongs to
 * @throws RangeError when a price is not finite and positive or the prices do not strictly ascend
 * @example
 * gridFromPrices([90, 100, 110], 100).prices.length; // 3
 */
export function gridFromPrices(prices: ArrayLike<number>, spot: number): PriceGrid {
  if (!(spot > 0) || !Number.isFinite(spot)) throw new RangeError(`spot must be a finite number > 0 (got ${spot})`);
  if (prices.length < 1) throw new RangeError("a grid needs at least one price");
  const p = Float64Array.from(prices);
  for (let k = 0; k < p.length; k++) {
    const v = p[k]!;
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`grid price ${k} must be a finite number > 0 (got ${v})`);
    if (k > 0 && !(v > p[k - 1]!)) throw new RangeError(`grid prices must strictly ascend (price ${k} is ${v} after ${p[k - 1]})`);
  }
  return { prices: p, log: false, spot };
}
