/**
 * The units of every exposure figure, written once (DESIGN.md conventions) for the JSON `unit`
 * object, table footers and CSV headers.
 *
 * "USD" is the chain's price currency (every supported venue quotes underlyings in USD).
 *
 * @module
 */

/**
 * Unit text per exposure field.
 *
 * @example
 * EXPOSURE_UNITS.gamma; // "USD of dealer delta change per 1% move in spot (Σ sign·OI·mult·Γ·S²·0.01)"
 */
export const EXPOSURE_UNITS = {
  price: "USD per unit of underlying",
  gamma: "USD of dealer delta change per 1% move in spot (Σ sign·OI·mult·Γ·S²·0.01)",
  vanna: "USD of dealer delta change per +1 vol point (Σ sign·OI·mult·vanna·S·0.01)",
  charm: "USD of dealer delta change per calendar day (Σ sign·OI·mult·charm·S/365)",
  delta: "USD of underlying dealers hold through their options (Σ sign·OI·mult·Δ·S)",
  deltaUnderlying: "units of underlying dealers hold through their options (Σ sign·OI·mult·Δ)",
  openInterest: "contracts",
  hedgeUnderlying: "FIRST-ORDER ESTIMATE (−Γ·ΔS): units of underlying dealers buy (+) or sell (−) after a +1% move; the opposite after −1%",
  hedgeUsd: "FIRST-ORDER ESTIMATE (−Γ·ΔS): USD dealers buy (+) or sell (−) after a +1% move, at spot",
  hedgeContracts: "FIRST-ORDER ESTIMATE (−Γ·ΔS): contracts of each hedge instrument dealers buy (+) or sell (−) after a +1% move",
  flowUnderlying: "exact re-hedge −(D_after − D_before), D = Σ sign·OI·mult·Δ: units of underlying dealers buy (+) or sell (−)",
  flowUsd: "the exact re-hedge in USD at the price it trades at (1.01 × spot after +1%, 0.99 × spot after −1%, spot for vol and time)",
  flowContracts: "the exact re-hedge in contracts of each hedge instrument (buy +, sell −)",
} as const;

/** A field of {@link EXPOSURE_UNITS}. */
export type ExposureField = keyof typeof EXPOSURE_UNITS;
