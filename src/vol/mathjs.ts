/**
 * mathjs, loaded on first use and synchronously.
 *
 * mathjs costs 0.6–1 s to import on this machine, so nothing imports it at module load: the paths
 * that need it (a smile fit, a `--dealer-expr` expression) call {@link mathjs} and pay once per
 * process. It is `require`d through `createRequire` (mathjs ships a CommonJS build) rather than
 * `await import()`d so that the functions built on it stay synchronous: a note's vol function, the
 * sticky-moneyness profile and the report's smile section call it in the middle of synchronous code.
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
