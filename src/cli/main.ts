#!/usr/bin/env node
/**
 * The `gexray` executable: builds the program, runs it, and turns any error into one line on
 * stderr and an exit code (0 ok, 1 internal, 2 bad input or usage).
 *
 * @module
 */
import { debugRequested, reportError } from "./errors.js";
import { buildProgram } from "./program.js";

// a reader that closes the pipe early (`gexray … | head`) ends the run quietly
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

try {
  const program = await buildProgram(process.argv.slice(2));
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err, { debug: debugRequested(process.argv, process.env) });
}
