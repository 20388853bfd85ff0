import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stripAnsi, visibleWidth } from "../../src/report/ansi.js";
import { asciiChart } from "../../src/report/asciiChart.js";

const CURVE = /[─╮╰╯╭│]/;

/** Top and bottom rows (0 = top) of the curve's characters in each plot column, from the plain lines. */
function curveRows(lines: string[], height: number): Array<[number, number]> {
  const offset = [...lines[0]!].findIndex((ch) => ch === "┤" || ch === "│" || ch === "┼") + 1;
  const width = Math.max(...lines.slice(0, height).map((l) => [...l].length));
  const rows: Array<[number, number]> = [];
  for (let c = offset; c < width; c++) {
    const hit: number[] = [];
    for (let r = 0; r < height; r++) {
      const ch = [...lines[r]!][c];
      if (ch !== undefined && CURVE.test(ch)) hit.push(r);
    }
    if (hit.length > 0) rows.push([Math.min(...hit), Math.max(...hit)]);
  }
  return rows;
}

describe("asciiChart", () => {
  const x = Array.from({ length: 201 }, (_, i) => 60000 + i * 150);

  it("every line fits the width, with or without colors, and colors strip to the plain chart", () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 60 }),
      fc.integer({ min: 40, max: 140 }), fc.integer({ min: 5, max: 20 }),
      (ys, width, height) => {
        const xs = ys.map((_, i) => 1000 + i * 10);
        const opts = { width, height, spot: 1000 + ys.length * 4, markers: [{ symbol: "Z", at: 1005, legend: "zero" }, { symbol: "▓", at: 1010, to: 1050, legend: "cluster", style: "magenta" as const }] };
        const plain = asciiChart(xs, ys, { ...opts, color: false });
        const colored = asciiChart(xs, ys, { ...opts, color: true });
        for (const l of plain) {
          expect(l).not.toContain("\x1b");
          expect(visibleWidth(l)).toBeLessThanOrEqual(width);
        }
        for (const l of colored) expect(visibleWidth(l)).toBeLessThanOrEqual(width);
        expect(colored.map(stripAnsi)).toEqual(plain);
      },
    ), { numRuns: 60 });
  });

  it("a rising profile rises on screen, a falling one falls", () => {
    const up = x.map((v) => v - 75000);
    const lines = asciiChart(x, up, { width: 100, height: 12 });
    const rows = curveRows(lines, 12);
    expect(rows.length).toBeGreaterThan(80);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]![0]).toBeLessThanOrEqual(rows[i - 1]![0]);
      expect(rows[i]![1]).toBeLessThanOrEqual(rows[i - 1]![1]);
    }
    // the y range is widened to round ticks (−20,000 … 20,000 for this ±15,000 line): the curve starts
    // in the lowest rows and ends in the top ones
    expect(rows[0]![1]).toBeGreaterThanOrEqual(9);
    expect(rows[rows.length - 1]![0]).toBeLessThanOrEqual(2);
    const down = asciiChart(x, up.map((v) => -v), { width: 100, height: 12 });
    const rd = curveRows(down, 12);
    for (let i = 1; i < rd.length; i++) {
      expect(rd[i]![0]).toBeGreaterThanOrEqual(rd[i - 1]![0]);
      expect(rd[i]![1]).toBeGreaterThanOrEqual(rd[i - 1]![1]);
    }
    expect(rd[0]![0]).toBeLessThanOrEqual(2);
    expect(rd[rd.length - 1]![1]).toBeGreaterThanOrEqual(9);
  });

  it("labels round ticks with the precision of their step; the x axis keeps the prices' precision", () => {
    // a $4.83 stock: ticks 4.0, 4.5, 5.0, … (not "4 5 5 6")
    const xs = Array.from({ length: 101 }, (_, i) => 3.86 + i * 0.0194);
    const lines = asciiChart(xs, xs.map((v) => (v - 4.83) * 1e6), { width: 100, height: 12, spot: 4.83 });
    const labels = lines[13]!.trim().split(/\s+/);
    expect(labels).toEqual(["4.0", "4.5", "5.0", "5.5"]);
    expect(lines.join("\n")).toContain("spot 4.83");
    // y labels: round values of one step (0.5 mn here), every one a multiple of it
    const y = lines.slice(0, 12).map((l) => /^\s*(-?[\d.]+) [┤┼]/.exec(l)?.[1]).filter((v): v is string => v !== undefined).map(Number);
    expect(y.length).toBeGreaterThanOrEqual(3);
    for (const v of y) expect(Math.abs(v / 0.5 - Math.round(v / 0.5))).toBeLessThan(1e-9);
    expect(y).toContain(0);
  });

  it("draws the zero line at the row of value 0 and labels it 0", () => {
    // symmetric range: −1 … +1 on 13 rows → zero on the middle row (6)
    const ys = x.map((v, i) => (i % 2 === 0 ? 1 : -1) * Math.min(1, Math.abs(v - 75000) / 10000));
    ys[0] = 1;
    ys[1] = -1;
    const lines = asciiChart(x, ys, { width: 100, height: 13 });
    const zero = lines.findIndex((l) => /^\s*0 ┼/.test(l));
    expect(zero).toBe(6);
    expect(lines[zero]).toContain("┈");
  });

  it("marks spot with a column and an S under the axis at the same position", () => {
    const lines = asciiChart(x, x.map((v) => v - 70000), { width: 100, height: 10, spot: 73000, markers: [] });
    const markerRow = lines[12]!; // 10 rows, axis, labels, markers
    const s = [...markerRow].indexOf("S");
    expect(s).toBeGreaterThan(0);
    // the spot column is a vertical bar in rows where the curve is not
    const bars = lines.slice(0, 10).filter((l) => { const ch = [...l][s]; return ch === "│" || (ch !== undefined && CURVE.test(ch)); });
    expect(bars).toHaveLength(10);
    // its column lies where 73,000 falls on the axis: between the 70,000 and 75,000 tick labels
    const labels = lines[11]!;
    expect(labels.indexOf("70,000")).toBeLessThan(s);
    expect(labels.indexOf("75,000")).toBeGreaterThan(s - 4);
  });

  it("rejects what it cannot draw", () => {
    expect(() => asciiChart([1], [1])).toThrow(RangeError);
    expect(() => asciiChart([1, 2], [1])).toThrow(/y has 1 values, x has 2/);
  });
});
