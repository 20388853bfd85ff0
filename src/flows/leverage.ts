/**
 * Leverage distributions: how the open interest of each side is assumed to split across leverage
 * buckets. Nobody outside a venue can observe traders' leverage (aoki-h-jp/py-liquidation-map issue
 * #10: "it is not possible to obtain the trader's margin level from the exchange, as this is private
 * information"), so every liquidation estimate rests on one of these assumptions and says which.
 *
 * The presets are the three profiles of the open-source liquidation-map indicator
 * RSTEIN2525/liquidation-map-indicator (`src/config.py` at commit 18015b4b, leverage tiers
 * 5, 10, 20, 25, 50, 75, 100, 125), applied to both sides; docs/forced-flows.md §4.1.
 *
 * @module
 */

/** Weights by leverage for one side: leverage (×) → share of that side's open interest. */
export type LeverageWeights = ReadonlyArray<{ leverage: number; weight: number }>;

/** A side-specific leverage distribution and where it comes from. */
export interface LeverageDistribution {
  /** a short name: a preset's, or the file it was read from */
  name: string;
  /** where the numbers come from (shown in every output) */
  source: string;
  long: LeverageWeights;
  short: LeverageWeights;
}

const TIERS = [5, 10, 20, 25, 50, 75, 100, 125] as const;
const RSTEIN = "RSTEIN2525/liquidation-map-indicator src/config.py @ 18015b4b (leverage tiers 5–125x; same weights both sides)";

function preset(name: string, weights: readonly number[]): LeverageDistribution {
  const side = TIERS.map((leverage, i) => ({ leverage, weight: weights[i]! }));
  return { name, source: RSTEIN, long: side, short: side };
}

/**
 * The preset distributions by name.
 *
 * @example
 * LEVERAGE_PRESETS.neutral.long.find((b) => b.leverage === 20)!.weight; // 0.2
 */
export const LEVERAGE_PRESETS: Readonly<Record<"conservative" | "neutral" | "aggressive", LeverageDistribution>> = {
  conservative: preset("conservative", [0.25, 0.25, 0.2, 0.15, 0.1, 0.03, 0.01, 0.01]),
  neutral: preset("neutral", [0.1, 0.15, 0.2, 0.2, 0.15, 0.1, 0.07, 0.03]),
  aggressive: preset("aggressive", [0.05, 0.08, 0.1, 0.12, 0.2, 0.2, 0.15, 0.1]),
};

/** Shares may differ from a total of 1 by this much (a JSON file's decimals). */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/**
 * Read a leverage distribution from a parsed JSON document `{ long: { "10": 0.3, … }, short: { … } }`
 * (keys leverage multiples > 1, values shares of the side's open interest, each side summing to 1).
 *
 * @param doc - the parsed JSON
 * @param name - where it came from (a file name), for messages and labels
 * @returns the distribution, buckets ascending by leverage
 * @throws RangeError naming the field (`long["10"]`) when a key is not a leverage > 1, a share is not
 *   a finite number in [0, 1], a side is missing or empty, or a side's shares do not sum to 1
 * @example
 * parseLeverageDistribution({ long: { "10": 0.5, "25": 0.5 }, short: { "5": 1 } }, "lev.json").short;
 * // [{ leverage: 5, weight: 1 }]
 */
export function parseLeverageDistribution(doc: unknown, name: string): LeverageDistribution {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new RangeError(`${name}: a leverage distribution is an object { long: { "10": 0.3, … }, short: { … } }`);
  }
  const side = (key: "long" | "short"): LeverageWeights => {
    const raw = (doc as Record<string, unknown>)[key];
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new RangeError(`${name}: ${key} must be an object of leverage → share`);
    const out: Array<{ leverage: number; weight: number }> = [];
    let sum = 0;
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      const leverage = Number(k);
      if (!(leverage > 1) || !Number.isFinite(leverage)) throw new RangeError(`${name}: ${key}[${JSON.stringify(k)}]: a leverage must be a number > 1`);
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new RangeError(`${name}: ${key}[${JSON.stringify(k)}]: a share must be a number in [0, 1] (got ${JSON.stringify(v)})`);
      out.push({ leverage, weight: v });
      sum += v;
    }
    if (out.length === 0) throw new RangeError(`${name}: ${key} has no leverage bucket`);
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) throw new RangeError(`${name}: ${key} shares sum to ${sum}, not 1`);
    return out.sort((a, b) => a.leverage - b.leverage);
  };
  return { name, source: `user file ${name}`, long: side("long"), short: side("short") };
}
