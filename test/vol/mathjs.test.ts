import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { LUSOLVE_CHUNK, mathjs, mathjsLusolve } from "../../src/vol/mathjs.js";

// The surface fit's solves come from a mathjs instance made by mathjs's modular API out of the
// chunk `npm run build` bundles (create + lusolveDependencies, tree-shaken). It must be mathjs's
// lusolve itself: the same solutions, bit for bit, as the whole package's, and the same refusal of
// a singular matrix.
describe("mathjsLusolve: mathjs's lusolve from the tree-shaken chunk", () => {
  it("the build wrote the chunk, and it is a fraction of mathjs", () => {
    expect(existsSync(LUSOLVE_CHUNK)).toBe(true);
    const whole = statSync(createRequire(import.meta.url).resolve("mathjs/lib/browser/math.js")).size;
    expect(statSync(LUSOLVE_CHUNK).size).toBeLessThan(whole / 2);
  });

  it("solves as the whole mathjs does, to the bit, on 2,000 random 3×3 normal-equation systems", () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const lu = mathjsLusolve();
    for (let t = 0; t < 2000; t++) {
      // normal equations like the SVI inner problem's: Σ o·(1, y, z)ᵀ(1, y, z), scales from 1e-8 to 1e4
      const scale = 10 ** (rnd() * 6 - 2);
      const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
      const b = [0, 0, 0];
      for (let i = 0; i < 6; i++) {
        const y = rnd() * 3, v = [1, y, Math.sqrt(y * y + 1)], o = Math.abs(rnd()) * scale, w = rnd();
        for (let r = 0; r < 3; r++) {
          b[r]! += o * w * v[r]!;
          for (let c = 0; c < 3; c++) m[r]![c]! += o * v[r]! * v[c]!;
        }
      }
      expect(lu(m, b)).toEqual(mathjs().lusolve(m, b));
    }
  });

  it("throws on a singular matrix, as mathjs does", () => {
    // two equal rows: the second pivot column is all zeros after the first elimination
    const a = [[1, 1, 1], [1, 1, 1], [0, 0, 1]], b = [1, 2, 3];
    expect(() => mathjs().lusolve(a, b)).toThrow(/singular/);
    expect(() => mathjsLusolve()(a, b)).toThrow(/singular/);
  });
});
