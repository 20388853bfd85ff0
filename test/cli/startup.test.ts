import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAIN, ROOT } from "./run.js";

// A preload that prints, at exit, the packages loaded from node_modules (ESM imports of CommonJS
// packages, such as commander, danfojs-node, mathjs and jstat, go through the CommonJS cache).
const dir = mkdtempSync(join(tmpdir(), "gexray-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const probe = join(dir, "probe.cjs");
writeFileSync(
  probe,
  `process.on("exit", () => {
    const pkgs = new Set();
    for (const k of Object.keys(require.cache)) {
      const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(k);
      if (m) pkgs.add(m[1].replace("\\\\", "/"));
    }
    process.stderr.write("packages=" + [...pkgs].sort().join(",") + "\\n");
  });\n`,
);

function packagesLoaded(args: string[]): string[] {
  const r = spawnSync(process.execPath, ["--require", probe, MAIN, ...args], { cwd: ROOT, encoding: "utf8" });
  const line = r.stderr.split("\n").find((l) => l.startsWith("packages="));
  if (line === undefined) throw new Error(`the probe printed nothing (exit ${r.status}): ${r.stderr}`);
  return line.slice("packages=".length).split(",").filter((s) => s !== "");
}

describe("quick commands pay only for node and commander (bundled into the executable, so not loaded from node_modules)", () => {
  it("the probe sees a package when it is loaded (positive control)", () => {
    const r = spawnSync(process.execPath, ["--require", probe, "--input-type=module", "-e", 'await import("jstat");'], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toContain("packages=jstat");
  });

  for (const args of [["--version"], ["--help"], ["price", "--help"], ["demo", "--help"]]) {
    it(`gexray ${args.join(" ")} loads no package besides commander`, () => {
      expect(packagesLoaded(args).filter((p) => p !== "commander")).toEqual([]);
    });
  }
});
