import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadPriceHistory } from "../../src/data/priceHistory.js";
import { loadTermSheets } from "../../src/data/termSheets.js";
import { barrierClusters } from "../../src/notes/clusters.js";
import { closeInstant, isWeekday } from "../../src/notes/dates.js";
import { bookExposure } from "../../src/notes/exposure.js";

// The shipped synthetic sample (data/README.md) must tell the story of docs/DESIGN.md.
const HISTORY = "data/ibit_history_2025-09_2026-02.csv";
const NOTES = "data/ibit_notes_sample.csv";

describe("the shipped IBIT sample", async () => {
  const history = await loadPriceHistory(HISTORY, { underlying: "IBIT", strict: true });
  const { notes, report } = await loadTermSheets(NOTES, { strict: true, history });
  const close = (d: string) => history.close[history.dates.indexOf(d)]!;

  it("is reproduced byte for byte by its generator", () => {
    const r = spawnSync(process.execPath, ["data/generate_ibit_sample.mjs", "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("history: US trading days only, September 2025 to mid-February 2026, the brief's anchor closes exact", () => {
    expect(history.dates[0]).toBe("2025-09-02");
    expect(history.dates.at(-1)).toBe("2026-02-13");
    for (const d of history.dates) expect(isWeekday(d)).toBe(true);
    for (const h of ["2025-11-27", "2025-12-25", "2026-01-01", "2026-01-19"]) expect(history.dates).not.toContain(h);
    expect(close("2025-11-10")).toBe(60);
    expect(close("2026-02-04")).toBe(42.5);
    expect(close("2026-02-06")).toBe(40.5);
    // DESIGN.md: "On 5 Feb 2026 IBIT fell 13.2% in a day"
    expect(close("2026-02-05") / close("2026-02-04") - 1).toBeCloseTo(-0.132, 3);
  });

  it("book: 40–60 notes on IBIT from several issuers, initial levels = the history's closes, terms in the stated ranges", () => {
    expect(report).toMatchObject({ rows: notes.length, rejected: 0, problems: [], warnings: [] });
    expect(notes.length).toBeGreaterThanOrEqual(40);
    expect(notes.length).toBeLessThanOrEqual(60);
    expect(new Set(notes.map((n) => n.issuer)).size).toBeGreaterThanOrEqual(8);
    for (const n of notes) {
      expect(n.underlying).toBe("IBIT");
      expect(n.initialLevel).toBe(close(n.pricingDate));
      expect(n.pricingDate >= "2025-09-01" && n.pricingDate <= "2026-01-31").toBe(true);
      expect(n.barrierPct).toBeGreaterThanOrEqual(0.5);
      expect(n.barrierPct).toBeLessThanOrEqual(0.75);
      expect(n.notionalUsd).toBeGreaterThanOrEqual(5e6);
      expect(n.notionalUsd).toBeLessThanOrEqual(100e6);
      const years = (n.maturityMs - n.pricingMs) / (365 * 86400e3);
      expect(years).toBeGreaterThan(0.99);
      expect(years).toBeLessThan(3.01);
    }
    expect(new Set(notes.map((n) => n.observation))).toEqual(new Set(["final", "daily"]));
    expect(notes.some((n) => n.autocallFrequency !== undefined)).toBe(true);
  });

  it("DESIGN.md: a JPMorgan note priced in November with its barrier at IBIT 43.6; December barriers stack at 38–39", () => {
    const jpm = notes.filter((n) => n.issuer === "JPMorgan" && n.pricingDate.startsWith("2025-11") && n.barrierLevel === 43.6);
    expect(jpm).toHaveLength(1);
    const dec = notes.filter((n) => n.pricingDate.startsWith("2025-12") && n.barrierPct >= 0.7);
    expect(dec.length).toBeGreaterThanOrEqual(8);
    for (const n of dec) {
      expect(n.barrierLevel).toBeGreaterThanOrEqual(38);
      expect(n.barrierLevel).toBeLessThanOrEqual(39.5);
    }
  });

  it("on 2026-02-03 the 43–44 cluster holding the JPMorgan note ranks first and the 38–39 cluster carries the most notional", () => {
    const asOfMs = closeInstant("2026-02-03");
    const ex = bookExposure(notes, { asOfMs, spot: close("2026-02-03"), history, vol: 0.55 });
    const { clusters } = barrierClusters(ex.notes, { tolerance: 0.02, asOfMs, spot: close("2026-02-03") });
    const first = clusters[0]!;
    expect(first.noteIds).toContain("SYN-JPM-251110-A");
    expect(first.lo).toBeGreaterThanOrEqual(42.5);
    expect(first.hi).toBeLessThanOrEqual(44.5);
    const biggest = [...clusters].sort((a, b) => b.notional - a.notional)[0]!;
    expect(biggest.lo).toBeGreaterThanOrEqual(38);
    expect(biggest.hi).toBeLessThanOrEqual(39.5);
  });

  it("by the history's end the daily notes of both clusters were knocked in, on 2026-02-04 and 2026-02-05", () => {
    const ex = bookExposure(notes, { asOfMs: closeInstant("2026-02-13"), spot: 40.6, history, vol: 0.55 }).notes;
    for (const n of ex.filter((x) => x.observation === "daily" && x.barrierLevel >= 42.5 && x.barrierLevel <= 44.5)) {
      expect([n.id, n.status, n.knockInDate]).toEqual([n.id, "knocked-in", "2026-02-04"]);
    }
    for (const n of ex.filter((x) => x.observation === "daily" && x.barrierLevel >= 38 && x.barrierLevel <= 39.5)) {
      expect([n.id, n.status, n.knockInDate]).toEqual([n.id, "knocked-in", "2026-02-05"]);
    }
    expect(ex.find((x) => x.id === "SYN-JPM-251110-A")!.status).toBe("alive"); // final observation
  });
});
