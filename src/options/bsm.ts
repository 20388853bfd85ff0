/**
 * Black–Scholes–Merton kernel: price and all twelve greeks of a European option on an asset with
 * continuous yield q (Black-76 on a quoted forward is the same kernel with the implied carry).
 *
 * Formulas: Haug, *The Complete Guide to Option Pricing Formulas* (2nd ed., 2007), ch. 1–2, with
 * cost of carry b = r − q, d1 = (ln(S/K) + (b + σ²/2)T)/(σ√T), d2 = d1 − σ√T. Time derivatives
 * (theta, charm, color) are with respect to calendar time t passing, i.e. −∂/∂T.
 *
 * Kernels never throw: NaN in gives NaN out; T < 0 is NaN (an expired contract is the caller's
 * business); T = 0 or σ = 0 take the deterministic limit explicitly (N(d) ∈ {0, ½, 1}, density
 * terms 0), never a division by zero.
 *
 * @module
 */
import type { Greeks } from "./greeks.js";
import { normCdf, normPdf } from "./normal.js";

/** Below this σ√T the deterministic limit is used (d1 would overflow past ±1e150). */
const MIN_STDDEV = 1e-150;

function fillNaN(out: Greeks): Greeks {
  out.price = out.delta = out.gamma = out.vega = out.theta = out.rho = NaN;
  out.vanna = out.charm = out.volga = out.speed = out.zomma = out.color = NaN;
  return out;
}

/**
 * Deterministic limit (σ√T = 0): the option is worth its discounted forward intrinsic value and
 * every density term vanishes. At the money (F = K) the step is taken at its midpoint, ½.
 */
function deterministic(w: number, S: number, K: number, T: number, r: number, q: number, out: Greeks): Greeks {
  const dq = Math.exp(-q * T);
  const dr = Math.exp(-r * T);
  const fwdGap = S * dq - K * dr; // discounted F − K
  const itm = w * fwdGap > 0 ? 1 : w * fwdGap === 0 ? 0.5 : 0;
  // with N(w·d1) = N(w·d2) = itm and φ = 0 in the general formulas
  // `+ 0` turns the −0 of an out-of-the-money put into +0 for clean output
  out.price = itm === 1 ? w * fwdGap : 0;
  out.delta = w * dq * itm + 0;
  out.gamma = 0;
  out.vega = 0;
  out.theta = itm * w * (q * S * dq - r * K * dr) + 0;
  out.rho = itm * w * K * T * dr + 0;
  out.vanna = 0;
  out.charm = w * q * dq * itm + 0;
  out.volga = 0;
  out.speed = 0;
  out.zomma = 0;
  out.color = 0;
  return out;
}

/**
 * Generalized Black–Scholes–Merton price and greeks, written into `out`.
 *
 * @param w - +1 for a call, −1 for a put
 * @param S - spot, currency per unit (> 0)
 * @param K - strike, currency per unit (> 0)
 * @param T - time to expiry in years (≥ 0; < 0 gives NaN)
 * @param sigma - volatility, decimal per √year (≥ 0)
 * @param r - continuous risk-free rate, decimal per year
 * @param q - continuous dividend yield (or foreign rate), decimal per year
 * @param out - record the results are written into (also returned)
 * @returns `out`, in the raw units listed on {@link Greeks}
 * @example
 * bsmGreeks(1, 100, 100, 1, 0.2, 0.05, 0, emptyGreeks()).price; // 10.450583572185565
 */
export function bsmGreeks(w: number, S: number, K: number, T: number, sigma: number, r: number, q: number, out: Greeks): Greeks {
  if (!(T >= 0) || !(sigma >= 0) || !(S > 0) || !(K > 0) || r !== r || q !== q || (w !== 1 && w !== -1)) {
    return fillNaN(out);
  }
  const sqrtT = Math.sqrt(T);
  const sd = sigma * sqrtT;
  if (!(sd > MIN_STDDEV)) return deterministic(w, S, K, T, r, q, out);
  const b = r - q;
  const dq = Math.exp(-q * T);
  const dr = Math.exp(-r * T);
  const d1 = (Math.log(S / K) + b * T) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const nd1 = normPdf(d1);
  const Nwd1 = normCdf(w * d1);
  const Nwd2 = normCdf(w * d2);
  const Sdq = S * dq;
  const Kdr = K * dr;

  const gamma = (dq * nd1) / (S * sd);
  const vega = Sdq * nd1 * sqrtT;
  // ∂d1/∂T, written to avoid 0·∞ as T → 0
  const dd1dT = b / sd - d2 / (2 * T);

  out.price = w * (Sdq * Nwd1 - Kdr * Nwd2);
  out.delta = w * dq * Nwd1;
  out.gamma = gamma;
  out.vega = vega;
  out.theta = (-Sdq * nd1 * sigma) / (2 * sqrtT) + w * (q * Sdq * Nwd1 - r * Kdr * Nwd2);
  out.rho = w * K * T * dr * Nwd2;
  out.vanna = (-dq * nd1 * d2) / sigma;
  out.charm = w * q * dq * Nwd1 - dq * nd1 * dd1dT;
  out.volga = (vega * d1 * d2) / sigma;
  out.speed = (-gamma / S) * (d1 / sd + 1);
  out.zomma = (gamma * (d1 * d2 - 1)) / sigma;
  out.color = gamma * (q + 1 / (2 * T) + d1 * dd1dT);
  return out;
}

/**
 * Black-76 on a quoted forward F, with greeks taken with respect to spot S and the forward moving
 * with spot (F/S fixed): the BSM kernel with the implied carry b = ln(F/S)/T. Rho is the Black-76
 * rho at a fixed forward, −T·V (only the discounting depends on r).
 *
 * @param w - +1 call, −1 put
 * @param S - spot or index, currency per unit (> 0)
 * @param F - forward for this expiry, currency per unit (> 0)
 * @param K - strike (> 0)
 * @param T - years to expiry (≥ 0)
 * @param sigma - volatility, decimal
 * @param r - discount rate, decimal per year
 * @param out - record the results are written into (also returned)
 * @example
 * black76Greeks(1, 100, 102, 100, 0.5, 0.6, 0, emptyGreeks()).price; // ≈ 17.81
 */
export function black76Greeks(w: number, S: number, F: number, K: number, T: number, sigma: number, r: number, out: Greeks): Greeks {
  if (!(F > 0) || !(S > 0)) return fillNaN(out);
  // at T = 0 the forward equals spot; any carry is irrelevant
  const q = T > 0 ? r - Math.log(F / S) / T : r;
  bsmGreeks(w, S, K, T, sigma, r, q, out);
  out.rho = -T * out.price;
  return out;
}
