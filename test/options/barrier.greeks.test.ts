import { describe, expect, it } from "vitest";
import { barrier, type BarrierInput, type Monitoring } from "../../src/options/barrier.js";
import { GREEK_FIELDS, type Greeks } from "../../src/options/greeks.js";

/**
 * The analytic greeks (closed forms and jets) against Richardson-extrapolated central differences:
 * D(h) = [8(f(x+h/2) − f(x−h/2)) − (f(x+h) − f(x−h))]/(6h), truncation O(h⁴). First-order greeks
 * difference the price, second-order ones the analytic first-order greek, third-order ones the
 * analytic gamma, so each check is one differentiation deep. Spot steps never cross the barrier
 * (h ≤ |S − H|/4) and time steps never cross T = 0 (h = 1e-3·T).
 */
function d1(f: (x: number) => number, x: number, h: number): number {
  return (8 * (f(x + h / 2) - f(x - h / 2)) - (f(x + h) - f(x - h))) / (6 * h);
}

type Input = BarrierInput & { rate: number; dividend: number };

function fd(input: Input): Greeks {
  const at = (patch: Partial<Input>) => barrier({ ...input, ...patch });
  const { spot: S, vol, time: T, rate } = input;
  const away = input.monitoring === "final" ? Infinity : Math.abs(S - input.level) / 4;
  const hS = Math.min(1e-3 * S, away), hV = 1e-3 * vol, hT = 1e-3 * T, hR = 1e-4;
  const byS = (f: keyof Greeks) => d1((x) => at({ spot: x })[f], S, hS);
  const byV = (f: keyof Greeks) => d1((x) => at({ vol: x })[f], vol, hV);
  const byT = (f: keyof Greeks) => -d1((x) => at({ time: x })[f], T, hT);
  return {
    price: at({}).price,
    delta: byS("price"), gamma: byS("delta"), speed: byS("gamma"),
    vega: byV("price"), vanna: byV("delta"), volga: byV("vega"), zomma: byV("gamma"),
    theta: byT("price"), charm: byT("delta"), color: byT("gamma"),
    rho: d1((x) => at({ rate: x }).price, rate, hR),
  };
}

/** Natural magnitude of each greek (spot units), the absolute floor below which values are "zero". */
function unit(f: keyof Greeks, S: number): number {
  switch (f) {
    case "price": case "vega": case "theta": case "rho": case "volga": return S;
    case "delta": case "vanna": case "charm": return 1;
    case "gamma": case "zomma": case "color": return 1 / S;
    case "speed": return 1 / (S * S);
  }
}

const MONITORINGS: Monitoring[] = ["continuous", { intervalDays: 1 }, "final"];
const MARKETS = [
  { spot: 100, strike: 100, time: 0.5, vol: 0.3, rate: 0.04, dividend: 0.01 },
  { spot: 100, strike: 95, time: 10 / 365, vol: 0.7, rate: 0.01, dividend: 0.03 },
  { spot: 3e-3, strike: 2.5e-3, time: 2, vol: 0.15, rate: 0.02, dividend: 0 },
];

describe("analytic greeks agree with central differences", () => {
  it("all twelve, eight kinds, three monitoring styles, with rebates, to 1e-7 relative", () => {
    let worst = 0;
    let n = 0;
    for (const m of MARKETS)
      for (const monitoring of MONITORINGS)
        for (const [side, levelRatio] of [["down", 0.9], ["up", 1.12], ["down", 0.985]] as const)
          for (const io of ["in", "out"] as const)
            for (const type of ["call", "put"] as const) {
              const input: Input = {
                ...m, type, barrier: `${side}-${io}`, level: m.spot * levelRatio, rebate: 0.02 * m.spot, monitoring,
              };
              const a = barrier(input);
              const f = fd(input);
              for (const k of GREEK_FIELDS) {
                const scale = Math.max(Math.abs(f[k]), 1e-4 * unit(k, m.spot));
                const err = Math.abs(a[k] - f[k]) / scale;
                worst = Math.max(worst, err);
                expect(err, `${k} ${JSON.stringify(input)}: analytic ${a[k]} fd ${f[k]}`).toBeLessThanOrEqual(1e-7);
              }
              n++;
            }
    expect(n).toBe(3 * 3 * 3 * 2 * 2);
    expect(worst).toBeGreaterThan(0); // the comparison ran on real numbers
  });

  it("zero variance: forward-path value with S, T, r derivatives (knock-out rebate paid at the hit time t* = h/b)", () => {
    for (const input of [
      { type: "put", barrier: "up-out", level: 107, strike: 105, spot: 100, rebate: 4, time: 1, vol: 0, rate: 0.03, dividend: 0.01 },
      { type: "call", barrier: "down-out", level: 93, strike: 95, spot: 100, rebate: 4, time: 2, vol: 0, rate: 0.01, dividend: 0.05 },
      { type: "call", barrier: "up-in", level: 101, strike: 100, spot: 100, rebate: 4, time: 1, vol: 0, rate: 0.03, dividend: 0 },
    ] as Input[]) {
      const a = barrier(input);
      const at = (patch: Partial<Input>) => barrier({ ...input, ...patch });
      const hS = 1e-4 * input.spot, hT = 1e-4 * input.time;
      const fdDelta = d1((x) => at({ spot: x }).price, input.spot, hS);
      const fdGamma = d1((x) => at({ spot: x }).delta, input.spot, hS);
      const fdTheta = -d1((x) => at({ time: x }).price, input.time, hT);
      const fdCharm = -d1((x) => at({ time: x }).delta, input.time, hT);
      const fdRho = d1((x) => at({ rate: x }).price, input.rate, 1e-5);
      const label = JSON.stringify(input);
      expect(Math.abs(a.delta - fdDelta), label).toBeLessThanOrEqual(1e-8 * Math.max(Math.abs(fdDelta), 1e-3));
      expect(Math.abs(a.gamma - fdGamma), label).toBeLessThanOrEqual(1e-8 * Math.max(Math.abs(fdGamma), 1e-5));
      expect(Math.abs(a.theta - fdTheta), label).toBeLessThanOrEqual(1e-8 * Math.max(Math.abs(fdTheta), 1e-1));
      expect(Math.abs(a.charm - fdCharm), label).toBeLessThanOrEqual(1e-8 * Math.max(Math.abs(fdCharm), 1e-3));
      expect(Math.abs(a.rho - fdRho), label).toBeLessThanOrEqual(1e-8 * Math.max(Math.abs(fdRho), 1e-1));
      expect([a.vega, a.vanna, a.volga, a.zomma].map(Math.abs)).toEqual([0, 0, 0, 0]);
    }
    // knocked out on the forward path at t* = ln(101/100)/0.02 < 1: price R·e^{−r·t*}
    const hit = barrier({ type: "put", barrier: "up-out", level: 101, strike: 99, spot: 100, rebate: 4, time: 1, vol: 0, rate: 0.03, dividend: 0.01 });
    expect(Math.abs(hit.price - 4 * Math.exp((-0.03 * Math.log(1.01)) / 0.02))).toBeLessThanOrEqual(8 * Number.EPSILON * 4);
    expect(Math.abs(hit.delta - (1.5 * hit.price) / 100)).toBeLessThanOrEqual(8 * Number.EPSILON * hit.price);
  });

  it("near the barrier, close to expiry: a daily-observed down-and-in put has delta < −1", () => {
    const input: Input = {
      type: "put", barrier: "down-in", level: 70, monitoring: { intervalDays: 1 },
      spot: 70.5, strike: 100, time: 5 / 365, vol: 0.6, rate: 0, dividend: 0,
    };
    const a = barrier(input);
    const f = fd(input);
    expect(a.delta).toBeLessThan(-1);
    for (const k of GREEK_FIELDS) {
      expect(Math.abs(a[k] - f[k]) / Math.max(Math.abs(f[k]), 1e-4 * unit(k, 70)), k).toBeLessThanOrEqual(1e-7);
    }
  });
});
