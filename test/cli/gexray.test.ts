/**
 * The executable dist/cli/gexray.cjs (src/cli/gexray.cjs, made by scripts/build-cli.mjs): it runs
 * the command's bundle through vm.Script with a V8 code cache. Proved on a copy of the package that
 * holds only the entry, the bundles, package.json, data/ and node_modules (no tsc output), so
 * nothing can fall back to the unbundled modules: the bundle computes what the library computes,
 * the kernel's worker threads start from the bundle, a cache V8 rejects (or a missing one) is
 * recompiled and rewritten, and the shipped caches are accepted.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { strikeTable } from "../../src/exposure/strikes.js";
import { MAIN, ROOT } from "./run.js";

const SPX = join(ROOT, "test/fixtures/real/spx_quotedata_2024-01-07.csv");
const BUNDLES = join(ROOT, "dist/cli/bundle");

// the package as installed, minus everything tsc wrote
const pkg = mkdtempSync(join(tmpdir(), "gexray-bundle-"));
afterAll(() => rmSync(pkg, { recursive: true, force: true }));
mkdirSync(join(pkg, "dist/cli"), { recursive: true });
cpSync(MAIN, join(pkg, "dist/cli/gexray.cjs"));
cpSync(BUNDLES, join(pkg, "dist/cli/bundle"), { recursive: true });
cpSync(join(ROOT, "data"), join(pkg, "data"), { recursive: true });
cpSync(join(ROOT, "package.json"), join(pkg, "package.json"));
symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
const ENTRY = join(pkg, "dist/cli/gexray.cjs");
const CACHE = join(pkg, "dist/cli/bundle/strikes.cache");

function run(args: string[]) {
  const r = spawnSync(process.execPath, [ENTRY, ...args], { cwd: pkg, encoding: "utf8", env: { ...process.env, GEXRAY_DEBUG: "", GEXRAY_CODE_CACHE: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Whether V8, in a plain node process like the executable's, accepts `cache` for `bundle`. */
function accepted(bundle: string, cache: string): boolean {
  const r = spawnSync(process.execPath, ["-e", `
    const fs = require("node:fs"), vm = require("node:vm");
    const s = new vm.Script(fs.readFileSync(process.argv[1], "utf8"), { filename: process.argv[1], cachedData: fs.readFileSync(process.argv[2]) });
    process.stdout.write(String(s.cachedDataRejected));`, bundle, cache], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout === "false";
}

describe("gexray.cjs runs the command's bundle", () => {
  it("the copy has no unbundled module to fall back to", () => {
    expect(existsSync(join(pkg, "dist/cli/main.js"))).toBe(false);
    expect(existsSync(join(pkg, "dist/exposure"))).toBe(false);
    expect(readdirSync(join(pkg, "dist/cli/bundle"))).toContain("strikes.js");
  });

  it("strikes from the bundle gives the library's rows", async () => {
    const r = run(["strikes", SPX, "--min", "4600", "--max", "4800", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { chain } = await loadChain(SPX);
    expect(JSON.parse(r.stdout).strikes).toEqual(JSON.parse(JSON.stringify(strikeTable(chain, { min: 4600, max: 4800 }))));
  });

  it("help and an unknown command go through the bundle of every command", () => {
    const help = run(["--help"]);
    expect(help.code).toBe(0);
    for (const name of ["price", "profile", "strikes", "report"]) expect(help.stdout).toContain(`  ${name}`);
    const typo = run(["strkes"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("strikes");
  });

  it("the kernel's worker threads start from the bundle", () => {
    const one = run(["profile", SPX, "--steps", "100", "--threads", "1", "--json"]);
    const two = run(["profile", SPX, "--steps", "100", "--threads", "2", "--json"]);
    expect(two.stderr).toBe("");
    expect(two.code).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(b.counts.threads).toBe(2);
    expect(b.gamma).toEqual(a.gamma);
  });
});

describe("the V8 code cache", () => {
  it("the caches the build wrote are accepted by this node", () => {
    for (const f of readdirSync(BUNDLES).filter((n) => n.endsWith(".cache"))) {
      expect(accepted(join(BUNDLES, f.replace(/\.cache$/, ".js")), join(BUNDLES, f)), f).toBe(true);
    }
  });

  it("a cache V8 rejects is recompiled: the run is right and the cache is rewritten", () => {
    const junk = Buffer.alloc(4096, 7);
    writeFileSync(CACHE, junk);
    expect(accepted(join(pkg, "dist/cli/bundle/strikes.js"), CACHE)).toBe(false); // the control: V8 rejects it
    const r = run(["strikes", SPX, "--min", "4690", "--max", "4710", "--csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("strike,call_open_interest,put_open_interest,call_gamma_usd_per_1pct,put_gamma_usd_per_1pct,net_gamma_usd_per_1pct,vanna_usd_per_vol_point");
    expect(r.stdout.trim().split("\n")).toHaveLength(6);
    expect(readFileSync(CACHE).equals(junk)).toBe(false);
    expect(accepted(join(pkg, "dist/cli/bundle/strikes.js"), CACHE)).toBe(true);
  });

  it("a missing cache is written", () => {
    rmSync(CACHE);
    expect(run(["strikes", SPX, "--min", "4690", "--max", "4710"]).code).toBe(0);
    expect(existsSync(CACHE)).toBe(true);
    expect(accepted(join(pkg, "dist/cli/bundle/strikes.js"), CACHE)).toBe(true);
    expect(readdirSync(join(pkg, "dist/cli/bundle")).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});
