import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  barrier, barrierCode, type BarrierInput, barrierPriceDeltaGamma, BGK_BETA, bgkLevel, type BarrierKind, DOWN_IN,
  DOWN_OUT, monitorCode, UP_IN, UP_OUT,
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
  readFileSync(fileURLToPath(new URL("../fixtures/reference/haug_barrier.json", import.meta.url)), "utf8"),
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
    // the entry point prices a daily barrier as the continuous one at the shifted level, to the
    // rounding of that level: the daily price takes ln(H/S) + ln-shift without forming the shifted
    // level, the continuous one ln(H'/S) of H' rounded to a double, so their ln-levels differ by a
    // few ε and the prices by that times ∂V/∂ln H (central difference, 1e-6 apart)
    const base = { type: "put", barrier: "down-in", spot: 100, strike: 100, time: 0.5, vol: 0.3, rate: 0.02 } as const;
    const daily = barrier({ ...base, level: 80, monitoring: { intervalDays: 1 } }).price;
    const H = bgkLevel(80, true, 0.3, 1 / 365);
    const shifted = barrier({ ...base, level: H }).price;
    const at = (level: number) => barrier({ ...base, level }).price;
    const dVdlnH = (at(H * Math.exp(1e-6)) - at(H * Math.exp(-1e-6))) / 2e-6;
    expect(Math.abs(daily - shifted)).toBeLessThanOrEqual(4 * Number.EPSILON * (Math.abs(dVdlnH) + Math.abs(shifted)));
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

describe("spot or strike within 1e-12 of the level at small σ√T (mpmath, 50 digits)", () => {
  // Reiner–Rubinstein/Haug at 50 digits (BGK level H·e^{±βσ√Δt} for the daily row), delta and gamma
  // by mpmath differentiation. ln(H/S) must keep its relative accuracy (it is divided by σ√T and
  // multiplied by 2ν/σ²), and Haug's C − D must be taken as one term when K ≈ H (their separate
  // second derivatives are ~(2ν/σ²)² ≈ 1e15). Tolerances per row: price 4ε of S + K + R, delta and
  // gamma relative, about 4× the worse of the two paths; before the fix the price errors were
  // 2000–3e6 ε of that scale, delta up to 6e-10, 2e-3 and 460 relative, gamma 1e-4, 1.5e-6, 7e-3
  // and 1300.
  const rows: Array<[string, BarrierInput, number, number, number, number, number]> = [
    // [label, input, price, delta, gamma, delta rtol, gamma rtol]
    ["up-out call, daily, at-hit rebate, H/S − 1 = 1e-12", { type: "call", barrier: "up-out",
      monitoring: { intervalDays: 1 }, spot: 0.019536333423282298, time: 1, vol: 0.00011334807303248445,
      strike: 0.019536333423282298, level: 0.019536333423301834, rebate: 0.016880520070056124 },
    0.0164698332784548506, 6079.8955118977894132, 83720315.871242980306, 1e-14, 1e-13],
    ["down-in call, S = 1000, one minute", { type: "call", barrier: "down-in", spot: 999.9999999999989,
      time: 0.0000019025875190258831, vol: 0.0001, strike: 1, level: 999.9999999989989 },
    998.99422131963853665, -5778740.4727316535427, 303727.41342743463556, 1e-14, 1e-10],
    ["down-out call, 2ν/σ² = 3e7", { type: "call", barrier: "down-out", spot: 1.0005336796783673, time: 1,
      vol: 0.0001, rate: 0.15, strike: 0.0010005336796783792, level: 1.0005336796773667 },
    0.000029989705845883405603, 29973280.550283338772, -898718788553582.16818, 1e-14, 1e-14],
    ["down-in put, K = S, H = S(1 − 1e-12), one minute", { type: "put", barrier: "down-in", spot: 1,
      time: 0.0000019025875190258831, vol: 0.0001, rate: 0.15, strike: 1, level: 0.999999999999 },
    9.715298131541074204e-10, -0.019272349396881063795, 340148.85521906908138, 4e-8, 1e-8],
    ["down-in put, K = S, H = S(1 − 1e-12), fast-check seed 253", { type: "put", barrier: "down-in", spot: 1,
      time: 0.00011990967462097748, vol: 0.00019501980756708942, rate: 0.12096004035178808, strike: 1,
      level: 0.999999999999 },
    1.6716212159828938213e-18, -5.5338543830413665082e-12, 0.000017966527891549593204, 1e-7, 1e-7],
    // K − H ≈ σ√T/2, Φ arguments of C and D both ≈ 3: C − D as complements (e^E·Φ(−x_D) − e^E·Φ(−x_C))
    ["down-out put, C and D both near 1", { type: "put", barrier: "down-out", spot: 1, time: 1e-5, vol: 0.0001,
      rate: 0.15, strike: 1.00000020000002, level: 0.999999999999 },
    2.23072487695588383e-18, 2.2307407646248057471e-6, -66.922787838021279091, 1e-6, 2e-7],
    // final monitoring: the cash-or-nothing digital at H needs ln(S/H) to relative accuracy too
    // (reference: vanillas and digitals at 50 digits; before, 4e-11 of the scale off)
    ["down-out call, final, rebate 2S", { type: "call", barrier: "down-out", monitoring: "final",
      spot: 0.019536333423282298, time: 1.902587519025875e-6, vol: 0.0001, rate: 0.1, strike: 0.009768166711641149,
      level: 0.01953633342326276, rebate: 0.039072666846564595 },
    0.012226621860924998059, -1675647.8398221865408, 857713534254718.07345, 1e-14, 1e-14],
  ];
  it.each(rows)("%s: barrier() and the kernel match", (_, x, price, delta, gamma, dTol, gTol) => {
    const scale = x.spot + x.strike + (x.rebate ?? 0);
    const o = new Float64Array(3);
    barrierPriceDeltaGamma(barrierCode(x.barrier), x.type === "call" ? 1 : -1, x.spot, x.strike, x.level,
      x.rebate ?? 0, x.time, x.vol, x.rate ?? 0, x.dividend ?? 0, monitorCode(x.monitoring ?? "continuous"), o);
    const g = barrier(x);
    for (const [p, d, gm] of [[g.price, g.delta, g.gamma], [o[0], o[1], o[2]]]) {
      expect(Math.abs(p - price)).toBeLessThanOrEqual(4 * Number.EPSILON * scale);
      expect(Math.abs(d - delta)).toBeLessThanOrEqual(dTol * Math.abs(delta));
      expect(Math.abs(gm - gamma)).toBeLessThanOrEqual(gTol * Math.abs(gamma));
    }
  });
});
