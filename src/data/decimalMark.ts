/**
 * Which decimal mark a delimited file uses, from the numbers it holds. European spreadsheets
 * export CSV with `;` between fields and a decimal comma (`0,25`, `4.700,5`); others write `;` with
 * a decimal point. A number tells which only when its separator cannot be a thousands separator:
 *
 * | cell | says |
 * |---|---|
 * | `0,25`, `12,3456`, `4.700,5`, `1234,567`, `0,500` | comma (not three digits after it, or a first group that cannot start a grouping) |
 * | `0.25`, `4,700.5`, `1,234,567` | point |
 * | `1,500`, `4.700` | nothing: 1.5 or 1500? |
 * | `4700`, `-3` | nothing (no separator) |
 *
 * @module
 */

/** A decimal mark, or "?" when a cell could be read either way. */
export type DecimalEvidence = "." | "," | "?";

/**
 * What one numeric cell says about the decimal mark (table in the module notes), or null when it
 * has no separator (or is not a number).
 *
 * @example
 * classifyDecimal("0,25");    // ","
 * classifyDecimal("4.700,5"); // ","
 * classifyDecimal("0.1196");  // "."
 * classifyDecimal("1,500");   // "?"
 * classifyDecimal("4700");    // null
 */
export function classifyDecimal(cell: string): DecimalEvidence | null {
  let s = cell.trim();
  if (s.endsWith("%")) s = s.slice(0, -1).trim();
  if (s.startsWith("-") || s.startsWith("+")) s = s.slice(1);
  const hasComma = s.includes(",");
  const hasDot = s.includes(".");
  if (!hasComma && !hasDot) return null;
  if (hasComma && hasDot) {
    // the last separator is the decimal mark, the other groups thousands
    if (/^\d{1,3}(\.\d{3})+,\d*$/.test(s)) return ",";
    if (/^\d{1,3}(,\d{3})+\.\d*$/.test(s)) return ".";
    return null;
  }
  const mark = hasComma ? "," : ".";
  const other = hasComma ? "." : ",";
  const parts = s.split(mark);
  if (!parts.every((p) => /^\d*$/.test(p))) return null;
  if (parts.length > 2) {
    // several marks: only a thousands grouping (1,234,567), so the decimal mark is the other one
    return /^\d{1,3}$/.test(parts[0]!) && parts.slice(1).every((p) => p.length === 3) ? other : null;
  }
  const [int, frac] = parts as [string, string];
  if (frac.length !== 3) return frac.length === 0 && int.length === 0 ? null : mark;
  // three digits after it: a grouping needs a first group of 1–3 digits not starting with 0
  return /^[1-9]\d{0,2}$/.test(int) ? "?" : mark;
}

/** The decision of {@link detectDecimalMark}. */
export interface DecimalDecision {
  /** the mark, or undefined when no cell told */
  mark: "." | "," | undefined;
  /** a cell that decided, for messages */
  evidence?: { line: number; text: string };
  /** set when cells disagree: one of each */
  conflict?: { comma: { line: number; text: string }; point: { line: number; text: string } };
}

/**
 * Decide the decimal mark from numeric cells: the mark every cell with evidence names.
 *
 * @param cells - numeric cells with their lines
 * @example
 * detectDecimalMark([{ line: 2, text: "4700" }, { line: 2, text: "0,12" }]).mark; // ","
 * detectDecimalMark([{ line: 2, text: "1,500" }]).mark;                          // undefined
 * detectDecimalMark([{ line: 2, text: "0,12" }, { line: 3, text: "0.12" }]).conflict; // { comma: …line 2, point: …line 3 }
 */
export function detectDecimalMark(cells: Iterable<{ line: number; text: string }>): DecimalDecision {
  let comma: { line: number; text: string } | undefined;
  let point: { line: number; text: string } | undefined;
  for (const c of cells) {
    const e = classifyDecimal(c.text);
    if (e === ",") comma ??= { line: c.line, text: c.text.trim() };
    else if (e === ".") point ??= { line: c.line, text: c.text.trim() };
    if (comma && point) return { mark: undefined, conflict: { comma, point } };
  }
  if (comma) return { mark: ",", evidence: comma };
  if (point) return { mark: ".", evidence: point };
  return { mark: undefined };
}
