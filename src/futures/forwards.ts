/**
 * Per-expiry forwards of an option chain whose venue quotes one (Deribit's `underlying_price`), as
 * listed prices for the basis term structure. The Deribit loader (src/data/deribit.ts) already
 * replaces stale forwards (more than 0.3 % off their expiry's median) by the median and warns; a
 * forward is not unique per expiry even so (the 2024-03-12 snapshot's 29MAR24 has five values), so
 * the expiry's forward here is the median over its contracts, and the contracts whose own forward
 * differs from it are counted.
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import type { ListedPrice } from "./termStructure.js";

/** One expiry's forward. */
export interface ExpiryForward extends ListedPrice {
  /** contracts of the expiry in the chain */
  contracts: number;
  /** contracts whose forward differs from the median */
  differing: number;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/**
 * Deribit's expiry label of an instant: day without a leading zero, month, two-digit year (UTC).
 *
 * @example
 * deribitExpiryLabel(Date.UTC(2024, 3, 26, 8)); // "26APR24"
 * deribitExpiryLabel(Date.UTC(2026, 1, 5, 8));  // "5FEB26"
 */
export function deribitExpiryLabel(expiryMs: number): string {
  const d = new Date(expiryMs);
  return `${d.getUTCDate()}${MONTHS[d.getUTCMonth()]}${String(d.getUTCFullYear() % 100).padStart(2, "0")}`;
}

/** Median of a non-empty list. */
function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/**
 * The median forward of each expiry of a chain (contracts without a forward ignored), ascending by
 * expiry, labelled the Deribit way.
 *
 * @param chain - a loaded chain (Deribit: `chain.forward` per contract)
 * @returns one entry per expiry with a forward; empty when the chain has no forwards (CBOE, generic)
 * @example
 * const { chain } = await loadChain("test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv");
 * expiryForwards(chain).find((f) => f.code === "26APR24")?.price; // 75201.87
 */
export function expiryForwards(chain: Chain): ExpiryForward[] {
  const by = new Map<number, number[]>();
  for (let i = 0; i < chain.length; i++) {
    const f = chain.forward[i]!;
    if (!(f > 0) || !Number.isFinite(f)) continue;
    const e = chain.expiry[i]!;
    let a = by.get(e);
    if (!a) by.set(e, (a = []));
    a.push(f);
  }
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([expiryMs, v]) => {
      const price = median(v);
      return { code: deribitExpiryLabel(expiryMs), expiryMs, price, contracts: v.length, differing: v.filter((x) => x !== price).length };
    });
}
