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
    super(oneLine(`${loc ? loc + ": " : ""}${fieldPart}${reason}`));
    this.name = "InputError";
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }
}
