/**
 * The gamma heatmap: the diverging scale (ColorBrewer RdBu ends and middle), the saturation limit,
 * one cell per day and price colored by its value, and the spot line and zero-gamma path placed at
 * their prices inside the plot area.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { gammaMap } from "../../src/exposure/gammaMap.js";
import { colorLimit, divergingColor, gammaHeatmapSvg, RDBU } from "../../src/report/heatmap.js";
import { priceCell } from "../../src/report/sections.js";
import { mapView, type ReportMapColumn } from "../../src/report/views.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("divergingColor and colorLimit", () => {
  it("ColorBrewer RdBu: dark red at −limit, the neutral middle at 0, dark blue at +limit, saturating beyond", () => {
    expect(divergingColor(-1, 1)).toBe(RDBU[0]);
    expect(divergingColor(0, 1)).toBe(RDBU[5]);
    expect(divergingColor(1, 1)).toBe(RDBU[10]);
    expect(divergingColor(-7, 1)).toBe(RDBU[0]);
    expect(divergingColor(0.2, 1)).toBe(RDBU[6]); // (0.2 + 1) / 2 × 10 = 6 exactly
    expect(divergingColor(NaN, 1)).toBe("#cccccc");
    // halfway between two classes: the channel means, rounded
    const mid = divergingColor(0.1, 1);
    const ch = (c: string, k: number) => parseInt(c.slice(1 + 2 * k, 3 + 2 * k), 16);
    for (let k = 0; k < 3; k++) expect(ch(mid, k)).toBe(Math.round((ch(RDBU[5], k) + ch(RDBU[6], k)) / 2));
  });
  it("the limit is the 98th percentile of |value| (the largest for fewer than 50 cells); 1 for all zeros", () => {
    expect(colorLimit([[1, -2], [3, -100]])).toBe(100);
    const cells = Array.from({ length: 101 }, (_, i) => i - 50); // |v| = 0…50, one zero
    expect(colorLimit([cells])).toBe(49); // 100 non-zero |v| sorted (1,1,2,2,…,50,50): index floor(0.98 × 99) = 97 → 49
    expect(colorLimit([[0, 0]])).toBe(1);
  });
});

describe("gammaHeatmapSvg on the SPX 2024-01-07 map", () => {
  let cols: ReportMapColumn[];
  let price: number[];
  let svg: string;
  const spot = 4697.2402;
  beforeAll(async () => {
    const { chain } = await loadChain(join(ROOT, "test/fixtures/real/spx_quotedata_2024-01-07.csv"));
    const v = mapView(await gammaMap(chain, { days: 6, grid: { range: [0.95, 1.05], steps: 40 } }));
    cols = v.columns;
    price = v.price;
    svg = gammaHeatmapSvg({ id: "m", title: "SPX map", underlying: "SPX", spot, price, columns: cols, priceFormat: priceCell });
  });

  it("one cell per day and price, each colored by its value on the map's scale", () => {
    const cells = [...svg.matchAll(/<rect class="cell" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#[0-9a-f]{6})"/g)];
    expect(cells).toHaveLength(7 * 41);
    const limit = colorLimit(cols.map((c) => c.gamma));
    cells.forEach((m, i) => {
      const day = Math.floor(i / 41);
      const j = i % 41;
      expect(m[5]).toBe(divergingColor(cols[day]!.gamma[j]!, limit));
    });
    // dealers short gamma below the zero-gamma level (red), long above (blue): the SPX snapshot's shape
    expect(cells[0]![5]).toBe(divergingColor(cols[0]!.gamma[0]!, limit));
    expect(cols[0]!.gamma[0]).toBeLessThan(0);
    expect(cols[0]!.gamma[40]).toBeGreaterThan(0);
  });

  it("the spot line and every point of the zero-gamma path sit at their prices, inside the plot", () => {
    const frame = /<rect x="(\d+)" y="(\d+)" width="([\d.]+)" height="([\d.]+)" fill="none" stroke="#bbb"\/>/.exec(svg)!;
    const [left, top, w, h] = [1, 2, 3, 4].map((k) => Number(frame[k]));
    const p0 = price[0]!;
    const p1 = price[price.length - 1]!;
    const priceAt = (y: number) => p1 - ((y - top!) / h!) * (p1 - p0);
    const spotY = Number(/class="spot-line" x1="[\d.]+" y1="([\d.]+)"/.exec(svg)![1]);
    expect(Math.abs(priceAt(spotY) - spot)).toBeLessThanOrEqual(0.05 * (p1 - p0) / h!); // 0.05 px
    const d = /class="zero-path" d="([^"]+)"/.exec(svg)![1]!;
    const pts = [...d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const withZero = cols.filter((c) => c.nearestZeroGamma !== null && c.nearestZeroGamma >= p0 && c.nearestZeroGamma <= p1);
    expect(pts).toHaveLength(withZero.length);
    expect(pts.length).toBeGreaterThanOrEqual(5);
    pts.forEach(([x, y], i) => {
      expect(x).toBeGreaterThanOrEqual(left!);
      expect(x).toBeLessThanOrEqual(left! + w!);
      expect(Math.abs(priceAt(y!) - withZero[i]!.nearestZeroGamma!)).toBeLessThanOrEqual(0.05 * (p1 - p0) / h!);
    });
    expect(svg).toContain("<title");
    expect(svg).toMatch(/≤ −[\d.]+/);
  });

  it("rejects a map without prices or days, and a column of the wrong length", () => {
    expect(() => gammaHeatmapSvg({ id: "x", title: "t", underlying: "X", spot: 1, price: [1], columns: cols, priceFormat: String })).toThrow(RangeError);
    expect(() => gammaHeatmapSvg({ id: "x", title: "t", underlying: "X", spot: 1, price, columns: [], priceFormat: String })).toThrow(RangeError);
    expect(() => gammaHeatmapSvg({ id: "x", title: "t", underlying: "X", spot: 1, price, columns: [{ ...cols[0]!, gamma: [1, 2] }], priceFormat: String })).toThrow(RangeError);
  });
});
