/**
 * `gexray liquidations <oi-history>`: the ESTIMATED liquidation ladder of a leveraged-futures
 * market, rebuilt from its open-interest history (flows/ladder.ts): coin and USD forced to trade per
 * price bin and side, and cumulatively if price falls or rises from spot.
 *
 * @module
 */
import type { Command } from "commander";
import { addLadderFlags, LADDER_FLAGS_HELP, type LadderFlags } from "../ladderFlags.js";

/** Flags of `gexray liquidations`. */
interface LiquidationsFlags extends LadderFlags {
  bin?: string;
  spot?: string;
  until?: string;
  json?: boolean;
  out?: string;
}

const HELP = `
Examples:
  $ gexray liquidations data/btc_oi_history_2026-01-26_2026-02-10.csv --venue binance
  $ gexray liquidations oi.json --leverage aggressive --mmr 0.5% --bin 500 --json
  $ gexray liquidations data/btc_oi_history_2026-01-26_2026-02-10.csv --venue binance --until 2026-02-04T14:00Z
${LADDER_FLAGS_HELP}
Units: prices USD per coin; coin = units of the underlying forced to trade (longs sell, shorts buy);
usd = coin × each position's liquidation price. Bins: price = the bin's lower edge. Cumulative:
forced selling if price falls from spot to each bin edge, forced buying if it rises.
--json: { asOf, spot, venue, file, bins: [{ price, side, coin, usd }], cumulative: { sell: [{ price,
coin, usd }], buy: [...] }, counts, assumptions, warnings, fileNotes (the file's own # lines, e.g.
SYNTHETIC; also in warnings), source: { file, format, rows, used, rejected, problems: [{ line, field,
reason }], warnings, skipped: { count, lines } } (every row read and why each left out) }. Every
figure is ESTIMATED.
`;

/**
 * The most price bins (and cumulative steps per side) a ladder is cut into: each cumulative step
 * sums the whole ladder, and an over-fine --bin ran out of memory (0.0001 USD on the sample: ~5.7e8
 * steps). 100,000 bins take about a second and 12 MB of JSON on the shipped sample.
 */
const MAX_BINS = 100_000;

/** The smallest 1-2-5 × 10^k at or above x (a --bin to suggest). */
function niceStepUp(x: number): string {
  const e = Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * 10 ** e >= x) return String(Number((m * 10 ** e).toPrecision(12)));
  return String(x);
}

/** Price text for the terminal: whole numbers from 1,000, else 2 decimals. */
function px(x: number): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: Math.abs(x) >= 1000 ? 0 : 2, minimumFractionDigits: 0 });
}

/**
 * Add `liquidations` to the program.
 *
 * @example
 * register(program); // gexray liquidations <oi-history> [--venue v] [--leverage preset|file] [--mmr r] [--bin USD] [--spot P] [--json]
 */
export function register(program: Command): void {
  const cmd = program
    .command("liquidations")
    .summary("ESTIMATED liquidation ladder from an open-interest history: forced selling and buying by price")
    .description(
      "Rebuild leveraged-futures positions from an open-interest history under a stated leverage assumption and show where they " +
        "would be liquidated: coin and USD per price bin and side, and cumulatively from spot. ESTIMATED: leverage is not public.",
    )
    .argument("<oi-history>", "open-interest history (Binance openInterestHist JSON, or CSV with time, OI and high/low/close)");
  addLadderFlags(cmd)
    .option("--bin <USD>", "bin width, USD per coin (default: about 0.5% of spot, rounded; at most 100,000 bins over the ladder's prices)")
    .option("--spot <price>", "the price to measure from (default the last close used)")
    .option("--until <time>", "replay the history up to this time (ISO 8601, UTC without an offset)")
    .option("--json", "print JSON")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: LiquidationsFlags) => {
      const [{ ladderFromFlags }, { ladderBins, cumulativeLadder }, { parseNumber }, { emit }, { formatInstant, parseInstant }, { UsageError }, { niceStep }] = await Promise.all([
        import("../ladderFlags.js"), import("../../flows/ladder.js"), import("../options.js"), import("../output.js"), import("../../data/time.js"),
        import("../errors.js"), import("../../report/svgChart.js"),
      ]);
      let until = Infinity;
      if (flags.until !== undefined) {
        const t = parseInstant(flags.until, "00:00", "UTC");
        if (!t) throw new UsageError(`--until must be an ISO 8601 time (got ${JSON.stringify(flags.until)})`);
        until = t.epochMs;
      }
      const run = await ladderFromFlags(file, flags, until);
      const lad = run.ladder;
      const spot = flags.spot === undefined ? lad.lastClose : parseNumber(flags.spot, "--spot", { gt: 0 });
      const bin = flags.bin === undefined ? niceStep(spot * 0.005, 1) : parseNumber(flags.bin, "--bin", { gt: 0 });
      // the price span the bins and the cumulative steps cover: spot and every live liquidation price
      let lo = spot, hi = spot;
      for (const c of lad.cells) if (c.cleared === null && c.coin !== 0) { lo = Math.min(lo, c.liquidation); hi = Math.max(hi, c.liquidation); }
      const count = (hi - lo) / bin + 2;
      if (!(count <= MAX_BINS)) {
        throw new UsageError(`--bin ${flags.bin} gives ${count > 1e12 ? count.toExponential(1) : Math.ceil(count).toLocaleString("en-US")} bins over the ladder's ${px(lo)}–${px(hi)} USD, ` +
          `more than ${MAX_BINS.toLocaleString("en-US")}: try --bin ${niceStepUp((hi - lo) / (MAX_BINS - 2))}`);
      }
      const bins = ladderBins(lad, bin);
      const cumulative = cumulativeLadder(lad, spot, bin);
      const assumptions = [
        `ESTIMATED: leverage is not public; assumed "${lad.leverage.name}" (${lad.leverage.source})`,
        `liquidation rule: ${lad.rule}`,
        "positions rebuilt from open interest: the first row's whole open interest taken as opened at its close (where the history " +
          "starts decides where that seed cohort sits), then cohorts at each rise's close, pro-rata closes, long = short per cohort",
        ...run.assumptions,
      ];
      (await import("../chainInput.js")).printWarnings(run.warnings);
      if (flags.json) {
        const doc = {
          asOf: formatInstant({ epochMs: lad.lastTime, zone: "UTC" }), spot, venue: run.series, file,
          unit: { price: "USD per coin", coin: "coin forced to trade (longs sell, shorts buy)", usd: "USD at each position's liquidation price", bin: "USD per coin" },
          bin, bins, cumulative, counts: lad.counts, leverage: lad.leverage, assumptions, warnings: [...run.fileNotes, ...run.warnings], fileNotes: run.fileNotes, source: run.source, estimated: true,
        };
        return emit(JSON.stringify(doc, null, 2) + "\n", flags.out);
      }
      const [{ scaleAmount }] = await Promise.all([import("../../report/format.js")]);
      const { wrap } = await import("../../report/terminal.js");
      const out: string[] = run.fileNotes.flatMap((n) => wrap(`note: ${n}`, 100, "  "));
      out.push(`ESTIMATED liquidation ladder · ${run.series} · ${formatInstant({ epochMs: lad.lastTime, zone: "UTC" })} · spot ${px(spot)} USD`);
      out.push(`${lad.counts.rows} rows, ${lad.counts.cohorts} cohorts opened, ${lad.counts.cleared} cells cleared by later highs/lows`);
      out.push("");
      out.push("Cumulative forced flow from spot (coin; USD at the liquidation prices)");
      const steps = [0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2];
      const { cumulativeAt } = await import("../../flows/ladder.js");
      out.push(`  ${"move".padEnd(7)}${"price".padStart(12)}${"longs sell".padStart(16)}${"USD".padStart(12)}   ${"price".padStart(12)}${"shorts buy".padStart(16)}${"USD".padStart(12)}`);
      for (const m of steps) {
        const dn = cumulativeAt(lad, spot, spot * (1 - m));
        const up = cumulativeAt(lad, spot, spot * (1 + m));
        out.push(`  ${`±${Number((m * 100).toFixed(1))}%`.padEnd(7)}${px(spot * (1 - m)).padStart(12)}${scaleAmount(dn.coin).padStart(16)}${scaleAmount(dn.usd).padStart(12)}   ` +
          `${px(spot * (1 + m)).padStart(12)}${scaleAmount(up.coin).padStart(16)}${scaleAmount(up.usd).padStart(12)}`);
      }
      out.push("");
      out.push(`Densest bins (${px(bin)} USD wide; coin forced to trade)`);
      const top = [...bins].sort((a, b) => b.usd - a.usd).slice(0, 8).sort((a, b) => b.price - a.price);
      const max = Math.max(1, ...top.map((b) => b.coin));
      for (const b of top) {
        const bar = "█".repeat(Math.max(1, Math.round((b.coin / max) * 30)));
        out.push(`  ${`${px(b.price)}–${px(b.price + bin)}`.padEnd(19)} ${(b.side === "long" ? "longs sell" : "shorts buy").padEnd(11)}${scaleAmount(b.coin).padStart(10)}  ${bar}`);
      }
      out.push("");
      out.push("Assumptions");
      for (const a of assumptions) out.push(...wrap(`- ${a}`, 98, "  ").map((l) => `  ${l}`));
      return emit(out.join("\n") + "\n", flags.out);
    });
}
