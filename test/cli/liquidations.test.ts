/**
 * `gexray liquidations`: issue 11's check vector through the CLI (one cohort of 11,111.11 BTC at
 * 90,000, leverage {2: .15, 5: .25, 10: .30, 25: .20, 50: .07, 100: .03}, mmr 0.5% → forced selling
 * of 333.33 / 3,333.33 / 6,666.67 / 9,444.44 BTC to 89k / 85k / 80k / 70k, the mirror above), the
 * ESTIMATED labels, and bad input.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gexray, oneLineError } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "gexray-liq-"));
const oi = join(dir, "oi.csv");
writeFileSync(oi, "timestamp,high,low,close,sumOpenInterest\n2026-02-01T00:00:00Z,90000,90000,90000,11111.11\n");
const lev = join(dir, "lev.json");
const A = { 2: 0.15, 5: 0.25, 10: 0.3, 25: 0.2, 50: 0.07, 100: 0.03 };
writeFileSync(lev, JSON.stringify({ long: A, short: A }));
const SAMPLE = "data/btc_oi_history_2026-01-26_2026-02-10.csv";

interface Step { price: number; coin: number; usd: number }

describe("gexray liquidations", () => {
  it("issue 11's vector: cumulative forced selling and buying at the bin edges", () => {
    const r = gexray(["liquidations", oi, "--leverage", lev, "--mmr", "0.5%", "--bin", "1000", "--json"]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as { spot: number; cumulative: { sell: Step[]; buy: Step[] }; bins: Array<{ price: number; side: string; coin: number }>; assumptions: string[]; estimated: boolean };
    expect(d.spot).toBe(90000);
    const sell = (p: number) => d.cumulative.sell.find((s) => s.price === p)!.coin.toFixed(2);
    const buy = (p: number) => d.cumulative.buy.find((s) => s.price === p)!.coin.toFixed(2);
    expect([89000, 85000, 80000, 70000].map(sell)).toEqual(["333.33", "3333.33", "6666.67", "9444.44"]);
    expect([91000, 95000, 100000, 110000].map(buy)).toEqual(["333.33", "3333.33", "6666.67", "9444.44"]);
    // bins at their lower edge: the 100x longs at 89,550 are in the 89,000 bin
    expect(d.bins.find((b) => b.side === "long" && b.price === 89000)!.coin.toFixed(2)).toBe("333.33");
    expect(d.estimated).toBe(true);
    expect(d.assumptions[0]).toMatch(/^ESTIMATED: leverage is not public; assumed "/);
    expect(d.assumptions[1]).toMatch(/simple isolated E·\(1 ∓ 1\/L ± mmr\), mmr 0.5%/);
  });

  it("text: says ESTIMATED, names the assumptions, fits 100 columns", () => {
    const r = gexray(["liquidations", SAMPLE, "--venue", "binance", "--until", "2026-02-04T14:00Z"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ESTIMATED liquidation ladder · binance BTCUSDT · 2026-02-04T14:00:00Z/m);
    expect(r.stdout).toContain("leverage is not public");
    expect(r.stdout).toContain("data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json");
    expect(r.stdout).not.toContain(process.cwd());
    for (const line of r.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it("says what the file says about itself: the sample's SYNTHETIC line in the terminal and the JSON; nothing for a plain file", () => {
    const t = gexray(["liquidations", SAMPLE, "--venue", "binance"]);
    expect(t.stdout).toMatch(/^note: data\/btc_oi_history_2026-01-26_2026-02-10.csv: SYNTHETIC sample/);
    for (const line of t.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
    const j = JSON.parse(gexray(["liquidations", SAMPLE, "--venue", "binance", "--json"]).stdout) as { warnings: string[]; fileNotes: string[] };
    expect(j.fileNotes).toEqual([`${SAMPLE}: SYNTHETIC sample shaped like 26 Jan - 10 Feb 2026, not market data (data/README.md; data/generate_futures_sample.mjs)`]);
    expect(j.warnings[0]).toBe(j.fileNotes[0]);
    const plain = JSON.parse(gexray(["liquidations", oi, "--mmr", "0.5%", "--json"]).stdout) as { warnings: string[]; fileNotes: string[] };
    expect(plain.fileNotes).toEqual([]);
    expect(plain.warnings).toEqual([]);
  });

  it("--json names every rejected row: source has rows, used, rejected and each problem's line, field and reason", () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, [
      "timestamp,high,low,close,sumOpenInterest",
      "2026-02-01T00:00:00Z,90000,90000,90000,100",
      "yesterday,90000,90000,90000,100", // line 3: time
      "2026-02-01T01:00:00Z,90000,90000,90000,-5", // line 4: negative OI
      "2026-02-01T02:00:00Z,90000,90000,90000,", // line 5: no OI
      "2026-02-01T03:00:00Z,89000,91000,90000,100", // line 6: high < low
      "2026-02-01T04:00:00Z,90000,90000,90000", // line 7: a field short
      "2026-02-01T05:00:00Z,90500,89500,90000,120",
    ].join("\n") + "\n");
    const r = gexray(["liquidations", bad, "--mmr", "0.5%", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { source: { file: string; rows: number; used: number; rejected: number; problems: Array<{ line: number; field?: string; reason: string }> }; warnings: string[] };
    expect(d.source.file).toBe(bad);
    expect([d.source.rows, d.source.used, d.source.rejected]).toEqual([7, 2, 5]);
    expect(d.source.problems.map((p) => p.line).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7]);
    expect(d.source.problems.find((p) => p.line === 3)!.field).toBe("timestamp");
    for (const p of d.source.problems) expect(p.reason.length).toBeGreaterThan(0);
    expect(d.warnings[0]).toMatch(/5 row\(s\) left out \(lines 3, 4, 5, 6, 7\)/);
  });

  it("Binance openInterestHist as CSV (symbol,sumOpenInterest,sumOpenInterestValue,timestamp) is the binance series", () => {
    const f = join(dir, "binance_oi.csv");
    writeFileSync(f, "symbol,sumOpenInterest,sumOpenInterestValue,timestamp\nBTCUSDT,20403.637,150570784.07809979,1583127900000\nBTCUSDT,20401.367,149940752.14464448,1583128200000\n");
    const r = gexray(["liquidations", f, "--venue", "binance", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { venue: string; assumptions: string[] };
    expect(d.venue).toBe("binance BTCUSDT");
    expect(d.assumptions.some((a) => a === `${f}: no venue column: read as binance (sumOpenInterest, sumOpenInterestValue are Binance openInterestHist's columns)`)).toBe(true);
  });

  it("--bin finer than 100,000 bins over the ladder's prices: one line naming --bin, exit 2, no run out of memory", () => {
    // issue 11's vector: live liquidation prices 45,450 (2x longs) to 134,550 (2x shorts), spot 90,000
    // (hand computation: E·(1 ∓ 1/L ± 0.005) at L = 2); (134,550 − 45,450) / 0.0001 + 2 ≈ 8.9e8 bins
    const t0 = Date.now();
    const r = gexray(["liquidations", oi, "--leverage", lev, "--mmr", "0.5%", "--bin", "0.0001"]);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code, r.stderr).toBe(2);
    expect(oneLineError(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/--bin 0\.0001 gives 891,000,002 bins over the ladder's 45,450–134,550 USD, more than 100,000: try --bin 1\b/);
    // 89,100 / 0.9 + 2 = 99,002 bins: allowed; 89,100 / 0.89 + 2 ≈ 100,113: refused
    // (12 MB of JSON: written with --out, beyond a pipe's buffer in the test runner)
    const ok = gexray(["liquidations", oi, "--leverage", lev, "--mmr", "0.5%", "--bin", "0.9", "--json", "--out", join(dir, "fine.json")]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(gexray(["liquidations", oi, "--leverage", lev, "--mmr", "0.5%", "--bin", "0.89", "--json"]).code).toBe(2);
  });

  it("the venue's own rule by default (the shipped Binance brackets), the simple rule with --mmr", () => {
    const venue = JSON.parse(gexray(["liquidations", SAMPLE, "--venue", "binance", "--json"]).stdout) as { assumptions: string[] };
    expect(venue.assumptions[1]).toMatch(/^liquidation rule: binance isolated rule \(tiers data\/tiers\//);
    const cme = JSON.parse(gexray(["liquidations", SAMPLE, "--venue", "cme", "--json"]).stdout) as { assumptions: string[] };
    expect(cme.assumptions.some((a) => /no tier table for cme: the simple rule with an assumed maintenance rate of 0.5%/.test(a))).toBe(true);
    expect(cme.assumptions.some((a) => /CME has no liquidation engine/.test(a))).toBe(true);
  });

  it("bad input: one line, exit 2", () => {
    for (const args of [
      [SAMPLE], // several series, no --venue
      [SAMPLE, "--venue", "kraken"],
      [oi, "--leverage", "reckless"],
      [oi, "--slippage", "1%"],
      [oi, "--mmr", "60%"],
      [join(dir, "missing.csv")],
    ]) {
      const r = gexray(["liquidations", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(oneLineError(r.stderr), r.stderr).toBe(true);
    }
    expect(gexray(["liquidations", SAMPLE]).stderr).toMatch(/several series \(binance BTCUSDT, cme BTC\+MBT\): choose one with --venue/);
  });
});
