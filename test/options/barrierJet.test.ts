import { describe, expect, it } from "vitest";
import {
  J_L, J_R, J_SIGMA, J_T, jAdd, jConst, jDiv, jExp, jMul, jNormCdf, jReflectedPair, jReset, jScale, jSqrt, jTmp, jUsed,
  jVar,
} from "../../src/options/barrierJet.js";
import { reflectedPair } from "../../src/options/barrierTail.js";
import { normCdf, normPdf } from "../../src/options/normal.js";

const EPS = Number.EPSILON;
const close = (a: number, b: number, k = 64) => expect(Math.abs(a - b)).toBeLessThanOrEqual(k * EPS * Math.max(1, Math.abs(b)));

describe("jets", () => {
  it("carry the twelve Taylor coefficients of f(L, σ, T, r) = e^{L·σ}·√T·(1 + r)", () => {
    jReset();
    const L0 = 0.3, s0 = 0.7, T0 = 2, r0 = 0.1;
    const L = jVar(L0, J_L, jTmp()), s = jVar(s0, J_SIGMA, jTmp()), T = jVar(T0, J_T, jTmp()), r = jVar(r0, J_R, jTmp());
    const f = jMul(jMul(jExp(jMul(L, s, jTmp()), jTmp()), jSqrt(T, jTmp()), jTmp()), jAdd(jConst(1, jTmp()), r, jTmp()), jTmp());
    const e = Math.exp(L0 * s0), q = Math.sqrt(T0), u = 1 + r0;
    close(f[0], e * q * u);
    close(f[1], s0 * e * q * u); // f_L
    close(f[2], (s0 * s0 * e * q * u) / 2); // f_LL/2
    close(f[3], (s0 ** 3 * e * q * u) / 6); // f_LLL/6
    close(f[4], L0 * e * q * u); // f_σ
    close(f[5], (1 + L0 * s0) * e * q * u); // f_Lσ
    close(f[6], ((2 * s0 + L0 * s0 * s0) * e * q * u) / 2); // f_LLσ/2
    close(f[7], (L0 * L0 * e * q * u) / 2); // f_σσ/2
    close(f[8], (e * u) / (2 * q)); // f_T
    close(f[9], (s0 * e * u) / (2 * q)); // f_LT
    close(f[10], (s0 * s0 * e * u) / (4 * q)); // f_LLT/2
    close(f[11], e * q); // f_r
  });
  it("jReflectedPair carries e^E·[Φ(x + δ) − Φ(x)] like reflectedPair in L, and δ's σ-dependence", () => {
    jReset();
    // x = aL + c, δ = d/σ (Haug's η·ln(H/K)/s has no L-slope), E = pL: Q = pL − x²/2
    const a = -7e3, c = -2, p = 3e4, d = 2e-4, L0 = 1e-4, s0 = 0.5;
    const L = jVar(L0, J_L, jTmp()), sig = jVar(s0, J_SIGMA, jTmp());
    const x = jAdd(jScale(L, a, jTmp()), jConst(c, jTmp()), jTmp());
    const delta = jDiv(jConst(d, jTmp()), sig, jTmp());
    const Q = jAdd(jScale(L, p, jTmp()), jScale(jMul(x, x, jTmp()), -0.5, jTmp()), jTmp());
    const P = jReflectedPair(x, delta, Q, jTmp());
    const o = new Float64Array(3);
    const pair = (sv: number) => {
      const x0 = a * L0 + c;
      reflectedPair(x0, d / sv, p * L0 - 0.5 * x0 * x0, a, p - a * x0, -a * a, o);
      return o;
    };
    pair(s0);
    close(P[0], o[0], 16);
    expect(Math.abs(P[1] - o[1])).toBeLessThanOrEqual(64 * EPS * Math.abs(o[1]));
    expect(Math.abs(2 * P[2] - o[2])).toBeLessThanOrEqual(64 * EPS * Math.abs(o[2]));
    // ∂/∂σ through δ only: Richardson central difference of the value
    const h = 1e-4;
    const f = (k: number) => pair(s0 + k * h)[0];
    const dS = (8 * (f(1) - f(-1)) - (f(2) - f(-2))) / (12 * h);
    expect(Math.abs(P[4] - dS)).toBeLessThanOrEqual(1e-9 * Math.abs(dS));
  });
  it("compose Φ and quotients by the chain rule", () => {
    jReset();
    const x0 = -0.4;
    const L = jVar(x0, J_L, jTmp());
    const p = jNormCdf(jScale(L, 2, jTmp()), jTmp()); // Φ(2L)
    const n = normPdf(2 * x0);
    close(p[0], normCdf(2 * x0));
    close(p[1], 2 * n);
    close(p[2], (4 * -2 * x0 * n) / 2);
    close(p[3], (8 * (4 * x0 * x0 - 1) * n) / 6);
    const d = jDiv(jConst(1, jTmp()), jAdd(L, jConst(2, jTmp()), jTmp()), jTmp()); // 1/(L + 2)
    close(d[3], -1 / (x0 + 2) ** 4);
  });
  it("never produce 0·∞ from an underflowed exponential", () => {
    jReset();
    const big = jScale(jVar(-1e6, J_L, jTmp()), 1e200, jTmp());
    const e = jExp(big, jTmp());
    expect([...e]).toEqual(new Array(12).fill(0));
  });
  it("the pool counts temporaries and falls back to allocation past 512", () => {
    jReset();
    for (let i = 0; i < 600; i++) jConst(i, jTmp());
    expect(jUsed()).toBe(512);
    const a = jConst(7, jTmp());
    expect(a[0]).toBe(7);
    jReset();
    expect(jUsed()).toBe(0);
  });
});
