/**
 * Vanilla price, delta and gamma for the barrier kernels' hot loops (a knocked-in option is the
 * vanilla; final-observed barriers decompose into vanillas and digitals).
 *
 * Same formulas and limits as `bsmGreeks` (Haug ch. 1, generalized BSM with b = r − q): when
 * σ√T ≤ 1e-150 the discounted forward intrinsic value, with delta at its midpoint ½·w·e^{−qT} when
 * the forward equals the strike. Only the three numbers the hot loop needs, no record, no allocation.
 *
 * @module
 */
import { normCdf, normPdf } from "./normal.js";

/** Same threshold as `bsm.ts`. */
const MIN_STDDEV = 1e-150;

/**
 * Price, delta and gamma of a European call (w = +1) or put (w = −1), written into
 * `out[offset..offset+2]`. Never throws; NaN in gives NaN out.
 *
 * @param w - +1 call, −1 put
 * @param S - spot (> 0)
 * @param K - strike (> 0)
 * @param T - years to expiry (≥ 0)
 * @param sigma - volatility, decimal (≥ 0)
 * @param r - continuous rate
 * @param q - continuous dividend yield
 * @param out - destination
 * @param offset - first slot written
 * @example
 * const o = new Float64Array(3);
 * vanillaPriceDeltaGamma(1, 100, 100, 1, 0.2, 0.05, 0, o, 0);
 * o[0]; // 10.450583572185565
 */
export function vanillaPriceDeltaGamma(
  w: number, S: number, K: number, T: number, sigma: number, r: number, q: number, out: Float64Array, offset: number,
): void {
  if (!(T >= 0) || !(sigma >= 0) || !(S > 0) || !(K > 0) || r !== r || q !== q || (w !== 1 && w !== -1)) {
    out[offset] = out[offset + 1] = out[offset + 2] = NaN;
    return;
  }
  const dq = Math.exp(-q * T);
  const dr = Math.exp(-r * T);
  const sd = sigma * Math.sqrt(T);
  if (!(sd > MIN_STDDEV)) {
    const gap = w * (S * dq - K * dr);
    const itm = gap > 0 ? 1 : gap === 0 ? 0.5 : 0;
    out[offset] = itm === 1 ? gap : 0;
    out[offset + 1] = w * dq * itm;
    out[offset + 2] = 0;
    return;
  }
  const d1 = (Math.log(S / K) + (r - q) * T) / sd + 0.5 * sd;
  const Nd1 = normCdf(w * d1);
  out[offset] = w * (S * dq * Nd1 - K * dr * normCdf(w * (d1 - sd)));
  out[offset + 1] = w * dq * Nd1;
  out[offset + 2] = (dq * normPdf(d1)) / (S * sd);
}
