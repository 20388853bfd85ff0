/**
 * The forced-flow map in a real browser: headless Chromium (Debian package `chromium`) opens the
 * sample report built with the shipped open-interest history, and the test asserts that the flow
 * section opens the page, its two charts are laid out with their marks (stacked bars by source,
 * cumulative lines) inside the plot area, its tables are there, nothing errs and nothing is
 * fetched; the screenshot shows the liquidation bars' color inside the flow chart.
 *
 * Without Chromium: in CI (CI=true) the test FAILS; locally it is skipped with a loud message.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOiHistory } from "../../src/data/openInterest.js";
import { buildLadder, simpleRule } from "../../src/flows/ladder.js";
import { LEVERAGE_PRESETS } from "../../src/flows/leverage.js";
import { oiBars } from "../../src/flows/oiBars.js";
import { parseUnderlyingMap } from "../../src/notes/underlyingMap.js";
import { assembleReport } from "../../src/report/assemble.js";
import { FLOW_COLORS } from "../../src/report/flowCharts.js";
import { renderHtml } from "../../src/report/html.js";
import type { ReportModel } from "../../src/report/model.js";
import { Browser, findChromium } from "./cdp.js";
import { countColor, decodePng } from "./png.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const chromium = findChromium();
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";
const run = chromium !== undefined || inCi;
if (!run) {
  console.warn(
    "\n" + "*".repeat(78) + "\n*** SKIPPING test/browser/flows.test.ts: no Chromium (/usr/bin/chromium or $CHROMIUM_PATH).\n" +
      "*** Install it with: apt-get update && apt-get install -y chromium   (CI fails instead of skipping)\n" + "*".repeat(78) + "\n",
  );
}
const outDir = process.env.GEXRAY_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), "gexray-browser-flows-"));

interface FlowFacts {
  h2: string[];
  charts: Array<{ id: string; width: number; height: number; top: number; left: number; bars: number; barsOutside: number; series: number; bands: number; markers: number }>;
  tables: Record<string, number>;
  external: string[];
  scripts: number;
}

const FACTS = `(() => {
  const charts = [...document.querySelectorAll("#flows figure svg.chart")].map((svg) => {
    const r = svg.getBoundingClientRect();
    const frame = [...svg.querySelectorAll("rect")].find((x) => x.getAttribute("fill") === "none").getBoundingClientRect();
    const bars = [...svg.querySelectorAll("rect.bar")];
    const outside = bars.filter((b) => {
      const q = b.getBoundingClientRect();
      return q.left < frame.left - 0.5 || q.right > frame.right + 0.5 || q.top < frame.top - 0.5 || q.bottom > frame.bottom + 0.5;
    }).length;
    return {
      id: svg.closest("figure").id, width: r.width, height: r.height, top: r.top + window.scrollY, left: r.left + window.scrollX,
      bars: bars.length, barsOutside: outside, series: svg.querySelectorAll("path.series").length,
      bands: svg.querySelectorAll("rect.band").length, markers: svg.querySelectorAll("line.marker").length,
    };
  });
  const tables = Object.fromEntries([...document.querySelectorAll("table")].map((t) => [t.id, t.tBodies[0].rows.length]));
  const external = [...document.querySelectorAll("[src],[href]")].map((e) => e.getAttribute("src") || e.getAttribute("href"));
  return { h2: [...document.querySelectorAll("h2")].map((h) => h.textContent), charts, tables, external, scripts: document.scripts.length };
})()`;

describe.skipIf(!run)("the forced-flow map in headless Chromium", () => {
  let browser: Browser | undefined;
  let model: ReportModel;
  let path: string;

  beforeAll(async () => {
    const history = await loadOiHistory(join(ROOT, "data/btc_oi_history_2026-01-26_2026-02-10.csv"));
    const series = history.series.find((s) => s.venue === "binance")!;
    model = await assembleReport({
      chainFile: join(ROOT, "data/btc_deribit_sample_2026-02-04.csv"),
      notesFile: join(ROOT, "data/ibit_notes_sample.csv"),
      pricesFile: join(ROOT, "data/ibit_history_2025-09_2026-02.csv"),
      map: parseUnderlyingMap("IBIT:BTC=0.000568"),
      label: "SYNTHETIC sample data (test)",
      generator: "gexray test",
      flows: {
        ladder: async (untilMs) => ({ ladder: buildLadder(oiBars(series, untilMs).bars, LEVERAGE_PRESETS.neutral, simpleRule(0.005)), adl: { fund: 1.23e9 }, assumptions: [], warnings: [] }),
        depth: 2e8,
      },
    });
    path = join(outDir, "flows-report.html");
    writeFileSync(path, renderHtml(model));
    if (chromium) browser = await Browser.launch(chromium);
  });

  afterAll(async () => {
    await browser?.close();
    console.info(`browser test artifacts (flows): ${outDir}`);
  });

  it("opens with the flow map: stacked bars by source and cumulative lines inside their plots, its tables, no errors", async () => {
    expect(browser, "Chromium is missing: install it with `apt-get install -y chromium` (.ci/run does this in CI)").toBeDefined();
    const b = browser!;
    await b.goto(pathToFileURL(path).href);
    const f = await b.evaluate<FlowFacts>(FACTS);
    expect(f.h2[0]).toBe("Forced flows");
    expect(f.charts.map((c) => c.id)).toEqual(["figure-flows", "figure-flows-cumulative"]);
    const [bars, cumulative] = f.charts as [FlowFacts["charts"][number], FlowFacts["charts"][number]];
    for (const c of f.charts) {
      expect(c.width, c.id).toBeGreaterThan(900);
      expect(c.height, c.id).toBeGreaterThan(300);
      // spot and the nearest zero gamma
      expect(c.markers, c.id).toBe(2);
    }
    // one bar per (bucket, source) with flow: dealers and issuers in most buckets, liquidations in some
    expect(bars.bars).toBeGreaterThan(100);
    expect(bars.barsOutside).toBe(0);
    // total + dealers, issuers, liquidations, ADL
    expect(cumulative.series).toBe(5);
    expect(f.tables["table-flow-levels"]).toBe(10);
    expect(f.tables["table-cascade"]).toBe(6);
    expect(f.scripts).toBe(0);
    expect(f.external).toEqual([]);
    expect(b.events.consoleErrors).toEqual([]);
    expect(b.events.exceptions).toEqual([]);
    expect(b.events.requests.filter((u) => u !== pathToFileURL(path).href)).toEqual([]);

    const png = await b.screenshotFullPage();
    writeFileSync(join(outDir, "flows-report.png"), png);
    const img = decodePng(png);
    const hex = FLOW_COLORS.liquidations;
    const rgb: [number, number, number] = [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
    const box = { x: Math.floor(bars.left), y: Math.floor(bars.top), w: Math.ceil(bars.width), h: Math.ceil(bars.height) };
    // the liquidation bars (0.85 opacity over white shifts the color a little: tolerance 40)
    expect(countColor(img, rgb, 40, box)).toBeGreaterThan(200);
  });
});
