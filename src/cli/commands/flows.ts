/**
 * `gexray flows <chain>`: the forced-flow map: option dealers' exact re-hedges, note issuers'
 * re-hedges and knock-in unwinds, ESTIMATED liquidations and ADL re-hedges, on one price grid in
 * signed USD, with the levels a trader reads off it and, given a market depth, where shocks of
 * ±1%, ±5%, ±10% would come to rest.
 *
 * @module
 */
import type { Command } from "commander";
import { addDataFlags, DATA_FLAGS_HELP, type DataFlags } from "../dataFlags.js";
import { addFlowFlags, LADDER_FLAGS_HELP, type LadderFlags } from "../ladderFlags.js";
import { makeMapRepeatable } from "../mapFlag.js";
import { addGridFlags, addSelectionFlags, type GridFlags, type SelectionFlags } from "./profile.js";

/** Flags of `gexray flows`. */
interface FlowsFlags extends Omit<DataFlags, "map">, SelectionFlags, GridFlags, LadderFlags {
  map?: string[];
  notes?: string;
  prices?: string;
  noteVol?: string;
  futures?: string;
  json?: boolean;
  color?: boolean;
  out?: string;
}

const HELP = `
Examples:
  $ gexray flows data/btc_deribit_sample_2026-02-04.csv --notes data/ibit_notes_sample.csv \\
      --prices data/ibit_history_2025-09_2026-02.csv --map IBIT:BTC=0.000568 \\
      --oi data/btc_oi_history_2026-01-26_2026-02-10.csv --venue binance --insurance-fund 1.23e9 --depth 2e8
  $ gexray flows chain.csv --json
${DATA_FLAGS_HELP}${LADDER_FLAGS_HELP}
The map: signed USD of market orders forced if price moves from spot (+ buying, − selling), per
grid bin (what trades while price crosses the bin moving away from spot) and cumulative from spot:
  dealers       option dealers' exact re-hedges (each contract repriced at each grid price)
  issuers       note issuers' re-hedges of their embedded puts; knock-in unwinds jump at barriers
  liquidations  ESTIMATED, from --oi (positions replayed up to the chain's as-of time)
  adl           ESTIMATED, with --insurance-fund: hedge legs left naked by auto-deleveraging where
                the fund runs out (fills --slippage beyond bankruptcy; --hedged-share re-traded)
--depth D (USD of net market orders per 1% move): the nearest prices where cumulative forced flow
reaches D, and the cascades: a shock moves price, the forced flows it reaches trade and move price
by flow / D, repeated until nothing new triggers (a MODEL: one depth, no other traders).
--json: { asOf, spot, underlying, units, grid, sources: { dealers, issuers, liquidations, adl },
total, cumulative: { dealers, issuers, liquidations, adl, total }, levels, cascade, adl,
beyondGrid, assumptions, warnings, counts: { file: { rows, contracts, used, excluded } } } (warnings:
every input's, the chain file's load warnings first, as profile gives them; also on stderr).
`;

/**
 * Add `flows` to the program.
 *
 * @example
 * register(program); // gexray flows <chain> [--notes …] [--map …] [--oi <history> --venue …] [--insurance-fund USD] [--depth USD] [--json]
 */
export function register(program: Command): void {
  const cmd = program
    .command("flows")
    .summary("the forced-flow map: dealers, note issuers, liquidations and ADL on one price grid; shock cascades")
    .description(
      "Put every modelled source of forced buying and selling on the chain's price grid in signed USD: option dealers' exact " +
        "re-hedges, note issuers' re-hedges and knock-in unwinds, ESTIMATED liquidations and ADL re-hedges from an open-interest " +
        "history; the biggest pockets and, given a market depth, where shocks come to rest.",
    )
    .argument("<chain>", "option chain file");
  addFlowFlags(addGridFlags(addSelectionFlags(makeMapRepeatable(addDataFlags(cmd)))))
    .option("--futures <file>", "futures prices: basis-trade unwind days (basis jumps with a CME OI drop in --oi) up to the chain's as-of, as a regime")
    .option("--notes <notes.csv>", "structured-note term sheets: the issuers' re-hedges and knock-in unwinds")
    .option("--prices <history.csv>", "daily closes of the notes' underlying (initial levels, knock-ins, autocalls)")
    .option("--note-vol <vol>", "one vol for every note, decimal or percent (default: the chain's smile at each barrier)")
    .option("--json", "print JSON (with a units object)")
    .option("--no-color", "no ANSI colors in the terminal output (also NO_COLOR=1)")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: FlowsFlags) => {
      const [{ splitMaps }, { parseVol }, { UsageError }, { flowsOptionsFromFlags }, { loadOptionsFromFlags }, { gridFromFlags, selectionFromFlags, refuseConvention }] = await Promise.all([
        import("../mapFlag.js"), import("../options.js"), import("../errors.js"), import("../ladderFlags.js"), import("../dataFlags.js"), import("./profile.js"),
      ]);
      const maps = await splitMaps(flags.map ?? []);
      const noteVol = flags.noteVol === undefined ? undefined : parseVol(flags.noteVol, "--note-vol");
      if (flags.prices !== undefined && flags.notes === undefined) throw new UsageError("--prices needs --notes");
      const flows = await flowsOptionsFromFlags(flags);
      const loadOpts = loadOptionsFromFlags({ ...flags, map: maps.columns });
      const gridOpts = gridFromFlags(flags);
      refuseConvention(gridOpts, "flows");
      if (flags.dealerExpr !== undefined) throw new UsageError("--dealer-expr applies to profile, levels, strikes, report and gamma-map; flows takes --dealer");
      const [{ assembleReport }, { createProgress }, { packageVersion }] = await Promise.all([
        import("../../report/assemble.js"), import("../../report/progress.js"), import("../program.js"),
      ]);
      const bar = createProgress("flows");
      let model: import("../../report/model.js").ReportModel;
      try {
        model = await assembleReport({
          // the map alone: no surface up front, not the report's views (expiry overlay, gamma map), and
          // not the notes' vanna (the map reads their deltas)
          chainFile: file, load: loadOpts, flows, surface: false, overlay: false, mapDays: 0, noteVanna: false,
          profile: async (chain) => {
            const sel = await selectionFromFlags(flags, chain);
            return {
              grid: gridOpts.grid, volModel: gridOpts.volModel, dealer: sel.dealer, atMs: sel.atMs, expiry: sel.expiry,
              ...(gridOpts.threads !== undefined ? { threads: gridOpts.threads } : {}),
            };
          },
          ...(flags.notes !== undefined ? { notesFile: flags.notes } : {}),
          ...(flags.prices !== undefined ? { pricesFile: flags.prices } : {}),
          ...(maps.underlying ? { map: maps.underlying } : {}),
          ...(noteVol !== undefined ? { noteVol } : {}),
          ...(flags.futures !== undefined ? { futuresFile: flags.futures, ...(flags.oi !== undefined ? { oiFile: flags.oi } : {}) } : {}),
          generator: `gexray ${packageVersion()}`,
          onProgress: bar.update,
        });
      } finally {
        bar.done();
      }
      const { emit } = await import("../output.js");
      if (flags.json || flags.out !== undefined) (await import("../chainInput.js")).printWarnings(model.warnings);
      // the chain file's counts, and every warning (the load's, the notes', the ladder's, the map's) as report --json has them
      if (flags.json) return emit(JSON.stringify({ ...model.flows, counts: { file: model.meta.source.load }, warnings: model.warnings }) + "\n", flags.out);
      const [{ renderFlowsTerminal }, { terminalOptions }] = await Promise.all([import("../../report/terminal.js"), import("../terminal.js")]);
      const t = terminalOptions(flags);
      return emit(renderFlowsTerminal(model, { color: flags.out === undefined && t.color, width: t.width }), flags.out);
    });
}
