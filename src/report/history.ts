/**
 * `gexray history`: one summary row per snapshot file (as-of, spot, dealer gamma / vanna / charm at
 * spot, the zero-gamma level nearest spot, the walls and the exact ±1% dealer re-hedges), sorted by
 * as-of. Snapshots are loaded and computed in parallel on worker threads (historyWorker.ts), one
 * file per task; a file that fails to load is reported with its reason and the rest go on.
 *
 * Each snapshot gets its own default grid around its own spot (or the grid options given), the
 * naive dealer sign unless told otherwise, sticky strike.
 *
 * @module
 */
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadOptions } from "../data/loadOptions.js";
import type { DealerMode } from "../exposure/dealer.js";
import type { GridSpec } from "../exposure/grid.js";
import type { LoadCounts } from "../data/loadSummary.js";

/** An exact re-hedge: units of underlying dealers buy (+) or sell (−) and its USD value at the price it trades at. */
export interface HistoryFlow {
  underlying: number;
  usd: number;
}

/** One snapshot's summary (issue 13's row shape). */
export interface HistoryRow {
  /** the file as given */
  file: string;
  /** snapshot instant, ISO 8601 */
  asOf: string;
  /** USD per unit */
  spot: number;
  /** dealer dollar gamma at spot, USD per 1% move */
  gamma: number;
  /** dealer dollar vanna at spot, USD per +1 vol point */
  vanna: number;
  /** dealer dollar charm at spot, USD per calendar day */
  charm: number;
  /** the zero-gamma crossing nearest spot on the snapshot's grid, null when none */
  nearestZeroGamma: number | null;
  callWall: number | null;
  putWall: number | null;
  /** exact re-hedge after spot rises 1% (profile.flows.up1pct), USD at 1.01 × spot */
  up1pct: HistoryFlow;
  /** exact re-hedge after spot falls 1%, USD at 0.99 × spot */
  down1pct: HistoryFlow;
  /** what the loader read, used and left out of this file (as profile --json's `counts.file`) */
  counts: { file: LoadCounts };
}

/** A snapshot that could not be used. */
export interface HistoryFailure {
  file: string;
  /** one line: what was wrong (and where) */
  reason: string;
}

/** What {@link historyRows} returns. */
export interface HistoryResult {
  /** ascending by as-of (ties by file name) */
  rows: HistoryRow[];
  /** in the order the files were given */
  failed: HistoryFailure[];
  /**
   * the load warnings of the snapshots used, in the order the files were given, each starting with
   * its file (the lines profile prints for it: rows left out, a truncated file, assumptions, ignored flags)
   */
  warnings: string[];
  /** the underlyings seen, sorted */
  underlyings: string[];
  /** worker threads used (0 = computed on the calling thread) */
  threads: number;
}

/** Options of {@link historyRows} (everything a worker needs must be plain data). */
export interface HistoryOptions {
  load?: LoadOptions;
  /** grid around each snapshot's spot; default 0.8:1.2, 500 steps */
  grid?: Omit<GridSpec, "spot">;
  dealer?: DealerMode;
  /** worker threads; default all cores (at most one per file); 0 computes on the calling thread */
  threads?: number;
  /** called after each file with (done, total) */
  onProgress?: (done: number, total: number) => void;
}

/** The per-file job a worker receives. */
export interface HistoryJob {
  index: number;
  file: string;
}

/** A worker's answer. */
export type HistoryAnswer =
  | { index: number; ok: true; row: HistoryRow; asOfMs: number; underlying: string; warnings: string[] }
  | { index: number; ok: false; reason: string };

/**
 * Load one snapshot and summarize it (what each worker runs).
 *
 * @param file - the chain file
 * @param opts - loader, grid and dealer options
 * @returns the row, or the reason it failed (an error's one-line message; never throws)
 * @example
 * const a = await snapshotRow({ index: 0, file: "test/fixtures/real/spx_quotedata_2024-01-07.csv" }, {});
 * a.ok && a.row.nearestZeroGamma; // 4734.4401794423475
 */
export async function snapshotRow(job: HistoryJob, opts: Pick<HistoryOptions, "load" | "grid" | "dealer">): Promise<HistoryAnswer> {
  try {
    const [{ loadChain }, { computeProfile }, { formatInstant }, { loadCounts, loadWarnings }] = await Promise.all([
      import("../data/load.js"), import("../exposure/profile.js"), import("../data/time.js"), import("../data/loadSummary.js"),
    ]);
    const { chain, report } = await loadChain(job.file, opts.load ?? {});
    const p = await computeProfile(chain, { ...(opts.grid ? { grid: opts.grid } : {}), ...(opts.dealer ? { dealer: opts.dealer } : {}), threads: 1 });
    const flow = (f: { underlying: number; price: number }): HistoryFlow => ({ underlying: f.underlying, usd: f.underlying * f.price + 0 });
    const row: HistoryRow = {
      file: job.file, asOf: formatInstant(chain.asOf), spot: chain.spot,
      gamma: p.atSpot.gamma, vanna: p.atSpot.vanna, charm: p.atSpot.charm,
      nearestZeroGamma: p.levels.nearestZeroGamma, callWall: p.levels.callWall, putWall: p.levels.putWall,
      up1pct: flow(p.flows.up1pct), down1pct: flow(p.flows.down1pct), counts: { file: loadCounts(report) },
    };
    return { index: job.index, ok: true, row, asOfMs: chain.asOf.epochMs, underlying: chain.underlying, warnings: loadWarnings(report, job.file) };
  } catch (err) {
    let msg = err instanceof Error ? err.message : String(err);
    // InputError messages start with the file name, which the failure already carries
    if (msg.startsWith(job.file + ": ") || msg.startsWith(job.file + ":")) msg = msg.slice(job.file.length).replace(/^:\s?/, "");
    const user = err instanceof RangeError || ["ENOENT", "EACCES", "EISDIR"].includes(String((err as { code?: unknown })?.code));
    return { index: job.index, ok: false, reason: (user ? "" : "internal error: ") + msg.replace(/\s*\n\s*/g, " ") };
  }
}

const WORKER_URL = new URL("./historyWorker.js", import.meta.url);

/** Whether the compiled worker script exists (not when the library runs from TypeScript sources). */
function workersAvailable(): boolean {
  return WORKER_URL.protocol === "file:" && existsSync(fileURLToPath(WORKER_URL));
}

/**
 * Summarize snapshot files, in parallel on worker threads.
 *
 * @param files - chain files (see {@link snapshotFiles} to expand directories)
 * @param opts - loader, grid, dealer, threads, progress
 * @returns rows sorted by as-of, failures, the snapshots' load warnings, the underlyings seen
 * @example
 * const h = await historyRows(["a.csv", "b.csv"], { onProgress: (d, n) => bar.update(d / n) });
 * h.rows.map((r) => r.asOf);
 */
export async function historyRows(files: readonly string[], opts: HistoryOptions = {}): Promise<HistoryResult> {
  const n = files.length;
  const answers: HistoryAnswer[] = new Array(n);
  const jobOpts = { ...(opts.load ? { load: opts.load } : {}), ...(opts.grid ? { grid: opts.grid } : {}), ...(opts.dealer ? { dealer: opts.dealer } : {}) };
  let threads = Math.min(n, opts.threads ?? availableParallelism());
  if (threads > 0 && !workersAvailable()) threads = 0;
  let done = 0;
  const finish = (a: HistoryAnswer) => {
    answers[a.index] = a;
    opts.onProgress?.(++done, n);
  };
  if (threads === 0) {
    for (let i = 0; i < n; i++) finish(await snapshotRow({ index: i, file: files[i]! }, jobOpts));
  } else {
    const { Worker } = await import("node:worker_threads");
    let next = 0;
    const runWorker = () => new Promise<void>((resolve) => {
      const worker = new Worker(WORKER_URL, { workerData: jobOpts });
      let current = -1;
      const feed = () => {
        if (next >= n) {
          current = -1;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ index: current, file: files[current]! } satisfies HistoryJob);
      };
      worker.on("message", (a: HistoryAnswer) => {
        finish(a);
        feed();
      });
      worker.once("error", (err) => {
        // a crashed worker: its file fails, a new worker takes the rest of the queue
        if (current >= 0) finish({ index: current, ok: false, reason: `internal error: ${err.message}` });
        current = -1;
        resolve(next < n ? runWorker() : undefined);
      });
      worker.once("exit", () => {
        if (current >= 0) {
          finish({ index: current, ok: false, reason: "internal error: the worker stopped" });
          current = -1;
        }
        resolve();
      });
      feed();
    });
    await Promise.all(Array.from({ length: threads }, runWorker));
  }
  const rows: Array<{ row: HistoryRow; asOfMs: number }> = [];
  const failed: HistoryFailure[] = [];
  const warnings: string[] = [];
  const underlyings = new Set<string>();
  answers.forEach((a, i) => {
    if (a === undefined) failed.push({ file: files[i]!, reason: "internal error: not processed" });
    else if (a.ok) {
      rows.push({ row: a.row, asOfMs: a.asOfMs });
      warnings.push(...a.warnings);
      underlyings.add(a.underlying);
    } else failed.push({ file: files[i]!, reason: a.reason });
  });
  rows.sort((a, b) => a.asOfMs - b.asOfMs || (a.row.file < b.row.file ? -1 : a.row.file > b.row.file ? 1 : 0));
  return { rows: rows.map((r) => r.row), failed, warnings, underlyings: [...underlyings].sort(), threads };
}

/** Extensions a directory is searched for. */
const CHAIN_EXT = /\.(csv|json)$/i;

/**
 * Expand the paths given: files as they are (a missing one too: its load fails and is reported
 * like any other), directories to their `.csv` and `.json` files (not recursive, hidden files
 * skipped), sorted by name; duplicates dropped.
 *
 * @param paths - files or directories
 * @throws RangeError for a directory with no chain file
 * @example
 * await snapshotFiles(["snapshots/"]); // ["snapshots/2024-01-02.csv", "snapshots/2024-01-03.csv", …]
 */
export async function snapshotFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      out.push(p); // its load fails and is reported with the others
      continue;
    }
    if (st.isDirectory()) {
      const names = (await readdir(p)).filter((f) => !f.startsWith(".") && CHAIN_EXT.test(f)).sort();
      if (names.length === 0) throw new RangeError(`${p}: the directory holds no .csv or .json file`);
      out.push(...names.map((f) => join(p, f)));
    } else {
      out.push(p);
    }
  }
  return [...new Set(out)];
}
