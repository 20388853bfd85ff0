/**
 * `history` in the library: one row per snapshot with the figures of that snapshot's own profile,
 * sorted by as-of; failures reported with their reason while the rest go on; directories expanded
 * to their chain files; the renderers (CSV round trip, terminal width, date ticks, sparklines).
 * The worker-thread path runs from the built CLI (test/cli/history.test.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { visibleWidth } from "../../src/report/ansi.js";
import { historyRows, snapshotFiles, type HistoryResult } from "../../src/report/history.js";
import { dateTicks, historyCharts, renderHistoryCsv, renderHistoryJson, renderHistoryTerminal, sparkline } from "../../src/report/historyRender.js";
import { realPath } from "../data/helpers.js";

const FILES = [
  realPath("spx_quotedata_2024-01-07.csv"), realPath("ndx_quotedata_2022-02-05.csv"), realPath("extra/spx_quotedata_2022-02-04_close.csv"),
  realPath("ibit_chain_2026-07-14.json"), realPath("deribit_btc_book_summary_2024-03-12T0557Z.csv"),
];
const dirs: string[] = [];
let bad: string;
let h: HistoryResult;

beforeAll(async () => {
  const d = mkdtempSync(join(tmpdir(), "gexray-history-"));
  dirs.push(d);
  bad = join(d, "broken.csv");
  writeFileSync(bad, "expiry,strike,type\n2024-01-19,4700,call\n");
  h = await historyRows([...FILES, bad, join(d, "missing.csv")], { threads: 0 });
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("historyRows", () => {
  it("one row per usable snapshot, sorted by as-of; each row is that snapshot's own profile and exact ±1% re-hedges", async () => {
    expect(h.rows.map((r) => r.asOf)).toEqual([
      "2022-02-05T20:09:00-05:00", "2022-02-05T20:26:00-05:00", "2024-01-07T10:52:00-05:00", "2024-03-12T05:57:12.940Z", "2026-07-14T20:10:04.309-04:00",
    ]);
    expect(h.underlyings).toEqual(["BTC", "IBIT", "NDX", "SPX"]);
    expect(h.threads).toBe(0);
    for (const r of h.rows) {
      const { chain } = await loadChain(r.file);
      const p = await computeProfile(chain);
      expect(r.spot).toBe(chain.spot);
      expect(r.gamma).toBe(p.atSpot.gamma);
      expect(r.vanna).toBe(p.atSpot.vanna);
      expect(r.charm).toBe(p.atSpot.charm);
      expect(r.nearestZeroGamma).toBe(p.levels.nearestZeroGamma);
      expect(r.callWall).toBe(p.levels.callWall);
      expect(r.putWall).toBe(p.levels.putWall);
      expect(r.up1pct).toEqual({ underlying: p.flows.up1pct.underlying, usd: p.flows.up1pct.underlying * p.flows.up1pct.price });
      expect(p.flows.up1pct.price).toBe(p.spot * 1.01);
      expect(r.down1pct.underlying).toBe(p.flows.down1pct.underlying);
      expect(Object.keys(r)).toEqual(["file", "asOf", "spot", "gamma", "vanna", "charm", "nearestZeroGamma", "callWall", "putWall", "up1pct", "down1pct", "counts"]);
    }
    // SPX 2024-01-07: the figures the README quotes (exact re-hedges +1.61 mn and −6.97 mn index units)
    const spx = h.rows.find((r) => r.asOf.startsWith("2024-01-07"))!;
    expect(spx.up1pct.underlying).toBeCloseTo(1610653.68, 1);
    expect(spx.down1pct.underlying).toBeCloseTo(-6973190.68, 1);
  });

  it("a file that cannot be loaded is reported with its reason, once, and the rest go on", () => {
    expect(h.failed.map((f) => f.file)).toEqual([bad, join(dirs[0]!, "missing.csv")]);
    expect(h.failed[0]!.reason).toMatch(/^\d*:? ?/);
    expect(h.failed[0]!.reason).not.toContain(bad); // the file is its own field
    expect(h.failed[0]!.reason).not.toContain("\n");
    expect(h.failed[1]!.reason).toMatch(/no such file/);
    expect(h.failed.every((f) => !f.reason.startsWith("internal error"))).toBe(true);
  });

  it("snapshotFiles: a directory's .csv and .json files, sorted, hidden ones skipped; files as given", async () => {
    const d = mkdtempSync(join(tmpdir(), "gexray-history-dir-"));
    dirs.push(d);
    for (const f of ["b.csv", "a.json", ".hidden.csv", "notes.txt", "c.CSV"]) writeFileSync(join(d, f), "x");
    mkdirSync(join(d, "sub.csv"));
    copyFileSync(FILES[0]!, join(d, "sub.csv", "deep.csv"));
    const files = await snapshotFiles([d, FILES[0]!, FILES[0]!]);
    expect(files).toEqual([join(d, "a.json"), join(d, "b.csv"), join(d, "c.CSV"), join(d, "sub.csv"), FILES[0]]);
    const empty = mkdtempSync(join(tmpdir(), "gexray-history-empty-"));
    dirs.push(empty);
    await expect(snapshotFiles([empty])).rejects.toThrow(/no .csv or .json file/);
  });
});

describe("history renderers", () => {
  it("CSV: one row per snapshot at full precision, reading back to the rows", () => {
    const lines = renderHistoryCsv(h).trimEnd().split("\n");
    expect(lines[0]).toBe("file,as_of,spot_usd,gamma_usd_per_1pct,vanna_usd_per_vol_point,charm_usd_per_day,nearest_zero_gamma_usd,call_wall_usd,put_wall_usd,up1pct_underlying,up1pct_usd,down1pct_underlying,down1pct_usd");
    expect(lines).toHaveLength(h.rows.length + 1);
    lines.slice(1).forEach((l, i) => {
      const f = l.split(",");
      const r = h.rows[i]!;
      expect(Number(f[3])).toBe(r.gamma);
      expect(Number(f[6])).toBe(r.nearestZeroGamma);
      expect(Number(f[12])).toBe(r.down1pct.usd);
    });
    const doc = JSON.parse(renderHistoryJson(h));
    expect(doc.rows).toEqual(h.rows);
    expect(doc.failed).toEqual(h.failed);
    expect(doc.warnings).toEqual(h.warnings);
    expect(Object.keys(doc)).toEqual(["underlyings", "unit", "rows", "failed", "warnings"]);
  });

  it("terminal: within 80 and 100 columns, the failures listed, sparklines from 3 snapshots", () => {
    for (const width of [80, 100]) {
      const text = renderHistoryTerminal(h, { width });
      for (const l of text.split("\n")) expect(visibleWidth(l), l).toBeLessThanOrEqual(width);
      expect(text).toContain("failed: ");
      expect(text).toMatch(/^gamma at spot +[▁▂▃▄▅▆▇█]{5}/m);
    }
  });

  it("charts: spot and zero gamma over time, and gamma at spot as bars, one per snapshot", () => {
    const [levels, gamma] = historyCharts(h)!;
    expect(levels!.svg.match(/class="series"/g)).toHaveLength(2);
    expect(gamma!.svg.match(/class="bar"/g)).toHaveLength(h.rows.length);
    expect(historyCharts({ ...h, rows: h.rows.slice(0, 1) })).toBeNull();
  });

  it("dateTicks: days for a short span, the first of months for a long one; sparkline scales min to max", () => {
    expect(dateTicks(Date.UTC(2024, 0, 1, 12), Date.UTC(2024, 0, 6)).map((t) => new Date(t).toISOString().slice(0, 10)))
      .toEqual(["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06"]);
    const year = dateTicks(Date.UTC(2023, 0, 9), Date.UTC(2024, 0, 5)).map((t) => new Date(t).toISOString().slice(0, 10));
    expect(year).toEqual(["2023-02-01", "2023-03-01", "2023-04-01", "2023-05-01", "2023-06-01", "2023-07-01", "2023-08-01", "2023-09-01", "2023-10-01", "2023-11-01", "2023-12-01", "2024-01-01"]);
    expect(sparkline([1, 2, 3, 4], 10)).toBe("▁▃▆█");
    expect(sparkline([5, 5], 10)).toBe("▄▄");
    expect(sparkline([1, NaN, 3], 10)).toBe("▁ █");
  });
});
