/**
 * Dense LU solve of a small linear system, the same floating-point operations as mathjs's
 * `lusolve` on plain numbers (mathjs 15: `lup` with partial pivoting, then `lsolve` and `usolve`),
 * so the answer is the one mathjs gives, to the bit.
 *
 * Hand-written because it is a measured hot path: the SVI fit (`fitSvi.ts`) solves one 3×3 system
 * per evaluation of its inner problem, about 1,300 per expiry. Through mathjs each solve cost about
 * 35 µs (typed-function dispatch and DenseMatrix wrapping around nine multiplications), 0.5 s for
 * the Deribit sample's surface, and importing mathjs another 0.4–1 s on this machine: the notes'
 * vols in `gexray flows` paid both. Here a solve is well under a microsecond and nothing is
 * imported. `test/vol/lusolve.test.ts` compares every result with mathjs's bit for bit.
 *
 * mathjs's comparisons are approximate and so are these: a pivot replaces the current one only
 * when it is larger by more than mathjs's default tolerances (relTol 1e-12, absTol 1e-15), a right-
 * hand side entry within 1e-15 of 0 gives a 0 unknown without elimination, and a diagonal entry
 * within 1e-15 of 0 facing a non-zero right-hand side makes the system singular (mathjs throws;
 * here null).
 *
 * @module
 */

/** mathjs's `nearlyEqual(a, b, relTol, absTol)` for numbers at its default config. */
function nearlyEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(1e-12 * Math.max(Math.abs(a), Math.abs(b)), 1e-15);
}

/** mathjs's `larger` for numbers: strictly larger and not nearly equal. */
const larger = (x: number, y: number) => x > y && !nearlyEqual(x, y);

/**
 * Solve A·x = b by LU decomposition with partial pivoting (module notes), A square n×n.
 *
 * @param A - rows of the matrix (not modified)
 * @param b - right-hand side, length n (not modified)
 * @returns x, length n, or null where mathjs's lusolve throws (a singular system)
 * @example
 * lusolveDense([[2, 0], [0, 4]], [2, 2]); // [1, 0.5] (mathjs: [[1], [0.5]])
 * lusolveDense([[1, 2], [2, 4]], [1, 1]); // null (singular)
 */
export function lusolveDense(A: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = A.length;
  const data = A.map((row) => row.slice());
  const p: number[] = [];
  for (let i = 0; i < n; i++) p[i] = i;
  // lup: columns left to right; every row's entry of the column reduced by the rows above its min(i, j)
  for (let j = 0; j < n; j++) {
    if (j > 0) {
      for (let i = 0; i < n; i++) {
        const min = Math.min(i, j);
        let s = 0;
        for (let k = 0; k < min; k++) s = s + data[i]![k]! * data[k]![j]!;
        data[i]![j] = data[i]![j]! - s;
      }
    }
    let pi = j, pabsv = 0, vjj = 0;
    for (let i = j; i < n; i++) {
      const v = data[i]![j]!;
      const absv = Math.abs(v);
      if (larger(absv, pabsv)) {
        pi = i;
        pabsv = absv;
        vjj = v;
      }
    }
    if (j !== pi) {
      const t = p[j]!;
      p[j] = p[pi]!;
      p[pi] = t;
      const r = data[j]!;
      data[j] = data[pi]!;
      data[pi] = r;
    }
    for (let i = j + 1; i < n; i++) {
      if (!nearlyEqual(data[i]![j]!, 0)) data[i]![j] = data[i]![j]! / vjj;
    }
  }
  // the permuted right-hand side: pv is the inverse of p, and x[pv[k]] = b[k]
  const pv: number[] = [];
  for (let i = 0; i < n; i++) pv[p[i]!] = i;
  const y: number[] = [];
  for (let k = 0; k < n; k++) y[pv[k]!] = b[k]!;
  // forward substitution with L (unit diagonal below the pivots)
  for (let j = 0; j < n; j++) {
    const bj = y[j] || 0;
    if (nearlyEqual(bj, 0)) {
      y[j] = 0;
      continue;
    }
    const xj = bj / 1;
    for (let i = j + 1; i < n; i++) y[i] = (y[i] || 0) - xj * data[i]![j]!;
    y[j] = xj;
  }
  // back substitution with U
  const x: number[] = new Array<number>(n);
  for (let j = n - 1; j >= 0; j--) {
    const bj = y[j] || 0;
    if (nearlyEqual(bj, 0)) {
      x[j] = 0;
      continue;
    }
    const vjj = data[j]![j]!;
    if (nearlyEqual(vjj, 0)) return null;
    const xj = bj / vjj;
    for (let i = j - 1; i >= 0; i--) y[i] = (y[i] || 0) - xj * data[i]![j]!;
    x[j] = xj;
  }
  return x;
}
