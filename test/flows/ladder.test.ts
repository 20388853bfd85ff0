/**
 * The liquidation ladder against hand computation: docs/forced-flows.md §4.2 vector A (one cohort,
 * verified there independently), issue 11's restatement of it in coin, and a four-row history
 * derived by hand below (clearing by later lows and highs, a pro-rata close, a cohort opened after
 * it). Liquidation prices of the simple rule against Bybit's published example.
 */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadTierFile } from "../../src/data/tierFiles.js";
import { buildLadder, cumulativeAt, cumulativeLadder, ladderBins, simpleRule, venueRuleForLadder, type OiBar } from "../../src/flows/ladder.js";
import { LEVERAGE_PRESETS, parseLeverageDistribution } from "../../src/flows/leverage.js";

const EPS = Number.EPSILON;
const near = (a: number, b: number, k = 64) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(k * EPS * Math.max(1, Math.abs(b)));

// vector A's buckets, on both sides
const VECTOR_A = parseLeverageDistribution(
  { long: { 2: 0.15, 5: 0.25, 10: 0.3, 25: 0.2, 50: 0.07, 100: 0.03 }, short: { 2: 0.15, 5: 0.25, 10: 0.3, 25: 0.2, 50: 0.07, 100: 0.03 } },
  "vector A",
);
const bar = (time: number, high: number, low: number, close: number, openInterest: number): OiBar => ({ time, high, low, close, openInterest });

describe("simpleRule", () => {
  it("Bybit's published example: long 1 BTC at 20,000, 50x, MMR 0.5% liquidates at 19,700", () => {
    near(simpleRule(0.005).prices(20000, "long", 50)!.liquidation, 19700);
  });
  it("docs/forced-flows.md §4.2 vector A's table of liquidation prices (mmr 0.5%, entry 90,000)", () => {
    const rule = simpleRule(0.005);
    const table: Array<[number, number, number]> = [[2, 45450, 134550], [5, 72450, 107550], [10, 81450, 98550], [25, 86850, 93150], [50, 88650, 91350], [100, 89550, 90450]];
    for (const [L, long, short] of table) {
      near(rule.prices(90000, "long", L)!.liquidation, long);
      near(rule.prices(90000, "short", L)!.liquidation, short);
    }
    // bankruptcy: margin exhausted, E·(1 ∓ 1/L): 20x long at 90,000 → 85,500 (§3.8)
    near(rule.prices(90000, "long", 20)!.bankruptcy, 85500);
  });
  it("rejects an mmr outside [0, 1)", () => {
    expect(() => simpleRule(-0.01)).toThrow(RangeError);
    expect(() => simpleRule(1)).toThrow(RangeError);
    expect(() => simpleRule(NaN)).toThrow(RangeError);
  });
});

describe("venueRuleForLadder", () => {
  const tiers = (name: string) => fileURLToPath(new URL(`../../data/tiers/${name}`, import.meta.url));
  it("Binance's brackets (Oct 2024): 1 BTC at 90,000, 10x → 81,356.78 long, 98,557.21 short (issue 10, forced-flows.md §3.3 L5)", async () => {
    const { table } = await loadTierFile(tiers("binance_leverageBracket_BTCUSDT_2024-10-24.json"), { venue: "binance" });
    const rule = venueRuleForLadder({ venue: "binance", table });
    expect(rule.prices(90000, "long", 10)!.liquidation.toFixed(2)).toBe("81356.78");
    expect(rule.prices(90000, "short", 10)!.liquidation.toFixed(2)).toBe("98557.21");
    expect(rule.prices(90000, "long", 10)!.bankruptcy).toBe(81000);
    expect(rule.name).toMatch(/each cell priced as a 1-coin position/);
  });
  it("Hyperliquid (BTC 40x ⇒ mmr 1.25%): 82,025.32 / 97,777.78 (forced-flows.md §3.6 L9)", async () => {
    const { table } = await loadTierFile(tiers("hyperliquid_meta_margin-tiers_docs.json"), { venue: "hyperliquid", symbol: "BTC" });
    const rule = venueRuleForLadder({ venue: "hyperliquid", table });
    expect(rule.prices(90000, "long", 10)!.liquidation.toFixed(2)).toBe("82025.32");
    expect(rule.prices(90000, "short", 10)!.liquidation.toFixed(2)).toBe("97777.78");
  });
  it("leverage above the venue's maximum is priced at it (Hyperliquid BTC 40x): no liquidation price beyond entry", async () => {
    const { table } = await loadTierFile(tiers("hyperliquid_meta_margin-tiers_docs.json"), { venue: "hyperliquid", symbol: "BTC" });
    const rule = venueRuleForLadder({ venue: "hyperliquid", table });
    expect(rule.maxLeverage!(90000)).toBe(40);
    // why: 100x is below Hyperliquid's maintenance (1.25% > 1%), so its "liquidation price" lies beyond entry
    expect(rule.prices(90000, "long", 100)!.liquidation).toBeGreaterThan(90000);
    const split = parseLeverageDistribution({ long: { 10: 0.5, 100: 0.5 }, short: { 10: 0.5, 100: 0.5 } }, "x");
    const lad = buildLadder([bar(0, 90000, 90000, 90000, 2)], split, rule);
    expect(lad.counts.capped).toBe(2);
    expect(lad.cappedAt).toBe(40);
    const at40 = { long: rule.prices(90000, "long", 40)!.liquidation, short: rule.prices(90000, "short", 40)!.liquidation };
    for (const c of lad.cells.filter((x) => x.leverage !== 10)) {
      expect(c.leverage).toBe(40);
      expect(c.liquidation).toBe(at40[c.side]);
      expect(c.side === "long" ? c.liquidation < c.entry : c.liquidation > c.entry).toBe(true);
    }
    // a rule without tiers sets no maximum
    expect(buildLadder([bar(0, 90000, 90000, 90000, 2)], split, simpleRule(0.005)).counts.capped).toBe(0);
  });
  it("a 1x long is never liquidated: the ladder leaves it out and counts it", () => {
    const one = parseLeverageDistribution({ long: { 1.0000001: 1 }, short: { 2: 1 } }, "x");
    const rule = venueRuleForLadder({ venue: "bybit", mmr: 0.005 });
    expect(rule.prices(100, "long", 1.0000001)).not.toBeNull();
    const lad = buildLadder([bar(0, 100, 100, 100, 1)], one, { name: "never", prices: (e, side) => (side === "long" ? null : { liquidation: e * 1.5, bankruptcy: e * 1.5 }) });
    expect(lad.counts.unliquidatable).toBe(1);
    expect(lad.cells.map((c) => c.side)).toEqual(["short"]);
  });
});

describe("buildLadder: vector A (one cohort of 11,111.11 BTC ≈ $1 bn at 90,000)", () => {
  const lad = buildLadder([bar(0, 90000, 90000, 90000, 11111.11)], VECTOR_A, simpleRule(0.005));
  it("forced selling if price falls to 89,000 / 85,000 / 80,000 / 70,000: 333.33 / 3,333.33 / 6,666.67 / 9,444.44 BTC", () => {
    const want: Array<[number, number]> = [[89000, 0.03], [85000, 0.3], [80000, 0.6], [70000, 0.85]];
    for (const [p, share] of want) {
      const got = cumulativeAt(lad, 90000, p);
      near(got.coin, 11111.11 * share, 8);
      expect(got.coin.toFixed(2)).toBe((11111.11 * share).toFixed(2));
    }
    expect(cumulativeAt(lad, 90000, 89000).coin.toFixed(2)).toBe("333.33");
    expect(cumulativeAt(lad, 90000, 70000).coin.toFixed(2)).toBe("9444.44");
  });
  it("the mirror for buying at 91,000 / 95,000 / 100,000 / 110,000", () => {
    expect([91000, 95000, 100000, 110000].map((p) => cumulativeAt(lad, 90000, p).coin.toFixed(2))).toEqual(["333.33", "3333.33", "6666.67", "9444.44"]);
  });
  it("in USD at entry the cumulative notional is vector A's 30 / 300 / 600 / 850 mn; the ladder reports USD at each liquidation price", () => {
    const s = cumulativeAt(lad, 90000, 85000);
    // coin × entry = the cohort notional (≈ $30 M + $70 M + $200 M), USD at the LPs is less for longs
    expect((s.coin * 90000) / 1e6).toBeCloseTo(300, 3);
    const lp = 11111.11 * (0.03 * 89550 + 0.07 * 88650 + 0.2 * 86850);
    near(s.usd, lp, 8);
  });
  it("bins by side at the lower edge", () => {
    const bins = ladderBins(lad, 1000);
    expect(bins.filter((b) => b.side === "long").map((b) => b.price)).toEqual([45000, 72000, 81000, 86000, 88000, 89000]);
    expect(bins.filter((b) => b.side === "short").map((b) => b.price)).toEqual([90000, 91000, 93000, 98000, 107000, 134000]);
    const b = bins.find((x) => x.side === "long" && x.price === 89000)!;
    near(b.coin, 11111.11 * 0.03, 4);
    near(b.usd, 11111.11 * 0.03 * 89550, 4);
    expect(() => ladderBins(lad, 0)).toThrow(RangeError);
  });
  it("cumulative ladder at bin edges from spot outwards", () => {
    const c = cumulativeLadder(lad, 90000, 5000);
    expect(c.sell[0]!.price).toBe(90000);
    expect(c.sell.find((s) => s.price === 80000)!.coin.toFixed(2)).toBe("6666.67");
    expect(c.sell.at(-1)!.price).toBeLessThanOrEqual(45450 - 0);
    expect(c.sell.at(-1)!.coin.toFixed(2)).toBe("11111.11");
    expect(c.buy.at(-1)!.coin.toFixed(2)).toBe("11111.11");
  });
});

describe("buildLadder: a four-row history, derived by hand", () => {
  // leverage 10x both sides, mmr 0: long LP = 0.9·E, short LP = 1.1·E
  const TEN = parseLeverageDistribution({ long: { 10: 1 }, short: { 10: 1 } }, "10x");
  const rows = [
    bar(1, 100, 100, 100, 10), // cohort A: 10 coin at 100 (LP 90 / 110)
    bar(2, 105, 95, 100, 14), // no clearing; +4 → cohort B at 100 (LP 90 / 110)
    bar(3, 101, 89, 95, 7), // low 89 ≤ 90: longs A (10) and B (4) cleared; then 14 → 7: live shorts × 0.5 → 5 and 2
    bar(4, 96, 94, 96, 9), // no clearing; +2 → cohort C at 96 (LP 86.4 / 105.6)
  ];
  const lad = buildLadder(rows, TEN, simpleRule(0));
  it("clears the longs whose liquidation price the low reached, then closes the rest pro rata", () => {
    expect(lad.counts).toEqual({ rows: 4, cohorts: 3, closes: 1, cleared: 2, unliquidatable: 0, capped: 0 });
    const summary = lad.cells.map((c) => [c.side, c.entry, c.coin, c.cleared]);
    expect(summary).toEqual([
      ["long", 100, 10, 3], ["short", 100, 5, null],
      ["long", 100, 4, 3], ["short", 100, 2, null],
      ["long", 96, 2, null], ["short", 96, 2, null],
    ]);
  });
  it("what is left: 2 coin of longs at 86.4; shorts 2 at 105.6 and 7 at 110", () => {
    near(cumulativeAt(lad, 96, 86).coin, 2);
    near(cumulativeAt(lad, 96, 86).usd, 2 * 86.4);
    expect(cumulativeAt(lad, 96, 87).coin).toBe(0);
    near(cumulativeAt(lad, 96, 106).coin, 2);
    // (100 × 1.1 rounds to 110.00000000000001: ask just above it)
    near(cumulativeAt(lad, 96, 110.5).coin, 9);
    near(cumulativeAt(lad, 96, 110.5).usd, 2 * 105.6 + 7 * 110);
  });
  it("a cohort opened at a row's close is not cleared by that row's own range", () => {
    // the row that opens at 100 has a low of 89, below the 90 a 10x long would liquidate at
    const l = buildLadder([bar(1, 100, 100, 100, 0), bar(2, 100, 89, 100, 5)], TEN, simpleRule(0));
    expect(l.cells.every((c) => c.cleared === null)).toBe(true);
  });
  it("names the row and field of an unusable row", () => {
    expect(() => buildLadder([bar(2, 1, 1, 1, 1), bar(1, 1, 1, 1, 1)], TEN, simpleRule(0))).toThrow(/row 2: time/);
    expect(() => buildLadder([bar(1, 1, 2, 1, 1)], TEN, simpleRule(0))).toThrow(/row 1: low 2 is above high 1/);
    expect(() => buildLadder([bar(1, 2, 1, 3, 1)], TEN, simpleRule(0))).toThrow(/row 1: close 3 is outside/);
    expect(() => buildLadder([bar(1, 2, 1, 1, -1)], TEN, simpleRule(0))).toThrow(/row 1: open interest/);
    expect(() => buildLadder([bar(1, NaN, 1, 1, 1)], TEN, simpleRule(0))).toThrow(/row 1: high/);
  });
  it("an empty history is an empty ladder", () => {
    const l = buildLadder([], TEN, simpleRule(0));
    expect(l.cells).toEqual([]);
    expect(cumulativeLadder(l, 100, 10)).toEqual({ sell: [{ price: 100, coin: 0, usd: 0 }, { price: 90, coin: 0, usd: 0 }], buy: [{ price: 100, coin: 0, usd: 0 }, { price: 110, coin: 0, usd: 0 }] });
  });
});

describe("leverage distributions", () => {
  it("the presets sum to 1 on each side", () => {
    for (const d of Object.values(LEVERAGE_PRESETS)) {
      for (const side of [d.long, d.short]) expect(Math.abs(side.reduce((a, b) => a + b.weight, 0) - 1)).toBeLessThanOrEqual(4 * EPS);
    }
  });
  it("a user file is validated field by field", () => {
    expect(() => parseLeverageDistribution({ long: { 10: 0.5 }, short: { 10: 1 } }, "f.json")).toThrow(/f.json: long shares sum to 0.5, not 1/);
    expect(() => parseLeverageDistribution({ long: { 1: 1 }, short: { 10: 1 } }, "f.json")).toThrow(/long\["1"\]: a leverage must be a number > 1/);
    expect(() => parseLeverageDistribution({ long: { 10: "1" }, short: { 10: 1 } }, "f.json")).toThrow(/a share must be a number/);
    expect(() => parseLeverageDistribution({ long: { 10: 1 } }, "f.json")).toThrow(/short must be an object/);
    expect(() => parseLeverageDistribution([], "f.json")).toThrow(/is an object/);
    expect(() => parseLeverageDistribution({ long: {}, short: { 10: 1 } }, "f.json")).toThrow(/long has no leverage bucket/);
  });
});
