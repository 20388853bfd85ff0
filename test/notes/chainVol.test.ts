import { describe, expect, it } from "vitest";
import { CALL, ChainBuilder, PUT } from "../../src/data/chain.js";
import { chainSurface, chainVolAt, chainVolForNotes, smileStrike } from "../../src/notes/chainVol.js";
import { sviTotalVariance, type SviParams } from "../../src/vol/svi.js";
import { fitVolSurface, surfaceVol } from "../../src/vol/surface.js";

/** Two expiries whose out-of-the-money quotes lie on known SVI smiles (spot 100, no carry: F = 100). */
const SLICES: Array<{ time: number; p: SviParams }> = [
  { time: 0.5, p: { a: 0.01, b: 0.12, rho: -0.5, m: 0.02, sigma: 0.15 } },
  { time: 2, p: { a: 0.06, b: 0.2, rho: -0.4, m: 0.05, sigma: 0.3 } },
];
function chain() {
  const b = new ChainBuilder();
  let line = 2;
  for (const { time, p } of SLICES) {
    for (let K = 50; K <= 160; K += 5) {
      const iv = Math.sqrt(sviTotalVariance(p, Math.log(K / 100)) / time);
      // the out-of-the-money side carries the smile; the other side a junk IV the surface ignores
      b.push({ type: PUT, strike: K, expiry: time * 1e10, time, openInterest: 1, multiplier: 1, iv: K <= 100 ? iv : 3, root: "X", line: line++ });
      b.push({ type: CALL, strike: K, expiry: time * 1e10, time, openInterest: 1, multiplier: 1, iv: K >= 100 ? iv : 3, root: "X", line: line++ });
    }
  }
  return b.finish({ underlying: "X", asOf: { epochMs: 0, zone: "UTC" }, spot: 100, rate: 0, dividend: 0 });
}

describe("chainVolAt: the notes' --vol-from reads the chain's one surface", () => {
  const c = chain();

  it("is the surface's vol, fitted once per chain", () => {
    expect(chainSurface(c)).toBe(chainSurface(c));
    const s = fitVolSurface(c);
    for (const [K, T] of [[80, 0.5], [95, 1.25], [120, 3]] as const) expect(chainVolAt(c, K, T)).toBe(surfaceVol(s, K, T));
  });

  it("on an expiry, the SVI smile the quotes came from; between expiries, total variance linear in time at fixed moneyness", () => {
    // independent: the generating SVI parameters, evaluated here
    const w = (j: number, K: number) => sviTotalVariance(SLICES[j]!.p, Math.log(K / 100));
    for (const K of [62, 80, 97, 100, 133]) {
      expect(Math.abs(chainVolAt(c, K, 0.5) - Math.sqrt(w(0, K) / 0.5)), `K ${K}`).toBeLessThanOrEqual(1e-8);
      const T = 1.25;
      const wt = w(0, K) + ((w(1, K) - w(0, K)) * (T - 0.5)) / 1.5;
      expect(Math.abs(chainVolAt(c, K, T) - Math.sqrt(wt / T)), `K ${K} T ${T}`).toBeLessThanOrEqual(1e-8);
      // flat vol before the first expiry and after the last
      expect(Math.abs(chainVolAt(c, K, 0.1) - Math.sqrt(w(0, K) / 0.5))).toBeLessThanOrEqual(1e-8);
      expect(Math.abs(chainVolAt(c, K, 5) - Math.sqrt(w(1, K) / 2))).toBeLessThanOrEqual(1e-8);
    }
  });

  it("gives each note the vol at its barrier's moneyness for its remaining life", () => {
    const vol = chainVolForNotes({ ...c, underlying: "X" }, { asOfMs: 0, spot: 50 });
    const note = { id: "N1", barrierLevel: 40, underlying: "X", maturityMs: 1.25 * 365 * 86400e3 } as Parameters<typeof vol>[0];
    // barrier 40 on spot 50 reads the chain at 80 (same moneyness), 1.25 years
    expect(vol(note)).toBe(chainVolAt(c, 80, 1.25));
  });

  it("rejects bad arguments and a chain without usable IVs", () => {
    expect(() => chainVolAt(c, 0, 1)).toThrow(/strike must be/);
    expect(() => chainVolAt(c, 90, 0)).toThrow(/years must be/);
    const empty = new ChainBuilder().finish({ underlying: "X", asOf: { epochMs: 0, zone: "UTC" }, spot: 100, rate: 0, dividend: 0 });
    expect(() => chainVolAt(empty, 90, 1)).toThrow(/no quote with an implied vol/);
  });
});

describe("smileStrike", () => {
  it("keeps the barrier's moneyness on another underlying's chain", () => {
    expect(smileStrike({ spot: 70000, underlying: "BTC" }, { barrierLevel: 38.5, underlying: "IBIT" }, 44)).toBe((70000 * 38.5) / 44);
    expect(smileStrike({ spot: 45, underlying: "IBIT" }, { barrierLevel: 38.5, underlying: "IBIT" }, undefined)).toBe(38.5);
    expect(smileStrike({ spot: 70000, underlying: "BTC" }, { barrierLevel: 38.5, underlying: "IBIT" }, undefined)).toBe(70000);
  });
});
