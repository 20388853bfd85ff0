/**
 * `diff` in the report layer: the real SPX pair two years apart, both profiles on one grid that
 * spans both spots, levels as each profile computes them on that grid, and the renderers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { loadCounts, loadWarnings } from "../../src/data/loadSummary.js";
import { priceGrid } from "../../src/exposure/grid.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { visibleWidth } from "../../src/report/ansi.js";
import { assembleDiff, type DiffModel } from "../../src/report/diffModel.js";
import { diffLevelsTable, diffOiChart, diffProfilesChart, renderDiffHtml, renderDiffJson, renderDiffMarkdown, renderDiffTerminal } from "../../src/report/diffRender.js";
import { realPath } from "../data/helpers.js";

const OLD = realPath("extra/spx_quotedata_2022-02-04_close.csv");
const NEW = realPath("spx_quotedata_2024-01-07.csv");
let d: DiffModel;

beforeAll(async () => {
  d = await assembleDiff(OLD, NEW, { displayName: { older: "spx-2022.csv", newer: "spx-2024.csv" } });
});

describe("assembleDiff", () => {
  it("one grid from 0.8 × the lower spot to 1.2 × the higher; each profile and level is that snapshot's on it", async () => {
    expect(d.price[0]).toBe(0.8 * 4500.5298);
    expect(d.price[d.price.length - 1]).toBe(1.2 * 4697.2402);
    expect(d.price).toHaveLength(501);
    const loads: string[] = [];
    for (const [file, side, gamma] of [[OLD, d.older, d.gamma.older], [NEW, d.newer, d.gamma.newer]] as const) {
      const { chain, report } = await loadChain(file);
      const p = await computeProfile(chain, { grid: priceGrid({ spot: 4697.2402, from: 0.8 * 4500.5298, to: 1.2 * 4697.2402, steps: 500 }) });
      expect(gamma).toEqual(Array.from(p.gamma));
      expect(side.spot).toBe(chain.spot);
      expect(side.excluded).toBe(report.excluded.badIv + report.excluded.invalid);
      expect(side.counts).toEqual({ file: loadCounts(report) });
      loads.push(...loadWarnings(report, side.file));
    }
    expect(d.days).toBeCloseTo((Date.UTC(2024, 0, 7, 15, 52) - Date.UTC(2022, 1, 6, 1, 9)) / 86400e3, 12);
    expect(d.levels.rows.find((r) => r.id === "callWall")!.newer).toBe(4800);
    // the loaders' exclusions are said, not hidden
    // each file's load warnings under its shown name (as profile gives them), then the comparison's own
    expect(loads.filter((w) => w.startsWith("spx-2024.csv: 386 contract(s) left out"))).toHaveLength(1);
    expect(d.warnings).toEqual([
      ...loads,
      `spx-2022.csv: its ${d.older.excluded} contract(s) left out for a bad IV or an unreadable row are absent from the open-interest comparison`,
      "spx-2024.csv: its 386 contract(s) left out for a bad IV or an unreadable row are absent from the open-interest comparison",
    ]);
  });

  it("refuses two underlyings or the files in the wrong order, one line each", async () => {
    await expect(assembleDiff(NEW, OLD)).rejects.toThrow(/give the older file first/);
    await expect(assembleDiff(OLD, realPath("ndx_quotedata_2022-02-05.csv"))).rejects.toThrow(/different underlyings \(SPX and NDX\)/);
  });
});

describe("diff renderers", () => {
  it("terminal within 100 columns: levels, open interest, the largest changes, both profiles", () => {
    const text = renderDiffTerminal(d, { width: 100 });
    for (const l of text.split("\n")) expect(visibleWidth(l), l).toBeLessThanOrEqual(100);
    for (const s of ["Levels, older → newer", "call wall", "new positions", "closed positions", "expired", "by expiry", "by strike", "older 2022-02-05"]) {
      expect(text).toContain(s);
    }
    expect(diffLevelsTable(d).rows.find((r) => r[0] === "call wall")).toEqual(["call wall", "4,700", "4,800", "+100", "+2.13%"]);
  });

  it("charts: both profiles as two series with each spot marked; the open-interest change as bars", () => {
    const p = diffProfilesChart(d).svg;
    expect(p.match(/class="series"/g)).toHaveLength(2);
    expect(p).toContain("spot 2022-02-05 4,500.5");
    expect(p).toContain("spot 2024-01-07 4,697.2");
    expect(diffOiChart(d).svg).toContain('class="bar"');
  });

  it("HTML, Markdown and JSON carry the same model", () => {
    const html = renderDiffHtml(d, "gexray test");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    for (const id of ["figure-diff-profiles", "figure-diff-oi", "table-diff-levels", "table-diff-expiries", "table-diff-strikes"]) expect(html).toContain(`id="${id}"`);
    expect(html).not.toMatch(/<script/i);
    const md = renderDiffMarkdown(d, "diff");
    expect(md.files.map((f) => f.name)).toEqual(["diff-diff-profiles.svg", "diff-diff-oi.svg"]);
    const doc = JSON.parse(renderDiffJson(d));
    expect(doc.oi.totals).toEqual(d.oi.totals);
    expect(doc.levels).toEqual(d.levels);
    expect(doc.unit.openInterest).toBe("contracts");
  });
});
