/**
 * `gexray margin`: initial and maintenance margin, liquidation and bankruptcy prices of one
 * leveraged futures position by a venue's rule (Binance USDⓈ-M, Bybit, OKX, Hyperliquid, or a flat
 * rate), with the tier that holds, and the insurance fund's gain or loss for a given fill.
 *
 * @module
 */
import type { Command } from "commander";

/** Flags of `gexray margin` (text; parsed in the action). */
interface MarginFlags {
  venue?: string; side?: string; entry?: string; size?: string; leverage?: string;
  tiers?: string; symbol?: string; mmr?: string; mmAmount?: string; imr?: string; fee?: string;
  cross?: boolean; wallet?: string; otherMm?: string; otherUpnl?: string;
  contractValue?: string; contract?: string; mmUsd?: string; fill?: string;
  json?: boolean; out?: string;
}

const HELP = `
Examples:
  $ gexray margin --venue binance --side long --entry 90000 --size 1 --leverage 10
      bracket 2 of the shipped Oct-2024 BTCUSDT table: liquidation 81,356.78
  $ gexray margin --venue binance --side long --entry 90000 --size 40 --leverage 3
      the bracket that holds at the liquidation price (3), not the entry's (4): 60,368.65
  $ gexray margin --venue bybit --side long --entry 20000 --size 1 --leverage 50 --mmr 0.5%
  $ gexray margin --venue okx --side long --entry 10 --size 1 --leverage 5 --mmr 0.01 --fee 0.0006
  $ gexray margin --venue binance --side long --entry 90000 --size 1 --leverage 20 --fill 85000
  $ gexray margin --venue binance --side long --entry 90000 --size 1 --leverage 10 \\
      --tiers binance_leverage_tiers.json --symbol BTC/USDT:USDT
  $ gexray margin --venue flat --side long --entry 90000 --size 5 --leverage 4 \\
      --contract BTC --mm-usd 16000
  $ gexray margin --venue binance --side long --entry 1456.84 --size 3683.979 --leverage 10 \\
      --mmr 10% --mm-amount 135365 --cross --wallet 1535443.01 --other-mm 71200.81 \\
      --other-upnl -56354.57
      Binance's own cross-margin example: 1,153.26

Rules (docs/forced-flows.md §3): binance and hyperliquid take the maintenance margin at the
liquidation price (size × LP × rate − amount of the bracket that holds there, found consistently);
bybit and flat take it at entry (E·(1 − 1/L + mmr) for a long); okx solves margin ratio = 100% with
rate + --fee. Tiers: --tiers (Binance leverageBracket, ccxt JSON keyed like BTC/USDT:USDT, Bybit
risk-limit, OKX position-tiers with --contract-value, Hyperliquid meta) with --symbol in the
venue's spelling (BTCUSDT) or ccxt's; without --tiers or --mmr, the venue's dated sample in
data/tiers/ (Binance, Bybit testnet, Hyperliquid docs: transcriptions, verify against the live
endpoint). --mmr replaces the tiers by one rate (with --mm-amount, its cum / deduction; default 0).
Margin: notional / leverage (isolated), or with --cross the wallet balance --wallet and the
account's other positions (--other-mm, --other-upnl: Binance's TMM and UPNL). --fill: the insurance
fund's gain (+) or loss (−) when the liquidation fills there: side × (fill − bankruptcy) × size.

Units: prices USD per coin; size in coin (BTC); margins and amounts USD; rates decimals or percents
(0.005 or 0.5%); distancePct = (liquidation / entry − 1) × 100. --json: { venue, side, entry, size,
notional, leverage, initialMargin, maintenanceMargin, maintenanceRate, maintenanceAmount,
liquidationPrice, bankruptcyPrice, distancePct, marginMode, margin, maintenanceAt, tier, tiers,
formula, insuranceFund, warnings, units }. Exit codes: 0 success; 1 internal error; 2 bad input or
usage (one line on stderr).
`;

/**
 * Add `margin` to the program.
 *
 * @example
 * register(program); // gexray margin --venue binance --side long --entry 90000 --size 1 --leverage 10
 */
export function register(program: Command): void {
  program
    .command("margin")
    .summary("margin, liquidation and bankruptcy prices of a leveraged futures position, by venue rule")
    .description(
      "Initial and maintenance margin, liquidation price (by the venue's own rule and tier table, the bracket that " +
        "holds at the liquidation price), bankruptcy price and distance of one leveraged futures position.",
    )
    .requiredOption("--venue <venue>", "binance, bybit, okx, hyperliquid or flat")
    .requiredOption("--side <side>", "long or short")
    .requiredOption("--entry <price>", "entry price, USD per coin")
    .requiredOption("--size <coin>", "position size in coin (BTC)")
    .requiredOption("--leverage <L>", "leverage: margin = notional / L")
    .option("--tiers <file>", "the venue's tier file (default: its dated sample in data/tiers/)")
    .option("--symbol <symbol>", "symbol in the tier file: BTCUSDT (venue) or BTC/USDT:USDT (ccxt)")
    .option("--mmr <rate>", "one maintenance rate instead of the tiers, decimal or percent")
    .option("--mm-amount <USD>", "with --mmr: the maintenance amount (Binance cum, Bybit/Hyperliquid deduction; default 0)")
    .option("--imr <rate>", "the venue's initial margin rate: refuses leverage above 1/imr")
    .option("--fee <rate>", "okx: taker fee rate in the margin ratio (default 0)")
    .option("--cross", "cross margin: --wallet is the account's wallet balance")
    .option("--wallet <USD>", "margin backing the position (isolated: default notional / L; cross: the wallet)")
    .option("--other-mm <USD>", "cross: maintenance margin of the account's other positions")
    .option("--other-upnl <USD>", "cross: unrealized PnL of the account's other positions")
    .option("--contract-value <coin>", "okx tiers: coin per contract (BTC-USDT-SWAP 0.01)")
    .option("--contract <code>", "flat with --mm-usd: contract code in data/contracts.json (BTC = 5 BTC)")
    .option("--mm-usd <USD>", "flat: maintenance margin in USD per contract (CME-style), with --contract")
    .option("--fill <price>", "liquidation fill price: the insurance fund's gain or loss there")
    .option("--json", "print JSON (with a units object)")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (flags: MarginFlags) => {
      const [{ parseChoice, parseNumber, parseDecimalOrPercent }, { UsageError }] = await Promise.all([import("../options.js"), import("../errors.js")]);
      const { MARGIN_VENUES, venueLiquidation } = await import("../../futures/venueRule.js");
      const venue = parseChoice(flags.venue!, "--venue", MARGIN_VENUES);
      const side = parseChoice(flags.side!, "--side", ["long", "short"] as const);
      const entry = parseNumber(flags.entry!, "--entry", { gt: 0 });
      const size = parseNumber(flags.size!, "--size", { gt: 0 });
      const leverage = parseNumber(flags.leverage!, "--leverage", { gt: 0 });
      const rate = (t: string | undefined, name: string) => (t === undefined ? undefined : parseDecimalOrPercent(t, name, { min: 0, lt: 1 }));
      const mmr = rate(flags.mmr, "--mmr");
      const imr = flags.imr === undefined ? undefined : parseDecimalOrPercent(flags.imr, "--imr", { gt: 0, max: 1 });
      const fee = rate(flags.fee, "--fee");
      const usd = (t: string | undefined, name: string, rule = {}) => (t === undefined ? undefined : parseNumber(t, name, rule));
      const wallet = usd(flags.wallet, "--wallet", { min: 0 });
      const otherMm = usd(flags.otherMm, "--other-mm", { min: 0 });
      const otherUpnl = usd(flags.otherUpnl, "--other-upnl");
      const fill = usd(flags.fill, "--fill", { gt: 0 });
      const mmUsd = usd(flags.mmUsd, "--mm-usd", { min: 0 });
      const contractValue = usd(flags.contractValue, "--contract-value", { gt: 0 });
      const mmAmount = usd(flags.mmAmount, "--mm-amount", { min: 0 });
      if (mmAmount !== undefined && (mmr === undefined || venue === "okx" || venue === "flat")) throw new UsageError("--mm-amount goes with --mmr, for binance, bybit or hyperliquid");
      if (!flags.cross && (otherMm !== undefined || otherUpnl !== undefined)) throw new UsageError("--other-mm and --other-upnl need --cross");
      if (flags.cross && wallet === undefined) throw new UsageError("--cross needs --wallet (the account's wallet balance, USD)");
      if (fee !== undefined && venue !== "okx") throw new UsageError("--fee is used by the okx rule only");
      if (mmUsd !== undefined && venue !== "flat") throw new UsageError("--mm-usd is for --venue flat (a fixed USD maintenance per contract)");
      if ((mmUsd === undefined) !== (flags.contract === undefined)) throw new UsageError("--mm-usd and --contract go together (USD per contract of that contract's size)");
      if (venue === "flat" && mmr === undefined && mmUsd === undefined) throw new UsageError("--venue flat needs --mmr, or --mm-usd with --contract");
      if (venue === "flat" && flags.tiers !== undefined) throw new UsageError("--venue flat takes no tier file: give --mmr");

      const warnings: string[] = [];
      const notional = size * entry;
      const initialMargin = notional / leverage;
      if (imr !== undefined && leverage > 1 / imr + 1e-12) throw new UsageError(`--leverage ${leverage} exceeds the venue's maximum 1/imr = ${Number((1 / imr).toPrecision(6))}`);
      const margin = wallet ?? initialMargin;

      let chosen: Awaited<ReturnType<typeof import("../tierFlags.js").chooseTiers>>;
      if (venue !== "flat" && mmr === undefined) {
        const { chooseTiers } = await import("../tierFlags.js");
        chosen = await chooseTiers(venue, flags);
        if (!chosen) throw new UsageError(`${venue} has no shipped tier table: give --mmr, or --tiers (OKX position-tiers) with --contract-value`);
        warnings.push(...chosen.warnings);
        const t = chosen.table.measure === "contracts" ? undefined : chosen.table.tiers.find((x) => notional < x.cap) ?? chosen.table.tiers.at(-1)!;
        if (t && leverage > t.maxLeverage * (1 + 1e-9)) warnings.push(`leverage ${leverage}x exceeds the ${t.maxLeverage}x maximum of bracket ${t.tier} at the entry notional: the venue would refuse it`);
      } else if (flags.symbol !== undefined && flags.tiers === undefined) throw new UsageError("--symbol needs --tiers");

      let maintenanceUsd: number | undefined;
      let contractInfo: { code: string; size: number; contracts: number; verify: boolean } | undefined;
      if (mmUsd !== undefined) {
        const { loadContractRegistry } = await import("../../exposure/contracts.js");
        const reg = await loadContractRegistry();
        const code = flags.contract!.trim().toUpperCase();
        const ins = reg.instruments.find((i) => i.code?.toUpperCase() === code);
        if (!ins) throw new UsageError(`--contract ${flags.contract} is not in data/contracts.json (codes: ${reg.instruments.filter((i) => i.code).map((i) => i.code).join(", ")})`);
        const contracts = size / ins.size;
        if (Math.abs(contracts - Math.round(contracts)) > 1e-9) warnings.push(`--size ${size} is ${contracts} contracts of ${ins.size} ${ins.unit}: not a whole number`);
        maintenanceUsd = mmUsd * contracts;
        contractInfo = { code, size: ins.size, contracts, verify: ins.verify };
      }
      const position = {
        side, entry, size, margin,
        ...(flags.cross ? { cross: { otherMaintenance: otherMm ?? 0, otherUnrealizedPnl: otherUpnl ?? 0 } } : {}),
      };
      const r = venueLiquidation(position, {
        venue,
        ...(chosen ? { table: chosen.table } : {}),
        ...(mmr !== undefined ? { mmr } : {}),
        ...(mmAmount !== undefined ? { mmAmount } : {}),
        ...(maintenanceUsd !== undefined ? { maintenanceUsd } : {}),
        ...(fee !== undefined ? { fee } : {}),
        ...(contractValue !== undefined ? { contractValue } : {}),
      });
      if (r.liquidationPrice !== null && (side === "long" ? r.liquidationPrice >= entry : r.liquidationPrice <= entry)) {
        warnings.push("the margin is below the maintenance requirement at entry: the position would be liquidated at once");
      }
      let insuranceFund: { fill: number; pnl: number } | null = null;
      if (fill !== undefined) {
        if (r.bankruptcyPrice === null) warnings.push("--fill: no bankruptcy price (the margin exceeds the notional), so no insurance-fund loss is possible");
        else {
          const { insuranceFundPnl } = await import("../../futures/liquidation.js");
          insuranceFund = { fill, pnl: insuranceFundPnl(side, size, r.bankruptcyPrice, fill) };
        }
      }
      const distancePct = r.liquidationPrice === null ? null : (r.liquidationPrice / entry - 1) * 100;
      const doc = {
        venue, side, entry, size, notional, leverage, initialMargin,
        maintenanceMargin: Number.isNaN(r.maintenanceMargin) ? null : r.maintenanceMargin,
        maintenanceRate: r.maintenanceRate, maintenanceAmount: r.maintenanceAmount,
        liquidationPrice: r.liquidationPrice, bankruptcyPrice: r.bankruptcyPrice, distancePct,
        marginMode: flags.cross ? "cross" : "isolated", margin, maintenanceAt: r.tierAt,
        tier: r.tier ? { ...r.tier, cap: Number.isFinite(r.tier.cap) ? r.tier.cap : null } : null,
        tiers: chosen ? { source: chosen.shown, symbol: chosen.table.symbol, format: chosen.table.format, asOf: chosen.table.asOf, measure: chosen.table.measure, sample: chosen.sample } : null,
        contract: contractInfo ?? null,
        formula: r.formula, insuranceFund, warnings,
        units: {
          prices: "USD per coin", size: "coin", margins: "USD (notional = size × entry; initialMargin = notional / leverage)",
          rates: "decimal (0.005 = 0.5%)", distancePct: "percent: (liquidationPrice / entry − 1) × 100",
          maintenanceMargin: `USD, at ${r.tierAt === "liquidation" ? "the liquidation price (size × LP × rate − amount)" : "entry (entry value × rate − amount)"}`,
          insuranceFund: "USD: side × (fill − bankruptcyPrice) × size; + the fund gains, − it pays",
        },
      };
      const { emit } = await import("../output.js");
      if (flags.json) return emit(JSON.stringify(doc, null, 2) + "\n", flags.out);
      const { formatPrice, formatPct, groupThousands } = await import("../../report/format.js");
      const fixed = (x: number) => groupThousands(x.toFixed(2));
      const venueName: Record<string, string> = { binance: "Binance USDⓈ-M", bybit: "Bybit", okx: "OKX", hyperliquid: "Hyperliquid", flat: "flat-rate" };
      const usdText = (x: number | null) => (x === null ? "n/a" : `${fixed(x)} USD`);
      const lines: string[] = [];
      const unit = contractInfo ? contractInfo.code === "ETH" || contractInfo.code === "MET" ? "ETH" : "BTC" : chosen ? chosen.table.symbol.replace(/[/:-].*$/, "").replace(/USDT?C?$/, "") || "coin" : "coin";
      lines.push(`${venueName[venue]} ${doc.marginMode} ${side} ${formatPrice(size, 8)} ${unit} at ${fixed(entry)} USD, ${formatPrice(leverage, 4)}x`);
      const row = (label: string, value: string, note = "") => lines.push(`  ${label.padEnd(20)}${value.padStart(16)}${note ? "   " + note : ""}`);
      row("notional", usdText(notional), "size × entry");
      row("initial margin", usdText(initialMargin), "notional / leverage");
      if (doc.margin !== initialMargin) row(flags.cross ? "wallet (cross)" : "margin", usdText(margin));
      row("maintenance rate", `${formatPrice(r.maintenanceRate * 100, 4)}%`, r.tier ? `bracket ${r.tier.tier}${r.tierAt === "liquidation" ? " (holds at the liquidation price)" : " (by entry value)"}` : contractInfo ? `${fixed(mmUsd!)} USD per contract × ${formatPrice(contractInfo.contracts, 6)} ${contractInfo.code} (${contractInfo.size} each)` : "flat");
      row("maintenance amount", usdText(r.maintenanceAmount), "cum / deduction");
      row("maintenance margin", usdText(doc.maintenanceMargin), r.tierAt === "liquidation" ? "at the liquidation price" : "at entry");
      row("liquidation price", r.liquidationPrice === null ? "none" : fixed(r.liquidationPrice), distancePct === null ? "the margin covers a fall to 0" : `${formatPct(distancePct)} from entry`);
      row("bankruptcy price", r.bankruptcyPrice === null ? "none" : fixed(r.bankruptcyPrice), "margin exhausted");
      if (insuranceFund) row("insurance fund", `${insuranceFund.pnl > 0 ? "+" : ""}${usdText(insuranceFund.pnl)}`, `fill at ${fixed(fill!)}: ${insuranceFund.pnl >= 0 ? "the fund gains the margin left" : "the fund pays the loss beyond margin"}`);
      lines.push(`  rule: ${r.formula}`);
      if (chosen) lines.push(`  tiers: ${(await import("../tierFlags.js")).tiersLine(chosen)}`);
      for (const w of warnings) lines.push(`  warning: ${w}`);
      const { wrapLines } = await import("../wrapLines.js");
      return emit(wrapLines(lines, 100).join("\n") + "\n", flags.out);
    });
}
