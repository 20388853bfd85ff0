/**
 * `gexray diff`'s model: two snapshots of one underlying loaded and compared: open-interest change
 * by series, strike and expiry (oiDiff.ts), every level's change (levelsDiff.ts) and both dealer
 * gamma profiles on one grid that spans both spots. Plain JSON-ready data; the renderers
 * (diffRender.ts) read only this.
 *
 * @module
 */
import type { LoadOptions } from "../data/loadOptions.js";
import type { LoadCounts } from "../data/loadSummary.js";
import type { DealerMode } from "../exposure/dealer.js";
import type { GridSpec } from "../exposure/grid.js";
import type { LevelsDiff } from "../exposure/levelsDiff.js";
import type { OpenInterestDiff } from "../exposure/oiDiff.js";
import type { VolModel } from "../exposure/profile.js";

/** One side of the comparison. */
export interface DiffSide {
  /** the file as shown */
  file: string;
  format: string;
  asOf: string;
  spot: number;
  /** contracts used */
  used: number;
  /** contracts the loader left out for an unusable IV or row (absent from the open-interest comparison) */
  excluded: number;
  /** what the loader read, used and left out of this file (as profile --json's `counts.file`) */
  counts: { file: LoadCounts };
}

/** The comparison. */
export interface DiffModel {
  underlying: string;
  older: DiffSide;
  newer: DiffSide;
  /** calendar days from the older snapshot to the newer */
  days: number;
  conventions: { dealer: string; volModel: string };
  /** the common grid, ascending, USD per unit */
  price: number[];
  spacing: "linear" | "log";
  /** dealer dollar gamma of each snapshot on the common grid, USD per 1% move */
  gamma: { older: number[]; newer: number[] };
  levels: LevelsDiff;
  oi: OpenInterestDiff;
  /**
   * things the reader should know (also printed on stderr): each file's load warnings as profile
   * gives them (rows left out, a truncated file, assumptions, ignored flags), then the comparison's own
   */
  warnings: string[];
}

/** Options of {@link assembleDiff}. */
export interface DiffOptions {
  /** loader options for both files */
  load?: LoadOptions;
  /** grid: `range` applies around each spot and the grid spans both; `from`/`to` as given; default 0.8:1.2, 500 steps */
  grid?: Omit<GridSpec, "spot">;
  dealer?: DealerMode;
  volModel?: VolModel;
  threads?: number;
  /** names shown for the files */
  displayName?: { older?: string; newer?: string };
}

/**
 * Load two snapshot files and compare them.
 *
 * @param olderFile - the earlier snapshot
 * @param newerFile - the later snapshot
 * @param opts - loader, grid, dealer sign and vol model options
 * @returns the model
 * @throws InputError for an unreadable file; RangeError when the underlyings differ, the newer
 *   snapshot is not after the older, or for bad grid options
 * @example
 * const d = await assembleDiff("spx_quotedata_2022-02-04_close.csv", "spx_quotedata_2024-01-07.csv");
 * d.levels.rows.find((r) => r.id === "callWall"); // { id: "callWall", older: 4700, newer: 4800, change: 100, changePct: 2.127659574468077 }
 */
export async function assembleDiff(olderFile: string, newerFile: string, opts: DiffOptions = {}): Promise<DiffModel> {
  const [{ loadChain }, { computeProfile }, { priceGrid }, { diffOpenInterest }, { diffLevels }, { formatInstant }] = await Promise.all([
    import("../data/load.js"), import("../exposure/profile.js"), import("../exposure/grid.js"), import("../exposure/oiDiff.js"),
    import("../exposure/levelsDiff.js"), import("../data/time.js"),
  ]);
  const { loadCounts, loadWarnings } = await import("../data/loadSummary.js");
  const [a, b] = await Promise.all([loadChain(olderFile, opts.load ?? {}), loadChain(newerFile, opts.load ?? {})]);
  const oi = diffOpenInterest(a.chain, b.chain);
  const g = opts.grid ?? {};
  const lo = Math.min(a.chain.spot, b.chain.spot);
  const hi = Math.max(a.chain.spot, b.chain.spot);
  const [r0, r1] = g.range ?? [0.8, 1.2];
  const grid = priceGrid({
    spot: b.chain.spot, steps: g.steps ?? 500, log: g.log === true,
    ...(g.from !== undefined && g.to !== undefined ? { from: g.from, to: g.to } : { from: r0 * lo, to: r1 * hi }),
  });
  const common = {
    grid, ...(opts.dealer ? { dealer: opts.dealer } : {}), ...(opts.volModel ? { volModel: opts.volModel } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
  };
  const pa = await computeProfile(a.chain, common);
  const pb = await computeProfile(b.chain, common);
  const side = (l: typeof a, file: string): DiffSide => ({
    file, format: l.report.format, asOf: formatInstant(l.chain.asOf), spot: l.chain.spot, used: l.chain.length,
    excluded: l.report.excluded.badIv + l.report.excluded.invalid, counts: { file: loadCounts(l.report) },
  });
  const older = side(a, opts.displayName?.older ?? olderFile);
  const newer = side(b, opts.displayName?.newer ?? newerFile);
  const warnings: string[] = [...loadWarnings(a.report, older.file), ...loadWarnings(b.report, newer.file)];
  for (const s of [older, newer]) {
    if (s.excluded > 0) {
      warnings.push(`${s.file}: its ${s.excluded} contract(s) left out for a bad IV or an unreadable row are absent from the open-interest comparison`);
    }
  }
  return {
    underlying: b.chain.underlying, older, newer,
    days: (b.chain.asOf.epochMs - a.chain.asOf.epochMs) / 86400_000,
    conventions: { dealer: pb.model.dealer, volModel: pb.model.volModel },
    price: Array.from(grid.prices), spacing: grid.log ? "log" : "linear",
    gamma: { older: Array.from(pa.gamma), newer: Array.from(pb.gamma) },
    levels: diffLevels(pa, pb),
    oi,
    warnings,
  };
}
