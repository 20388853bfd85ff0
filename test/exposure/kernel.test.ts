import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Chain } from "../../src/data/chain.js";
import { buildBook } from "../../src/exposure/book.js";
import { dealerWeights } from "../../src/exposure/dealer.js";
import { directProfile } from "../../src/exposure/direct.js";
import { gridFromPrices, priceGrid, type PriceGrid } from "../../src/exposure/grid.js";
import { accLength, finishProfile, kernelGrid, kernelParams, kernelRange, type ProfileArrays } from "../../src/exposure/kernel.js";
import { runKernel, runKernelSync } from "../../src/exposure/parallel.js";
import { setSimd } from "../../src/exposure/simd.js";
import { selectContracts } from "../../src/exposure/select.js";
import { normCdf, normPdf } from "../../src/options/normal.js";
import { vanilla } from "../../src/options/vanilla.js";
import { EPS, makeChain, maxDiff, randomChain, rng } from "./helpers.js";

/** The accuracy contract of the kernel: every value within 1e-9 of the profile's largest magnitude. */
const KERNEL_TOL = 1e-9;

/**
 * A reference profile plus, per greek and grid point, an allowance for what the kernel does
 * differently by design: the terms it leaves out (density terms of contracts at |d1| > 9, below
 * 2.6e-18 of φ(0), and the N(d1) tails, Φ(−9) ≈ 1.1e-19), and the rounding of writing a put's
 * N(−d1) as 1 − N(d1) (a few ε of the N term's size).
 */
type Reference = Record<"gamma" | "vanna" | "charm" | "delta", Float64Array> & { cut: Record<"gamma" | "vanna" | "charm" | "delta", Float64Array> };

/**
 * Reference: every contract at every grid price through the library's validated vanilla() entry
 * point (Black-76 on the forward moved with spot, F·P/S, where the chain has one), dollarized by the
 * DESIGN.md formulas. Written independently of src/exposure.
 */
function vanillaProfile(chain: Chain, prices: ArrayLike<number>): Reference {
  const m = prices.length;
  const z = () => ({ gamma: new Float64Array(m), vanna: new Float64Array(m), charm: new Float64Array(m), delta: new Float64Array(m) });
  const out: Reference = { ...z(), cut: z() };
  const r = chain.rate;
  for (let i = 0; i < chain.length; i++) {
    const W = (chain.type[i] === 1 ? 1 : -1) * chain.openInterest[i]! * chain.multiplier[i]!; // naive
    const F = chain.forward[i]!;
    const K = chain.strike[i]!;
    const T = chain.time[i]!;
    const sigma = chain.iv[i]!;
    const q = F > 0 ? r - Math.log(F / chain.spot) / T : chain.dividend;
    const s = sigma * Math.sqrt(T);
    const dq = Math.exp(-q * T);
    for (let k = 0; k < m; k++) {
      const P = prices[k]!;
      const g = vanilla({
        type: chain.type[i] === 1 ? "call" : "put", spot: P, strike: K, time: T, vol: sigma,
        rate: r, dividend: chain.dividend, ...(F > 0 ? { forward: (F * P) / chain.spot } : {}),
      });
      out.gamma[k] += W * g.gamma * P * P * 0.01;
      out.vanna[k] += W * g.vanna * P * 0.01;
      out.charm[k] += (W * g.charm * P) / 365;
      out.delta[k] += W * g.delta;
      // the kernel writes a put's N(−d1) as 1 − N(d1) (calls and puts merge): rounding of a few ε of the N-term's size
      out.cut.charm[k] += (16 * EPS * Math.abs(W * q) * dq * P) / 365;
      out.cut.delta[k] += 16 * EPS * Math.abs(W) * dq;
      const d1 = s > 0 ? (Math.log(P / K) + (r - q) * T) / s + s / 2 : Infinity;
      if (s > 0 && Math.abs(d1) > 9 - 1e-9) { // the kernel places the window edge with its own rounding
        const phi = normPdf(d1);
        const tail = normCdf(-Math.abs(d1));
        out.cut.gamma[k] += Math.abs(W * g.gamma * P * P * 0.01);
        out.cut.vanna[k] += Math.abs(W * g.vanna * P * 0.01);
        out.cut.charm[k] += (Math.abs(W) * dq * (phi * Math.abs((r - q) / s - (d1 - s) / (2 * T)) + Math.abs(q) * tail) * P) / 365;
        out.cut.delta[k] += Math.abs(W) * dq * tail;
      }
    }
  }
  return out;
}

function fast(chain: Chain, grid: PriceGrid, merge = true): ProfileArrays {
  const sel = selectContracts(chain);
  const book = buildBook(chain, sel, dealerWeights(chain), { merge });
  return runKernelSync(book, grid, chain.spot, true).arrays;
}

/**
 * The kernel's accuracy contract: |fast − reference| ≤ 1e-9·max|reference| at every grid point, plus
 * (against a {@link Reference}) the terms the window leaves out at that point, which matter only
 * when the whole profile is negligible next to those terms.
 */
function expectClose(a: ProfileArrays, b: ProfileArrays | Reference, tol: number, label: string): void {
  for (const key of ["gamma", "vanna", "charm", "delta"] as const) {
    const x = a[key]!;
    const y = b[key]!;
    const { scale } = maxDiff(x, y);
    for (let k = 0; k < y.length; k++) {
      const allow = tol * scale + ("cut" in b ? b.cut[key][k]! : 0);
      expect(Math.abs(x[k]! - y[k]!), `${label} ${key}[${k}]: ${x[k]} vs ${y[k]} (max |value| ${scale})`).toBeLessThanOrEqual(allow);
    }
  }
}

describe("profile kernel against per-contract vanilla()", () => {
  const chain = randomChain(11, 300, { forwards: true, rate: 0.04, dividend: 0.015 });

  it("matches within 1e-9 of the profile's largest magnitude on a linear grid", () => {
    const grid = priceGrid({ spot: chain.spot, range: [0.5, 1.6], steps: 700 });
    expectClose(fast(chain, grid), vanillaProfile(chain, grid.prices), KERNEL_TOL, "linear");
  });

  it("matches on a log grid (the exact multiplicative recurrence)", () => {
    const grid = priceGrid({ spot: chain.spot, range: [0.5, 1.6], steps: 700, log: true });
    expectClose(fast(chain, grid), vanillaProfile(chain, grid.prices), KERNEL_TOL, "log");
  });

  it("matches on an irregular grid (Taylor steps and exact-exp fallback)", () => {
    const r = rng(5);
    const p: number[] = [];
    let x = 40;
    while (x < 180) {
      p.push(x);
      x += r() < 0.1 ? 3 * r() : 0.05 + 0.3 * r();
    }
    const grid = gridFromPrices(p, chain.spot);
    expectClose(fast(chain, grid), vanillaProfile(chain, grid.prices), KERNEL_TOL, "irregular");
  });

  it("matches on a coarse grid where steps exceed the short-dated windows", () => {
    const grid = priceGrid({ spot: chain.spot, range: [0.5, 1.6], steps: 12 });
    expectClose(fast(chain, grid), vanillaProfile(chain, grid.prices), KERNEL_TOL, "coarse");
  });

  it("merging contracts with identical inputs changes nothing beyond rounding", () => {
    // duplicate every contract (another root), and add puts beside calls at the same IV
    const base = randomChain(3, 80);
    const specs = [];
    for (let i = 0; i < base.length; i++) {
      for (const type of ["call", "put"] as const) {
        for (const root of ["A", "B"]) {
          specs.push({ type, strike: base.strike[i]!, time: base.time[i]!, iv: base.iv[i]!, oi: base.openInterest[i]!, mult: 100, root });
        }
      }
    }
    const c = makeChain(specs, { rate: 0.03, dividend: 0.01 });
    const grid = priceGrid({ spot: 100, steps: 300 });
    const merged = buildBook(c, selectContracts(c), dealerWeights(c));
    expect(merged.length).toBe(base.length); // four contracts per group
    expectClose(fast(c, grid, true), fast(c, grid, false), 64 * EPS, "merged");
  });

  it("fast-check: random small books match vanilla() on random grids", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom("call" as const, "put" as const),
            strike: fc.double({ min: 20, max: 300, noNaN: true }),
            time: fc.double({ min: 1e-4, max: 3, noNaN: true }),
            iv: fc.double({ min: 0.02, max: 2, noNaN: true }),
            oi: fc.integer({ min: 1, max: 1000 }),
            fwd: fc.option(fc.double({ min: 0.8, max: 1.3, noNaN: true }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.double({ min: 0.3, max: 0.95, noNaN: true }),
        fc.double({ min: 1.05, max: 2.5, noNaN: true }),
        fc.integer({ min: 1, max: 400 }),
        fc.boolean(),
        fc.double({ min: -0.05, max: 0.1, noNaN: true }),
        (specs, lo, hi, steps, log, rate) => {
          const c = makeChain(specs.map((s) => ({ ...s, ...(s.fwd ? { forward: 100 * s.fwd } : {}) })), { rate, dividend: rate / 3 });
          const grid = priceGrid({ spot: 100, range: [lo, hi], steps, log });
          expectClose(fast(c, grid), vanillaProfile(c, grid.prices), KERNEL_TOL, "property");
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("kernel limits", () => {
  it("σ = 0 contracts take the deterministic limit, as vanilla() does", () => {
    const c = makeChain([
      { type: "call", strike: 95, time: 0.5, iv: 0, oi: 10 },
      { type: "put", strike: 105, time: 0.5, iv: 0, oi: 7 },
      { type: "call", strike: 100, time: 0.25, iv: 0.3, oi: 3 },
    ], { rate: 0.03, dividend: 0.05 });
    // 101 points from 90 to 110: the call's forward-intrinsic boundary K·e^(−bT) lies between points
    const grid = priceGrid({ spot: 100, range: [0.9, 1.1], steps: 100 });
    expectClose(fast(c, grid), vanillaProfile(c, grid.prices), KERNEL_TOL, "sigma0");
  });

  it("a deep in-the-money call far from the grid adds exactly its N = 1 charm and delta constants", () => {
    const q = 0.05;
    const c = makeChain([{ type: "call", strike: 10, time: 0.5, iv: 0.2, oi: 1 }], { dividend: q });
    const grid = priceGrid({ spot: 100, steps: 10 });
    const p = fast(c, grid);
    const dq = Math.exp(-q * c.time[0]!);
    for (let k = 0; k < grid.prices.length; k++) {
      const P = grid.prices[k]!;
      expect(p.gamma[k]).toBe(0);
      expect(p.vanna[k]).toBe(0);
      expect(Math.abs(p.charm[k]! - (q * dq * P) / 365)).toBeLessThanOrEqual(4 * EPS * ((q * dq * P) / 365));
      expect(Math.abs(p.delta![k]! - dq)).toBeLessThanOrEqual(2 * EPS);
    }
  });

  it("a grid lying in the tails of every contract (the profile itself ~1e-22) matches, tail for tail", () => {
    // found by the property test above: the coarse levels' interpolation must not leave residues
    // where the target computation gives the exact tail or exactly 0
    const c = makeChain([
      { type: "call", strike: 20, time: 0.08943331311834095, iv: 0.13585976547138884, oi: 1 },
      { type: "call", strike: 20, time: 0.0001, iv: 0.02, oi: 1 },
    ]);
    const grid = priceGrid({ spot: 100, range: [0.3, 1.813337851096291], steps: 310 });
    expectClose(fast(c, grid), vanillaProfile(c, grid.prices), KERNEL_TOL, "tails");
  });

  it("a one-point grid is the at-spot value", () => {
    const c = randomChain(2, 50, { forwards: true, rate: 0.02 });
    const grid = gridFromPrices([100], 100);
    expectClose(fast(c, grid), vanillaProfile(c, [100]), KERNEL_TOL, "one point");
  });

  it("an empty book gives zero profiles", () => {
    const c = makeChain([]);
    const p = fast(c, priceGrid({ spot: 100, steps: 4 }));
    expect(Array.from(p.gamma)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(p.charm)).toEqual([0, 0, 0, 0, 0]);
  });

  it("kernelRange with a stride covers each group once (threads split the book exactly)", () => {
    const c = randomChain(9, 101, { forwards: true });
    const grid = priceGrid({ spot: 100, steps: 200 });
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    const kg = kernelGrid(grid, 100);
    const params = kernelParams(book, 100);
    const whole = new Float64Array(accLength(kg.m));
    kernelRange(params, 0, book.length, 1, kg, whole, true);
    const parts = new Float64Array(accLength(kg.m));
    for (let t = 0; t < 3; t++) {
      const a = new Float64Array(accLength(kg.m));
      kernelRange(params, t, book.length, 3, kg, a, true);
      for (let k = 0; k < a.length; k++) parts[k] += a[k]!;
    }
    expectClose(finishProfile(grid.prices, parts, true), finishProfile(grid.prices, whole, true), 1e-13, "stride");
  });

  it("runKernel (async entry, one thread from sources) equals runKernelSync", async () => {
    const c = randomChain(4, 60);
    const grid = priceGrid({ spot: 100, steps: 100 });
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    const a = await runKernel(book, grid, 100, { wantDelta: true });
    const b = runKernelSync(book, grid, 100, true);
    expect(Array.from(a.arrays.gamma)).toEqual(Array.from(b.arrays.gamma));
  });
});

describe("WebAssembly SIMD pair loops", () => {
  it("are available on this node and give the JavaScript loops' profile (log, Taylor 3 and 5, exact-exp paths)", () => {
    const c = randomChain(17, 400, { forwards: true, rate: 0.03, dividend: 0.01 });
    for (const log of [true, false]) {
      const grid = priceGrid({ spot: 100, range: [0.6, 1.5], steps: 900, log });
      expect(setSimd(true)).toBe(true);
      const simd = fast(c, grid);
      setSimd(false);
      try {
        const js = fast(c, grid);
        // the same recurrences; only the order of the final additions differs
        expectClose(simd, js, 1e-13, log ? "log" : "linear");
      } finally {
        setSimd(true);
      }
    }
  });

  it("the JavaScript loops alone also meet the accuracy contract", () => {
    const c = randomChain(19, 200, { forwards: true, rate: 0.02 });
    setSimd(false);
    try {
      for (const log of [true, false]) {
        const grid = priceGrid({ spot: 100, range: [0.6, 1.5], steps: 300, log });
        expectClose(fast(c, grid), vanillaProfile(c, grid.prices), KERNEL_TOL, log ? "js log" : "js linear");
      }
    } finally {
      setSimd(true);
    }
  });
});

describe("directProfile (the benchmark's reference)", () => {
  it("equals the vanilla() sums to rounding", () => {
    const c = randomChain(21, 40, { forwards: true, rate: 0.03, dividend: 0.01 });
    const grid = priceGrid({ spot: 100, steps: 50 });
    const d = directProfile(c, selectContracts(c), dealerWeights(c), grid.prices);
    expectClose(d, vanillaProfile(c, grid.prices), 1e-12, "direct");
  });
});
