/**
 * Terminal colors: when to use them (Node's own `hasColors` rules: a terminal, `TERM`, `NO_COLOR`,
 * `FORCE_COLOR`) and how to strip them (Node's `stripVTControlCharacters`); `--no-color` is the
 * CLI's to apply on top.
 *
 * @module
 */
import { WriteStream } from "node:tty";
import { stripVTControlCharacters } from "node:util";

/** The SGR codes the report uses. */
const CODES = {
  bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39],
  magenta: [35, 39], cyan: [36, 39], gray: [90, 39],
} as const;

/** A color or style name of {@link Painter}. */
export type Style = keyof typeof CODES;

/**
 * Wraps text in ANSI styles, or returns it unchanged when colors are off.
 *
 * @example
 * const p = painter(true);
 * p.red("-58.82 mn"); // "\x1b[31m-58.82 mn\x1b[39m"
 * painter(false).red("x"); // "x"
 */
export type Painter = { readonly enabled: boolean } & { readonly [K in Style]: (text: string) => string };

/**
 * A {@link Painter}: ANSI styles when `enabled`, identity otherwise.
 *
 * @example
 * painter(false).bold("key levels"); // "key levels"
 */
export function painter(enabled: boolean): Painter {
  const out: Record<string, unknown> = { enabled };
  for (const [name, [on, off]] of Object.entries(CODES)) {
    out[name] = enabled ? (text: string) => (text === "" ? text : `\x1b[${on}m${text}\x1b[${off}m`) : (text: string) => text;
  }
  return out as Painter;
}

/**
 * Whether to color output written to `stream`, by Node's own rules (`tty.WriteStream#hasColors`,
 * https://nodejs.org/api/tty.html#writestreamhascolorscount-env): on a terminal, what `hasColors`
 * reads from `TERM`, `NO_COLOR` (set, even empty: no colors), `FORCE_COLOR` (`0`/`false`: none;
 * anything else: colors, and it wins over `NO_COLOR`, with Node's warning) and the CI variables;
 * on a pipe or a file, colors only when `FORCE_COLOR` asks for them (the same reading).
 *
 * @param stream - where the text goes (process.stdout): `isTTY` and, on a terminal, its `hasColors`
 * @param env - the environment (process.env)
 * @example
 * shouldColor({ isTTY: true }, { TERM: "xterm-256color" }); // true
 * shouldColor({ isTTY: true }, { TERM: "xterm-256color", NO_COLOR: "1" }); // false
 * shouldColor({ isTTY: false }, { TERM: "xterm-256color" }); // false (a pipe)
 * shouldColor({ isTTY: false }, { FORCE_COLOR: "1" });       // true
 */
export function shouldColor(
  stream: { isTTY?: boolean; hasColors?: (env?: object) => boolean }, env: Record<string, string | undefined> = process.env,
): boolean {
  const nodeRule = () => WriteStream.prototype.hasColors.call(stream as unknown as WriteStream, 16, env);
  if (stream.isTTY === true) return typeof stream.hasColors === "function" ? stream.hasColors(env) : nodeRule();
  return env.FORCE_COLOR !== undefined && nodeRule();
}

/**
 * Text without ANSI escape sequences (Node's `util.stripVTControlCharacters`).
 *
 * @example
 * stripAnsi("\x1b[31mred\x1b[39m"); // "red"
 */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

/**
 * Display width of a line: code points, ANSI sequences not counted (box-drawing and Greek letters
 * are one column each).
 *
 * @example
 * visibleWidth("\x1b[1mΓ\x1b[22m ─"); // 3
 */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}
