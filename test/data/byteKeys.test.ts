import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteKeyCache } from "../../src/data/byteKeys.js";

const enc = new TextEncoder();

describe("ByteKeyCache", () => {
  it("finds every key it was given, by its bytes wherever they sit, and no other (a Map<string> as the reference)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.double({ noNaN: true })), { maxLength: 2000 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 50 }), (entries, probes) => {
        const cache = new ByteKeyCache();
        const ref = new Map<string, number>();
        for (const [key, value] of entries) {
          // each key arrives inside a longer buffer, as a cell of a row does
          const b = enc.encode(`x,${key},y`);
          const s = 2, e = b.length - 2;
          const k = cache.find(b, s, e);
          if (ref.has(key)) {
            expect(cache.value(k)).toBe(ref.get(key));
          } else {
            expect(k).toBe(-1);
            cache.add(b, s, e, value);
            ref.set(key, value);
          }
        }
        expect(cache.size).toBe(ref.size);
        for (const key of [...ref.keys(), ...probes]) {
          const b = enc.encode(key);
          const k = cache.find(b, 0, b.length);
          if (ref.has(key)) expect(cache.value(k)).toBe(ref.get(key));
          else expect(k).toBe(-1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("tells apart keys that share a prefix or differ in one byte, and holds the empty key", () => {
    const cache = new ByteKeyCache();
    const keys = ["2024-01-1", "2024-01-19", "2024-01-19 ", "2024-01-18", ""];
    keys.forEach((k, i) => {
      const b = enc.encode(k);
      cache.add(b, 0, b.length, i);
    });
    keys.forEach((k, i) => {
      const b = enc.encode(k);
      expect(cache.value(cache.find(b, 0, b.length))).toBe(i);
    });
  });
});
