/**
 * `gexray report [chain] [--notes notes.csv] [--map IBIT:BTC=0.000568] [--out report.html|.md|.json]`:
 * the dealer gamma report a person reads — terminal tables and an ASCII profile by default, or a
 * self-contained HTML file, Markdown with SVG charts beside it, or JSON. With no chain file it runs
 * on the shipped SYNTHETIC sample (a Deribit BTC chain and an IBIT note book mapped onto it) and
 * also writes report.html: what `npm start` shows a new user.
 *
 * Loading this module costs commander types only; the report layer is imported in the action.
 *
 * @module
 */
import type { Command } from "commander";
import type { Chain } from "../../data/chain.js";
import type { ReportProfileOptions } from "../../report/assemble.js";
import type { ReportModel } from "../../report/model.js";
import { addDataFlags, DATA_FLAGS_HELP, type DataFlags } from "../dataFlags.js";
import { UsageError } from "../errors.js";
import { makeMapRepeatable, splitMaps } from "../mapFlag.js";
import { parseDecimalOrPercent, parseNumber, parseVol } from "../options.js";
import { addFlowFlags, type LadderFlags } from "../ladderFlags.js";
import { addGridFlags, addSelectionFlags, type GridFlags, type SelectionFlags } from "./profile.js";

/**
 * The shipped sample the command runs on without a chain file (paths relative to the package root).
 *
 * @example
 * SAMPLE.map; // "IBIT:BTC=0.000568"
 */
export const SAMPLE = {
  chain: "data/btc_deribit_sample_2026-02-04.csv",
  notes: "data/ibit_notes_sample.csv",
  prices: "data/ibit_history_2025-09_2026-02.csv",
  map: "IBIT:BTC=0.000568",
  oi: "data/btc_oi_history_2026-01-26_2026-02-10.csv",
  venue: "binance",
  /** Binance's shared BTC/ETH/BNB insurance fund before 10 Oct 2025 (docs/forced-flows.md §5.3) */
  insuranceFund: "1.23e9",
  /** an assumed market depth for the sample's cascades, USD per 1% move */
  depth: "2e8",
  label: "SYNTHETIC sample data: a made-up Deribit BTC book (2026-02-04 14:00 UTC), IBIT note book and BTC open-interest " +
    "history, shaped like the February 2026 sell-off for illustration; not market data (data/README.md).",
} as const;

/** Flags of `gexray report`. */
interface ReportFlags extends Omit<DataFlags, "map">, SelectionFlags, GridFlags, LadderFlags {
  map?: string[];
  notes?: string;
  prices?: string;
  noteVol?: string;
  tolerance?: string;
  strikes?: string;
  out?: string;
  json?: boolean;
  color?: boolean;
  width?: string;
  mapDays?: string;
  futures?: string;
  oi?: string;
}

const HELP = `
Examples:
  $ gexray report
      the shipped sample (BTC chain + IBIT notes): terminal report, and report.html written here
  $ gexray report test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv --out btc.html
  $ gexray report chain.csv --notes data/ibit_notes_sample.csv --prices data/ibit_history_2025-09_2026-02.csv \\
      --map IBIT:BTC=0.000568 --range 0.7:1.3 --out report.md
  $ gexray report test/fixtures/real/spx_quotedata_2024-01-07.csv --json > spx.json
  $ gexray report --futures data/cme_btc_futures_2026-01-26_2026-02-10.csv \\
      --oi data/btc_oi_history_2026-01-26_2026-02-10.csv
      the sample with the CME basis term structure, its history and the 6 Feb jump (SYNTHETIC)

Output (by --out's extension): .html one self-contained file (inline SVG charts, nothing fetched);
.md Markdown with the charts as <name>-gamma.svg, -strikes.svg, -overlay.svg, -map.svg, -vanna.svg,
-charm.svg beside it; .json the report's data. Without --out: colored tables, an ASCII gamma profile
and a bar chart by strike within 100 columns (no colors when stdout is not a terminal, NO_COLOR is
set, or --no-color); --json prints the JSON.

Views: gamma by strike (calls and puts as bars, the net, walls); call and put dollar gamma at spot,
gamma tilt = |call| / (|call| + |put|), put/call open-interest ratio; the profile with all
expiries, without the next expiry and without the next monthly (third Friday; Deribit: last
Friday); the price × time gamma map over --map-days days (each day: contracts' time to expiry
shortened, expiries passed dropped, spot and IVs held). JSON: views.{split, strikeWindow, overlay,
gammaMap}.

Units: prices USD per unit of the chain's underlying; dollar gamma USD of dealer delta change per
1% move (Σ sign·OI·mult·Γ·S²·0.01); dollar vanna per +1 vol point (Σ …·vanna·S·0.01); dollar charm
per calendar day (Σ …·charm·S/365); hedge per +1% move in underlying units, USD and contracts of
data/contracts.json; note barriers USD per share of the notes' underlying, with their level on the
chain's grid through --map; notional and unwind in USD and shares.

--map does two jobs: IBIT:BTC=0.000568 (one IBIT share = 0.000568 BTC) puts notes on another
underlying onto the chain's grid; name=column items rename generic-CSV columns. Give it twice for both.
--futures adds the futures basis (see gexray basis --help): per-contract and constant-maturity basis
of the file's last day, the history, and the jumps paired with open-interest changes (--oi).
Volatility surface: raw SVI per expiry (vega-weighted least squares on total variance, mathjs), with
the smile charts of the six expiries with the most open interest, each slice's fit error, fallback
(monotone interpolation, with why), butterfly and calendar checks; the notes' vols and
--vol-model sticky-moneyness read it. --convention perfiliev and --dealer-expr: see gexray profile --help.
Notes: each note's vol is read from the chain's surface at its barrier's moneyness unless --note-vol;
status from --prices closes and the spot; clusters by single linkage (--tolerance, default 2%).
${DATA_FLAGS_HELP}
Exit codes: 0 success; 1 internal error; 2 bad input or usage (one line on stderr).
`;

/**
 * Add `report` to the program.
 *
 * @example
 * register(program); // gexray report [file] [--notes …] [--map …] [--out report.html]
 */
export function register(program: Command): void {
  const cmd = program
    .command("report")
    .summary("the full gamma report: terminal, or self-contained HTML / Markdown / JSON with charts")
    .description(
      "Compute the dealer gamma, vanna and charm profile of an option chain with its key levels, hedge flows, per-expiry and " +
        "per-strike tables, and (with --notes) the structured notes' barriers, clusters and issuer hedges on the same grid, " +
        "and render it for a terminal, as one self-contained HTML file, as Markdown with SVG charts, or as JSON. " +
        "Without a chain file it runs on the shipped synthetic sample and writes report.html.",
    )
    .argument("[file]", "chain file (default: the shipped sample, with its note book)");
  addFlowFlags(addGridFlags(addSelectionFlags(makeMapRepeatable(addDataFlags(cmd)))));
  cmd
    .option("--notes <notes.csv>", "structured-note term sheets to show on the same grid (barriers, clusters, issuer hedges)")
    .option("--prices <history.csv>", "daily closes of the notes' underlying (initial levels, knock-ins, autocalls)")
    .option("--note-vol <vol>", "one vol for every note, decimal or percent (default: the chain's vol surface at each barrier)")
    .option("--tolerance <gap>", "relative gap linking barriers into a cluster, decimal or percent (default 2%)")
    .option("--strikes <n>", "strikes around spot in the strikes table (default 25; the terminal shows 15)")
    .option("-o, --out <file>", "write report.html, report.md (+ SVG charts beside it) or report.json, atomically; --json picks JSON whatever the name; a device or FIFO without it gets the terminal text")
    .option("--json", "print the report's JSON on stdout")
    .option("--no-color", "no ANSI colors in the terminal report (also NO_COLOR=1)")
    .option("--width <cols>", "terminal report width in columns (default 100, or the terminal's if narrower)")
    .option("--map-days <n>", "days of the price × time gamma map, 0–366 (default 14; 0 leaves it out)")
    .option("--futures <file>", "futures prices (or a Deribit dump): the basis term structure, its history and jump flags")
    .addHelpText("after", HELP)
    .action(async (file: string | undefined, flags: ReportFlags) => {
      const [{ fileURLToPath }, { dirname, basename, join, extname }] = await Promise.all([import("node:url"), import("node:path")]);
      const root = fileURLToPath(new URL("../../../", import.meta.url));
      const sample = file === undefined;
      const { outTarget } = await import("../outKind.js");
      const kind = flags.out === undefined ? undefined : outTarget(flags.out, ["html", "md", "json"], flags.json ? "json" : undefined);
      const maps = await splitMaps(flags.map ?? []);
      const { loadOptionsFromFlags } = await import("../dataFlags.js");
      const { gridFromFlags, selectionFromFlags } = await import("./profile.js");
      const gridOpts = gridFromFlags(flags);
      const loadOpts = {
        ...loadOptionsFromFlags({ ...flags, ...(maps.columns !== undefined ? { map: maps.columns } : { map: undefined }) }),
        ...(gridOpts.convention.name === "perfiliev" ? { keepZeroIv: true } : {}),
      };
      const noteVol = flags.noteVol === undefined ? undefined : parseVol(flags.noteVol, "--note-vol");
      const tolerance = flags.tolerance === undefined ? undefined : parseDecimalOrPercent(flags.tolerance, "--tolerance", { min: 0, max: 1 });
      const strikesAround = flags.strikes === undefined ? undefined : parseNumber(flags.strikes, "--strikes", { integer: true, min: 1, max: 100000 });
      const width = flags.width === undefined ? undefined : parseNumber(flags.width, "--width", { integer: true, min: 80, max: 1000 });
      const mapDays = flags.mapDays === undefined ? undefined : parseNumber(flags.mapDays, "--map-days", { integer: true, min: 0, max: 366 });
      if (flags.prices !== undefined && flags.notes === undefined && !sample) throw new UsageError("--prices needs --notes");
      if (flags.noteVol !== undefined && flags.notes === undefined && !sample) throw new UsageError("--note-vol needs --notes");
      if (gridOpts.convention.name === "perfiliev" && (flags.notes !== undefined || sample)) {
        const { PERFILIEV_NO_NOTES } = await import("./profile.js");
        throw new UsageError(sample ? `${PERFILIEV_NO_NOTES}; the shipped sample has notes: give a chain file` : PERFILIEV_NO_NOTES);
      }

      let mapping = maps.underlying;
      const chainFile = file ?? join(root, SAMPLE.chain);
      let notesFile = flags.notes;
      let pricesFile = flags.prices;
      const display: { chain?: string; notes?: string; prices?: string } = {};
      if (sample) {
        display.chain = SAMPLE.chain;
        if (notesFile === undefined) {
          notesFile = join(root, SAMPLE.notes);
          display.notes = SAMPLE.notes;
          if (pricesFile === undefined) {
            pricesFile = join(root, SAMPLE.prices);
            display.prices = SAMPLE.prices;
          }
          if (mapping === undefined) {
            const { parseUnderlyingMap } = await import("../../notes/underlyingMap.js");
            mapping = parseUnderlyingMap(SAMPLE.map);
          }
        }
      }

      // the forced-flow map opens the report when its inputs are given (the sample ships them). --oi
      // feeds both the liquidation ladder and, with --futures, the OI changes paired with basis
      // jumps; with --futures and no ladder flag it feeds the basis alone.
      const { flowsOptionsFromFlags, LADDER_FLAG_NAMES } = await import("../ladderFlags.js");
      const flowFlags: LadderFlags = { ...flags };
      const ladderFlagGiven = LADDER_FLAG_NAMES.some((k) => flags[k] !== undefined);
      if (sample && !ladderFlagGiven && flags.depth === undefined) {
        Object.assign(flowFlags, { oi: flags.oi ?? join(root, SAMPLE.oi), venue: SAMPLE.venue, insuranceFund: SAMPLE.insuranceFund, depth: SAMPLE.depth });
      }
      const ladderFromOi = flowFlags.oi !== undefined && (flags.futures === undefined || LADDER_FLAG_NAMES.some((k) => flowFlags[k] !== undefined));
      const flowInputs: LadderFlags = ladderFromOi ? flowFlags : { ...flowFlags, oi: undefined };
      const flows = ladderFromOi || flowFlags.depth !== undefined
        ? await flowsOptionsFromFlags(flowInputs, flags.oi === undefined && sample ? SAMPLE.oi : undefined)
        : (await flowsOptionsFromFlags(flowInputs), undefined); // still refuses a ladder flag without --oi
      const [{ assembleReport }, { createProgress }, { packageVersion }] = await Promise.all([
        import("../../report/assemble.js"), import("../../report/progress.js"), import("../program.js"),
      ]);
      const bar = createProgress("report");
      const profileOptions = async (chain: Chain): Promise<ReportProfileOptions> => {
        const sel = await selectionFromFlags(flags, chain);
        return {
          grid: gridOpts.grid, volModel: gridOpts.volModel, dealer: sel.dealer, atMs: sel.atMs, expiry: sel.expiry, convention: gridOpts.convention,
          ...(sel.dealerExpression ? { dealerExpression: sel.dealerExpression } : {}),
          ...(gridOpts.threads !== undefined ? { threads: gridOpts.threads } : {}),
        };
      };
      let model: ReportModel;
      try {
        model = await assembleReport({
          chainFile, load: loadOpts, profile: profileOptions,
          ...(notesFile !== undefined ? { notesFile } : {}),
          ...(pricesFile !== undefined ? { pricesFile } : {}),
          ...(mapping !== undefined ? { map: mapping } : {}),
          ...(noteVol !== undefined ? { noteVol } : {}),
          ...(tolerance !== undefined ? { tolerance } : {}),
          ...(strikesAround !== undefined ? { strikesAround } : {}),
          ...(mapDays !== undefined ? { mapDays } : {}),
          ...(sample ? { label: SAMPLE.label } : {}),
          ...(flows ? { flows } : {}),
          ...(flags.futures !== undefined ? { futuresFile: flags.futures } : {}),
          ...(flags.oi !== undefined ? { oiFile: flags.oi } : {}),
          generator: `gexray ${packageVersion()}`,
          displayName: display,
          onProgress: bar.update,
        });
      } finally {
        bar.done();
      }

      const [{ emit }, { printWarnings }] = await Promise.all([import("../output.js"), import("../chainInput.js")]);
      const warn = () => printWarnings(model.warnings);
      if (flags.json && flags.out === undefined) {
        warn();
        const { renderJson } = await import("../../report/json.js");
        return emit(renderJson(model));
      }
      if (kind !== undefined && kind !== "text" && flags.out !== undefined) {
        warn();
        if (kind === "json") {
          const { renderJson } = await import("../../report/json.js");
          return emit(renderJson(model), flags.out);
        }
        if (kind === "html") {
          const { renderHtml } = await import("../../report/html.js");
          return emit(renderHtml(model), flags.out);
        }
        const { renderMarkdown } = await import("../../report/markdown.js");
        const stem = basename(flags.out, extname(flags.out));
        const md = renderMarkdown(model, stem);
        const { emitFiles } = await import("../output.js");
        return emitFiles([...md.files.map((f) => ({ path: join(dirname(flags.out!), f.name), data: f.content })), { path: flags.out, data: md.markdown }]);
      }
      const [{ renderTerminal }, { textOptions }] = await Promise.all([import("../../report/terminal.js"), import("../terminal.js")]);
      // written to --out (a device or FIFO): no colors, the default width
      const t = textOptions(flags, kind !== undefined);
      await emit(renderTerminal(model, { color: t.color, width: width ?? t.width }), flags.out);
      if (sample && flags.out === undefined) {
        const { renderHtml } = await import("../../report/html.js");
        await emit(renderHtml(model), "report.html");
        process.stderr.write("gexray: open report.html in a browser for the charts and every table\n");
      }
    });
}
