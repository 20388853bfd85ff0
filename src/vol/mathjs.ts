/**
 * mathjs, loaded on first use and synchronously.
 *
 * mathjs costs 0.6–1 s to import on this machine, so nothing imports it at module load: the path
 * that needs it (a `--dealer-expr` expression) calls {@link mathjs} and pays once per process (the
 * smile fit solves its 3×3 systems with `lusolve.ts`, mathjs's algorithm without the import). It is
 * `require`d through `createRequire` (mathjs ships a CommonJS build) rather than `await import()`d
 * so that what is built on it stays synchronous.
 *
 * @module
 */
import { createRequire } from "node:module";

/** The parts of mathjs gexray uses. */
export type MathJs = typeof import("mathjs");

let cached: MathJs | undefined;

/**
 * The mathjs module (loaded on the first call).
 *
 * @example
 * mathjs().lusolve([[2, 0], [0, 4]], [2, 2]); // [[1], [0.5]]
 */
export function mathjs(): MathJs {
  if (cached === undefined) cached = createRequire(import.meta.url)("mathjs") as MathJs;
  return cached;
}
