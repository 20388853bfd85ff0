/**
 * data/btc_deribit_sample_2026-02-04.csv, the SYNTHETIC Deribit book the report runs on by
 * default: reproducible from its generator, in the real Deribit book-summary format
 * (test/fixtures/real/SOURCES.md §2: same columns, units and conventions as the 2024 dump), and
 * internally consistent (mark prices are the Black-76 prices of the mark IVs on the forwards).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Loaded } from "../../src/data/chain.js";
import { parseDeribitInstrument } from "../../src/data/deribit.js";
import { loadChain } from "../../src/data/load.js";
import { black76Greeks } from "../../src/options/bsm.js";
import { emptyGreeks } from "../../src/options/greeks.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FILE = join(ROOT, "data/btc_deribit_sample_2026-02-04.csv");
const REAL = join(ROOT, "test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv");
const AS_OF = Date.UTC(2026, 1, 4, 14, 0, 0);

const text = readFileSync(FILE, "utf8");
const lines = text.trimEnd().split("\n");
const header = lines[0]!.split(",");
const rows = lines.slice(1).map((l) => l.split(","));
const col = (name: string) => header.indexOf(name);

describe("the synthetic BTC sample", () => {
  let loaded: Loaded;
  beforeAll(async () => {
    loaded = await loadChain(FILE);
  });

  it("is exactly what its seeded generator writes (--check)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "data/generate_btc_sample.mjs"), "--check"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("up to date");
  });

  it("has the real book summary's 20 columns in the same order", () => {
    const realHeader = readFileSync(REAL, "utf8").split("\n")[0]!.trim().split(",");
    expect(header).toEqual(realHeader);
    for (const r of rows) expect(r).toHaveLength(20);
  });

  it("loads as a Deribit chain with every row used and nothing to warn about", () => {
    const { chain, report } = loaded;
    expect(report.format).toBe("deribit");
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.contracts).toBe(rows.length);
    expect(report.used + report.excluded.zeroOpenInterest).toBe(report.contracts);
    expect(chain.underlying).toBe("BTC");
    expect(chain.asOf.epochMs).toBe(AS_OF);
    expect(chain.spot).toBe(73012.64);
    expect(chain.multiplier.every((m) => m === 1)).toBe(true);
  });

  it("lists Deribit's expiries from 5FEB26 to 25SEP26: dailies, then Fridays, all 08:00 UTC", () => {
    const labels = [...new Set(rows.map((r) => r[col("instrument_name")]!.split("-")[1]!))];
    const insts = labels.map((l) => parseDeribitInstrument(`BTC-${l}-70000-C`)!).sort((a, b) => a.expiry - b.expiry);
    expect(insts[0]!.expiryLabel).toBe("5FEB26");
    expect(insts[insts.length - 1]!.expiryLabel).toBe("25SEP26");
    for (const i of insts) {
      const d = new Date(i.expiry);
      expect(d.getUTCHours()).toBe(8);
      // a daily (within 3 days) or a Friday
      expect(i.expiry - AS_OF < 3.5 * 86400e3 || d.getUTCDay() === 5, i.expiryLabel).toBe(true);
    }
    expect(loaded.report.expiries).toHaveLength(labels.length);
  });

  it("quotes mark_iv in percent with a put skew, and forwards in a small contango", () => {
    const byExpiry = new Map<string, { fwd: number; atm: number[]; lowK: number[]; highK: number[] }>();
    for (const r of rows) {
      const [, label, k] = r[col("instrument_name")]!.split("-");
      const K = Number(k);
      const F = Number(r[col("underlying_price")]);
      const iv = Number(r[col("mark_iv")]);
      let e = byExpiry.get(label!);
      if (!e) byExpiry.set(label!, (e = { fwd: F, atm: [], lowK: [], highK: [] }));
      expect(F).toBe(e.fwd); // one forward per expiry
      if (Math.abs(Math.log(K / F)) < 0.03) e.atm.push(iv);
      if (K / F < 0.85 && K / F > 0.75) e.lowK.push(iv);
      if (K / F > 1.15 && K / F < 1.25) e.highK.push(iv);
    }
    const sorted = [...byExpiry.entries()].map(([l, e]) => ({ l, e, t: parseDeribitInstrument(`BTC-${l}-1-C`)!.expiry })).sort((a, b) => a.t - b.t);
    let prev = 73012.64;
    for (const { l, e } of sorted) {
      expect(e.fwd, l).toBeGreaterThan(prev - 50); // rising with maturity (noise of a few dollars allowed)
      expect(e.fwd / 73012.64 - 1, l).toBeLessThan(0.05);
      prev = e.fwd;
      for (const v of e.atm) {
        expect(v, l).toBeGreaterThanOrEqual(45);
        expect(v, l).toBeLessThanOrEqual(70);
      }
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      if (e.lowK.length && e.highK.length) expect(mean(e.lowK), l).toBeGreaterThan(mean(e.highK));
    }
  });

  it("mark_price × forward is the Black-76 price of mark_iv (to the file's 8 decimals)", () => {
    for (const r of rows) {
      const inst = parseDeribitInstrument(r[col("instrument_name")]!)!;
      const F = Number(r[col("underlying_price")]);
      const iv = Number(r[col("mark_iv")]) / 100;
      const T = (inst.expiry - AS_OF) / (365 * 86400e3);
      const g = black76Greeks(inst.type, 73012.64, F, inst.strike, T, iv, 0, emptyGreeks());
      const mark = Number(r[col("mark_price")]);
      // the mark is rounded to 1e-8 BTC; the generator's erfc and the library's agree far below that
      expect(Math.abs(mark - g.price / F), r[col("instrument_name")]).toBeLessThanOrEqual(0.5e-8 + 1e-12);
    }
  });

  it("holds the story's open interest: puts bought between 64k and 71k, call walls at 80k and 100k", () => {
    const oi = new Map<string, number>();
    for (const r of rows) {
      const [, , k, t] = r[col("instrument_name")]!.split("-");
      oi.set(`${t}${k}`, (oi.get(`${t}${k}`) ?? 0) + Number(r[col("open_interest")]));
    }
    const puts = [...oi].filter(([key]) => key.startsWith("P")).map(([key, v]) => [Number(key.slice(1)), v] as const);
    const calls = [...oi].filter(([key]) => key.startsWith("C")).map(([key, v]) => [Number(key.slice(1)), v] as const);
    const sum = (xs: ReadonlyArray<readonly [number, number]>) => xs.reduce((a, [, v]) => a + v, 0);
    expect(sum(puts.filter(([k]) => k >= 64000 && k <= 71000))).toBeGreaterThan(0.5 * sum(puts));
    const top2 = [...calls].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([k]) => k).sort((a, b) => a - b);
    expect(top2).toEqual([80000, 100000]);
    // open interest and volume in BTC with Deribit's 0.1 resolution
    for (const r of rows) {
      expect(Number(r[col("open_interest")]) * 10 % 1).toBeCloseTo(0, 9);
      expect(Number(r[col("volume")]) * 10 % 1).toBeCloseTo(0, 9);
    }
  });
});
