import { describe, expect, it } from "vitest";
import { applyTransition, eventGrid, latticeJet, refineGrid, transition } from "../../src/options/eventLattice.js";

describe("eventGrid: segments between breaks, each break a node on both sides", () => {
  it("doubles the slot at a break and numbers the segments", () => {
    const g = eventGrid([0], -1, 1, 0.5);
    expect(Array.from(g.z)).toEqual([-1, -0.5, 0, 0, 0.5, 1]);
    expect(Array.from(g.seg)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(g.breaks)).toEqual([0]);
  });

  it("merges breaks within 1e-12, drops those outside, and refines by halving every cell (nested)", () => {
    const g = eventGrid([0.3, 0.3 + 1e-14, -5, 0.1], 0, 1, 0.25);
    expect(Array.from(g.breaks)).toEqual([0.1, 0.3]);
    const f = refineGrid(g);
    expect(Array.from(f.cells)).toEqual(Array.from(g.cells).map((c) => 2 * c));
    for (let k = 0; k < g.cells.length; k++) for (let j = 0; j <= g.cells[k]!; j++) {
      expect(f.z[f.start[k]! + 2 * j]).toBeCloseTo(g.z[g.start[k]! + j]!, 15);
    }
  });

  it("rejects an empty or reversed range and a bad cell", () => {
    expect(() => eventGrid([], 1, 1, 0.1)).toThrow(/zlo < zhi/);
    expect(() => eventGrid([], 0, 1, 0)).toThrow(/cell width/);
  });
});

describe("transition: exact Gaussian integrals of the piecewise-linear interpolant", () => {
  const g = eventGrid([-0.2, 0.15], -2, 2, 0.02);
  const t = transition(g, 0.01, 0.1, 0.97);

  it("carries a constant to D·constant and a linear function to D·(z + μ) away from the ends (exactly integrated)", () => {
    const one = new Float64Array(g.z.length).fill(1), lin = Float64Array.from(g.z);
    const o1 = new Float64Array(g.z.length), o2 = new Float64Array(g.z.length);
    applyTransition(t, [one, lin], [o1, o2]);
    for (let i = 0; i < g.z.length; i++) {
      if (Math.abs(g.z[i]!) > 1.2) continue;
      // the kernel stops at 7 standard deviations: 2.6e-12 of the mass is left out
      expect(Math.abs(o1[i]! - 0.97)).toBeLessThan(5e-12);
      expect(Math.abs(o2[i]! - 0.97 * (g.z[i]! + 0.01))).toBeLessThan(5e-12);
    }
  });

  it("the last step's jet is the Gaussian integral and its c-derivatives (here of f = z²: E = c² + s², ∂c = 2c, ∂c² = 2)", () => {
    const fine = refineGrid(refineGrid(g));
    const sq = Float64Array.from(fine.z, (z) => z * z);
    const j = latticeJet(fine, sq, 0.05, 0.2, 1, new Float64Array(5));
    // the interpolant of z² overshoots by h²/6 on average: a cell of 0.005 leaves ~4e-6
    expect(Math.abs(j[0]! - (0.05 ** 2 + 0.04))).toBeLessThan(1e-5);
    expect(Math.abs(j[1]! - 0.1)).toBeLessThan(1e-6);
    expect(Math.abs(j[2]! - 2)).toBeLessThan(1e-3);
  });
});
