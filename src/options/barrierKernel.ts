/**
 * Hot-loop barrier kernel: price, delta and gamma of the eight single-barrier options with rebate,
 * allocation-free and never throwing. Continuous monitoring uses the Reiner–Rubinstein closed forms
 * (Haug, *Complete Guide*, 2nd ed., §4.17.1, terms A–F; QuantLib `AnalyticBarrierEngine`); discrete
 * monitoring the same at the Broadie–Glasserman–Kou shifted level; final monitoring the
 * vanilla/digital decomposition of `barrierFinal.ts`.
 *
 * Notation (all relative to spot): h = ln(H/S), k = ln(K/S), s = σ√T, ν = b − σ²/2, ν' = b + σ²/2,
 * b = r − q, η = +1 down / −1 up, φ = +1 call / −1 put. Each of Haug's A–D splits into an asset leg
 * S·e^{−qT}·P and a cash leg e^{−rT}·P (A = φ(asset − K·cash)); the probabilities are
 *
 * | term | exponent E | Φ argument x |
 * |---|---|---|
 * | A | 0 | φ(−k + gT)/s |
 * | B | 0 | φ(−h + gT)/s |
 * | C | 2gh/σ² | η(2h − k + gT)/s |
 * | D | 2gh/σ² | η(h + gT)/s |
 *
 * with g = ν' for the asset leg and g = ν for the cash leg; E (knock-in rebate at expiry) is
 * R·e^{−rT}·[Φ(η(−h + νT)/s) − D_cash], F (knock-out rebate at hit) is
 * R·[e^{m₊h}Φ(η(h + λ̃T)/s) + e^{m₋h}Φ(η(h − λ̃T)/s)] with λ̃ = √(ν² + 2rσ²), m± = (ν ± λ̃)/σ²
 * formed without cancellation. Knock-in combinations (Haug's table; knock-out = A − knock-in):
 * down-call & up-put: C when the barrier is on the far side of the strike (K ≥ H down, K < H up),
 * else A − B + D; down-put & up-call: B − C + D on the far side, else A.
 *
 * Each term e^E·Φ(x) is a probability (reflection principle) and is evaluated by
 * `reflectedTerm`, which switches to the completed-square Mills-ratio form for x < −5, so that
 * (H/S)^{2μ} never overflows as σ → 0. Where C and D enter as ±(C − D) and would cancel (strike
 * within about σ√T of the level, or both Φ arguments above 0) their difference is evaluated as such
 * (`cdPair`): their separate L-derivatives are (2g/σ² + 1/s)^n times the terms, ~1e15 for the
 * second at σ = 1e-4. h and k are formed by `lnRatio`, to full relative accuracy with spot within
 * 1e-12 of the level or strike (`Math.log(H / S)` has an absolute error ε/2, which 1/s and 2ν/σ²
 * amplify), and the BGK shift is added to h in log space rather than rounded into a shifted level.
 * Delta and gamma are analytic: every term is C·S^p·Φ(aL + c) in L = ln S, so V_L and V_LL are
 * closed form and delta = V_L/S, gamma = (V_LL − V_L)/S². Haug's A is the vanilla itself and is
 * taken from the closed-form BSM kernel, which is exact where its asset and cash densities cancel
 * (at the money with small σ√T).
 *
 * Limits (explicit branches): spot at or beyond the un-shifted level (continuous or discrete) means
 * breached — knock-in is the vanilla, knock-out is worth its rebate paid now (delta = gamma = 0).
 * σ ≤ 1e-30 or σ√T ≤ 1e-30 (including T = 0): the zero-variance limit along the forward path
 * S·e^{bt} — a barrier is hit iff the forward reaches it by T (touching counts), an at-hit rebate is
 * R·e^{−r·t*} with t* = h/b. The at-hit rebate needs ν² + 2rσ² ≥ 0 (it can fail only for r < 0);
 * otherwise the result is NaN.
 *
 * Accuracy: same formulas as QuantLib (Haug's 72-case table within 1e-4, Babsiri within 1e-5 in
 * `test/options/barrier.reference.test.ts`); near the barrier a knock-out price is a difference of
 * O(1) terms, so its relative accuracy degrades like ε·S/|S − H|.
 *
 * @module
 */
import { plainTerm, reflectedPair, reflectedTerm, usePair } from "./barrierTail.js";
import { bgkLogSlope, DOWN_IN, DOWN_OUT, lnRatio, MONITOR_FINAL, UP_IN, UP_OUT } from "./barrierTerms.js";
import { finalPriceDeltaGamma } from "./barrierFinal.js";
import { vanillaPriceDeltaGamma } from "./barrierVanilla.js";

/** σ and σ√T at or below which the zero-variance limit is used (1/σ⁴ and 1/s³ stay finite above). */
export const BARRIER_MIN_VOL = 1e-30;

const term = new Float64Array(3);
const legs = new Float64Array(10);
const vanillaLeg = new Float64Array(3);

/**
 * Knock-in combination coefficients of Haug's A, B, C, D (Haug §4.17.1 table), written into
 * `out[0..3]`; the knock-out combination is (1, 0, 0, 0) minus these.
 *
 * @param down - barrier below spot
 * @param w - +1 call, −1 put
 * @param K - strike, or ln(K/S) (only the order of K and H matters)
 * @param H - (continuous-equivalent) level, or ln(H/S) when K is given as ln(K/S)
 * @param out - four slots
 * @example
 * const c = new Float64Array(4);
 * knockInCoefficients(true, -1, 100, 70, c); // c = [0, 1, -1, 1]: B − C + D
 */
export function knockInCoefficients(down: boolean, w: number, K: number, H: number, out: Float64Array): void {
  const far = down ? K >= H : K < H;
  if (down === (w === 1)) {
    // down call, up put
    if (far) { out[0] = 0; out[1] = 0; out[2] = 1; out[3] = 0; } else { out[0] = 1; out[1] = -1; out[2] = 0; out[3] = 1; }
  } else if (far) {
    out[0] = 0; out[1] = 1; out[2] = -1; out[3] = 1;
  } else {
    out[0] = 1; out[1] = 0; out[2] = 0; out[3] = 0;
  }
}

const coef = new Float64Array(4);

/**
 * Haug's C probability e^{2gh/σ²}·Φ(η(2h − k + gT)/s) for drift g with its L-derivatives, into
 * `out[0..2]`; Q = −(k − gT)²/(2s²) − 2h(h − k)/s² in completed-square form.
 */
function cTerm(
  g: number, h: number, k: number, T: number, eta: number, invs: number, invs2: number, sig2: number, out: Float64Array,
): void {
  const kg = k - g * T;
  reflectedTerm(2 * g * h / sig2, eta * (2 * h - k + g * T) * invs, -0.5 * kg * kg * invs2 - 2 * h * (h - k) * invs2,
    -2 * g / sig2, -eta * invs, (2 * h - k - g * T) * invs2, -invs2, out);
}

/** Haug's D probability e^{2gh/σ²}·Φ(η(h + gT)/s) with its L-derivatives; Q = −(h − gT)²/(2s²). */
function dTerm(
  g: number, h: number, T: number, eta: number, invs: number, invs2: number, sig2: number, out: Float64Array,
): void {
  const hg = h - g * T;
  reflectedTerm(2 * g * h / sig2, eta * (h + g * T) * invs, -0.5 * hg * hg * invs2, -2 * g / sig2, -eta * invs,
    hg * invs2, -invs2, out);
}

const term2 = new Float64Array(3);

/**
 * C − D for drift g, e^{2gh/σ²}·[Φ(x_C) − Φ(x_D)] with x_D = η(h + gT)/s, x_C = η(2h − k + gT)/s
 * (δ = x_C − x_D = η·ln(H/K)/s), evaluated where C and D separately would cancel; returns false
 * and writes nothing elsewhere. C and D each carry L-derivatives of order (2g/σ² + 1/s)^n times
 * the term, which cancel to the difference (at σ = 1e-4, r = 0.15 their second derivatives are
 * ~1e15 and the rounding alone exceeds a 1e-8 gamma):
 * - strike within about σ√T of the level ({@link usePair}): as one term by quadrature
 *   ({@link reflectedPair});
 * - both arguments above 0, where Φ(x_C) and Φ(x_D) are both near 1: as
 *   e^E·Φ(−x_D) − e^E·Φ(−x_C), two reflected terms (same E and Q) that differ by a factor e^{1/2}
 *   or more and so do not cancel.
 */
function cdPair(
  g: number, h: number, k: number, T: number, eta: number, invs: number, invs2: number, sig2: number,
  out: Float64Array,
): boolean {
  const xD = eta * (h + g * T) * invs;
  const delta = eta * (h - k) * invs;
  const hg = h - g * T;
  const QD = -0.5 * hg * hg * invs2;
  if (usePair(xD, delta)) {
    reflectedPair(xD, delta, QD, -eta * invs, hg * invs2, -invs2, out);
    return true;
  }
  const xC = eta * (2 * h - k + g * T) * invs;
  if (!(xD > 0 && xC > 0)) return false;
  const E = 2 * g * h / sig2;
  const EL = -2 * g / sig2;
  const kg = k - g * T;
  reflectedTerm(E, -xD, QD, EL, eta * invs, hg * invs2, -invs2, out);
  reflectedTerm(E, -xC, -0.5 * kg * kg * invs2 - 2 * h * (h - k) * invs2, EL, eta * invs,
    (2 * h - k - g * T) * invs2, -invs2, term2);
  out[0] -= term2[0]; out[1] -= term2[1]; out[2] -= term2[2];
  return true;
}

/**
 * Reiner–Rubinstein legs with analytic L = ln S derivatives, for spot strictly inside the live
 * region and σ, σ√T above {@link BARRIER_MIN_VOL}. Writes into `out[0..9]`:
 * [asset, asset_L, asset_LL, cash, cash_L, cash_LL, rebate, rebate_L, rebate_LL, cA], where the
 * vanilla-payoff barrier option is w·(asset − K·cash) + rebate, a cash-or-nothing barrier option
 * (1 paid at expiry if S_T is beyond K on the option's side) is `cash`, an asset-or-nothing one is
 * `asset`. With `withA` false, Haug's A term (the vanilla itself) is left out of the legs and its
 * coefficient cA ∈ {−1, 0, 1} is returned in out[9], so that the caller can add cA × the vanilla
 * from the closed-form BSM kernel — exact where the asset and cash densities of A cancel (at the
 * money with small σ√T). Allocation-free, never throws (NaN when ν² + 2rσ² < 0 and an at-hit
 * rebate is needed).
 *
 * @param code - DOWN_IN, DOWN_OUT, UP_IN, UP_OUT
 * @param w - +1 call, −1 put
 * @param S - spot, not breached
 * @param K - strike
 * @param h - ln(H/S) of the continuous-equivalent level, to full relative accuracy:
 *   {@link lnRatio}(H, S) + σ·{@link bgkLogSlope} for discrete monitoring (the formulas divide it
 *   by σ√T and multiply it by 2ν/σ², so an absolute error of ε/2 from `Math.log(H / S)` would be
 *   amplified by 1/(σ√T) and 2|ν|/σ² when spot is near the level)
 * @param rebate - knock-in: paid at expiry if never hit; knock-out: paid at hit
 * @param T - years (> 0)
 * @param sigma - volatility (> 0)
 * @param r - rate
 * @param q - dividend yield
 * @param withA - include Haug's A term in the legs
 * @param out - ten slots
 * @example
 * const o = new Float64Array(10);
 * rrLegs(DOWN_OUT, 1, 100, 90, lnRatio(95, 100), 3, 0.5, 0.25, 0.08, 0.04, true, o);
 * o[0] - 90 * o[3] + o[6]; // 9.024567694966874 (Haug: 9.0246)
 */
export function rrLegs(
  code: number, w: number, S: number, K: number, h: number, rebate: number,
  T: number, sigma: number, r: number, q: number, withA: boolean, out: Float64Array,
): void {
  const down = code === DOWN_IN || code === DOWN_OUT;
  const knockIn = code === DOWN_IN || code === UP_IN;
  const eta = down ? 1 : -1;
  const s = sigma * Math.sqrt(T);
  const invs = 1 / s;
  const invs2 = invs * invs;
  const sig2 = sigma * sigma;
  const b = r - q;
  const nu = b - 0.5 * sig2;
  const nup = b + 0.5 * sig2;
  const k = lnRatio(K, S);
  knockInCoefficients(down, w, k, h, coef);
  let cA = coef[0], cB = coef[1], cC = coef[2], cD = coef[3];
  if (!knockIn) { cA = 1 - cA; cB = -cB; cC = -cC; cD = -cD; }

  let a0 = 0, a1 = 0, a2 = 0, c0 = 0, c1 = 0, c2 = 0;
  const wx = w * invs;
  out[9] = withA ? 0 : cA;
  if (withA && cA !== 0) {
    plainTerm(w * (-k + nup * T) * invs, wx, term);
    a0 += cA * term[0]; a1 += cA * term[1]; a2 += cA * term[2];
    plainTerm(w * (-k + nu * T) * invs, wx, term);
    c0 += cA * term[0]; c1 += cA * term[1]; c2 += cA * term[2];
  }
  if (cB !== 0) {
    plainTerm(w * (-h + nup * T) * invs, wx, term);
    a0 += cB * term[0]; a1 += cB * term[1]; a2 += cB * term[2];
    plainTerm(w * (-h + nu * T) * invs, wx, term);
    c0 += cB * term[0]; c1 += cB * term[1]; c2 += cB * term[2];
  }
  // C and D share e^E; when they enter as cC·(C − D) and would cancel, their difference is
  // evaluated as such (cdPair), free of the cancellation of their L-derivatives
  const pairCD = cC !== 0 && cC === -cD;
  let pairA = false, pairC = false;
  if (pairCD) {
    pairA = cdPair(nup, h, k, T, eta, invs, invs2, sig2, term);
    if (pairA) { a0 += cC * term[0]; a1 += cC * term[1]; a2 += cC * term[2]; }
    pairC = cdPair(nu, h, k, T, eta, invs, invs2, sig2, term);
    if (pairC) { c0 += cC * term[0]; c1 += cC * term[1]; c2 += cC * term[2]; }
  }
  if (cC !== 0 && !pairA) {
    cTerm(nup, h, k, T, eta, invs, invs2, sig2, term);
    a0 += cC * term[0]; a1 += cC * term[1]; a2 += cC * term[2];
  }
  if (cC !== 0 && !pairC) {
    cTerm(nu, h, k, T, eta, invs, invs2, sig2, term);
    c0 += cC * term[0]; c1 += cC * term[1]; c2 += cC * term[2];
  }
  if (cD !== 0 && !pairA) {
    dTerm(nup, h, T, eta, invs, invs2, sig2, term);
    a0 += cD * term[0]; a1 += cD * term[1]; a2 += cD * term[2];
  }
  // D's cash leg doubles as the hit probability of the knock-in rebate term E
  let dc0 = 0, dc1 = 0, dc2 = 0;
  const needRebateIn = knockIn && rebate !== 0;
  if ((cD !== 0 && !pairC) || needRebateIn) {
    dTerm(nu, h, T, eta, invs, invs2, sig2, term);
    dc0 = term[0]; dc1 = term[1]; dc2 = term[2];
    if (!pairC) { c0 += cD * dc0; c1 += cD * dc1; c2 += cD * dc2; }
  }

  let r0 = 0, r1 = 0, r2 = 0;
  if (rebate !== 0) {
    if (knockIn) {
      const dfc = Math.exp(-r * T);
      plainTerm(eta * (-h + nu * T) * invs, eta * invs, term);
      const f = rebate * dfc;
      r0 = f * (term[0] - dc0); r1 = f * (term[1] - dc1); r2 = f * (term[2] - dc2);
    } else {
      const disc = nu * nu + 2 * r * sig2;
      if (!(disc >= 0)) {
        r0 = r1 = r2 = NaN;
      } else {
        const lam = r === 0 ? Math.abs(nu) : Math.sqrt(disc);
        const mp = nu >= 0 ? (nu + lam) / sig2 : (2 * r) / (lam - nu);
        const mm = nu <= 0 ? (nu - lam) / sig2 : (-2 * r) / (lam + nu);
        const hn = h - nu * T;
        const Q = -0.5 * hn * hn * invs2 - r * T;
        const QL = hn * invs2;
        const xLr = -eta * invs;
        reflectedTerm(mp * h, eta * (h + lam * T) * invs, Q, -mp, xLr, QL, -invs2, term);
        r0 = term[0]; r1 = term[1]; r2 = term[2];
        reflectedTerm(mm * h, eta * (h - lam * T) * invs, Q, -mm, xLr, QL, -invs2, term);
        r0 = rebate * (r0 + term[0]); r1 = rebate * (r1 + term[1]); r2 = rebate * (r2 + term[2]);
      }
    }
  }
  const sa = S * Math.exp(-q * T);
  const dc = Math.exp(-r * T);
  out[0] = sa * a0;
  out[1] = sa * (a0 + a1);
  out[2] = sa * (a0 + 2 * a1 + a2);
  out[3] = dc * c0;
  out[4] = dc * c1;
  out[5] = dc * c2;
  out[6] = r0;
  out[7] = r1;
  out[8] = r2;
}

/**
 * Zero-variance limit (σ or σ√T at most {@link BARRIER_MIN_VOL}, or T = 0) for continuous or
 * discrete monitoring, spot not breached: the path is the forward S·e^{bt}; h = ln(H/S) of the
 * continuous-equivalent level, as for {@link rrLegs}.
 */
function zeroVariance(
  code: number, w: number, S: number, K: number, h: number, rebate: number,
  T: number, r: number, q: number, out: Float64Array, offset: number,
): void {
  const down = code === DOWN_IN || code === DOWN_OUT;
  const knockIn = code === DOWN_IN || code === UP_IN;
  const b = r - q;
  const bT = b * T;
  const hit = down ? bT <= h : bT >= h; // the forward touches or crosses the level by T
  if (hit === knockIn) {
    vanillaPriceDeltaGamma(w, S, K, T, 0, r, q, out, offset);
    return;
  }
  if (knockIn) {
    // never knocked in: rebate at expiry
    out[offset] = rebate * Math.exp(-r * T);
    out[offset + 1] = out[offset + 2] = 0;
    return;
  }
  // knocked out at t* = h/b (b ≠ 0 because the level is strictly away from spot): V = R·e^{−r h/b}
  const a = r / b; // V_L = a·V
  const v = rebate === 0 ? 0 : rebate * Math.exp(-a * h);
  out[offset] = v;
  out[offset + 1] = (a * v) / S;
  out[offset + 2] = (a * (a - 1) * v) / (S * S);
}

/**
 * Price, delta and gamma of a single-barrier option with rebate — the hot-loop kernel.
 *
 * Writes `out[offset]` = price, `out[offset+1]` = delta ∂V/∂S, `out[offset+2]` = gamma ∂²V/∂S²
 * (raw units, per unit of underlying). Allocates nothing, never throws: any invalid input (NaN,
 * S/K/H ≤ 0, T < 0, σ < 0, rebate < 0, unknown code or monitor, w ∉ {±1}) gives NaN in all three.
 * See the module note for formulas, limits and accuracy; delta and gamma are analytic.
 *
 * @param code - DOWN_IN (0), DOWN_OUT (1), UP_IN (2), UP_OUT (3)
 * @param w - +1 call, −1 put
 * @param S - spot (> 0)
 * @param K - strike (> 0)
 * @param H - contractual barrier level (> 0)
 * @param rebate - cash (≥ 0): knock-out paid at hit (paid at expiry for final monitoring),
 *   knock-in paid at expiry if never knocked in
 * @param T - years to expiry, calendar (≥ 0)
 * @param sigma - volatility, decimal per √year (≥ 0)
 * @param r - continuous rate, decimal per year
 * @param q - continuous dividend yield, decimal per year
 * @param monitor - MONITOR_CONTINUOUS (0), MONITOR_FINAL (−1), or the discrete observation interval
 *   in years (> 0, e.g. 1/365 for daily; Broadie–Glasserman–Kou shift)
 * @param out - destination (length ≥ offset + 3)
 * @param offset - first slot written (default 0)
 * @returns `out`
 * @example
 * const o = new Float64Array(3);
 * // daily-observed down-and-in put near its barrier, 5 days left: |delta| > 1
 * barrierPriceDeltaGamma(DOWN_IN, -1, 70.5, 100, 70, 0, 5 / 365, 0.6, 0, 0, 1 / 365, o);
 * // o = [22.716786329976202, -4.620092299870916, 0.3492169841928969]
 */
export function barrierPriceDeltaGamma(
  code: number, w: number, S: number, K: number, H: number, rebate: number,
  T: number, sigma: number, r: number, q: number, monitor: number,
  out: Float64Array, offset = 0,
): Float64Array {
  if (!(S > 0) || !(K > 0) || !(H > 0) || !(rebate >= 0) || !(T >= 0) || !(sigma >= 0) || r !== r || q !== q ||
    (w !== 1 && w !== -1) || !(code === DOWN_IN || code === DOWN_OUT || code === UP_IN || code === UP_OUT) ||
    !(monitor >= 0 || monitor === MONITOR_FINAL) || !(monitor < Infinity) || !(rebate < Infinity) ||
    !(S < Infinity) || !(K < Infinity) || !(H < Infinity) || !(T < Infinity) || !(sigma < Infinity)) {
    out[offset] = out[offset + 1] = out[offset + 2] = NaN;
    return out;
  }
  if (monitor === MONITOR_FINAL) {
    finalPriceDeltaGamma(code, w, S, K, H, rebate, T, sigma, r, q, out, offset);
    return out;
  }
  const down = code === DOWN_IN || code === DOWN_OUT;
  if (down ? S <= H : S >= H) {
    // breached (touching counts): knock-in is the vanilla, knock-out its rebate paid now
    if (code === DOWN_IN || code === UP_IN) {
      vanillaPriceDeltaGamma(w, S, K, T, sigma, r, q, out, offset);
    } else {
      out[offset] = rebate;
      out[offset + 1] = out[offset + 2] = 0;
    }
    return out;
  }
  // ln(H/S) of the (BGK-shifted) level, relatively accurate even within 1e-12 of spot
  const h = monitor > 0 ? lnRatio(H, S) + bgkLogSlope(down, monitor) * sigma : lnRatio(H, S);
  const s = sigma * Math.sqrt(T);
  if (!(sigma > BARRIER_MIN_VOL) || !(s > BARRIER_MIN_VOL)) {
    zeroVariance(code, w, S, K, h, rebate, T, r, q, out, offset);
    return out;
  }
  rrLegs(code, w, S, K, h, rebate, T, sigma, r, q, false, legs);
  let v = w * (legs[0] - K * legs[3]) + legs[6];
  let vL = w * (legs[1] - K * legs[4]) + legs[7];
  let vLL = w * (legs[2] - K * legs[5]) + legs[8];
  const cA = legs[9];
  if (cA !== 0) {
    // Haug's A is the vanilla: closed form, with V_L = S·delta, V_LL = S²·gamma + S·delta
    vanillaPriceDeltaGamma(w, S, K, T, sigma, r, q, vanillaLeg, 0);
    const sd = S * vanillaLeg[1];
    v += cA * vanillaLeg[0];
    vL += cA * sd;
    vLL += cA * (S * S * vanillaLeg[2] + sd);
  }
  out[offset] = v;
  out[offset + 1] = vL / S;
  out[offset + 2] = (vLL - vL) / (S * S);
  return out;
}
