/**
 * The maintenance terms `gexray margin` and `gexray adl` take from their flags: a tier file
 * (`--tiers`, `--symbol`), a flat `--mmr`, or the venue's shipped, dated sample table (data/tiers/,
 * transcriptions documented in data/README.md) when neither is given. Loading it costs the tier
 * loader only.
 *
 * @module
 */
import type { TierTable, TierVenue } from "../data/tierTable.js";
import { UsageError } from "./errors.js";

/**
 * The shipped sample tier table of each venue that has one (paths relative to the package root),
 * with the symbol to read.
 *
 * @example
 * DEFAULT_TIERS.binance.file; // "data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json"
 */
export const DEFAULT_TIERS: Readonly<Partial<Record<TierVenue, { file: string; symbol: string }>>> = {
  binance: { file: "data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json", symbol: "BTCUSDT" },
  bybit: { file: "data/tiers/bybit_risk-limit_BTCUSDT_testnet_2023-10-08.json", symbol: "BTCUSDT" },
  hyperliquid: { file: "data/tiers/hyperliquid_meta_margin-tiers_docs.json", symbol: "BTC" },
};

/** The table used and how it was chosen. */
export interface ChosenTiers {
  table: TierTable;
  /** the file as the user should see it (relative for the shipped samples) */
  shown: string;
  /** true when the venue's shipped sample was used */
  sample: boolean;
  warnings: string[];
}

/**
 * Load the tier table for a venue: `--tiers` (with `--symbol`), else the venue's shipped sample
 * (then `--symbol`, when given, must be in it), else undefined (the caller needs `--mmr`).
 *
 * @throws UsageError when `--symbol` is given without a table to read it from; InputError from the loader
 * @example
 * const t = await chooseTiers("binance", { symbol: "BTCUSDT" }); // the shipped Oct-2024 table
 */
export async function chooseTiers(venue: TierVenue, flags: { tiers?: string; symbol?: string }): Promise<ChosenTiers | undefined> {
  const [{ loadTierFile }, { fileURLToPath }] = await Promise.all([import("../data/tierFiles.js"), import("node:url")]);
  if (flags.tiers !== undefined) {
    const { table, warnings } = await loadTierFile(flags.tiers, { venue, ...(flags.symbol !== undefined ? { symbol: flags.symbol } : {}) });
    return { table, shown: flags.tiers, sample: false, warnings };
  }
  const d = DEFAULT_TIERS[venue];
  if (!d) {
    if (flags.symbol !== undefined) throw new UsageError("--symbol needs --tiers (the file to read the symbol's tiers from)");
    return undefined;
  }
  const file = fileURLToPath(new URL(`../../${d.file}`, import.meta.url));
  const { table, warnings } = await loadTierFile(file, { venue, symbol: flags.symbol ?? d.symbol });
  return { table: { ...table, source: d.file }, shown: d.file, sample: true, warnings };
}

/**
 * One line describing a tier table: file, symbol, as-of, and that a shipped sample is a transcription.
 *
 * @example
 * tiersLine(chosen);
 * // "data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json (BTCUSDT, as of 2024-10-24; shipped sample, transcribed: verify against the live endpoint)"
 */
export function tiersLine(c: ChosenTiers): string {
  return `${c.shown} (${c.table.symbol}, as of ${c.table.asOf ?? "unknown"}${c.sample ? "; shipped sample, transcribed: verify against the live endpoint" : ""})`;
}
