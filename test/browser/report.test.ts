/**
 * The HTML report in a real browser: headless Chromium (Debian package `chromium`) opens the
 * report made from the shipped sample (BTC chain + IBIT notes) and from a real Deribit snapshot,
 * and the pages of `diff`, `history` and `gamma-map`, and the test asserts that each rendered —
 * every chart (gamma, by strike, expiry overlay, gamma map, vanna, charm, the smile charts with
 * quotes and fit per expiry) laid out at a readable size, labelled (an SVG title it is labelled by,
 * axis titles), its marks (bars, cells, lines, points, markers) inside its plot area, every table,
 * no console error, no exception, nothing fetched from the network — then takes screenshots (kept
 * in a temp dir, path printed) and checks their pixels: the dealer gamma line is painted inside the
 * gamma chart's box, the call and put bars inside the strike chart's, red and blue inside the
 * heatmap's, and each smile chart shows its fitted line and its quotes.
 *
 * `GEXRAY_README_SCREENSHOT=docs/report-screenshot.png npx vitest run test/browser` also writes the
 * README's screenshot (the sample report from the top through the gamma map).
 *
 * Without Chromium: in CI (CI=true) the test FAILS; locally it is skipped with a loud message.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleReport } from "../../src/report/assemble.js";
import { CHART_COLORS } from "../../src/report/charts.js";
import { renderHtml } from "../../src/report/html.js";
import { assembleDiff } from "../../src/report/diffModel.js";
import { renderDiffHtml } from "../../src/report/diffRender.js";
import { historyRows } from "../../src/report/history.js";
import { renderHistoryHtml } from "../../src/report/historyRender.js";
import { renderGammaMapHtml } from "../../src/report/gammaMapReport.js";
import { STRIKE_COLORS } from "../../src/report/strikeChart.js";
import { gammaMap } from "../../src/exposure/gammaMap.js";
import { loadChain } from "../../src/data/load.js";
import type { ReportModel } from "../../src/report/model.js";
import { parseUnderlyingMap } from "../../src/notes/underlyingMap.js";
import { SAMPLE } from "../../src/cli/commands/report.js";
import { Browser, findChromium } from "./cdp.js";
import { countColor, decodePng, type Image } from "./png.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REAL_DERIBIT = join(ROOT, "test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv");
const chromium = findChromium();
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";
const run = chromium !== undefined || inCi;
if (!run) {
  console.warn(
    "\n" + "*".repeat(78) + "\n*** SKIPPING test/browser/report.test.ts: no Chromium (/usr/bin/chromium or $CHROMIUM_PATH).\n" +
      "*** Install it with: apt-get update && apt-get install -y chromium   (CI fails instead of skipping)\n" + "*".repeat(78) + "\n",
  );
}

const outDir = process.env.GEXRAY_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), "gexray-browser-"));

/** What the page reports about one chart. */
interface ChartFacts {
  id: string;
  width: number; height: number; top: number; left: number;
  series: number; bands: number; markers: number; points: number; zero: number; bars: number; cells: number;
  zeroPath: number; spotLine: number;
  /** points of every series line (M and L commands) */
  seriesPoints: number;
  /** the SVG's <title>, found through aria-labelledby */
  label: string;
  /** every text drawn in the chart (axis titles, ticks, legend, marker labels) */
  texts: string[];
  /** marks whose box leaves the plot area (by more than a stroke or a point's radius), as "class x y w h" */
  outside: string[];
  /** marks checked */
  marks: number;
}

/** What the page reports about itself. */
interface PageFacts {
  title: string;
  charts: ChartFacts[];
  tables: Record<string, number>;
  h2: string[];
  label: string | null;
  scripts: number;
  external: string[];
}

const FACTS = `(() => {
  const charts = [...document.querySelectorAll("figure svg.chart")].map((svg) => {
    const r = svg.getBoundingClientRect();
    const frame = svg.querySelector('rect[fill="none"][stroke="#bbb"]').getBBox();
    const tol = 6;
    const marks = [...svg.querySelectorAll("rect.bar, rect.cell, rect.band, path.series, path.zero-path, circle.point, circle.zero-point, line.marker, line.spot-line, line.zero-line")];
    const outside = marks.filter((m) => {
      const b = m.getBBox();
      return b.x < frame.x - tol || b.y < frame.y - tol || b.x + b.width > frame.x + frame.width + tol || b.y + b.height > frame.y + frame.height + tol;
    }).map((m) => { const b = m.getBBox(); return [m.getAttribute("class"), b.x, b.y, b.width, b.height].join(" "); });
    const q = (sel) => svg.querySelectorAll(sel).length;
    const labelId = svg.getAttribute("aria-labelledby");
    return {
      id: svg.closest("figure").id, width: r.width, height: r.height, top: r.top + window.scrollY, left: r.left + window.scrollX,
      series: q("path.series"), bands: q("rect.band"), markers: q("line.marker"), points: q("circle.point"), zero: q("line.zero-line"),
      bars: q("rect.bar"), cells: q("rect.cell"), zeroPath: q("path.zero-path"), spotLine: q("line.spot-line"),
      label: labelId ? (document.getElementById(labelId)?.textContent ?? "") : "",
      texts: [...svg.querySelectorAll("text")].map((t) => t.textContent), outside: outside.slice(0, 5), marks: marks.length,
      seriesPoints: [...svg.querySelectorAll("path.series")].map((p) => (p.getAttribute("d").match(/[ML]/g) || []).length).reduce((a, b) => a + b, 0),
    };
  });
  const tables = Object.fromEntries([...document.querySelectorAll("table")].map((t) => [t.id, t.tBodies[0].rows.length]));
  const external = [...document.querySelectorAll("[src],[href]")].map((e) => e.getAttribute("src") || e.getAttribute("href"));
  return {
    title: document.title, charts, tables, h2: [...document.querySelectorAll("h2")].map((h) => h.textContent),
    label: document.querySelector(".label")?.textContent ?? null, scripts: document.scripts.length, external,
  };
})()`;

/**
 * Every chart is readable (on a 1280-px laptop screen: at least ~half the page wide, the smiles side
 * by side at least 400 px, none squashed), labelled and keeps its marks inside its plot area.
 */
function expectCharts(facts: PageFacts): void {
  for (const c of facts.charts) {
    expect(c.width, c.id).toBeGreaterThan(c.id.startsWith("figure-smile") ? 400 : 480);
    expect(c.height, c.id).toBeGreaterThan(200);
    expect(c.label.length, `${c.id} is labelled`).toBeGreaterThan(20);
    expect(c.texts.length, `${c.id} has axis and legend text`).toBeGreaterThan(8);
    expect(c.marks, `${c.id} has marks`).toBeGreaterThan(0);
    expect(c.outside, `${c.id}: marks outside the plot area`).toEqual([]);
  }
}

/** Pixels of a region that are clearly red (r ≫ b) and clearly blue (b ≫ r). */
function hues(img: Image, box: { x: number; y: number; w: number; h: number }): { red: number; blue: number } {
  let red = 0;
  let blue = 0;
  for (let y = Math.max(0, box.y); y < Math.min(img.height, box.y + box.h); y++) {
    for (let x = Math.max(0, box.x); x < Math.min(img.width, box.x + box.w); x++) {
      const k = 4 * (y * img.width + x);
      const r = img.rgba[k]!;
      const b = img.rgba[k + 2]!;
      if (r > b + 60) red++;
      else if (b > r + 60) blue++;
    }
  }
  return { red, blue };
}

const boxOf = (c: ChartFacts) => ({ x: Math.floor(c.left), y: Math.floor(c.top), w: Math.ceil(c.width), h: Math.ceil(c.height) });
const rgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

describe.skipIf(!run)("HTML report in headless Chromium", () => {
  let browser: Browser | undefined;
  let sample: ReportModel;
  let samplePath: string;

  beforeAll(async () => {
    sample = await assembleReport({
      chainFile: join(ROOT, "data/btc_deribit_sample_2026-02-04.csv"),
      notesFile: join(ROOT, "data/ibit_notes_sample.csv"),
      pricesFile: join(ROOT, "data/ibit_history_2025-09_2026-02.csv"),
      map: parseUnderlyingMap(SAMPLE.map),
      // as `gexray report` (npm start) shows it: the README's screenshot is taken from this page
      label: SAMPLE.label,
      displayName: { chain: SAMPLE.chain, notes: SAMPLE.notes, prices: SAMPLE.prices },
      generator: "gexray test",
    });
    samplePath = join(outDir, "sample-report.html");
    writeFileSync(samplePath, renderHtml(sample));
    if (chromium) browser = await Browser.launch(chromium);
  });

  afterAll(async () => {
    await browser?.close();
    console.info(`browser test artifacts (HTML, screenshots, PDF): ${outDir}`);
  });

  it("has Chromium to run (CI installs the Debian package chromium)", () => {
    expect(chromium, "Chromium is missing: install it with `apt-get install -y chromium` (.ci/run does this in CI)").toBeDefined();
  });

  it("renders the sample report: six laid-out, labelled charts with their marks inside, every table, the label", async () => {
    expect(browser).toBeDefined();
    const b = browser!;
    await b.goto(pathToFileURL(samplePath).href);
    const facts = await b.evaluate<PageFacts>(FACTS);
    expect(facts.title).toMatch(/^BTC dealer gamma report — 2026-02-04T14:00:00Z$/);
    expect(facts.label).toContain("SYNTHETIC");
    const smiles = sample.surface!.charts;
    expect(smiles).toHaveLength(6);
    expect(facts.charts.map((c) => c.id)).toEqual([
      "figure-gamma", "figure-strikes", "figure-overlay", "figure-map", "figure-vanna", "figure-charm", ...smiles.map((_, i) => `figure-smile-${i + 1}`),
    ]);
    expectCharts(facts);
    for (const c of facts.charts.slice(0, 6)) expect(c.zero + c.zeroPath, c.id).toBeGreaterThanOrEqual(1);
    const chart = (id: string) => facts.charts.find((c) => c.id === id)!;
    const gamma = chart("figure-gamma");
    expect(gamma.width).toBeGreaterThan(900);
    // dealer gamma, issuers' gamma, dealers + issuers
    expect(gamma.series).toBe(3);
    // short-gamma zones + every barrier cluster (live and breached) that reaches into the grid, as bands
    const { lo, hi } = sample.meta.conventions.grid;
    const onGrid = sample.clusters!.rows.filter((c) => c.hiOnGrid! >= lo && c.loOnGrid! <= hi).length;
    expect(onGrid).toBeGreaterThanOrEqual(3);
    expect(gamma.bands).toBe(sample.shortGammaZones.length + onGrid);
    // spot, call wall, put wall, nearest zero gamma
    expect(gamma.markers).toBe(4);
    expect(gamma.points).toBe(sample.levels.zeroGamma.length);
    // gamma by strike: a bar per non-zero call and put figure of the window, the net line, spot and both walls
    const strikes = chart("figure-strikes");
    const rows = sample.views.strikeWindow.rows;
    expect(strikes.bars).toBe(rows.filter((r) => r.callGamma !== 0).length + rows.filter((r) => r.putGamma !== 0).length);
    expect(strikes.bars).toBeGreaterThan(20);
    expect(strikes.series).toBe(1);
    expect(strikes.markers).toBe(3); // spot, call wall 80,000, put wall = abs-gamma strike 70,000
    expect(strikes.texts).toEqual(expect.arrayContaining(["call wall 80,000", "put wall 70,000", "BTC strike (USD)", "calls", "puts"]));
    // the overlay: three lines, each line's zero gamma
    const overlay = chart("figure-overlay");
    expect(overlay.series).toBe(3);
    expect(overlay.points).toBe(3);
    expect(overlay.texts.some((t) => t.includes("without the next monthly (last Friday), 2026-02-27"))).toBe(true);
    // the heatmap: a cell per day and price, spot, the zero-gamma path, the legend's scale
    const map = chart("figure-map");
    expect(map.cells).toBe((sample.views.gammaMap!.days + 1) * sample.views.gammaMap!.price.length);
    expect(map.spotLine).toBe(1);
    expect(map.zeroPath).toBe(1);
    expect(map.texts.some((t) => /^≤ −[\d.]+$/.test(t))).toBe(true);
    expect(facts.tables["table-levels"]).toBeGreaterThanOrEqual(5);
    expect(facts.tables["table-expiries"]).toBe(sample.byExpiry.length);
    expect(facts.tables["table-strikes"]).toBe(sample.strikes.length);
    expect(facts.tables["table-notes"]).toBe(sample.notes!.rows.length);
    expect(facts.tables["table-clusters"]).toBe(sample.clusters!.rows.length);
    expect(facts.tables["table-hedge"]).toBe(sample.hedge.instruments.length);
    expect(facts.tables["table-overlay"]).toBe(3);
    expect(facts.tables["table-gamma-map"]).toBe(sample.views.gammaMap!.days + 1);
    expect(facts.h2).toEqual(expect.arrayContaining([
      "Key levels", "Gamma profile", "Gamma by strike", "Profile by expiry set", "Gamma map: price × time", "Vanna and charm", "By expiry",
      "Strikes around spot", "Volatility surface", "Methodology",
    ]));
    // the smile charts: one fitted line of 121 points, a dot per quote
    smiles.forEach((s, i) => {
      const c = chart(`figure-smile-${i + 1}`);
      expect(c.series, c.id).toBe(1);
      expect(c.seriesPoints, c.id).toBe(121);
      expect(c.points, c.id).toBe(s.quoteStrike.length);
      expect(c.points, c.id).toBeGreaterThanOrEqual(20);
    });
    expect(facts.tables["table-surface"]).toBe(sample.surface!.slices.length);
    // self-contained: no script, no src/href, and the browser requested nothing but the file itself
    expect(facts.scripts).toBe(0);
    expect(facts.external).toEqual([]);
    expect(b.events.requests.filter((u) => u !== pathToFileURL(samplePath).href)).toEqual([]);
    expect(b.events.consoleErrors).toEqual([]);
    expect(b.events.exceptions).toEqual([]);
    expect(b.events.logErrors).toEqual([]);

    // the screenshot: the dealer gamma line (its exact color) is painted inside the gamma chart's box
    const png = await b.screenshotFullPage();
    writeFileSync(join(outDir, "sample-report.png"), png);
    const img = decodePng(png);
    expect(img.width).toBe(1280);
    expect(img.height).toBeGreaterThan(6000);
    // a 2.5-unit line across ~85% of a ~1000-px-wide plot: well over 1,000 pixels of that blue
    expect(countColor(img, rgb(CHART_COLORS.dealer), 10, boxOf(gamma))).toBeGreaterThan(1000);
    // the call and put bars are painted in the strike chart
    expect(countColor(img, rgb(STRIKE_COLORS.call), 6, boxOf(strikes))).toBeGreaterThan(500);
    expect(countColor(img, rgb(STRIKE_COLORS.put), 6, boxOf(strikes))).toBeGreaterThan(500);
    // the heatmap holds both sides of the scale: dealers short gamma below the zero-gamma path, long above
    const h = hues(img, boxOf(map));
    expect(h.red).toBeGreaterThan(20000);
    expect(h.blue).toBeGreaterThan(20000);
    // each smile chart: the fit's blue and the quotes' red painted inside its box
    for (const c of facts.charts.filter((x) => x.id.startsWith("figure-smile"))) {
      expect(countColor(img, rgb(CHART_COLORS.dealer), 10, boxOf(c)), c.id).toBeGreaterThan(150);
      expect(countColor(img, [0xc6, 0x28, 0x28], 12, boxOf(c)), c.id).toBeGreaterThan(40);
    }
    // and not a blank page: the short-gamma shading and the text are there
    const nonWhite = img.rgba.length / 4 - countColor(img, [255, 255, 255], 2);
    expect(nonWhite / (img.rgba.length / 4)).toBeGreaterThan(0.05);
    const readme = process.env.GEXRAY_README_SCREENSHOT;
    if (readme) {
      // the report `npm start` writes (gexray report in an empty directory), from "At spot" through the gamma map's caption
      const dir = mkdtempSync(join(tmpdir(), "gexray-readme-"));
      const r = spawnSync(process.execPath, [join(ROOT, "dist/cli/main.js"), "report"], { cwd: dir, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      await b.goto(pathToFileURL(join(dir, "report.html")).href);
      const box = await b.evaluate<{ top: number; bottom: number }>(
        `(() => { const a = document.getElementById("at-spot").getBoundingClientRect(); const m = document.getElementById("figure-map").getBoundingClientRect();
          return { top: a.top + scrollY - 12, bottom: m.bottom + scrollY + 40 }; })()`,
      );
      writeFileSync(readme, await b.screenshotRegion(0, Math.floor(box.top), 1280, Math.ceil(box.bottom - box.top)));
      console.info(`README screenshot written: ${readme}`);
    }
  });

  it("prints (A4 PDF) without errors", async () => {
    expect(browser).toBeDefined();
    const pdf = await browser!.pdf();
    writeFileSync(join(outDir, "sample-report.pdf"), pdf);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(20000);
    expect(browser!.events.consoleErrors).toEqual([]);
    expect(browser!.events.exceptions).toEqual([]);
  });

  it("renders a report of the real 2024 Deribit snapshot (no notes) with the same structure", async () => {
    expect(browser).toBeDefined();
    const model = await assembleReport({ chainFile: REAL_DERIBIT, generator: "gexray test" });
    const path = join(outDir, "deribit-2024-report.html");
    writeFileSync(path, renderHtml(model));
    const b = browser!;
    const before = { console: b.events.consoleErrors.length, exceptions: b.events.exceptions.length, log: b.events.logErrors.length };
    await b.goto(pathToFileURL(path).href);
    const facts = await b.evaluate<PageFacts>(FACTS);
    expect(facts.title.startsWith("BTC dealer gamma report — 2024-03-12T05:57:12.940Z")).toBe(true);
    expect(facts.label).toBeNull();
    expect(facts.charts).toHaveLength(6 + model.surface!.charts.length);
    expectCharts(facts);
    expect(facts.charts[0]!.series).toBe(1);
    // the real 2024 book: 12 expiries, one of which (December) falls back to the monotone interpolation
    expect(facts.tables["table-surface"]).toBe(12);
    expect(model.surface!.slices.filter((s) => s.method === "monotone")).toHaveLength(1);
    // Deribit's call wall (60,000) is 17% below spot: the strike chart reaches it and keeps its bars inside
    expect(facts.charts.find((c) => c.id === "figure-strikes")!.texts).toContain("call wall 60,000");
    expect(facts.tables["table-notes"]).toBeUndefined();
    expect(b.events.consoleErrors.length).toBe(before.console);
    expect(b.events.exceptions.length).toBe(before.exceptions);
    expect(b.events.logErrors.length).toBe(before.log);
    writeFileSync(join(outDir, "deribit-2024-report.png"), await b.screenshot());
  });
  it("renders the diff, history and gamma-map pages: labelled charts with their marks inside, no errors", async () => {
    expect(browser).toBeDefined();
    const b = browser!;
    const before = { console: b.events.consoleErrors.length, exceptions: b.events.exceptions.length, log: b.events.logErrors.length };
    const SPX = join(ROOT, "test/fixtures/real/spx_quotedata_2024-01-07.csv");
    const SPX22 = join(ROOT, "test/fixtures/real/extra/spx_quotedata_2022-02-04_close.csv");
    const pages: Array<[string, string]> = [];
    pages.push(["diff.html", renderDiffHtml(await assembleDiff(SPX22, SPX), "gexray test")]);
    const hist = await historyRows([SPX22, SPX, REAL_DERIBIT, join(ROOT, "test/fixtures/real/ibit_chain_2026-07-14.json")], { threads: 0 });
    pages.push(["history.html", renderHistoryHtml(hist, "gexray test")]);
    const chain = (await loadChain(SPX)).chain;
    pages.push(["map.html", renderGammaMapHtml(await gammaMap(chain, { days: 14, grid: { range: [0.9, 1.1], steps: 100 } }), { file: "spx.csv", generator: "gexray test" })]);
    const want: Record<string, (c: ChartFacts) => void> = {
      "figure-diff-profiles": (c) => {
        expect(c.series).toBe(2);
        expect(c.markers).toBe(2);
        expect(c.texts).toEqual(expect.arrayContaining(["spot 2022-02-05 4,500.5", "spot 2024-01-07 4,697.2"]));
      },
      "figure-diff-oi": (c) => expect(c.bars).toBeGreaterThan(100),
      "figure-history-levels": (c) => {
        expect(c.series).toBe(2);
        expect(c.zero).toBe(0); // a price axis: no zero line
      },
      "figure-history-gamma": (c) => expect(c.bars).toBe(4),
      "figure-map": (c) => {
        expect(c.cells).toBe(15 * 101);
        expect(c.zeroPath).toBe(1);
      },
    };
    for (const [name, html] of pages) {
      const path = join(outDir, name);
      writeFileSync(path, html);
      await b.goto(pathToFileURL(path).href);
      const facts = await b.evaluate<PageFacts>(FACTS);
      expect(facts.charts.length, name).toBeGreaterThanOrEqual(1);
      expectCharts(facts);
      for (const c of facts.charts) want[c.id]!(c);
      expect(facts.scripts).toBe(0);
      expect(facts.external).toEqual([]);
      writeFileSync(join(outDir, name.replace(".html", ".png")), await b.screenshotFullPage());
    }
    expect(readFileSync(join(outDir, "map.png")).length).toBeGreaterThan(10000);
    expect(b.events.consoleErrors.length).toBe(before.console);
    expect(b.events.exceptions.length).toBe(before.exceptions);
    expect(b.events.logErrors.length).toBe(before.log);
  });
});
