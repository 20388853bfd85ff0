/**
 * `gexray margin`, `adl`, `sqf` and `basis` end to end: the checks through the CLI, --json
 * fields, widths, and bad input as one line with exit code 2.
 */
import { describe, expect, it } from "vitest";
import { gexray, oneLineError } from "./run.js";

const CENT = 0.005;
const widthOk = (text: string) => text.split("\n").every((l) => [...l].length <= 100);
const json = (args: string[]) => {
  const r = gexray([...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe("gexray margin", () => {
  it("the issue's Binance check: long 1 BTC at 90,000, 10x → 81,356.78 (bracket 0.5 %, cum 50); short → 98,557.21", () => {
    const d = json(["margin", "--venue", "binance", "--side", "long", "--entry", "90000", "--size", "1", "--leverage", "10"]);
    expect(Object.keys(d)).toEqual(expect.arrayContaining([
      "venue", "side", "entry", "size", "notional", "leverage", "initialMargin", "maintenanceMargin", "maintenanceRate",
      "maintenanceAmount", "liquidationPrice", "bankruptcyPrice", "distancePct",
    ]));
    expect(Math.abs(d.liquidationPrice - 81356.78)).toBeLessThan(CENT);
    expect([d.maintenanceRate, d.maintenanceAmount, d.notional, d.initialMargin]).toEqual([0.005, 50, 90000, 9000]);
    expect(d.distancePct).toBeCloseTo((81356.78391959799 / 90000 - 1) * 100, 10);
    expect(d.tiers).toMatchObject({ asOf: "2024-10-24", sample: true, symbol: "BTCUSDT" });
    const s = json(["margin", "--venue", "binance", "--side", "short", "--entry", "90000", "--size", "1", "--leverage", "10"]);
    expect(Math.abs(s.liquidationPrice - 98557.21)).toBeLessThan(CENT);
  });
  it("the bracket that holds at the liquidation price: 40 BTC at 90,000, 3x → bracket 3, 60,368.65", () => {
    const d = json(["margin", "--venue", "binance", "--side", "long", "--entry", "90000", "--size", "40", "--leverage", "3"]);
    expect(d.tier.tier).toBe(3);
    expect(Math.abs(d.liquidationPrice - 2399050 / 39.74)).toBeLessThan(1e-9);
  });
  it("the ccxt tiers file, symbol in ccxt's spelling, gives the same answer", () => {
    const d = json(["margin", "--venue", "binance", "--side", "long", "--entry", "90000", "--size", "1", "--leverage", "10",
      "--tiers", "test/fixtures/futures/ccxt_binance_leverage_tiers_BTCUSDT_2024-10-24.json", "--symbol", "BTC/USDT:USDT"]);
    expect(Math.abs(d.liquidationPrice - 81356.78)).toBeLessThan(CENT);
    expect(d.tiers).toMatchObject({ format: "ccxt", sample: false });
  });
  it("Bybit 1 BTC at 20,000, 50x, MMR 0.5 % → 19,700; OKX 5x at 10 with fee → 8.085708510208207 / 11.87413417771621", () => {
    expect(json(["margin", "--venue", "bybit", "--side", "long", "--entry", "20000", "--size", "1", "--leverage", "50", "--mmr", "0.5%"]).liquidationPrice).toBe(19700);
    const okx = (side: string) => json(["margin", "--venue", "okx", "--side", side, "--entry", "10", "--size", "1", "--leverage", "5", "--mmr", "0.01", "--fee", "0.0006"]).liquidationPrice;
    expect(Math.abs(okx("long") - 8.085708510208207)).toBeLessThan(1e-14);
    expect(Math.abs(okx("short") - 11.87413417771621)).toBeLessThan(1e-14);
  });
  it("bankruptcy 85,500 at 20x; insurance fund −500 at a fill of 85,000, +200 at 85,700", () => {
    const a = json(["margin", "--venue", "binance", "--side", "long", "--entry", "90000", "--size", "1", "--leverage", "20", "--fill", "85000"]);
    expect(a.bankruptcyPrice).toBe(85500);
    expect(a.insuranceFund).toEqual({ fill: 85000, pnl: -500 });
    const b = json(["margin", "--venue", "binance", "--side", "long", "--entry", "90000", "--size", "1", "--leverage", "20", "--fill", "85700"]);
    expect(b.insuranceFund.pnl).toBe(200);
  });
  it("Hyperliquid from its shipped docs table: 82,025.32; cross margin with Binance's FAQ inputs (L3) → 1,153.26", () => {
    expect(Math.abs(json(["margin", "--venue", "hyperliquid", "--side", "long", "--entry", "90000", "--size", "1", "--leverage", "10"]).liquidationPrice - 82025.32)).toBeLessThan(CENT);
    // Binance's calculator example (freqtrade test_binance.py, docs/forced-flows.md §3.3 L3): 1,153.26
    const l3 = json(["margin", "--venue", "binance", "--side", "long", "--entry", "1456.84", "--size", "3683.979", "--leverage", "10",
      "--mmr", "10%", "--mm-amount", "135365", "--cross", "--wallet", "1535443.01", "--other-mm", "71200.81", "--other-upnl", "-56354.57"]);
    expect(Math.abs(l3.liquidationPrice - 1153.26)).toBeLessThan(CENT);
    expect(l3.marginMode).toBe("cross");
  });
  it("text output: the labelled figures, within 100 columns, the sample table's as-of", () => {
    const r = gexray(["margin", "--venue", "binance", "--side", "long", "--entry", "90000", "--size", "1", "--leverage", "10"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/liquidation price\s+81,356\.78\s+-9\.60% from entry/);
    expect(r.stdout).toContain("as of 2024-10-24");
    expect(widthOk(r.stdout)).toBe(true);
  });
  it("bad input: one line, exit 2", () => {
    for (const args of [
      ["--venue", "ftx", "--side", "long", "--entry", "1", "--size", "1", "--leverage", "1"],
      ["--venue", "binance", "--side", "up", "--entry", "1", "--size", "1", "--leverage", "1"],
      ["--venue", "binance", "--side", "long", "--entry", "-1", "--size", "1", "--leverage", "1"],
      ["--venue", "okx", "--side", "long", "--entry", "1", "--size", "1", "--leverage", "1"],
      ["--venue", "flat", "--side", "long", "--entry", "1", "--size", "1", "--leverage", "1"],
      ["--venue", "binance", "--side", "long", "--entry", "1", "--size", "1", "--leverage", "1", "--fee", "0.001"],
      ["--venue", "binance", "--side", "long", "--entry", "1", "--size", "1", "--leverage", "1", "--symbol", "ETHUSDT"],
      ["--venue", "binance", "--side", "long", "--entry", "1", "--size", "1", "--leverage", "1", "--tiers", "missing.json"],
      ["--venue", "bybit", "--side", "long", "--entry", "1", "--size", "1", "--leverage", "1", "--tiers", "data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json"],
      ["--venue", "binance", "--side", "long", "--entry", "1", "--size", "1", "--leverage", "20", "--imr", "0.1"],
    ]) {
      const r = gexray(["margin", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(oneLineError(r.stderr), r.stderr).toBe(true);
    }
  });
});

describe("gexray sqf", () => {
  const S1 = ["sqf", "--contract", "QBTC", "--side", "long", "--qty", "3", "--entry", "90000", "--exit", "93095.61", "--tfa-entry", "-3752.5", "--tfa-exit", "-3703.11"];
  it("CME's example: pricePnl 92.8683, tfaPnl 1.4817, pnl 94.35, cleared 86,247.50 → 89,392.50, 3.44 % vs 14.56 %", () => {
    const d = json([...S1, "--margin", "648"]);
    expect(d.pricePnl).toBeCloseTo(92.8683, 9);
    expect(d.tfaPnl).toBeCloseTo(1.4817, 9);
    expect(d.pnl).toBeCloseTo(94.35, 9);
    expect([d.clearedEntry, d.size, d.verify]).toEqual([86247.5, 0.01, false]);
    expect(d.clearedExit).toBeCloseTo(89392.5, 9);
    expect(Math.round(d.capitalEfficiency.direct.return * 10000) / 100).toBe(3.44);
    expect(Math.round(d.capitalEfficiency.margin.return * 10000) / 100).toBe(14.56);
  });
  it("--same-day: 60.00 for an exit at 92,000, no TFA; text within 100 columns says the TFA is an input", () => {
    const d = json(["sqf", "--contract", "QBTC", "--side", "long", "--qty", "3", "--entry", "90000", "--exit", "92000", "--same-day"]);
    expect(d.pnl).toBeCloseTo(60, 9);
    expect(d.tfaPnl).toBe(0);
    const r = gexray([...S1, "--margin", "648"]);
    expect(r.stdout).toMatch(/total\s+94\.35 USD/);
    expect(r.stdout).toContain("TFA taken as published");
    expect(widthOk(r.stdout)).toBe(true);
    expect(gexray(["sqf", "--help"]).stdout.replace(/\s+/g, " ")).toMatch(/as published, with its sign/);
  });
  it("sizes from data/contracts.json; nano sizes keep their verify mark", () => {
    expect(json(["sqf", "--contract", "QXRP", "--side", "long", "--qty", "2", "--entry", "2", "--exit", "2.1", "--same-day"]).coin).toBe(500);
    const nano = json(["sqf", "--contract", "BIT", "--side", "long", "--qty", "1", "--entry", "1", "--exit", "1", "--same-day"]);
    expect(nano.verify).toBe(true);
    expect(nano.notes.join(" ")).toMatch(/reported, not verified/);
  });
  it("bad input: an overnight trade without TFAs, an unknown contract", () => {
    for (const args of [
      ["sqf", "--contract", "QBTC", "--side", "long", "--qty", "3", "--entry", "1", "--exit", "2"],
      ["sqf", "--contract", "QDOGE", "--side", "long", "--qty", "3", "--entry", "1", "--exit", "2", "--same-day"],
      ["sqf", "--contract", "QBTC", "--side", "long", "--qty", "0", "--entry", "1", "--exit", "2", "--same-day"],
    ]) {
      const r = gexray(args);
      expect(r.code).toBe(2);
      expect(oneLineError(r.stderr)).toBe(true);
    }
  });
});

describe("gexray adl", () => {
  it("the issue's check through a file: long 10 BTC at 80,000, 11x, mark 90,000 → 0.651316 (BitMEX / Bybit / OKX)", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "gexray-adl-"));
    const f = join(dir, "p.csv");
    writeFileSync(f, "id,side,size,entry,mark,leverage\na,long,10,80000,90000,11\nb,short,1,95000,90000,10\n");
    for (const venue of ["bitmex", "bybit", "okx"]) {
      const d = json(["adl", f, "--venue", venue]);
      expect(Math.abs(d.ranking.find((r: { id: string }) => r.id === "a").score - 0.651316)).toBeLessThan(5e-7);
    }
    const b = json(["adl", f, "--venue", "binance"]);
    expect(Math.abs(b.ranking.find((r: { id: string }) => r.id === "a").score - 0.0390066)).toBeLessThan(5e-8);
  });
  it("the fund absorbs what it can; the shortfall's share of the bankrupt long goes to the top shorts, in order", () => {
    const d = json(["adl", "data/positions_sample.csv", "--venue", "bybit", "--insurance-fund", "250000", "--bankrupt-loss", "400000", "--bankrupt-size", "30"]);
    expect(d.fund).toMatchObject({ balance: 250000, loss: 400000, absorbs: 250000, after: 0, shortfall: 150000 });
    expect(d.fund.adlSize).toBeCloseTo(30 * 150000 / 400000, 12);
    const shorts = d.ranking.filter((r: { side: string; rank: number | null }) => r.side === "short" && r.rank !== null);
    expect(d.fund.deleveraged.map((x: { id: string }) => x.id)).toEqual(shorts.slice(0, d.fund.deleveraged.length).map((r: { id: string }) => r.id));
    const closed = d.fund.deleveraged.reduce((a: number, x: { closed: number }) => a + x.closed, 0);
    expect(closed).toBeCloseTo(d.fund.adlSize, 12);
    expect(d.assumptions.join(" ")).toMatch(/supplied/);
    expect(d.fileNotes[0]).toMatch(/SYNTHETIC/);
  });
  it("CME: the waterfall, no ranking, no ADL; text within 100 columns", () => {
    const d = json(["adl", "data/positions_sample.csv", "--venue", "cme", "--insurance-fund", "1e6", "--bankrupt-loss", "2e6"]);
    expect(d.ranking).toEqual([]);
    expect(d.waterfall.adl).toBe(false);
    expect(d.fund).toMatchObject({ absorbs: 1e6, shortfall: 1e6, adl: false });
    const r = gexray(["adl", "data/positions_sample.csv", "--venue", "bybit"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ASSUMED: positions as supplied");
    expect(widthOk(r.stdout)).toBe(true);
  });
  it("bad input: a shortfall without a size, an unknown venue, an unreadable file", () => {
    for (const args of [
      ["adl", "data/positions_sample.csv", "--venue", "bybit", "--insurance-fund", "1", "--bankrupt-loss", "2"],
      ["adl", "data/positions_sample.csv", "--venue", "ftx"],
      ["adl", "nope.csv", "--venue", "bybit"],
      ["adl", "data/cme_btc_futures_2026-01-26_2026-02-10.csv", "--venue", "bybit"],
    ]) {
      const r = gexray(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(oneLineError(r.stderr), r.stderr).toBe(true);
    }
  });
});

describe("gexray basis", () => {
  it("the Deribit file's term structure: 26APR24 35.870 % … 27DEC24 15.711 %, sub-week expiries left out", () => {
    const d = json(["basis", "test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv"]);
    expect(d.spot).toBe(72011.29);
    expect(d.asOf).toBe("2024-03-12T05:57:12.940Z");
    const b = Object.fromEntries(d.contracts.map((c: { code: string; basis: number }) => [c.code, c.basis * 100]));
    for (const [k, v] of Object.entries({ "26APR24": 35.87, "31MAY24": 27.61, "28JUN24": 24.878, "27SEP24": 21.916, "27DEC24": 15.711 })) {
      expect(Math.abs(b[k] - v)).toBeLessThan(5e-4);
    }
    expect(d.excluded.map((e: { code: string }) => e.code)).toEqual(["12MAR24", "13MAR24", "14MAR24", "15MAR24"]);
    expect(Object.keys(d.constantMaturity)).toEqual(["30", "60", "90", "120"]);
  });
  it("--year-days 365.25 reproduces Coin Metrics' published example: 30-day 8.26161 %", () => {
    const d = json(["basis", "test/fixtures/futures/coinmetrics_example.csv", "--year-days", "365.25", "--tenors", "30"]);
    expect(d.contracts.map((c: { days: number }) => c.days)).toEqual([24, 52]);
    expect(Math.abs(d.constantMaturity["30"] - 0.0826161)).toBeLessThan(5e-8);
  });
  it("the §1.2 curve as a file: 30-day 3.4424 % → 8.2129 % (Feb and Mar are GMT: whole days), flagged, inverted", () => {
    // the 60/90/120-day tenors use the April–June expiries, 16:00 London in BST: one hour fewer
    // than the notes' whole days, so only the 30-day values are compared to the notes' 4 decimals
    const d = json(["basis", "test/fixtures/futures/cme_btc_2026-02-05_06_forced-flows_table.csv", "--history"]);
    expect(d.days.map((x: { date: string }) => x.date)).toEqual(["2026-02-05", "2026-02-06"]);
    expect(Math.abs(d.days[0].constantMaturity["30"] * 100 - 3.4424)).toBeLessThan(5e-5);
    expect(Math.abs(d.days[1].constantMaturity["30"] * 100 - 8.2129)).toBeLessThan(5e-5);
    expect(d.jumps.filter((j: { tenor: number }) => j.tenor === 30)).toHaveLength(1);
    expect(d.jumps.map((j: { tenor: number }) => j.tenor)).not.toContain(120);
    expect(d.inversions).toHaveLength(1);
  });
  it("the shipped sample's history: the 6 Feb jump with CME OI down the day before and up on the day, faster than Binance", () => {
    const d = json(["basis", "data/cme_btc_futures_2026-01-26_2026-02-10.csv", "--history", "--oi", "data/btc_oi_history_2026-01-26_2026-02-10.csv"]);
    const j30 = d.jumps.find((j: { tenor: number }) => j.tenor === 30);
    expect(j30.date).toBe("2026-02-06");
    expect(j30.rules).toEqual(["change", "z"]);
    expect(j30.oiChange.cmePreviousDay.pct).toBeLessThan(-5);
    expect(j30.oiChange.cme.pct).toBeGreaterThan(5);
    expect(j30.oiChange.cme.pct).toBeGreaterThan(j30.oiChange.binance.pct);
    expect(j30.readings.map((r: string) => r.split(":")[0])).toEqual(["basis-trade unwind", "basis-trade rebuild"]);
    expect(d.days).toHaveLength(12);
    expect(d.fileNotes.every((n: string) => n.includes("SYNTHETIC"))).toBe(true);
  });
  it("--help quotes the sample's 6 Feb jump as the command computes it (30 d) and as the front contract gives it by hand", () => {
    const help = gexray(["basis", "--help"]).stdout.replace(/\s+/g, " ");
    const m = /30-day constant maturity (\d+\.\d\d)% → (\d+\.\d\d)%; front contract BTCG26 (\d+\.\d\d)% → (\d+\.\d\d)%/.exec(help);
    expect(m, help).not.toBeNull();
    const d = json(["basis", "data/cme_btc_futures_2026-01-26_2026-02-10.csv", "--history", "--oi", "data/btc_oi_history_2026-01-26_2026-02-10.csv"]);
    const cm = (date: string) => (100 * d.days.find((x: { date: string }) => x.date === date).constantMaturity["30"]).toFixed(2);
    expect([m![1], m![2]]).toEqual([cm("2026-02-05"), cm("2026-02-06")]);
    // hand computation from the file's BTCG26 rows: (F/S − 1) × 365 / days, 16:00 London (UTC in
    // February) to the expiry 2026-02-27T16:00Z: 22 and 21 days
    expect([m![3], m![4]]).toEqual([((66435 / 66310.25 - 1) * 365 / 22 * 100).toFixed(2), ((71300 / 70912.83 - 1) * 365 / 21 * 100).toFixed(2)]);
  });
  it("text: tables within 100 columns, the SYNTHETIC note, the loader counts", () => {
    const r = gexray(["basis", "data/cme_btc_futures_2026-01-26_2026-02-10.csv", "--history", "--oi", "data/btc_oi_history_2026-01-26_2026-02-10.csv"]);
    expect(r.code).toBe(0);
    expect(widthOk(r.stdout)).toBe(true);
    for (const s of ["Basis per listed contract", "Constant-maturity basis", "Basis history", "Basis jumps", "SYNTHETIC", "128 rows, 128 used, 0 left out"]) expect(r.stdout).toContain(s);
  });
  it("bad input: one line, exit 2", () => {
    for (const args of [
      ["basis", "missing.csv"],
      ["basis", "data/positions_sample.csv"],
      ["basis", "data/cme_btc_futures_2026-01-26_2026-02-10.csv", "--tenors", "30,abc"],
      ["basis", "data/cme_btc_futures_2026-01-26_2026-02-10.csv", "--jump-pp", "2"],
      ["basis", "data/cme_btc_futures_2026-01-26_2026-02-10.csv", "--date", "2026-02-07"],
      ["basis", "data/cme_btc_futures_2026-01-26_2026-02-10.csv", "--root", "ETH"],
    ]) {
      const r = gexray(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(oneLineError(r.stderr), r.stderr).toBe(true);
    }
  });
});
