import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mathjs } from "../../src/vol/mathjs.js";
import { lusolveDense } from "../../src/vol/lusolve.js";

/** mathjs's answer as a flat array, or null where it throws. */
function reference(A: number[][], b: number[]): number[] | null {
  try {
    return (mathjs().lusolve(A, b) as number[][]).map((r) => r[0]!);
  } catch {
    return null;
  }
}

/** Bit-for-bit equality (Object.is: NaN equals NaN, 0 and −0 differ). */
function same(a: number[] | null, b: number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** The inner problem's normal equations of the SVI fit (fitSvi.ts) for quotes k, weights o, values w at (m, s). */
function sviNormalEquations(k: number[], o: number[], w: number[], m: number, s: number): { A: number[][]; b: number[] } {
  let S = 0, Sy = 0, Sz = 0, Syy = 0, Syz = 0, Szz = 0, Sw = 0, Swy = 0, Swz = 0;
  k.forEach((ki, i) => {
    const y = (ki - m) / s, z = Math.sqrt(y * y + 1), oi = o[i]!, wi = w[i]!;
    S += oi; Sy += oi * y; Sz += oi * z; Syy += oi * y * y; Syz += oi * y * z; Szz += oi * z * z;
    Sw += oi * wi; Swy += oi * wi * y; Swz += oi * wi * z;
  });
  return { A: [[S, Sy, Sz], [Sy, Syy, Syz], [Sz, Syz, Szz]], b: [Sw, Swy, Swz] };
}

describe("lusolveDense: mathjs's lusolve on plain numbers, to the bit", () => {
  it("the documented examples", () => {
    expect(lusolveDense([[2, 0], [0, 4]], [2, 2])).toEqual([1, 0.5]);
    expect(lusolveDense([[1, 2], [2, 4]], [1, 1])).toBeNull();
    expect(reference([[1, 2], [2, 4]], [1, 1])).toBeNull();
    // mathjs's own example: [[-2, 3], [2, 1]]·x = [11, 9] → [2, 5]
    expect(lusolveDense([[-2, 3], [2, 1]], [11, 9])).toEqual([2, 5]);
  });

  it("the SVI fit's normal equations: every (m, s) of a search, well and badly conditioned", () => {
    const quotes = fc.array(fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.double({ min: 1e-4, max: 3, noNaN: true })), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(quotes, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -12, max: 3, noNaN: true }), (q, m, u) => {
        const { A, b } = sviNormalEquations(q.map((x) => x[0]), q.map((x) => x[1]), q.map((x) => x[2]), m, Math.exp(u));
        return same(lusolveDense(A, b), reference(A, b));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it("general systems of 1 to 4 unknowns with ties, zeros, tiny and huge entries, NaN and ∞ (pivoting and the tolerances)", () => {
    const entry = fc.oneof(
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.constantFrom(0, -0, 1, -1, 2, 1e-16, -1e-16, 1e-15, 5e-16, 1e-300, 1e300, 1 + 1e-13, NaN, Infinity, -Infinity),
      fc.integer({ min: -3, max: 3 }),
    );
    const system = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.array(fc.array(entry, { minLength: n, maxLength: n }), { minLength: n, maxLength: n }), fc.array(entry, { minLength: n, maxLength: n })));
    fc.assert(fc.property(system, ([A, b]) => same(lusolveDense(A, b), reference(A, b))), { numRuns: 5000, seed: 5 });
  });

  it("does not modify its arguments", () => {
    const A = [[0, 1, 2], [3, 4, 5], [6, 7, 9]], b = [1, 2, 3];
    const a0 = JSON.stringify(A), b0 = JSON.stringify(b);
    lusolveDense(A, b);
    expect(JSON.stringify(A)).toBe(a0);
    expect(JSON.stringify(b)).toBe(b0);
  });
});
