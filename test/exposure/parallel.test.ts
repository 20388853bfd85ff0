/**
 * Worker threads: the compiled kernel (dist/, built by `npm test`'s pretest or `npx tsc -p .`) split
 * over two threads gives the one-thread profile up to the order of the final additions.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildBook } from "../../src/exposure/book.js";
import { dealerWeights } from "../../src/exposure/dealer.js";
import { priceGrid } from "../../src/exposure/grid.js";
import { selectContracts } from "../../src/exposure/select.js";
import { EPS, maxDiff, randomChain } from "./helpers.js";

const DIST = new URL("../../dist/exposure/parallel.js", import.meta.url);

describe("worker threads", () => {
  it("the compiled kernel and its worker exist (npm test builds dist/ first)", () => {
    expect(existsSync(fileURLToPath(DIST)), "dist/exposure/parallel.js").toBe(true);
    expect(existsSync(fileURLToPath(new URL("kernelWorker.js", DIST))), "dist/exposure/kernelWorker.js").toBe(true);
  });

  it("two threads give the one-thread profile (interleaved groups, summed accumulators)", async () => {
    const { runKernel, workersAvailable } = (await import(DIST.href)) as typeof import("../../src/exposure/parallel.js");
    expect(workersAvailable()).toBe(true);
    const c = randomChain(31, 3000, { forwards: true, rate: 0.02 });
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    const grid = priceGrid({ spot: 100, steps: 400 });
    const one = await runKernel(book, grid, 100, { threads: 1, wantDelta: true });
    const two = await runKernel(book, grid, 100, { threads: 2, wantDelta: true });
    expect(two.threads).toBe(2);
    expect(two.points).toBe(one.points);
    for (const key of ["gamma", "vanna", "charm", "delta"] as const) {
      const { err, scale } = maxDiff(two.arrays[key]!, one.arrays[key]!);
      // the same terms added in another order: a few ε of the sum of magnitudes per point, bounded by
      // book.length·ε·max (recursive summation)
      expect(err, key).toBeLessThanOrEqual(book.length * EPS * scale);
    }
  });
});
