#!/usr/bin/env node
/**
 * The `gexray` program's entry: builds the program, runs it, and turns any error into one line on
 * stderr and an exit code (0 ok, 1 internal, 2 bad input or usage). The executable runs it from a
 * bundle (gexray.cjs, made by scripts/build-cli.mjs); `node dist/cli/main.js` runs it unbundled.
 *
 * @module
 */
import { debugRequested, failStdout, reportError } from "./errors.js";
import { buildProgram } from "./program.js";

// a reader that closes the pipe early (`gexray … | head`) ends the run quietly; any other write
// failure (a full disk, /dev/full) is one line and exit 2, no stack
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  failStdout(err);
});

/** Run the program on this process's arguments (no top-level await: the bundles are CommonJS). */
async function main(): Promise<void> {
  try {
    const program = await buildProgram(process.argv.slice(2));
    await program.parseAsync(process.argv);
  } catch (err) {
    process.exitCode = reportError(err, { debug: debugRequested(process.argv, process.env) });
  }
}

void main();
