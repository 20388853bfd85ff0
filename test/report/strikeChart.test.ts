/**
 * Gamma by strike: the SVG bars are the per-strike figures (bar heights proportional to the call
 * and put dealer gamma, on one zero line), the walls are marked, and the terminal bar chart keeps
 * the walls and the absolute-gamma strike, fits its width, and scales bars to the largest value.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { visibleWidth } from "../../src/report/ansi.js";
import { assembleReport } from "../../src/report/assemble.js";
import type { ReportModel } from "../../src/report/model.js";
import { strikeChart, terminalStrikeChart, STRIKE_COLORS } from "../../src/report/strikeChart.js";
import { strikesNearSpot } from "../../src/report/model.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let spx: ReportModel;
let btc: ReportModel;

beforeAll(async () => {
  spx = await assembleReport({ chainFile: join(ROOT, "test/fixtures/real/spx_quotedata_2024-01-07.csv"), mapDays: 0, overlay: false });
  btc = await assembleReport({ chainFile: join(ROOT, "test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv"), mapDays: 0, overlay: false });
});

/** Bars as drawn: color, x center, top, height. */
function bars(svg: string) {
  return [...svg.matchAll(/<rect class="bar" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#[0-9a-f]{6})"/g)]
    .map((m) => ({ x: Number(m[1]) + Number(m[3]) / 2, y: Number(m[2]), h: Number(m[4]), color: m[5]! }));
}

describe("strikeChart (SVG)", () => {
  it("one call bar and one put bar per strike of the window; heights proportional to the dealer gamma", () => {
    for (const m of [spx, btc]) {
      const rows = m.views.strikeWindow.rows;
      const b = bars(strikeChart(m).svg);
      const calls = b.filter((x) => x.color === STRIKE_COLORS.call);
      const puts = b.filter((x) => x.color === STRIKE_COLORS.put);
      // a bar for every non-zero figure (a strike without calls or puts draws none)
      const callRows = rows.filter((r) => r.callGamma !== 0);
      const putRows = rows.filter((r) => r.putGamma !== 0);
      expect(calls).toHaveLength(callRows.length);
      expect(puts).toHaveLength(putRows.length);
      expect(putRows.length).toBeGreaterThan(rows.length / 2);
      // px per USD from the largest call bar; every other bar on the same scale (0.1-px rounding, 0.5-px minimum)
      const kMax = callRows.reduce((best, r, i) => (r.callGamma > callRows[best]!.callGamma ? i : best), 0);
      const perUsd = calls[kMax]!.h / callRows[kMax]!.callGamma;
      callRows.forEach((r, i) => expect(Math.abs(calls[i]!.h - Math.max(0.5, r.callGamma * perUsd)), `${r.strike} call`).toBeLessThanOrEqual(0.25));
      putRows.forEach((r, i) => expect(Math.abs(puts[i]!.h - Math.max(0.5, -r.putGamma * perUsd)), `${r.strike} put`).toBeLessThanOrEqual(0.25));
      // naive dealers: calls above the zero line, puts below
      const zero = Number(/class="zero-line" x1="[\d.]+" y1="([\d.]+)"/.exec(strikeChart(m).svg)![1]);
      // (coordinates rounded to 0.1 px; a zero bar is drawn 0.5 px tall from the line)
      for (const c of calls) expect(Math.abs(c.y + c.h - zero)).toBeLessThanOrEqual(0.15);
      for (const p of puts) expect(Math.abs(p.y - zero)).toBeLessThanOrEqual(0.15);
    }
  });

  it("marks spot, the call wall and the put wall; the window reaches the walls (Deribit's call wall is 17% below spot)", () => {
    const svg = strikeChart(btc).svg;
    expect(svg).toContain("call wall 60,000");
    expect(svg).toContain("put wall 72,000");
    expect(svg).toContain("spot 72,011");
    const w = btc.views.strikeWindow;
    expect(w.lo).toBeLessThanOrEqual(60000);
    expect(w.rows.some((r) => r.strike === 60000)).toBe(true);
    expect(w.hi).toBeCloseTo(72011.29 * 1.1, 6);
    expect(spx.views.strikeWindow.rows.every((r) => r.strike >= spx.views.strikeWindow.lo && r.strike <= spx.views.strikeWindow.hi)).toBe(true);
  });
});

describe("terminalStrikeChart", () => {
  it("keeps the walls and the absolute-gamma strike beside the strikes nearest spot", () => {
    const rows = strikesNearSpot(btc.views.strikeWindow.rows, btc.meta.spot, 5, [btc.levels.callWall, btc.levels.putWall, btc.levels.absGammaStrike]);
    expect(rows.map((r) => r.strike)).toContain(60000);
    expect(rows.length).toBe(6); // 5 nearest (72,000 among them) + the call wall
    const text = terminalStrikeChart(btc, { strikes: 5 }).join("\n");
    expect(text).toMatch(/^ *60,000 .*C$/m);
    expect(text).toMatch(/^ *72,000 .* PA◀$/m);
    // strikes left out between 71,500 and the call wall are marked
    expect(text).toMatch(/^ *71,500 .*\n *⋮\n *60,000 /m);
  });

  it("fits 80, 100 and 120 columns, colored or not; the largest |gamma| fills its half", () => {
    for (const width of [80, 100, 120]) {
      for (const color of [false, true]) {
        const lines = terminalStrikeChart(spx, { width, color });
        for (const l of lines) expect(visibleWidth(l), l).toBeLessThanOrEqual(width);
      }
      const lines = terminalStrikeChart(spx, { width });
      const longest = Math.max(...lines.slice(1, -3).map((l) => (l.match(/█/g) ?? []).length));
      const halfWidth = lines[0]!.indexOf("│") - lines[0]!.search(/ puts│/) - 1; // the put half's width
      expect(longest).toBeGreaterThanOrEqual(halfWidth);
      // 4,700 (put wall and abs-gamma strike) has the longest put bar: 8.508 bn
      const row4700 = lines.find((l) => /^ *4,700 /.test(l))!;
      expect(row4700).toMatch(/PA$/);
    }
  });
});
