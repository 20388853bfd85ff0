import { describe, expect, it } from "vitest";
import { CALL, ChainBuilder, PUT } from "../../src/data/chain.js";
import { chainVolAt, smileStrike } from "../../src/notes/chainVol.js";

/** A hand-made chain (spot 100): two expiries, OTM and ITM quotes with different IVs. */
function chain() {
  const b = new ChainBuilder();
  const row = (type: number, strike: number, time: number, iv: number) =>
    b.push({ type, strike, expiry: time * 1e10, time, openInterest: 1, multiplier: 1, iv, root: "X", line: 2 });
  // T = 0.5: OTM puts 90 (0.60), 100 (0.55); OTM calls 100 (0.53), 110 (0.50); an ITM call at 90 with a junk IV
  row(PUT, 90, 0.5, 0.60); row(PUT, 100, 0.5, 0.55); row(CALL, 100, 0.5, 0.53); row(CALL, 110, 0.5, 0.50); row(CALL, 90, 0.5, 3.0);
  // T = 2: flat 0.40, and a quote with no IV
  row(PUT, 90, 2, 0.40); row(CALL, 110, 2, 0.40); row(PUT, 80, 2, NaN);
  return b.finish({ underlying: "X", asOf: { epochMs: 0, zone: "UTC" }, spot: 100, rate: 0, dividend: 0 });
}

describe("chainVolAt", () => {
  const c = chain();

  it("reads the OTM smile linearly in strike, flat beyond it", () => {
    expect(chainVolAt(c, 90, 0.5)).toBe(0.60);
    expect(chainVolAt(c, 95, 0.5)).toBeCloseTo(0.57, 15); // halfway from 0.60 to (0.55 + 0.53) / 2
    expect(chainVolAt(c, 105, 0.5)).toBeCloseTo(0.52, 15);
    expect(chainVolAt(c, 50, 0.5)).toBe(0.60);
    expect(chainVolAt(c, 500, 0.5)).toBe(0.50);
  });

  it("interpolates total variance linearly in time between expiries, flat vol outside", () => {
    const T = 1.25;
    const w = 0.6 * 0.6 * 0.5 + ((0.4 * 0.4 * 2 - 0.6 * 0.6 * 0.5) * (T - 0.5)) / 1.5;
    expect(chainVolAt(c, 90, T)).toBeCloseTo(Math.sqrt(w / T), 15);
    expect(chainVolAt(c, 90, 0.1)).toBe(0.60);
    expect(chainVolAt(c, 90, 5)).toBe(0.40);
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
