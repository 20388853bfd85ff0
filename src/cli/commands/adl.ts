/**
 * `gexray adl <positions.csv>`: rank the supplied positions in a venue's auto-deleveraging queue,
 * print its risk waterfall, and, given an insurance fund and a bankrupt loss, how much the fund
 * absorbs and which positions are deleveraged, in order, with their sizes.
 *
 * @module
 */
import type { Command } from "commander";

/** Flags of `gexray adl` (text; parsed in the action). */
interface AdlFlags {
  venue?: string; insuranceFund?: string; bankruptLoss?: string; bankruptSize?: string; bankruptSide?: string;
  tiers?: string; symbol?: string; mmr?: string; strict?: boolean; json?: boolean; out?: string;
}

const VENUES = ["bitmex", "bybit", "okx", "binance", "hyperliquid", "cme"] as const;

const HELP = `
Examples:
  $ gexray adl data/positions_sample.csv --venue bybit
  $ gexray adl data/positions_sample.csv --venue binance --insurance-fund 250000 \\
      --bankrupt-loss 400000 --bankrupt-size 30 --bankrupt-side long
  $ gexray adl data/positions_sample.csv --venue cme

Positions CSV: id, side (long/short), size (coin), entry, mark (USD per coin), and leverage or
margin (isolated margin, USD). ASSUMED: the ranking uses the positions you supply; no venue
publishes its queue (Binance shows each user a light, adlQuantile, not the ranking). Each
position's wallet balance is its isolated margin.

Scores (docs/forced-flows.md §5.2), highest first on each side: bitmex, bybit, okx: PnL% ×
effective leverage (PnL% / effective leverage when losing; effective leverage = notional at mark /
equity); binance: LeveragePnL = max(0, UPNL)/max(1, margin) × MM/(margin + UPNL), MM from --tiers
or --mmr (default: the shipped Oct-2024 BTCUSDT table), quantile = rank / N; hyperliquid: (mark /
entry) × (notional / account value), the docs' one expression applied to both sides as written.
cme: no ADL (clearing member, then guaranty fund); only the waterfall is printed.

Waterfall: with --insurance-fund (USD) and --bankrupt-loss (USD, the loss beyond the bankruptcy
price if the liquidated position were closed in the market), the fund absorbs min(fund, loss); a
shortfall sends the uncovered share of the bankrupt position, --bankrupt-size × shortfall / loss
(ASSUMED: the loss scales with size), to the top of the opposite side's queue (--bankrupt-side,
default long: a crash; shorts are deleveraged).

Units: sizes in coin; prices USD per coin; PnL, margin and fund USD; scores dimensionless. --json:
{ venue, positions: [...], ranking: [{ id, side, rank, score, quantile, size, unrealizedPnl }],
waterfall: { layers, sources }, fund: { balance, loss, absorbs, after, drawdown, shortfall,
adlSize, deleveraged, unmatched } | null, assumptions, counts, fileNotes }. Exit codes: 0 success;
1 internal error; 2 bad input or usage (one line on stderr).
`;

/**
 * Add `adl` to the program.
 *
 * @example
 * register(program); // gexray adl positions.csv --venue bybit
 */
export function register(program: Command): void {
  program
    .command("adl")
    .summary("ADL queue of supplied positions by a venue's rule; insurance fund and deleveraging waterfall")
    .description(
      "Rank positions in a venue's auto-deleveraging queue (BitMEX/Bybit/OKX, Binance, Hyperliquid), print the venue's " +
        "risk waterfall (margin → liquidation → insurance fund → ADL; CME: clearing member → guaranty fund), and given an " +
        "insurance fund balance and a bankrupt loss, how much the fund absorbs and which positions are deleveraged.",
    )
    .argument("<positions.csv>", "positions: id, side, size, entry, mark, leverage or margin")
    .requiredOption("--venue <venue>", VENUES.join(", "))
    .option("--insurance-fund <USD>", "insurance fund balance, USD")
    .option("--bankrupt-loss <USD>", "loss beyond the bankruptcy price of the liquidated position, USD")
    .option("--bankrupt-size <coin>", "size of the liquidated position, coin (sizes ADL when the fund falls short)")
    .option("--bankrupt-side <side>", "side of the liquidated position: long (default) or short")
    .option("--tiers <file>", "binance: tier file for the maintenance margins (default: the shipped sample)")
    .option("--symbol <symbol>", "symbol in the tier file")
    .option("--mmr <rate>", "binance: one maintenance rate instead of the tiers")
    .option("--strict", "stop at the first unreadable row instead of leaving it out")
    .option("--json", "print JSON")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: AdlFlags) => {
      const [{ parseChoice, parseNumber, parseDecimalOrPercent }, { UsageError }] = await Promise.all([import("../options.js"), import("../errors.js")]);
      const venue = parseChoice(flags.venue!, "--venue", VENUES);
      const fund = flags.insuranceFund === undefined ? undefined : parseNumber(flags.insuranceFund, "--insurance-fund", { min: 0 });
      const loss = flags.bankruptLoss === undefined ? undefined : parseNumber(flags.bankruptLoss, "--bankrupt-loss", { min: 0 });
      const bSize = flags.bankruptSize === undefined ? undefined : parseNumber(flags.bankruptSize, "--bankrupt-size", { gt: 0 });
      const bSide = flags.bankruptSide === undefined ? "long" : parseChoice(flags.bankruptSide, "--bankrupt-side", ["long", "short"] as const);
      const mmr = flags.mmr === undefined ? undefined : parseDecimalOrPercent(flags.mmr, "--mmr", { min: 0, lt: 1 });
      if ((fund === undefined) !== (loss === undefined)) throw new UsageError("--insurance-fund and --bankrupt-loss go together");
      if (venue !== "binance" && (flags.tiers !== undefined || mmr !== undefined)) throw new UsageError("--tiers and --mmr are for --venue binance (its score uses the maintenance margin)");
      if (fund !== undefined && loss! > fund && bSize === undefined && venue !== "cme") {
        throw new UsageError("the fund does not cover the loss: give --bankrupt-size (coin) to size the deleveraging");
      }
      const [{ loadPositions }, { rankAdl }, { WATERFALLS, runWaterfall }] = await Promise.all([
        import("../../data/positions.js"), import("../../futures/adl.js"), import("../../futures/waterfall.js"),
      ]);
      const { positions, report, comments } = await loadPositions(file, { strict: flags.strict === true });
      const waterfall = WATERFALLS[venue];
      const assumptions = [
        "positions as supplied by you: no venue publishes its ADL queue",
        "each position's wallet balance is its isolated margin",
        ...(venue === "hyperliquid" ? ["Hyperliquid's docs give one sorting expression; applied to both sides as written"] : []),
      ];
      let maintenance: ((p: { size: number; mark: number }) => number) | undefined;
      let tiersShown: string | null = null;
      if (venue === "binance") {
        if (mmr !== undefined) maintenance = (p) => p.size * p.mark * mmr;
        else {
          const [{ chooseTiers, tiersLine }, { tierFor, maintenanceMarginIn }] = await Promise.all([import("../tierFlags.js"), import("../../data/tierTable.js")]);
          const chosen = (await chooseTiers("binance", flags))!;
          tiersShown = tiersLine(chosen);
          maintenance = (p) => maintenanceMarginIn(tierFor(chosen.table, p.size * p.mark), p.size * p.mark);
        }
        assumptions.push(`maintenance margin at the mark: ${tiersShown ?? `flat rate ${mmr}`}`);
      }
      const ranking = venue === "cme" ? [] : rankAdl(positions, venue, maintenance);
      let fundDoc: Record<string, unknown> | null = null;
      if (fund !== undefined && loss !== undefined) {
        if (venue === "cme") {
          fundDoc = { balance: fund, loss, absorbs: Math.min(fund, loss), after: fund - Math.min(fund, loss), shortfall: loss - Math.min(fund, loss), adl: false };
        } else {
          const queue = ranking.filter((r) => r.side !== bSide && r.rank !== null).map((r) => ({ id: r.id, size: r.size }));
          const w = runWaterfall({ fund, loss, bankruptSide: bSide, ...(bSize !== undefined ? { bankruptSize: bSize } : {}), queue });
          fundDoc = {
            balance: fund, loss, absorbs: w.fundAbsorbs, after: w.fundAfter, drawdown: w.drawdown, shortfall: w.shortfall,
            bankruptSide: bSide, bankruptSize: bSize ?? null, adlSize: w.adlSize, deleveraged: w.deleveraged, unmatched: w.unmatched,
          };
          if (w.shortfall > 0) assumptions.push("ADL size = bankrupt size × shortfall / loss (the loss scales with size)");
        }
      }
      const counts = { rows: report.rows, used: report.used, rejected: report.rejected, problems: report.problems };
      const doc = {
        venue, file, positions: positions.map(({ line: _l, ...p }) => p),
        ranking: ranking.map((r) => ({ ...r, score: Number.isNaN(r.score) ? null : r.score })),
        waterfall: { venue: waterfall.venue, adl: waterfall.adl, layers: waterfall.layers, sources: waterfall.sources },
        fund: fundDoc, assumptions, counts, fileNotes: comments,
      };
      const { emit } = await import("../output.js");
      if (flags.json) return emit(JSON.stringify(doc, null, 2) + "\n", flags.out);
      const [{ formatPrice, scaleAmount }, { formatTable }, { wrapLines }] = await Promise.all([
        import("../../report/format.js"), import("../../report/table.js"), import("../wrapLines.js"),
      ]);
      const out: string[] = comments.map((c) => `note: ${file}: ${c}`);
      out.push(`${waterfall.venue} risk waterfall${waterfall.adl ? "" : " (no auto-deleveraging)"}:`);
      waterfall.layers.forEach((l, i) => out.push(`  ${i + 1}. ${l.layer}: ${l.detail}`));
      const text: string[] = [wrapLines(out, 100).join("\n")];
      if (venue !== "cme") {
        const byId = new Map(positions.map((p) => [p.id, p]));
        for (const side of ["short", "long"] as const) {
          const rows = ranking.filter((r) => r.side === side);
          if (rows.length === 0) continue;
          text.push(`\n${side === "short" ? "Shorts" : "Longs"} in ${venue}'s ADL order (deleveraged first when a ${side === "short" ? "long" : "short"} goes bankrupt):`);
          text.push(formatTable([
            { header: "rank", value: (r: typeof rows[number]) => (r.rank === null ? "—" : String(r.rank)), align: "right" },
            { header: "id", value: (r) => r.id },
            { header: "size", value: (r) => formatPrice(r.size, 6), align: "right" },
            { header: "entry", value: (r) => formatPrice(byId.get(r.id)!.entry, 2), align: "right" },
            { header: "mark", value: (r) => formatPrice(byId.get(r.id)!.mark, 2), align: "right" },
            { header: "lev", value: (r) => formatPrice(byId.get(r.id)!.leverage, 2), align: "right" },
            { header: "uPnL USD", value: (r) => formatPrice(r.unrealizedPnl, 0), align: "right" },
            { header: "score", value: (r) => (Number.isNaN(r.score) ? "bankrupt" : r.score === 0 ? "0" : r.score.toPrecision(6)), align: "right" },
            { header: "quantile", value: (r) => (r.quantile === null ? "—" : r.quantile.toFixed(3)), align: "right" },
          ], rows).trimEnd());
        }
      }
      if (fundDoc) {
        const f = fundDoc as { absorbs: number; after: number; drawdown?: number; shortfall: number; adlSize?: number | null; deleveraged?: Array<{ id: string; closed: number; remaining: number }>; unmatched?: number };
        const lines = [`\nInsurance fund ${scaleAmount(fund!)} USD, bankrupt loss ${scaleAmount(loss!)} USD:`];
        lines.push(`  the fund absorbs ${scaleAmount(f.absorbs)} USD${f.drawdown !== undefined ? ` (drawdown ${(f.drawdown * 100).toFixed(2)}%)` : ""}, ${scaleAmount(f.after)} USD left`);
        if (f.shortfall > 0) {
          if (venue === "cme") lines.push(`  shortfall ${scaleAmount(f.shortfall)} USD: the clearing member, then the guaranty fund (no ADL)`);
          else {
            lines.push(`  shortfall ${scaleAmount(f.shortfall)} USD: ${formatPrice(f.adlSize!, 6)} coin of the bankrupt ${bSide} go to ADL against ${bSide === "long" ? "shorts" : "longs"}:`);
            for (const d of f.deleveraged!) lines.push(`    ${d.id}: ${formatPrice(d.closed, 6)} closed, ${formatPrice(d.remaining, 6)} left`);
            if (f.unmatched! > 1e-12) lines.push(`    ${formatPrice(f.unmatched!, 6)} coin unmatched: the queue ran out`);
          }
        } else lines.push("  no shortfall: no auto-deleveraging");
        text.push(wrapLines(lines, 100).join("\n"));
      }
      text.push(wrapLines([
        "",
        `positions: ${report.rows} rows, ${report.used} used, ${report.rejected} left out${report.problems[0] ? ` (e.g. line ${report.problems[0].line}: ${report.problems[0].reason})` : ""}`,
        ...assumptions.map((a) => `ASSUMED: ${a}`),
        `sources: ${waterfall.sources.join(", ")}`,
      ], 100).join("\n"));
      return emit(text.join("\n") + "\n", flags.out);
    });
}
