import { describe, expect, it } from "vitest";
import { barrier, barrierPriceDeltaGamma, type BarrierInput, type Monitoring } from "../../src/options/barrier.js";
import { barrierCode, monitorCode } from "../../src/options/barrierTerms.js";
import { GREEK_FIELDS, type Greeks } from "../../src/options/greeks.js";
import { normPdf } from "../../src/options/normal.js";
import { vanilla } from "../../src/options/vanilla.js";

const EPS = Number.EPSILON;
const MONITORINGS: Monitoring[] = ["continuous", { intervalDays: 1 }, { intervalDays: 7 }, "final"];

/** A grid around S = 100: both barrier sides, barrier = strike, spot exactly at the barrier. */
function* grid(): Generator<Omit<BarrierInput, "barrier">> {
  for (const strike of [80, 100, 120])
    for (const level of [70, 90, 100, 110, 130])
      for (const time of [1 / 365, 0.25, 2])
        for (const vol of [0.05, 0.3, 1.2])
          for (const [rate, dividend] of [[0.03, 0.01], [0, 0], [-0.01, 0.02]] as const)
            for (const type of ["call", "put"] as const)
              yield { type, level, spot: 100, strike, time, vol, rate, dividend };
}

/** Natural magnitude of each greek for a spot-100 option, used as an absolute floor. */
function unit(f: keyof Greeks, S: number): number {
  switch (f) {
    case "price": case "vega": case "theta": case "rho": case "volga": return S;
    case "delta": case "vanna": case "charm": return 1;
    case "gamma": case "zomma": case "color": return 1 / S;
    case "speed": return 1 / (S * S);
  }
}

describe("knock-in + knock-out = vanilla (rebate 0)", () => {
  it("holds for all twelve greeks, every kind, call and put, every monitoring style", () => {
    let n = 0;
    let worst = 0;
    for (const base of grid()) {
      const v = vanilla({ ...base });
      for (const monitoring of MONITORINGS) {
        for (const side of ["down", "up"] as const) {
          const gi = barrier({ ...base, barrier: `${side}-in`, monitoring });
          const go = barrier({ ...base, barrier: `${side}-out`, monitoring });
          for (const f of GREEK_FIELDS) {
            const sum = gi[f] + go[f];
            // 1e-10 of the larger of the three, floored at 1e-13 of the greek's natural unit: the
            // pieces are sums of O(S) terms, so their own rounding is about ε·S
            const scale = Math.max(Math.abs(gi[f]), Math.abs(go[f]), Math.abs(v[f]), 1e-3 * unit(f, 100));
            const err = Math.abs(sum - v[f]) / scale;
            worst = Math.max(worst, err);
            expect(err, `${f} ${side} ${JSON.stringify(monitoring)} ${JSON.stringify(base)}`).toBeLessThanOrEqual(1e-10);
          }
          n++;
        }
      }
    }
    expect(n).toBe(3 * 5 * 3 * 3 * 3 * 2 * 4 * 2);
    expect(worst).toBeLessThan(1e-10);
  });
});

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_n). */
function gaussLegendre(n: number): [Float64Array, Float64Array] {
  const x = new Float64Array(n), w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = z;
      for (let k = 2; k <= n; k++) { const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return [x, w];
}
const [GX, GW] = gaussLegendre(64);

/** e^{−rT}·E[payoff(S_T)] under the lognormal law, integrated piecewise in z between breakpoints. */
function expectation(payoff: (x: number) => number, breaks: number[], S: number, T: number, vol: number, r: number, q: number): number {
  const s = vol * Math.sqrt(T);
  const m = Math.log(S) + (r - q - 0.5 * vol * vol) * T;
  const zs = [-12, ...breaks.map((b) => (Math.log(b) - m) / s).filter((z) => z > -12 && z < 12).sort((a, b) => a - b), 12];
  let sum = 0;
  for (let j = 0; j + 1 < zs.length; j++) {
    const a = zs[j], b = zs[j + 1], half = 0.5 * (b - a), mid = 0.5 * (a + b);
    for (let i = 0; i < GX.length; i++) {
      const z = mid + half * GX[i];
      sum += half * GW[i] * normPdf(z) * payoff(Math.exp(m + s * z));
    }
  }
  return Math.exp(-r * T) * sum;
}

describe("final monitoring equals its payoff's expectation", () => {
  it("all eight kinds with rebates, both sides of the strike, by independent quadrature", () => {
    const S = 100, T = 0.4, vol = 0.35, r = 0.04, q = 0.01, R = 3;
    for (const strike of [85, 100, 115])
      for (const level of [80, 95, 100, 105, 120])
        for (const type of ["call", "put"] as const)
          for (const kind of ["down-in", "down-out", "up-in", "up-out"] as const) {
            const w = type === "call" ? 1 : -1;
            const down = kind.startsWith("down");
            const knockIn = kind.endsWith("in");
            const inRegion = (x: number) => (down ? x <= level : x >= level);
            const payoff = (x: number) => {
              const live = knockIn ? inRegion(x) : !inRegion(x);
              return (live ? Math.max(w * (x - strike), 0) : 0) + (live ? 0 : R);
            };
            const expected = expectation(payoff, [strike, level], S, T, vol, r, q);
            const got = barrier({ type, barrier: kind, level, rebate: R, monitoring: "final", spot: S, strike, time: T, vol, rate: r, dividend: q });
            // quadrature error of 64-point Gauss–Legendre per smooth piece is far below 1e-12
            expect(Math.abs(got.price - expected), `${kind} ${type} K=${strike} H=${level}`).toBeLessThanOrEqual(1e-12 * S);
          }
  });

  it("the down-and-in put decomposes as P(H) + (K − H)·cash-or-nothing put (H ≤ K) and P(K) (H > K)", () => {
    const base = { type: "put", spot: 72, strike: 100, time: 0.1, vol: 0.6 } as const;
    const g = barrier({ ...base, barrier: "down-in", level: 70, monitoring: "final" });
    const pH = vanilla({ ...base, strike: 70 });
    const s = 0.6 * Math.sqrt(0.1);
    const d2 = Math.log(72 / 70) / s - 0.5 * s;
    // cash-or-nothing put delta: −φ(d₂)/(S·s)
    expect(Math.abs(g.delta - (pH.delta - (30 * normPdf(d2)) / (72 * s)))).toBeLessThanOrEqual(64 * EPS * 30 / (72 * s));
    const above = barrier({ ...base, barrier: "down-in", level: 110, monitoring: "final" });
    const p = vanilla({ ...base });
    for (const f of GREEK_FIELDS) expect(above[f], f).toBe(p[f]);
  });
});

describe("breached and boundary states", () => {
  const base = { type: "put", strike: 100, time: 0.5, vol: 0.3, rate: 0.02, dividend: 0.01, rebate: 2 } as const;
  it("spot exactly at the level counts as touched (continuous and discrete)", () => {
    for (const monitoring of ["continuous", { intervalDays: 1 }] as const) {
      for (const side of ["down", "up"] as const) {
        const gin = barrier({ ...base, barrier: `${side}-in`, level: 90, spot: 90, monitoring });
        const v = vanilla({ ...base, spot: 90 });
        for (const f of GREEK_FIELDS) expect(gin[f], f).toBe(v[f]);
        const gout = barrier({ ...base, barrier: `${side}-out`, level: 90, spot: 90, monitoring });
        expect(gout.price).toBe(2);
        for (const f of GREEK_FIELDS) if (f !== "price") expect(gout[f], f).toBe(0);
      }
    }
  });
  it("discrete monitoring tests the breach against the contractual level, not the shifted one", () => {
    const m = { intervalDays: 7 };
    // spot just above a down level: live (the shifted level is further down)
    const live = barrier({ ...base, barrier: "down-out", level: 90, spot: 90.01, monitoring: m });
    expect(live.price).not.toBe(2);
    expect(live.delta).not.toBe(0);
    // spot just below: knocked out even though it is above the shifted level
    const out = barrier({ ...base, barrier: "down-out", level: 90, spot: 89.99, monitoring: m });
    expect(out.price).toBe(2);
  });
  it("final monitoring: spot beyond the level is a normal state, not a breach", () => {
    const g = barrier({ ...base, barrier: "down-out", level: 90, spot: 85, monitoring: "final" });
    expect(g.price).toBeGreaterThan(0);
    expect(g.price).not.toBe(2);
    expect(g.delta).not.toBe(0);
  });
  it("T = 0 is the payoff: knock-out live = intrinsic, knock-in not hit = rebate", () => {
    const t0 = { ...base, time: 0 };
    expect(barrier({ ...t0, barrier: "down-out", level: 80, spot: 90 }).price).toBe(10);
    expect(barrier({ ...t0, barrier: "down-in", level: 80, spot: 90 }).price).toBe(2);
    expect(barrier({ ...t0, barrier: "down-in", level: 80, spot: 80 }).price).toBe(20);
    expect(barrier({ ...t0, barrier: "down-in", level: 80, spot: 80, monitoring: "final" }).price).toBe(20);
    expect(barrier({ ...t0, barrier: "down-in", level: 80, spot: 80.5, monitoring: "final" }).price).toBe(2);
    expect(barrier({ ...t0, barrier: "down-out", level: 80, spot: 80, monitoring: "final" }).price).toBe(2);
    expect(barrier({ ...t0, type: "call", barrier: "up-in", level: 120, strike: 100, spot: 120, monitoring: "final" }).price).toBe(20);
  });
  it("barrier equal to the strike: both combination branches agree at the seam", () => {
    for (const kind of ["down-in", "down-out", "up-in", "up-out"] as const)
      for (const type of ["call", "put"] as const) {
        const spot = kind.startsWith("down") ? 110 : 90;
        const at = (level: number) => barrier({ type, barrier: kind, level, spot, strike: 100, time: 0.5, vol: 0.25, rate: 0.03 }).price;
        const mid = at(100);
        expect(Math.abs(at(100 * (1 + 1e-12)) - mid), `${kind} ${type}`).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(at(100 * (1 - 1e-12)) - mid), `${kind} ${type}`).toBeLessThanOrEqual(1e-9);
      }
  });
});

describe("hot kernel agrees with the entry point", () => {
  it("price, delta and gamma to rounding on the grid, every kind and monitoring style", () => {
    const o = new Float64Array(3);
    for (const base of grid()) {
      for (const monitoring of MONITORINGS)
        for (const kind of ["down-in", "down-out", "up-in", "up-out"] as const) {
          const g = barrier({ ...base, barrier: kind, rebate: 1.5, monitoring });
          barrierPriceDeltaGamma(barrierCode(kind), base.type === "call" ? 1 : -1, base.spot, base.strike, base.level,
            1.5, base.time, base.vol, base.rate!, base.dividend!, monitorCode(monitoring), o);
          const label = `${kind} ${JSON.stringify(monitoring)} ${JSON.stringify(base)}`;
          const sg = base.vol * Math.sqrt(base.time) * 100;
          expect(Math.abs(o[0] - g.price), label).toBeLessThanOrEqual(1024 * EPS * Math.max(Math.abs(g.price), 100));
          expect(Math.abs(o[1] - g.delta), label).toBeLessThanOrEqual(1024 * EPS * Math.max(Math.abs(g.delta), 1));
          expect(Math.abs(o[2] - g.gamma), label).toBeLessThanOrEqual(1024 * EPS * Math.max(Math.abs(g.gamma), 1 / sg));
        }
    }
  });
});
