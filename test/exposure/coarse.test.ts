/**
 * Coarse log grids (src/exposure/coarse.ts): wide groups computed on a coarser log grid and
 * interpolated onto the target grid. Checked against the same groups computed on the target grid
 * itself (kernelRange: windows and recurrences at every target point, no interpolation) and against
 * exact constants; kernel.test.ts checks the whole kernel against per-contract vanilla().
 *
 * Tolerance: the 20-point Lagrange stencil at ≥ 7 samples per unit of d1 reproduces φ, t·φ and N
 * to 1.4e-13 of their peak (measured over every offset, coarse.ts); per grid point the sum of those
 * errors is bounded by 2e-13 of the sum of the groups' peak magnitudes, which is what we allow.
 */
import { describe, expect, it } from "vitest";
import { buildBook } from "../../src/exposure/book.js";
import { foldLevels, kernelPlan, levelFor, planRange, RESOLUTION } from "../../src/exposure/coarse.js";
import { dealerWeights } from "../../src/exposure/dealer.js";
import { priceGrid } from "../../src/exposure/grid.js";
import { accLength, finishProfile, kernelGrid, kernelParams, kernelRange, STRIDE } from "../../src/exposure/kernel.js";
import { selectContracts } from "../../src/exposure/select.js";
import { EPS, makeChain, randomChain } from "./helpers.js";

function widest(params: Float64Array, n: number): number {
  let s = 0;
  for (let g = 0; g < n; g++) s = Math.max(s, params[g * STRIDE]!);
  return s;
}

describe("coarse levels", () => {
  for (const log of [false, true]) {
    it(`interpolated wide groups equal the target-grid computation (${log ? "log" : "linear"} grid, 1,000 steps)`, () => {
      const c = randomChain(51, 2000, { forwards: true, rate: 0.03, dividend: 0.01 });
      const book = buildBook(c, selectContracts(c), dealerWeights(c));
      const grid = priceGrid({ spot: 100, range: [0.6, 1.5], steps: 1000, log });
      const kg = kernelGrid(grid, 100);
      const p = kernelParams(book, 100);
      const plan = kernelPlan(kg, widest(p, book.length));
      expect(plan.levels.length).toBeGreaterThan(3);
      // how many groups each grid gets: most go to levels, the narrow ones stay
      const perLevel = new Map<number, number>();
      for (let g = 0; g < book.length; g++) {
        const L = levelFor(plan, p[g * STRIDE]!, p[g * STRIDE + 1]!);
        perLevel.set(L, (perLevel.get(L) ?? 0) + 1);
      }
      expect(perLevel.get(-1)).toBeGreaterThan(50);
      expect(book.length - (perLevel.get(-1) ?? 0)).toBeGreaterThan(book.length / 2);

      const acc = new Float64Array(plan.length);
      const points = planRange(p, 0, book.length, plan, acc, true);
      const coarse = finishProfile(grid.prices, foldLevels(plan, acc, true), true);
      const full = new Float64Array(accLength(kg.m));
      const fullPoints = kernelRange(p, 0, book.length, 1, kg, full, true);
      const fine = finishProfile(grid.prices, full, true);
      expect(points).toBeLessThan(fullPoints / 3);

      // the bound: 2e-13 of Σ|group peak| per greek, at each price (peaks: φ ≤ 0.4, |t·φ| ≤ 0.25, N ≤ 1)
      const sums = { gamma: 0, vanna: 0, charm: 0, delta: 0 };
      for (let g = 0; g < book.length; g++) {
        const o = g * STRIDE;
        sums.gamma += 0.4 * Math.abs(p[o + 2]!);
        sums.vanna += 0.4 * Math.abs(p[o + 3]!) * (0.63 + p[o]!); // φ·d2 = φ·d1 − s·φ
        sums.charm += 0.4 * Math.abs(p[o + 4]!) + 0.4 * Math.abs(p[o + 5]!) * (0.63 + p[o]!) + Math.abs(p[o + 6]!);
        sums.delta += Math.abs(p[o + 8]!);
      }
      for (const key of ["gamma", "vanna", "charm", "delta"] as const) {
        for (let k = 0; k < kg.m; k++) {
          const P = grid.prices[k]!;
          const factor = key === "delta" ? 1 : key === "charm" ? P / 365 : 0.01 * P;
          expect(Math.abs(coarse[key]![k]! - fine[key]![k]!), `${key}[${k}]`).toBeLessThanOrEqual(2e-13 * sums[key] * factor);
        }
      }
    });
  }

  it("a level's N = 1 region (a constant) reaches the target exactly, from every level, through the cascade", () => {
    const grid = priceGrid({ spot: 100, steps: 500 });
    const kg = kernelGrid(grid, 100);
    const plan = kernelPlan(kg, 2);
    expect(plan.levels.length).toBeGreaterThan(4);
    const c = 0.1234567891234567;
    for (const { grid: lg, offset } of plan.levels) {
      const acc = new Float64Array(plan.length);
      acc[offset + 5 * lg.m] = c; // the N = 1 step of a charm N term at the level's first node
      acc[offset + 6 * lg.m + 1] = 2 * c; // and of a delta N term
      const out = foldLevels(plan, acc, true);
      for (let k = 0; k < kg.m; k++) {
        expect(out[3 * kg.m + k]).toBe(c);
        expect(out[4 * kg.m + k]).toBe(2 * c);
        expect(out[3 * k]).toBe(0);
      }
    }
  });

  it("a deep in-the-money group that reaches the grid with N = 1 only stays on the target, exact", () => {
    const q = 0.04;
    const c = makeChain([{ type: "call", strike: 0.001, time: 2, iv: 0.6, oi: 1 }], { dividend: q });
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    const grid = priceGrid({ spot: 100, steps: 500 });
    const kg = kernelGrid(grid, 100);
    const p = kernelParams(book, 100);
    const plan = kernelPlan(kg, p[0]!);
    expect(plan.levels.length).toBeGreaterThan(2); // wide enough for a level, were it near the grid
    expect(levelFor(plan, p[0]!, p[1]!)).toBe(-1);
    const acc = new Float64Array(plan.length);
    planRange(p, 0, 1, plan, acc, true);
    const out = finishProfile(grid.prices, foldLevels(plan, acc, true), true);
    const dq = Math.exp(-q * c.time[0]!);
    for (let k = 0; k < kg.m; k++) {
      expect(out.gamma[k]).toBe(0);
      expect(out.charm[k]).toBe((grid.prices[k]! / 365) * p[6]!);
      expect(Math.abs(out.delta![k]! - dq)).toBeLessThanOrEqual(2 * EPS);
    }
  });

  it("which grid a group goes to", () => {
    const lin = kernelPlan(kernelGrid(priceGrid({ spot: 100, steps: 1000 }), 100), 2);
    const log = kernelPlan(kernelGrid(priceGrid({ spot: 100, steps: 1000, log: true }), 100), 2);
    const base = lin.base;
    expect(levelFor(lin, 0, 0)).toBe(-1); // σ√T = 0: a step, not smooth
    expect(levelFor(lin, RESOLUTION * base * 0.99, 0)).toBe(-1); // too narrow for level 0
    expect(levelFor(lin, RESOLUTION * base * 1.01, 0)).toBe(0); // a linear target: level 0 is the cheaper log path
    expect(levelFor(log, RESOLUTION * log.base * 1.01, 0)).toBe(-1); // a log target: level 0 gains nothing
    expect(levelFor(lin, RESOLUTION * base * 4.5, 0)).toBe(2);
    expect(levelFor(lin, 1e9, 0)).toBe(lin.levels.length - 1); // wider than the top level: the top level
    // the grid spans x = ln 0.8 … ln 1.2; a group of width 0.02 centred 6 widths above it (d1 ≤ −6
    // all over) reaches it with its tail only: exact on the target; centred 4 widths above: a level
    const s = 0.02;
    expect(levelFor(lin, s, -(Math.log(1.2) / s + 6))).toBe(-1);
    expect(levelFor(lin, s, -(Math.log(1.2) / s + 4))).toBeGreaterThanOrEqual(0);
    // each level spans the target with the stencil's reach on both sides
    for (const { grid } of lin.levels) {
      expect(grid.x[0]!).toBeLessThan(Math.log(0.8) - 10 * grid.dx);
      expect(grid.x[grid.m - 1]!).toBeGreaterThan(Math.log(1.2) + 10 * grid.dx);
    }
  });
});

describe("memory on huge grids", () => {
  it("the chunk accumulators stay within MAX_ACC_DOUBLES (fewer chunks), 1,000,001 grid points", async () => {
    const { kernelJob, MAX_ACC_DOUBLES } = await import("../../src/exposure/chunks.js");
    const c = randomChain(61, 3000);
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    const kg = kernelGrid(priceGrid({ spot: 100, steps: 1_000_000 }), 100);
    const plan = kernelPlan(kg, 2);
    const job = kernelJob(kernelParams(book, 100), book.length, plan, false, false);
    expect(job.acc.length).toBeLessThanOrEqual(Math.max(MAX_ACC_DOUBLES, plan.length));
    expect(job.chunks).toBeGreaterThanOrEqual(1);
  });
});
