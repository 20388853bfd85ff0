/**
 * Run the profile kernel on the calling thread and, for large books, on worker threads too.
 *
 * The work is cut into fixed chunks (chunks.ts) taken from a shared `Atomics` counter by whichever
 * thread is free; each chunk has its own accumulator and the accumulators are summed in chunk
 * order, so the profile has the same bits whatever the thread count. The packed parameters,
 * counter and accumulators sit on SharedArrayBuffers: a worker gets them without a copy.
 *
 * Workers live in a pool: {@link startKernelWorkers} starts them ahead of a run (the CLI does so
 * while it parses a large file, so their ~20–40 ms start-up overlaps the parse), a run uses the idle
 * ones and starts what it lacks, and idle workers never keep the process alive (unref). A run in
 * two steps, {@link startKernel} then `finish()`, lets the calling thread do other work (the
 * profile's at-spot passes) while the workers already compute; `finish()` joins them, taking chunks
 * until none is left, with progress reported as chunks finish.
 *
 * Workers need the compiled worker script (dist/exposure/kernelWorker.js, or the CLI bundle's
 * kernelWorker.js next to it); when it is absent (the library running from TypeScript sources, as
 * under vitest) the kernel runs on the calling thread.
 *
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Book } from "./book.js";
import { kernelJob, sumChunks, takeChunks, type KernelJob } from "./chunks.js";
import type { PriceGrid } from "./grid.js";
import { foldLevels, kernelPlan, type KernelPlan } from "./coarse.js";
import { finishProfile, kernelGrid, kernelParams, type KernelGrid, type ProfileArrays } from "./kernel.js";

/**
 * Below this many group-points (groups × grid points), starting a worker (20–40 ms) costs more than
 * it saves: the coarse levels (coarse.ts) evaluate a tenth to a quarter of the nominal points on
 * chain-like books, about 1e8 points per second and thread cold.
 */
export const PARALLEL_MIN_WORK = 1e8;

/** Below this many group-points even an idle, already started worker is not worth a job. */
export const WARM_MIN_WORK = 2e7;

/**
 * Files at least this large (bytes) are worth starting kernel workers for while they are parsed:
 * about 100k contracts of a generic CSV, 50k of a CBOE export (2e7 group-points at 500 steps).
 */
export const PRESTART_FILE_BYTES = 4 << 20;

/** Options of {@link runKernel} and {@link startKernel}. */
export interface RunKernelOptions {
  /** threads to use (1 = calling thread only); default all cores when the work is large (or workers are already started) */
  threads?: number;
  /** also compute the dealer delta profile */
  wantDelta?: boolean;
  /** called with the fraction done (0…1) as chunks finish, on the calling thread */
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

/** A kernel run under way: the workers compute; `finish()` joins them on the calling thread. */
export interface KernelStart {
  /** threads the run uses, the calling thread included */
  threads: number;
  /** compute the chunks still left on the calling thread, wait for the workers, sum the chunks in order */
  finish(): Promise<KernelRun>;
}

/** What a worker sends back when the job's counter runs out. */
export interface WorkerDone {
  /** chunks it computed */
  chunks: number;
}

const WORKER_URL = new URL("./kernelWorker.js", import.meta.url);

/** Whether worker threads can be used (the compiled worker script exists). */
export function workersAvailable(): boolean {
  return WORKER_URL.protocol === "file:" && existsSync(fileURLToPath(WORKER_URL));
}

/** A pooled worker and the job it is on. */
interface PoolWorker {
  worker: Worker;
  busy: boolean;
  resolve: ((done: WorkerDone) => void) | null;
  reject: ((err: Error) => void) | null;
}

const pool: PoolWorker[] = [];

function spawnWorker(): PoolWorker {
  const w: PoolWorker = { worker: new Worker(WORKER_URL), busy: false, resolve: null, reject: null };
  const fail = (err: Error): void => {
    const i = pool.indexOf(w);
    if (i >= 0) pool.splice(i, 1);
    w.reject?.(err);
    w.resolve = w.reject = null;
  };
  w.worker.on("message", (done: WorkerDone) => {
    const resolve = w.resolve;
    w.resolve = w.reject = null;
    w.busy = false;
    w.worker.unref();
    resolve?.(done);
  });
  w.worker.on("error", fail);
  w.worker.on("exit", (code) => fail(new Error(`kernel worker exited with code ${code}`)));
  w.worker.unref();
  pool.push(w);
  return w;
}

/**
 * Start kernel worker threads ahead of a run (idle until one comes; they do not keep the process
 * alive), so that their start-up overlaps other work, e.g. parsing the file.
 *
 * @param threads - threads a run will use, the calling thread included; default all cores
 * @returns the workers now in the pool (0 where workers are unavailable)
 * @example
 * startKernelWorkers(); // on 2 cores: 1 worker starts
 */
export function startKernelWorkers(threads: number = availableParallelism()): number {
  if (!workersAvailable()) return 0;
  while (pool.length < threads - 1) spawnWorker();
  return pool.length;
}

/**
 * Start workers before a chain file is read when it is large enough to be worth it
 * ({@link PRESTART_FILE_BYTES}); nothing for smaller files, when `threads` is 1, or when the file
 * cannot be read (the loader then says why).
 *
 * @param file - the chain file about to be loaded
 * @param threads - the run's thread count, when the user gave one
 * @example
 * prestartKernelWorkers("chain_200k.csv"); // 6 MB: the workers start while loadChain parses it
 */
export function prestartKernelWorkers(file: string, threads?: number): void {
  if (threads === 1) return;
  let bytes = 0;
  try {
    bytes = statSync(file).size;
  } catch {
    return;
  }
  if (bytes >= PRESTART_FILE_BYTES) startKernelWorkers(threads);
}

/** Post a job to a worker; resolves when the job's counter has run out for it. */
function post(w: PoolWorker, job: KernelJob): Promise<WorkerDone> {
  w.busy = true;
  w.worker.ref();
  return new Promise<WorkerDone>((resolve, reject) => {
    w.resolve = resolve;
    w.reject = reject;
    w.worker.postMessage(job);
  });
}

/**
 * Start computing the dealer profile of a book on a grid (sticky strike): the workers begin at
 * once; call `finish()` for the result.
 *
 * @param book - merged contracts
 * @param grid - price grid
 * @param spot - reference spot for the log distances (the chain's spot)
 * @param opts - threads, delta, progress
 * @example
 * const k = startKernel(book, priceGrid({ spot: 100 }), 100);
 * // … other work on this thread while the workers compute …
 * const run = await k.finish(); // run.arrays.gamma.length === 501
 */
export function startKernel(book: Book, grid: PriceGrid, spot: number, opts: RunKernelOptions = {}): KernelStart {
  const kg = kernelGrid(grid, spot);
  const n = book.length;
  const work = n * kg.m;
  const idle = pool.filter((w) => !w.busy);
  let threads = opts.threads ??
    (work >= PARALLEL_MIN_WORK ? availableParallelism() : work >= WARM_MIN_WORK && idle.length > 0 ? idle.length + 1 : 1);
  threads = Math.max(1, Math.min(threads, n || 1));
  if (threads > 1 && !workersAvailable()) threads = 1;
  const wantDelta = opts.wantDelta === true;
  const job = kernelJob(kernelParams(book, spot, threads > 1), n, planFor(kg, book), wantDelta, threads > 1);
  const pending: Array<Promise<WorkerDone>> = [];
  for (let t = 1; t < threads; t++) pending.push(post(idle[t - 1] ?? spawnWorker(), job));
  return {
    threads,
    async finish(): Promise<KernelRun> {
      const progress = opts.onProgress;
      takeChunks(job, progress ? (finished) => progress(finished / job.chunks) : undefined);
      await Promise.all(pending);
      const { acc, points } = sumChunks(job);
      return { arrays: finishProfile(grid.prices, foldLevels(job.plan, acc, wantDelta), wantDelta), points, threads };
    },
  };
}

/**
 * Compute the dealer profile of a book on a grid (sticky strike), on one or more threads; the
 * same bits whatever the thread count.
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
export function runKernel(book: Book, grid: PriceGrid, spot: number, opts: RunKernelOptions = {}): Promise<KernelRun> {
  return startKernel(book, grid, spot, opts).finish();
}

/**
 * The same on the calling thread only, synchronously (the same chunks, so the same bits).
 *
 * @example
 * runKernelSync(spxBook, priceGrid({ spot: 4697.2402 }), 4697.2402).arrays.gamma[250]; // -20696248668.853867
 */
export function runKernelSync(book: Book, grid: PriceGrid, spot: number, wantDelta = false): KernelRun {
  const kg = kernelGrid(grid, spot);
  const job = kernelJob(kernelParams(book, spot), book.length, planFor(kg, book), wantDelta, false);
  takeChunks(job);
  const { acc, points } = sumChunks(job);
  return { arrays: finishProfile(grid.prices, foldLevels(job.plan, acc, wantDelta), wantDelta), points, threads: 1 };
}

/** The coarse levels a book's widest group needs on a grid (a function of the book, never of threads). */
function planFor(kg: KernelGrid, book: Book): KernelPlan {
  let maxS = 0;
  for (let g = 0; g < book.length; g++) {
    const s = book.vol[g]! * Math.sqrt(book.time[g]!);
    if (s > maxS) maxS = s;
  }
  return kernelPlan(kg, maxS);
}
