import { describe, expect, it } from "vitest";
import { loadTierFile, parseTierFile, symbolKey } from "../../src/data/tierFiles.js";
import { checkTiers, maintenanceAmounts, tierFor } from "../../src/data/tierTable.js";

// The shipped samples are transcriptions of docs/forced-flows.md §3.2 (data/README.md).
const BINANCE = "data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json";
const CCXT = "test/fixtures/futures/ccxt_binance_leverage_tiers_BTCUSDT_2024-10-24.json";
const BYBIT = "data/tiers/bybit_risk-limit_BTCUSDT_testnet_2023-10-08.json";
const HL = "data/tiers/hyperliquid_meta_margin-tiers_docs.json";

describe("tier files", () => {
  it("Binance leverageBracket: 12 brackets, cum as given, as-of from the file name", async () => {
    const { table, warnings } = await loadTierFile(BINANCE, { symbol: "BTCUSDT", venue: "binance" });
    expect(table).toMatchObject({ venue: "binance", symbol: "BTCUSDT", format: "binance-leverageBracket", asOf: "2024-10-24", measure: "notional" });
    expect(table.tiers[1]).toEqual({ tier: 2, floor: 50000, cap: 600000, mmr: 0.005, cum: 50, imr: 0.01, maxLeverage: 100 });
    expect(table.tiers.at(-1)).toMatchObject({ tier: 12, mmr: 0.5, maxLeverage: 1, cum: 421481450 });
    expect(warnings).toEqual([]);
  });
  it("ccxt-normalised tiers keyed BTC/USDT:USDT give the same table, symbol in either spelling", async () => {
    const a = (await loadTierFile(BINANCE)).table.tiers;
    for (const symbol of ["BTC/USDT:USDT", "BTCUSDT", undefined]) {
      const { table } = await loadTierFile(CCXT, symbol === undefined ? {} : { symbol });
      expect(table.format).toBe("ccxt");
      expect(table.venue).toBe("binance"); // from the raw bracket under info
      expect(table.tiers).toEqual(a);
    }
  });
  it("numeric strings are numbers; a missing cum is computed by the recursion", () => {
    const text = JSON.stringify([{ symbol: "ETHUSDT", brackets: [
      { bracket: "1", initialLeverage: "75", notionalCap: "10000", notionalFloor: "0", maintMarginRatio: "0.0065" },
      { bracket: "2", initialLeverage: "50", notionalCap: "50000", notionalFloor: "10000", maintMarginRatio: "0.01" },
    ] }]);
    const { table } = parseTierFile(text, "eth.json");
    expect(table.tiers.map((t) => [t.mmr, t.cum])).toEqual([[0.0065, 0], [0.01, 10000 * (0.01 - 0.0065)]]);
    expect(table.asOf).toBeNull();
  });
  it("a cum that disagrees with the recursion is kept, with a warning", () => {
    const text = JSON.stringify([{ symbol: "X", brackets: [
      { bracket: 1, initialLeverage: 10, notionalCap: 100, notionalFloor: 0, maintMarginRatio: 0.01, cum: 0 },
      { bracket: 2, initialLeverage: 5, notionalCap: 200, notionalFloor: 100, maintMarginRatio: 0.02, cum: 5 },
    ] }]);
    const { table, warnings } = parseTierFile(text, "x.json");
    expect(table.tiers[1]!.cum).toBe(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/bracket 2: maintenance amount 5 disagrees with the recursion .* = 1/);
  });
  it("Bybit risk-limit: floors from the previous limit, deductions by the recursion, as-of from the file name", async () => {
    const { table } = await loadTierFile(BYBIT, { venue: "bybit" });
    expect(table).toMatchObject({ venue: "bybit", symbol: "BTCUSDT", asOf: "2023-10-08" });
    expect(table.tiers.map((t) => [t.floor, t.cap, t.mmr, t.imr, t.maxLeverage])).toEqual([
      [0, 2e6, 0.005, 0.01, 100], [2e6, 4e6, 0.01, 0.0175, 57.14], [4e6, 6e6, 0.015, 0.025, 40],
    ]);
  });
  it("Bybit rates written in percent (the v5 docs' example) are recognised from initialMargin × maxLeverage ≈ 100; as-of from `time`", () => {
    const doc = { retCode: 0, result: { category: "inverse", list: [
      { id: 1, symbol: "BTCUSD", riskLimitValue: "150", maintenanceMargin: "0.5", initialMargin: "1", isLowestRisk: 1, maxLeverage: "100.00", mmDeduction: "" },
    ] }, time: 1672054488010 };
    const { table, warnings } = parseTierFile(JSON.stringify(doc), "bybit.json");
    expect(table.tiers[0]).toMatchObject({ mmr: 0.005, imr: 0.01 });
    expect(table.asOf).toBe("2022-12-26T11:34:48.010Z");
    expect(warnings[0]).toMatch(/percent/);
    const bad = { result: { list: [{ id: 1, symbol: "X", riskLimitValue: "1", maintenanceMargin: "0.5", initialMargin: "0.3", maxLeverage: "10" }] } };
    expect(() => parseTierFile(JSON.stringify(bad), "b.json")).toThrow(/neither ≈ 1 .* nor ≈ 100/);
  });
  it("OKX position-tiers: brackets in contracts, no deduction", () => {
    const doc = { code: "0", msg: "", data: [
      { uly: "BTC-USDT", instFamily: "BTC-USDT", instId: "", tier: "1", minSz: "0", maxSz: "1000", mmr: "0.005", imr: "0.01", maxLever: "100", optMgnFactor: "0", quoteMaxLoan: "", baseMaxLoan: "" },
      { uly: "BTC-USDT", instFamily: "BTC-USDT", instId: "", tier: "2", minSz: "1001", maxSz: "2000", mmr: "0.01", imr: "0.02", maxLever: "50", optMgnFactor: "0", quoteMaxLoan: "", baseMaxLoan: "" },
    ] };
    const { table, warnings } = parseTierFile(JSON.stringify(doc), "okx.json", { symbol: "BTC/USDT:USDT" });
    expect(table).toMatchObject({ venue: "okx", symbol: "BTC-USDT", measure: "contracts" });
    // no deduction field at OKX: the Binance-style recursion (1000 × (0.01 − 0.005) = 5) is not a disagreement
    expect(warnings).toEqual([]);
    expect(checkTiers(table.tiers, false)).toEqual([]);
    expect(checkTiers(table.tiers)).toEqual(["bracket 2: maintenance amount 0 disagrees with the recursion cum_{k-1} + floor_k × (mmr_k − mmr_{k−1}) = 5"]);
    expect(table.tiers.map((t) => [t.floor, t.cap, t.mmr, t.cum])).toEqual([[0, 1000, 0.005, 0], [1000, 2000, 0.01, 0]]);
  });
  it("Hyperliquid meta: mmr = 1/(2 × max leverage), deduction 1,875,000 at 150 M (M3); ids below 50 are one tier", async () => {
    const { table } = await loadTierFile(HL, { symbol: "BTC" });
    expect(table.tiers.map((t) => [t.floor, t.cap, t.mmr, t.cum])).toEqual([[0, 150e6, 0.0125, 0], [150e6, Infinity, 0.025, 1875000]]);
    const eth = (await loadTierFile(HL, { symbol: "ETH" })).table;
    expect(eth.tiers.map((t) => t.mmr)).toEqual([0.02, 1 / 30]);
    const single = { universe: [{ name: "DOGE", maxLeverage: 10, marginTableId: 10 }], marginTables: [] };
    expect(parseTierFile(JSON.stringify(single), "hl.json").table.tiers).toEqual([{ tier: 1, floor: 0, cap: Infinity, mmr: 0.05, cum: 0, imr: 0.1, maxLeverage: 10 }]);
  });
  it("bad files: one line naming the file and the field", async () => {
    expect(() => parseTierFile("{oops", "t.json")).toThrow(/^t\.json:1: not valid JSON/);
    expect(() => parseTierFile('{"a": 1}', "t.json")).toThrow(/t\.json: unknown tier-file shape/);
    await expect(loadTierFile(BINANCE, { venue: "bybit" })).rejects.toThrow(/binance tier file .* not bybit's/);
    await expect(loadTierFile(HL)).rejects.toThrow(/holds 4 symbols \(BTC, ETH, SOL, XRP\): give --symbol/);
    await expect(loadTierFile(BINANCE, { symbol: "ETHUSDT" })).rejects.toThrow(/symbol ETHUSDT is not in the file \(it has BTCUSDT\)/);
    const bad = JSON.stringify([{ symbol: "X", brackets: [{ bracket: 1, initialLeverage: 10, notionalCap: "lots", notionalFloor: 0, maintMarginRatio: 0.01 }] }]);
    expect(() => parseTierFile(bad, "t.json")).toThrow(/^t\.json: \[0\]\.brackets\[0\]\.notionalCap: must be a number > 0 \(got "lots"\)$/);
    const gap = JSON.stringify([{ symbol: "X", brackets: [
      { bracket: 1, initialLeverage: 10, notionalCap: 100, notionalFloor: 0, maintMarginRatio: 0.01 },
      { bracket: 2, initialLeverage: 5, notionalCap: 300, notionalFloor: 200, maintMarginRatio: 0.02 },
    ] }]);
    expect(() => parseTierFile(gap, "t.json")).toThrow(/floor 200 does not continue the previous cap 100/);
    await expect(loadTierFile("nope.json")).rejects.toThrow(/nope\.json: cannot read file/);
  });
});

describe("the maintenance-amount recursion on Binance's older table (FAQ b3c689c1…, docs/forced-flows.md §3.2)", () => {
  it("\"Maintenance Amount on Level 5 = 250,000 × (1% − 0.5%) + 50 USDT = 1,300 USDT\"; then 46,300 at 3 M (2.5 %)", () => {
    const older = [{ floor: 0, mmr: 0.004 }, { floor: 50000, mmr: 0.005 }, { floor: 250000, mmr: 0.01 }, { floor: 3e6, mmr: 0.025 }];
    const cum = maintenanceAmounts(older);
    expect(cum.map((c) => Math.round(c * 1e6) / 1e6)).toEqual([0, 50, 1300, 46300]);
  });
});

describe("tierTable helpers", () => {
  it("symbolKey, tierFor and checkTiers", async () => {
    expect(symbolKey("BTC/USDT:USDT")).toBe("BTCUSDT");
    expect(symbolKey("BTC-USDT-SWAP")).toBe("BTCUSDT");
    const { table } = await loadTierFile(BINANCE);
    expect(tierFor(table, 264000).tier).toBe(2); // (the FAQ's "264,000 … 1%" is its older table, 250,000 – 1 M)
    expect(tierFor(table, 600000).tier).toBe(3);
    expect(tierFor(table, 5e9).tier).toBe(12);
    expect(checkTiers(table.tiers)).toEqual([]);
    expect(maintenanceAmounts([{ floor: 0, mmr: 0.004 }, { floor: 50000, mmr: 0.005 }])).toEqual([0, 50000 * (0.005 - 0.004)]);
  });
});
