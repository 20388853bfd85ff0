/**
 * Worker-thread entry of `gexray history` (history.ts): receives one file at a time, loads and
 * summarizes it, posts the row or the reason back.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { snapshotRow, type HistoryJob, type HistoryOptions } from "./history.js";

const opts = workerData as Pick<HistoryOptions, "load" | "grid" | "dealer">;
parentPort!.on("message", async (job: HistoryJob) => {
  parentPort!.postMessage(await snapshotRow(job, opts));
});
