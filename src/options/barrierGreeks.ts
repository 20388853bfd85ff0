/**
 * All twelve greeks of a single-barrier option, analytic: the Reiner–Rubinstein price of
 * `barrierKernel.ts` evaluated once on jets (`barrierJet.ts`, truncated Taylor arithmetic in
 * L = ln S, σ, T, r), which yields every derivative the {@link Greeks} record needs to rounding
 * error — no finite differences anywhere. For discrete monitoring the Broadie–Glasserman–Kou level
 * H·e^{∓βσ√Δt} is part of the σ-dependence, so vega, vanna, volga and zomma include the shift.
 * Final monitoring is delegated to the closed-form decomposition of `barrierFinal.ts`. Haug's A term
 * (the vanilla itself) enters as the jet of `bsmGreeks`, exact where the generic form cancels.
 * ln(H/S), ln(K/S) and Haug's C − D are formed as in the kernel (`lnRatio` plus the BGK shift in log
 * space, {@link cdPairJet}), so the two paths agree to rounding with spot or strike within 1e-12 of
 * the level at σ√T down to 1e-7.
 * One evaluation takes about 3.5 µs (≈ 40 × `bsmGreeks`), allocation-free (pooled jets).
 *
 * Conversions from the jet (c = Taylor coefficients, V_X = derivatives):
 * delta = V_L/S, gamma = (V_LL − V_L)/S², speed = (V_LLL − 3V_LL + 2V_L)/S³, vega = V_σ,
 * vanna = V_Lσ/S, zomma = (V_LLσ − V_Lσ)/S², volga = V_σσ, theta = −V_T, charm = −V_LT/S,
 * color = −(V_LLT − V_LT)/S², rho = V_r (q held fixed).
 *
 * Limits: breached (continuous/discrete) — knock-in gives `bsmGreeks` of the vanilla, knock-out
 * price = rebate and every greek 0. Zero variance (σ or σ√T ≤ 1e-30, T = 0) — the forward-path value
 * with its S, T and r derivatives, and the σ-derivatives set to 0 (the `bsmGreeks` convention).
 *
 * @module
 */
import { bsmGreeks } from "./bsm.js";
import { emptyGreeks, type Greeks } from "./greeks.js";
import {
  J_L, J_R, J_SIGMA, J_T, type Jet, jAdd, jAddC, jAxpy, jConst, jDiv, jExp, jMul, jNormCdf, jReflected, jReflectedPair,
  jReset, jScale, jSqrt, jSub, jTmp, jVar,
} from "./barrierJet.js";
import { BARRIER_MIN_VOL, knockInCoefficients } from "./barrierKernel.js";
import { usePair } from "./barrierTail.js";
import { finalGreeks } from "./barrierFinal.js";
import { bgkLogSlope, DOWN_IN, DOWN_OUT, lnRatio, MONITOR_FINAL, UP_IN, UP_OUT } from "./barrierTerms.js";

function fill(out: Greeks, v: number): Greeks {
  out.price = out.delta = out.gamma = out.vega = out.theta = out.rho = v;
  out.vanna = out.charm = out.volga = out.speed = out.zomma = out.color = v;
  return out;
}

/** Convert a price jet in (L, σ, T, r) into the greeks record (module note). */
function fromJet(V: Jet, S: number, out: Greeks): Greeks {
  const vL = V[1], vLL = 2 * V[2], vLLL = 6 * V[3];
  const vs = V[4], vLs = V[5], vLLs = 2 * V[6], vss = 2 * V[7];
  const vT = V[8], vLT = V[9], vLLT = 2 * V[10], vr = V[11];
  const S2 = S * S;
  out.price = V[0];
  out.delta = vL / S;
  out.gamma = (vLL - vL) / S2;
  out.speed = (vLLL - 3 * vLL + 2 * vL) / (S2 * S);
  out.vega = vs;
  out.vanna = vLs / S;
  out.zomma = (vLLs - vLs) / S2;
  out.volga = vss;
  out.theta = -vT;
  out.charm = -vLT / S;
  out.color = -(vLLT - vLT) / S2;
  out.rho = vr;
  return out;
}

const coef = new Float64Array(4);

/** Shared jets of one evaluation (filled by {@link rrJet}). */
interface Ctx { T: Jet; h: Jet; k: Jet; invs: Jet; invs2: Jet; invSig2: Jet; eta: number; w: number }

/** Φ(w(g·T − a)/s): Haug's A (a = k) or B (a = h) probability. */
function plainJet(c: Ctx, a: Jet, g: Jet, out: Jet): Jet {
  const x = jMul(jSub(jMul(g, c.T, jTmp()), a, jTmp()), c.invs, jTmp());
  return jNormCdf(jScale(x, c.w, x), out);
}

/** Haug's C probability e^{2gh/σ²}Φ(η(2h − k + gT)/s), Q = −(k − gT)²/(2s²) − 2h(h − k)/s². */
function cJet(c: Ctx, g: Jet, out: Jet): Jet {
  const gT = jMul(g, c.T, jTmp());
  const E = jScale(jMul(jMul(g, c.h, jTmp()), c.invSig2, jTmp()), 2, jTmp());
  const x = jAdd(jSub(jScale(c.h, 2, jTmp()), c.k, jTmp()), gT, jTmp());
  jScale(jMul(x, c.invs, x), c.eta, x);
  const kg = jSub(c.k, gT, jTmp());
  const hhk = jMul(c.h, jSub(c.h, c.k, jTmp()), jTmp());
  const Q = jMul(jAxpy(jScale(jMul(kg, kg, kg), -0.5, kg), -2, hhk, jTmp()), c.invs2, jTmp());
  return jReflected(E, x, Q, out);
}

/** Haug's D probability e^{2gh/σ²}Φ(η(h + gT)/s), Q = −(h − gT)²/(2s²). */
function dJet(c: Ctx, g: Jet, out: Jet): Jet {
  const gT = jMul(g, c.T, jTmp());
  const E = jScale(jMul(jMul(g, c.h, jTmp()), c.invSig2, jTmp()), 2, jTmp());
  const x = jAdd(c.h, gT, jTmp());
  jScale(jMul(x, c.invs, x), c.eta, x);
  const hg = jSub(c.h, gT, jTmp());
  const Q = jScale(jMul(jMul(hg, hg, hg), c.invs2, hg), -0.5, hg);
  return jReflected(E, x, Q, out);
}

/**
 * Haug's C − D for drift g as one jet where C and D separately would cancel, else null; same
 * branches as `cdPair` in `barrierKernel.ts`: by quadrature (`jReflectedPair`) when the strike is
 * within about σ√T of the level (`usePair`), as e^E·Φ(−x_D) − e^E·Φ(−x_C) when both Φ arguments
 * are above 0.
 */
function cdPairJet(c: Ctx, g: Jet, out: Jet): Jet | null {
  // the branch is chosen on the values, formed exactly as in the kernel, before any jet work
  const gT0 = g[0] * c.T[0];
  const xD0 = (c.h[0] + gT0) * c.invs[0] * c.eta;
  const quad = usePair(xD0, (c.h[0] - c.k[0]) * c.invs[0] * c.eta);
  if (!quad && !(xD0 > 0 && (2 * c.h[0] - c.k[0] + gT0) * c.invs[0] * c.eta > 0)) return null;
  const gT = jMul(g, c.T, jTmp());
  const x = jAdd(c.h, gT, jTmp());
  jScale(jMul(x, c.invs, x), c.eta, x);
  const hg = jSub(c.h, gT, jTmp());
  const Q = jScale(jMul(jMul(hg, hg, hg), c.invs2, hg), -0.5, hg);
  if (quad) {
    const delta = jMul(jSub(c.h, c.k, jTmp()), c.invs, jTmp());
    return jReflectedPair(x, jScale(delta, c.eta, delta), Q, out);
  }
  const xC = jAdd(jSub(jScale(c.h, 2, jTmp()), c.k, jTmp()), gT, jTmp());
  jScale(jMul(xC, c.invs, xC), c.eta, xC);
  const E = jScale(jMul(jMul(g, c.h, jTmp()), c.invSig2, jTmp()), 2, jTmp());
  const kg = jSub(c.k, gT, jTmp());
  const hhk = jMul(c.h, jSub(c.h, c.k, jTmp()), jTmp());
  const QC = jMul(jAxpy(jScale(jMul(kg, kg, kg), -0.5, kg), -2, hhk, jTmp()), c.invs2, jTmp());
  jReflected(E, jScale(x, -1, x), Q, out);
  return jSub(out, jReflected(E, jScale(xC, -1, xC), QC, jTmp()), out);
}

/** acc += cC·C + cD·D for drift g, with C − D as one jet ({@link cdPairJet}) where they nearly cancel. */
function addCD(c: Ctx, g: Jet, cC: number, cD: number, acc: Jet, t: Jet): void {
  if (cC !== 0 && cC === -cD && cdPairJet(c, g, t) !== null) {
    jAxpy(acc, cC, t, acc);
    return;
  }
  if (cC !== 0) jAxpy(acc, cC, cJet(c, g, t), acc);
  if (cD !== 0) jAxpy(acc, cD, dJet(c, g, t), acc);
}

const vanillaScratch = emptyGreeks();

/**
 * Haug's A term — the vanilla — as a jet built from the closed-form `bsmGreeks` (exact where the
 * generic asset − K·cash form cancels, at the money with small σ√T): V_L = S·Δ,
 * V_LL = S²Γ + SΔ, V_LLL = S³·speed + 3S²Γ + SΔ, V_Lσ = S·vanna, V_LLσ = S²·zomma + S·vanna,
 * V_T = −θ, V_LT = −S·charm, V_LLT = −(S²·color + S·charm).
 */
function vanillaJet(w: number, S: number, K: number, T: number, sigma: number, r: number, q: number, out: Jet): Jet {
  const g = bsmGreeks(w, S, K, T, sigma, r, q, vanillaScratch);
  const S2 = S * S;
  out[0] = g.price;
  out[1] = S * g.delta;
  out[2] = 0.5 * (S2 * g.gamma + S * g.delta);
  out[3] = (S2 * S * g.speed + 3 * S2 * g.gamma + S * g.delta) / 6;
  out[4] = g.vega;
  out[5] = S * g.vanna;
  out[6] = 0.5 * (S2 * g.zomma + S * g.vanna);
  out[7] = 0.5 * g.volga;
  out[8] = -g.theta;
  out[9] = -S * g.charm;
  out[10] = -0.5 * (S2 * g.color + S * g.charm);
  out[11] = g.rho;
  return out;
}

/**
 * A log-moneyness jet ln(X/S) (+ σ·slope for a BGK-shifted level): value `value` (from
 * {@link lnRatio}, relatively accurate near spot, unlike ln X − L), L-slope −1, σ-slope `slope`.
 */
function logMoneyness(value: number, slope: number, out: Jet): Jet {
  jConst(value, out);
  out[J_L] = -1;
  out[J_SIGMA] = slope;
  return out;
}

/**
 * Reiner–Rubinstein price as a jet; σ, σ√T above the zero-variance threshold, spot not breached.
 * h is the jet of ln(H/S) of the continuous-equivalent level (see {@link logMoneyness}).
 */
function rrJet(
  code: number, w: number, S: number, L: Jet, K: number, h: Jet, rebate: number, T: Jet, sigma: Jet, r: Jet, q: number,
): Jet {
  const down = code === DOWN_IN || code === DOWN_OUT;
  const knockIn = code === DOWN_IN || code === UP_IN;
  const eta = down ? 1 : -1;
  const s = jMul(sigma, jSqrt(T, jTmp()), jTmp());
  const invs = jDiv(jConst(1, jTmp()), s, jTmp());
  const invs2 = jMul(invs, invs, jTmp());
  const sig2 = jMul(sigma, sigma, jTmp());
  const invSig2 = jDiv(jConst(1, jTmp()), sig2, jTmp());
  const b = jAddC(r, -q, jTmp());
  const nu = jAxpy(b, -0.5, sig2, jTmp());
  const nup = jAxpy(b, 0.5, sig2, jTmp());
  const k = logMoneyness(lnRatio(K, S), 0, jTmp());
  const c: Ctx = { T, h, k, invs, invs2, invSig2, eta, w };
  knockInCoefficients(down, w, k[0], h[0], coef);
  let cA = coef[0], cB = coef[1], cC = coef[2], cD = coef[3];
  if (!knockIn) { cA = 1 - cA; cB = -cB; cC = -cC; cD = -cD; }

  const asset = jConst(0, jTmp());
  const cash = jConst(0, jTmp());
  const t = jTmp();
  if (cB !== 0) { jAxpy(asset, cB, plainJet(c, h, nup, t), asset); jAxpy(cash, cB, plainJet(c, h, nu, t), cash); }
  addCD(c, nup, cC, cD, asset, t);
  addCD(c, nu, cC, cD, cash, t);
  // V = w·(S·e^{−qT}·asset − K·e^{−rT}·cash)
  const dfa = jExp(jAxpy(L, -q, T, jTmp()), jTmp());
  const dfc = jExp(jScale(jMul(r, T, jTmp()), -1, jTmp()), jTmp());
  const V = jMul(dfa, asset, jTmp());
  jAxpy(V, -K, jMul(dfc, cash, t), V);
  jScale(V, w, V);
  if (cA !== 0) jAxpy(V, cA, vanillaJet(w, S, K, T[0], sigma[0], r[0], q, t), V);

  if (rebate !== 0) {
    if (knockIn) {
      // E: rebate at expiry if never hit, R·e^{−rT}·[Φ(η(νT − h)/s) − D_cash]
      const notHit = plainJet({ ...c, w: eta }, h, nu, jTmp());
      jSub(notHit, dJet(c, nu, t), notHit);
      jAxpy(V, rebate, jMul(dfc, notHit, t), V);
    } else {
      // F: rebate at hit, R·[e^{m₊h}Φ(η(h + λ̃T)/s) + e^{m₋h}Φ(η(h − λ̃T)/s)]
      const disc = jAxpy(jMul(nu, nu, jTmp()), 2, jMul(r, sig2, jTmp()), jTmp());
      if (!(disc[0] >= 0)) return jConst(NaN, V);
      // λ̃ = √disc; at disc = 0 exactly (r = 0 and ν = 0) use |ν|, F being even in λ̃
      const lam = disc[0] > 0 ? jSqrt(disc, jTmp()) : jScale(nu, nu[0] < 0 ? -1 : 1, jTmp());
      const mp = nu[0] >= 0
        ? jMul(jAdd(nu, lam, jTmp()), invSig2, jTmp())
        : jScale(jDiv(r, jSub(lam, nu, jTmp()), jTmp()), 2, jTmp());
      const mm = nu[0] <= 0
        ? jMul(jSub(nu, lam, jTmp()), invSig2, jTmp())
        : jScale(jDiv(r, jAdd(lam, nu, jTmp()), jTmp()), -2, jTmp());
      const hn = jSub(h, jMul(nu, T, jTmp()), jTmp());
      const Q = jSub(jScale(jMul(jMul(hn, hn, jTmp()), invs2, jTmp()), -0.5, jTmp()), jMul(r, T, jTmp()), jTmp());
      const lamT = jMul(lam, T, jTmp());
      const xp = jScale(jMul(jAdd(h, lamT, jTmp()), invs, jTmp()), eta, jTmp());
      const xm = jScale(jMul(jSub(h, lamT, jTmp()), invs, jTmp()), eta, jTmp());
      jAxpy(V, rebate, jReflected(jMul(mp, h, jTmp()), xp, Q, t), V);
      jAxpy(V, rebate, jReflected(jMul(mm, h, jTmp()), xm, Q, t), V);
    }
  }
  return V;
}

/** Zero-variance limit on jets (σ-derivatives 0): the forward path S·e^{bt}; h0 = ln(H/S) of the shifted level. */
function zeroVarianceJet(
  code: number, w: number, S: number, K: number, h0: number, rebate: number, T: number, r: number, q: number,
  out: Greeks,
): Greeks {
  const down = code === DOWN_IN || code === DOWN_OUT;
  const knockIn = code === DOWN_IN || code === UP_IN;
  const bT = (r - q) * T;
  const hit = down ? bT <= h0 : bT >= h0;
  if (hit === knockIn) return bsmGreeks(w, S, K, T, 0, r, q, out);
  const Tj = jVar(T, J_T, jTmp());
  const rj = jVar(r, J_R, jTmp());
  let V: Jet;
  if (knockIn) {
    V = jScale(jExp(jScale(jMul(rj, Tj, jTmp()), -1, jTmp()), jTmp()), rebate, jTmp()); // rebate at expiry
  } else if (rebate === 0) {
    V = jConst(0, jTmp());
  } else {
    // knocked out at t* = h/b on the forward path: R·e^{−r·h/b}
    const h = logMoneyness(h0, 0, jTmp());
    const rate = jDiv(jMul(rj, h, jTmp()), jAddC(rj, -q, jTmp()), jTmp());
    V = jScale(jExp(jScale(rate, -1, rate), jTmp()), rebate, jTmp());
  }
  return fromJet(V, S, out);
}

/**
 * Price and the twelve greeks of a single-barrier option (continuous, discrete or final
 * monitoring), all analytic. Never throws: invalid input gives NaN in every field (same domain as
 * `barrierPriceDeltaGamma`). Price, delta and gamma agree with `barrierPriceDeltaGamma` to
 * rounding.
 *
 * @param code - DOWN_IN, DOWN_OUT, UP_IN, UP_OUT
 * @param w - +1 call, −1 put
 * @param S - spot (> 0)
 * @param K - strike (> 0)
 * @param H - contractual level (> 0)
 * @param rebate - cash (≥ 0)
 * @param T - years (≥ 0)
 * @param sigma - volatility (≥ 0)
 * @param r - rate
 * @param q - dividend yield
 * @param monitor - 0 continuous, −1 final, > 0 discrete interval in years
 * @param out - record written (and returned)
 * @example
 * barrierGreeks(DOWN_OUT, 1, 100, 90, 95, 3, 0.5, 0.25, 0.08, 0.04, 0, emptyGreeks()).price;
 * // 9.024567694966901 (Haug: 9.0246)
 */
export function barrierGreeks(
  code: number, w: number, S: number, K: number, H: number, rebate: number,
  T: number, sigma: number, r: number, q: number, monitor: number, out: Greeks,
): Greeks {
  if (!(S > 0) || !(K > 0) || !(H > 0) || !(rebate >= 0) || !(T >= 0) || !(sigma >= 0) || r !== r || q !== q ||
    (w !== 1 && w !== -1) || !(code === DOWN_IN || code === DOWN_OUT || code === UP_IN || code === UP_OUT) ||
    !(monitor >= 0 || monitor === MONITOR_FINAL) || !(monitor < Infinity) || !(rebate < Infinity) ||
    !(S < Infinity) || !(K < Infinity) || !(H < Infinity) || !(T < Infinity) || !(sigma < Infinity)) {
    return fill(out, NaN);
  }
  if (monitor === MONITOR_FINAL) return finalGreeks(code, w, S, K, H, rebate, T, sigma, r, q, out);
  const down = code === DOWN_IN || code === DOWN_OUT;
  const knockIn = code === DOWN_IN || code === UP_IN;
  if (down ? S <= H : S >= H) {
    if (knockIn) return bsmGreeks(w, S, K, T, sigma, r, q, out);
    fill(out, 0);
    out.price = rebate;
    return out;
  }
  jReset();
  // ln(H/S) of the (BGK-shifted) level, formed exactly as in `barrierPriceDeltaGamma`
  const slope = monitor > 0 ? bgkLogSlope(down, monitor) : 0;
  const h0 = monitor > 0 ? lnRatio(H, S) + slope * sigma : lnRatio(H, S);
  const s = sigma * Math.sqrt(T);
  if (!(sigma > BARRIER_MIN_VOL) || !(s > BARRIER_MIN_VOL)) {
    return zeroVarianceJet(code, w, S, K, h0, rebate, T, r, q, out);
  }
  const V = rrJet(code, w, S, jVar(Math.log(S), J_L, jTmp()), K, logMoneyness(h0, slope, jTmp()), rebate,
    jVar(T, J_T, jTmp()), jVar(sigma, J_SIGMA, jTmp()), jVar(r, J_R, jTmp()), q);
  return fromJet(V, S, out);
}
