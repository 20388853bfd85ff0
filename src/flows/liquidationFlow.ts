/**
 * Liquidations on the flow map's grid (ESTIMATED, see ladder.ts): a live long is a forced seller of
 * its coin at its liquidation price if price falls there; a live short a forced buyer if price rises
 * to its own. Valued at the liquidation price.
 *
 * @module
 */
import { pointFlowsOnGrid, type GridFlow } from "./grid.js";
import type { Ladder, LadderCell } from "./ladder.js";

/**
 * The live ladder cells that price reaches moving away from spot: longs at or below spot, shorts at
 * or above it. (A live long above spot or short below it cannot exist in a ladder built up to spot;
 * with another spot they are left out: they would trigger at once.)
 *
 * @example
 * [...reachable(ladder, 90000)].length; // live cells on their side of 90,000
 */
export function* reachable(ladder: Ladder, spot: number): Generator<LadderCell> {
  for (const c of ladder.cells) {
    if (c.cleared !== null || c.coin === 0) continue;
    if (c.side === "long" ? c.liquidation <= spot : c.liquidation >= spot) yield c;
  }
}

/**
 * The ladder's forced flows on a grid: −coin × LP for longs below spot, +coin × LP for shorts above.
 *
 * @param grid - ascending prices, USD per coin, spot among them
 * @param s - spot's index
 * @param ladder - the reconstructed positions
 * @returns per-bin and cumulative USD (+ = forced buying), and the USD beyond the grid's ends
 * @example
 * // vector A (forced-flows.md §4.2) on a 70,000–110,000 grid with spot 90,000
 * liquidationFlowOnGrid(grid, s, lad).cumulative[grid.indexOf(85000)]; // −11,111.11 × (0.03·89,550 + 0.07·88,650 + 0.2·86,850)
 */
export function liquidationFlowOnGrid(grid: ArrayLike<number>, s: number, ladder: Ladder): GridFlow & { beyond: { below: number; above: number } } {
  const spot = grid[s]!;
  const points: Array<{ price: number; usd: number }> = [];
  for (const c of reachable(ladder, spot)) points.push({ price: c.liquidation, usd: (c.side === "long" ? -1 : 1) * c.coin * c.liquidation });
  return pointFlowsOnGrid(grid, s, points);
}
