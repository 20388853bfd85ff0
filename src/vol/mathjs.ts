/**
 * mathjs, loaded on first use and synchronously: the whole library, or its LU solve alone.
 *
 * mathjs costs 0.4–1 s to import on this machine (it builds every one of its typed functions), so
 * nothing imports it at module load. Two ways in:
 * - {@link mathjs}: the whole library, for a `--dealer-expr` expression (parse, evaluate, import).
 * - {@link mathjsLusolve}: mathjs's own `lusolve`, from an instance made by mathjs's modular API
 *   (`create({ lusolveDependencies })`: only the functions the LU solve needs). `npm run build`
 *   (scripts/build-cli.mjs) bundles that entry of mathjs, tree-shaken by esbuild, into
 *   `dist/vol/mathjs-lusolve.cjs`; loading and creating it costs tens of ms instead of the whole
 *   import (bench/vol.bench.mjs measures both). The surface fit's 3×3 solves go through it. Without
 *   the chunk (source run before a build), the same factories come from the whole package.
 *
 * Both are `require`d through `createRequire` (CommonJS) rather than `await import()`ed so that the
 * functions built on them stay synchronous: a note's vol function, the sticky-moneyness profile and
 * the report's smile section call them in the middle of synchronous code.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

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

/** mathjs's `lusolve` (matrix and vector as arrays; the solution as a column, `[[x0], [x1], …]`). */
export type Lusolve = (a: number[][], b: number[]) => number[][];

/**
 * The chunk `npm run build` writes (mathjs's `create` and `lusolveDependencies`, bundled): the same
 * path from src/vol (a source run) and dist/vol (the library, the CLI's bundles, which see this
 * module at its dist URL).
 */
export const LUSOLVE_CHUNK = fileURLToPath(new URL("../../dist/vol/mathjs-lusolve.cjs", import.meta.url));

let lusolveCached: Lusolve | undefined;

/**
 * mathjs's `lusolve` from a mathjs instance holding only it and its dependencies (loaded and
 * created on the first call). It throws as mathjs does on a singular matrix.
 *
 * @example
 * mathjsLusolve()([[2, 1, 0], [1, 3, 1], [0, 1, 4]], [1, 2, 3]);
 * // [[0.3333333333333333], [0.33333333333333337], [0.6666666666666666]]
 */
export function mathjsLusolve(): Lusolve {
  if (lusolveCached === undefined) {
    const m = (existsSync(LUSOLVE_CHUNK) ? createRequire(import.meta.url)(LUSOLVE_CHUNK) : mathjs()) as Pick<MathJs, "create" | "lusolveDependencies">;
    lusolveCached = m.create({ lusolveDependencies: m.lusolveDependencies }, {}).lusolve as unknown as Lusolve;
  }
  return lusolveCached;
}
