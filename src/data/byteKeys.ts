/**
 * A cache keyed by byte strings: the generic CSV's expiry cells, read from the file's bytes, map to
 * their parsed instants without making a string per row.
 *
 * Hand-written (an open-addressing hash over the key's bytes, with a shortcut for the last key
 * found, as files list contracts by expiry) because a `Map<string>` would need a string decoded
 * from the bytes of every row: the cost the byte path exists to avoid.
 *
 * @module
 */

/**
 * Byte-string keys with one number each.
 *
 * @example
 * const c = new ByteKeyCache();
 * const b = new TextEncoder().encode("2025-01-17,2025-01-17");
 * c.find(b, 0, 10);             // -1 (not yet)
 * c.add(b, 0, 10, 1737147600000);
 * c.value(c.find(b, 11, 21));   // 1737147600000
 */
export class ByteKeyCache {
  // Sized for a chain's expiries (tens, rarely a few hundred) from the start: growing replaces an
  // array field, which makes V8 throw away the optimized code that reads it (measured: a 200k-row
  // load re-optimized its row loop after each of the growths of a smaller start).
  /** the keys' bytes, one after another */
  private pool = new Uint8Array(16384);
  private poolUsed = 0;
  /** per entry: where its key starts in the pool, its length, its value */
  private keyStart = new Int32Array(512);
  private keyLength = new Int32Array(512);
  private values = new Float64Array(512);
  private count = 0;
  /** slots: entry index, −1 when empty; size a power of two, at most half full */
  private table = new Int32Array(1024).fill(-1);
  private last = -1;

  /** Number of keys held. */
  get size(): number {
    return this.count;
  }

  /**
   * The entry whose key is `bytes[start, end)`, or −1.
   *
   * @returns an index for {@link value}
   */
  find(bytes: Uint8Array, start: number, end: number): number {
    const last = this.last;
    if (last >= 0 && this.equals(last, bytes, start, end)) return last;
    const mask = this.table.length - 1;
    for (let h = hash(bytes, start, end) & mask; ; h = (h + 1) & mask) {
      const k = this.table[h]!;
      if (k < 0) return -1;
      if (this.equals(k, bytes, start, end)) {
        this.last = k;
        return k;
      }
    }
  }

  /** The value of entry `k` (from {@link find}). */
  value(k: number): number {
    return this.values[k]!;
  }

  /** Add the key `bytes[start, end)` (not held yet) with its value. */
  add(bytes: Uint8Array, start: number, end: number, value: number): void {
    const n = end - start;
    if (this.poolUsed + n > this.pool.length) this.pool = grown(this.pool, this.poolUsed + n);
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    if (this.count === this.values.length) {
      this.keyStart = grown(this.keyStart, this.count + 1);
      this.keyLength = grown(this.keyLength, this.count + 1);
      this.values = grown(this.values, this.count + 1);
    }
    const k = this.count++;
    this.keyStart[k] = this.poolUsed;
    this.keyLength[k] = n;
    this.values[k] = value;
    this.poolUsed += n;
    if (2 * this.count > this.table.length) {
      this.table = new Int32Array(this.table.length * 2).fill(-1);
      for (let v = 0; v < this.count; v++) this.insert(v);
    } else {
      this.insert(k);
    }
    this.last = k;
  }

  private insert(k: number): void {
    const mask = this.table.length - 1;
    const s = this.keyStart[k]!;
    let h = hash(this.pool, s, s + this.keyLength[k]!) & mask;
    while (this.table[h]! >= 0) h = (h + 1) & mask;
    this.table[h] = k;
  }

  private equals(k: number, bytes: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (this.keyLength[k] !== n) return false;
    const pool = this.pool;
    const s = this.keyStart[k]!;
    for (let i = 0; i < n; i++) if (pool[s + i] !== bytes[start + i]) return false;
    return true;
  }
}

/** FNV-1a over the bytes, finished with a multiply-xorshift so the low bits mix. */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** A copy of `a` with room for at least `need` elements (doubling). */
function grown<T extends Uint8Array | Int32Array | Float64Array>(a: T, need: number): T {
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
