import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  barrier, barrierPriceDeltaGamma, type BarrierInput, type BarrierKind, barrierCode, type Monitoring, monitorCode,
} from "../../src/options/barrier.js";
import { GREEK_FIELDS } from "../../src/options/greeks.js";
import { vanilla } from "../../src/options/vanilla.js";

const EPS = Number.EPSILON;
const MINUTE = 1 / 525600;

/** Log-uniform positive number in [lo, hi]. */
const logUniform = (lo: number, hi: number) =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(Math.exp);

const kind = fc.constantFrom<BarrierKind>("down-in", "down-out", "up-in", "up-out");
const monitoring: fc.Arbitrary<Monitoring> = fc.oneof(
  fc.constant("continuous" as const),
  fc.constant("final" as const),
  logUniform(0.01, 30).map((intervalDays) => ({ intervalDays })),
);

/** Wide domain: vol 1e-4…5, T one minute…30 years, S/K 1e-3…1e3, level anywhere incl. exactly at spot. */
const input: fc.Arbitrary<BarrierInput & { rate: number; dividend: number; rebate: number }> = fc.record({
  type: fc.constantFrom("call" as const, "put" as const),
  barrier: kind,
  monitoring,
  spot: logUniform(1e-3, 1e3),
  moneyness: logUniform(1e-3, 1e3),
  levelRatio: fc.oneof(logUniform(1e-3, 1e3), fc.constantFrom(1, 1 + 1e-12, 1 - 1e-12, 1.001, 0.999)),
  time: logUniform(MINUTE, 30),
  vol: logUniform(1e-4, 5),
  rate: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
  dividend: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
  rebateRatio: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })),
}).map(({ moneyness, levelRatio, rebateRatio, ...x }) => {
  const strike = x.spot / moneyness;
  return { ...x, strike, level: x.spot * levelRatio, rebate: rebateRatio * strike };
});

/** The only valid input the entry point refuses: an at-hit rebate whose closed form is complex. */
function refusesRebateAtHit(x: BarrierInput & { rate: number; dividend: number; rebate: number }): boolean {
  const nu = x.rate - x.dividend - 0.5 * x.vol * x.vol;
  const breached = x.barrier.startsWith("down") ? x.spot <= x.level : x.spot >= x.level;
  return x.barrier.endsWith("out") && x.rebate > 0 && x.monitoring !== "final" && !breached && x.time > 0 &&
    nu * nu + 2 * x.rate * x.vol * x.vol < 0;
}

describe("barrier over a wide domain (fast-check)", () => {
  it("gives finite price and greeks, 0 ≤ price ≤ vanilla + rebate bound, and the kernel agrees", () => {
    const o = new Float64Array(3);
    fc.assert(
      fc.property(input, (x) => {
        if (refusesRebateAtHit(x)) {
          expect(() => barrier(x)).toThrow(RangeError);
          return;
        }
        const g = barrier(x);
        for (const f of GREEK_FIELDS) expect(Number.isFinite(g[f]), f).toBe(true);
        const v = vanilla(x).price;
        const scale = x.spot * Math.exp(-x.dividend * x.time) + x.strike * Math.exp(-x.rate * x.time) + x.rebate;
        expect(g.price).toBeGreaterThanOrEqual(-1e-12 * scale);
        expect(g.price).toBeLessThanOrEqual(v + x.rebate * Math.max(1, Math.exp(-x.rate * x.time)) + 1e-12 * scale);
        barrierPriceDeltaGamma(barrierCode(x.barrier), x.type === "call" ? 1 : -1, x.spot, x.strike, x.level, x.rebate,
          x.time, x.vol, x.rate, x.dividend, monitorCode(x.monitoring!), o);
        expect(Math.abs(o[0] - g.price)).toBeLessThanOrEqual(1e-12 * scale);
        // delta and gamma: relative to their size or to the scale of one term's derivative
        const sd = x.vol * Math.sqrt(x.time);
        expect(Math.abs(o[1] - g.delta)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(g.delta), scale / (x.spot * Math.max(sd, 1e-3))));
        expect(Math.abs(o[2] - g.gamma)).toBeLessThanOrEqual(1e-8 * Math.max(Math.abs(g.gamma), scale / (x.spot * x.spot * Math.max(sd * sd, 1e-6))));
      }),
      { numRuns: 3000 },
    );
  });

  it("knock-in + knock-out = vanilla (rebate 0) to 1e-10 of the terms' scale", () => {
    fc.assert(
      fc.property(input, (x) => {
        const side = x.barrier.startsWith("down") ? "down" : "up";
        const a = { ...x, rebate: 0 };
        const sum = barrier({ ...a, barrier: `${side}-in` }).price + barrier({ ...a, barrier: `${side}-out` }).price;
        const scale = x.spot * Math.exp(-x.dividend * x.time) + x.strike * Math.exp(-x.rate * x.time);
        expect(Math.abs(sum - vanilla(x).price)).toBeLessThanOrEqual(1e-10 * scale);
      }),
      { numRuns: 2000 },
    );
  });

  it("T → 0 gives the payoff (spot, strike and level apart by more than 1e-4 relative)", () => {
    fc.assert(
      fc.property(input, (x) => {
        fc.pre(Math.abs(Math.log(x.spot / x.strike)) > 1e-4 && Math.abs(Math.log(x.spot / x.level)) > 1e-4);
        const t = { ...x, time: 1e-14 };
        const w = x.type === "call" ? 1 : -1;
        const intrinsic = Math.max(w * (x.spot - x.strike), 0);
        const down = x.barrier.startsWith("down");
        const beyond = down ? x.spot <= x.level : x.spot >= x.level;
        const knockIn = x.barrier.endsWith("in");
        // final: the payoff looks at S_T = spot; continuous/discrete: beyond = already breached
        const live = knockIn ? beyond : !beyond;
        const payoff = live ? intrinsic : x.rebate;
        // σ√T = σ·1e-7 is above the zero-variance cutoff, so the entry point still refuses a complex at-hit rebate
        if (refusesRebateAtHit(t)) expect(() => barrier(t)).toThrow(RangeError);
        else expect(Math.abs(barrier(t).price - payoff)).toBeLessThanOrEqual(1e-9 * (x.spot + x.strike + x.rebate));
        const zero = barrier({ ...x, time: 0 });
        expect(Math.abs(zero.price - payoff)).toBeLessThanOrEqual(4 * EPS * (x.spot + x.strike + x.rebate));
      }),
      { numRuns: 1000 },
    );
  });

  it("σ → 0 gives the deterministic forward-path value (σ = 1e-9 against σ = 0)", () => {
    fc.assert(
      fc.property(input, (x) => {
        const F = x.spot * Math.exp((x.rate - x.dividend) * x.time);
        // away from the knife edges: forward vs strike and level, spot vs level
        fc.pre([F / x.strike, F / x.level, x.spot / x.level].every((q) => Math.abs(Math.log(q)) > 1e-6));
        const zero = barrier({ ...x, vol: 0 });
        for (const f of GREEK_FIELDS) expect(Number.isFinite(zero[f]), f).toBe(true);
        // the hot kernel's zero-variance branch is a separate implementation: same price, delta, gamma
        const o = new Float64Array(3);
        barrierPriceDeltaGamma(barrierCode(x.barrier), x.type === "call" ? 1 : -1, x.spot, x.strike, x.level, x.rebate,
          x.time, 0, x.rate, x.dividend, monitorCode(x.monitoring!), o);
        // an at-hit rebate R·e^{−a·ln(H/S)}, a = r/b, has V_L = a·V and V_LL = a²·V: rounding scales with a
        const a = Math.min(Math.abs(x.rate / (x.rate - x.dividend)), 1e6) || 0;
        const p = Math.abs(zero.price) + Math.abs(zero.delta) * x.spot + 1e-300;
        expect(Math.abs(o[0] - zero.price)).toBeLessThanOrEqual(64 * EPS * p);
        expect(Math.abs(o[1] - zero.delta)).toBeLessThanOrEqual((64 * EPS * (1 + a) * p) / x.spot);
        expect(Math.abs(o[2] - zero.gamma)).toBeLessThanOrEqual((64 * EPS * (1 + a) ** 2 * p) / x.spot ** 2);
        if (refusesRebateAtHit({ ...x, vol: 1e-9 })) return;
        const tiny = barrier({ ...x, vol: 1e-9 });
        const scale = x.spot + x.strike + x.rebate;
        expect(Math.abs(tiny.price - zero.price)).toBeLessThanOrEqual(1e-9 * scale);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("kernel robustness", () => {
  it("never throws and returns NaN for invalid input", () => {
    const o = new Float64Array(3);
    const good = [0, -1, 100, 100, 90, 0, 1, 0.2, 0.01, 0, 0] as const;
    const bad: Array<[number, number]> = [
      [0, 7], [1, 0], [2, NaN], [2, -1], [3, 0], [4, -5], [5, -1], [5, Infinity], [6, -1], [7, -0.1], [8, NaN],
      [9, NaN], [10, -2], [10, NaN], [10, Infinity],
    ];
    for (const [i, value] of bad) {
      const args = [...good] as number[];
      args[i] = value;
      o.fill(0);
      expect(() => barrierPriceDeltaGamma(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8],
        args[9], args[10], o)).not.toThrow();
      expect([...o].every(Number.isNaN), `arg ${i} = ${value}`).toBe(true);
    }
  });
});

describe("entry point validation", () => {
  const ok = { type: "put", barrier: "down-in", level: 70, spot: 100, strike: 100, time: 0.5, vol: 0.3 } as const;
  const cases: Array<[Partial<Record<keyof BarrierInput, unknown>>, RegExp]> = [
    [{ type: "straddle" }, /^type must be "call" or "put" \(got "straddle"\)/],
    [{ barrier: "knock-in" }, /^barrier must be "down-in", "down-out", "up-in" or "up-out" \(got "knock-in"\)/],
    [{ level: 0 }, /^level must be > 0 \(got 0\)/],
    [{ level: NaN }, /^level must be a finite number \(got NaN\)/],
    [{ rebate: -1 }, /^rebate must be ≥ 0 \(got -1\)/],
    [{ monitoring: "daily" }, /^monitoring must be "continuous", "final" or \{ intervalDays: number \} \(got "daily"\)/],
    [{ monitoring: { intervalDays: 0 } }, /^monitoring.intervalDays must be > 0 \(got 0\)/],
    [{ monitoring: { intervalDays: "1" } }, /^monitoring.intervalDays must be a finite number \(got 1\)/],
    [{ spot: -5 }, /^spot must be > 0 \(got -5\)/],
    [{ strike: Infinity }, /^strike must be a finite number \(got Infinity\)/],
    [{ time: -1 }, /^time must be ≥ 0 \(got -1\)/],
    [{ vol: -0.1 }, /^vol must be ≥ 0 \(got -0.1\)/],
    [{ rate: NaN }, /^rate must be a finite number \(got NaN\)/],
    [{ dividend: "0" }, /^dividend must be a finite number/],
    [{ barrier: "down-out", rebate: 1, rate: -0.01, dividend: -0.01, vol: 0.1 }, /^rebate paid at hit needs/],
  ];
  for (const [patch, message] of cases) {
    it(`throws a RangeError naming the field: ${JSON.stringify(patch)}`, () => {
      expect(() => barrier({ ...ok, ...patch } as BarrierInput)).toThrow(RangeError);
      expect(() => barrier({ ...ok, ...patch } as BarrierInput)).toThrow(message);
    });
  }
  it("defaults: rebate 0, continuous monitoring, rate 0, dividend 0", () => {
    const a = barrier(ok);
    const b = barrier({ ...ok, rebate: 0, monitoring: "continuous", rate: 0, dividend: 0 });
    expect(a).toEqual(b);
  });
});
