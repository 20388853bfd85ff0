/**
 * Greeks in spot from derivatives in log price: the lattice engines compute a value and its first
 * four derivatives in z = η·ln(S/S_ref) (η = +1, or −1 for a coordinate that grows as S falls) at
 * the spot, over a last step that satisfies the backward equation V_τ = μV_z + ½σ²V_zz − rV
 * exactly (μ = η(r − q − σ²/2)), so theta, charm and color follow from the same derivatives.
 *
 * @module
 */
import type { Greeks } from "./greeks.js";

/**
 * Write price, delta, gamma, speed, theta, charm and color of a z-jet [V, V_z, V_zz, V_zzz, V_zzzz]
 * into `out` (the other greeks are left as they are).
 *
 * @param J - the jet at the spot
 * @param eta - +1 when z grows with S, −1 when it falls
 * @param S - spot (> 0)
 * @example
 * // V = S (a share): V_z = … = S for z = ln S
 * const g = zJetGreeks(Float64Array.of(100, 100, 100, 100, 100), 1, 100, 0.2, 0, 0, emptyGreeks());
 * [g.price, g.delta, g.gamma, g.theta]; // [100, 1, 0, -0] (a share costs nothing to hold at r = q = 0)
 */
export function zJetGreeks(J: ArrayLike<number>, eta: number, S: number, sigma: number, r: number, q: number, out: Greeks): Greeks {
  const V = J[0]!, Vz = J[1]!, Vzz = J[2]!, Vz3 = J[3]!, Vz4 = J[4]!;
  const mu = eta * (r - q - 0.5 * sigma * sigma);
  const half = 0.5 * sigma * sigma;
  out.price = V;
  out.delta = (eta * Vz) / S;
  out.gamma = (Vzz - eta * Vz) / (S * S);
  out.speed = (eta * Vz3 - 3 * Vzz + 2 * eta * Vz) / (S * S * S);
  const Vt = mu * Vz + half * Vzz - r * V;
  const Vzt = mu * Vzz + half * Vz3 - r * Vz;
  const Vzzt = mu * Vz3 + half * Vz4 - r * Vzz;
  out.theta = -Vt;
  out.charm = (-eta * Vzt) / S;
  out.color = -(Vzzt - eta * Vzt) / (S * S);
  return out;
}
