import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GREEK_FIELDS, type Greeks } from "../../src/options/greeks.js";
import { vanilla, type VanillaInput } from "../../src/options/vanilla.js";

const EPS = Number.EPSILON;
const REF = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/reference/bs_greeks.json", import.meta.url)), "utf8"),
);

interface RefCase {
  optionType: "call" | "put";
  spot: number;
  strike: number;
  r: number;
  q: number;
  t: number;
  vol: number;
  expected: number;
  tol: number;
  greek?: string;
}

const input = (c: RefCase): VanillaInput => ({
  type: c.optionType, spot: c.spot, strike: c.strike, time: c.t, vol: c.vol, rate: c.r, dividend: c.q,
});

describe("vanilla against Haug's published values (QuantLib europeanoption.cpp)", () => {
  it(`prices all ${REF.haug_values.count} cases within the listed tolerance`, () => {
    expect(REF.haug_values.cases.length).toBe(REF.haug_values.count);
    for (const c of REF.haug_values.cases as RefCase[]) {
      expect(Math.abs(vanilla(input(c)).price - c.expected), JSON.stringify(c)).toBeLessThanOrEqual(c.tol);
    }
  });

  it("matches every published greek within the listed tolerance", () => {
    for (const c of REF.haug_greeks.cases as RefCase[]) {
      const g = vanilla(input(c));
      let value: number;
      switch (c.greek) {
        case "delta": case "gamma": case "vega": case "theta": case "rho":
          value = g[c.greek];
          break;
        case "thetaPerDay":
          value = g.theta / 365; // the report layer's scaling, stated once
          break;
        case "elasticity":
          value = (g.delta * c.spot) / g.price;
          break;
        case "dividendRho": {
          // ∂V/∂q by central difference of the price (not a Greeks field): h = q·1e-4 as QuantLib
          const h = c.q * 1e-4;
          value = (vanilla({ ...input(c), dividend: c.q + h }).price - vanilla({ ...input(c), dividend: c.q - h }).price) / (2 * h);
          break;
        }
        default:
          throw new Error(`unknown greek ${c.greek}`);
      }
      expect(Math.abs(value - c.expected), JSON.stringify(c)).toBeLessThanOrEqual(c.tol);
    }
  });
});

/** Central difference of a greek with respect to one input, relative step h. */
function fd(base: VanillaInput, field: "spot" | "vol" | "rate", h: number, pick: (g: Greeks) => number): number {
  const up = vanilla({ ...base, [field]: (base[field] ?? 0) + h });
  const dn = vanilla({ ...base, [field]: (base[field] ?? 0) - h });
  return (pick(up) - pick(dn)) / (2 * h);
}
/** ∂/∂t (calendar time passing) = −∂/∂T. */
function fdTime(base: VanillaInput, h: number, pick: (g: Greeks) => number): number {
  const later = vanilla({ ...base, time: base.time - h });
  const earlier = vanilla({ ...base, time: base.time + h });
  return (pick(later) - pick(earlier)) / (2 * h);
}

describe("vanilla greeks against central finite differences (QuantLib testGreeks grid)", () => {
  const grid = REF.fd_consistency_grid.grid;
  const cases: VanillaInput[] = [];
  for (const type of grid.optionTypes) for (const strike of grid.strikes) for (const q of grid.q)
    for (const r of grid.r) for (const time of grid.t) for (const vol of grid.vol)
      cases.push({ type, spot: 100, strike, q, rate: r, dividend: q, time, vol } as VanillaInput);

  it(`agrees on ${cases.length} grid points to 1e-5 relative (scaled as QuantLib does)`, () => {
    const tol = REF.fd_consistency_grid.tol_relative as number;
    for (const c of cases) {
      const g = vanilla(c);
      const S = c.spot;
      const hS = S * 1e-4, hV = c.vol * 1e-4, hR = (c.rate ?? 0) * 1e-4, hT = 1e-5;
      const pairs: Array<[string, number, number, number]> = [
        // name, analytic, numeric, scale (QuantLib divides by spot where the greek is tiny)
        ["delta", g.delta, fd(c, "spot", hS, (x) => x.price), 1],
        ["gamma", g.gamma, fd(c, "spot", hS, (x) => x.delta), 1 / S],
        ["vega", g.vega, fd(c, "vol", hV, (x) => x.price), S],
        ["rho", g.rho, fd(c, "rate", hR, (x) => x.price), S],
        ["theta", g.theta, fdTime(c, hT, (x) => x.price), S],
        ["vanna", g.vanna, fd(c, "vol", hV, (x) => x.delta), 1],
        ["volga", g.volga, fd(c, "vol", hV, (x) => x.vega), S],
        ["charm", g.charm, fdTime(c, hT, (x) => x.delta), 1],
        ["speed", g.speed, fd(c, "spot", hS, (x) => x.gamma), 1 / (S * S)],
        ["zomma", g.zomma, fd(c, "vol", hV, (x) => x.gamma), 1 / S],
        ["color", g.color, fdTime(c, hT, (x) => x.gamma), 1 / S],
      ];
      for (const [name, a, n, scale] of pairs) {
        const err = Math.abs(a - n) / Math.max(Math.abs(a), scale);
        expect(err, `${name} ${JSON.stringify(c)} analytic ${a} fd ${n}`).toBeLessThanOrEqual(tol);
      }
    }
  });
});

describe("vanilla identities", () => {
  it("satisfies put–call parity C − P = S·e^(−qT) − K·e^(−rT) to 8 ulp of the larger leg", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }), // S/K
        fc.double({ min: 1e-4, max: 5, noNaN: true }), // vol
        fc.double({ min: 1 / 525600, max: 30, noNaN: true }), // T
        fc.double({ min: -0.05, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        (m, vol, time, rate, dividend) => {
          const base = { spot: 100 * m, strike: 100, time, vol, rate, dividend };
          const c = vanilla({ type: "call", ...base });
          const p = vanilla({ type: "put", ...base });
          const fwd = base.spot * Math.exp(-dividend * time) - 100 * Math.exp(-rate * time);
          const scale = Math.max(c.price, p.price, base.spot * Math.exp(-dividend * time));
          expect(Math.abs(c.price - p.price - fwd)).toBeLessThanOrEqual(8 * EPS * scale);
          // delta parity, equal gammas and vegas
          expect(Math.abs(c.delta - p.delta - Math.exp(-dividend * time))).toBeLessThanOrEqual(4 * EPS);
          expect(c.gamma).toBe(p.gamma);
          expect(c.vega).toBe(p.vega);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("gives finite values for every greek over the wide domain, and prices inside the no-arbitrage bounds", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<"call" | "put">("call", "put"),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-4, max: 5, noNaN: true }),
        fc.double({ min: 1 / 525600, max: 30, noNaN: true }),
        (type, m, vol, time) => {
          const g = vanilla({ type, spot: 100 * m, strike: 100, time, vol, rate: 0.03, dividend: 0.01 });
          for (const f of GREEK_FIELDS) expect(Number.isFinite(g[f]), f).toBe(true);
          const df = Math.exp(-0.03 * time), dq = Math.exp(-0.01 * time);
          const intrinsic = Math.max(0, (type === "call" ? 1 : -1) * (100 * m * dq - 100 * df));
          const upper = type === "call" ? 100 * m * dq : 100 * df;
          expect(g.price).toBeGreaterThanOrEqual(intrinsic - 8 * EPS * upper);
          expect(g.price).toBeLessThanOrEqual(upper * (1 + 8 * EPS));
          expect(g.gamma).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("takes intrinsic value at T = 0, with a step delta and zero gamma", () => {
    const itm = vanilla({ type: "call", spot: 110, strike: 100, time: 0, vol: 0.8 });
    expect(itm.price).toBe(10);
    expect(itm.delta).toBe(1);
    expect(itm.gamma).toBe(0);
    const otm = vanilla({ type: "put", spot: 110, strike: 100, time: 0, vol: 0.8 });
    expect(otm.price).toBe(0);
    expect(otm.delta).toBe(0);
    const atm = vanilla({ type: "put", spot: 100, strike: 100, time: 0, vol: 0.8 });
    expect(atm.price).toBe(0);
    expect(atm.delta).toBe(-0.5);
  });

  it("converges to intrinsic as T → 0 (one minute, crypto vol)", () => {
    const g = vanilla({ type: "put", spot: 60000, strike: 70000, time: 1 / 525600, vol: 1.2 });
    expect(Math.abs(g.price - 10000)).toBeLessThanOrEqual(8 * EPS * 10000);
    expect(g.delta).toBe(-1);
  });

  it("gives the discounted forward intrinsic at σ = 0 and σ → 0", () => {
    const base = { type: "call" as const, spot: 100, strike: 95, time: 2, rate: 0.05, dividend: 0.02 };
    const exact = 100 * Math.exp(-0.02 * 2) - 95 * Math.exp(-0.05 * 2);
    for (const vol of [0, 1e-9, 1e-6]) {
      const g = vanilla({ ...base, vol });
      expect(Math.abs(g.price - exact), `vol ${vol}`).toBeLessThanOrEqual(8 * EPS * 100);
      expect(g.delta).toBe(Math.exp(-0.02 * 2));
      expect(g.gamma).toBe(0);
      expect(g.theta).toBeCloseTo(0.02 * 100 * Math.exp(-0.04) - 0.05 * 95 * Math.exp(-0.1), 12);
    }
  });

  it("uses Black-76 on a given forward, with greeks with respect to spot", () => {
    // Deribit-style: index 72,011.29, forward 72,505.59 for the 14MAR24 expiry, IV 40%
    const S = 72011.29, F = 72505.58708731517, T = (2 * 86400 + 2 * 3600 + 2.8 * 60) / (365 * 86400);
    const g = vanilla({ type: "call", spot: S, strike: 72250, time: T, vol: 0.4, forward: F });
    // the same option priced by BSM on the implied carry equals Black-76
    const d1 = (Math.log(F / 72250) + 0.5 * 0.16 * T) / (0.4 * Math.sqrt(T));
    const blackPrice = F * cdf(d1) - 72250 * cdf(d1 - 0.4 * Math.sqrt(T));
    expect(Math.abs(g.price - blackPrice)).toBeLessThanOrEqual(64 * EPS * F);
    // spot delta: ∂V/∂S with F/S fixed = (F/S)·N(d1)
    expect(Math.abs(g.delta - (F / S) * cdf(d1))).toBeLessThanOrEqual(16 * EPS);
    // Black-76 rho at a fixed forward
    expect(g.rho).toBe(-T * g.price);
  });

  it("NaN-free kernels still reject bad input at the entry point with a RangeError naming the field", () => {
    const ok: VanillaInput = { type: "call", spot: 100, strike: 100, time: 1, vol: 0.2 };
    expect(() => vanilla({ ...ok, vol: -0.2 })).toThrow(/vol must be ≥ 0 \(got -0\.2\)/);
    expect(() => vanilla({ ...ok, spot: NaN })).toThrow(/spot must be a finite number/);
    expect(() => vanilla({ ...ok, strike: 0 })).toThrow(/strike must be > 0/);
    expect(() => vanilla({ ...ok, time: -1 })).toThrow(/time must be ≥ 0/);
    expect(() => vanilla({ ...ok, type: "straddle" as never })).toThrow(/type must be "call" or "put"/);
    expect(() => vanilla({ ...ok, forward: -5 })).toThrow(/forward must be > 0/);
    expect(() => vanilla({ ...ok, rate: Infinity })).toThrow(RangeError);
  });
});

/** Independent textbook Φ for the Black-76 check (Hart/West double-precision algorithm). */
function cdf(x: number): number {
  const z = Math.abs(x);
  let c: number;
  if (z > 37) c = 0;
  else {
    const e = Math.exp(-z * z / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165; n = n * z + 33.912866078383; n = n * z + 112.079291497871;
      n = n * z + 221.213596169931; n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207; d = d * z + 86.7807322029461; d = d * z + 296.564248779674;
      d = d * z + 637.333633378831; d = d * z + 793.826512519948; d = d * z + 440.413735824752;
      c = e * n / d;
    } else {
      let f = z + 0.65; f = z + 4 / f; f = z + 3 / f; f = z + 2 / f; f = z + 1 / f;
      c = e / f / 2.506628274631;
    }
  }
  return x <= 0 ? c : 1 - c;
}
