/**
 * Where a command's output goes: stdout, or a file given with `--out`, written atomically.
 *
 * @module
 */
import { atomicWrite } from "../report/atomicWrite.js";
import { UsageError } from "./errors.js";

/**
 * Write a command's output to stdout, or atomically to `out` when given (a one-line note then
 * goes to stderr).
 *
 * @param text - the full output
 * @param out - the `--out` path, or undefined for stdout
 * @throws UsageError when the file cannot be written
 * @example
 * await emit(renderPrices(priced, "csv"), opts.out);
 */
export async function emit(text: string, out?: string): Promise<void> {
  if (out === undefined) {
    await new Promise<void>((resolve, reject) => {
      // a closed pipe (`gexray … | head`) is the reader's choice, not an error
      process.stdout.write(text, (err) => (err && (err as NodeJS.ErrnoException).code !== "EPIPE" ? reject(err) : resolve()));
    });
    return;
  }
  try {
    await atomicWrite(out, text);
  } catch (err) {
    throw new UsageError(`cannot write ${out}: ${fsReason(err)}`, { cause: err });
  }
  process.stderr.write(`gexray: wrote ${out}\n`);
}

/** The reason for a failed write, without the temporary file's name. */
function fsReason(err: unknown): string {
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
