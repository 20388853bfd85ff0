/**
 * `gexray strikes <file> --min K1 --max K2`: one row per strike in the range: call and put open
 * interest, call, put and net dealer dollar gamma, dealer dollar vanna, at spot, by strike.
 *
 * The quick query people run again and again: it loads the chain and sums per strike, nothing
 * else (no grid, no dataframe or plotting library; every import is lazy).
 *
 * @module
 */
import type { Command } from "commander";
import type { TerminalFlags } from "../terminal.js";
import { addDataFlags, DATA_FLAGS_HELP, type DataFlags } from "../dataFlags.js";
import { addSelectionFlags, type SelectionFlags } from "./profile.js";

/** Flags of `gexray strikes`. */
interface StrikesFlags extends DataFlags, SelectionFlags, TerminalFlags {
  min?: string;
  max?: string;
  type?: string;
  json?: boolean;
  csv?: boolean;
  out?: string;
}

const HELP = `
Examples:
  $ gexray strikes test/fixtures/real/spx_quotedata_2024-01-07.csv --min 4600 --max 4800
  $ gexray strikes test/fixtures/real/ibit_chain_2026-07-14.json --min 30 --max 45 --expiry 2026-07-17 --type put --csv
${DATA_FLAGS_HELP}
Columns: strike (USD per unit); call and put open interest (contracts); call, put and net dealer
dollar gamma (USD of dealer delta per 1% move, Σ W·Γ·S²·0.01); dealer dollar vanna (USD of dealer
delta per +1 vol point, calls and puts). W = dealer sign × open interest × multiplier, naive sign by
default (dealers long calls, short puts), or --dealer-expr "<mathjs expression>" (see gexray
profile --help). Every root and expiry of a strike is summed unless --expiry narrows it. The table
prints scaled figures (k, mn, bn); --csv and --json print full precision.
--json adds counts: { file: { rows, contracts, used, excluded }, strikes } and warnings (also on stderr).
`;

/**
 * Add `strikes` to the program.
 *
 * @example
 * register(program); // gexray strikes <file> --min 4600 --max 4800 [--expiry …] [--type put] [--csv]
 */
export function register(program: Command): void {
  const cmd = program
    .command("strikes")
    .summary("per-strike open interest, call/put/net dealer gamma and vanna at spot, in a strike range")
    .description("One row per strike in [--min, --max]: call and put open interest, call, put and net dealer dollar gamma and dealer dollar vanna at spot.")
    .argument("<file>", "chain file");
  addSelectionFlags(addDataFlags(cmd))
    .option("--min <strike>", "lowest strike shown (default: all)")
    .option("--max <strike>", "highest strike shown (default: all)")
    .option("--type <type>", "calls or puts only: call, put")
    .option("--json", "print JSON (with a unit object)")
    .option("--csv", "print CSV at full precision")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: StrikesFlags) => {
      const [{ outputFormat, parseNumber, parseChoice }, { loadOptionsFromFlags }, { UsageError }] = await Promise.all([
        import("../options.js"), import("../dataFlags.js"), import("../errors.js"),
      ]);
      const format = outputFormat(flags);
      const min = flags.min === undefined ? undefined : parseNumber(flags.min, "--min", { min: 0 });
      const max = flags.max === undefined ? undefined : parseNumber(flags.max, "--max", { min: 0 });
      if (min !== undefined && max !== undefined && !(min <= max)) throw new UsageError(`--min must not exceed --max (got ${flags.min} and ${flags.max})`);
      const type = flags.type === undefined ? undefined : parseChoice(flags.type, "--type", ["call", "put"] as const);
      const loadOpts = loadOptionsFromFlags(flags);
      const [{ loadForAnalysis, printWarnings }, { strikeTable }, { selectionFromFlags }, { emit }] = await Promise.all([
        import("../chainInput.js"), import("../../exposure/strikes.js"), import("./profile.js"), import("../output.js"),
      ]);
      const input = await loadForAnalysis(file, loadOpts);
      const { chain } = input.loaded;
      const sel = await selectionFromFlags(flags, chain);
      if (format !== "json") printWarnings(input.warnings); // --json carries them itself
      const base = { atMs: sel.atMs, expiry: sel.expiry, dealer: sel.dealer, ...(sel.dealerExpression ? { dealerExpression: sel.dealerExpression } : {}) };
      const rows = strikeTable(chain, { ...base, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), ...(type ? { type } : {}) });
      // the walls and the absolute-gamma strike: over every strike and both types, wherever the range is
      const walls = async () => {
        const { keyLevels } = await import("../../exposure/levels.js");
        const L = keyLevels({ prices: [], gamma: [], spot: chain.spot, strikes: strikeTable(chain, base) });
        return { callWall: L.callWall, putWall: L.putWall, absGammaStrike: L.absGammaStrike };
      };
      if (format === "csv") {
        const { toCsv } = await import("../../report/csv.js");
        return emit(toCsv(
          ["strike", "call_open_interest", "put_open_interest", "call_gamma_usd_per_1pct", "put_gamma_usd_per_1pct", "net_gamma_usd_per_1pct", "vanna_usd_per_vol_point"],
          rows.map((r) => [r.strike, r.callOpenInterest, r.putOpenInterest, r.callGamma, r.putGamma, r.netGamma, r.vanna]),
        ), flags.out);
      }
      const { formatInstant } = await import("../../data/time.js");
      if (format === "json") {
        return emit(JSON.stringify({
          asOf: formatInstant({ epochMs: sel.atMs, zone: chain.asOf.zone }), spot: chain.spot, underlying: chain.underlying,
          dealer: sel.dealerExpression ? "expression" : sel.dealer, ...(sel.dealerExpression ? { dealerExpression: sel.dealerExpression.source } : {}),
          unit: {
            strike: "USD per unit of underlying", openInterest: "contracts",
            gamma: "USD of dealer delta change per 1% move (Σ sign·OI·mult·Γ·S²·0.01)",
            vanna: "USD of dealer delta change per +1 vol point (Σ sign·OI·mult·vanna·S·0.01)",
          },
          walls: await walls(),
          strikes: rows, counts: { file: input.counts, strikes: rows.length }, warnings: input.warnings,
        }) + "\n", flags.out);
      }
      const [{ formatNumber, formatTable }, { human }, { terminalOptions }, { fitLines }, { usdPer }] = await Promise.all([
        import("../../report/table.js"), import("./profile.js"), import("../terminal.js"), import("../../report/wrap.js"), import("../../report/format.js"),
      ]);
      const width = flags.out === undefined ? terminalOptions(flags).width : Infinity;
      // the walls and the absolute-gamma strike are always shown, also outside --min/--max (and with --type, their rows of that type)
      const W = await walls();
      const flagOf = (k: number) => [k === W.callWall ? "call wall" : "", k === W.putWall ? "put wall" : "", k === W.absGammaStrike ? "abs gamma" : ""].filter((x) => x !== "").join(", ");
      const extra = [W.callWall, W.putWall, W.absGammaStrike].filter((k): k is number => k !== null && !rows.some((r) => r.strike === k));
      const extraRows = extra.length === 0 ? [] : strikeTable(chain, { ...base, ...(type ? { type } : {}) }).filter((r) => extra.includes(r.strike));
      const shown = [...rows, ...extraRows].sort((a, b) => a.strike - b.strike);
      const head = `${chain.underlying} by strike at spot ${formatNumber(chain.spot, 8)}, as of ${formatInstant({ epochMs: sel.atMs, zone: chain.asOf.zone })} ` +
        `(dealer sign ${sel.dealerExpression ? "expression" : sel.dealer}; ${rows.length} strike${rows.length === 1 ? "" : "s"}` +
        `${extraRows.length ? ` and ${extraRows.length} wall${extraRows.length === 1 ? "" : "s"} outside the range` : ""})\n` +
        (sel.dealerExpression ? `dealer position per contract: ${sel.dealerExpression.source} (signed contracts; --dealer-expr)\n` : "");
      return emit(fitLines(head, width) + formatTable(
        [
          { header: "strike", value: (r: (typeof rows)[number]) => r.strike, format: (v: number) => formatNumber(v, 8) },
          { header: "call OI", value: (r) => r.callOpenInterest, format: (v: number) => formatNumber(v, 10) },
          { header: "put OI", value: (r) => r.putOpenInterest, format: (v: number) => formatNumber(v, 10) },
          { header: "call gamma", value: (r) => human(r.callGamma), align: "right" },
          { header: "put gamma", value: (r) => human(r.putGamma), align: "right" },
          { header: "net gamma", value: (r) => human(r.netGamma), align: "right" },
          { header: "vanna", value: (r) => human(r.vanna), align: "right", drop: 1 },
          { header: "", value: (r) => flagOf(r.strike) + (extraRows.includes(r) ? " (outside the range)" : "") },
        ],
        shown,
        {
          footer: [`units: strike ${usdPer(chain.underlying)}; OI contracts; gamma USD of dealer delta per 1% move; vanna USD of dealer delta per +1 vol point; ` +
            "walls and abs-gamma strike over every strike, calls and puts (shown even outside --min/--max)"],
          width,
        },
      ), flags.out);
    });
}
