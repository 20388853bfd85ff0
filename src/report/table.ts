/**
 * Plain-text aligned tables: numbers right-aligned and formatted to a fixed number of significant
 * digits, text left-aligned, one header row, an optional footer of notes (units).
 *
 * The report layer never imports the CLI; callers pass already-collected rows. Text cells are
 * printed with their control characters escaped (escapeControl): file text cannot act on the
 * terminal.
 *
 * @module
 */
import { escapeControl } from "./format.js";

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
  /**
   * when the table is wider than {@link TableOptions.width}, columns with a `drop` rank are left out,
   * the highest rank first (ties: the rightmost first); columns without one always stay
   */
  drop?: number;
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
  /**
   * widest line allowed, columns; default no limit. A wider table leaves out its `drop` columns
   * (saying which in a footer line), then shortens its widest text column with "…"; footer lines
   * are wrapped to it
   */
  width?: number;
  /**
   * instead of leaving columns out: when the table is wider than `width`, print it in blocks one
   * under the other, each repeating the first `repeat` columns (the row's key) with as many of the
   * others as fit; `drop` columns are still left out first
   */
  repeat?: number;
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
  const gapWidth = options.gap ?? 2;
  const gap = " ".repeat(gapWidth);
  const maxWidth = options.width ?? Infinity;
  let cols = columns.map((col) => ({ ...col, header: escapeControl(col.header) }));
  let cells: string[][] = [];
  let numeric: boolean[][] = [];
  for (const row of rows) {
    const line: string[] = [];
    const isNum: boolean[] = [];
    for (const col of cols) {
      const v = col.value(row);
      isNum.push(typeof v === "number");
      line.push(typeof v === "number" ? (col.format ?? formatNumber)(v) : escapeControl(v ?? ""));
    }
    cells.push(line);
    numeric.push(isNum);
  }
  // leave out droppable columns, highest rank first, while the table is wider than allowed
  const natural = () => cols.reduce((a, col, j) => a + Math.max(width(col.header), ...cells.map((line) => width(line[j] ?? ""))), 0) + gapWidth * (cols.length - 1);
  const dropped: string[] = [];
  while (natural() > maxWidth) {
    let j = -1;
    cols.forEach((col, k) => {
      if (col.drop !== undefined && (j < 0 || col.drop >= cols[j]!.drop!)) j = k;
    });
    if (j < 0) break;
    dropped.unshift(cols[j]!.header);
    cols = cols.filter((_, k) => k !== j);
    cells = cells.map((line) => line.filter((_, k) => k !== j));
    numeric = numeric.map((line) => line.filter((_, k) => k !== j));
  }
  const aligns = cols.map((col, j) =>
    col.align ?? (cells.length > 0 && cells.every((line, i) => numeric[i]?.[j] || line[j] === "") ? "decimal" : "left"),
  );
  // decimal columns: pad each number so that integer parts end in the same column
  cols.forEach((_col, j) => {
    if (aligns[j] !== "decimal") return;
    const split = cells.map((line, i) => (numeric[i]?.[j] ? splitAtPoint(line[j] ?? "") : undefined));
    const intWidth = Math.max(0, ...split.map((p) => (p ? width(p[0]) : 0)));
    const fracWidth = Math.max(0, ...split.map((p) => (p ? width(p[1]) : 0)));
    cells.forEach((line, i) => {
      const p = split[i];
      if (p) line[j] = " ".repeat(intWidth - width(p[0])) + p[0] + p[1] + " ".repeat(fracWidth - width(p[1]));
    });
  });
  const widths = cols.map((col, j) => Math.max(width(col.header), ...cells.map((line) => width(line[j] ?? ""))));
  // still too wide: shorten the widest left-aligned text column (to 8 columns at least)
  const total = () => widths.reduce((a, b) => a + b, 0) + gapWidth * (cols.length - 1);
  while (!(options.repeat && options.repeat > 0) && total() > maxWidth) {
    let j = -1;
    widths.forEach((w, k) => {
      if (aligns[k] === "left" && w > 8 && (j < 0 || w > widths[j]!)) j = k;
    });
    if (j < 0) break;
    widths[j] = Math.max(8, widths[j]! - (total() - maxWidth));
  }
  const fit = (text: string, w: number) => (width(text) <= w ? text : [...text].slice(0, Math.max(0, w - 1)).join("") + "…");
  // in a decimal column the header and the (equal-width) numbers sit right, text cells left
  const pad = (raw: string, j: number, right: boolean): string => {
    const text = fit(raw, widths[j] ?? 0);
    const fill = " ".repeat(Math.max(0, (widths[j] ?? 0) - width(text)));
    return aligns[j] === "right" || (aligns[j] === "decimal" && right) ? fill + text : text + fill;
  };
  // blocks of columns: all of them, or (repeat) the key columns with as many others as fit
  const blocks: number[][] = [];
  const rep = Math.min(options.repeat ?? 0, cols.length);
  if (rep > 0 && total() > maxWidth) {
    const key = [...Array(rep).keys()];
    const keyWidth = key.reduce((a, j) => a + widths[j]! + gapWidth, 0);
    let block = [...key];
    let w = keyWidth;
    for (let j = rep; j < cols.length; j++) {
      if (block.length > rep && w + widths[j]! > maxWidth) {
        blocks.push(block);
        block = [...key];
        w = keyWidth;
      }
      block.push(j);
      w += widths[j]! + gapWidth;
    }
    blocks.push(block);
  } else {
    blocks.push([...cols.keys()]);
  }
  const lines: string[] = [];
  blocks.forEach((block, b) => {
    if (b > 0) lines.push("");
    lines.push(
      ...[block.map((j) => pad(cols[j]!.header, j, true)), ...cells.map((line, i) => block.map((j) => pad(line[j]!, j, numeric[i]?.[j] ?? false)))]
        .map((parts) => parts.join(gap).trimEnd()),
    );
  });
  const footer = [...(options.footer ?? [])];
  if (dropped.length > 0) footer.push(`left out to fit ${maxWidth} columns: ${dropped.join(", ")} (--wide shows every column)`);
  for (const note of footer) lines.push(...wrapLine(note, maxWidth));
  return lines.join("\n") + "\n";
}

/** One line wrapped at spaces to `max` columns; continuation lines keep its indentation (or align after a leading "units:"). */
function wrapLine(line: string, max: number): string[] {
  if (width(line) <= max) return [line];
  const indent = " ".repeat(/^units: /.test(line) ? 7 : (/^\s*/.exec(line)?.[0].length ?? 0));
  const out: string[] = [];
  let cur = "";
  for (const word of line.split(" ")) {
    if (cur !== "" && cur.trim() !== "" && width(cur) + 1 + width(word) > max) {
      out.push(cur);
      cur = indent + word;
    } else {
      cur = cur === "" ? word : `${cur} ${word}`;
    }
  }
  if (cur !== "") out.push(cur);
  return out;
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
