/**
 * Barrier options observed only at expiry ("final" monitoring, as in US structured notes): a
 * European payoff with an indicator on S_T, decomposed exactly into vanillas and cash-or-nothing
 * digitals, so price and all twelve greeks are closed form.
 *
 * The in-region includes the level itself (S_T ≤ H for down, S_T ≥ H for up: touching counts).
 * With C(X), P(X) vanillas and C⁰(X), P⁰(X) cash-or-nothing digitals paying 1:
 *
 * | kind | H vs K | knock-in payoff decomposition |
 * |---|---|---|
 * | down-in call (S_T−K)⁺1{S_T≤H} | H ≤ K | 0 |
 * | | H > K | C(K) − C(H) − (H−K)·C⁰(H) |
 * | down-in put (K−S_T)⁺1{S_T≤H} | H ≤ K | P(H) + (K−H)·P⁰(H) |
 * | | H > K | P(K) |
 * | up-in call (S_T−K)⁺1{S_T≥H} | H ≥ K | C(H) + (H−K)·C⁰(H) |
 * | | H < K | C(K) |
 * | up-in put (K−S_T)⁺1{S_T≥H} | H ≥ K | 0 |
 * | | H < K | P(K) − P(H) − (K−H)·P⁰(H) |
 *
 * Knock-out = vanilla − knock-in. Rebates are paid at expiry: a knock-out's when S_T is in the
 * knocked region (R·P⁰(H) down, R·C⁰(H) up), a knock-in's when S_T is not in the in-region
 * (R·C⁰(H) down, R·P⁰(H) up). In the zero-variance limit (σ√T → 0, T = 0) the digitals take the
 * payoff indicator of the forward with the boundary assigned as above.
 *
 * There is no "already breached" state: spot beyond the level before expiry is a normal state.
 *
 * @module
 */
import { bsmGreeks } from "./bsm.js";
import { cashOrNothingGreeks, cashOrNothingPriceDeltaGamma } from "./digital.js";
import { emptyGreeks, type Greeks } from "./greeks.js";
import { DOWN_IN, DOWN_OUT, UP_IN, UP_OUT } from "./barrierTerms.js";
import { vanillaPriceDeltaGamma } from "./barrierVanilla.js";

/** Slots of a final-monitoring plan (coefficients of the decomposition). */
const P_VK = 0; // coefficient of the vanilla struck at K
const P_VH = 1; // coefficient of the vanilla struck at H (same type)
const P_D = 2; // coefficient of the cash digital struck at H
const P_DW = 3; // its direction (+1 call, −1 put)
const P_DTIE = 4; // its zero-variance value when the forward is exactly H
const P_R = 5; // coefficient of the rebate digital at H
const P_RW = 6;
const P_RTIE = 7;

/**
 * Coefficients of the final-monitoring decomposition, written into `plan[0..7]`:
 * [vanilla(K), vanilla(H), digital(H), its direction, its tie value, rebate digital, direction, tie].
 * Returns false for an unknown code or type.
 *
 * @param code - DOWN_IN, DOWN_OUT, UP_IN, UP_OUT
 * @param w - +1 call, −1 put
 * @param K - strike
 * @param H - barrier level
 * @param rebate - cash paid at expiry per the rules in the module note
 * @param plan - eight slots
 * @example
 * const p = new Float64Array(8);
 * finalPlan(DOWN_IN, -1, 100, 70, 0, p); // true; p = [0, 1, 30, -1, 1, 0, 1, 0]: P(70) + 30·P⁰(70)
 */
export function finalPlan(code: number, w: number, K: number, H: number, rebate: number, plan: Float64Array): boolean {
  if ((w !== 1 && w !== -1) || !(code === DOWN_IN || code === DOWN_OUT || code === UP_IN || code === UP_OUT)) {
    return false;
  }
  const down = code === DOWN_IN || code === DOWN_OUT;
  let vk = 0, vh = 0, d = 0, dw = w, tie = 0;
  if (down) {
    if (w === 1) {
      if (H > K) { vk = 1; vh = -1; d = -(H - K); dw = 1; tie = 0; }
    } else if (H <= K) {
      vh = 1; d = K - H; dw = -1; tie = 1;
    } else {
      vk = 1;
    }
  } else if (w === 1) {
    if (H >= K) { vh = 1; d = H - K; dw = 1; tie = 1; } else { vk = 1; }
  } else if (H < K) {
    vk = 1; vh = -1; d = -(K - H); dw = -1; tie = 0;
  }
  const knockIn = code === DOWN_IN || code === UP_IN;
  if (!knockIn) {
    vk = 1 - vk;
    vh = -vh;
    d = -d;
  }
  plan[P_VK] = vk;
  plan[P_VH] = vh;
  plan[P_D] = d;
  plan[P_DW] = dw;
  plan[P_DTIE] = tie;
  plan[P_R] = rebate;
  // knock-out rebate: S_T in the knocked region (boundary included); knock-in: outside the in-region
  plan[P_RW] = knockIn ? (down ? 1 : -1) : (down ? -1 : 1);
  plan[P_RTIE] = knockIn ? 0 : 1;
  return true;
}

const plan = new Float64Array(8);
const leg = new Float64Array(3);

/**
 * Price, delta and gamma of a final-observed barrier option, written into `out[offset..offset+2]`.
 * Allocation-free, never throws (NaN for invalid input).
 *
 * @param code - DOWN_IN, DOWN_OUT, UP_IN, UP_OUT
 * @param w - +1 call, −1 put
 * @param S - spot (> 0)
 * @param K - strike (> 0)
 * @param H - barrier level observed on S_T (> 0)
 * @param rebate - cash at expiry (≥ 0)
 * @param T - years (≥ 0)
 * @param sigma - volatility (≥ 0)
 * @param r - rate
 * @param q - dividend yield
 * @param out - destination
 * @param offset - first slot written
 * @example
 * const o = new Float64Array(3);
 * finalPriceDeltaGamma(DOWN_IN, -1, 70.5, 100, 70, 0, 5 / 365, 0.6, 0, 0, o, 0);
 * o; // [15.935580980003381, -2.857850548027508, 0.14632174084321747]  (|delta| > 1 from the (K−H)·P⁰(H) step)
 */
export function finalPriceDeltaGamma(
  code: number, w: number, S: number, K: number, H: number, rebate: number,
  T: number, sigma: number, r: number, q: number, out: Float64Array, offset: number,
): void {
  if (!(H > 0) || !(rebate >= 0) || !finalPlan(code, w, K, H, rebate, plan)) {
    out[offset] = out[offset + 1] = out[offset + 2] = NaN;
    return;
  }
  let p = 0, d = 0, g = 0;
  const vk = plan[P_VK], vh = plan[P_VH], cd = plan[P_D], cr = plan[P_R];
  // vanilla(K) is always evaluated: with coefficient 0 it still propagates NaN inputs
  vanillaPriceDeltaGamma(w, S, K, T, sigma, r, q, leg, 0);
  p += vk * leg[0]; d += vk * leg[1]; g += vk * leg[2];
  if (vh !== 0) {
    vanillaPriceDeltaGamma(w, S, H, T, sigma, r, q, leg, 0);
    p += vh * leg[0]; d += vh * leg[1]; g += vh * leg[2];
  }
  if (cd !== 0) {
    cashOrNothingPriceDeltaGamma(plan[P_DW], S, H, T, sigma, r, q, plan[P_DTIE], leg, 0);
    p += cd * leg[0]; d += cd * leg[1]; g += cd * leg[2];
  }
  if (cr !== 0) {
    cashOrNothingPriceDeltaGamma(plan[P_RW], S, H, T, sigma, r, q, plan[P_RTIE], leg, 0);
    p += cr * leg[0]; d += cr * leg[1]; g += cr * leg[2];
  }
  out[offset] = p;
  out[offset + 1] = d;
  out[offset + 2] = g;
}

function fillGreeks(out: Greeks, v: number): Greeks {
  out.price = out.delta = out.gamma = out.vega = out.theta = out.rho = v;
  out.vanna = out.charm = out.volga = out.speed = out.zomma = out.color = v;
  return out;
}

function axpy(out: Greeks, a: number, x: Greeks): void {
  out.price += a * x.price; out.delta += a * x.delta; out.gamma += a * x.gamma;
  out.vega += a * x.vega; out.theta += a * x.theta; out.rho += a * x.rho;
  out.vanna += a * x.vanna; out.charm += a * x.charm; out.volga += a * x.volga;
  out.speed += a * x.speed; out.zomma += a * x.zomma; out.color += a * x.color;
}

/**
 * Price and all twelve greeks of a final-observed barrier option (closed form: `bsmGreeks` for the
 * vanillas, `cashOrNothingGreeks` for the digitals). Never throws; NaN for invalid input.
 *
 * @param code - DOWN_IN, DOWN_OUT, UP_IN, UP_OUT
 * @param w - +1 call, −1 put
 * @param S - spot (> 0)
 * @param K - strike (> 0)
 * @param H - level observed on S_T (> 0)
 * @param rebate - cash at expiry (≥ 0)
 * @param T - years (≥ 0)
 * @param sigma - volatility (≥ 0)
 * @param r - rate
 * @param q - dividend yield
 * @param out - record written (and returned)
 * @example
 * finalGreeks(DOWN_IN, -1, 100, 100, 70, 0, 1, 0.3, 0, 0, emptyGreeks()).price; // 5.912285860481225
 */
export function finalGreeks(
  code: number, w: number, S: number, K: number, H: number, rebate: number,
  T: number, sigma: number, r: number, q: number, out: Greeks,
): Greeks {
  if (!(H > 0) || !(rebate >= 0) || !finalPlan(code, w, K, H, rebate, plan)) return fillGreeks(out, NaN);
  const part = emptyGreeks();
  const vk = plan[P_VK], vh = plan[P_VH], cd = plan[P_D], dw = plan[P_DW], dtie = plan[P_DTIE];
  const cr = plan[P_R], rw = plan[P_RW], rtie = plan[P_RTIE];
  fillGreeks(out, 0);
  // vanilla(K) is always evaluated: with coefficient 0 it still propagates NaN inputs
  axpy(out, vk, bsmGreeks(w, S, K, T, sigma, r, q, part));
  if (vh !== 0) axpy(out, vh, bsmGreeks(w, S, H, T, sigma, r, q, part));
  if (cd !== 0) axpy(out, cd, cashOrNothingGreeks(dw, S, H, T, sigma, r, q, dtie, part));
  if (cr !== 0) axpy(out, cr, cashOrNothingGreeks(rw, S, H, T, sigma, r, q, rtie, part));
  return out;
}
