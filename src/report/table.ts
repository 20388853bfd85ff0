/**
 * Plain-text aligned tables: numbers right-aligned and formatted to a fixed number of significant
 * digits, text left-aligned, one header row, an optional footer of notes (units).
 *
 * The report layer never imports the CLI; callers pass already-collected rows.
 *
 * @module
 */

/**
 * A cell: text is printed as is, numbers through {@link formatNumber}, null/undefined as blank.
 *
 * @example
 * const cells: Cell[] = ["call", 0.4545, undefined];
 */
export type Cell = string | number | null | undefined;

/**
 * One column of a table.
 *
 * @example
 * const col: Column<{ k: number }> = { header: "strike", value: (r) => r.k, format: (x) => x.toFixed(0) };
 */
export interface Column<Row> {
  /** header text */
  header: string;
  /** the cell of this column for one row */
  value: (row: Row) => Cell;
  /**
   * alignment; default "decimal" when every non-blank cell is a number (numbers lined up on their
   * decimal point, text cells left), else "left"
   */
  align?: "left" | "right" | "decimal";
  /** number formatter for this column; default {@link formatNumber} with 6 significant digits */
  format?: (x: number) => string;
}

/**
 * Options of {@link formatTable}.
 *
 * @example
 * formatTable(cols, rows, { footer: ["units: vega per 1.00 of vol"], gap: 3 } satisfies TableOptions);
 */
export interface TableOptions {
  /** lines printed under the table (e.g. units), each as is */
  footer?: readonly string[];
  /** spaces between columns; default 2 */
  gap?: number;
}

/**
 * Format a number for people: `digits` significant digits, trailing zeros dropped, plain notation
 * for 1e-4 ≤ |x| < 1e15 and exponent notation outside it. NaN prints as `NaN`, ±∞ as `inf`/`-inf`,
 * −0 as `0`.
 *
 * @param x - the number
 * @param digits - significant digits, 1–17; default 6
 * @example
 * formatNumber(5234.123456); // "5234.12"
 * formatNumber(0.0000123456789); // "1.23457e-5"
 * formatNumber(-1.5); // "-1.5"
 */
export function formatNumber(x: number, digits = 6): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e15) {
    const exponent = Math.floor(Math.log10(ax));
    const decimals = Math.min(100, Math.max(0, digits - 1 - exponent));
    const s = stripZeros(x.toFixed(decimals));
    return s === "-0" ? "0" : s;
  }
  const [mantissa = "", exp = ""] = x.toExponential(digits - 1).split("e");
  return `${stripZeros(mantissa)}e${exp.replace("+", "")}`;
}

function stripZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/**
 * Lay rows out as an aligned plain-text table, ending with a newline.
 *
 * @param columns - the columns, left to right
 * @param rows - the rows, top to bottom (not modified)
 * @param options - footer lines and column gap
 * @returns the table text; a header and footer only when `rows` is empty
 * @example
 * formatTable(
 *   [{ header: "strike", value: (r) => r.k }, { header: "delta", value: (r) => r.d }],
 *   [{ k: 100000, d: 0.4321 }, { k: 90000, d: -0.12 }],
 * );
 * // "strike    delta\n100000   0.4321\n 90000  -0.12\n"
 */
export function formatTable<Row>(columns: ReadonlyArray<Column<Row>>, rows: readonly Row[], options: TableOptions = {}): string {
  const gap = " ".repeat(options.gap ?? 2);
  const cells: string[][] = [];
  const numeric: boolean[][] = [];
  for (const row of rows) {
    const line: string[] = [];
    const isNum: boolean[] = [];
    for (const col of columns) {
      const v = col.value(row);
      isNum.push(typeof v === "number");
      line.push(typeof v === "number" ? (col.format ?? formatNumber)(v) : v ?? "");
    }
    cells.push(line);
    numeric.push(isNum);
  }
  const aligns = columns.map((col, j) =>
    col.align ?? (cells.length > 0 && cells.every((line, i) => numeric[i]?.[j] || line[j] === "") ? "decimal" : "left"),
  );
  // decimal columns: pad each number so that integer parts end in the same column
  columns.forEach((_col, j) => {
    if (aligns[j] !== "decimal") return;
    const split = cells.map((line, i) => (numeric[i]?.[j] ? splitAtPoint(line[j] ?? "") : undefined));
    const intWidth = Math.max(0, ...split.map((p) => (p ? width(p[0]) : 0)));
    const fracWidth = Math.max(0, ...split.map((p) => (p ? width(p[1]) : 0)));
    cells.forEach((line, i) => {
      const p = split[i];
      if (p) line[j] = " ".repeat(intWidth - width(p[0])) + p[0] + p[1] + " ".repeat(fracWidth - width(p[1]));
    });
  });
  const widths = columns.map((col, j) => Math.max(width(col.header), ...cells.map((line) => width(line[j] ?? ""))));
  // in a decimal column the header and the (equal-width) numbers sit right, text cells left
  const pad = (text: string, j: number, right: boolean): string => {
    const fill = " ".repeat((widths[j] ?? 0) - width(text));
    return aligns[j] === "right" || (aligns[j] === "decimal" && right) ? fill + text : text + fill;
  };
  const lines = [
    columns.map((col, j) => pad(col.header, j, true)),
    ...cells.map((line, i) => line.map((c, j) => pad(c, j, numeric[i]?.[j] ?? false))),
  ].map((parts) =>
    parts.join(gap).trimEnd(),
  );
  for (const note of options.footer ?? []) lines.push(note);
  return lines.join("\n") + "\n";
}

/** Split a formatted number before its decimal point or exponent: ["-12", ".5"], ["3", "e-7"]. */
function splitAtPoint(text: string): [string, string] {
  const k = text.search(/[.e]/);
  return k < 0 ? [text, ""] : [text.slice(0, k), text.slice(k)];
}

/** Display width: code points, so that Greek letters and "≥" count as one column. */
function width(s: string): number {
  return [...s].length;
}
