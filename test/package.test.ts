// The package's dependencies: every runtime dependency has a job in src/ on a path a user reaches,
// and danfojs-node (about 270 MB with TensorFlow.js) is an optional peer dependency: the library
// and the CLI run without it, and toDataFrame says how to add it. "Without it" is simulated with a
// module resolve hook that refuses danfojs-node, the way Node refuses a package that is not installed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAIN, ROOT } from "./cli/run.js";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};


function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Packages src/ imports for real: `from "x"` (not `import type`), `import("x")`, or a createRequire'd require. */
function importedPackages(): Set<string> {
  const out = new Set<string>();
  for (const f of sources(join(ROOT, "src"))) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)) if (!m[2]) out.add(m[3]!);
    for (const m of text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) out.add(m[1]!);
    // a lazy require: createRequire(import.meta.url)("csv-parse/sync")
    for (const m of text.matchAll(/createRequire\([^)]*\)\(\s*"([^"]+)"\s*\)/g)) out.add(m[1]!);
  }
  // a package name (not a placeholder such as import("…") in a TSDoc example)
  const name = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]+)?$/;
  return new Set([...out].filter((s) => !s.startsWith(".") && !s.startsWith("node:") && name.test(s)).map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!)));
}

describe("package.json dependencies", () => {
  it("every runtime dependency is imported by src/ (else it belongs in devDependencies)", () => {
    const used = importedPackages();
    expect(used.has("commander")).toBe(true); // the scanner sees a real import (positive control)
    const unused = Object.keys(pkg.dependencies).filter((d) => !used.has(d));
    expect(unused).toEqual([]);
  });

  it("every package src/ imports is a runtime dependency (or the optional peer danfojs-node)", () => {
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {})]);
    const missing = [...importedPackages()].filter((d) => !declared.has(d));
    expect(missing).toEqual([]);
  });

  it("danfojs-node is an optional peer dependency, kept as a dev dependency for tests and notebooks", () => {
    expect(pkg.dependencies["danfojs-node"]).toBeUndefined();
    expect(pkg.peerDependencies?.["danfojs-node"]).toBeDefined();
    expect(pkg.peerDependenciesMeta?.["danfojs-node"]?.optional).toBe(true);
    expect(pkg.devDependencies["danfojs-node"]).toBe(pkg.peerDependencies?.["danfojs-node"]);
  });
});

describe("without danfojs-node installed", () => {
  const dir = mkdtempSync(join(tmpdir(), "gexray-nodanfo-"));
  writeFileSync(join(dir, "hooks.mjs"), `
export async function resolve(specifier, context, next) {
  if (specifier === "danfojs-node" || specifier.startsWith("danfojs-node/")) {
    const e = new Error("Cannot find package 'danfojs-node' imported from " + context.parentURL);
    e.code = "ERR_MODULE_NOT_FOUND";
    throw e;
  }
  return next(specifier, context);
}
`);
  writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`);
  const node = (args: string[]) => spawnSync(process.execPath, ["--import", join(dir, "register.mjs"), ...args], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, GEXRAY_DEBUG: "", NO_COLOR: "1" },
  });

  it("the hook makes danfojs-node unresolvable (positive control)", () => {
    const r = node(["--input-type=module", "-e", 'try { await import("danfojs-node"); console.log("loaded"); } catch (e) { console.log(e.code); }']);
    expect(r.stdout.trim()).toBe("ERR_MODULE_NOT_FOUND");
  });

  it("the library imports and loads a chain; toDataFrame says how to add danfojs-node", () => {
    const script = `
      const g = await import(${JSON.stringify(join(ROOT, "dist/index.js"))});
      const { chain } = await g.loadChain("test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv");
      console.log("chain " + chain.length);
      try { await g.toDataFrame(chain); console.log("no error"); } catch (e) { console.log("error: " + e.message); }
    `;
    const r = node(["--input-type=module", "-e", script]);
    expect(r.stderr).toBe("");
    const [first, second] = r.stdout.trim().split("\n");
    expect(first).toMatch(/^chain \d+$/);
    expect(second).toMatch(/^error: toDataFrame needs danfojs-node, an optional peer dependency .*npm install danfojs-node/);
  });

  it("the CLI runs every analysis command", () => {
    const spx = "test/fixtures/real/spx_quotedata_2024-01-07.csv";
    for (const args of [["inspect", spx], ["profile", spx, "--steps", "50"], ["levels", spx], ["strikes", spx, "--min", "4600", "--max", "4700"],
      ["report", spx, "--json"], ["notes", "data/ibit_notes_sample.csv", "--spot", "44.5", "--vol", "0.6", "--asof", "2026-02-03"], ["price", "--type", "call", "--spot", "100", "--strike", "100", "--days", "30", "--vol", "0.5"]]) {
      const r = node([MAIN, ...args]);
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    }
  });
});

describe("the repository is self-contained", () => {
  // A fresh clone has nothing beside it: no ../shared (where the real snapshots came from) and no
  // /work paths of the machine it was written on. Every tracked text file is read.
  // the pattern is assembled from pieces so that this file does not match itself
  const [shared, work] = ["sha" + "red", "wo" + "rk"];
  const outside = new RegExp(`(\\.\\./)+${shared}/|/${work}/`);
  function tracked(): string[] {
    const r = spawnSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" });
    if (r.status === 0) return r.stdout.split("\0").filter((f) => f !== "");
    // not a git checkout (an unpacked tarball): walk the tree the way git would list it
    const walk = (dir: string): string[] => readdirSync(join(ROOT, dir)).flatMap((f) => {
      if (["node_modules", "dist", ".git"].includes(f)) return [];
      const rel = dir === "" ? f : `${dir}/${f}`;
      return statSync(join(ROOT, rel)).isDirectory() ? walk(rel) : [rel];
    });
    return walk("");
  }

  it("no tracked file reads or names a path outside the repository", () => {
    const files = tracked();
    expect(files).toContain("src/cli/main.ts"); // positive control: the listing reached src/
    expect(outside.test(`readFileSync('../${shared}/data/real/x.csv')`)).toBe(true); // the pattern can match
    expect(outside.test(`"/${work}/main/data"`)).toBe(true);
    const offenders = files.filter((f) => {
      const buf = readFileSync(join(ROOT, f));
      if (buf.includes(0)) return false; // binary (the screenshot)
      return outside.test(buf.toString("utf8"));
    });
    expect(offenders).toEqual([]);
  });
});
