/**
 * The greeks record every pricing function returns, in raw-derivative units (DESIGN.md).
 *
 * @module
 */

/** Call or put. */
export type OptionType = "call" | "put";

/**
 * Price and sensitivities of one option, all raw derivatives with respect to spot S, volatility σ
 * (as a decimal, so "per 1.00 of vol"), calendar time t in years (t passes, time to expiry falls)
 * and the continuous rate r.
 *
 * | field | definition | unit |
 * |---|---|---|
 * | price | V | currency per unit of underlying |
 * | delta | ∂V/∂S | underlying units |
 * | gamma | ∂²V/∂S² | per currency unit of S |
 * | vega | ∂V/∂σ | per 1.00 of vol |
 * | theta | ∂V/∂t | per year |
 * | rho | ∂V/∂r | per 1.00 of rate |
 * | vanna | ∂²V/∂S∂σ | per 1.00 of vol |
 * | charm | ∂Δ/∂t | per year |
 * | volga | ∂²V/∂σ² | per (1.00 of vol)² |
 * | speed | ∂³V/∂S³ | per currency² |
 * | zomma | ∂Γ/∂σ | per 1.00 of vol |
 * | color | ∂Γ/∂t | per year |
 *
 * @example
 * const g: Greeks = vanilla({ type: "call", spot: 100, strike: 100, time: 1, vol: 0.2 });
 * g.delta; // 0.539827837277029
 */
export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
  vanna: number;
  charm: number;
  volga: number;
  speed: number;
  zomma: number;
  color: number;
}

/** The twelve greek names in a fixed order (tables, CSV columns). */
export const GREEK_FIELDS = [
  "price", "delta", "gamma", "vega", "theta", "rho",
  "vanna", "charm", "volga", "speed", "zomma", "color",
] as const satisfies ReadonlyArray<keyof Greeks>;

/**
 * A fresh greeks record filled with one value (NaN by default), for kernels that write into a
 * caller-owned record.
 *
 * @param fill - the value every field starts with
 * @example
 * emptyGreeks().price; // NaN
 */
export function emptyGreeks(fill = NaN): Greeks {
  return {
    price: fill, delta: fill, gamma: fill, vega: fill, theta: fill, rho: fill,
    vanna: fill, charm: fill, volga: fill, speed: fill, zomma: fill, color: fill,
  };
}
