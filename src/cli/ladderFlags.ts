/**
 * The flags that build a liquidation ladder from an open-interest history, shared by
 * `gexray liquidations`, `gexray flows` and `gexray report`: which series, which leverage
 * assumption, which liquidation rule, and the insurance-fund assumptions of the ADL estimate.
 *
 * @module
 */
import type { Command } from "commander";
import { fileURLToPath } from "node:url";
import type { AdlOptions } from "../flows/adl.js";
import type { FlowsAssembleOptions } from "../report/assemble.js";
import type { Ladder } from "../flows/ladder.js";
import type { Problem } from "../data/chain.js";
import { UsageError } from "./errors.js";

/** The ladder flags as commander hands them over. */
export interface LadderFlags {
  oi?: string;
  depth?: string;
  shocks?: string;
  venue?: string;
  symbol?: string;
  leverage?: string;
  mmr?: string;
  tiers?: string;
  positionSize?: string;
  insuranceFund?: string;
  slippage?: string;
  hedgedShare?: string;
}

/**
 * The flags that only shape the liquidation ladder (they need --oi).
 *
 * @example
 * LADDER_FLAG_NAMES.includes("venue"); // true
 */
export const LADDER_FLAG_NAMES = ["venue", "symbol", "leverage", "mmr", "tiers", "positionSize", "insuranceFund", "slippage", "hedgedShare"] as const;

/** The venues whose tier table ships in data/tiers (dated transcriptions, data/README.md). */
export const SHIPPED_TIERS: Readonly<Record<string, string>> = {
  binance: "binance_leverageBracket_BTCUSDT_2024-10-24.json",
  bybit: "bybit_risk-limit_BTCUSDT_testnet_2023-10-08.json",
  hyperliquid: "hyperliquid_meta_margin-tiers_docs.json",
};

/** The leverage presets' names. */
const PRESETS = ["conservative", "neutral", "aggressive"] as const;

/**
 * Help text for the ladder flags.
 *
 * @example
 * cmd.addHelpText("after", LADDER_FLAGS_HELP);
 */
export const LADDER_FLAGS_HELP = `
Liquidation ladder (ESTIMATED: traders' leverage is not public). Positions are rebuilt from the
open-interest history: the first row opens a cohort of its OI at its close, each later rise a
cohort of the rise at that row's close, each fall closes every position pro rata; each cohort is
long and short the same coin, split across leverage buckets (--leverage); a later row's low clears
the longs it reaches, its high the shorts. Liquidation prices by the venue's rule with its tier
table (--tiers, else the table shipped in data/tiers for binance, bybit and hyperliquid, priced as
a --position-size coin position), or the simple E·(1 − 1/L + mmr) with --mmr (default 0.5% for
venues without a table). OI file: Binance openInterestHist JSON, or CSV with a time, OI in coin
(sumOpenInterest) and/or USD (sumOpenInterestValue), and high/low/close for the bars; a CSV
without a venue column is binance when it has Binance's column names (sumOpenInterest…).
`;

/**
 * Add --venue, --symbol, --leverage, --mmr, --tiers, --position-size, --insurance-fund,
 * --slippage, --hedged-share.
 *
 * @example
 * addLadderFlags(program.command("liquidations").argument("<oi-history>"));
 */
export function addLadderFlags(cmd: Command): Command {
  return cmd
    .option("--venue <name>", "the open-interest series to use, by venue (binance, bybit, okx, hyperliquid, cme, …); needed when the file has several")
    .option("--symbol <symbol>", "the series' symbol, when the venue has several (BTCUSDT, BTC/USDT:USDT)")
    .option("--leverage <preset|file>", "leverage split per side: conservative, neutral (default), aggressive, or a JSON file { long: { \"10\": 0.3, … }, short: { … } }")
    .option("--mmr <rate>", "simple rule E·(1 ∓ 1/L ± mmr) with this maintenance rate (decimal or percent) instead of the venue's rule")
    .option("--tiers <file>", "the venue's tier table (Binance leverageBracket, ccxt tiers, Bybit risk-limit, OKX position-tiers, Hyperliquid meta)")
    .option("--position-size <coin>", "the position size each ladder cell is priced as under a tier table (default 1 coin)")
    .option("--insurance-fund <USD>", "insurance fund balance: estimate where it runs out and ADL starts (e.g. 1.23e9)")
    .option("--slippage <rate>", "ADL estimate: every liquidation fills this far beyond its bankruptcy price (default 0.5%)")
    .option("--hedged-share <share>", "ADL estimate: share of deleveraged positions that are hedge legs re-traded by market orders (default 0.5)");
}

/** A ladder and what was assumed to build it. */
export interface LadderRun {
  ladder: Ladder;
  /** "binance BTCUSDT" */
  series: string;
  /** the history's file name */
  file: string;
  /** ADL options from the flags, when an insurance fund was given */
  adl?: AdlOptions;
  /** the ladder's assumptions and the data's caveats, in words */
  assumptions: string[];
  warnings: string[];
  /** what the history file says about itself (its `#` comment lines, e.g. SYNTHETIC), "file: text" */
  fileNotes: string[];
  /**
   * The loader's account of the file: every row read (`rows = used + rejected`), one problem per
   * rejected row (1-based line, field, reason), its warnings; and the chosen series' rows the ladder
   * could not replay (no usable price or open interest; the first 5 lines).
   */
  source: {
    file: string; format: string; rows: number; used: number; rejected: number; problems: Problem[]; warnings: Problem[];
    skipped: { count: number; lines: number[] };
  };
}

/**
 * Load an open-interest history and build the ladder the flags describe, using rows up to `untilMs`.
 *
 * @param file - the OI history
 * @param flags - the ladder flags
 * @param untilMs - the last instant to replay (a chain's as-of); default the whole history
 * @param shownAs - the file's name in messages (default `file`)
 * @throws UsageError naming the flag for a bad value, several series without --venue, or a venue
 *   absent from the file; InputError for an unusable file
 * @example
 * const run = await ladderFromFlags("data/btc_oi_history_2026-01-26_2026-02-10.csv", { venue: "binance" });
 * run.ladder.counts.cohorts; // cohorts opened over the history
 */
export async function ladderFromFlags(file: string, flags: LadderFlags, untilMs = Infinity, shownAs = file): Promise<LadderRun> {
  const [{ loadOiHistory }, { oiBars }, ladderLib, { LEVERAGE_PRESETS, parseLeverageDistribution }, { parseDecimalOrPercent, parseNumber }, { MARGIN_VENUES }, { formatInstant }] =
    await Promise.all([
      import("../data/openInterest.js"), import("../flows/oiBars.js"), import("../flows/ladder.js"), import("../flows/leverage.js"),
      import("./options.js"), import("../futures/venueRule.js"), import("../data/time.js"),
    ]);
  const history = await loadOiHistory(file);
  const warnings: string[] = [];
  if (history.report.rejected > 0) {
    const p = history.report.problems[0]!;
    const lines = history.report.problems.slice(0, 8).map((q) => q.line).join(", ") + (history.report.rejected > 8 ? ", …" : "");
    warnings.push(`${shownAs}: ${history.report.rejected} row(s) left out (lines ${lines}), e.g. line ${p.line}: ${p.reason}`);
  }
  const names = history.series.map((s) => `${s.venue}${s.symbol ? ` ${s.symbol}` : ""}`);
  let candidates = history.series;
  if (flags.venue !== undefined) candidates = candidates.filter((s) => s.venue === flags.venue!.toLowerCase());
  if (flags.symbol !== undefined) {
    const { symbolKey } = await import("../data/tierFiles.js");
    candidates = candidates.filter((s) => symbolKey(s.symbol) === symbolKey(flags.symbol!));
  }
  if (candidates.length === 0) throw new UsageError(`${shownAs} has no series for ${[flags.venue, flags.symbol].filter(Boolean).join(" ") || "these flags"} (it has: ${names.join(", ")})`);
  if (candidates.length > 1) throw new UsageError(`${shownAs} has several series (${names.join(", ")}): choose one with --venue (and --symbol)`);
  const series = candidates[0]!;
  const label = `${series.venue}${series.symbol ? ` ${series.symbol}` : ""}`;

  // leverage assumption
  const levText = flags.leverage ?? "neutral";
  let leverage;
  if ((PRESETS as readonly string[]).includes(levText)) leverage = LEVERAGE_PRESETS[levText as (typeof PRESETS)[number]];
  else {
    const { readFile } = await import("node:fs/promises");
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(levText, "utf8"));
    } catch (err) {
      throw new UsageError(`--leverage must be ${PRESETS.join(", ")} or a JSON file: ${levText}: ${(err as Error).message}`);
    }
    try {
      leverage = parseLeverageDistribution(doc, levText);
    } catch (err) {
      throw new UsageError(`--leverage ${(err as Error).message}`);
    }
  }

  // liquidation rule
  const assumptions: string[] = [];
  let rule;
  if (flags.mmr !== undefined) {
    rule = ladderLib.simpleRule(parseDecimalOrPercent(flags.mmr, "--mmr", { min: 0, max: 0.5 }));
  } else {
    const venue = series.venue as (typeof MARGIN_VENUES)[number];
    const tierFile = flags.tiers ?? (SHIPPED_TIERS[venue] ? fileURLToPath(new URL(`../../data/tiers/${SHIPPED_TIERS[venue]}`, import.meta.url)) : undefined);
    if (tierFile !== undefined && (MARGIN_VENUES as readonly string[]).includes(venue)) {
      const { loadTierFile } = await import("../data/tierFiles.js");
      const t = await loadTierFile(tierFile, series.symbol ? { symbol: series.symbol } : {});
      // the shipped table is named as the repository names it, not by this machine's path
      const shown = flags.tiers ?? `data/tiers/${SHIPPED_TIERS[venue]}`;
      warnings.push(...t.warnings.map((w) => `${shown}: ${w}`));
      const size = flags.positionSize === undefined ? 1 : parseNumber(flags.positionSize, "--position-size", { gt: 0 });
      rule = ladderLib.venueRuleForLadder({ venue, table: { ...t.table, source: shown } }, size);
      assumptions.push(`tier table ${shown} as of ${t.table.asOf ?? "unknown"}${flags.tiers === undefined ? " (shipped transcription; give --tiers for the venue's current table)" : ""}`);
    } else {
      rule = ladderLib.simpleRule(0.005);
      assumptions.push(`no tier table for ${series.venue}: the simple rule with an assumed maintenance rate of 0.5% (give --tiers or --mmr)`);
    }
  }
  for (const w of history.report.warnings) if (w.reason.startsWith("no venue column")) assumptions.push(`${shownAs}: ${w.reason}`);
  if (series.venue === "cme") {
    assumptions.push("CME has no liquidation engine or ADL: its positions are margin-called by clearing members; the ladder treats them like leveraged perpetual positions");
  }
  const rows = oiBars(series, untilMs);
  if (rows.skipped.count > 0) warnings.push(`${shownAs}: ${rows.skipped.count} ${label} row(s) without a usable price or open interest left out (lines ${rows.skipped.lines.join(", ")}${rows.skipped.count > rows.skipped.lines.length ? ", …" : ""})`);
  if (rows.noRange > 0) assumptions.push(`${rows.noRange} row(s) without high/low replayed at their close`);
  if (rows.coinFromValue > 0) assumptions.push(`${rows.coinFromValue} row(s) with open interest in USD only: coin = USD / close`);
  if (rows.closeFromValue > 0) assumptions.push(`${rows.closeFromValue} row(s) without a close: price = OI value / OI coin`);
  if (rows.after > 0) assumptions.push(`${rows.after} row(s) after ${formatInstant({ epochMs: untilMs, zone: "UTC" })} not used (the snapshot's time)`);
  if (rows.bars.length === 0) throw new UsageError(`${shownAs}: no usable ${label} row${Number.isFinite(untilMs) ? ` at or before ${formatInstant({ epochMs: untilMs, zone: "UTC" })}` : ""}`);
  const ladder = ladderLib.buildLadder(rows.bars, leverage, rule);
  if (ladder.counts.capped > 0) {
    assumptions.push(`${ladder.counts.capped} cell(s) assumed above the venue's maximum leverage priced at it (${ladder.cappedAt}x for a ${flags.positionSize ?? 1}-coin position): nobody can hold more`);
  }
  if (ladder.counts.unliquidatable > 0) assumptions.push(`${ladder.counts.unliquidatable} cell(s) the rule never liquidates (margin covers a fall to zero) left out`);

  let adl: AdlOptions | undefined;
  if (flags.insuranceFund !== undefined) {
    adl = { fund: parseNumber(flags.insuranceFund, "--insurance-fund", { gt: 0 }) };
    if (flags.slippage !== undefined) adl.slippage = parseDecimalOrPercent(flags.slippage, "--slippage", { min: 0, max: 1 });
    if (flags.hedgedShare !== undefined) adl.hedgedShare = parseDecimalOrPercent(flags.hedgedShare, "--hedged-share", { min: 0, max: 1 });
  } else if (flags.slippage !== undefined || flags.hedgedShare !== undefined) {
    throw new UsageError("--slippage and --hedged-share shape the ADL estimate: give --insurance-fund too");
  }
  const fileNotes = history.comments.length > 0 ? [`${shownAs}: ${history.comments.join(" ")}`] : [];
  const r = history.report;
  const source = {
    file: shownAs, format: history.format, rows: r.rows, used: r.used, rejected: r.rejected, problems: r.problems, warnings: r.warnings,
    skipped: { count: rows.skipped.count, lines: rows.skipped.lines },
  };
  return { ladder, series: label, file: shownAs, ...(adl ? { adl } : {}), assumptions, warnings, fileNotes, source };
}

/**
 * Add the forced-flow map's inputs: --oi (with the ladder flags), --depth, --shocks.
 *
 * @example
 * addFlowFlags(program.command("report").argument("[file]"));
 */
export function addFlowFlags(cmd: Command): Command {
  return addLadderFlags(cmd.option("--oi <history>", "open-interest history by venue: the ESTIMATED liquidation ladder (--venue picks the series); with --futures, also the OI changes paired with basis jumps"))
    .option("--depth <USD>", "market depth, USD of net market orders per 1% move: depth levels and shock cascades")
    .option("--shocks <list>", "shocks to cascade, comma-separated decimals or percents (default -1%,-5%,-10%,1%,5%,10%)");
}

/**
 * The forced-flow map's options from the flags: a ladder builder when --oi is given, the depth and
 * the shocks.
 *
 * @param oiShownAs - the OI file's name in messages (default the path given)
 * @throws UsageError naming the flag: a ladder flag without --oi, a bad depth or shock
 * @example
 * const flows = await flowsOptionsFromFlags({ oi: "oi.csv", venue: "binance", depth: "2e8" });
 * const model = await assembleReport({ chainFile, flows });
 */
export async function flowsOptionsFromFlags(flags: LadderFlags, oiShownAs?: string): Promise<FlowsAssembleOptions> {
  const { parseDecimalOrPercent, parseNumber } = await import("./options.js");
  const ladderOnly = LADDER_FLAG_NAMES.filter((k) => flags[k] !== undefined);
  if (flags.oi === undefined && ladderOnly.length > 0) {
    throw new UsageError(`--${ladderOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} describes the liquidation ladder: give --oi <history> too`);
  }
  const out: FlowsAssembleOptions = {};
  if (flags.depth !== undefined) out.depth = parseNumber(flags.depth, "--depth", { gt: 0 });
  if (flags.shocks !== undefined) {
    const shocks = flags.shocks.split(",").map((t) => parseDecimalOrPercent(t.trim(), "--shocks", { gt: -1, max: 10 }));
    if (shocks.some((x) => x === 0)) throw new UsageError("--shocks must not contain 0");
    out.shocks = shocks;
  }
  const oi = flags.oi;
  if (oi !== undefined) out.ladder = (untilMs) => ladderFromFlags(oi, flags, untilMs, oiShownAs ?? oi);
  return out;
}
