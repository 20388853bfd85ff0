/**
 * Input errors raised by the data layer: a file that cannot be used, or (in strict mode) a row
 * that cannot be read. The message is one line naming the file, line and field.
 *
 * It extends RangeError so that every layer above treats it as bad input (exit code 2 in the CLI).
 *
 * @module
 */

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
    super(`${loc ? loc + ": " : ""}${fieldPart}${reason}`);
    this.name = "InputError";
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }
}
