/**
 * InputError messages are one printable line whatever file text they quote: the fuzz test's
 * counterexample (a Deribit dump reduced to `"⏎"`, whose only header cell is a line break) and a
 * terminal escape code in a cell.
 */
import { describe, expect, it } from "vitest";
import { loadDeribit } from "../../src/data/deribit.js";
import { clipText, foundColumns, InputError, oneLine } from "../../src/data/errors.js";
import { loadGeneric } from "../../src/data/generic.js";
import { parsePositions } from "../../src/data/positions.js";
import { parseTermSheets } from "../../src/data/termSheets.js";

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

describe("file text quoted in a message is cut at 80 characters", () => {
  const long = "x".repeat(300_000);
  const thrownBy = (f: () => unknown): string => {
    try { f(); } catch (e) { return (e as Error).message; }
    throw new Error("did not throw");
  };
  it("clipText keeps 80 code points and says how long the text was", () => {
    expect(clipText("strike")).toBe("strike");
    expect(clipText("y".repeat(80))).toBe("y".repeat(80));
    expect(clipText("y".repeat(81))).toBe(`${"y".repeat(80)}… (81 characters)`);
    expect(clipText(long)).toBe(`${"x".repeat(80)}… (300000 characters)`);
    expect(clipText("😀".repeat(100))).toBe(`${"😀".repeat(80)}… (200 characters)`); // never half a surrogate pair
  });
  it("foundColumns lists short headers whole and cuts a long listing at a column", () => {
    expect(foundColumns(["expiry", " strike ", "type"])).toBe("found: expiry, strike, type");
    const many = Array.from({ length: 100 }, (_, i) => `column_${i}`);
    const shown = foundColumns(many);
    expect(shown.length).toBeLessThan(440);
    expect(shown).toMatch(/^found: column_0, column_1, .*, … \(\d+ more columns\)$/);
  });
  it("a 300 KB header line gives a short error (term sheets, positions, generic chain)", () => {
    for (const msg of [
      thrownBy(() => parseTermSheets(`${long}\n1\n`, "longline.csv")),
      thrownBy(() => parsePositions(`${long}\n1\n`, "pos.csv")),
      thrownBy(() => loadGeneric(`${long}\n1\n`, "chain.csv", { spot: 100, asOf: "2024-01-05T16:00:00-05:00" })),
    ]) {
      expect(msg.length).toBeLessThan(400);
      expect(msg).toContain(`${"x".repeat(80)}… (300000 characters)`);
    }
  });
  it("a reason that still runs on is cut at 1000 characters", () => {
    const e = new InputError(`bad: ${long}`, { file: "f.csv", line: 1 });
    expect(e.message).toBe(`f.csv:1: bad: ${"x".repeat(995)}… (300005 characters)`);
  });
});
