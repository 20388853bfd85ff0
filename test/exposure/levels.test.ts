import { describe, expect, it } from "vitest";
import { keyLevels, negativeZones, zeroCrossings } from "../../src/exposure/levels.js";
import { computeProfile } from "../../src/exposure/profile.js";
import type { StrikeRow } from "../../src/exposure/strikes.js";
import { makeChain } from "./helpers.js";

const P = Float64Array.of(90, 100, 110, 120, 130);

describe("zeroCrossings returns every crossing, interpolated, ascending", () => {
  it("finds both crossings of a profile that crosses twice (not only the first)", () => {
    expect(zeroCrossings(Float64Array.of(90, 100, 110, 120), Float64Array.of(-2, 2, 2, -1))).toEqual([95, 110 + 20 / 3]);
  });
  it("interpolates linearly between the bracketing points", () => {
    expect(zeroCrossings(Float64Array.of(0, 10), Float64Array.of(-1, 3))).toEqual([2.5]);
  });
  it("a zero on a grid point between opposite signs is one crossing at that point", () => {
    expect(zeroCrossings(P, Float64Array.of(-1, 0, 1, 1, 1))).toEqual([100]);
  });
  it("a run of exact zeros between opposite signs is one crossing at the run's middle", () => {
    expect(zeroCrossings(P, Float64Array.of(-1, 0, 0, 0, 1))).toEqual([110]);
  });
  it("touching zero without changing sign is not a crossing", () => {
    expect(zeroCrossings(P, Float64Array.of(1, 0, 1, 0, 2))).toEqual([]);
  });
  it("zeros at the ends are not crossings; an all-zero profile has none", () => {
    expect(zeroCrossings(P, Float64Array.of(0, 0, 1, 2, 0))).toEqual([]);
    expect(zeroCrossings(P, new Float64Array(5))).toEqual([]);
  });
  it("NaN breaks the search: no crossing across it", () => {
    expect(zeroCrossings(P, Float64Array.of(-1, NaN, 1, 1, -1))).toEqual([125]);
  });
  it("empty and one-point profiles have no crossings", () => {
    expect(zeroCrossings([], [])).toEqual([]);
    expect(zeroCrossings([1], [-1])).toEqual([]);
  });
});

describe("negativeZones", () => {
  it("runs between crossings and to the grid's ends", () => {
    expect(negativeZones(Float64Array.of(90, 100, 110, 120), Float64Array.of(-2, 2, 2, -1))).toEqual([[90, 95], [110 + 20 / 3, 120]]);
  });
  it("a zone bounded by exact zeros ends at those points", () => {
    expect(negativeZones(P, Float64Array.of(1, 0, -1, 0, 1))).toEqual([[100, 120]]);
  });
  it("none when the profile never goes below zero", () => {
    expect(negativeZones(P, Float64Array.of(1, 0, 1, 2, 3))).toEqual([]);
  });
  it("a single negative point inside is a zone between the interpolated crossings", () => {
    expect(negativeZones(P, Float64Array.of(1, 1, -1, 1, 1))).toEqual([[105, 115]]);
  });
});

describe("keyLevels", () => {
  const row = (strike: number, callGamma: number, putGamma: number): StrikeRow => ({
    strike, callOpenInterest: 0, putOpenInterest: 0, callGamma, putGamma, netGamma: callGamma + putGamma, vanna: 0,
  });

  it("flags the crossing nearest spot among several", () => {
    const l = keyLevels({ prices: Float64Array.of(90, 100, 110, 120), gamma: Float64Array.of(-2, 2, 2, -1), spot: 112, strikes: [] });
    expect(l.zeroGamma).toHaveLength(2);
    expect(l.nearestZeroGamma).toBe(110 + 20 / 3);
  });
  it("walls: largest positive call gamma, most negative put gamma, largest |call| + |put|; ties to the lowest strike", () => {
    const l = keyLevels({
      prices: P, gamma: Float64Array.of(1, 1, 1, 1, 1), spot: 100,
      strikes: [row(90, 5, -1), row(100, 7, -3), row(110, 7, -9), row(120, 1, -9)],
    });
    expect(l.callWall).toBe(100);
    expect(l.putWall).toBe(110);
    expect(l.absGammaStrike).toBe(110);
  });
  it("no positive call gamma (dealers short calls) gives a null call wall", () => {
    const l = keyLevels({ prices: P, gamma: P, spot: 100, strikes: [row(90, -5, -1)] });
    expect(l.callWall).toBeNull();
    expect(l.putWall).toBe(90);
  });

  it("calls and puts on one strike are summed apart, and SPX and SPXW listings of a strike both count", async () => {
    const T = 10 / 365;
    const c = makeChain([
      { type: "call", strike: 4700, time: T, iv: 0.15, oi: 100, mult: 100, root: "SPX" },
      { type: "call", strike: 4700, time: T, iv: 0.15, oi: 100, mult: 100, root: "SPXW" },
      { type: "call", strike: 4750, time: T, iv: 0.15, oi: 150, mult: 100, root: "SPXW" },
      { type: "put", strike: 4750, time: T, iv: 0.15, oi: 1, mult: 100, root: "SPXW" },
      { type: "put", strike: 4600, time: T, iv: 0.15, oi: 100, mult: 100, root: "SPXW" },
    ], { spot: 4700 });
    const p = await computeProfile(c);
    // the two 4700 listings together (200 contracts at the money) beat 150 contracts at 4750
    expect(p.levels.callWall).toBe(4700);
    expect(p.levels.putWall).toBe(4600);
    const r4750 = p.strikes.find((r) => r.strike === 4750)!;
    expect(r4750.callOpenInterest).toBe(150);
    expect(r4750.putOpenInterest).toBe(1);
    expect(r4750.callGamma).toBeGreaterThan(0);
    expect(r4750.putGamma).toBeLessThan(0);
  });

  it("a chain with short puts below and long calls above crosses zero between them, once per sign change", async () => {
    const T = 30 / 365;
    const c = makeChain([
      { type: "put", strike: 80, time: T, iv: 0.2, oi: 100 },
      { type: "call", strike: 100, time: T, iv: 0.2, oi: 100 },
      { type: "put", strike: 120, time: T, iv: 0.2, oi: 100 },
    ]);
    const p = await computeProfile(c, { grid: { range: [0.7, 1.3], steps: 600 } });
    expect(p.levels.zeroGamma).toHaveLength(2);
    expect(p.levels.zeroGamma[0]).toBeGreaterThan(80);
    expect(p.levels.zeroGamma[0]).toBeLessThan(100);
    expect(p.levels.zeroGamma[1]).toBeGreaterThan(100);
    expect(p.levels.zeroGamma[1]).toBeLessThan(120);
    expect(p.shortGammaZones).toHaveLength(2);
    expect(p.shortGammaZones[0]![0]).toBe(70);
    expect(p.shortGammaZones[1]![1]).toBe(130);
    // by symmetry of the strikes in log distance from 100 (80 ≠ 100/1.2, so the crossings are not mirror images)
    expect(p.levels.nearestZeroGamma).toBe(
      Math.abs(p.levels.zeroGamma[0]! - 100) < Math.abs(p.levels.zeroGamma[1]! - 100) ? p.levels.zeroGamma[0] : p.levels.zeroGamma[1],
    );
  });
});
