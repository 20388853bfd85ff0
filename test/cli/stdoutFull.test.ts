/**
 * Standard output that cannot be written (src/cli/main.ts, src/cli/errors.ts failStdout): a full
 * device is one line naming standard output and the reason, exit 2, no stack; a closed pipe stays quiet.
 * /dev/full (Linux) fails every write with ENOSPC.
 */
import { spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAIN, ROOT } from "./run.js";

const SPX = join(ROOT, "test/fixtures/real/spx_quotedata_2024-01-07.csv");

function toDevFull(args: string[]): { code: number | null; stderr: string } {
  const fd = openSync("/dev/full", "w");
  try {
    const r = spawnSync(process.execPath, [MAIN, ...args], {
      cwd: ROOT, encoding: "utf8", stdio: ["ignore", fd, "pipe"], env: { ...process.env, GEXRAY_DEBUG: "" },
    });
    return { code: r.status, stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}

describe("stdout on a full device", () => {
  const cases: string[][] = [
    ["levels", SPX],
    ["profile", SPX, "--json"],
    ["price", "--type", "call", "--spot", "100", "--strike", "100", "--vol", "0.2", "--days", "30"],
    ["--help"],
  ];
  for (const args of cases) {
    it(`gexray ${args[0]}: one line, exit 2, no stack`, () => {
      const r = toDevFull(args);
      const lines = r.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("gexray: warning:"));
      expect(lines, r.stderr).toEqual(["gexray: cannot write standard output: no space left on the device"]);
      expect(r.stderr).not.toMatch(/\n\s+at |ENOSPC|writeSync/);
      expect(r.code).toBe(2);
    });
  }
});
