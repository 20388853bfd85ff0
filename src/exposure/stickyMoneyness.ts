/**
 * The sticky-moneyness profile: each expiry's smile moves with spot, so at a hypothetical spot P a
 * contract of strike K takes the IV that strike K·S/P had at the snapshot (same moneyness K/P),
 * shifted so that at P = S it keeps its own IV:
 *
 *   σ(P) = σ_own + smile_T(K·S/P) − smile_T(K),   floored at 0
 *
 * smile_T is the expiry's IV against log strike, the mean IV of the contracts at each strike (calls,
 * puts and every root alike), linear between strikes and flat beyond the outermost ones. Greeks are
 * the BSM partial derivatives at that IV (the smile's own dependence on spot is not added to delta:
 * the profile reports what the sticky-strike one does, with re-marked vols).
 *
 * The vol changes from point to point, so the multiplicative recurrences of kernel.ts do not apply;
 * this path evaluates one exp per group-point inside the |d1| ≤ 9 window. It is an option, not the
 * default.
 *
 * @module
 */
import { normCdf } from "../options/normal.js";
import type { Book } from "./book.js";
import { WINDOW, type ProfileArrays } from "./kernel.js";

const INV_SQRT_2PI = 0.3989422804014327;

/** One expiry's smile: ascending log strikes and their mean IVs. */
interface Smile {
  lnK: Float64Array;
  iv: Float64Array;
}

/** Mean IV per strike for each expiry of the book. */
function buildSmiles(book: Book): Map<number, Smile> {
  const byExpiry = new Map<number, Map<number, { sum: number; n: number }>>();
  for (let g = 0; g < book.length; g++) {
    const e = book.expiry[g]!;
    let strikes = byExpiry.get(e);
    if (!strikes) byExpiry.set(e, (strikes = new Map()));
    const K = book.strike[g]!;
    const c = strikes.get(K) ?? { sum: 0, n: 0 };
    c.sum += book.vol[g]! * book.members[g]!;
    c.n += book.members[g]!;
    strikes.set(K, c);
  }
  const out = new Map<number, Smile>();
  for (const [e, strikes] of byExpiry) {
    const ks = [...strikes.keys()].sort((a, b) => a - b);
    out.set(e, {
      lnK: Float64Array.from(ks, (k) => Math.log(k)),
      iv: Float64Array.from(ks, (k) => strikes.get(k)!.sum / strikes.get(k)!.n),
    });
  }
  return out;
}

/** Linear interpolation in log strike with flat ends (binary search). */
function smileAt(s: Smile, lnK: number): number {
  const x = s.lnK;
  const n = x.length;
  if (lnK <= x[0]!) return s.iv[0]!;
  if (lnK >= x[n - 1]!) return s.iv[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! <= lnK) lo = mid;
    else hi = mid;
  }
  const t = (lnK - x[lo]!) / (x[hi]! - x[lo]!);
  return s.iv[lo]! + t * (s.iv[hi]! - s.iv[lo]!);
}

/**
 * Dealer profile with sticky-moneyness vols (see the module note).
 *
 * @param book - the groups (sticky-strike inputs at the snapshot)
 * @param prices - grid prices
 * @param spot - the snapshot spot S the smiles were marked at
 * @param wantDelta - also return the dealer delta profile (underlying units)
 * @returns gamma, vanna, charm (USD units, as kernel.ts) and optionally delta
 * @example
 * // SPX 2024-01-07, default grid: at spot the same as sticky strike, at 0.8 × spot different
 * stickyMoneynessProfile(book, grid.prices, spx.spot, false).gamma[250]; // -20696248668.85398
 * stickyMoneynessProfile(book, grid.prices, spx.spot, false).gamma[0];   // -57127980199.997025
 */
export function stickyMoneynessProfile(book: Book, prices: Float64Array, spot: number, wantDelta: boolean): ProfileArrays {
  const m = prices.length;
  const gamma = new Float64Array(m);
  const vanna = new Float64Array(m);
  const charm = new Float64Array(m);
  const delta = wantDelta ? new Float64Array(m) : null;
  const smiles = buildSmiles(book);
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
    const smile = smiles.get(book.expiry[g]!)!;
    const shift = book.vol[g]! - smileAt(smile, lnK);
    const m0 = Math.log(spot) - lnK + b * T; // ln(S/K) + bT
    for (let k = 0; k < m; k++) {
      const sigma = Math.max(0, shift + smileAt(smile, lnK - x[k]!));
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
