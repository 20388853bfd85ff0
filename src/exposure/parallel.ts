/**
 * Run the profile kernel on the calling thread, or split across worker threads for large books.
 *
 * Threads interleave groups (thread t takes groups t, t + n, t + 2n, …), which balances the work
 * when a book is ordered by expiry (short expiries have short windows). The packed parameters sit
 * on a SharedArrayBuffer, so workers read them without a copy; each thread returns its own
 * accumulator (7 doubles per grid point) and the main thread adds them. The calling thread
 * computes its share synchronously while the workers run, and reports progress for its share.
 *
 * Workers need the compiled worker script (dist/exposure/kernelWorker.js); when it is absent (the
 * library running from TypeScript sources, as under vitest) the kernel runs on the calling thread.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Book } from "./book.js";
import type { PriceGrid } from "./grid.js";
import { accLength, finishProfile, kernelGrid, kernelParams, kernelRange, type KernelGrid, type ProfileArrays } from "./kernel.js";

/** Below this many group-points a worker's start-up (~20–40 ms) costs more than it saves. */
export const PARALLEL_MIN_WORK = 4e7;

/** Groups per progress report on the calling thread. */
const CHUNK_POINTS = 4e6;

/** Options of {@link runKernel}. */
export interface RunKernelOptions {
  /** threads to use (1 = calling thread only); default all cores when the work is large */
  threads?: number;
  /** also compute the dealer delta profile */
  wantDelta?: boolean;
  /** called with the fraction done (0…1) as the calling thread's share advances */
  onProgress?: (fraction: number) => void;
}

/** What {@link runKernel} returns. */
export interface KernelRun {
  arrays: ProfileArrays;
  /** (group, point) pairs evaluated inside windows, summed over threads */
  points: number;
  /** threads used */
  threads: number;
}

/** Message a worker receives. */
export interface WorkerJob {
  params: Float64Array;
  groups: number;
  thread: number;
  threads: number;
  grid: KernelGrid;
  wantDelta: boolean;
}

/** Message a worker sends back. */
export interface WorkerResult {
  acc: Float64Array;
  points: number;
}

const WORKER_URL = new URL("./kernelWorker.js", import.meta.url);

/** Whether worker threads can be used (the compiled worker script exists). */
export function workersAvailable(): boolean {
  return WORKER_URL.protocol === "file:" && existsSync(fileURLToPath(WORKER_URL));
}

/**
 * Compute the dealer profile of a book on a grid (sticky strike), on one or more threads.
 *
 * @param book - merged contracts
 * @param grid - price grid
 * @param spot - reference spot for the log distances (the chain's spot)
 * @param opts - threads, delta, progress
 * @returns the profile arrays, the points evaluated and the threads used
 * @throws Error when a worker thread fails (an internal error, not bad input)
 * @example
 * const run = await runKernel(book, priceGrid({ spot: 100 }), 100);
 * run.arrays.gamma.length; // 501
 */
export async function runKernel(book: Book, grid: PriceGrid, spot: number, opts: RunKernelOptions = {}): Promise<KernelRun> {
  const kg = kernelGrid(grid, spot);
  const n = book.length;
  const work = n * kg.m;
  let threads = opts.threads ?? (work >= PARALLEL_MIN_WORK ? availableParallelism() : 1);
  threads = Math.max(1, Math.min(threads, n || 1));
  if (threads > 1 && !workersAvailable()) threads = 1;
  const wantDelta = opts.wantDelta === true;
  const params = kernelParams(book, spot, threads > 1);
  let pending: Array<Promise<WorkerResult>> = [];
  if (threads > 1) {
    const { Worker } = await import("node:worker_threads");
    pending = Array.from({ length: threads - 1 }, (_, t) => {
      const job: WorkerJob = { params, groups: n, thread: t + 1, threads, grid: kg, wantDelta };
      const worker = new Worker(WORKER_URL, { workerData: job });
      return new Promise<WorkerResult>((resolve, reject) => {
        worker.once("message", (msg: WorkerResult) => resolve(msg));
        worker.once("error", reject);
        worker.once("exit", (code) => {
          if (code !== 0) reject(new Error(`kernel worker exited with code ${code}`));
        });
      });
    });
  }
  const acc = new Float64Array(accLength(kg.m));
  // the calling thread's share, in chunks so that progress can be reported
  const chunk = Math.max(threads, Math.floor(CHUNK_POINTS / Math.max(1, kg.m)) * threads);
  let points = 0;
  for (let g = 0; g < n; g += chunk) {
    points += kernelRange(params, g, Math.min(n, g + chunk), threads, kg, acc, wantDelta);
    opts.onProgress?.(Math.min(1, (g + chunk) / n));
  }
  for (const r of await Promise.all(pending)) {
    points += r.points;
    for (let k = 0; k < acc.length; k++) acc[k] += r.acc[k]!;
  }
  return { arrays: finishProfile(grid.prices, acc, wantDelta), points, threads };
}

/**
 * The same on the calling thread only, synchronously.
 *
 * @example
 * runKernelSync(spxBook, priceGrid({ spot: 4697.2402 }), 4697.2402).arrays.gamma[250]; // -20696248668.85148
 */
export function runKernelSync(book: Book, grid: PriceGrid, spot: number, wantDelta = false): KernelRun {
  const kg = kernelGrid(grid, spot);
  const acc = new Float64Array(accLength(kg.m));
  const points = kernelRange(kernelParams(book, spot), 0, book.length, 1, kg, acc, wantDelta);
  return { arrays: finishProfile(grid.prices, acc, wantDelta), points, threads: 1 };
}
