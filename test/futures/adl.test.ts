import { describe, expect, it } from "vitest";
import { binanceLeveragePnl, bitmexAdlScore, hyperliquidAdlIndex, rankAdl, type AdlPosition } from "../../src/futures/adl.js";
import { fundDrawdown, runWaterfall, WATERFALLS } from "../../src/futures/waterfall.js";

// docs/forced-flows.md §5.2 (A1, A2), §5.3 (A4). Position: long 10 BTC, entry 80,000, isolated 11x
// (margin 72,727.27), mark 90,000: bankruptcy 72,727.27, unrealized PnL +100,000.
const P: AdlPosition = { id: "a", side: "long", size: 10, entry: 80000, mark: 90000, margin: 800000 / 11 };
const half = (digits: number) => 0.5 * 10 ** -digits;

describe("ADL scores", () => {
  it("A1: BitMEX / Bybit / OKX, PNL% × EffLev = 12.5 % × 5.2105 → 0.651316", () => {
    expect(Math.abs(bitmexAdlScore(P) - 0.651316)).toBeLessThan(half(6));
    // by hand: EffLev = 900,000 / (900,000 − 727,272.73) = 5.2105263…; 0.125 × 5.2105263 = 0.6513158
    expect(bitmexAdlScore(P)).toBeCloseTo(0.125 * (900000 / (900000 - 727272.7272727273)), 12);
  });
  it("A2: Binance LeveragePnL with MM 4,900 (bracket 3 at 900,000) → 0.0390066", () => {
    expect(Math.abs(binanceLeveragePnl(P, 4900) - 0.0390066)).toBeLessThan(half(7));
  });
  it("Binance's forum example: UPNL 40.2, WB 4.27, margin ratio 13.42 % → 1.26 (1.2634)", () => {
    // dev.binance.vision thread 17801: PnL% = 40.2 / 4.27 = 9.41; × 13.42 % = 1.2634
    const q: AdlPosition = { id: "f", side: "long", size: 1, entry: 100, mark: 140.2, margin: 4.27 };
    const mm = 0.1342 * (4.27 + 40.2); // the margin ratio the forum user read off the UI
    expect(Math.abs(binanceLeveragePnl(q, mm) - 1.2634)).toBeLessThan(half(4));
  });
  it("Hyperliquid's index (value withheld by the notes): (90,000/80,000) × (900,000/172,727.27) = 5.861842 by hand", () => {
    // 1.125 × 5.2105263 = 5.8618421
    expect(Math.abs(hyperliquidAdlIndex(P) - 5.8618421)).toBeLessThan(half(7));
  });
  it("losing positions: PNL% / EffLev (negative) at BitMEX; 0 at Binance; a bankrupt position has no score", () => {
    const loser: AdlPosition = { ...P, id: "l", mark: 76000 }; // −40,000, equity 32,727.27, EffLev 760,000/32,727.27
    expect(bitmexAdlScore(loser)).toBeCloseTo(-0.05 / (760000 / (800000 / 11 - 40000)), 14);
    expect(binanceLeveragePnl(loser, 1000)).toBe(0);
    expect(bitmexAdlScore({ ...P, mark: 72000 })).toBeNaN();
  });
});

describe("rankAdl", () => {
  const book: AdlPosition[] = [
    { id: "s-low", side: "short", size: 5, entry: 95000, mark: 90000, margin: 95000 },
    { id: "s-high", side: "short", size: 2, entry: 100000, mark: 90000, margin: 10000 },
    { id: "l", side: "long", size: 1, entry: 80000, mark: 90000, margin: 8000 },
    { id: "s-loss", side: "short", size: 1, entry: 85000, mark: 90000, margin: 8500 },
    { id: "s-dead", side: "short", size: 1, entry: 80000, mark: 90000, margin: 8000 },
  ];
  it("ranks each side by the venue's score, highest first; quantile = share with a score ≤ its own; bankrupt positions unranked", () => {
    const r = rankAdl(book, "bybit");
    const shorts = r.filter((x) => x.side === "short");
    expect(shorts.map((x) => [x.id, x.rank])).toEqual([["s-high", 1], ["s-low", 2], ["s-loss", 3], ["s-dead", null]]);
    expect(shorts.map((x) => x.quantile)).toEqual([1, 2 / 3, 1 / 3, null]);
    expect(r.filter((x) => x.side === "long").map((x) => x.rank)).toEqual([1]);
    // s-high: PNL% 10 %, equity 10,000 + 20,000, EffLev 180,000 / 30,000 = 6 → 0.6
    expect(shorts[0]!.score).toBeCloseTo(0.6, 14);
  });
  it("Binance needs maintenance margins; with them the order is by LeveragePnL", () => {
    expect(() => rankAdl(book, "binance")).toThrow(RangeError);
    const r = rankAdl(book, "binance", (p) => p.size * p.mark * 0.005);
    expect(r.find((x) => x.id === "s-loss")!.score).toBe(0);
    expect(r.filter((x) => x.side === "short")[0]!.id).toBe("s-high");
  });
});

describe("insurance funds and waterfalls", () => {
  it("A4: 10 Oct 2025, Binance used $188 M of $1.23 bn → 0.15285", () => {
    expect(Math.abs(fundDrawdown(188e6, 1.23e9) - 0.15285)).toBeLessThan(half(5));
  });
  it("a fund that covers the loss: no ADL", () => {
    expect(runWaterfall({ fund: 2e6, loss: 5e5, bankruptSide: "long", queue: [{ id: "x", size: 1 }] })).toEqual({
      fundAbsorbs: 5e5, fundAfter: 1.5e6, drawdown: 0.25, shortfall: 0, adlSize: 0, deleveraged: [], unmatched: 0,
    });
  });
  it("a shortfall: the uncovered share of the bankrupt position goes down the queue in order", () => {
    // 30 BTC would lose 1.5 M; the fund covers 1 M (2/3): 10 BTC to ADL: 4 from s1, 6 from s2
    const r = runWaterfall({ fund: 1e6, loss: 1.5e6, bankruptSide: "long", bankruptSize: 30, queue: [{ id: "s1", size: 4 }, { id: "s2", size: 20 }] });
    expect(r).toMatchObject({ fundAbsorbs: 1e6, fundAfter: 0, drawdown: 1, shortfall: 5e5, unmatched: 0 });
    expect(r.adlSize).toBeCloseTo(10, 12);
    expect(r.deleveraged.map((d) => d.id)).toEqual(["s1", "s2"]);
    expect(r.deleveraged[1]!.closed).toBeCloseTo(6, 12);
  });
  it("a queue too short leaves the rest unmatched; sizes are required for a shortfall", () => {
    const r = runWaterfall({ fund: 0, loss: 100, bankruptSide: "short", bankruptSize: 5, queue: [{ id: "l1", size: 2 }] });
    expect(r.unmatched).toBe(3);
    expect(() => runWaterfall({ fund: 0, loss: 100, bankruptSide: "short", queue: [] })).toThrow(/size/);
    expect(() => runWaterfall({ fund: -1, loss: 100, bankruptSide: "short", queue: [] })).toThrow(RangeError);
  });
  it("CME has no ADL; crypto venues end in ADL; every waterfall cites a source", () => {
    expect(WATERFALLS.cme.adl).toBe(false);
    for (const v of ["binance", "bybit", "okx", "hyperliquid", "bitmex"] as const) expect(WATERFALLS[v].layers.at(-1)!.layer).toBe("ADL");
    for (const w of Object.values(WATERFALLS)) expect(w.sources.every((s) => s.startsWith("https://"))).toBe(true);
  });
});
