/**
 * `gexray diff <older> <newer>`: two snapshots of one underlying compared: open interest by strike
 * and expiry (new, closed and expired positions), every level's change and both dealer gamma
 * profiles on one chart.
 *
 * @module
 */
import type { Command } from "commander";
import { addDataFlags, DATA_FLAGS_HELP, type DataFlags } from "../dataFlags.js";
import type { OutputFlags } from "../outKind.js";
import { addGridFlags, type GridFlags } from "./profile.js";

/** Flags of `gexray diff`. */
interface DiffFlags extends DataFlags, GridFlags, Omit<OutputFlags, "csv"> {
  dealer?: string;
}

const HELP = `
Examples:
  $ gexray diff test/fixtures/real/extra/spx_quotedata_2022-02-04_close.csv test/fixtures/real/spx_quotedata_2024-01-07.csv
  $ gexray diff monday.csv tuesday.csv --json > diff.json
  $ gexray diff monday.csv tuesday.csv --out diff.html

Open interest is compared series by series (root, call/put, strike, expiry): a series in the newer
file only is a new position; one in the older only is closed when its expiry is after the newer
snapshot, expired otherwise. Totals by expiry and by strike (every expiry of a strike together).
Contracts a loader left out (bad IV, unreadable row) are absent from its side; the output says
how many. Levels (zero gamma, walls, abs-gamma strike, short-gamma zones) and gamma, vanna and
charm at spot are computed for both snapshots on one grid spanning both spots (--range applies
around each spot; default 0.8:1.2, 500 steps). Units: contracts; prices USD per unit; gamma USD of
dealer delta per 1% move, vanna per +1 vol point, charm per calendar day.
--json: { unit, underlying, older, newer (each { file, format, asOf, spot, used, excluded,
counts: { file } }), days, conventions, price, gamma: { older, newer },
levels: { rows: [{ id, older, newer, change, changePct }], zeroGamma, shortGammaZones },
oi: { series: [{ root, type, strike, expiry, older, newer, change, status }], byStrike, byExpiry,
totals }, warnings } (warnings: each file's load warnings, as profile gives them, then the
comparison's own; also on stderr). --out diff.html | diff.md | diff.json writes that format.
${DATA_FLAGS_HELP}
Exit codes: 0 success; 1 internal error; 2 bad input or usage (one line on stderr).
`;

/**
 * Add `diff` to the program.
 *
 * @example
 * register(program); // gexray diff <older> <newer> [--json] [--out diff.html]
 */
export function register(program: Command): void {
  const cmd = program
    .command("diff")
    .summary("two snapshots of one underlying: open-interest change by strike and expiry, level changes, both profiles")
    .description("Compare two snapshots of one underlying: open interest (new, closed, expired positions), levels and gamma profiles.")
    .argument("<older>", "the earlier chain file")
    .argument("<newer>", "the later chain file");
  addGridFlags(addDataFlags(cmd))
    .option("--dealer <sign>", "dealer side: naive (long calls, short puts), short, long, or column (default naive)")
    .option("--json", "print JSON (with a unit object)")
    .option("-o, --out <file>", "write diff.html, diff.md (+ SVG charts beside it) or diff.json, atomically; --json picks JSON whatever the name; a device or FIFO without it gets the terminal text")
    .option("--no-color", "no ANSI colors (also NO_COLOR=1)")
    .addHelpText("after", HELP)
    .action(async (older: string, newer: string, flags: DiffFlags) => {
      const [{ parseChoice }, { loadOptionsFromFlags }, { gridFromFlags, refuseConvention }] = await Promise.all([
        import("../options.js"), import("../dataFlags.js"), import("./profile.js"),
      ]);
      const gridOpts = gridFromFlags(flags);
      refuseConvention(gridOpts, "diff");
      const dealer = flags.dealer === undefined ? "naive" : parseChoice(flags.dealer, "--dealer", ["naive", "short", "long", "column"] as const);
      const { outTarget, emitMarkdown } = await import("../outKind.js");
      const kind = flags.out === undefined ? undefined : outTarget(flags.out, ["html", "md", "json"], flags.json ? "json" : undefined);
      const { assembleDiff } = await import("../../report/diffModel.js");
      const model = await assembleDiff(older, newer, {
        load: loadOptionsFromFlags(flags), grid: gridOpts.grid, dealer, volModel: gridOpts.volModel,
        ...(gridOpts.threads !== undefined ? { threads: gridOpts.threads } : {}),
      });
      const [r, { emit }] = await Promise.all([import("../../report/diffRender.js"), import("../output.js")]);
      // each file's load warnings and the comparison's, on stderr in every mode (the terminal output and pages also show them)
      (await import("../chainInput.js")).printWarnings(model.warnings);
      if (flags.json || kind === "json") return emit(r.renderDiffJson(model), flags.out);
      if (kind === "html") {
        const { packageVersion } = await import("../program.js");
        return emit(r.renderDiffHtml(model, `gexray ${packageVersion()}`), flags.out);
      }
      if (kind === "md") return emitMarkdown((stem) => r.renderDiffMarkdown(model, stem), flags.out!);
      const { textOptions } = await import("../terminal.js");
      // written to --out (a device or FIFO): no colors, the default width
      const t = textOptions(flags, kind !== undefined);
      return emit(r.renderDiffTerminal(model, t), flags.out);
    });
}
