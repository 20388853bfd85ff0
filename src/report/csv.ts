/**
 * CSV writer (RFC 4180): comma-separated, a field is quoted when it holds a comma, a quote, a line
 * break or leading/trailing spaces, and quotes inside are doubled. Numbers are written at full
 * precision (the shortest text that reads back to the same double), so a CSV round-trips.
 *
 * @module
 */

/**
 * A CSV field: numbers at full precision, null/undefined as an empty field.
 *
 * @example
 * const row: CsvField[] = ["call", 100000, undefined];
 */
export type CsvField = string | number | boolean | null | undefined;

/**
 * Options of {@link toCsv}.
 *
 * @example
 * toCsv(["a"], [[1]], { eol: "\r\n" } satisfies CsvOptions); // "a\r\n1\r\n"
 */
export interface CsvOptions {
  /** line ending; default "\n" */
  eol?: "\n" | "\r\n";
}

/**
 * One field as CSV text.
 *
 * @example
 * csvField('say "hi", then go'); // "\"say \"\"hi\"\", then go\""
 * csvField(0.1 + 0.2); // "0.30000000000000004"
 * csvField(undefined); // ""
 */
export function csvField(value: CsvField): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "number" ? numberText(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function numberText(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  return Object.is(x, -0) ? "0" : String(x);
}

/**
 * A whole CSV document: a header line, then one line per row, each line ended by `eol`.
 *
 * @param header - column names
 * @param rows - rows of fields, in header order (not modified)
 * @param options - line ending
 * @throws RangeError when a row's length differs from the header's
 * @example
 * toCsv(["type", "strike"], [["call", 100000], ["put", 90000]]);
 * // "type,strike\ncall,100000\nput,90000\n"
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvField[]>, options: CsvOptions = {}): string {
  const eol = options.eol ?? "\n";
  const lines = [header.map(csvField).join(",")];
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new RangeError(`CSV row ${i + 1} has ${row.length} fields, the header has ${header.length}`);
    }
    lines.push(row.map(csvField).join(","));
  });
  return lines.join(eol) + eol;
}
