/**
 * `gexray history <files or a directory>`: one row per snapshot (as-of, spot, dealer gamma / vanna /
 * charm at spot, nearest zero gamma, walls, exact ±1% re-hedges), sorted by as-of, computed on
 * worker threads; CSV, JSON, and an HTML or Markdown page with the charts over time.
 *
 * @module
 */
import type { Command } from "commander";
import { addDataFlags, DATA_FLAGS_HELP, type DataFlags } from "../dataFlags.js";
import type { OutputFlags } from "../outKind.js";
import { addGridFlags, type GridFlags } from "./profile.js";

/** Flags of `gexray history`. */
interface HistoryFlags extends DataFlags, GridFlags, OutputFlags {
  dealer?: string;
}

const HELP = `
Examples:
  $ gexray history snapshots/                       every .csv and .json file in the directory
  $ gexray history spx_2024-01-*.csv --csv -o history.csv
  $ gexray history snapshots/ --out history.html    charts of spot, zero gamma and gamma over time

One row per snapshot, sorted by as-of: spot; dealer dollar gamma (USD per 1% move), vanna (per +1
vol point) and charm (per calendar day) at spot; the zero-gamma crossing nearest spot; call and put
walls; up1pct / down1pct = the exact re-hedge after spot rises / falls 1% (units of underlying
dealers buy + or sell −, and its USD value). Each snapshot on its own grid around its own spot
(--range, --steps, --log-grid as for profile), naive dealer sign unless --dealer, sticky strike.
Files are processed in parallel, one per worker thread (--threads, default all cores), with a
progress bar on a terminal. A file that cannot be loaded is reported (stderr, and "failed" in the
JSON) and the rest go on: exit 0 with a warning, or 2 with --strict. Rows a loader cannot use are
skipped and counted as in profile. --json: { underlyings, unit, rows: [{ file, asOf, spot, gamma, vanna, charm,
nearestZeroGamma, callWall, putWall, up1pct: { underlying, usd }, down1pct, counts: { file } }],
failed: [{ file, reason }], warnings }. Each snapshot's load warnings (rows left out, a truncated
file, assumptions, ignored flags), starting with its file, go to stderr and the JSON's "warnings". --csv: one row per snapshot at full precision. --out history.html | .md | .json | .csv.
${DATA_FLAGS_HELP}
Exit codes: 0 success (also with failed snapshots, warned); 1 internal error; 2 bad input or usage,
or a failed snapshot with --strict.
`;

/**
 * Add `history` to the program.
 *
 * @example
 * register(program); // gexray history <paths...> [--csv] [--json] [--out history.html]
 */
export function register(program: Command): void {
  const cmd = program
    .command("history")
    .summary("one row per snapshot over time: spot, gamma/vanna/charm, zero gamma, walls, ±1% re-hedges")
    .description("Summarize many snapshot files (or a directory of them) into one row each, sorted by as-of, computed in parallel.")
    .argument("<paths...>", "chain files or directories of them");
  addGridFlags(addDataFlags(cmd))
    .option("--dealer <sign>", "dealer side: naive (long calls, short puts), short, long, or column (default naive)")
    .option("--json", "print JSON (with a unit object)")
    .option("--csv", "print CSV at full precision")
    .option("-o, --out <file>", "write history.html, history.md (+ SVG charts beside it), .json or .csv, atomically; --json / --csv pick the format whatever the name; a device or FIFO without them gets the terminal text")
    .option("--no-color", "no ANSI colors (also NO_COLOR=1)")
    .addHelpText("after", HELP);
  // --strict here is about snapshots, not rows: a row a loader cannot use is skipped and counted as everywhere
  const strict = cmd.options.find((o) => o.long === "--strict");
  if (strict) strict.description = "exit with code 2 when any snapshot failed (the others are still printed)";
  cmd.action(async (paths: string[], flags: HistoryFlags) => {
      const [{ outputFormat, parseChoice, parseNumber }, { loadOptionsFromFlags }, { UsageError, EXIT }, { gridFromFlags, refuseConvention }] = await Promise.all([
        import("../options.js"), import("../dataFlags.js"), import("../errors.js"), import("./profile.js"),
      ]);
      const format = outputFormat(flags);
      const { threads: _t, ...gridFlags } = flags;
      const gridOpts = gridFromFlags(gridFlags);
      refuseConvention(gridOpts, "history");
      if (gridOpts.volModel !== "sticky-strike") throw new UsageError("history uses sticky strike: --vol-model sticky-moneyness does not apply");
      const threads = flags.threads === undefined ? undefined : parseNumber(flags.threads, "--threads", { integer: true, min: 1, max: 256 });
      const dealer = flags.dealer === undefined ? "naive" : parseChoice(flags.dealer, "--dealer", ["naive", "short", "long", "column"] as const);
      const { outTarget, emitMarkdown } = await import("../outKind.js");
      const kind = flags.out === undefined ? undefined : outTarget(flags.out, ["html", "md", "json", "csv"], format === "table" ? undefined : format);
      const { strict: _strict, ...loadFlags } = flags;
      const load = loadOptionsFromFlags(loadFlags);
      const [{ historyRows, snapshotFiles }, { createProgress }] = await Promise.all([import("../../report/history.js"), import("../../report/progress.js")]);
      const files = await snapshotFiles(paths);
      const bar = createProgress(`history (${files.length} files)`, { delayMs: 300 });
      let h: import("../../report/history.js").HistoryResult;
      try {
        h = await historyRows(files, {
          load, grid: gridOpts.grid, dealer, onProgress: (d, n) => bar.update(d / n), ...(threads !== undefined ? { threads } : {}),
        });
      } finally {
        bar.done();
      }
      const [r, { emit }] = await Promise.all([import("../../report/historyRender.js"), import("../output.js")]);
      if (h.rows.length === 0) {
        const [{ fitLines }, { escapeControl }] = await Promise.all([import("../../report/wrap.js"), import("../../report/format.js")]);
        for (const f of h.failed) process.stderr.write(fitLines(escapeControl(`gexray: ${f.file}: ${f.reason}`), process.stderr.isTTY ? 100 : Infinity) + "\n");
        throw new UsageError(`no snapshot could be used (${h.failed.length} failed)`);
      }
      const terminal = (kind === undefined || kind === "text") && format === "table";
      // the same load warnings as profile prints for each file (also in the JSON's "warnings")
      if (h.warnings.length > 0) (await import("../chainInput.js")).printWarnings(h.warnings);
      if (kind === "json" || format === "json") await emit(r.renderHistoryJson(h), flags.out);
      else if (kind === "csv" || format === "csv") await emit(r.renderHistoryCsv(h), flags.out);
      else if (kind === "html") {
        const { packageVersion } = await import("../program.js");
        await emit(r.renderHistoryHtml(h, `gexray ${packageVersion()}`), flags.out);
      } else if (kind === "md") {
        await emitMarkdown((stem) => r.renderHistoryMarkdown(h, stem), flags.out!);
      } else {
        const { textOptions } = await import("../terminal.js");
        // written to --out (a device or FIFO): no colors, the default width
      const t = textOptions(flags, kind !== undefined);
        await emit(r.renderHistoryTerminal(h, t), flags.out);
      }
      if (h.failed.length > 0) {
        // the terminal table lists the failures itself; other outputs name them on stderr
        const [{ printWarnings }, { fitLines }, { escapeControl }] = await Promise.all([
          import("../chainInput.js"), import("../../report/wrap.js"), import("../../report/format.js"),
        ]);
        if (!terminal) for (const f of h.failed) process.stderr.write(fitLines(escapeControl(`gexray: ${f.file}: ${f.reason}`), process.stderr.isTTY ? 100 : Infinity) + "\n");
        printWarnings([`${h.failed.length} of ${files.length} snapshot(s) failed${flags.strict ? " (--strict: exit 2)" : ""}`]);
        if (flags.strict) process.exitCode = EXIT.usage;
      }
    });
}
