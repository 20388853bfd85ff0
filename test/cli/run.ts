/** Spawn the built CLI (dist/cli/gexray.cjs, the executable) and collect its output; tests run after `npm run build`. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const MAIN = fileURLToPath(new URL("../../dist/cli/gexray.cjs", import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `gexray <args>` from the repository root. */
export function gexray(args: readonly string[], env: Record<string, string> = {}): Run {
  if (!existsSync(MAIN)) throw new Error("dist/cli/gexray.cjs missing: run `npm run build` (npm test builds first)");
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, GEXRAY_DEBUG: "", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stderr is exactly one line `gexray: …` with no stack frames. */
export function oneLineError(stderr: string): boolean {
  const lines = stderr.split("\n").filter((l) => l !== "");
  return lines.length === 1 && lines[0]!.startsWith("gexray: ") && !/\n\s+at /.test(stderr);
}
