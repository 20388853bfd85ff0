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
      if (/mathjs-lusolve\\.cjs$/.test(k)) pkgs.add("(mathjs-lusolve chunk)");
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

describe("csv-parse is loaded only for the files that need it", () => {
  it("a CBOE or generic chain (the hand-written fast paths) loads commander only; a term sheet loads csv-parse", () => {
    expect(packagesLoaded(["strikes", "test/fixtures/real/spx_quotedata_2024-01-07.csv", "--min", "4600", "--max", "4700"]).filter((p) => p !== "commander")).toEqual([]);
    expect(packagesLoaded(["notes", "data/ibit_notes_sample.csv", "--spot", "44.5", "--asof", "2026-02-03"])).toContain("csv-parse");
  });
});

describe("mathjs (about a second to import) is loaded only where it is used", () => {
  const SPX = "test/fixtures/real/spx_quotedata_2024-01-07.csv";

  it("the probe sees mathjs when it is required (positive control)", () => {
    const r = spawnSync(process.execPath, ["--require", probe, "-e", 'require("mathjs");'], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toContain("mathjs");
  });

  // the surface fit takes mathjs's lusolve from the tree-shaken chunk (dist/vol/mathjs-lusolve.cjs),
  // not the package: sticky moneyness and a flow map with notes read the surface
  const flows = ["flows", "data/btc_deribit_sample_2026-02-04.csv", "--notes", "data/ibit_notes_sample.csv", "--map", "IBIT:BTC=0.000568"];
  for (const args of [["profile", SPX], ["levels", SPX], ["strikes", SPX, "--min", "4600", "--max", "4800"], ["levels", SPX, "--convention", "perfiliev"], ["levels", SPX, "--vol-model", "sticky-moneyness"], flows]) {
    it(`gexray ${args.slice(0, 1).concat(args.slice(2)).join(" ")} never loads it`, () => {
      const pk = packagesLoaded(args); // the probe printed (else it throws): commander is bundled, so not listed
      expect(pk).not.toContain("mathjs");
      // the two that fit a surface solve through the chunk (the probe sees it), the others not at all
      expect(pk.includes("(mathjs-lusolve chunk)")).toBe(args.includes("sticky-moneyness") || args[0] === "flows");
    });
  }

  for (const args of [["levels", SPX, "--dealer-expr", "-oi"], ["strikes", SPX, "--dealer-expr", "type * oi"]]) {
    it(`gexray ${args.slice(0, 1).concat(args.slice(2)).join(" ")} loads it (the expression)`, () => {
      expect(packagesLoaded(args)).toContain("mathjs");
    });
  }
});
