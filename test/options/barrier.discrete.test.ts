import { describe, expect, it } from "vitest";
import { barrier, barrierPriceDeltaGamma, DOWN_IN } from "../../src/options/barrier.js";
import { vanilla } from "../../src/options/vanilla.js";

/**
 * Exact price of a discretely monitored down-and-out put (observations at Δt, 2Δt, …, mΔt = T, the
 * last one at expiry), by backward induction on a uniform log-price grid above the barrier:
 * V_m(x) = (K − eˣ)⁺, V_i(x) = e^{−rΔt}∫_{ln H}^∞ V_{i+1}(y)·p(y | x) dy for x > ln H (0 below),
 * trapezoid rule (second order: the integrand is smooth on (ln H, ∞) and the grid starts exactly at
 * ln H). Evaluated at dx and dx/2 and Richardson-extrapolated.
 */
function exactDownOutPut(spots: number[], K: number, H: number, T: number, vol: number, m: number, dx: number): number[] {
  const dt = T / m, nu = -0.5 * vol * vol * dt, sd = vol * Math.sqrt(dt);
  const x0 = Math.log(H);
  const N = Math.ceil((Math.log(Math.max(K, ...spots)) + 10 * vol * Math.sqrt(T) - x0) / dx);
  const w = new Float64Array(N + 1).fill(dx);
  w[0] = w[N] = dx / 2;
  const norm = 1 / (sd * Math.sqrt(2 * Math.PI));
  const ker = new Float64Array(2 * N + 1);
  for (let d = -N; d <= N; d++) ker[d + N] = norm * Math.exp(-0.5 * ((d * dx - nu) / sd) ** 2);
  let V = new Float64Array(N + 1);
  for (let i = 0; i <= N; i++) V[i] = Math.max(K - Math.exp(x0 + i * dx), 0);
  for (let step = m - 1; step >= 1; step--) {
    const W = new Float64Array(N + 1);
    for (let i = 0; i <= N; i++) {
      let s = 0;
      for (let j = 0; j <= N; j++) s += w[j] * V[j] * ker[j - i + N];
      W[i] = s;
    }
    V = W;
  }
  return spots.map((S) => {
    const x = Math.log(S);
    let s = 0;
    for (let j = 0; j <= N; j++) s += w[j] * V[j] * norm * Math.exp(-0.5 * ((x0 + j * dx - x - nu) / sd) ** 2);
    return s;
  });
}

/** Exact discrete down-and-in put (r = q = 0) price and delta: vanilla − down-out, Richardson in dx. */
function exactDownInPut(S: number, K: number, H: number, T: number, vol: number, m: number, dx: number) {
  const h = 0.05;
  const at = (step: number) => {
    const [dn, d0, up] = exactDownOutPut([S - h, S, S + h], K, H, T, vol, m, step);
    const p = (s: number) => vanilla({ type: "put", spot: s, strike: K, time: T, vol }).price;
    return { price: p(S) - d0, delta: (p(S + h) - up - (p(S - h) - dn)) / (2 * h) };
  };
  const a = at(dx), b = at(dx / 2);
  return { price: (4 * b.price - a.price) / 3, delta: (4 * b.delta - a.delta) / 3, spread: Math.abs(b.price - a.price) };
}

describe("discretely monitored down-and-in put near its barrier (the structured-note hedge)", () => {
  // daily observation, K = 100, H = 70, S = 70.5, 5 days left, 60% vol
  const terms = { type: "put", barrier: "down-in", level: 70, strike: 100, time: 5 / 365, vol: 0.6 } as const;

  it("has delta below −1 per unit, both in the BGK model and in the exact 5-observation price", () => {
    const bgk = barrier({ ...terms, spot: 70.5, monitoring: { intervalDays: 1 } });
    const exact = exactDownInPut(70.5, 100, 70, 5 / 365, 0.6, 5, 0.001);
    expect(exact.spread).toBeLessThan(1e-2); // the grid has converged to O(dx²)
    expect(bgk.delta).toBeLessThan(-1);
    expect(exact.delta).toBeLessThan(-1);
    // the hot kernel gives the same delta
    const o = new Float64Array(3);
    barrierPriceDeltaGamma(DOWN_IN, -1, 70.5, 100, 70, 0, 5 / 365, 0.6, 0, 0, 1 / 365, o);
    expect(Math.abs(o[1] - bgk.delta)).toBeLessThanOrEqual(1024 * Number.EPSILON * Math.abs(bgk.delta));
  });

  it("the exact discrete price lies between final-only and continuous monitoring", () => {
    for (const spot of [70.5, 72, 80]) {
      const exact = exactDownInPut(spot, 100, 70, 5 / 365, 0.6, 5, 0.002).price;
      const cont = barrier({ ...terms, spot }).price;
      const fin = barrier({ ...terms, spot, monitoring: "final" }).price;
      expect(exact).toBeLessThan(cont);
      expect(exact).toBeGreaterThan(fin);
    }
  });

  it("documents BGK's accuracy with only 5 observations left: ~2% on price next to the barrier, ~13% at 10σ√Δt", () => {
    // these bounds are the measured errors of the approximation (not of the code), rounded up
    const cases: Array<[number, number]> = [[70.5, 0.025], [72, 0.02], [80, 0.15]];
    for (const [spot, bound] of cases) {
      const exact = exactDownInPut(spot, 100, 70, 5 / 365, 0.6, 5, 0.002).price;
      const bgk = barrier({ ...terms, spot, monitoring: { intervalDays: 1 } }).price;
      expect(Math.abs(bgk / exact - 1), `S=${spot}`).toBeLessThan(bound);
    }
  });

  it("improves like 1/m with more observations (20 → 40 daily), and matters against continuous pricing", () => {
    const err = (m: number) => {
      const T = m / 365, vol = 0.3;
      const exact = exactDownInPut(100, 100, 90, T, vol, m, 0.002).price;
      const at = (monitoring: "continuous" | { intervalDays: number }) =>
        barrier({ type: "put", barrier: "down-in", level: 90, strike: 100, time: T, vol, spot: 100, monitoring }).price;
      return { bgk: at({ intervalDays: 1 }) / exact - 1, cont: at("continuous") / exact - 1 };
    };
    const e20 = err(20), e40 = err(40);
    // measured: −2.0% and −0.56% (the approximation's error; the exact prices converge to 1e-4)
    expect(Math.abs(e20.bgk)).toBeLessThan(0.025);
    expect(Math.abs(e40.bgk)).toBeLessThan(0.008);
    expect(Math.abs(e40.bgk)).toBeLessThan(Math.abs(e20.bgk) / 2);
    expect(e20.cont).toBeGreaterThan(0.1); // continuous monitoring overstates the knock-in by 17%
  });
});
