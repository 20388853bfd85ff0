import { describe, expect, it } from "vitest";
import { dealerWeights } from "../../src/exposure/dealer.js";
import { gridFromPrices, priceGrid } from "../../src/exposure/grid.js";
import { dateInZone, selectContracts } from "../../src/exposure/select.js";
import { AS_OF, EPS, makeChain } from "./helpers.js";

describe("priceGrid", () => {
  it("a linear grid: steps + 1 prices, both ends exact, spot on the grid for a symmetric range", () => {
    const g = priceGrid({ spot: 4697.2402, range: [0.8, 1.2], steps: 500 });
    expect(g.prices).toHaveLength(501);
    expect(g.prices[0]).toBe(0.8 * 4697.2402);
    expect(g.prices[500]).toBe(1.2 * 4697.2402);
    expect(Math.abs(g.prices[250]! - 4697.2402)).toBeLessThanOrEqual(4 * EPS * 4697.2402);
    expect(g.log).toBe(false);
  });
  it("a log grid has a constant ratio", () => {
    const g = priceGrid({ spot: 100, from: 50, to: 200, steps: 8, log: true });
    expect(g.prices[0]).toBe(50);
    expect(g.prices[8]).toBe(200);
    const r = Math.pow(4, 1 / 8);
    for (let k = 1; k <= 8; k++) expect(Math.abs(g.prices[k]! / g.prices[k - 1]! - r)).toBeLessThanOrEqual(8 * EPS * r);
  });
  it("the documented examples", () => {
    expect(Array.from(priceGrid({ spot: 100, from: 90, to: 110, steps: 4 }).prices)).toEqual([90, 95, 100, 105, 110]);
    expect(Array.from(priceGrid({ spot: 100, range: [0.9, 1.1], steps: 4 }).prices)).toEqual([90, 95, 100, 105.00000000000001, 110.00000000000001]);
    expect(Array.from(priceGrid({ spot: 100, from: 50, to: 200, steps: 2, log: true }).prices)).toEqual([50, 100, 200]);
  });
  it("bad specs are RangeErrors naming the field", () => {
    expect(() => priceGrid({ spot: NaN })).toThrow(/spot/);
    expect(() => priceGrid({ spot: 100, steps: 0 })).toThrow(/steps/);
    expect(() => priceGrid({ spot: 100, steps: 2.5 })).toThrow(/steps/);
    expect(() => priceGrid({ spot: 100, range: [1.2, 0.8] })).toThrow(/low end/);
    expect(() => priceGrid({ spot: 100, range: [0, 1.2] })).toThrow(/range lower bound/);
    expect(() => priceGrid({ spot: 100, from: 10 })).toThrow(/together/);
    expect(() => priceGrid({ spot: 100, from: 10, to: Infinity })).toThrow(/to must be/);
  });
  it("gridFromPrices copies and checks", () => {
    const src = [1, 2, 3];
    const g = gridFromPrices(src, 2);
    src[0] = 99;
    expect(g.prices[0]).toBe(1);
    expect(() => gridFromPrices([1, 1], 1)).toThrow(/ascend/);
    expect(() => gridFromPrices([-1, 1], 1)).toThrow(/price 0/);
  });
});

describe("dealerWeights", () => {
  const c = makeChain([
    { type: "call", strike: 100, time: 0.1, iv: 0.2, oi: 3, mult: 100, position: -4 },
    { type: "put", strike: 100, time: 0.1, iv: 0.2, oi: 5, mult: 1, position: 2 },
  ]);
  it("naive: + calls, − puts; short; long; column = position × multiplier", () => {
    expect(Array.from(dealerWeights(c))).toEqual([300, -5]);
    expect(Array.from(dealerWeights(c, "short"))).toEqual([-300, -5]);
    expect(Array.from(dealerWeights(c, "long"))).toEqual([300, 5]);
    expect(Array.from(dealerWeights(c, "column"))).toEqual([-400, 2]);
  });
});

describe("selectContracts", () => {
  it("dates in a zone", () => {
    expect(dateInZone(Date.UTC(2024, 0, 8, 21, 0), "America/New_York")).toBe("2024-01-08");
    expect(dateInZone(Date.UTC(2024, 0, 9, 3, 0), "America/New_York")).toBe("2024-01-08");
  });
  it("counts every contract: used + expired + filtered = contracts", () => {
    const c = makeChain([
      { type: "call", strike: 100, time: 1 / 365, iv: 0.2 },
      { type: "call", strike: 100, time: 2 / 365, iv: 0.2 },
      { type: "call", strike: 100, time: 3 / 365, iv: 0.2 },
    ]);
    const s = selectContracts(c, AS_OF + 1.5 * 86400_000, { excludeNextExpiry: true });
    expect(s.expired).toBe(1);
    expect(s.filtered).toBe(1);
    expect(s.index.length + s.expired + s.filtered).toBe(3);
    expect(Array.from(s.index)).toEqual([2]);
    expect(s.time[0]).toBeCloseTo(1.5 / 365, 15);
  });
  it("rejects a time before the snapshot and bad dates", () => {
    const c = makeChain([]);
    expect(() => selectContracts(c, AS_OF - 1)).toThrow(/before the snapshot/);
    expect(() => selectContracts(c, NaN)).toThrow(/finite/);
    expect(() => selectContracts(c, AS_OF, { toDate: "tomorrow" })).toThrow(/toDate/);
    expect(() => selectContracts(c, AS_OF, { fromDate: "2024-02-01", toDate: "2024-01-01" })).toThrow(/after/);
  });
});
