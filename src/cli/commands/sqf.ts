/**
 * `gexray sqf`: P&L of a CME Spot-Quoted futures round trip (price leg + Total Financing
 * Adjustment leg), its cleared prices, and its capital efficiency against buying the coin.
 *
 * @module
 */
import type { Command } from "commander";

/** Flags of `gexray sqf` (text; parsed in the action). */
interface SqfFlags {
  contract?: string; side?: string; qty?: string; entry?: string; exit?: string;
  tfaEntry?: string; tfaExit?: string; sameDay?: boolean; margin?: string; json?: boolean; out?: string;
}

const HELP = `
Examples:
  $ gexray sqf --contract QBTC --side long --qty 3 --entry 90000 --exit 93095.61 \\
      --tfa-entry -3752.5 --tfa-exit -3703.11 --margin 648
      CME's worked example: 92.87 + 1.48 = 94.35 USD; 3.44% on the cash vs 14.56% on the margin
  $ gexray sqf --contract QBTC --side long --qty 3 --entry 90000 --exit 92000 --same-day
  $ gexray sqf --contract QETH --side short --qty 10 --entry 3200 --exit 3100 \\
      --tfa-entry 40 --tfa-exit 38.5 --json

The TFA (Total Financing Adjustment) is CME's published daily value per coin: give it as published,
with its sign. gexray does not derive it (CME's rule text for it was not available); cleared price
= spot + TFA; overnight the P&L gains side × qty × size × (TFA exit − TFA entry); intraday
(--same-day) there is no TFA. Contract sizes come from data/contracts.json (QBTC 0.01 BTC, QETH 0.2
ETH, QSOL 5 SOL, QXRP 250 XRP; Coinbase nano BIT / ET are reported sizes, marked to verify).
Capital efficiency: the same P&L on the cash a direct purchase ties up (entry × qty × size; the
coin has no TFA) and on --margin (USD for the whole position).

Units: prices and TFA USD per coin; P&L and margin USD; returns decimals in JSON, percents in text.
--json: { contract, size, unit, verify, side, qty, coin, entry, exit, tfaEntry, tfaExit, sameDay,
pricePnl, tfaPnl, pnl, clearedEntry, clearedExit, notional, directReturn, marginReturn,
marginPerContract, marginRate, capitalEfficiency, units }. Exit codes: 0 success; 1 internal error;
2 bad input or usage (one line on stderr).
`;

/**
 * Add `sqf` to the program.
 *
 * @example
 * register(program); // gexray sqf --contract QBTC --side long --qty 3 --entry 90000 --exit 93095.61 …
 */
export function register(program: Command): void {
  program
    .command("sqf")
    .summary("CME Spot-Quoted futures round trip: price and TFA P&L, cleared prices, capital efficiency")
    .description(
      "P&L of a CME Spot-Quoted futures (QBTC, QETH, QSOL, QXRP) round trip: the spot price leg and the change of the " +
        "Total Financing Adjustment (an input, as CME publishes it), the cleared prices (spot + TFA), and the return on " +
        "the cash a direct purchase needs against the return on the margin.",
    )
    .requiredOption("--contract <code>", "QBTC, QETH, QSOL, QXRP (or another code of data/contracts.json)")
    .requiredOption("--side <side>", "long or short")
    .requiredOption("--qty <contracts>", "number of contracts")
    .requiredOption("--entry <price>", "spot-quoted entry price, USD per coin")
    .requiredOption("--exit <price>", "spot-quoted exit price, USD per coin")
    .option("--tfa-entry <USD>", "TFA published for the entry day, USD per coin, with its published sign")
    .option("--tfa-exit <USD>", "TFA published for the exit day, USD per coin, with its published sign")
    .option("--same-day", "entry and exit in the same clearing cycle: no TFA")
    .option("--margin <USD>", "margin posted for the whole position, USD (capital efficiency)")
    .option("--json", "print JSON (with a units object)")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (flags: SqfFlags) => {
      const [{ parseChoice, parseNumber }, { UsageError }, { loadContractRegistry }, { sqfPnl }] = await Promise.all([
        import("../options.js"), import("../errors.js"), import("../../exposure/contracts.js"), import("../../futures/sqf.js"),
      ]);
      const side = parseChoice(flags.side!, "--side", ["long", "short"] as const);
      const qty = parseNumber(flags.qty!, "--qty", { gt: 0 });
      const entry = parseNumber(flags.entry!, "--entry", { gt: 0 });
      const exit = parseNumber(flags.exit!, "--exit", { gt: 0 });
      const tfaEntry = flags.tfaEntry === undefined ? undefined : parseNumber(flags.tfaEntry, "--tfa-entry");
      const tfaExit = flags.tfaExit === undefined ? undefined : parseNumber(flags.tfaExit, "--tfa-exit");
      const margin = flags.margin === undefined ? undefined : parseNumber(flags.margin, "--margin", { gt: 0 });
      const sameDay = flags.sameDay === true;
      if (!sameDay && (tfaEntry === undefined || tfaExit === undefined)) {
        throw new UsageError("an overnight trade needs --tfa-entry and --tfa-exit (CME's published TFA, with its sign), or --same-day");
      }
      if (sameDay && tfaEntry !== undefined && tfaExit !== undefined && tfaEntry !== tfaExit) {
        throw new UsageError("--same-day has one TFA: give --tfa-entry only (or the same value twice)");
      }
      const reg = await loadContractRegistry();
      const code = flags.contract!.trim().toUpperCase();
      const ins = reg.instruments.find((i) => i.code?.toUpperCase() === code);
      if (!ins) throw new UsageError(`--contract ${flags.contract} is not in data/contracts.json (codes: ${reg.instruments.filter((i) => i.code).map((i) => i.code).join(", ")})`);
      const r = sqfPnl({
        side, qty, size: ins.size, entry, exit, sameDay,
        ...(tfaEntry !== undefined ? { tfaEntry } : {}), ...(tfaExit !== undefined ? { tfaExit } : sameDay && tfaEntry !== undefined ? { tfaExit: tfaEntry } : {}),
        ...(margin !== undefined ? { margin } : {}),
      });
      const notes = [
        "TFA taken as published (signed input); gexray does not derive it",
        ...(ins.verify ? [`${ins.id}: contract size ${ins.size} ${ins.unit} is reported, not verified against the venue's specification`] : []),
        ...(code.startsWith("Q") ? [] : [`${code} is not a CME Spot-Quoted future: the TFA arithmetic may not apply`]),
      ];
      const doc = {
        contract: code, size: ins.size, unit: ins.unit, verify: ins.verify, side, qty, coin: r.coin, entry, exit,
        tfaEntry: tfaEntry ?? null, tfaExit: sameDay ? tfaEntry ?? null : tfaExit ?? null, sameDay,
        pricePnl: r.pricePnl, tfaPnl: r.tfaPnl, pnl: r.pnl, clearedEntry: r.clearedEntry, clearedExit: r.clearedExit,
        notional: r.notional, directReturn: r.directReturn, marginReturn: r.marginReturn,
        marginPerContract: r.marginPerContract, marginRate: r.marginRate,
        capitalEfficiency: {
          direct: { capital: r.notional, pnl: r.pricePnl, return: r.directReturn },
          margin: margin === undefined ? null : { capital: margin, pnl: r.pnl, return: r.marginReturn, leverage: r.notional / margin },
        },
        notes,
        units: {
          prices: "USD per coin (cleared = spot + TFA)", tfa: "USD per coin, as CME publishes it", pnl: "USD", coin: `${ins.unit} (qty × size)`,
          returns: "decimal (0.0344 = 3.44%)", marginRate: "margin / notional, decimal",
        },
      };
      const { emit } = await import("../output.js");
      if (flags.json) return emit(JSON.stringify(doc, null, 2) + "\n", flags.out);
      const { formatPrice, groupThousands } = await import("../../report/format.js");
      const usd = (x: number) => `${x < 0 ? "-" : ""}${groupThousands(Math.abs(x).toFixed(2))}`;
      const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(2)}%`);
      const lines = [
        `${code} ${side} ${formatPrice(qty, 6)} × ${ins.size} ${ins.unit} = ${formatPrice(r.coin, 8)} ${ins.unit}${sameDay ? ", same day (no TFA)" : ""}`,
        `  price leg      ${usd(r.pricePnl).padStart(12)} USD   (${usd(exit)} − ${usd(entry)}) × ${formatPrice(r.coin, 8)}`,
        `  TFA leg        ${usd(r.tfaPnl).padStart(12)} USD   ${sameDay ? "intraday: none" : `(${usd(tfaExit!)} − (${usd(tfaEntry!)})) × ${formatPrice(r.coin, 8)}`}`,
        `  total          ${usd(r.pnl).padStart(12)} USD`,
        `  cleared price  ${usd(r.clearedEntry)} → ${usd(r.clearedExit)} USD per ${ins.unit} (spot + TFA)`,
        `  direct buy     ${pct(r.directReturn).padStart(12)}       on ${usd(r.notional)} USD of cash (price leg only)`,
        ...(margin === undefined ? [] : [
          `  on margin      ${pct(r.marginReturn).padStart(12)}       on ${usd(margin)} USD (${usd(r.marginPerContract!)} per contract, ` +
            `${(r.marginRate! * 100).toFixed(2)}% of notional, ${formatPrice(r.notional / margin, 2)}x)`,
        ]),
        ...notes.map((n) => `  note: ${n}`),
      ];
      const { wrapLines } = await import("../wrapLines.js");
      return emit(wrapLines(lines, 100).join("\n") + "\n", flags.out);
    });
}
