/**
 * `gexray levels <file>`: the key levels alone: every zero-gamma crossing (nearest spot flagged),
 * call wall, put wall, absolute-gamma strike and the short-gamma zones.
 *
 * @module
 */
import type { Command } from "commander";
import type { TerminalFlags } from "../terminal.js";
import { addDataFlags, DATA_FLAGS_HELP, type DataFlags } from "../dataFlags.js";
import { addGridFlags, addSelectionFlags, type GridFlags, type SelectionFlags } from "./profile.js";

/** Flags of `gexray levels`. */
interface LevelsFlags extends DataFlags, SelectionFlags, GridFlags, TerminalFlags {
  json?: boolean;
  out?: string;
}

const HELP = `
Examples:
  $ gexray levels test/fixtures/real/spx_quotedata_2024-01-07.csv
  $ gexray levels test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv --range 0.5:1.5 --json
  $ gexray levels test/fixtures/real/spx_quotedata_2024-01-07.csv --convention perfiliev
  $ gexray levels test/fixtures/real/spx_quotedata_2024-01-07.csv --dealer-expr "type == 1 ? 0.3 * oi : -oi"
${DATA_FLAGS_HELP}
Zero gamma: every sign change of the dealer gamma profile on the grid (linear interpolation between
grid prices), ascending; "nearest" is the one closest to spot. Walls are per-strike sums at spot
(calls and puts apart, every root and expiry together). Short-gamma zones: where the profile is
negative (an end at the grid's edge means the zone runs at least that far). All levels in USD per unit.
--convention perfiliev reproduces the published GEX scripts (Perfiliev's method): business days /
262 (--year-days 252), 60 levels over 0.8–1.2 × spot, the first crossing flagged, and the total
gamma at spot from the file's Gamma column (CBOE exports have one), printed with it.
--json: { asOf, spot, underlying, unit, levels: { zeroGamma, nearestZeroGamma, callWall, putWall,
absGammaStrike }, shortGammaZones, grid: { from, to, points, log }, convention: { name, flip,
flipRule, … }, model, counts: { …, file }, warnings }. The file's warnings also go to stderr.
`;

/**
 * Add `levels` to the program.
 *
 * @example
 * register(program); // gexray levels <file> [--json] …
 */
export function register(program: Command): void {
  const cmd = program
    .command("levels")
    .summary("key levels alone: zero-gamma crossings, call and put walls, abs-gamma strike, short-gamma zones")
    .description("Compute the dealer gamma profile of a chain and print only its key levels.")
    .argument("<file>", "chain file");
  addGridFlags(addSelectionFlags(addDataFlags(cmd)))
    .option("--json", "print JSON (with a unit object)")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: LevelsFlags) => {
      const [{ runProfile }, { emit }, { formatInstant }, { formatNumber }] = await Promise.all([
        import("./profile.js"), import("../output.js"), import("../../data/time.js"), import("../../report/table.js"),
      ]);
      const { profile: p, input } = await runProfile(file, flags);
      if (flags.json) {
        const doc = {
          asOf: formatInstant(p.asOf), spot: p.spot, underlying: p.underlying,
          unit: { levels: "USD per unit of underlying", shortGammaZones: "USD per unit of underlying, [low, high]" },
          levels: p.levels, shortGammaZones: p.shortGammaZones,
          grid: { from: p.grid[0], to: p.grid[p.grid.length - 1], points: p.grid.length, log: p.logGrid },
          model: { ...p.model }, convention: p.convention, counts: { ...p.counts, file: input.counts }, warnings: input.warnings,
        };
        return emit(JSON.stringify(doc, null, 2) + "\n", flags.out);
      }
      const [{ distancePct, formatPct, usdPer }, { fitLines }] = await Promise.all([import("../../report/format.js"), import("../../report/wrap.js")]);
      const px = (v: number | null) => (v === null ? "none" : formatNumber(v, 8));
      const pct = (v: number, d = 2) => formatPct(distancePct(v, p.spot), d);
      const L = p.levels;
      const c = p.convention;
      const g0 = p.grid[0]!;
      const g1 = p.grid[p.grid.length - 1]!;
      // one level per line: price and distance from spot, aligned
      const single: Array<[string, number | null]> = [
        c.flipRule === "first crossing" ? ["zero gamma (first)", c.flip] : ["zero gamma (nearest)", L.nearestZeroGamma],
        ["call wall", L.callWall], ["put wall", L.putWall], ["abs-gamma strike", L.absGammaStrike],
      ];
      const pw = Math.max(5, ...single.map(([, v]) => px(v).length));
      const row = ([label, v]: [string, number | null]) => `  ${label.padEnd(20)}  ${px(v).padStart(pw)}${v === null ? "" : `  ${pct(v).padStart(8)}`}`;
      // a zone end at the grid's edge: the zone runs at least that far (≤, ≥), as profile prints it
      const zone = ([a, b]: [number, number]) => `${a <= g0 ? "≤ " : ""}${formatNumber(a, 8)}–${b >= g1 ? "≥ " : ""}${formatNumber(b, 8)} (${pct(a, 1)} to ${pct(b, 1)})`;
      const lines = [
        `${p.underlying || "(unnamed)"} key levels as of ${formatInstant(p.asOf)}, spot ${formatNumber(p.spot, 8)} (${usdPer(p.underlying)}; dealer sign ${p.model.dealer})`,
        `  ${"".padEnd(20)}  ${"price".padStart(pw)}  ${"from spot".padStart(8)}`,
        row(single[0]!),
        `  zero gamma (all)      ${L.zeroGamma.length ? L.zeroGamma.map((z) => `${formatNumber(z, 8)} (${pct(z)})`).join(", ") : "none on the grid"}`,
        ...single.slice(1).map(row),
        `  short gamma zones     ${p.shortGammaZones.length ? p.shortGammaZones.map(zone).join(", ") : "none on the grid"}`,
        `  grid                  ${formatNumber(g0, 8)}–${formatNumber(g1, 8)}, ${p.grid.length} prices (${p.logGrid ? "log" : "linear"}); ≤, ≥: a zone ` +
          "reaching the grid's edge runs at least that far; from spot = level / spot − 1",
      ];
      if (p.model.dealerExpression !== undefined) lines.push(`  dealer position       ${p.model.dealerExpression} (signed contracts; --dealer-expr)`);
      if (c.name === "perfiliev") {
        const { human } = await import("./profile.js");
        const source = c.gammaAtSpot.vendorContracts === 0 ? "model gamma: the file has no Gamma column"
          : `the file's Gamma column${c.gammaAtSpot.modelContracts > 0 ? `; ${c.gammaAtSpot.modelContracts} contracts without one: model` : ""}`;
        lines.push(
          `  total gamma at spot   ${human(p.atSpot.gamma)} USD per 1% move (${source})`,
          `  convention            perfiliev: business days / ${c.yearDays} (0 days: 1/${c.yearDays}), first crossing`,
        );
      } else {
        lines.push("  convention            gexray: calendar time to each expiry's clock, nearest crossing flagged");
      }
      const { terminalOptions } = await import("../terminal.js");
      return emit(fitLines(lines.join("\n"), flags.out === undefined ? terminalOptions(flags).width : Infinity) + "\n", flags.out);
    });
}
