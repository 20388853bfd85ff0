import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineChartSvg, niceStep, niceTicks, valueScale } from "../../src/report/svgChart.js";

/** Points of an SVG path "M x y L x y …". */
function pathPoints(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

function attr(tag: string, name: string): number {
  const m = new RegExp(`\\s${name}="(-?[\\d.]+)"`).exec(tag);
  if (!m) throw new Error(`no ${name} in ${tag}`);
  return Number(m[1]);
}

describe("niceStep and niceTicks", () => {
  it("steps are 1, 2 or 5 × 10^k, and ticks lie in the range at that step", () => {
    // spans not below 1e-6 of the values (ticks are rounded to 12 significant digits)
    const range = fc.tuple(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 1e-3, max: 1e9, noNaN: true }))
      .filter(([lo, span]) => span >= 1e-6 * Math.max(Math.abs(lo), Math.abs(lo + span)));
    fc.assert(fc.property(range, fc.integer({ min: 2, max: 12 }), ([lo, span], count) => {
      const hi = lo + span;
      const step = niceStep(span, count);
      const mant = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
      expect([1, 2, 5, 10].some((m) => Math.abs(mant - m) < 1e-9 * m)).toBe(true);
      const ticks = niceTicks(lo, hi, count);
      for (const t of ticks) {
        expect(t).toBeGreaterThanOrEqual(lo - step * 1e-9);
        expect(t).toBeLessThanOrEqual(hi + step * 1e-9);
      }
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBeCloseTo(step, 6);
      // no gap of a whole step at either end
      if (ticks.length > 0) {
        expect(ticks[0]! - lo).toBeLessThan(step * (1 + 1e-9));
        expect(hi - ticks[ticks.length - 1]!).toBeLessThan(step * (1 + 1e-9));
      }
    }));
  });

  it("price ticks of a BTC grid land on round thousands", () => {
    expect(niceTicks(58410.11, 87615.17, 6)).toEqual([60000, 65000, 70000, 75000, 80000, 85000]);
  });

  it("valueScale picks bn, mn, k", () => {
    expect(valueScale(1.07e8)).toEqual({ factor: 1e6, word: "mn" });
    expect(valueScale(2e9)).toEqual({ factor: 1e9, word: "bn" });
    expect(valueScale(5e4)).toEqual({ factor: 1e3, word: "k" });
    expect(valueScale(500)).toEqual({ factor: 1, word: "" });
  });
});

describe("lineChartSvg", () => {
  const x = Array.from({ length: 41 }, (_, i) => 100 + i * 2.5);
  const y = x.map((v) => (v - 140) * (v - 120) * 1000);

  it("maps data to pixels affinely: the path's points are the data under one x and one y affine map", () => {
    const svg = lineChartSvg({ id: "t", title: "t", x, series: [{ name: "s", y, color: "#123456" }] });
    const d = /<path class="series" d="([^"]+)"/.exec(svg)![1]!;
    const pts = pathPoints(d);
    expect(pts).toHaveLength(x.length);
    // fit each map on the two extreme points and check every point: coordinates are rounded to
    // 0.1 px, so a point is within 0.05 of its exact place and the fitted map within 0.1 (interpolating)
    const tol = 0.15 + 1e-9;
    const ax = (pts[40]![0] - pts[0]![0]) / (x[40]! - x[0]!);
    const iMin = y.indexOf(Math.min(...y));
    const iMax = y.indexOf(Math.max(...y));
    const ay = (pts[iMax]![1] - pts[iMin]![1]) / (y[iMax]! - y[iMin]!);
    expect(ax).toBeGreaterThan(0);
    expect(ay).toBeLessThan(0); // SVG y grows downwards
    pts.forEach(([px, py], k) => {
      expect(Math.abs(px - (pts[0]![0] + ax * (x[k]! - x[0]!)))).toBeLessThanOrEqual(tol);
      expect(Math.abs(py - (pts[iMin]![1] + ay * (y[k]! - y[iMin]!)))).toBeLessThanOrEqual(tol);
    });
    // the zero line sits where the y map puts 0
    const zero = /<line class="zero-line"[^>]*>/.exec(svg)![0];
    expect(Math.abs(attr(zero, "y1") - (pts[iMin]![1] + ay * (0 - y[iMin]!)))).toBeLessThanOrEqual(tol);
  });

  it("puts markers at their x and never overlaps their labels", () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 100, max: 200, noNaN: true }), { minLength: 1, maxLength: 8 }), (xs) => {
      const markers = xs.map((v, i) => ({ x: v, label: `m${i} ${v.toFixed(0)}`, color: "#000" }));
      const svg = lineChartSvg({ id: "m", title: "m", x, series: [{ name: "s", y, color: "#123456" }], markers });
      const lines = [...svg.matchAll(/<line class="marker"[^>]*>/g)].map((m) => attr(m[0], "x1"));
      expect(lines).toHaveLength(xs.length);
      const path = pathPoints(/<path class="series" d="([^"]+)"/.exec(svg)![1]!);
      const ax = (path[40]![0] - path[0]![0]) / (x[40]! - x[0]!);
      const sorted = [...xs].sort((a, b) => a - b);
      lines.forEach((px, i) => expect(Math.abs(px - (path[0]![0] + ax * (sorted[i]! - x[0]!)))).toBeLessThanOrEqual(0.15));
      // labels: same baseline ⇒ disjoint horizontal extents (0.6 em per character at 11 px)
      const labels = [...svg.matchAll(/<text x="(-?[\d.]+)" y="([\d.]+)" font-size="11"[^>]*>([^<]*)<\/text>/g)]
        .map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: [...m[3]!].length * 6.6 }));
      expect(labels).toHaveLength(xs.length);
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          const a = labels[i]!, b = labels[j]!;
          if (a.y === b.y) expect(a.x + a.w <= b.x - 5.9 || b.x + b.w <= a.x - 5.9).toBe(true);
        }
      }
    }));
  });

  it("shades bands inside the plot and skips those off the grid", () => {
    const svg = lineChartSvg({
      id: "b", title: "b", x, series: [{ name: "s", y, color: "#123456" }],
      bands: [{ lo: 120, hi: 140, color: "#f00", label: "zone" }, { lo: 10, hi: 20, color: "#00f" }],
    });
    expect([...svg.matchAll(/<rect class="band"/g)]).toHaveLength(1);
    expect(svg).toContain(">zone</text>");
  });

  it("escapes text and is self-contained (only the SVG namespace URL)", () => {
    const svg = lineChartSvg({ id: "e", title: "<b>&", x, series: [{ name: `a"<script>`, y, color: "#123456" }] });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;b&gt;&amp;");
    expect(svg.replace('xmlns="http://www.w3.org/2000/svg"', "")).not.toMatch(/https?:|href=|src=/);
    // tags balance
    const open = [...svg.matchAll(/<(\w+)[^>]*?(\/?)>/g)].filter((m) => m[2] !== "/").length;
    const close = [...svg.matchAll(/<\/\w+>/g)].length;
    expect(open).toBe(close);
  });

  it("rejects a chart it cannot draw", () => {
    expect(() => lineChartSvg({ id: "r", title: "r", x: [1], series: [] })).toThrow(RangeError);
    expect(() => lineChartSvg({ id: "r", title: "r", x: [1, 2], series: [{ name: "s", y: [1], color: "#000" }] })).toThrow(/1 values, x has 2/);
  });

  it("leaves a gap at NaN instead of drawing to it", () => {
    const yy = y.slice();
    yy[20] = NaN;
    const svg = lineChartSvg({ id: "n", title: "n", x, series: [{ name: "s", y: yy, color: "#123456" }] });
    const d = /<path class="series" d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(pathPoints(d)).toHaveLength(40);
  });
  it("bars: from the zero line in the value's direction, on the series' scale, left and right halves of a slot; zero not drawn", () => {
    const xs = [0, 1, 2, 3];
    const svg = lineChartSvg({
      id: "b", title: "b", x: xs, series: [], barWidth: 1,
      bars: [{ x: 1, y: 10, color: "#00aa00", slot: "left" }, { x: 1, y: -5, color: "#aa0000", slot: "right" }, { x: 2, y: 0, color: "#000000" }],
    });
    const bars = [...svg.matchAll(/<rect class="bar" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
    expect(bars).toHaveLength(2);
    const zero = Number(/class="zero-line" x1="[\d.]+" y1="([\d.]+)"/.exec(svg)![1]);
    const [up, down] = bars as [number[], number[]];
    expect(Math.abs(up[1]! + up[3]! - zero)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(down[1]! - zero)).toBeLessThanOrEqual(0.1);
    expect(up[3]! / down[3]!).toBeCloseTo(2, 1);
    expect(down[0]!).toBeCloseTo(up[0]! + up[2]!, 0); // the right half starts where the left ends
  });

  it("includeZero false: a price axis without the zero line; yFormat and xTicks as given", () => {
    const svg = lineChartSvg({
      id: "p", title: "p", x: [10, 20, 30], series: [{ name: "spot", y: [4500, 4600, 4700], color: "#000" }],
      includeZero: false, yFormat: (v) => `$${v}`, xTickValues: [15, 25, 99],
    });
    expect(svg).not.toContain("zero-line");
    expect(svg).toMatch(/>\$4,?600<|>\$4600</);
    const xt = [...svg.matchAll(/text-anchor="middle" fill="#444">([^<]+)</g)].map((m) => m[1]);
    expect(xt).toEqual(["15", "25"]); // 99 is off the axis
  });
});
