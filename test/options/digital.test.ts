import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assetOrNothingGreeks, cashOrNothingGreeks, cashOrNothingPriceDeltaGamma } from "../../src/options/digital.js";
import { emptyGreeks, GREEK_FIELDS, type Greeks } from "../../src/options/greeks.js";
import { bsmGreeks } from "../../src/options/bsm.js";

const EPS = Number.EPSILON;
const REF = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/reference/haug_barrier.json", import.meta.url)), "utf8"),
);

const con = (w: number, S: number, K: number, T: number, v: number, r: number, q: number, tie = 0.5) =>
  cashOrNothingGreeks(w, S, K, T, v, r, q, tie, emptyGreeks());

describe("European digitals: Haug (1998) pp. 88–95 via QuantLib's digitaloption.cpp", () => {
  const cases = (REF.digital_haug.cases as Array<Record<string, number | string | boolean>>).filter((c) =>
    String(c.kind).startsWith("european"));
  it("cash-or-nothing, asset-or-nothing and the gap option (as AoN − 57·CoN) within 1e-4", () => {
    expect(cases.map((c) => c.kind)).toEqual(["europeanCashOrNothing", "europeanAssetOrNothing", "europeanGap"]);
    for (const c of cases) {
      const w = c.optionType === "call" ? 1 : -1;
      const [S, K, T, v, r, q] = [c.spot, c.strike, c.t, c.vol, c.r, c.q] as number[];
      let price: number;
      if (c.kind === "europeanCashOrNothing") price = (c.cash as number) * con(w, S, K, T, v, r, q).price;
      else if (c.kind === "europeanAssetOrNothing") price = assetOrNothingGreeks(w, S, K, T, v, r, q, emptyGreeks()).price;
      else price = assetOrNothingGreeks(w, S, K, T, v, r, q, emptyGreeks()).price - (c.payoffStrike as number) * con(w, S, K, T, v, r, q).price;
      expect(Math.abs(price - (c.expected as number)), String(c.kind)).toBeLessThanOrEqual(c.tol as number);
    }
  });
});

function d1(f: (x: number) => number, x: number, h: number): number {
  return (8 * (f(x + h / 2) - f(x - h / 2)) - (f(x + h) - f(x - h))) / (6 * h);
}

describe("cash-or-nothing greeks", () => {
  it("all twelve agree with Richardson central differences to 1e-8 relative", () => {
    for (const [S, K, T, v, r, q] of [[100, 105, 0.5, 0.25, 0.05, 0.02], [100, 90, 3 / 365, 0.8, 0.01, 0], [0.02, 0.025, 10, 0.1, -0.01, 0.03]]) {
      for (const w of [1, -1]) {
        const g = con(w, S, K, T, v, r, q);
        const at = (s: number, vol: number, t: number, rate: number) => con(w, s, K, t, vol, rate, q);
        const hS = 1e-3 * S, hV = 1e-3 * v, hT = 1e-3 * T;
        const fd: Partial<Greeks> = {
          delta: d1((x) => at(x, v, T, r).price, S, hS), gamma: d1((x) => at(x, v, T, r).delta, S, hS),
          speed: d1((x) => at(x, v, T, r).gamma, S, hS), vega: d1((x) => at(S, x, T, r).price, v, hV),
          vanna: d1((x) => at(S, x, T, r).delta, v, hV), volga: d1((x) => at(S, x, T, r).vega, v, hV),
          zomma: d1((x) => at(S, x, T, r).gamma, v, hV), theta: -d1((x) => at(S, v, x, r).price, T, hT),
          charm: -d1((x) => at(S, v, x, r).delta, T, hT), color: -d1((x) => at(S, v, x, r).gamma, T, hT),
          rho: d1((x) => at(S, v, T, x).price, r, 1e-4),
        };
        for (const [k, ref] of Object.entries(fd) as Array<[keyof Greeks, number]>) {
          // floor: 1e-6 of the greek's natural unit for a digital paying 1 (S^−n for n spot derivatives)
          const nS: Record<string, number> = { delta: 1, gamma: 2, speed: 3, vanna: 1, zomma: 2, charm: 1, color: 2 };
          const scale = Math.max(Math.abs(ref), 1e-6 / S ** (nS[k] ?? 0));
          expect(Math.abs(g[k] - ref) / scale, `${k} w=${w} S=${S}`).toBeLessThanOrEqual(1e-8);
        }
      }
    }
  });

  it("call + put pays 1 surely: greeks sum to those of e^{−rT} (theta = r·e^{−rT}, rho = −T·e^{−rT})", () => {
    const [S, K, T, v, r, q] = [100, 95, 0.7, 0.4, 0.03, 0.01];
    const c = con(1, S, K, T, v, r, q), p = con(-1, S, K, T, v, r, q);
    const D = Math.exp(-r * T);
    const want: Greeks = { ...emptyGreeks(0), price: D, theta: r * D, rho: -T * D };
    for (const f of GREEK_FIELDS) {
      expect(Math.abs(c[f] + p[f] - want[f]), f).toBeLessThanOrEqual(16 * EPS * (Math.abs(c[f]) + Math.abs(p[f]) + 1e-300));
    }
  });

  it("asset-or-nothing call + put = S·e^{−qT} (delta e^{−qT}, other density terms 0)", () => {
    const [S, K, T, v, r, q] = [100, 95, 0.7, 0.4, 0.03, 0.01];
    const c = assetOrNothingGreeks(1, S, K, T, v, r, q, emptyGreeks());
    const p = assetOrNothingGreeks(-1, S, K, T, v, r, q, emptyGreeks());
    expect(Math.abs(c.price + p.price - S * Math.exp(-q * T))).toBeLessThanOrEqual(64 * EPS * S);
    expect(Math.abs(c.delta + p.delta - Math.exp(-q * T))).toBeLessThanOrEqual(64 * EPS);
    for (const f of ["gamma", "vega", "vanna", "volga", "speed", "zomma", "color"] as const) {
      expect(Math.abs(c[f] + p[f]), f).toBeLessThanOrEqual(1e-12 * (Math.abs(c[f]) + 1));
    }
  });

  it("zero variance and expiry: the discounted indicator, with the tie value at the money", () => {
    expect(con(1, 100, 90, 0, 0.3, 0.05, 0).price).toBe(1);
    expect(con(-1, 100, 90, 0, 0.3, 0.05, 0).price).toBe(0);
    expect(con(1, 100, 100, 0, 0.3, 0.05, 0, 1).price).toBe(1);
    expect(con(1, 100, 100, 0, 0.3, 0.05, 0, 0).price).toBe(0);
    expect(con(1, 100, 100, 0, 0.3, 0.05, 0).price).toBe(0.5);
    const g = con(1, 100, 101, 1, 0, 0.05, 0); // forward 105.1 > 101
    expect(g.price).toBe(Math.exp(-0.05));
    expect(g.theta).toBe(0.05 * Math.exp(-0.05));
    expect(g.rho).toBe(-Math.exp(-0.05));
    for (const f of ["delta", "gamma", "vega", "vanna", "volga", "speed", "zomma", "charm", "color"] as const) expect(g[f]).toBe(0);
  });

  it("far tails: exact zeros instead of 0·∞ (|d₂| > 40)", () => {
    const g = con(1, 100, 1e-3, 1e-6, 1e-4, 0, 0);
    expect(g.price).toBe(1);
    for (const f of GREEK_FIELDS) expect(Number.isFinite(g[f]), f).toBe(true);
  });

  it("NaN in gives NaN out, never throws", () => {
    for (const bad of [[NaN, 100, 1, 0.2], [100, -1, 1, 0.2], [100, 100, -1, 0.2], [100, 100, 1, -0.2]]) {
      const [S, K, T, v] = bad;
      const g = con(1, S, K, T, v, 0, 0);
      for (const f of GREEK_FIELDS) expect(g[f]).toBeNaN();
    }
    expect(con(0, 100, 100, 1, 0.2, 0, 0).price).toBeNaN();
    expect(assetOrNothingGreeks(1, 100, 100, 1, 0.2, NaN, 0, emptyGreeks()).price).toBeNaN();
  });

  it("the hot price/delta/gamma kernel matches the full record", () => {
    const o = new Float64Array(4);
    for (const [S, K, T, v] of [[100, 105, 0.5, 0.25], [100, 100, 0, 0.2], [100, 99, 1, 0]]) {
      const g = con(-1, S, K, T, v, 0.02, 0.01);
      cashOrNothingPriceDeltaGamma(-1, S, K, T, v, 0.02, 0.01, 0.5, o, 1);
      expect([o[1], o[2], o[3]]).toEqual([g.price, g.delta, g.gamma]);
    }
  });

  it("asset-or-nothing = vanilla + K·cash-or-nothing for every greek", () => {
    const [S, K, T, v, r, q] = [80, 95, 0.3, 0.5, 0.02, 0.04];
    for (const w of [1, -1]) {
      const a = assetOrNothingGreeks(w, S, K, T, v, r, q, emptyGreeks());
      const van = bsmGreeks(w, S, K, T, v, r, q, emptyGreeks());
      const c = con(w, S, K, T, v, r, q);
      for (const f of GREEK_FIELDS) expect(a[f], f).toBe(w * van[f] + K * c[f]);
    }
  });
});
