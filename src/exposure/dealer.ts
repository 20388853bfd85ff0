/**
 * Dealer sign conventions (DESIGN.md "dealer sign"): who is assumed to hold the other side of the
 * open interest.
 *
 * | mode | dealer position per contract |
 * |---|---|
 * | `naive` (default) | long every call, short every put: +OI on calls, −OI on puts |
 * | `short` | short everything: −OI |
 * | `long` | long everything: +OI |
 * | `column` | the chain's signed `position` column (+ = dealer long), in contracts; OI is ignored |
 *
 * @module
 */
import type { Chain } from "../data/chain.js";

/** How the dealer's side of each contract is assumed. */
export type DealerMode = "naive" | "short" | "long" | "column";

/** The dealer modes, in the order the CLI lists them. */
export const DEALER_MODES: readonly DealerMode[] = ["naive", "short", "long", "column"];

/**
 * Dealer position in underlying units per contract: sign × open interest × multiplier (or the
 * signed `position` column × multiplier in `column` mode). Positive = dealer long.
 *
 * @param chain - the chain (not modified)
 * @param mode - dealer sign convention; default "naive"
 * @returns a new array, one weight per contract, underlying units
 * @throws RangeError for an unknown mode, or `column` mode on a chain without a position column
 * @example
 * // a chain of one call and one put, 10 contracts each, multiplier 100
 * dealerWeights(chain, "naive"); // Float64Array [1000, -1000]
 * dealerWeights(chain, "short"); // Float64Array [-1000, -1000]
 */
export function dealerWeights(chain: Chain, mode: DealerMode = "naive"): Float64Array {
  const n = chain.length;
  const w = new Float64Array(n);
  const { type, openInterest: oi, multiplier: mult } = chain;
  switch (mode) {
    case "naive":
      for (let i = 0; i < n; i++) w[i] = (type[i] === 1 ? oi[i]! : -oi[i]!) * mult[i]!;
      return w;
    case "short":
      for (let i = 0; i < n; i++) w[i] = -oi[i]! * mult[i]!;
      return w;
    case "long":
      for (let i = 0; i < n; i++) w[i] = oi[i]! * mult[i]!;
      return w;
    case "column": {
      const pos = chain.position;
      if (pos === null) {
        throw new RangeError("dealer mode 'column' needs a signed position column (dealer_position) in the chain");
      }
      for (let i = 0; i < n; i++) w[i] = pos[i]! * mult[i]!;
      return w;
    }
    default:
      throw new RangeError(`dealer mode must be one of ${DEALER_MODES.join(", ")} (got ${JSON.stringify(mode)})`);
  }
}
