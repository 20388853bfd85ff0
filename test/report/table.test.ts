import { describe, expect, it } from "vitest";
import { type Column, formatNumber, formatTable } from "../../src/report/table.js";

describe("formatNumber", () => {
  it("keeps 6 significant digits and drops trailing zeros", () => {
    expect(formatNumber(5234.123456)).toBe("5234.12");
    expect(formatNumber(-1.5)).toBe("-1.5");
    expect(formatNumber(100000)).toBe("100000");
    expect(formatNumber(0.454488123)).toBe("0.454488");
    expect(formatNumber(123456789)).toBe("123456789");
  });

  it("switches to exponent notation below 1e-4 and from 1e15", () => {
    expect(formatNumber(0.0000123456789)).toBe("1.23457e-5");
    expect(formatNumber(-7.344391e-11)).toBe("-7.34439e-11");
    expect(formatNumber(2e15)).toBe("2e15");
    expect(formatNumber(0.0001)).toBe("0.0001");
  });

  it("prints the special values plainly", () => {
    expect(formatNumber(NaN)).toBe("NaN");
    expect(formatNumber(Infinity)).toBe("inf");
    expect(formatNumber(-Infinity)).toBe("-inf");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(-0.0000001, 3)).toBe("-1e-7");
  });

  it("honours the digits argument and rounding that carries", () => {
    expect(formatNumber(0.0821917808, 4)).toBe("0.08219");
    expect(formatNumber(9.99999999, 3)).toBe("10");
    expect(formatNumber(-0.00000004, 6)).toBe("-4e-8");
  });
});

interface Row {
  k: number;
  d: number | undefined;
  name?: string;
}

const COLS: Column<Row>[] = [
  { header: "strike", value: (r) => r.k },
  { header: "delta", value: (r) => r.d },
];

describe("formatTable", () => {
  it("lines numbers up on the decimal point under a right-aligned header", () => {
    const text = formatTable(COLS, [{ k: 100000, d: 0.4321 }, { k: 90000, d: -0.12 }]);
    expect(text).toBe("strike    delta\n100000   0.4321\n 90000  -0.12\n");
  });

  it("aligns exponent numbers on their mantissa's integer part", () => {
    const text = formatTable([{ header: "g", value: (r: number) => r }], [12.5, 2.5e-7]);
    expect(text).toBe("      g\n12.5\n 2.5e-7\n");
  });

  it("left-aligns text columns and leaves blank cells blank", () => {
    const text = formatTable<Row>(
      [{ header: "name", value: (r) => r.name }, ...COLS],
      [{ k: 1, d: undefined, name: "a" }, { k: 22, d: 1, name: "bbb" }],
    );
    expect(text).toBe("name  strike  delta\na          1\nbbb       22      1\n");
  });

  it("explicit right alignment and a footer", () => {
    const text = formatTable([{ header: "x", value: (r: string) => r, align: "right" }], ["a", "bcd"], { footer: ["units: none"] });
    expect(text).toBe("  x\n  a\nbcd\nunits: none\n");
  });

  it("counts Greek letters as one column each", () => {
    const text = formatTable([{ header: "∂V/∂σ", value: (r: number) => r }, { header: "u", value: () => "σ" }], [1]);
    expect(text).toBe("∂V/∂σ  u\n    1  σ\n");
  });

  it("prints only the header for no rows, and does not modify the rows", () => {
    expect(formatTable(COLS, [])).toBe("strike  delta\n");
    const rows = Object.freeze([Object.freeze({ k: 1, d: 2 })]);
    expect(() => formatTable(COLS, rows)).not.toThrow();
  });

  it("uses a column's own number format", () => {
    const text = formatTable([{ header: "t", value: (r: number) => r, format: (x) => x.toFixed(2) }], [1 / 3]);
    expect(text).toBe("   t\n0.33\n");
  });
});
