/**
 * assembleReport on real and shipped files: the header facts SOURCES.md documents for the real
 * Deribit snapshot, identity with the exposure engine's own results, and the story the shipped
 * synthetic sample is built to tell (data/README.md).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { parseUnderlyingMap } from "../../src/notes/underlyingMap.js";
import { assembleReport } from "../../src/report/assemble.js";
import type { ReportModel } from "../../src/report/model.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REAL = join(ROOT, "test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv");
const SAMPLE = {
  chainFile: join(ROOT, "data/btc_deribit_sample_2026-02-04.csv"),
  notesFile: join(ROOT, "data/ibit_notes_sample.csv"),
  pricesFile: join(ROOT, "data/ibit_history_2025-09_2026-02.csv"),
  map: parseUnderlyingMap("IBIT:BTC=0.000568"),
};

describe("assembleReport on the real 2024 Deribit snapshot", () => {
  let m: ReportModel;
  beforeAll(async () => {
    m = await assembleReport({ chainFile: REAL, profile: { grid: { range: [0.7, 1.3], steps: 300 } } });
  });

  it("reports the snapshot SOURCES.md describes", () => {
    expect(m.meta.underlying).toBe("BTC");
    expect(m.meta.spot).toBe(72011.29);
    expect(m.meta.asOf).toBe("2024-03-12T05:57:12.940Z");
    expect(m.meta.source.format).toBe("deribit");
    expect(m.meta.source.contracts).toBe(m.meta.source.used + m.meta.source.expired + m.meta.source.filtered);
    // 16 rows carry a stale forward: one warning line names the first and counts the rest
    expect(m.warnings.filter((w) => /stale forward .*\(and 15 more like it\)$/.test(w))).toHaveLength(1);
    expect(m.meta.conventions).toMatchObject({ dealer: "naive", volModel: "sticky-strike", rate: 0, dividend: 0 });
    expect(m.meta.conventions.grid.points).toBe(301);
    expect(m.notes).toBeNull();
  });

  it("shows exactly what the exposure engine computes for the same options", async () => {
    const { chain } = await loadChain(REAL);
    const p = await computeProfile(chain, { grid: { range: [0.7, 1.3], steps: 300 } });
    expect(m.levels).toEqual({ ...p.levels, flip: p.convention.flip, flipRule: "nearest spot" });
    expect(m.levels.flip).toBe(p.levels.nearestZeroGamma);
    expect(m.profile.gamma).toEqual(Array.from(p.gamma));
    expect(m.atSpot).toEqual(p.atSpot);
    expect(m.byExpiry.map((e) => e.expiry)).toEqual(p.byExpiry.map((e) => e.expiry));
    // 12 expiries 12MAR24 … 27DEC24 (SOURCES.md)
    expect(m.byExpiry).toHaveLength(12);
    expect(m.byExpiry[0]!.expiry).toBe("2024-03-12T08:00:00Z");
    expect(m.byExpiry[11]!.expiry).toBe("2024-12-27T08:00:00Z");
    // first-order hedge per 1% rise = −dollar gamma (issue 4's sign); the exact re-hedges are the
    // engine's flows, USD at the price they trade at; contracts of BTC instruments
    expect(m.hedge.firstOrder.usd).toBe(-p.atSpot.gamma + 0);
    expect(m.hedge.up1pct.underlying).toBe(p.flows.up1pct.underlying);
    expect(m.hedge.up1pct.usd).toBe(p.flows.up1pct.underlying * p.flows.up1pct.price);
    expect(m.hedge.down1pct.underlying).toBe(p.flows.down1pct.underlying);
    const mbt = m.hedge.instruments.find((i) => i.id === "CME-MBT")!;
    expect(mbt.firstOrder * mbt.size).toBeCloseTo(m.hedge.firstOrder.underlying, 9);
    expect(mbt.down1pct * mbt.size).toBeCloseTo(m.hedge.down1pct.underlying, 9);
  });
});

describe("assembleReport on the shipped synthetic sample (BTC chain + IBIT notes)", () => {
  let m: ReportModel;
  beforeAll(async () => {
    m = await assembleReport(SAMPLE);
  });

  it("tells the story the sample is built for (data/README.md)", () => {
    expect(m.meta.asOf).toBe("2026-02-04T14:00:00Z");
    expect(m.meta.spot).toBe(73012.64);
    expect(m.meta.source.used).toBeGreaterThan(600);
    // puts bought for weeks between 64k and 71k: dealers short gamma across that band, put wall in it
    expect(m.levels.putWall).toBeGreaterThanOrEqual(64000);
    expect(m.levels.putWall).toBeLessThanOrEqual(71000);
    expect(m.shortGammaZones.some(([lo, hi]) => lo <= 64000 && hi >= 71000)).toBe(true);
    // calls spread above spot with walls near 80k and 100k: the call wall (at spot) is 80k
    expect(m.levels.callWall).toBe(80000);
  });

  it("evaluates the IBIT notes at the chain's instant and spot through the mapping", () => {
    const n = m.notes!;
    expect(n.underlying).toBe("IBIT");
    expect(n.spot).toBeCloseTo(73012.64 * 0.000568, 12);
    // 49 notes in data/ibit_notes_sample.csv; every one is either on the grid or skipped with a reason
    expect(n.rows).toHaveLength(49);
    expect(m.notesOverlay!.included + m.notesOverlay!.skipped.length).toBe(49);
    for (const r of n.rows) {
      // on the BTC grid: the IBIT level / 0.000568, exactly one rounding
      expect(r.barrierOnGrid).toBe(r.barrierLevel / 0.000568);
    }
    // vols from the chain's smile: inside the chain's own IV range
    for (const r of n.rows) {
      expect(r.vol).toBeGreaterThan(0.3);
      expect(r.vol).toBeLessThan(1.3);
    }
    expect(n.vol.source).toBe("chain");
  });

  it("ranks first the stack breached intraday (above spot, pending the close), then the December stack (38–39.5 IBIT) below spot, in the 64k–71k band", () => {
    const live = m.clusters!.rows.filter((c) => !c.breached);
    const spot = m.notes!.spot!; // 41.47 IBIT at 09:00 New York on 4 Feb; the last close (3 Feb) was 44.59
    // daily barriers 42.9–44.02 with the spot below them and no close below yet: breached-intraday, not knocked-in
    const first = live[0]!;
    expect(first.lo).toBeGreaterThan(spot);
    const inFirst = m.notes!.rows.filter((r) => r.barrierLevel >= first.lo && r.barrierLevel <= first.hi);
    expect(inFirst.length).toBe(first.count);
    // the daily notes are breached intraday; final-observation ones are simply alive below their barrier
    for (const r of inFirst) expect([r.id, r.status]).toEqual([r.id, r.observation === "final" ? "alive" : "breached-intraday"]);
    expect(inFirst.filter((r) => r.status === "breached-intraday").length).toBeGreaterThan(0);
    const top = live.filter((c) => c.hi < spot)[0]!;
    expect(top.lo).toBeGreaterThanOrEqual(38);
    expect(top.hi).toBeLessThanOrEqual(39.5);
    expect(top.centerOnGrid!).toBeGreaterThan(64000);
    expect(top.centerOnGrid!).toBeLessThan(71000);
    // ranked by the hedge a breach would force the issuers to sell
    for (let i = 1; i < live.length; i++) expect(Math.abs(live[i]!.unwindUsd)).toBeLessThanOrEqual(Math.abs(live[i - 1]!.unwindUsd));
  });

  it("a fixed --note-vol is used for every note", async () => {
    const m2 = await assembleReport({ ...SAMPLE, noteVol: 0.6 });
    expect(m2.notes!.vol).toEqual({ source: "flag", value: 0.6 });
    for (const r of m2.notes!.rows) expect(r.vol).toBe(0.6);
  });

  it("notes on another underlying without a mapping are an error naming the fix", async () => {
    await expect(assembleReport({ chainFile: SAMPLE.chainFile, notesFile: SAMPLE.notesFile })).rejects.toThrow(/notes on IBIT and the chain is BTC: give a mapping IBIT:BTC=<BTC per IBIT> such as IBIT:BTC=0.000568$/);
  });
});
