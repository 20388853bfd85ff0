import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadFuturesPrices } from "../../src/data/futuresPrices.js";
import { loadOiHistory } from "../../src/data/openInterest.js";
import { loadPositions } from "../../src/data/positions.js";
import { basisHistory, futuresFileOi, sampledOi } from "../../src/futures/history.js";
import { oiChanges } from "../../src/futures/jumps.js";

// The shipped SYNTHETIC futures samples (data/README.md) must tell the story of docs/DESIGN.md and
// seed 004: the near-dated CME basis from about 3.3 % to about 9 % (5 → 6 Feb 2026), CME open
// interest collapsing, then rebuilding faster than Binance's.
describe("the shipped futures samples", async () => {
  const prices = await loadFuturesPrices("data/cme_btc_futures_2026-01-26_2026-02-10.csv", { strict: true });
  const oi = await loadOiHistory("data/btc_oi_history_2026-01-26_2026-02-10.csv", { strict: true });
  const btcOnly = prices.observations.map((o) => ({ ...o, quotes: o.quotes.filter((q) => q.root === "BTC") }));
  const hist = basisHistory(btcOnly);
  const day = (d: string) => hist.find((h) => h.date === d)!;

  it("are reproduced byte for byte by their generator", () => {
    const r = spawnSync(process.execPath, ["data/generate_futures_sample.mjs", "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
  it("say they are synthetic, in the files themselves", async () => {
    expect(prices.comments[0]).toMatch(/^SYNTHETIC/);
    expect(oi.comments[0]).toMatch(/^SYNTHETIC/);
    expect((await loadPositions("data/positions_sample.csv")).comments[0]).toMatch(/^SYNTHETIC/);
  });
  it("30-day constant maturity 4.55 % on 26 Jan, 3.28 % on 5 Feb, 8.99 % on 6 Feb, 6.49 % on 10 Feb (as data/README.md states); the curve inverts", () => {
    expect(Math.abs(day("2026-01-26").constantMaturity["30"]! * 100 - 4.55)).toBeLessThan(0.005);
    expect(Math.abs(day("2026-02-10").constantMaturity["30"]! * 100 - 6.49)).toBeLessThan(0.005);
    expect(Math.abs(day("2026-02-06").constantMaturity["120"]! * 100 - 5.89)).toBeLessThan(0.005);
    expect(Math.abs(day("2026-02-05").constantMaturity["30"]! * 100 - 3.28)).toBeLessThan(0.005);
    expect(Math.abs(day("2026-02-06").constantMaturity["30"]! * 100 - 8.99)).toBeLessThan(0.005);
    expect(day("2026-02-05").constantMaturity["30"]!).toBeLessThan(day("2026-02-05").constantMaturity["120"]!);
    expect(day("2026-02-06").constantMaturity["30"]!).toBeGreaterThan(day("2026-02-06").constantMaturity["120"]!);
    // every other day moves less than 2 pp at 30 days
    for (let k = 1; k < hist.length; k++) {
      if (hist[k]!.date === "2026-02-06") continue;
      expect(Math.abs(hist[k]!.constantMaturity["30"]! - hist[k - 1]!.constantMaturity["30"]!)).toBeLessThan(0.02);
    }
  });
  it("CME OI collapses on 5 Feb and rebuilds on 6 Feb faster than Binance's; Binance's collapses too", () => {
    const cme = oiChanges(futuresFileOi(prices.observations, { BTC: 5, MBT: 0.1 }));
    const binSeries = oi.series.find((s) => s.venue === "binance")!;
    const bin = oiChanges(sampledOi(binSeries, hist));
    expect(cme["2026-02-05"]!.pct).toBeLessThan(-10);
    expect(cme["2026-02-06"]!.pct).toBeGreaterThan(5);
    expect(bin["2026-02-05"]!.pct).toBeLessThan(-5);
    expect(bin["2026-02-06"]!.pct).toBeGreaterThan(0);
    expect(bin["2026-02-06"]!.pct).toBeLessThan(cme["2026-02-06"]!.pct);
  });
  it("the OI history's CME rows carry the futures file's OI (BTC + MBT in BTC) of each session's trade date", () => {
    const cmeSeries = oi.series.find((s) => s.venue === "cme")!;
    const fromFile = futuresFileOi(prices.observations, { BTC: 5, MBT: 0.1 });
    for (const d of fromFile) {
      const k = cmeSeries.time.findIndex((t) => t === Date.parse(`${d.date}T16:00:00Z`));
      expect(k).toBeGreaterThanOrEqual(0);
      expect(cmeSeries.oiCoin[k]).toBeCloseTo(d.coin, 6);
    }
  });
});
