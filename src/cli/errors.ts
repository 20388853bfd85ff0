/**
 * The CLI's one error handler and its exit codes.
 *
 * | exit | meaning |
 * |---|---|
 * | 0 | success (also `--help`, `--version`) |
 * | 1 | internal error: a bug or an unexpected failure |
 * | 2 | bad input or usage: a flag, a file, a row the user can fix |
 *
 * User errors — {@link UsageError}, a `RangeError` thrown by the library's input checks, commander's
 * own parse errors (unknown option, missing argument, invalid argument) and file-system errors such
 * as a missing input file — print one line, `gexray: <message>`, with no stack trace. Anything
 * else prints one line too, marked internal. With `--debug` (or `GEXRAY_DEBUG=1`) the stack follows.
 *
 * @module
 */
import { escapeControl } from "../report/format.js";

/**
 * Exit codes of the `gexray` executable.
 *
 * @example
 * process.exitCode = EXIT.usage; // 2
 */
export const EXIT = { ok: 0, internal: 1, usage: 2 } as const;

/**
 * An error the user can fix by changing the command line or an input file (exit code 2). The
 * message says what was wrong and where, e.g. `--vol must be a number ≥ 0 (got abc)`.
 *
 * @example
 * throw new UsageError("--time and --days are exclusive: give one");
 */
export class UsageError extends Error {
  /** always {@link EXIT}.usage */
  readonly exitCode = EXIT.usage;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
  }
}

/** File-system error codes that mean "the user pointed at a bad path", not a bug. */
const USER_FS_CODES = new Set(["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "EPERM", "EEXIST", "ENAMETOOLONG"]);

/** The parts of commander's `CommanderError` the handler reads (checked structurally, so this
 * module does not import commander). */
interface CommanderLike {
  code: string;
  exitCode: number;
  message: string;
}

function isCommanderError(err: unknown): err is CommanderLike {
  if (!(err instanceof Error)) return false;
  const { code, exitCode } = err as Error & Partial<CommanderLike>;
  return typeof code === "string" && code.startsWith("commander.") && typeof exitCode === "number";
}

/**
 * Whether an error is the user's to fix (exit 2) rather than an internal failure (exit 1).
 *
 * @example
 * isUserError(new RangeError("vol must be ≥ 0 (got -1)")); // true
 * isUserError(new TypeError("x is undefined")); // false
 */
export function isUserError(err: unknown): boolean {
  if (err instanceof UsageError || err instanceof RangeError) return true;
  if (isCommanderError(err)) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && USER_FS_CODES.has(code);
}

/**
 * Where the handler writes and whether it adds the stack.
 *
 * @example
 * reportError(err, { debug: true, write: (t) => lines.push(t) });
 */
export interface ErrorReportOptions {
  /** print the stack after the one-line message */
  debug?: boolean;
  /** sink for the message; default process.stderr */
  write?: (text: string) => void;
}

/**
 * Print an error the way every gexray command does and return the exit code to use.
 * Commander's help and version exits pass through with their own code (0), except help shown
 * because no command was given, which is a usage error (2).
 *
 * @param err - anything thrown
 * @param options - debug flag and output sink
 * @returns the process exit code: 0, 1 or 2
 * @example
 * const code = reportError(new UsageError("--vol must be a number ≥ 0 (got abc)"));
 * // stderr: "gexray: --vol must be a number ≥ 0 (got abc)"; code === 2
 */
export function reportError(err: unknown, options: ErrorReportOptions = {}): number {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  if (isCommanderError(err)) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return EXIT.ok;
    // help printed (by commander, to stderr) because the command line was incomplete
    if (err.code === "commander.help") return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const user = isUserError(err);
  const message = oneLine(err instanceof Error ? err.message : String(err));
  write(user ? `gexray: ${message}\n` : `gexray: internal error: ${message}${options.debug ? "" : " (rerun with --debug for the stack)"}\n`);
  if (options.debug && err instanceof Error && err.stack) write(err.stack + "\n");
  return user ? EXIT.usage : EXIT.internal;
}

/** Collapse a message to one line, drop commander's "error: " prefix, show control characters (file text quoted in it) as escapes. */
function oneLine(message: string): string {
  return escapeControl(message.replace(/^error:\s*/i, "").replace(/\s*\n\s*/g, " ").trim());
}

/**
 * Whether the stack should be printed: `--debug` anywhere on the command line (checked on the raw
 * arguments, so it works even when parsing fails before commander reads it) or `GEXRAY_DEBUG=1`.
 *
 * @param argv - the raw arguments (process.argv)
 * @param env - the environment (process.env)
 * @example
 * debugRequested(["node", "gexray", "price", "--debug"], {}); // true
 */
export function debugRequested(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const dashdash = argv.indexOf("--");
  const args = dashdash < 0 ? argv : argv.slice(0, dashdash);
  return args.includes("--debug") || env.GEXRAY_DEBUG === "1";
}

/**
 * The reason for a failed write, in words, without the temporary file's name.
 *
 * @param err - the file-system error
 * @example
 * fsReason(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
 * // "no space left on the device"
 */
export function fsReason(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case "ENOENT": return "its directory does not exist";
    case "EACCES": case "EPERM": return "permission denied";
    case "EISDIR": return "it is a directory";
    case "ENOTDIR": return "a part of the path is not a directory";
    case "ENOSPC": return "no space left on the device";
    case "EROFS": return "read-only file system";
    default: return (err as Error).message;
  }
}

let stdoutFailed = false;

/**
 * Standard output could not be written (other than a closed pipe): print one line, once, and end
 * the process with exit 2 (what is already out cannot be taken back; nothing more is written).
 *
 * @param err - the write error (ENOSPC, EIO, …)
 * @param write - sink for the line; default process.stderr
 * @example
 * failStdout(Object.assign(new Error("ENOSPC"), { code: "ENOSPC" }));
 * // stderr: "gexray: cannot write standard output: no space left on the device"; exit 2
 */
export function failStdout(err: unknown, write: (text: string) => void = (t) => void process.stderr.write(t)): never {
  if (!stdoutFailed) {
    stdoutFailed = true;
    write(`gexray: cannot write standard output: ${oneLine(fsReason(err))}\n`);
  }
  process.exit(EXIT.usage);
}
