/**
 * Where a command's output goes: stdout, or a file given with `--out`, written atomically (a
 * device, FIFO or /dev/stdout is written into, never replaced; see report/atomicWrite.ts).
 *
 * @module
 */
import { atomicWriteAll, type OutputFile } from "../report/atomicWrite.js";
import { failStdout, fsReason, UsageError } from "./errors.js";

/**
 * Write a command's output to stdout, or atomically to `out` when given (a one-line note then
 * goes to stderr).
 *
 * @param text - the full output
 * @param out - the `--out` path, or undefined for stdout
 * @throws UsageError when the file cannot be written (stdout failing ends the process: see {@link failStdout})
 * @example
 * await emit(renderPrices(priced, "csv"), opts.out);
 */
export async function emit(text: string, out?: string): Promise<void> {
  if (out === undefined) {
    await new Promise<void>((resolve) => {
      // a closed pipe (`gexray … | head`) is the reader's choice, not an error; any other failure
      // (a full disk, /dev/full) is one line and exit 2
      process.stdout.write(text, (err) => (err && (err as NodeJS.ErrnoException).code !== "EPIPE" ? failStdout(err) : resolve()));
    });
    return;
  }
  await emitFiles([{ path: out, data: text }]);
}

/**
 * Write several output files all or none (the Markdown report and its SVG charts), then name them
 * on stderr.
 *
 * @param files - paths as the user gave them, with their contents
 * @throws UsageError naming the first path that cannot be written; then none of them was changed
 * @example
 * await emitFiles([{ path: "spx-gamma.svg", data: svg }, { path: "spx.md", data: md }]);
 */
export async function emitFiles(files: readonly OutputFile[]): Promise<void> {
  try {
    await atomicWriteAll(files);
  } catch (err) {
    const named = (err as { outputPath?: string }).outputPath ?? files.map((f) => f.path).join(", ");
    const none = files.length > 1 ? ` (none of ${files.map((f) => f.path).join(", ")} was written)` : "";
    throw new UsageError(`cannot write ${named}: ${fsReason(err)}${none}`, { cause: err });
  }
  for (const f of files) process.stderr.write(`gexray: wrote ${f.path}\n`);
}
