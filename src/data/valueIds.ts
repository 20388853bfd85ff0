/**
 * Dense ids for the distinct values of a numeric column (a chain's strikes or expiries), so that
 * tables by strike or by expiry are array indexing instead of a `Map` keyed by doubles.
 *
 * The ids are computed once per column array and cached with it (a WeakMap keyed by the array):
 * chain columns are not modified after a loader builds them, and a chain derived with a new column
 * array gets its own ids. Hand-written (an open-addressing hash on the value's 64 bits, with a
 * shortcut for runs of equal values, as files list contracts by expiry) because the profile's
 * per-contract passes are measured hot paths: a `Map<number>` costs several times more per lookup.
 *
 * @module
 */

/** The distinct values of a column and, per element, the id of its value. */
export interface ValueIds {
  /** per element, the index of its value in `values` */
  id: Uint32Array;
  /** the distinct values in order of first appearance (−0 counts as +0) */
  values: Float64Array;
}

const cache = new WeakMap<Float64Array, ValueIds>();

/**
 * The ids of a column's distinct values (computed on first use, then cached with the column).
 *
 * @param column - the column (not modified; must not be modified afterwards)
 * @returns per-element ids and the distinct values
 * @example
 * const { id, values } = valueIds(Float64Array.of(4700, 4750, 4700, 4800));
 * id;     // Uint32Array [0, 1, 0, 2]
 * values; // Float64Array [4700, 4750, 4800]
 */
export function valueIds(column: Float64Array): ValueIds {
  let ids = cache.get(column);
  if (ids === undefined) {
    ids = computeIds(column);
    cache.set(column, ids);
  }
  return ids;
}

function computeIds(column: Float64Array): ValueIds {
  const n = column.length;
  const bits = new Uint32Array(column.buffer, column.byteOffset, 2 * n);
  // the table grows with the distinct values (a chain has thousands of strikes and tens of
  // expiries, not one per contract): a small table stays in cache
  let size = 64;
  let mask = size - 1;
  let table = new Int32Array(size).fill(-1);
  const id = new Uint32Array(n);
  let lo = new Uint32Array(32); // the distinct values' low and high words
  let hi = new Uint32Array(32);
  let count = 0;
  let lastLo = -1;
  let lastHi = -1;
  let lastId = 0;
  for (let i = 0; i < n; i++) {
    const a = bits[2 * i]!;
    let b = bits[2 * i + 1]!;
    if (b === 0x80000000 && a === 0) b = 0; // −0 → +0
    if (a === lastLo && b === lastHi) {
      id[i] = lastId;
      continue;
    }
    let h = slot(a, b, mask);
    let k: number;
    for (;;) {
      k = table[h]!;
      if (k < 0) {
        k = count++;
        if (k === lo.length) {
          const l2 = new Uint32Array(2 * k);
          const h2 = new Uint32Array(2 * k);
          l2.set(lo);
          h2.set(hi);
          lo = l2;
          hi = h2;
        }
        lo[k] = a;
        hi[k] = b;
        if (2 * count > size) {
          // load above ½: double the table and reinsert every value
          size *= 2;
          mask = size - 1;
          table = new Int32Array(size).fill(-1);
          for (let v = 0; v < count; v++) {
            let p = slot(lo[v]!, hi[v]!, mask);
            while (table[p]! >= 0) p = (p + 1) & mask;
            table[p] = v;
          }
        } else {
          table[h] = k;
        }
        break;
      }
      if (lo[k] === a && hi[k] === b) break;
      h = (h + 1) & mask;
    }
    id[i] = k;
    lastLo = a;
    lastHi = b;
    lastId = k;
  }
  const values = new Float64Array(count);
  const vbits = new Uint32Array(values.buffer);
  for (let k = 0; k < count; k++) {
    vbits[2 * k] = lo[k]!;
    vbits[2 * k + 1] = hi[k]!;
  }
  return { id, values };
}

/** Home slot of a value's two words in a table of mask + 1 slots. */
function slot(a: number, b: number, mask: number): number {
  const h = Math.imul(Math.imul(a, 0x9e3779b1) ^ b, 0x85ebca77);
  return (h ^ (h >>> 15)) & mask;
}
