/**
 * Worker-thread entry of the profile kernel (see parallel.ts): waits for jobs; for each, takes
 * chunks from the job's shared counter until none is left (chunks.ts), writing their accumulators
 * into the job's shared memory, and then says how many it took.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { takeChunks, type KernelJob } from "./chunks.js";
import type { WorkerDone } from "./parallel.js";
import { setSimd, simdSwitch } from "./simd.js";

// compile the SIMD loops while idle (a pooled worker starts before its first job)
setSimd(simdSwitch());

parentPort!.on("message", (job: KernelJob) => {
  const done: WorkerDone = { chunks: takeChunks(job) };
  parentPort!.postMessage(done);
});
