import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { valueIds } from "../../src/data/valueIds.js";

/** The reference: a Map in order of first appearance (SameValueZero: −0 and +0 are one key). */
function reference(column: Float64Array): { id: number[]; values: number[] } {
  const ids = new Map<number, number>();
  const id = Array.from(column, (v) => {
    let k = ids.get(v);
    if (k === undefined) ids.set(v, (k = ids.size));
    return k;
  });
  return { id, values: [...ids.keys()].map((v) => v + 0) };
}

describe("valueIds", () => {
  it("gives the ids and distinct values a Map gives (runs, repeats, −0 and +0, huge and tiny values)", () => {
    const value = fc.oneof(fc.constantFrom(0, -0, 4700, 4700.5, 1e-300, 1.7e308), fc.double({ noNaN: true }), fc.integer({ min: 0, max: 50 }).map((k) => 4500 + 5 * k));
    fc.assert(fc.property(fc.array(value, { maxLength: 400 }), fc.array(fc.nat(5), { maxLength: 400 }), (vals, runs) => {
      // runs of equal values, as files list contracts by expiry
      const out: number[] = [];
      vals.forEach((v, i) => { for (let r = 0; r <= (runs[i] ?? 0); r++) out.push(v); });
      const column = Float64Array.from(out);
      const got = valueIds(column);
      const want = reference(column);
      expect(Array.from(got.id)).toEqual(want.id);
      expect(Array.from(got.values)).toEqual(want.values);
    }), { numRuns: 300 });
  });

  it("is computed once per column array; another array gets its own ids", () => {
    const a = Float64Array.of(3, 1, 3, 2);
    expect(valueIds(a)).toBe(valueIds(a));
    const b = Float64Array.of(3, 1, 3, 2);
    expect(valueIds(b)).not.toBe(valueIds(a));
    expect(Array.from(valueIds(b).id)).toEqual([0, 1, 0, 2]);
  });

  it("works on a column that is a view into a larger buffer", () => {
    const buf = Float64Array.of(9, 9, 5, 6, 5, 9);
    const view = buf.subarray(2, 5);
    expect(Array.from(valueIds(view).id)).toEqual([0, 1, 0]);
    expect(Array.from(valueIds(view).values)).toEqual([5, 6]);
  });
});
