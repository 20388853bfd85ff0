/**
 * Terminal colors: when to use them and how to strip them. Colors are on only when the output is
 * a terminal and `NO_COLOR` is unset or empty (https://no-color.org); `FORCE_COLOR` set to
 * anything but `0` turns them on for a pipe (as in node and most CLIs), and `NO_COLOR` still wins.
 *
 * @module
 */

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
 * Whether to color output written to `stream`: a TTY, `NO_COLOR` unset or empty; `FORCE_COLOR`
 * (not `0`) forces colors on a pipe; `NO_COLOR` always wins.
 *
 * @param stream - where the text goes (process.stdout); only `isTTY` is read
 * @param env - the environment (process.env)
 * @example
 * shouldColor({ isTTY: true }, {});                 // true
 * shouldColor({ isTTY: true }, { NO_COLOR: "1" });  // false
 * shouldColor({ isTTY: false }, {});                // false
 * shouldColor({ isTTY: false }, { FORCE_COLOR: "1" }); // true
 */
export function shouldColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

/** ANSI CSI sequences (colors, cursor moves). */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * Text without ANSI escape sequences.
 *
 * @example
 * stripAnsi("\x1b[31mred\x1b[39m"); // "red"
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
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
