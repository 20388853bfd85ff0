import { describe, expect, it } from "vitest";
import { loadTierFile } from "../../src/data/tierFiles.js";
import { maintenanceAmounts, type TierTable } from "../../src/data/tierTable.js";
import {
  bankruptcyPrice, entryMaintenanceLiquidation, insuranceFundPnl, markTieredLiquidation, okxLiquidation, simpleLiquidationPrice,
} from "../../src/futures/liquidation.js";
import { initialMargin, leverageFromRate, positionNotional, rateFromLeverage } from "../../src/futures/margin.js";
import { venueLiquidation } from "../../src/futures/venueRule.js";

// Vectors: docs/forced-flows.md §3 and §8 (M1–M3, L1–L10). A published value printed to the cent
// is checked to half a cent; values printed in full (freqtrade's test vectors) to a few ulps.
const CENT = 0.005;
const ulps = (x: number, k = 8) => k * Number.EPSILON * Math.abs(x);
const binance = (await loadTierFile("data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json")).table;
const hyper = (await loadTierFile("data/tiers/hyperliquid_meta_margin-tiers_docs.json", { symbol: "BTC" })).table;

describe("margin basics (M1, seed 003)", () => {
  it("10 contracts of 1 BTC at 60,000 with 10 % margin → 60,000 USD; 10x ↔ 10 %", () => {
    expect(initialMargin(positionNotional(10, 1, 60000), 0.1)).toBe(60000);
    expect(leverageFromRate(0.1)).toBe(10);
    expect(rateFromLeverage(10)).toBe(0.1);
    expect(leverageFromRate(0.05)).toBe(20);
    expect(rateFromLeverage(100)).toBe(0.01);
  });
});

describe("tier tables (M2, M3)", () => {
  it("M2: the Binance BTCUSDT Oct-2024 cum column is the recursion cum_k = cum_{k−1} + floor_k × (mmr_k − mmr_{k−1})", () => {
    const want = [0, 50, 950, 11450, 131450, 481450, 2981450, 14481450, 26481450, 41481450, 121481450, 421481450];
    expect(binance.tiers.map((t) => t.cum)).toEqual(want);
    maintenanceAmounts(binance.tiers).forEach((c, k) => expect(Math.abs(c - want[k]!)).toBeLessThan(1e-6));
  });
  it("M3: Hyperliquid BTC, 40x to 150 M then 20x → mmr 1.25 % / 2.5 %, deduction 1,875,000 at tier 2", () => {
    expect(hyper.tiers.map((t) => [t.mmr, t.cum])).toEqual([[0.0125, 0], [0.025, 1875000]]);
  });
});

describe("Binance USDⓈ-M, isolated and cross (L1–L5; Binance's calculator via freqtrade test_binance.py)", () => {
  const WB = 1535443.01;
  it("L1: isolated ETHUSDT long 3,683.979 @ 1,456.84, MMR 10 %, cum 135,365 → 1,114.78", () => {
    const r = markTieredLiquidation({ side: "long", entry: 1456.84, size: 3683.979, margin: WB }, { mmr: 0.1, cum: 135365 });
    expect(Math.abs(r.liquidationPrice! - 1114.78)).toBeLessThan(CENT);
  });
  it("L2: isolated BTCUSDT long 109.488 @ 32,481.98, MMR 2.5 %, cum 16,300 → 18,778.73", () => {
    const r = markTieredLiquidation({ side: "long", entry: 32481.98, size: 109.488, margin: WB }, { mmr: 0.025, cum: 16300 });
    expect(Math.abs(r.liquidationPrice! - 18778.73)).toBeLessThan(CENT);
  });
  it("L3: cross ETHUSDT with BTC 109.488 marked 31,967.27 (MM 71,200.81, UPNL −56,354.57) → 1,153.26", () => {
    const mm = 109.488 * 31967.27 * 0.025 - 16300;
    const upnl = 109.488 * (31967.27 - 32481.98);
    expect(Math.abs(mm - 71200.81)).toBeLessThan(CENT);
    expect(Math.abs(upnl + 56354.57)).toBeLessThan(CENT);
    const r = markTieredLiquidation({ side: "long", entry: 1456.84, size: 3683.979, margin: WB, cross: { otherMaintenance: mm, otherUnrealizedPnl: upnl } }, { mmr: 0.1, cum: 135365 });
    expect(Math.abs(r.liquidationPrice! - 1153.26)).toBeLessThan(CENT);
  });
  it("L4: cross BTCUSDT with ETH 3,683.979 marked 1,335.18 (MM 356,512.51, UPNL −448,192.89) → 26,316.89", () => {
    const mm = 3683.979 * 1335.18 * 0.1 - 135365;
    const upnl = 3683.979 * (1335.18 - 1456.84);
    const r = markTieredLiquidation({ side: "long", entry: 32481.98, size: 109.488, margin: WB, cross: { otherMaintenance: mm, otherUnrealizedPnl: upnl } }, { mmr: 0.025, cum: 16300 });
    expect(Math.abs(r.liquidationPrice! - 26316.89)).toBeLessThan(CENT);
  });
  it("L5: 1 BTC @ 90,000, 10x, on the Oct-2024 table → bracket 2 (0.5 %, cum 50): long 81,356.78, short 98,557.21", () => {
    const long = markTieredLiquidation({ side: "long", entry: 90000, size: 1, margin: 9000 }, binance);
    const short = markTieredLiquidation({ side: "short", entry: 90000, size: 1, margin: 9000 }, binance);
    expect(Math.abs(long.liquidationPrice! - 81356.78)).toBeLessThan(CENT);
    expect(Math.abs(short.liquidationPrice! - 98557.21)).toBeLessThan(CENT);
    expect([long.tier!.tier, long.maintenanceRate, long.maintenanceAmount]).toEqual([2, 0.005, 50]);
    expect(short.tier!.tier).toBe(2);
  });
  it("the newer 150x table's bracket 1 (0.4 %, cum 0) gives 81,325.30 / 98,605.58 (§3.3)", () => {
    expect(Math.abs(markTieredLiquidation({ side: "long", entry: 90000, size: 1, margin: 9000 }, { mmr: 0.004 }).liquidationPrice! - 81325.3)).toBeLessThan(CENT);
    expect(Math.abs(markTieredLiquidation({ side: "short", entry: 90000, size: 1, margin: 9000 }, { mmr: 0.004 }).liquidationPrice! - 98605.58)).toBeLessThan(CENT);
  });
  it("bracket substitution (§3.3): 40 BTC @ 90,000, 3x — the entry bracket 4 is not the one that holds at the liquidation price", () => {
    // By hand (the notes withhold the value):
    //   bracket 4 (1 %, cum 11,450): (1,200,000 + 11,450 − 3,600,000)/(40 × 0.01 − 40) = −2,388,550/−39.6 = 60,316.919…
    //   notional 40 × 60,316.92 = 2,412,677 < 3,000,000: bracket 3, not 4
    //   bracket 3 (0.65 %, cum 950): (1,200,000 + 950 − 3,600,000)/(40 × 0.0065 − 40) = −2,399,050/−39.74 = 60,368.6462…
    //   notional 2,414,746 lies in [600,000, 3,000,000): consistent
    const r = markTieredLiquidation({ side: "long", entry: 90000, size: 40, margin: 1.2e6 }, binance);
    expect(Math.abs(r.liquidationPrice! - 2399050 / 39.74)).toBeLessThan(ulps(60368.65));
    expect(Math.abs(r.liquidationPrice! - 60368.65)).toBeLessThan(CENT);
    expect(r.tier!.tier).toBe(3);
    const c4 = r.candidates!.find((c) => c.tier === 4)!;
    expect(Math.abs(c4.price - 2388550 / 39.6)).toBeLessThan(ulps(60316.92));
    expect(c4.holds).toBe(false);
    expect(r.candidates!.filter((c) => c.holds).map((c) => c.tier)).toEqual([3]);
    // the entry notional (3.6 M) is bracket 4: using it would be wrong by 51.73 USD
    expect(Math.abs(c4.price - r.liquidationPrice!)).toBeGreaterThan(50);
  });
  it("exactly one bracket holds for any size (sizes 0.01 … 20,000 BTC, both sides, 2x … 125x)", () => {
    for (const size of [0.01, 0.5, 1, 7, 40, 300, 2000, 20000]) {
      for (const lev of [2, 5, 10, 25, 50, 125]) {
        for (const side of ["long", "short"] as const) {
          const r = markTieredLiquidation({ side, entry: 90000, size, margin: (size * 90000) / lev }, binance);
          if (r.liquidationPrice === null) continue;
          expect(r.candidates!.filter((c) => c.holds)).toHaveLength(1);
          const n = size * r.liquidationPrice;
          expect(n >= r.tier!.floor - 1e-6 && (n < r.tier!.cap + 1e-6 || r.tier === binance.tiers.at(-1))).toBe(true);
          // at the liquidation price, equity equals the maintenance margin
          const equity = (size * 90000) / lev + (side === "long" ? 1 : -1) * size * (r.liquidationPrice - 90000);
          expect(Math.abs(equity - r.maintenanceMargin)).toBeLessThan(1e-9 * size * 90000);
        }
      }
    }
  });
  it("freqtrade's toy vectors (mmr 0.01, cum 0.01, isolated, WB = amount × open / leverage)", () => {
    const toy = (side: "long" | "short", entry: number) => markTieredLiquidation({ side, entry, size: 1, margin: entry / 5 }, { mmr: 0.01, cum: 0.01 }).liquidationPrice!;
    expect(Math.abs(toy("short", 10) - 11.89108910891089)).toBeLessThan(ulps(11.9));
    expect(Math.abs(toy("long", 10) - 8.070707070707071)).toBeLessThan(ulps(8.07));
    expect(Math.abs(toy("long", 8) - 6.454545454545454)).toBeLessThan(ulps(6.45));
  });
  it("a long whose margin covers a fall to 0 has no liquidation price", () => {
    expect(markTieredLiquidation({ side: "long", entry: 90000, size: 1, margin: 90000 }, binance).liquidationPrice).toBeNull();
  });
});

describe("Bybit, flat rates and fixed USD maintenance (entry-value rule, L7)", () => {
  it("L7: Bybit's help-centre example, 1 BTC @ 20,000, 50x, MMR 0.5 % → IM 400, MM 100, LP 19,700", () => {
    const r = entryMaintenanceLiquidation({ side: "long", entry: 20000, size: 1, margin: 400 }, { mmr: 0.005 });
    expect(r.liquidationPrice).toBe(19700);
    expect(r.maintenanceMargin).toBe(100);
    expect(simpleLiquidationPrice(20000, 50, 0.005, "long")).toBe(19700);
  });
  it("1 BTC @ 90,000 10x, MMR 0.5 % → 81,450 / 98,550 (§3.4)", () => {
    expect(entryMaintenanceLiquidation({ side: "long", entry: 90000, size: 1, margin: 9000 }, { mmr: 0.005 }).liquidationPrice).toBe(81450);
    expect(entryMaintenanceLiquidation({ side: "short", entry: 90000, size: 1, margin: 9000 }, { mmr: 0.005 }).liquidationPrice).toBe(98550);
  });
  it("freqtrade bybit vectors (mmr 0.01 at 10): 5x 8.1 / 11.9, 3x 6.7666… / 13.2333…, 10x 9.1 / 10.9, 1x 0.1 / 19.9", () => {
    const lp = (side: "long" | "short", lev: number) => simpleLiquidationPrice(10, lev, 0.01, side);
    const want: Array<[number, number, number]> = [[5, 8.1, 11.9], [3, 6.766666666666667, 13.233333333333333], [10, 9.1, 10.9], [1, 0.1, 19.9]];
    for (const [lev, l, s] of want) {
      expect(Math.abs(lp("long", lev) - l)).toBeLessThan(1e-12);
      expect(Math.abs(lp("short", lev) - s)).toBeLessThan(1e-12);
    }
  });
  it("the Bybit testnet table: tier by entry value, deductions by the recursion (0, 10,000, 30,000)", async () => {
    const { table } = await loadTierFile("data/tiers/bybit_risk-limit_BTCUSDT_testnet_2023-10-08.json");
    expect(table.tiers.map((t) => t.cum).map((c) => Math.round(c))).toEqual([0, 10000, 30000]);
    // 30 BTC @ 90,000 = 2.7 M (tier 2: 1 %, 10,000) at 10x: MM = 27,000 − 10,000 = 17,000; LP = 90,000 − (270,000 − 17,000)/30
    const r = entryMaintenanceLiquidation({ side: "long", entry: 90000, size: 30, margin: 270000 }, table);
    expect(r.tier!.tier).toBe(2);
    expect(Math.abs(r.liquidationPrice! - (90000 - 253000 / 30))).toBeLessThan(ulps(81566));
  });
  it("CME-style fixed maintenance: 1 BTC contract (5 BTC) with 20,000 USD margin and 16,000 USD maintenance", () => {
    // equity 20,000 + 5 (P − 90,000) = 16,000 → P = 90,000 − 800 = 89,200, by hand
    expect(entryMaintenanceLiquidation({ side: "long", entry: 90000, size: 5, margin: 20000 }, { maintenance: 16000 }).liquidationPrice).toBe(89200);
  });
});

describe("OKX / Gate (L8; freqtrade test_exchange.py, mmr 0.01, fee 0.0006)", () => {
  const okx = (side: "long" | "short", lev: number) => okxLiquidation({ side, entry: 10, size: 1, margin: 10 / lev }, { mmr: 0.01, fee: 0.0006 }).liquidationPrice!;
  it("5x @ 10: long 8.085708510208207, short 11.87413417771621; 3x: 6.738090425173506 / 13.193482419684678", () => {
    expect(Math.abs(okx("long", 5) - 8.085708510208207)).toBeLessThan(ulps(8.09));
    expect(Math.abs(okx("short", 5) - 11.87413417771621)).toBeLessThan(ulps(11.9));
    expect(Math.abs(okx("long", 3) - 6.738090425173506)).toBeLessThan(ulps(6.74));
    expect(Math.abs(okx("short", 3) - 13.193482419684678)).toBeLessThan(ulps(13.2));
  });
  it("BTC 1 @ 90,000 10x, mmr 0.4 %, fee 0.05 % → 81,366.15 / 98,556.50 (§3.5)", () => {
    const r = (side: "long" | "short") => okxLiquidation({ side, entry: 90000, size: 1, margin: 9000 }, { mmr: 0.004, fee: 0.0005 }).liquidationPrice!;
    expect(Math.abs(r("long") - 81366.15)).toBeLessThan(CENT);
    expect(Math.abs(r("short") - 98556.5)).toBeLessThan(CENT);
  });
  it("tiers by size in contracts (OKX position-tiers; BTC-USDT-SWAP 0.01 BTC per contract)", () => {
    const table: Pick<TierTable, "tiers"> = { tiers: [
      { tier: 1, floor: 0, cap: 1000, mmr: 0.005, cum: 0, imr: 0.01, maxLeverage: 100 },
      { tier: 2, floor: 1000, cap: 2000, mmr: 0.01, cum: 0, imr: 0.02, maxLeverage: 50 },
    ] };
    // 15 BTC = 1,500 contracts → tier 2; (90,000 − 9,000)/(1 − 0.01) by hand
    const r = okxLiquidation({ side: "long", entry: 90000, size: 15, margin: 135000 }, { table, contractValue: 0.01 });
    expect(r.tier!.tier).toBe(2);
    expect(Math.abs(r.liquidationPrice! - 81000 / 0.99)).toBeLessThan(ulps(81818));
  });
});

describe("Hyperliquid (L9)", () => {
  it("BTC (40x ⇒ mmr 1.25 %), 1 BTC @ 90,000 isolated 10x → 82,025.32 long / 97,777.78 short", () => {
    const r = (side: "long" | "short") => venueLiquidation({ side, entry: 90000, size: 1, margin: 9000 }, { venue: "hyperliquid", table: hyper }).liquidationPrice!;
    expect(Math.abs(r("long") - 82025.32)).toBeLessThan(CENT);
    expect(Math.abs(r("short") - 97777.78)).toBeLessThan(CENT);
    // freqtrade hyperliquid.py's form: price − side × margin_available / size / (1 − l × side), l = 1/80
    const l = 1 / 80;
    const freq = 90000 - (9000 - l * 90000) / 1 / (1 - l);
    expect(Math.abs(r("long") - freq)).toBeLessThan(ulps(freq));
  });
});

describe("bankruptcy price and insurance fund (L10, §3.8)", () => {
  it("long 1 BTC @ 90,000, 20x: bankruptcy 85,500; Binance LP 85,879.40; fund −500 at a fill of 85,000, +200 at 85,700", () => {
    const p = { side: "long" as const, entry: 90000, size: 1, margin: 4500 };
    expect(bankruptcyPrice(p)).toBe(85500);
    expect(Math.abs(markTieredLiquidation(p, binance).liquidationPrice! - 85879.4)).toBeLessThan(CENT);
    expect(insuranceFundPnl("long", 1, 85500, 85000)).toBe(-500);
    expect(insuranceFundPnl("long", 1, 85500, 85700)).toBe(200);
  });
  it("shorts mirror: bankruptcy above entry, the fund gains on fills below it", () => {
    expect(bankruptcyPrice({ side: "short", entry: 90000, size: 1, margin: 4500 })).toBe(94500);
    expect(insuranceFundPnl("short", 1, 94500, 94000)).toBe(500);
    expect(insuranceFundPnl("short", 2, 94500, 95000)).toBe(-1000);
  });
  it("a long with more margin than notional has no bankruptcy price above 0", () => {
    expect(bankruptcyPrice({ side: "long", entry: 100, size: 1, margin: 150 })).toBeNull();
  });
});

describe("venueLiquidation", () => {
  it("refuses a table of another venue, a missing rule, and nonsense positions", () => {
    expect(() => venueLiquidation({ side: "long", entry: 1, size: 1, margin: 0.1 }, { venue: "bybit", table: binance })).toThrow(/binance's, not bybit's/);
    expect(() => venueLiquidation({ side: "long", entry: 1, size: 1, margin: 0.1 }, { venue: "binance" })).toThrow(RangeError);
    expect(() => venueLiquidation({ side: "long", entry: 1, size: 0, margin: 0.1 }, { venue: "flat", mmr: 0.01 })).toThrow(RangeError);
  });
});
