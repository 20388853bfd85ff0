/**
 * Input errors raised by the data layer: a file that cannot be used, or (in strict mode) a row
 * that cannot be read. The message is one line naming the file, line and field.
 *
 * It extends RangeError so that every layer above treats it as bad input (exit code 2 in the CLI).
 * File text quoted in a message (a header cell, a row) can hold line breaks or terminal control
 * codes; they are written as visible escapes, so the message stays one line and prints as text.
 *
 * @module
 */

/**
 * A message made safe to print on one line: line breaks and other control characters (C0, DEL,
 * C1, the Unicode line and paragraph separators, the bidirectional overrides and isolates) written
 * as `\n`, `\r`, `\t` or `\u{…}`.
 *
 * @example
 * oneLine('found: "\n", \x1b[31mred'); // 'found: "\\n", \\u{1b}[31mred'
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) =>
    c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** Longest piece of file text (a cell, a header name) quoted in a message, in characters. */
export const QUOTE_MAX = 80;

/**
 * File text cut for a message: at most {@link QUOTE_MAX} characters (`max` to override), the cut
 * marked with `…` and the length; a 300 KB header cell or a binary file must not become a 300 KB
 * error line. Control characters are left to {@link oneLine} (every InputError applies it).
 *
 * @param max - characters kept, default 80
 * @example
 * clipText("abcdef", 3); // "abc… (6 characters)"
 * clipText("strike");    // "strike"
 */
export function clipText(text: string, max = QUOTE_MAX): string {
  // cut by code points, so a surrogate pair is never split
  const cps = Array.from(text.length > 4 * max ? text.slice(0, 4 * max) : text);
  if (cps.length <= max && text.length <= 4 * max) return text;
  return `${cps.slice(0, max).join("")}… (${text.length} characters)`;
}

/** Longest reason an {@link InputError} carries, in characters (a backstop behind {@link clipText}). */
const MESSAGE_MAX = 1000;

/** At most this many characters of a header listing ({@link foundColumns}). */
const FOUND_MAX = 400;

/**
 * The columns of a header for a message, `found: a, b, c`: each cell trimmed and cut by
 * {@link clipText}, the listing cut after {@link FOUND_MAX} (400) characters with the number of
 * columns left out.
 *
 * @example
 * foundColumns(["expiry", " strike ", "type"]); // "found: expiry, strike, type"
 */
export function foundColumns(cells: readonly string[]): string {
  let out = "found:";
  for (let i = 0; i < cells.length; i++) {
    const cell = clipText(cells[i]!.trim());
    if (i > 0 && out.length + cell.length > FOUND_MAX) return `${out}, … (${cells.length - i} more column${cells.length - i === 1 ? "" : "s"})`;
    out += `${i > 0 ? "," : ""} ${cell}`;
  }
  return out;
}

/**
 * A problem with a user's file, located as precisely as known.
 *
 * @example
 * throw new InputError("missing required column 'strike' (found: expiry, type)", { file: "chain.csv", line: 1 });
 * // message: "chain.csv:1: missing required column 'strike' (found: expiry, type)"
 */
export class InputError extends RangeError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  constructor(reason: string, where: { file?: string; line?: number; field?: string } = {}) {
    const loc = [where.file, where.line !== undefined ? String(where.line) : undefined].filter((x) => x !== undefined).join(":");
    const fieldPart = where.field !== undefined ? `${where.field}: ` : "";
    // a backstop: quoted file text is cut where it is quoted (clipText), but no message may run on
    super(oneLine(`${loc ? loc + ": " : ""}${fieldPart}${clipText(reason, MESSAGE_MAX)}`));
    this.name = "InputError";
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }
}
