/**
 * Worker-thread entry of the profile kernel (see parallel.ts): computes one thread's interleaved
 * share of the groups and posts its accumulator back (transferred, not copied).
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { accLength, kernelRange } from "./kernel.js";
import type { WorkerJob, WorkerResult } from "./parallel.js";

const job = workerData as WorkerJob;
const acc = new Float64Array(accLength(job.grid.m));
const points = kernelRange(job.params, job.thread, job.groups, job.threads, job.grid, acc, job.wantDelta);
const result: WorkerResult = { acc, points };
parentPort!.postMessage(result, [acc.buffer]);
