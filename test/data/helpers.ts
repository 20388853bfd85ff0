/**
 * Shared helpers of the loader tests: the real snapshots beside the repository, the accounting
 * identity every LoadReport keeps, and the one-line InputError a bad file raises.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { LoadReport } from "../../src/data/chain.js";
import { InputError } from "../../src/data/errors.js";

/** Path of a file in test/fixtures/real (copied from the shared material; SOURCES.md gives provenance). */
export const realPath = (name: string): string => fileURLToPath(new URL(`../fixtures/real/${name}`, import.meta.url));

/** Text of a file in test/fixtures/real (copied from the shared material; SOURCES.md gives provenance). */
export const readReal = (name: string): string => readFileSync(realPath(name), "utf8");

/**
 * contracts = used + every excluded category, and one problem per badIv or invalid contract
 * (a CBOE line that cannot be read at all is two invalid contracts with one problem: `linesWithTwo`).
 */
export function expectAccounting(r: LoadReport, linesWithTwo = 0): void {
  const x = r.excluded;
  expect(r.contracts).toBe(r.used + x.expired + x.zeroOpenInterest + x.badIv + x.invalid);
  expect(r.problems.length).toBe(x.badIv + x.invalid - linesWithTwo);
}

/** The InputError `f` throws, checked to be one line. */
export function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain("\n");
    return e as InputError;
  }
  throw new Error("did not throw");
}

/**
 * Run `f` with `Intl.DateTimeFormat` replaced by a counting wrapper around the real constructor
 * (vi.spyOn cannot stand in for a constructor called with `new`); `f` reads the count so far.
 */
export async function countingDateTimeFormats<T>(f: (built: () => number) => T | Promise<T>): Promise<T> {
  const Original = Intl.DateTimeFormat;
  let n = 0;
  const counting = function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
    n++;
    return new Original(...args);
  };
  Object.assign(Intl, { DateTimeFormat: counting });
  try {
    return await f(() => n);
  } finally {
    Object.assign(Intl, { DateTimeFormat: Original });
  }
}
