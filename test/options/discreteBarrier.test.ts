import { describe, expect, it } from "vitest";
import { barrier } from "../../src/options/barrier.js";
import { barrierGreeks } from "../../src/options/barrierGreeks.js";
import { DOWN_IN, DOWN_OUT, MONITOR_FINAL, UP_IN, UP_OUT } from "../../src/options/barrierTerms.js";
import { discreteBarrier, discreteBarrierGreeks, type DiscreteBarrierInput } from "../../src/options/discreteBarrier.js";
import { emptyGreeks, type Greeks } from "../../src/options/greeks.js";
import { vanilla } from "../../src/options/vanilla.js";
import { monteCarlo } from "./monteCarlo.js";

const daily = (m: number, dt = 1 / 365) => Array.from({ length: m }, (_, i) => (i + 1) * dt);
const rel = (a: number, b: number) => Math.abs(a / b - 1);

/** The engine's price on a grid refined `f` times below the default (cells f × σ√Δt). */
function at(input: DiscreteBarrierInput, cellFactor: number): Greeks {
  const w = input.type === "call" ? 1 : -1;
  const code = { "down-in": DOWN_IN, "down-out": DOWN_OUT, "up-in": UP_IN, "up-out": UP_OUT }[input.barrier];
  return discreteBarrierGreeks(code, w, input.spot, input.strike, input.level, input.observations, input.vol, input.rate ?? 0,
    input.dividend ?? 0, emptyGreeks(), { bumps: "none", cellFactor });
}

/** Discounted payoff of the barrier option on one simulated path (touching the level counts). */
function payoffOf(c: DiscreteBarrierInput) {
  const down = c.barrier.startsWith("down"), out = c.barrier.endsWith("out"), w = c.type === "call" ? 1 : -1;
  const T = c.observations[c.observations.length - 1]!;
  const disc = Math.exp(-(c.rate ?? 0) * T);
  return (p: Float64Array) => {
    let hit = false;
    for (let i = 0; i < p.length && !hit; i++) hit = down ? p[i]! <= c.level : p[i]! >= c.level;
    return (out ? !hit : hit) ? disc * Math.max(w * (p[p.length - 1]! - c.strike), 0) : 0;
  };
}

// the structured-note case: daily observation, K = 100, H = 70, S = 70.5, 5 dates left, 60% vol
const NOTE: DiscreteBarrierInput = { type: "put", barrier: "down-in", level: 70, spot: 70.5, strike: 100, vol: 0.6, observations: daily(5) };

describe("discreteBarrier: exact discrete monitoring by backward induction", () => {
  it("agrees with an independent Monte Carlo (exact log-normal steps, fixed seed) within 4 standard errors", () => {
    // four kinds, calls and puts, rates and yields, 5 to 50 dates; the Monte Carlo shares no code with the engine
    const cases: Array<[DiscreteBarrierInput, number]> = [
      [NOTE, 400_000],
      [{ type: "call", barrier: "up-out", level: 130, spot: 110, strike: 100, vol: 0.3, rate: 0.1, observations: daily(50, 0.2 / 50) }, 200_000],
      [{ type: "call", barrier: "down-out", level: 95, spot: 100, strike: 100, vol: 0.3, rate: 0.1, dividend: 0.02, observations: daily(25, 0.5 / 25) }, 200_000],
      [{ type: "put", barrier: "up-in", level: 105, spot: 100, strike: 95, vol: 0.25, rate: 0.03, dividend: 0.01, observations: daily(12, 1 / 12) }, 400_000],
    ];
    for (const [c, pairs] of cases) {
      const g = discreteBarrier(c);
      const mc = monteCarlo({ spot: c.spot, vol: c.vol, rate: c.rate ?? 0, dividend: c.dividend ?? 0, times: c.observations, pairs, seed: 20260205 }, payoffOf(c));
      expect(Math.abs(g.price - mc.mean), `${c.barrier} ${c.type}: ${g.price} vs MC ${mc.mean} ± ${mc.se}`).toBeLessThan(4 * mc.se);
      expect(mc.se / mc.mean).toBeLessThan(3e-3); // the comparison can fail: the standard error is small
    }
  });

  it("converges like h⁴ (Richardson on h and h/2): default cells within 5e-4 of converged price and delta", () => {
    // near the barrier (a hundredth to three steps σ√Δt above it) with 5 and 20 dates, 30% and 90% vol
    for (const vol of [0.3, 0.9]) for (const m of [5, 20]) for (const steps of [0.01, 0.3, 1, 3]) {
      const c = { ...NOTE, vol, observations: daily(m, 1 / 252), spot: 70 * Math.exp(steps * vol / Math.sqrt(252)) };
      const ref = at(c, 0.2), def = at(c, 0.7), coarse = at(c, 1), half = at(c, 0.5);
      const label = `vol ${vol}, ${m} dates, ${steps} steps`;
      expect(rel(def.price, ref.price), label).toBeLessThan(5e-4);
      expect(rel(def.delta, ref.delta), label).toBeLessThan(5e-4);
      expect(rel(def.gamma, ref.gamma), label).toBeLessThan(5e-3);
      // halving the cell divides the error by about 16 (fourth order); at least 8
      expect(Math.abs(coarse.price - ref.price), label).toBeGreaterThan(8 * Math.abs(half.price - ref.price));
    }
  });

  it("default cells everywhere: within 1e-4 of the strike on price and 2.5e-3 on delta (module notes)", () => {
    // barriers 55% and 85% of the strike, 30% and 90% vol, 40 and 120 daily dates, spot 1 to 10 steps σ√Δt above
    for (const H of [55, 85]) for (const vol of [0.3, 0.9]) for (const m of [40, 120]) for (const steps of [1, 6, 10]) {
      const c = { ...NOTE, level: H, vol, observations: daily(m, 1 / 252), spot: H * Math.exp(steps * vol / Math.sqrt(252)) };
      const ref = at(c, 0.25), def = at(c, 0.7);
      const label = `H ${H}, vol ${vol}, ${m} dates, ${steps} steps`;
      expect(Math.abs(def.price - ref.price) / c.strike, label).toBeLessThan(1e-4);
      expect(Math.abs(def.delta - ref.delta), label).toBeLessThan(2.5e-3);
    }
  });

  it("knock-in + knock-out = vanilla for every kind (two inductions would differ; here the knock-in is built from the knock-out)", () => {
    for (const type of ["call", "put"] as const) for (const side of ["down", "up"] as const) {
      const c: DiscreteBarrierInput = { type, barrier: `${side}-in`, level: side === "down" ? 90 : 112, spot: 100, strike: 100, vol: 0.4, rate: 0.03, dividend: 0.01, observations: daily(30, 1 / 52) };
      const gin = discreteBarrier(c), gout = discreteBarrier({ ...c, barrier: `${side}-out` });
      const v = vanilla({ type, spot: 100, strike: 100, time: 30 / 52, vol: 0.4, rate: 0.03, dividend: 0.01 });
      for (const f of ["price", "delta", "gamma", "theta", "vega"] as const) {
        expect(Math.abs(gin[f] + gout[f] - v[f]), `${side} ${type} ${f}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v[f])));
      }
    }
  });

  it("a barrier out of reach gives the vanilla; one date is the final-date barrier", () => {
    const c: DiscreteBarrierInput = { type: "put", barrier: "down-out", level: 1, spot: 100, strike: 100, vol: 0.3, rate: 0.02, observations: daily(40, 1 / 52) };
    const v = vanilla({ type: "put", spot: 100, strike: 100, time: 40 / 52, vol: 0.3, rate: 0.02 });
    // default cells: the stated 5e-4; finer cells converge to the vanilla (O(h⁴))
    const far = discreteBarrier(c), fine = at(c, 0.2);
    expect(rel(far.price, v.price)).toBeLessThan(5e-4);
    expect(rel(far.delta, v.delta)).toBeLessThan(5e-4);
    expect(rel(fine.price, v.price)).toBeLessThan(2e-6);
    expect(rel(fine.delta, v.delta)).toBeLessThan(2e-6);
    const one = discreteBarrier({ ...NOTE, observations: [0.25] });
    expect(one).toEqual(barrierGreeks(DOWN_IN, -1, 70.5, 100, 70, 0, 0.25, 0.6, 0, 0, MONITOR_FINAL, emptyGreeks()));
  });

  it("lies between final-only and continuous monitoring", () => {
    for (const spot of [70.5, 72, 80]) {
      const exact = discreteBarrier({ ...NOTE, spot }).price;
      const terms = { type: "put", barrier: "down-in", level: 70, strike: 100, time: 5 / 365, vol: 0.6, spot } as const;
      expect(exact).toBeLessThan(barrier(terms).price);
      expect(exact).toBeGreaterThan(barrier({ ...terms, monitoring: "final" }).price);
    }
  });

  it("matches BGK where BGK is accurate: 250 daily dates, spot 6 or more steps σ√Δt from the barrier", () => {
    // measured: 0.02% of the strike on price, 0.005 on delta at most (BGK 1997: error o(1/√m) away from the barrier)
    for (const vol of [0.3, 0.55, 0.9]) for (const steps of [6, 10, 20]) {
      const sd = vol / Math.sqrt(252);
      const spot = 70 * Math.exp(steps * sd);
      const c = { ...NOTE, vol, spot, observations: daily(250, 1 / 252) };
      const exact = discreteBarrier(c);
      const bgk = barrier({ type: "put", barrier: "down-in", level: 70, strike: 100, spot, vol, time: 250 / 252, monitoring: { intervalDays: 365 / 252 } });
      expect(Math.abs(bgk.price - exact.price) / 100, `vol ${vol} ${steps} steps`).toBeLessThan(3e-4);
      expect(Math.abs(bgk.delta - exact.delta), `vol ${vol} ${steps} steps`).toBeLessThan(5e-3);
    }
  });

  it("documents BGK's error next to the barrier: ~2% on price and 22% on delta with 5 dates, still 6% on delta with 250", () => {
    // the engine's numbers, rounded: these are the approximation's errors, not the code's
    const exact = discreteBarrier(NOTE);
    const bgk = barrier({ type: "put", barrier: "down-in", level: 70, strike: 100, time: 5 / 365, vol: 0.6, spot: 70.5, monitoring: { intervalDays: 1 } });
    expect(exact.delta).toBeLessThan(-1); // the hedge of a knock-in put near its barrier exceeds one share
    expect(rel(bgk.price, exact.price)).toBeGreaterThan(0.015);
    expect(rel(bgk.delta, exact.delta)).toBeGreaterThan(0.2);
    const c = { ...NOTE, vol: 0.3, spot: 70 * (1 + 1e-12), observations: daily(250, 1 / 252) };
    const many = discreteBarrier(c);
    const bgk250 = barrier({ type: "put", barrier: "down-in", level: 70, strike: 100, time: 250 / 252, vol: 0.3, spot: c.spot, monitoring: { intervalDays: 365 / 252 } });
    expect(rel(bgk250.delta, many.delta)).toBeGreaterThan(0.05);
  });

  it("exactSteps: the next 8 dates exact and BGK beyond is within 0.4% of the full induction next to the barrier (41+ dates)", () => {
    // measured worst: 0.31% on delta (55% vol, 41 dates, one step above the barrier); BGK alone: 11% there
    for (const vol of [0.3, 0.55, 0.9]) for (const m of [41, 120, 250]) for (const steps of [1e-9, 0.5, 1, 2, 3]) {
      const sd = vol / Math.sqrt(252);
      const c = { ...NOTE, vol, spot: 70 * Math.exp(steps * sd) * (1 + 1e-15), observations: daily(m, 1 / 252) };
      const full = discreteBarrier(c);
      const w = discreteBarrierGreeks(DOWN_IN, -1, c.spot, 100, 70, c.observations, vol, 0, 0, emptyGreeks(), { bumps: "none", exactSteps: 8 });
      const label = `vol ${vol}, ${m} dates, ${steps} steps`;
      expect(rel(w.price, full.price), label).toBeLessThan(4e-3);
      expect(rel(w.delta, full.delta), label).toBeLessThan(4e-3);
    }
  });

  it("greeks: delta, gamma, theta, charm, vega, rho against central differences of the engine's own price", () => {
    // fine cells (0.3 σ√Δt): the bumped greeks hold the grid fixed, a re-priced bump moves it with σ;
    // that difference is the discretization error's slope, ~(0.3/0.7)⁴ of the default's
    const c: DiscreteBarrierInput = { type: "put", barrier: "down-in", level: 70, spot: 72, strike: 100, vol: 0.5, rate: 0.03, dividend: 0.01, observations: daily(20, 1 / 252) };
    const p = (patch: Partial<DiscreteBarrierInput>) => {
      const x = { ...c, ...patch };
      return discreteBarrierGreeks(DOWN_IN, -1, x.spot, 100, 70, x.observations, x.vol, x.rate!, x.dividend!, emptyGreeks(), { cellFactor: 0.3 });
    };
    const g = p({});
    const hS = 1e-4 * c.spot; // central differences: truncation O(h²) below the tolerances
    expect(rel(g.delta, (p({ spot: c.spot + hS }).price - p({ spot: c.spot - hS }).price) / (2 * hS))).toBeLessThan(1e-4);
    expect(rel(g.gamma, (p({ spot: c.spot + hS }).delta - p({ spot: c.spot - hS }).delta) / (2 * hS))).toBeLessThan(1e-3);
    // time passing: every date comes closer
    const ht = 1e-6;
    const later = p({ observations: c.observations.map((t) => t - ht) });
    const earlier = p({ observations: c.observations.map((t) => t + ht) });
    expect(rel(g.theta, (later.price - earlier.price) / (2 * ht))).toBeLessThan(1e-3);
    expect(rel(g.charm, (later.delta - earlier.delta) / (2 * ht))).toBeLessThan(1e-3);
    const hv = 1e-4;
    expect(rel(g.vega, (p({ vol: 0.5 + hv }).price - p({ vol: 0.5 - hv }).price) / (2 * hv))).toBeLessThan(1e-3);
    expect(rel(g.rho, (p({ rate: 0.03 + 1e-4 }).price - p({ rate: 0.03 - 1e-4 }).price) / 2e-4)).toBeLessThan(1e-3);
  });

  it("returns NaN for invalid inputs and throws a RangeError naming the field from the validated entry", () => {
    const g = discreteBarrierGreeks(DOWN_OUT, -1, 100, 100, 90, [0.1, 0.05], 0.3, 0, 0, emptyGreeks());
    expect(g.price).toBeNaN();
    expect(discreteBarrierGreeks(DOWN_OUT, -1, NaN, 100, 90, [0.1], 0.3, 0, 0, emptyGreeks()).delta).toBeNaN();
    expect(() => discreteBarrier({ ...NOTE, observations: [] })).toThrow(/observations/);
    expect(() => discreteBarrier({ ...NOTE, observations: [0.1, 0.1] })).toThrow(/observations\[1\]/);
    expect(() => discreteBarrier({ ...NOTE, vol: 0 })).toThrow(/vol/);
    expect(() => discreteBarrier({ ...NOTE, barrier: "sideways" as never })).toThrow(/barrier/);
  });
});
