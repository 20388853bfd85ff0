/**
 * The forced-flow map's pieces against hand computation: binning and cumulating (grid.ts), the
 * liquidation source (vector A of docs/forced-flows.md §4.2), the ADL estimate (loss per liquidated
 * position s·B·coin, worked below), the map's levels, and the cascade on maps whose rest price can
 * be solved by hand.
 */
import { describe, expect, it } from "vitest";
import { adlEstimate } from "../../src/flows/adl.js";
import { cascade, cumulativeTotalAt } from "../../src/flows/cascade.js";
import { cumulate, hedgeFlowOnGrid, pointFlowsOnGrid, spotIndex } from "../../src/flows/grid.js";
import { buildLadder, simpleRule } from "../../src/flows/ladder.js";
import { parseLeverageDistribution } from "../../src/flows/leverage.js";
import { liquidationFlowOnGrid } from "../../src/flows/liquidationFlow.js";
import { flowMap } from "../../src/flows/map.js";
import { cascadeTable } from "../../src/report/flowSections.js";
import type { ReportModel } from "../../src/report/model.js";

const EPS = Number.EPSILON;
const near = (a: number, b: number, k = 64) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(k * EPS * Math.max(1, Math.abs(b)));
const range = (lo: number, hi: number, step: number) => Float64Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step);

const A_WEIGHTS = { 2: 0.15, 5: 0.25, 10: 0.3, 25: 0.2, 50: 0.07, 100: 0.03 };
const VECTOR_A = parseLeverageDistribution({ long: A_WEIGHTS, short: A_WEIGHTS }, "vector A");
const OI = 11111.11;
const ladderA = () => buildLadder([{ time: 0, high: 90000, low: 90000, close: 90000, openInterest: OI }], VECTOR_A, simpleRule(0.005));

describe("grid flows", () => {
  it("cumulate sums bins outward from spot", () => {
    expect(Array.from(cumulate(Float64Array.of(-1, -2, 3, 4), 2))).toEqual([-3, -2, 0, 3, 7]);
    expect(Array.from(cumulate(Float64Array.of(1, 2), 0))).toEqual([0, 1, 3]);
  });
  it("hedge flows: −ΔD crossing each bin away from spot, at the bin's midpoint", () => {
    const f = hedgeFlowOnGrid(Float64Array.of(98, 99, 100, 101), Float64Array.of(20, 10, 0, -4), 2);
    // falling 100 → 99: D rises 10 → sell 10 at 99.5; 99 → 98: sell 10 at 98.5; rising 100 → 101: D falls 4 → buy 4 at 100.5
    expect(Array.from(f.bins)).toEqual([-985, -995, 402]);
    expect(Array.from(f.cumulative)).toEqual([-1980, -995, 0, 402]);
    expect(() => hedgeFlowOnGrid(Float64Array.of(1, 2), Float64Array.of(1), 0)).toThrow(RangeError);
  });
  it("point flows go to the bin holding them on their side of spot; the ends of the grid are counted apart", () => {
    const g = Float64Array.of(90, 95, 100, 105, 110);
    const f = pointFlowsOnGrid(g, 2, [
      { price: 95, usd: -1 }, // [95, 100) below spot
      { price: 90, usd: -2 }, // [90, 95)
      { price: 105, usd: 3 }, // (100, 105] above spot
      { price: 100.5, usd: 4 }, // (100, 105]
      { price: 110, usd: 5 }, // (105, 110]
      { price: 80, usd: -6 }, // below the grid
      { price: 130, usd: 7 }, // above
    ]);
    expect(Array.from(f.bins)).toEqual([-2, -1, 7, 5]);
    expect(f.beyond).toEqual({ below: -6, above: 7 });
    expect(Array.from(f.cumulative)).toEqual([-3, -1, 0, 7, 12]);
  });
  it("spot must be a grid price", () => {
    expect(spotIndex(Float64Array.of(1, 2, 3), 2)).toBe(1);
    expect(() => spotIndex(Float64Array.of(1, 2, 3), 2.5)).toThrow(/not a price of the grid/);
  });
});

describe("liquidations on the grid (vector A)", () => {
  it("cumulative forced selling to 85,000 is the longs at 89,550, 88,650 and 86,850, valued at those prices", () => {
    const g = range(70000, 110000, 50);
    const s = spotIndex(g, 90000);
    const f = liquidationFlowOnGrid(g, s, ladderA());
    const k = Array.from(g).indexOf(85000);
    near(f.cumulative[k]!, -OI * (0.03 * 89550 + 0.07 * 88650 + 0.2 * 86850), 16);
    const up = Array.from(g).indexOf(95000);
    near(f.cumulative[up]!, OI * (0.03 * 90450 + 0.07 * 91350 + 0.2 * 93150), 16);
    // 2x and 5x (45,450; 72,450 long; 107,550; 134,550 short): 45,450 and 134,550 are beyond the grid
    near(f.beyond.below, -OI * 0.15 * 45450, 4);
    near(f.beyond.above, OI * 0.15 * 134550, 4);
  });
});

describe("ADL estimate", () => {
  // slippage s = 1% beyond bankruptcy B = E(1 − 1/L): loss per long cell = 0.01·B·coin
  //   100x: B 89,100, coin 333.3333 → 297,000;  50x: 88,200 × 777.7777 → 686,000
  //   25x: 86,400 × 2,222.222 → 1,920,000;      10x: 81,000 × 3,333.333 → 2,700,000 …
  // fund 2,000,000: cumulative 297 k, 983 k, 2.903 M → exhausted at the 25x longs (LP 86,850);
  // watch (15% = 300 k) first reached at the 50x longs (88,650)
  const est = adlEstimate(ladderA(), 90000, { fund: 2e6, slippage: 0.01, hedgedShare: 0.5 });
  const coin = (w: number) => OI * w;
  const loss = (B: number, w: number) => 0.01 * B * coin(w);
  it("finds the watch level and where the fund runs out", () => {
    expect(est.down.watchPrice).toBe(88650);
    expect(est.down.zoneStart).toBe(86850);
    near(est.down.totalLoss, loss(89100, 0.03) + loss(88200, 0.07) + loss(86400, 0.2) + loss(81000, 0.3) + loss(72000, 0.25) + loss(45000, 0.15), 16);
  });
  it("deleverages the uncovered part of the cell that exhausts the fund and every cell beyond; half of it re-hedged", () => {
    const before = loss(89100, 0.03) + loss(88200, 0.07);
    const part = (before + loss(86400, 0.2) - 2e6) / loss(86400, 0.2); // 0.4703125
    near(est.down.adlCoin, coin(0.2) * part + coin(0.3) + coin(0.25) + coin(0.15), 16);
    expect(est.down.flows.map((f) => f.price)).toEqual([86850, 81450, 72450, 45450]);
    near(est.down.flows[0]!.usd, -0.5 * coin(0.2) * part * 86850, 16);
    near(est.down.flows[1]!.usd, -0.5 * coin(0.3) * 81450, 16);
    // the rise: shorts liquidated, B = E(1 + 1/L); the re-hedge buys
    near(est.up.zoneStart!, 93150);
    expect(est.up.flows.every((f) => f.usd > 0)).toBe(true);
  });
  it("forced-flows.md §5.4: 300 M of liquidations at 0.6% slippage lose ≈ 1.8 M, no flag against $1.23 bn", () => {
    const e = adlEstimate(ladderA(), 90000, { fund: 1.23e9, slippage: 0.006 });
    expect(e.down.zoneStart).toBeNull();
    expect(e.down.watchPrice).toBeNull();
    // the 25x–100x longs (entry notional 300 M) lose 0.006 × their bankruptcy value
    const lossTo85k = 0.006 * (coin(0.03) * 89100 + coin(0.07) * 88200 + coin(0.2) * 86400);
    expect(lossTo85k / 1e6).toBeCloseTo(1.74, 2);
  });
  it("rejects bad assumptions", () => {
    expect(() => adlEstimate(ladderA(), 90000, { fund: 0 })).toThrow(/insurance fund/);
    expect(() => adlEstimate(ladderA(), 90000, { fund: 1, slippage: 2 })).toThrow(/slippage/);
    expect(() => adlEstimate(ladderA(), 90000, { fund: 1, hedgedShare: -1 })).toThrow(/hedgedShare/);
  });
});

describe("flowMap and cascade", () => {
  const g = range(80, 120, 1);
  const s = spotIndex(g, 100);
  const D = 1e6; // USD per 1%
  const block = (price: number, usd: number) => pointFlowsOnGrid(g, s, [{ price, usd }]);
  it("adds sources, finds the pockets and where cumulative selling reaches the depth", () => {
    const m = flowMap(g, s, { liquidations: block(95, -2 * D), dealers: block(103, 0.5 * D) }, D);
    expect(m.levels.sellPocket).toEqual({ from: 95, to: 96, usd: -2 * D });
    expect(m.levels.buyPocket).toEqual({ from: 102, to: 103, usd: 0.5 * D });
    // cumulative reaches −D inside [95, 96]: linear between 0 at 96 and −2D at 95 → 95.5
    expect(m.levels.sellExceedsDepth).toBe(95.5);
    expect(m.levels.buyExceedsDepth).toBeNull();
    near(cumulativeTotalAt(m, 95.5), -D);
    expect(() => flowMap(g, s, { dealers: block(95, 1) }, 0)).toThrow(/depth/);
    expect(() => flowMap(g, s, { dealers: { bins: new Float64Array(3), cumulative: new Float64Array(4) } })).toThrow(/another grid/);
  });
  it("a −5% shock reaching a 2·D block of selling at 95 rests 2% lower, at 93; a −4% shock rests at 96", () => {
    const m = flowMap(g, s, { liquidations: block(95, -2 * D) });
    const r = cascade(m, -0.05, D);
    near(r.rest, 93, 4);
    expect(r.converged).toBe(true);
    near(r.flow, -2 * D);
    near(cascade(m, -0.04, D).rest, 96, 4);
    expect(cascade(m, -0.04, D).flow).toBe(0);
  });
  it("long-gamma dealers buying half the depth per 1% fall pull a −5% shock back to −2.5%", () => {
    // C(p) = +0.5·D·(100 − p) below spot → p = 100·(1 − 0.05 + 0.025) = 97.5, no new extreme
    const bins = new Float64Array(g.length - 1);
    for (let k = 0; k < s; k++) bins[k] = 0.5 * D; // +0.5 D per 1-USD (= 1%) bin below spot
    const m = flowMap(g, s, { dealers: { bins, cumulative: cumulate(bins, s) } });
    const r = cascade(m, -0.05, D);
    near(r.rest, 97.5, 8);
    expect(r.extreme).toBe(95);
    expect(r.converged).toBe(true);
  });
  it("short-gamma selling faster than the depth runs away to the grid's edge", () => {
    const bins = new Float64Array(g.length - 1);
    for (let k = 0; k < s; k++) bins[k] = -2 * D;
    const m = flowMap(g, s, { dealers: { bins, cumulative: cumulate(bins, s) } });
    const r = cascade(m, -0.01, D);
    expect(r.beyondGrid).toBe(true);
    expect(r.converged).toBe(false);
    expect(r.rest).toBeLessThan(80);
  });
  it("a rise pushed back through spot triggers the selling below spot too (both extremes trade), by hand", () => {
    // selling of 9·D at 103 (above spot) and 3·D at 97 (below). +4% → 104: C(104) = −9D → p = 100·(1 + 0.04 − 0.09) = 95,
    // below spot: C(95) = −3D joins → p = 100·(1 + 0.04 − 0.12) = 92; nothing new below 95 → rests at 92
    const m = flowMap(g, s, { dealers: block(103, -9 * D), liquidations: block(97, -3 * D) });
    const r = cascade(m, 0.04, D);
    near(r.rest, 92, 8);
    near(r.flow, -12 * D);
    expect(r.converged).toBe(true);
    expect(r.low).toBe(r.rest);
    expect(r.high).toBe(104);
    expect(r.extreme).toBe(r.low);
    expect(r.leftGrid).toBeNull();
    // with 30·D at 97 the same rise leaves the grid at its low end: p = 100·(1 + 0.04 − 0.39) = 65 < 80
    const out = cascade(flowMap(g, s, { dealers: block(103, -9 * D), liquidations: block(97, -30 * D) }), 0.04, D);
    expect(out.beyondGrid).toBe(true);
    expect(out.leftGrid).toBe("below");
    near(out.rest, 65, 8);
    const table = cascadeTable({ flows: { cascade: [out] } } as unknown as ReportModel)!;
    expect(table.rows[0]![2]).toBe("≤ 65"); // the end it left by, not the shock's sign
  });
  it("rises work the same way; a shock beyond the grid is reported as such", () => {
    const m = flowMap(g, s, { liquidations: block(104, 3 * D) });
    near(cascade(m, 0.04, D).rest, 107, 4);
    expect(cascade(m, 0.5, D).beyondGrid).toBe(true);
    expect(() => cascade(m, 0, D)).toThrow(/shock/);
    expect(() => cascade(m, -0.01, -1)).toThrow(/depth/);
  });
});
