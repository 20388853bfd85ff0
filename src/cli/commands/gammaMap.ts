/**
 * `gexray gamma-map <file>`: the price × time gamma map: the dealer gamma profile as the next days
 * pass (each contract's time to expiry shrinking, expiries dropping out), spot and vols held. The
 * terminal shows zero gamma and gamma at spot per day; `--out map.html` (or .md) draws the heatmap.
 *
 * @module
 */
import type { Command } from "commander";
import { addDataFlags, DATA_FLAGS_HELP, type DataFlags } from "../dataFlags.js";
import type { OutputFlags } from "../outKind.js";
import { addGridFlags, addSelectionFlags, type GridFlags, type SelectionFlags } from "./profile.js";

/** Flags of `gexray gamma-map`. */
interface GammaMapFlags extends DataFlags, SelectionFlags, GridFlags, OutputFlags {
  days?: string;
}

const HELP = `
Examples:
  $ gexray gamma-map test/fixtures/real/spx_quotedata_2024-01-07.csv
  $ gexray gamma-map test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv --days 30 --out btc-map.html
  $ gexray gamma-map chain.csv --days 7 --range 0.95:1.05 --steps 200 --csv -o map.csv

Day k is the snapshot's instant + k calendar days (from --at / --days-forward when given): every
contract's time to expiry is k days shorter and the expiries that passed drop out; spot and every
IV are held (sticky strike). Each day is one profile on the same grid (default --range 0.9:1.1,
--steps 100). The terminal prints, per day: contracts alive, expiries rolled off since the day
before, the zero-gamma crossing nearest spot and dealer dollar gamma at spot (USD of dealer delta
per 1% move). --out map.html: one self-contained page with the heatmap (red = dealers short gamma,
blue = long; spot and the zero-gamma path drawn); .md: Markdown with the heatmap as map-map.svg;
.json / --json: { underlying, snapshot, spot, dealer, dealerExpression (with --dealer-expr), unit,
grid, days: [{ day, at, gamma, zeroGamma, nearestZeroGamma, atSpotGamma, used, expiredSince }] };
.csv / --csv: day,at,price_usd,gamma_usd_per_1pct. --dealer-expr: see gexray profile --help; the
convention is gexray's (--convention perfiliev applies to profile, levels and report).
${DATA_FLAGS_HELP}
Exit codes: 0 success; 1 internal error; 2 bad input or usage (one line on stderr).
`;

/**
 * Add `gamma-map` to the program.
 *
 * @example
 * register(program); // gexray gamma-map <file> [--days 14] [--out map.html]
 */
export function register(program: Command): void {
  const cmd = program
    .command("gamma-map")
    .summary("price × time gamma map: the dealer gamma profile as the next days pass (heatmap in HTML)")
    .description("The dealer gamma profile re-evaluated for each of the next days (contracts ageing, expiries dropping out, spot and vols held).")
    .argument("<file>", "chain file");
  addGridFlags(addSelectionFlags(addDataFlags(cmd)))
    .option("--days <n>", "days after the snapshot to map, 1–366 (default 14)")
    .option("--json", "print JSON (with a unit object)")
    .option("--csv", "print CSV, one row per day and price")
    .option("-o, --out <file>", "write map.html, map.md (+ SVG beside it), map.json or map.csv, atomically; --json / --csv pick the format whatever the name; a device or FIFO without them gets the terminal text")
    .option("--no-color", "no ANSI colors (also NO_COLOR=1)")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: GammaMapFlags) => {
      const [{ outputFormat, parseNumber }, { loadOptionsFromFlags }, { UsageError }, { gridFromFlags, selectionFromFlags, refuseConvention }] = await Promise.all([
        import("../options.js"), import("../dataFlags.js"), import("../errors.js"), import("./profile.js"),
      ]);
      const format = outputFormat(flags);
      const days = flags.days === undefined ? 14 : parseNumber(flags.days, "--days", { integer: true, min: 1, max: 366 });
      const gridOpts = gridFromFlags(flags);
      refuseConvention(gridOpts, "gamma-map");
      if (gridOpts.volModel !== "sticky-strike") throw new UsageError("gamma-map holds every IV (sticky strike): --vol-model sticky-moneyness does not apply");
      const grid = { range: [0.9, 1.1] as [number, number], steps: 100, ...gridOpts.grid };
      if (gridOpts.grid.from !== undefined) delete (grid as { range?: unknown }).range;
      const { outTarget, emitMarkdown } = await import("../outKind.js");
      const kind = flags.out === undefined ? undefined : outTarget(flags.out, ["html", "md", "json", "csv"], format === "table" ? undefined : format);
      const [{ loadForAnalysis, printWarnings, assertSelection }, { gammaMap }, { createProgress }] = await Promise.all([
        import("../chainInput.js"), import("../../exposure/gammaMap.js"), import("../../report/progress.js"),
      ]);
      // the same load checks and warnings as every analysis command
      const input = await loadForAnalysis(file, loadOptionsFromFlags(flags));
      const { chain } = input.loaded;
      const sel = await selectionFromFlags(flags, chain);
      await assertSelection(chain, sel.atMs, sel.expiry, flags);
      printWarnings(input.warnings);
      const bar = createProgress("gamma-map");
      let map: import("../../exposure/gammaMap.js").GammaMap;
      try {
        map = await gammaMap(chain, {
          days, grid, dealer: sel.dealer, expiry: sel.expiry, fromMs: sel.atMs, onProgress: bar.update,
          ...(sel.dealerExpression ? { dealerExpression: sel.dealerExpression } : {}),
          ...(gridOpts.threads !== undefined ? { threads: gridOpts.threads } : {}),
        });
      } finally {
        bar.done();
      }
      const [r, { emit }, { packageVersion }] = await Promise.all([import("../../report/gammaMapReport.js"), import("../output.js"), import("../program.js")]);
      const src = { file, generator: `gexray ${packageVersion()}` };
      const json = () => JSON.stringify({ ...r.gammaMapJson(map), counts: { file: input.counts }, warnings: input.warnings }) + "\n";
      if (kind === "html") return emit(r.renderGammaMapHtml(map, src), flags.out);
      if (kind === "json" || format === "json") return emit(json(), flags.out);
      if (kind === "csv" || format === "csv") return emit(r.renderGammaMapCsv(map), flags.out);
      if (kind === "md") return emitMarkdown((stem) => r.renderGammaMapMarkdown(map, src, stem), flags.out!);
      const { textOptions } = await import("../terminal.js");
      // written to --out (a device or FIFO): no colors, the default width
      const t = textOptions(flags, kind !== undefined);
      return emit(r.renderGammaMapTerminal(map, src, t), flags.out);
    });
}

