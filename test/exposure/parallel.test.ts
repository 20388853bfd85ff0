/**
 * Worker threads: the compiled kernel (dist/, built by `npm test`'s pretest or `npx tsc -p .`) on
 * 1, 2 or 3 threads gives bit-identical profiles: fixed chunks from a shared counter, each with its
 * own accumulator, summed in chunk order.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildBook } from "../../src/exposure/book.js";
import { dealerWeights } from "../../src/exposure/dealer.js";
import { priceGrid } from "../../src/exposure/grid.js";
import { selectContracts } from "../../src/exposure/select.js";
import { randomChain } from "./helpers.js";

const DIST = new URL("../../dist/exposure/parallel.js", import.meta.url);

describe("worker threads", () => {
  it("the compiled kernel and its worker exist (npm test builds dist/ first)", () => {
    expect(existsSync(fileURLToPath(DIST)), "dist/exposure/parallel.js").toBe(true);
    expect(existsSync(fileURLToPath(new URL("kernelWorker.js", DIST))), "dist/exposure/kernelWorker.js").toBe(true);
  });

  it("1, 2 and 3 threads give the same bits (fixed chunks summed in chunk order), and runKernelSync too", async () => {
    const { runKernel, runKernelSync, workersAvailable } = (await import(DIST.href)) as typeof import("../../src/exposure/parallel.js");
    expect(workersAvailable()).toBe(true);
    const c = randomChain(31, 3000, { forwards: true, rate: 0.02 });
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    for (const log of [false, true]) {
      const grid = priceGrid({ spot: 100, steps: 4000, log });
      const one = await runKernel(book, grid, 100, { threads: 1, wantDelta: true });
      const sync = runKernelSync(book, grid, 100, true);
      for (const threads of [2, 3]) {
        const run = await runKernel(book, grid, 100, { threads, wantDelta: true });
        expect(run.threads).toBe(threads);
        expect(run.points).toBe(one.points);
        for (const key of ["gamma", "vanna", "charm", "delta"] as const) {
          expect(Array.from(run.arrays[key]!), `${key}, ${threads} threads, ${log ? "log" : "linear"} grid`).toEqual(Array.from(one.arrays[key]!));
          expect(Array.from(sync.arrays[key]!), `${key}, sync`).toEqual(Array.from(one.arrays[key]!));
        }
      }
    }
  });

  it("the chunks do not depend on the thread count, and there are several to share", async () => {
    const { kernelJob } = (await import(new URL("chunks.js", DIST).href)) as typeof import("../../src/exposure/chunks.js");
    const { kernelPlan } = (await import(new URL("coarse.js", DIST).href)) as typeof import("../../src/exposure/coarse.js");
    const { kernelGrid, kernelParams } = (await import(new URL("kernel.js", DIST).href)) as typeof import("../../src/exposure/kernel.js");
    const c = randomChain(31, 3000, { forwards: true, rate: 0.02 });
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    const kg = kernelGrid(priceGrid({ spot: 100, steps: 4000 }), 100);
    // the test above is only a test of chunk-order summing if the book has more than one chunk
    const job = kernelJob(kernelParams(book, 100), book.length, kernelPlan(kg, 2), false, false);
    expect(job.chunks).toBeGreaterThan(4);
  });

  it("a worker started ahead of the run (pooled, idle) takes part and gives the same bits", async () => {
    const { runKernel, startKernelWorkers, WARM_MIN_WORK } = (await import(DIST.href)) as typeof import("../../src/exposure/parallel.js");
    const c = randomChain(33, 2000);
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    const grid = priceGrid({ spot: 100, steps: 12000 });
    expect(book.length * 12001).toBeGreaterThanOrEqual(WARM_MIN_WORK);
    const idle = startKernelWorkers(2); // the tests above may have left more in the pool
    expect(idle).toBeGreaterThanOrEqual(1);
    const pooled = await runKernel(book, grid, 100); // above WARM_MIN_WORK: the idle workers are used
    expect(pooled.threads).toBe(idle + 1);
    const one = await runKernel(book, grid, 100, { threads: 1 });
    expect(Array.from(pooled.arrays.gamma)).toEqual(Array.from(one.arrays.gamma));
  });
});
