/**
 * The kernel's work in fixed chunks: a book's groups cut into consecutive ranges that depend only
 * on the book's size and the grid's, taken one at a time from a shared `Atomics` counter by
 * whichever thread is free, each accumulated into its own accumulator, and the accumulators summed
 * in chunk order at the end. The same additions in the same order whatever thread ran which chunk,
 * so a profile has the same bits on 1, 2 or 16 threads.
 *
 * Everything a job holds sits on SharedArrayBuffers (the packed parameters, the counter, the
 * accumulators, the points per chunk), so posting it to a worker copies nothing but the grid.
 *
 * @module
 */
import { planRange, type KernelPlan } from "./coarse.js";
import { setSimd, simdSwitch } from "./simd.js";

/** Group-points per chunk (a few ms of kernel: fewer, larger chunks cost less to sum): enough chunks to balance threads, few enough to sum cheaply. */
export const CHUNK_POINTS = 2e6;

/** At most this many chunks (each accumulator holds the target's and the levels' points: about 8·7·3.5m bytes). */
export const MAX_CHUNKS = 64;

/** At most this many doubles in all chunk accumulators together (256 MB): fewer chunks on huge grids. */
export const MAX_ACC_DOUBLES = 1 << 25;

/** One kernel run, shared by the threads that work on it. */
export interface KernelJob {
  /** packed group constants (kernelParams), on a SharedArrayBuffer when threads share the job */
  params: Float64Array;
  /** groups */
  groups: number;
  /** the target grid and its coarse levels (coarse.ts) */
  plan: KernelPlan;
  /** groups per chunk (the last chunk may be shorter) */
  chunk: number;
  /** chunks */
  chunks: number;
  wantDelta: boolean;
  /** whether the SIMD loops may run (the creating thread's setSimd choice, which every thread takes) */
  simd: boolean;
  /** [next chunk to take, chunks finished] */
  counter: Int32Array;
  /** the chunks' accumulators, plan.length doubles each, in chunk order */
  acc: Float64Array;
  /** (group, point) pairs evaluated inside windows, per chunk */
  points: Float64Array;
}

/**
 * Groups per chunk for a book of `groups` groups on an `m`-point grid whose chunk accumulators hold
 * `accDoubles` doubles each: a function of the sizes only, never of the thread count.
 *
 * @example
 * chunkSize(14404, 501, 13848);   // 3992 (SPX, 500 steps: 4 chunks)
 * chunkSize(200000, 1001, 24000); // 3125 (64 chunks)
 */
export function chunkSize(groups: number, m: number, accDoubles: number): number {
  const chunks = Math.max(1, Math.min(MAX_CHUNKS, Math.floor(MAX_ACC_DOUBLES / Math.max(1, accDoubles))));
  return Math.max(1, Math.floor(CHUNK_POINTS / Math.max(1, m)), Math.ceil(groups / chunks));
}

/**
 * A job over all groups of packed parameters; `shared` puts its arrays on SharedArrayBuffers.
 *
 * @example
 * const job = kernelJob(kernelParams(book, S, true), book.length, plan, false, true);
 * job.chunks; // ⌈groups / chunkSize(groups, m)⌉
 */
export function kernelJob(params: Float64Array, groups: number, plan: KernelPlan, wantDelta: boolean, shared: boolean): KernelJob {
  const chunk = chunkSize(groups, plan.target.m, plan.length);
  const chunks = Math.ceil(groups / chunk);
  const len = plan.length;
  const f64 = (n: number) => (shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n));
  return {
    params, groups, plan, chunk, chunks, wantDelta, simd: simdSwitch(),
    counter: new Int32Array(shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8)),
    acc: f64(chunks * len), points: f64(chunks),
  };
}

/**
 * Take chunks from the job's counter and compute them until none is left (on any thread).
 *
 * @param job - the job (its counter and accumulators are updated)
 * @param onChunk - called after each chunk this thread finishes, with the chunks finished by all
 * @returns how many chunks this thread computed
 * @example
 * takeChunks(job); // in a worker: the chunks it got
 */
export function takeChunks(job: KernelJob, onChunk?: (finished: number) => void): number {
  const len = job.plan.length;
  const own = simdSwitch();
  if (own !== job.simd) setSimd(job.simd);
  let mine = 0;
  try {
    for (;;) {
      const c = Atomics.add(job.counter, 0, 1);
      if (c >= job.chunks) return mine;
      const g0 = c * job.chunk;
      const g1 = Math.min(job.groups, g0 + job.chunk);
      const acc = job.acc.subarray(c * len, (c + 1) * len);
      job.points[c] = planRange(job.params, g0, g1, job.plan, acc, job.wantDelta);
      mine++;
      const finished = Atomics.add(job.counter, 1, 1) + 1;
      onChunk?.(finished);
    }
  } finally {
    if (own !== job.simd) setSimd(own);
  }
}

/**
 * The job's result once every chunk is done: the chunks' accumulators added in chunk order, and the
 * points evaluated (the accumulator is laid out by job.plan: foldLevels makes it the target's).
 *
 * @example
 * const { acc, points } = sumChunks(job);
 */
export function sumChunks(job: KernelJob): { acc: Float64Array; points: number } {
  const len = job.plan.length;
  const acc = new Float64Array(len);
  let points = 0;
  for (let c = 0; c < job.chunks; c++) {
    const a = job.acc.subarray(c * len, (c + 1) * len);
    for (let k = 0; k < len; k++) acc[k] += a[k]!;
    points += job.points[c]!;
  }
  return { acc, points };
}
