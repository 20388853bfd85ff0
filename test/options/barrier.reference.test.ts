import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  barrier, barrierPriceDeltaGamma, BGK_BETA, bgkLevel, type BarrierKind, DOWN_IN, DOWN_OUT, UP_IN, UP_OUT,
} from "../../src/options/barrier.js";
import { binaryBarrierPrice } from "../../src/options/barrierBinary.js";
import { GREEK_FIELDS } from "../../src/options/greeks.js";
import { vanilla } from "../../src/options/vanilla.js";

/**
 * Reference values: Haug's tables as used in QuantLib's test-suite (see the file's `meta`): rates
 * continuous, t exact year fractions, knock-out rebate at hit, knock-in rebate at expiry,
 * continuous monitoring; `tol` is the absolute tolerance QuantLib's own test uses (the tables are
 * printed to 4 or 5 decimals). The American-binomial and partial-time sets are not closed-form
 * European barriers and are not used here.
 */
const REF = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../shared/reference/haug_barrier.json", import.meta.url)), "utf8"),
);

interface Case {
  barrierType: "downIn" | "downOut" | "upIn" | "upOut";
  optionType: "call" | "put";
  spot: number; strike: number; barrier: number; rebate: number;
  r: number; q: number; t: number; vol: number; expected: number; tol: number;
}

const KIND: Record<Case["barrierType"], BarrierKind> = {
  downIn: "down-in", downOut: "down-out", upIn: "up-in", upOut: "up-out",
};
const CODE: Record<Case["barrierType"], number> = { downIn: DOWN_IN, downOut: DOWN_OUT, upIn: UP_IN, upOut: UP_OUT };

function priced(c: Case, level = c.barrier) {
  return barrier({
    type: c.optionType, barrier: KIND[c.barrierType], level, rebate: c.rebate, spot: c.spot, strike: c.strike,
    time: c.t, vol: c.vol, rate: c.r, dividend: c.q,
  });
}

function kernelPrice(c: Case): number {
  const o = new Float64Array(3);
  barrierPriceDeltaGamma(CODE[c.barrierType], c.optionType === "call" ? 1 : -1, c.spot, c.strike, c.barrier,
    c.rebate, c.t, c.vol, c.r, c.q, 0, o);
  return o[0];
}

describe("barrier: published continuous-monitoring values", () => {
  const sets = ["haug_standard_barrier_european", "babsiri", "beaglehole"] as const;
  for (const set of sets) {
    const cases: Case[] = REF[set].cases;
    it(`${set}: all ${cases.length} cases within QuantLib's tolerance (entry point and kernel)`, () => {
      expect(cases.length).toBe(REF[set].count);
      for (const c of cases) {
        const label = JSON.stringify(c);
        expect(Math.abs(priced(c).price - c.expected), label).toBeLessThanOrEqual(c.tol);
        expect(Math.abs(kernelPrice(c) - c.expected), label).toBeLessThanOrEqual(c.tol);
      }
    });
  }

  it("low-volatility limits (σ = 1e-7): finite price and greeks, within the listed tolerance", () => {
    const cases: Case[] = REF.low_volatility_limits.cases;
    expect(cases.length).toBe(40);
    for (const c of cases) {
      const g = priced(c);
      for (const f of GREEK_FIELDS) expect(Number.isFinite(g[f]), `${f} ${JSON.stringify(c)}`).toBe(true);
      expect(Math.abs(g.price - c.expected), JSON.stringify(c)).toBeLessThanOrEqual(c.tol);
      // kernel (scalar) and entry point (jets) evaluate the same formula in a different order
      expect(Math.abs(kernelPrice(c) - g.price)).toBeLessThanOrEqual(256 * Number.EPSILON * Math.max(1, g.price));
    }
  });

  it("spot moved beyond the barrier (QuantLib expects a throw): breached — in = vanilla, out = rebate", () => {
    for (const c of REF.haug_standard_barrier_european.cases as Case[]) {
      const down = c.barrierType.startsWith("down");
      const level = down ? 1.01 * c.spot : 0.99 * c.spot;
      const g = priced(c, level);
      if (c.barrierType.endsWith("In")) {
        const v = vanilla({ type: c.optionType, spot: c.spot, strike: c.strike, time: c.t, vol: c.vol, rate: c.r, dividend: c.q });
        for (const f of GREEK_FIELDS) expect(g[f], f).toBe(v[f]);
      } else {
        expect(g.price).toBe(c.rebate);
        for (const f of GREEK_FIELDS) if (f !== "price") expect(g[f], f).toBe(0);
      }
    }
  });
});

describe("binary barrier (cash/asset-or-nothing at expiry), Haug p. 180 types 13–28", () => {
  it("all 42 cases within 1e-4, including spot already beyond the barrier", () => {
    const cases = REF.binary_barrier_haug.cases as Array<Case & { payoff: string; cash: number }>;
    expect(cases.length).toBe(42);
    for (const c of cases) {
      const asset = c.payoff === "assetOrNothing";
      const unit = binaryBarrierPrice(CODE[c.barrierType], c.optionType === "call" ? 1 : -1, c.spot, c.strike,
        c.barrier, c.t, c.vol, c.r, c.q, 0, asset);
      expect(Math.abs((asset ? 1 : c.cash) * unit - c.expected), JSON.stringify(c)).toBeLessThanOrEqual(c.tol);
    }
  });
});

describe("discrete monitoring (Broadie–Glasserman–Kou)", () => {
  it("uses the β of the reference file and shifts the level away from spot", () => {
    expect(BGK_BETA).toBe(REF.discrete_monitoring_bgk.beta);
    const dt = 1 / 365;
    expect(bgkLevel(70, true, 0.6, dt)).toBe(70 * Math.exp(-BGK_BETA * 0.6 * Math.sqrt(dt)));
    expect(bgkLevel(130, false, 0.6, dt)).toBe(130 * Math.exp(BGK_BETA * 0.6 * Math.sqrt(dt)));
    // the entry point prices a daily barrier exactly as the continuous one at the shifted level
    const base = { type: "put", barrier: "down-in", spot: 100, strike: 100, time: 0.5, vol: 0.3, rate: 0.02 } as const;
    const daily = barrier({ ...base, level: 80, monitoring: { intervalDays: 1 } }).price;
    const shifted = barrier({ ...base, level: bgkLevel(80, true, 0.3, 1 / 365) }).price;
    expect(daily).toBe(shifted);
  });

  it("orders prices: knock-out continuous ≤ daily ≤ weekly ≤ final; knock-in the reverse (rebate 0)", () => {
    let checked = 0;
    for (const c of REF.haug_standard_barrier_european.cases as Case[]) {
      const at = (monitoring: "continuous" | "final" | { intervalDays: number }) =>
        barrier({
          type: c.optionType, barrier: KIND[c.barrierType], level: c.barrier, rebate: 0, monitoring,
          spot: c.spot, strike: c.strike, time: c.t, vol: c.vol, rate: c.r, dividend: c.q,
        }).price;
      const v = [at("continuous"), at({ intervalDays: 1 }), at({ intervalDays: 7 }), at("final")];
      const out = c.barrierType.endsWith("Out");
      // a tiny slack for prices that are equal (e.g. 0 = 0) up to rounding
      const slack = 64 * Number.EPSILON * c.spot;
      for (let i = 0; i + 1 < v.length; i++) {
        if (out) expect(v[i], JSON.stringify(c)).toBeLessThanOrEqual(v[i + 1] + slack);
        else expect(v[i], JSON.stringify(c)).toBeGreaterThanOrEqual(v[i + 1] - slack);
      }
      checked++;
    }
    expect(checked).toBe(72);
  });
});
