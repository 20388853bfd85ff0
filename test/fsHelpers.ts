/** File-system fixtures for output-path tests: a FIFO with a reader, and a guard for /dev/null. */
import { spawn, spawnSync } from "node:child_process";
import { lstatSync, statSync } from "node:fs";

/** Make a FIFO at `path` and start a reader on it; `text` resolves with what it read once the writer closes. */
export function fifoWithReader(path: string): { text: Promise<string> } {
  if (spawnSync("mkfifo", [path]).status !== 0) throw new Error(`mkfifo ${path} failed`);
  const reader = spawn("cat", [path]);
  let got = "";
  reader.stdout.on("data", (b: Buffer) => (got += b.toString("utf8")));
  return { text: new Promise<string>((ok, fail) => reader.on("close", (code) => (code === 0 ? ok(got) : fail(new Error(`cat exited ${code}`))))) };
}

/**
 * Run `f`, then check that /dev/null is still the null device; if a regression replaced it with a
 * regular file, put the device back (never leave the machine without it) and return false.
 */
export async function devNullSurvives(f: () => unknown): Promise<boolean> {
  const before = statSync("/dev/null");
  try {
    await f();
  } finally {
    const after = lstatSync("/dev/null");
    if (!after.isCharacterDevice()) spawnSync("sh", ["-c", "rm -f /dev/null && mknod -m 666 /dev/null c 1 3"]);
  }
  const after = lstatSync("/dev/null");
  return after.isCharacterDevice() && after.rdev === before.rdev && after.mode === before.mode;
}
