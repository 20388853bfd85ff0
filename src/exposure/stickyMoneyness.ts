/**
 * The sticky-moneyness profile: each expiry's smile moves with spot, so at a hypothetical spot P a
 * contract of strike K takes the vol its log-forward-moneyness has on the smile at P (the forward
 * moves with spot: k(P) = ln(K/F) − ln(P/S)), shifted so that at P = S it keeps its own IV:
 *
 *   σ(P) = σ_own + σ_T(k(P)) − σ_T(k(S)),   floored at 0
 *
 * σ_T is the expiry's smile on the chain's one volatility surface (src/vol: raw SVI fitted to the
 * out-of-the-money quotes, or its monotone fallback), √(w_T(k)/T) at the snapshot. Greeks are the
 * BSM partial derivatives at that IV (the smile's own dependence on spot is not added to delta:
 * the profile reports what the sticky-strike one does, with re-marked vols). A contract whose
 * expiry has no slice (no quote with an IV > 0), or whose own IV is 0, keeps its own IV.
 *
 * The vol changes from point to point, so the multiplicative recurrences of kernel.ts do not apply;
 * this path evaluates one exp per group-point inside the |d1| ≤ 9 window. It is an option, not the
 * default.
 *
 * @module
 */
import { normCdf } from "../options/normal.js";
import { sliceVol, type SmileSlice } from "../vol/slice.js";
import type { VolSurface } from "../vol/surface.js";
import type { Book } from "./book.js";
import { WINDOW, type ProfileArrays } from "./kernel.js";

const INV_SQRT_2PI = 0.3989422804014327;

/**
 * Dealer profile with sticky-moneyness vols (see the module note).
 *
 * @param book - the groups (sticky-strike inputs at the snapshot)
 * @param prices - grid prices
 * @param spot - the snapshot spot S the smiles were marked at
 * @param wantDelta - also return the dealer delta profile (underlying units)
 * @param surface - the chain's vol surface (fitVolSurface), fitted at the snapshot
 * @returns gamma, vanna, charm (USD units, as kernel.ts) and optionally delta
 * @example
 * // SPX 2024-01-07, default grid: at spot the same as sticky strike, at 0.8 × spot different
 * stickyMoneynessProfile(book, grid.prices, spx.spot, false, fitVolSurface(spx)).gamma[250]; // -20696248668.85398
 * stickyMoneynessProfile(book, grid.prices, spx.spot, false, fitVolSurface(spx)).gamma[0];   // -49882385176.98064
 */
export function stickyMoneynessProfile(book: Book, prices: Float64Array, spot: number, wantDelta: boolean, surface: VolSurface): ProfileArrays {
  const m = prices.length;
  const gamma = new Float64Array(m);
  const vanna = new Float64Array(m);
  const charm = new Float64Array(m);
  const delta = wantDelta ? new Float64Array(m) : null;
  const slices = new Map<number, SmileSlice>(surface.slices.map((sl) => [sl.expiryMs, sl]));
  const x = Float64Array.from(prices, (P) => Math.log(P / spot));
  const r = book.rate;
  for (let g = 0; g < book.length; g++) {
    const T = book.time[g]!;
    const q = book.yield[g]!;
    const W = book.weight[g]!;
    const Wp = book.putWeight[g]!;
    const b = r - q;
    const dq = Math.exp(-q * T);
    const sqrtT = Math.sqrt(T);
    const lnK = Math.log(book.strike[g]!);
    const own = book.vol[g]!;
    // no slice, or a contract without an IV of its own (kept at 0 under --convention perfiliev): own IV
    const slice = own > 0 ? slices.get(book.expiry[g]!) : undefined;
    const k0 = slice === undefined ? 0 : lnK - Math.log(slice.forward);
    const shift = slice === undefined ? own : own - sliceVol(slice, k0);
    const m0 = Math.log(spot) - lnK + b * T; // ln(S/K) + bT
    for (let k = 0; k < m; k++) {
      const sigma = slice === undefined ? own : Math.max(0, shift + sliceVol(slice, k0 - x[k]!));
      const s = sigma * sqrtT;
      let N: number;
      if (!(s > 1e-150)) {
        const z = x[k]! + m0; // ln(P/K) + bT: the forward against the strike
        N = z > 0 ? 1 : z === 0 ? 0.5 : 0;
      } else {
        const d1 = (x[k]! + m0) / s + 0.5 * s;
        if (d1 >= -WINDOW && d1 <= WINDOW) {
          const d2 = d1 - s;
          const f = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
          const P = prices[k]!;
          gamma[k] += 0.01 * P * ((W * dq) / s) * f;
          vanna[k] += 0.01 * P * ((-W * dq) / sigma) * f * d2;
          charm[k] += (P / 365) * (-W * dq * f * (b / s - d2 / (2 * T)));
          N = q !== 0 || wantDelta ? normCdf(d1) : 0;
        } else {
          N = d1 > 0 ? 1 : 0;
        }
      }
      charm[k] += (prices[k]! / 365) * q * dq * (W * N - Wp);
      if (delta !== null) delta[k] += dq * (W * N - Wp);
    }
  }
  return { gamma, vanna, charm, delta };
}
