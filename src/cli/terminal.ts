/**
 * What every command's terminal output obeys: 100 columns by default (fewer on a narrower
 * terminal, never below 80), `--wide` for every column and no width limit, `--no-color`, and colors
 * otherwise by Node's own rules (report/ansi.ts `shouldColor`: a terminal, `TERM`, `NO_COLOR`,
 * `FORCE_COLOR`). {@link addTerminalFlags} gives every command both flags (program.ts calls it for
 * each command it registers); a command reads them with {@link terminalOptions}. Help text is
 * wrapped to the same width by {@link wrapHelp}.
 *
 * @module
 */
import type { Command } from "commander";
import { shouldColor } from "../report/ansi.js";

/** The default width of terminal output, columns. */
export const TERMINAL_WIDTH = 100;

/** The two flags as commander hands them over. */
export interface TerminalFlags {
  /** false with --no-color */
  color?: boolean;
  wide?: boolean;
}

/**
 * Add `--wide` and `--no-color` to a command unless it has them.
 *
 * @example
 * for (const cmd of program.commands) addTerminalFlags(cmd);
 */
export function addTerminalFlags(cmd: Command): Command {
  const has = (flag: string) => cmd.options.some((o) => o.long === flag);
  if (!has("--wide")) cmd.option("--wide", `every column, nothing shortened (default: fit ${TERMINAL_WIDTH} columns)`);
  if (!has("--no-color")) cmd.option("--no-color", "no ANSI colors (colors otherwise follow the terminal, NO_COLOR and FORCE_COLOR)");
  return cmd;
}

/**
 * Width and colors for a command's terminal output.
 *
 * @param flags - the command's flags (`wide`, `color`)
 * @param stream - where the output goes (process.stdout): its TTY state, columns and colors
 * @param env - the environment
 * @returns `width`: Infinity with --wide, else 100 or the terminal's width if narrower (at least 80);
 *   `color`: false with --no-color, else Node's rules for the stream
 * @example
 * terminalOptions({ wide: true }, { isTTY: false }, {}); // { width: Infinity, color: false }
 * terminalOptions({}, { isTTY: true, columns: 90 }, { TERM: "xterm" }); // { width: 90, color: true }
 */
export function terminalOptions(
  flags: TerminalFlags,
  stream: { isTTY?: boolean; columns?: number; hasColors?: (env?: object) => boolean } = process.stdout,
  env: Record<string, string | undefined> = process.env,
): { width: number; color: boolean } {
  const cols = stream.isTTY && stream.columns ? stream.columns : TERMINAL_WIDTH;
  return {
    width: flags.wide ? Infinity : Math.max(80, Math.min(TERMINAL_WIDTH, cols)),
    color: flags.color !== false && shouldColor(stream, env),
  };
}

/**
 * Width and colors for terminal text written to stdout, or to `--out` (a device or FIFO): there,
 * never colored (FORCE_COLOR is for the terminal) and 100 columns wide unless --wide.
 *
 * @param flags - the command's flags (`wide`, `color`)
 * @param toOut - the text goes to --out, not stdout
 * @example
 * textOptions({}, true); // { width: 100, color: false }
 */
export function textOptions(flags: TerminalFlags, toOut: boolean): { width: number; color: boolean } {
  return toOut ? { ...terminalOptions(flags, {}, {}), color: false } : terminalOptions(flags);
}

/**
 * Help text wrapped to `width`: a paragraph of plain lines (not indented) is re-flowed when one of
 * its lines is too long; an indented line too long on its own is broken at a space, a shell example
 * (`$ gexray …`) with a trailing ` \` so that it still pastes, its continuation indented 4 more.
 *
 * @param text - the help as commander writes it
 * @param width - columns; default 100
 * @example
 * wrapHelp("  $ gexray history snapshots/ --csv -o history.csv", 40);
 * // "  $ gexray history snapshots/ --csv -o \\\n      history.csv"
 */
export function wrapHelp(text: string, width = TERMINAL_WIDTH): string {
  const len = (s: string) => [...s].length;
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (line !== "" && !/^\s/.test(line)) {
      // a paragraph: consecutive plain lines
      let j = i;
      while (j < lines.length && lines[j] !== "" && !/^\s/.test(lines[j]!)) j++;
      const para = lines.slice(i, j);
      if (para.some((l) => len(l) > width)) out.push(...flow(para.join(" ").split(/ +/), width, ""));
      else out.push(...para);
      i = j;
      continue;
    }
    if (len(line) <= width) out.push(line);
    else {
      const indent = /^\s*/.exec(line)![0];
      const shell = /^\s*\$ /.test(line);
      const words = line.slice(indent.length).split(/ +/);
      if (shell) {
        const parts = flow(words, width - 2, indent, indent + "    ");
        out.push(...parts.map((p, k) => (k < parts.length - 1 ? `${p} \\` : p)));
      } else {
        out.push(...flow(words, width, indent, indent + "  "));
      }
    }
    i++;
  }
  return out.join("\n");
}

/** Words into lines of at most `width` columns (a longer word stands alone). */
function flow(words: readonly string[], width: number, first: string, rest = first): string[] {
  const out: string[] = [];
  let cur = first;
  let empty = true;
  for (const w of words) {
    if (w === "") continue;
    if (!empty && [...cur].length + 1 + [...w].length > width) {
      out.push(cur);
      cur = rest + w;
    } else {
      cur = empty ? cur + w : `${cur} ${w}`;
    }
    empty = false;
  }
  if (!empty) out.push(cur);
  return out;
}
