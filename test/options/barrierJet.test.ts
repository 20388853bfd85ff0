import { describe, expect, it } from "vitest";
import {
  J_L, J_R, J_SIGMA, J_T, jAdd, jConst, jDiv, jExp, jMul, jNormCdf, jReset, jScale, jSqrt, jTmp, jUsed, jVar,
} from "../../src/options/barrierJet.js";
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
