/**
 * Output to a pipe (src/cli/output.ts, src/cli/main.ts): the process must not end before stdout has
 * drained. A pipe holds 64 KiB; when the reader is slow, the rest of a larger write waits in node's
 * queue, and a process that exits then loses it (`node -e 'process.stdout.write(big); process.exit()'`
 * stops at 65,536 bytes, the control below).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAIN, ROOT } from "./run.js";

const SPX = join(ROOT, "test/fixtures/real/spx_quotedata_2024-01-07.csv");

/** Run `node args…` with stdout into a reader that waits `delay` seconds before reading. */
function slowReader(args: string[], delay = 1): { code: number | null; out: string; err: string } {
  const r = spawnSync("bash", ["-c", `set -o pipefail; "$@" | (sleep ${delay}; cat)`, "bash", process.execPath, ...args], {
    cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, GEXRAY_DEBUG: "" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("stdout on a pipe with a slow reader", () => {
  it("the control: a process that exits right after a large write loses what the pipe could not take", () => {
    const r = slowReader(["-e", "process.stdout.write('x'.repeat(200000)); process.exit(0)"]);
    expect(r.out.length).toBeLessThan(200000);
  });

  it("gexray profile --json of 160 KB arrives whole", () => {
    const r = slowReader([MAIN, "profile", SPX, "--steps", "2000", "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(2 * 65536);
    const j = JSON.parse(r.out);
    expect(j.gamma).toHaveLength(2001);
    expect(r.out.endsWith("}\n")).toBe(true);
  });

  it("-o /dev/stdout (written through descriptor 1, which node made non-blocking): the whole JSON, no EAGAIN", () => {
    const r = slowReader([MAIN, "profile", SPX, "--steps", "2000", "--json", "-o", "/dev/stdout"]);
    expect(r.err).not.toMatch(/EAGAIN|cannot write/);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(2 * 65536);
    expect((JSON.parse(r.out) as { gamma: unknown[] }).gamma).toHaveLength(2001);
  });
});
