import { describe, expect, it } from "vitest";
import { painter } from "../../src/report/ansi.js";
import { escapeControl, priceText, usdPer } from "../../src/report/format.js";
import { formatTable } from "../../src/report/table.js";
import { terminalTable } from "../../src/report/terminal.js";
import { fitLines, wrapItems } from "../../src/report/wrap.js";

describe("fitLines", () => {
  it("breaks long lines at a space, keeping the spacing inside and indenting continuations 4 more", () => {
    const line = "  short gamma zones     11,755–14,773 (-20.0% to +0.5%), 16,169–16,355 (+10.0% to +11.3%)";
    expect(fitLines(line, 60)).toBe("  short gamma zones     11,755–14,773 (-20.0% to +0.5%),\n      16,169–16,355 (+10.0% to +11.3%)");
    for (const l of fitLines(line.repeat(3), 50).split("\n")) expect([...l].length).toBeLessThanOrEqual(50);
    expect(fitLines("short", 3)).toBe("short"); // no space to break at
    expect(fitLines(line, Infinity)).toBe(line);
  });
});

describe("wrapItems", () => {
  const items = ["chain /tmp/a/very/long/path.csv", "rate 0", "1 IBIT = 0.000568 BTC"];
  it("breaks between items, never inside one that fits on a line", () => {
    expect(wrapItems(items, 40)).toEqual(["chain /tmp/a/very/long/path.csv · rate 0", "· 1 IBIT = 0.000568 BTC"]);
    expect(wrapItems(items, 36)).toEqual(["chain /tmp/a/very/long/path.csv", "· rate 0 · 1 IBIT = 0.000568 BTC"]);
    expect(wrapItems(items, 200)).toEqual([items.join(" · ")]);
  });
  it("whatever the width, every item that fits is on one line and no line is wider than the width", () => {
    for (let width = 26; width <= 80; width++) {
      const lines = wrapItems(items, width);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
      expect(lines.some((l) => l.includes("1 IBIT = 0.000568 BTC"))).toBe(true);
    }
  });
  it("an item wider than a line is word-wrapped", () => {
    expect(wrapItems(["aaaaaaaaaa bbbbbbbbbb", "c"], 12)).toEqual(["aaaaaaaaaa", "bbbbbbbbbb", "· c"]);
  });
});

describe("escapeControl, usdPer, priceText", () => {
  it("control characters, bidi overrides show as escapes; text and letters stay", () => {
    expect(escapeControl("A\x1b[2J\x07\u202eB\n")).toBe("A\\x1b[2J\\x07\\u202eB\\x0a");
    expect(escapeControl("Société Générale — 5%")).toBe("Société Générale — 5%");
  });
  it("an unnamed underlying is 'USD per unit', never 'USD per '", () => {
    expect(usdPer("")).toBe("USD per unit");
    expect(usdPer("  ")).toBe("USD per unit");
    expect(usdPer("IBIT")).toBe("USD per IBIT");
  });
  it("prices keep the precision people read them at", () => {
    expect(priceText(36.58000183)).toBe("36.58");
    expect(priceText(35.7)).toBe("35.7");
    expect(priceText(4697.2402)).toBe("4,697.2");
    expect(priceText(72011.29)).toBe("72,011");
  });
});

describe("tables within a width", () => {
  const rows = [{ a: "x", b: 1, c: 2, d: "long text here" }];
  const cols = [
    { header: "a", value: (r: (typeof rows)[number]) => r.a },
    { header: "bbbbbbbbbb", value: (r: (typeof rows)[number]) => r.b, drop: 2 },
    { header: "cccccccccc", value: (r: (typeof rows)[number]) => r.c, drop: 1 },
    { header: "d", value: (r: (typeof rows)[number]) => r.d },
  ];
  it("formatTable leaves out the highest-ranked columns first and says which", () => {
    const t = formatTable(cols, rows, { width: 32 });
    expect(t.split("\n")[0]).toMatch(/^a\s+cccccccccc\s+d$/);
    expect(t.replace(/\s+/g, " ")).toContain("left out to fit 32 columns: bbbbbbbbbb (--wide shows every column)");
    expect(formatTable(cols, rows)).not.toContain("left out");
  });
  it("formatTable repeat: blocks of columns, each with the key", () => {
    const keep = cols.map(({ drop: _d, ...c }) => c);
    const t = formatTable(keep, rows, { width: 26, repeat: 1 });
    const heads = t.split("\n").filter((l) => l.startsWith("a "));
    expect(heads.length).toBeGreaterThanOrEqual(2);
    for (const l of t.split("\n")) expect([...l].length).toBeLessThanOrEqual(26);
  });
  it("terminalTable names the optional columns it leaves out", () => {
    const t = terminalTable({
      id: "t", title: "t", columns: [{ header: "a" }, { header: "wide column", optional: true }, { header: "b" }], rows: [["1", "22222222222222", "3"]],
    }, painter(false), 15);
    expect(t.replace(/\s+/g, " ")).toContain("Left out to fit 15 columns: wide column");
    expect(t.split("\n")[0]).toMatch(/^a\s+b$/);
  });
});
