/**
 * The dealer gamma profile of a chain three ways on one grid: with every expiry, without the next
 * expiry, and without the next monthly expiry (monthly.ts: third Friday for US listings, last
 * Friday of the month for Deribit). Traders read it to see how much of the profile, and of the
 * zero-gamma level, belongs to the expiry about to roll off.
 *
 * Each line is a full {@link computeProfile} on the same grid with one more expiry filter; the
 * caller's own filters (expiry range, expiring today) apply to all three.
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import { formatInstant } from "../data/time.js";
import { priceGrid, type PriceGrid } from "./grid.js";
import { monthlyRuleOf, nextMonthlyExpiry, type MonthlyRule } from "./monthly.js";
import { computeProfile, type Profile, type ProfileOptions } from "./profile.js";

/** One line of the overlay. */
export interface OverlayLine {
  /** "all", "exNext" (without the next expiry) or "exMonthly" (without the next monthly expiry) */
  id: "all" | "exNext" | "exMonthly";
  /** what was left out: the date and expiry instants (ISO 8601), null for "all" or when there is none */
  removed: { date: string; expiries: string[] } | null;
  /** USD of dealer delta per 1% move at each grid price */
  gamma: Float64Array;
  /** every zero crossing, ascending, USD per unit */
  zeroGamma: number[];
  /** the crossing nearest spot, or null */
  nearestZeroGamma: number | null;
  /** dealer dollar gamma at spot (exact), USD per 1% move */
  atSpotGamma: number;
  /** contracts used */
  used: number;
}

/** The three profiles on one grid. */
export interface ExpiryOverlay {
  /** grid prices, ascending, USD per unit */
  grid: Float64Array;
  spot: number;
  /** the monthly rule used */
  monthlyRule: MonthlyRule;
  /** all, exNext, exMonthly in this order */
  lines: OverlayLine[];
}

/** Options of {@link expiryOverlay}: a profile's, and the monthly rule. */
export interface ExpiryOverlayOptions extends Omit<ProfileOptions, "onProgress" | "delta"> {
  /** default from the chain (monthlyRuleOf) */
  monthlyRule?: MonthlyRule;
  /** the profile with every expiry, when already computed on this grid with these options */
  base?: Profile;
}

/**
 * Compute the overlay.
 *
 * @param chain - the chain (not modified)
 * @param opts - the profile options (grid, dealer, time, filters, vol model) and the monthly rule
 * @returns the three lines on one grid
 * @throws RangeError as {@link computeProfile}
 * @example
 * const o = await expiryOverlay(spx); // SPX 2024-01-07, default grid
 * o.lines.map((l) => [l.id, l.removed?.date ?? "", l.nearestZeroGamma]);
 * // [["all", "", 4734.4401794423475], ["exNext", "2024-01-08", 4736.6407243272015], ["exMonthly", "2024-01-19", 4744.607655013056]]
 */
export async function expiryOverlay(chain: Chain, opts: ExpiryOverlayOptions = {}): Promise<ExpiryOverlay> {
  const { monthlyRule: ruleOpt, base: baseOpt, ...profileOpts } = opts;
  const rule = ruleOpt ?? monthlyRuleOf(chain);
  const grid: PriceGrid = baseOpt ? { prices: baseOpt.grid, log: baseOpt.logGrid, spot: chain.spot }
    : profileOpts.grid && "prices" in profileOpts.grid ? profileOpts.grid : priceGrid({ spot: chain.spot, ...(profileOpts.grid ?? {}) });
  const atMs = profileOpts.atMs ?? chain.asOf.epochMs;
  const zone = chain.asOf.zone;
  const filter = profileOpts.expiry ?? {};
  const base = baseOpt ?? (await computeProfile(chain, { ...profileOpts, grid }));
  const exNext = await computeProfile(chain, { ...profileOpts, grid, expiry: { ...filter, excludeNextExpiry: true } });
  const exMonthly = await computeProfile(chain, { ...profileOpts, grid, expiry: { ...filter, excludeNextMonthly: true, monthlyRule: rule } });

  // what each filter removes: the nearest expiry alive at the evaluation instant (as select.ts finds it)
  let next = Infinity;
  for (let i = 0; i < chain.length; i++) {
    const e = chain.expiry[i]!;
    if (e > atMs && e < next) next = e;
  }
  const iso = (ms: number) => formatInstant({ epochMs: ms, zone });
  const monthly = nextMonthlyExpiry(chain, atMs, rule);
  const line = (id: OverlayLine["id"], p: Profile, removed: OverlayLine["removed"]): OverlayLine => ({
    id, removed, gamma: p.gamma, zeroGamma: p.levels.zeroGamma, nearestZeroGamma: p.levels.nearestZeroGamma,
    atSpotGamma: p.atSpot.gamma, used: p.counts.used,
  });
  return {
    grid: grid.prices, spot: chain.spot, monthlyRule: rule,
    lines: [
      line("all", base, null),
      line("exNext", exNext, Number.isFinite(next) ? { date: iso(next).slice(0, 10), expiries: [iso(next)] } : null),
      line("exMonthly", exMonthly, monthly ? { date: monthly.date, expiries: monthly.expiries.map(iso) } : null),
    ],
  };
}
