/**
 * European digital options: cash-or-nothing and asset-or-nothing, price and all twelve greeks in
 * closed form.
 *
 * Cash-or-nothing (Haug, *Complete Guide*, 2nd ed., §4.19.2; Reiner & Rubinstein 1991) pays 1 unit
 * of cash at expiry if S_T > K (call, w = +1) or S_T < K (put, w = −1):
 *
 *   V = e^{−rT}·Φ(w·d₂),  d₂ = (ln(S/K) + (b − σ²/2)T)/(σ√T),  d₁ = d₂ + σ√T,  b = r − q.
 *
 * Greeks (n = φ(d₂), D = e^{−rT}, s = σ√T, ∂d₂/∂T = (b − σ²/2)/s − d₂/(2T)), derived by hand and
 * checked against central differences in `test/options/digital.test.ts`:
 *
 * | greek | formula |
 * |---|---|
 * | delta | w·D·n/(S·s) |
 * | gamma | −w·D·n·d₁/(S²s²) |
 * | speed | −w·D·n·(1 − d₁d₂ − 2d₁s)/(S³s³) |
 * | vega | −w·D·n·d₁/σ |
 * | vanna | w·D·n·(d₁d₂ − 1)/(S·s·σ) |
 * | volga | −w·D·n·(d₁²d₂ − d₁ − d₂)/σ² |
 * | zomma | −w·D·n·(d₁²d₂ − d₂ − 2d₁)/(S²s²σ) |
 * | theta | r·V − w·D·n·∂d₂/∂T |
 * | charm | w·D·n·(r + d₂·∂d₂/∂T + 1/(2T))/(S·s) |
 * | color | w·D·n·(d₁(−r − d₂·∂d₂/∂T − 1/T) + ∂d₂/∂T + s/(2T))/(S²s²) |
 * | rho | −T·V + w·D·n·T/s (q held fixed) |
 *
 * Asset-or-nothing is w·(vanilla) + K·(cash-or-nothing), with the vanilla from `bsmGreeks`.
 *
 * ln(S/K) is taken as `lnRatio` (log1p of (S − K)/K near the money): `Math.log(S / K)` has an
 * absolute error ε/2, which d₂ = (…)/(σ√T) turns into a price error φ(d₂)·ε/(2σ√T) — 4e-10 per unit
 * paid at σ√T = 1e-7, where the barrier decomposition of `barrierFinal.ts` multiplies it by |H − K|
 * or the rebate.
 *
 * Units are those of {@link Greeks}: theta, charm, color per year of calendar time passing (−∂/∂T),
 * vega per 1.00 of vol, rho per 1.00 of rate. Kernels never throw: NaN in gives NaN out. When
 * σ√T ≤ 1e-100 (including T = 0) the zero-variance limit is taken explicitly: the payoff indicator
 * of the forward, discounted, with `tie` as its value when the forward equals the strike exactly.
 *
 * @module
 */
import { bsmGreeks } from "./bsm.js";
import { lnRatio } from "./barrierTerms.js";
import { emptyGreeks, type Greeks } from "./greeks.js";
import { normCdf, normPdf } from "./normal.js";

/** Below this σ√T the zero-variance limit is used (1/s³ in speed stays finite above it). */
const MIN_STDDEV = 1e-100;

function fillNaN(out: Greeks): Greeks {
  out.price = out.delta = out.gamma = out.vega = out.theta = out.rho = NaN;
  out.vanna = out.charm = out.volga = out.speed = out.zomma = out.color = NaN;
  return out;
}

function badInput(w: number, S: number, K: number, T: number, sigma: number, r: number, q: number): boolean {
  return !(T >= 0) || !(sigma >= 0) || !(S > 0) || !(K > 0) || r !== r || q !== q || (w !== 1 && w !== -1);
}

/** Indicator of w·(F − K) > 0 for the forward F = S·e^{(r−q)T}, `tie` when F = K exactly. */
function forwardIndicator(w: number, S: number, K: number, T: number, r: number, q: number, tie: number): number {
  const gap = w * (S * Math.exp(-q * T) - K * Math.exp(-r * T)); // discounted F − K, signed
  return gap > 0 ? 1 : gap === 0 ? tie : 0;
}

/**
 * Cash-or-nothing digital: price and all twelve greeks per 1 unit of cash paid at expiry.
 *
 * @param w - +1 call (pays if S_T > K), −1 put (pays if S_T < K)
 * @param S - spot (> 0)
 * @param K - strike (> 0)
 * @param T - years to expiry (≥ 0)
 * @param sigma - volatility, decimal per √year (≥ 0)
 * @param r - continuous rate, decimal per year
 * @param q - continuous dividend yield, decimal per year
 * @param tie - payoff value when σ√T ≤ 1e-100 and the forward equals K exactly (default ½)
 * @param out - record written (and returned)
 * @returns `out`; NaN in every field for invalid input (never throws)
 * @example
 * cashOrNothingGreeks(-1, 100, 80, 0.75, 0.35, 0.06, 0.06, 0.5, emptyGreeks()).price * 10;
 * // 2.6710456844613466 (Haug p. 88: 2.671)
 */
export function cashOrNothingGreeks(
  w: number, S: number, K: number, T: number, sigma: number, r: number, q: number, tie: number, out: Greeks,
): Greeks {
  if (badInput(w, S, K, T, sigma, r, q)) return fillNaN(out);
  const D = Math.exp(-r * T);
  const sqrtT = Math.sqrt(T);
  const s = sigma * sqrtT;
  if (!(s > MIN_STDDEV)) {
    const price = D * forwardIndicator(w, S, K, T, r, q, tie);
    out.price = price;
    out.delta = out.gamma = out.speed = 0;
    out.vega = out.vanna = out.volga = out.zomma = 0;
    out.theta = r * price;
    out.charm = out.color = 0;
    out.rho = -T * price;
    return out;
  }
  const nu = r - q - 0.5 * sigma * sigma;
  // lnRatio keeps ln(S/K) relatively accurate at S ≈ K, where 1/s would amplify its rounding
  const d2 = (lnRatio(S, K) + nu * T) / s;
  const d1 = d2 + s;
  const price = D * normCdf(w * d2);
  const n = normPdf(d2);
  out.price = price;
  out.rho = -T * price;
  out.theta = r * price;
  if (n === 0) {
    // |d₂| > 40: every density term is exactly 0 (never 0·∞)
    out.delta = out.gamma = out.speed = 0;
    out.vega = out.vanna = out.volga = out.zomma = 0;
    out.charm = out.color = 0;
    return out;
  }
  const wDn = w * D * n;
  const d2T = nu / s - d2 / (2 * T);
  const Ss = S * s;
  out.delta = wDn / Ss;
  out.gamma = (-wDn * d1) / (Ss * Ss);
  out.speed = (-wDn * (1 - d1 * d2 - 2 * d1 * s)) / (Ss * Ss * Ss);
  out.vega = (-wDn * d1) / sigma;
  out.vanna = (wDn * (d1 * d2 - 1)) / (Ss * sigma);
  out.volga = (-wDn * (d1 * d1 * d2 - d1 - d2)) / (sigma * sigma);
  out.zomma = (-wDn * (d1 * d1 * d2 - d2 - 2 * d1)) / (Ss * Ss * sigma);
  out.theta = r * price - wDn * d2T;
  out.charm = (wDn * (r + d2 * d2T + 1 / (2 * T))) / Ss;
  out.color = (wDn * (d1 * (-r - d2 * d2T - 1 / T) + d2T + s / (2 * T))) / (Ss * Ss);
  out.rho = -T * price + (wDn * T) / s;
  return out;
}

const vanillaScratch = emptyGreeks();

/**
 * Asset-or-nothing digital: pays S_T at expiry if S_T > K (w = +1) or S_T < K (w = −1); price and
 * twelve greeks as w·vanilla + K·cash-or-nothing (zero-variance tie ½, as in `bsmGreeks`).
 *
 * @param w - +1 call, −1 put
 * @param S - spot (> 0)
 * @param K - strike (> 0)
 * @param T - years (≥ 0)
 * @param sigma - volatility (≥ 0)
 * @param r - rate
 * @param q - dividend yield
 * @param out - record written (and returned)
 * @example
 * assetOrNothingGreeks(-1, 70, 65, 0.5, 0.27, 0.07, 0.05, emptyGreeks()).price;
 * // 20.20694729836854 (Haug p. 90: 20.2069)
 */
export function assetOrNothingGreeks(
  w: number, S: number, K: number, T: number, sigma: number, r: number, q: number, out: Greeks,
): Greeks {
  if (badInput(w, S, K, T, sigma, r, q)) return fillNaN(out);
  cashOrNothingGreeks(w, S, K, T, sigma, r, q, 0.5, out);
  bsmGreeks(w, S, K, T, sigma, r, q, vanillaScratch);
  out.price = w * vanillaScratch.price + K * out.price;
  out.delta = w * vanillaScratch.delta + K * out.delta;
  out.gamma = w * vanillaScratch.gamma + K * out.gamma;
  out.vega = w * vanillaScratch.vega + K * out.vega;
  out.theta = w * vanillaScratch.theta + K * out.theta;
  out.rho = w * vanillaScratch.rho + K * out.rho;
  out.vanna = w * vanillaScratch.vanna + K * out.vanna;
  out.charm = w * vanillaScratch.charm + K * out.charm;
  out.volga = w * vanillaScratch.volga + K * out.volga;
  out.speed = w * vanillaScratch.speed + K * out.speed;
  out.zomma = w * vanillaScratch.zomma + K * out.zomma;
  out.color = w * vanillaScratch.color + K * out.color;
  return out;
}

/**
 * Cash-or-nothing price, delta and gamma only, for hot loops: writes `out[offset..offset+2]`,
 * allocates nothing, never throws (NaN in, NaN out). Same formulas and limits as
 * {@link cashOrNothingGreeks}.
 *
 * @param w - +1 call, −1 put
 * @param S - spot (> 0)
 * @param K - strike (> 0)
 * @param T - years (≥ 0)
 * @param sigma - volatility (≥ 0)
 * @param r - rate
 * @param q - dividend yield
 * @param tie - zero-variance payoff when the forward equals K exactly
 * @param out - destination
 * @param offset - first slot written
 * @example
 * const o = new Float64Array(3);
 * cashOrNothingPriceDeltaGamma(1, 100, 100, 1, 0.2, 0, 0, 0.5, o, 0);
 * o[1]; // 0.01984762737385059
 */
export function cashOrNothingPriceDeltaGamma(
  w: number, S: number, K: number, T: number, sigma: number, r: number, q: number, tie: number,
  out: Float64Array, offset: number,
): void {
  if (badInput(w, S, K, T, sigma, r, q)) {
    out[offset] = out[offset + 1] = out[offset + 2] = NaN;
    return;
  }
  const D = Math.exp(-r * T);
  const s = sigma * Math.sqrt(T);
  if (!(s > MIN_STDDEV)) {
    out[offset] = D * forwardIndicator(w, S, K, T, r, q, tie);
    out[offset + 1] = out[offset + 2] = 0;
    return;
  }
  const d2 = (lnRatio(S, K) + (r - q - 0.5 * sigma * sigma) * T) / s;
  const n = normPdf(d2);
  const Ss = S * s;
  const wDn = w * D * n;
  out[offset] = D * normCdf(w * d2);
  out[offset + 1] = n === 0 ? 0 : wDn / Ss;
  out[offset + 2] = n === 0 ? 0 : (-wDn * (d2 + s)) / (Ss * Ss);
}
