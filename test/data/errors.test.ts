/**
 * InputError messages are one printable line whatever file text they quote: the fuzz test's
 * counterexample (a Deribit dump reduced to `"⏎"`, whose only header cell is a line break) and a
 * terminal escape code in a cell.
 */
import { describe, expect, it } from "vitest";
import { loadDeribit } from "../../src/data/deribit.js";
import { InputError, oneLine } from "../../src/data/errors.js";

describe("InputError", () => {
  it("writes line breaks and control characters in quoted file text as visible escapes", () => {
    const e = new InputError('missing required column \'x\' (found: "\n", \x1b[31mred\tcell\u2028)', { file: "f.csv", line: 1 });
    expect(e.message).toBe("f.csv:1: missing required column 'x' (found: \"\\n\", \\u{1b}[31mred\\tcell\\u{2028})");
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(oneLine("plain text, é, ✓")).toBe("plain text, é, ✓");
  });
  it("the fuzz counterexample: a Deribit file whose header is a quoted line break", () => {
    let err: unknown;
    try {
      loadDeribit('"\n"', "fuzz.csv", {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain("\n");
    expect((err as Error).message).toMatch(/^fuzz\.csv:1: missing required column 'instrument_name'/);
  });
});
