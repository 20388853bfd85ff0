/**
 * The report model's views: present in every model, JSON-ready, the overlay on the profile's grid,
 * and the at-spot split's items as the terminal, HTML and Markdown print them.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { expiryOverlay } from "../../src/exposure/expiryOverlay.js";
import { dealerHedges } from "../../src/exposure/hedge.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { assembleReport } from "../../src/report/assemble.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { buildReportModel, type ReportModel } from "../../src/report/model.js";
import { renderTerminal } from "../../src/report/terminal.js";
import { overlayTable, splitItems, gammaMapTable } from "../../src/report/viewSections.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let m: ReportModel;

beforeAll(async () => {
  m = await assembleReport({ chainFile: join(ROOT, "data/btc_deribit_sample_2026-02-04.csv"), mapDays: 5 });
});

describe("views in the report model", () => {
  it("JSON round trip keeps every view; the map has days + 1 columns on its own 101-price grid", () => {
    expect(JSON.parse(JSON.stringify(m.views))).toEqual(m.views);
    expect(m.views.gammaMap!.days).toBe(5);
    expect(m.views.gammaMap!.columns).toHaveLength(6);
    expect(m.views.gammaMap!.price).toHaveLength(101);
    expect(m.views.gammaMap!.price[0]).toBe(m.profile.price[0]);
    expect(m.views.overlay!.lines.map((l) => l.gamma.length)).toEqual([501, 501, 501]);
    expect(m.views.overlay!.lines[0]!.gamma).toEqual(m.profile.gamma);
    // the sample's next monthly: Deribit's last Friday of February 2026
    expect(m.views.overlay!.lines[2]!.removed!.date).toBe("2026-02-27");
  });

  it("the split: call + put gamma is the at-spot gamma; tilt and ratio as printed", () => {
    const s = m.views.split;
    expect(Math.abs(s.callGamma + s.putGamma - m.atSpot.gamma)).toBeLessThanOrEqual(1e-9 * (Math.abs(s.callGamma) + Math.abs(s.putGamma)));
    const items = splitItems(m);
    expect(items.map((i) => i.label)).toEqual(["call dollar gamma", "put dollar gamma", "gamma tilt", "put/call OI ratio"]);
    expect(items[2]!.value).toBe(s.tilt!.toFixed(3));
    for (const text of [renderTerminal(m), renderHtml(m), renderMarkdown(m, "r").markdown]) {
      for (const i of items) expect(text).toContain(i.value);
      for (const row of overlayTable(m)!.rows) expect(text).toContain(row[0]!);
      for (const row of gammaMapTable(m.views.gammaMap!.columns, m.meta.spot, "BTC").rows) expect(text).toContain(row[4]!);
    }
  });

  it("a model without overlay or map still has the split and the strike window; an overlay on another grid is refused", async () => {
    const { chain } = await loadChain(join(ROOT, "data/btc_deribit_sample_2026-02-04.csv"));
    const p = await computeProfile(chain);
    const hedge = dealerHedges(p);
    const bare = buildReportModel({ profile: p, hedge, source: { file: "x" } });
    expect(bare.views.overlay).toBeNull();
    expect(bare.views.gammaMap).toBeNull();
    expect(bare.views.strikeWindow.rows.length).toBeGreaterThan(10);
    expect(renderHtml(bare)).not.toContain('id="figure-overlay"');
    const other = await expiryOverlay(chain, { grid: { steps: 50 } });
    expect(() => buildReportModel({ profile: p, hedge, source: { file: "x" }, overlay: other })).toThrow(/profile's grid/);
  });
});
