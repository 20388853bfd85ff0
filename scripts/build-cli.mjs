#!/usr/bin/env node
// `npm run build`, after tsc: the command-line program as lean bundles behind a tiny CommonJS entry.
//
// tsc has compiled src/ to dist/ (the library's ESM `exports`, unchanged). This script adds:
//   dist/cli/bundle/<command>.js   one bundle per command of src/cli/program.ts's COMMANDS: the
//                                  entry src/cli/main.ts, commander and that command's module with
//                                  every gexray module it imports, eagerly or lazily; the other
//                                  commands' modules are left out (program.ts only loads the one
//                                  being run)
//   dist/cli/bundle/all.js         every command (help, --version, an unknown or misspelt command)
//   dist/cli/bundle/kernelWorker.js  the profile kernel's worker thread
//   dist/cli/bundle/*.cache        V8 code caches of the command bundles
//   dist/cli/gexray.cjs            the executable (package.json "bin"): picks the bundle from the
//                                  first operand and runs it through vm.Script with its code cache
//
// A bundle is CommonJS wrapped in a function expression, so the entry compiles it with vm.Script
// (which takes a code cache) and calls it with require, module and the like. Packages other than
// commander stay external: they load with require() when a command first needs them (danfojs-node
// and mathjs cost about a second each to load, so they must stay off the start path); commander,
// which every command needs at once, is bundled (its require() from node_modules costs ~6 ms).
// `import.meta.url` in a bundled module reads as the URL the module has in dist/ (tsc's layout), so
// paths relative to it (package.json, data/contracts.json) resolve as they do unbundled; the
// kernel's worker is the exception: parallel.ts's URL is taken next to the bundles, where the
// worker bundle is.
//
// Code caches are made by running each bundle once (`gexray <command> --help`) with
// GEXRAY_CODE_CACHE=write, so they hold the functions a start-up compiles, not only the top level.
// The entry recompiles and rewrites a cache V8 rejects (another node version) or that is missing.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SRC = join(ROOT, "src");
const DIST = join(ROOT, "dist");
const OUT = join(DIST, "cli", "bundle");
const PROGRAM = join(SRC, "cli", "program.ts");
const ENTRY = join(DIST, "cli", "gexray.cjs");

/** Parameters of the function a bundle is wrapped in (the entry passes them in this order). */
const WRAP_PARAMS = "exports, require, module, __filename, __dirname, __gexray_url";

// ---- the commands, from program.ts's COMMANDS (checked against the compiled module's names) ----
const programText = readFileSync(PROGRAM, "utf8").split("export const COMMANDS")[1] ?? "";
const commands = [...programText.matchAll(/\{\s*name:\s*"([a-z][a-z0-9-]*)",\s*load:\s*\(\)\s*=>\s*import\("(\.\/commands\/[^"]+\.js)"\)\s*\}/g)]
  .map((m) => ({ name: m[1], module: m[2] }));
const { COMMANDS } = await import(pathToFileURL(join(DIST, "cli", "program.js")).href);
const names = COMMANDS.map((c) => c.name);
if (names.join(",") !== commands.map((c) => c.name).join(",")) {
  throw new Error(
    `build-cli: COMMANDS in src/cli/program.ts must be written one entry per line as { name: "x", load: () => import("./commands/x.js") }; ` +
      `read ${JSON.stringify(commands.map((c) => c.name))}, the module has ${JSON.stringify(names)}`,
  );
}

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
/** Packages bundled: commander is on every command's start path (bundled, a start-up is ~6 ms shorter, measured). */
const BUNDLED = ["commander"];
const external = [...new Set(["dependencies", "peerDependencies", "optionalDependencies"].flatMap((k) => Object.keys(pkg[k] ?? {})))]
  .filter((d) => !BUNDLED.includes(d));

/**
 * esbuild plugin: `import.meta.url` of each source file becomes its URL in dist/ (via the
 * wrapper's __gexray_url), and, for a one-command bundle, program.ts's imports of the other
 * commands become a stub (program.ts never loads them when that command runs).
 */
function gexrayPlugin(keep) {
  return {
    name: "gexray",
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\/[^/]+\.js$/ }, (args) => {
        if (keep === null || args.importer !== PROGRAM || args.path === keep) return undefined;
        return { path: args.path, namespace: "gexray-omitted" };
      });
      // `await import("node:url")` or of an external package: esbuild keeps import() for those, which
      // a vm.Script cannot run; a one-line CommonJS module that require()s it is bundled instead,
      // and esbuild turns the import() of that into require() with its ESM interop (__toESM)
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== "dynamic-import" || args.namespace === "gexray-require") return undefined;
        const bare = args.path.replace(/^node:/, "");
        const isExternal = args.path.startsWith("node:") || builtinModules.includes(bare) ||
          external.some((e) => args.path === e || args.path.startsWith(`${e}/`));
        return isExternal ? { path: args.path, namespace: "gexray-require" } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: "gexray-require" }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: "js",
      }));
      b.onLoad({ filter: /.*/, namespace: "gexray-omitted" }, (args) => ({
        contents: `export function register() { throw new Error("gexray: ${args.path} is not in this bundle"); }`,
        loader: "ts",
      }));
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, "utf8");
        if (!text.includes("import.meta.url")) return undefined;
        const rel = relative(SRC, args.path).replace(/\\/g, "/").replace(/\.ts$/, ".js");
        // the kernel's worker runs from its bundle, next to this one
        const at = rel === "exposure/parallel.js" ? "cli/bundle/parallel.js" : rel;
        return { contents: text.replaceAll("import.meta.url", `__gexray_url(${JSON.stringify(at)})`), loader: "ts" };
      });
    },
  };
}

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external,
  legalComments: "none",
  logLevel: "warning",
  minifySyntax: true,
  minifyWhitespace: true,
};

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
// the bundles are CommonJS (the package is "type": "module"): the worker is loaded by node as a file
writeFileSync(join(OUT, "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");

const bundles = [{ name: "all", keep: null }, ...commands.map((c) => ({ name: c.name, keep: c.module }))];
const sizes = [];
for (const { name, keep } of bundles) {
  const r = await build({
    ...common,
    entryPoints: [join(SRC, "cli", "main.ts")],
    write: false,
    metafile: true,
    outfile: join(OUT, `${name}.js`),
    plugins: [gexrayPlugin(keep)],
  });
  // packages load from node_modules when a command needs them, never from a bundle
  const inlined = Object.keys(r.metafile.inputs).filter((p) => p.includes("node_modules") && !BUNDLED.some((b) => p.includes(`node_modules/${b}/`)));
  if (inlined.length > 0) throw new Error(`build-cli: bundle ${name} would inline ${inlined[0]}: add its package to package.json's dependencies`);
  const code = r.outputFiles[0].text;
  if (/\bimport\.meta\b/.test(code)) throw new Error(`build-cli: bundle ${name} still uses import.meta`);
  // top-level `import()` cannot run in a vm.Script without a loader callback; esbuild turns every
  // static one into require(), so none may remain
  const left = /[^\w.$]import\(.{0,60}/.exec(code);
  if (left) throw new Error(`build-cli: bundle ${name} has an import() esbuild did not turn into require(): ${left[0]}`);
  const wrapped = `(function (${WRAP_PARAMS}) {${code.replace(/^#!.*\n/, "")}\n})`;
  writeFileSync(join(OUT, `${name}.js`), wrapped);
  sizes.push(`${name} ${(wrapped.length / 1024).toFixed(0)} KB`);
}

await build({ ...common, entryPoints: [join(SRC, "exposure", "kernelWorker.ts")], outfile: join(OUT, "kernelWorker.js") });

// mathjs's LU solve alone (src/vol/mathjs.ts, mathjsLusolve): its modular API, tree-shaken by
// esbuild (the package is side-effect free), so the surface fit loads ~0.4 MB of mathjs's own code
// instead of importing the whole library; beside dist/vol/mathjs.js, for the library and the bundles
const LUSOLVE = join(DIST, "vol", "mathjs-lusolve.cjs");
await build({
  ...common,
  external: [],
  stdin: { contents: 'export { create, lusolveDependencies } from "mathjs";', resolveDir: ROOT, loader: "js" },
  outfile: LUSOLVE,
});
sizes.push(`mathjs-lusolve ${(readFileSync(LUSOLVE).length / 1024).toFixed(0)} KB`);

// ---- the entry ----
const entry = readFileSync(join(SRC, "cli", "gexray.cjs"), "utf8")
  .replace("/*COMMANDS*/", JSON.stringify(commands.map((c) => c.name)))
  .replace("/*PARAMS*/", WRAP_PARAMS);
writeFileSync(ENTRY, entry, { mode: 0o755 });

// ---- code caches: one start-up of each bundle, the cache written after it ----
for (const { name } of bundles) {
  execFileSync(process.execPath, [ENTRY, ...(name === "all" ? [] : [name]), "--help"], {
    cwd: ROOT, env: { ...process.env, GEXRAY_CODE_CACHE: "write" }, stdio: ["ignore", "ignore", "inherit"],
  });
}
process.stdout.write(`build-cli: ${relative(ROOT, ENTRY)} and ${bundles.length} bundles in ${relative(ROOT, OUT)} (${sizes.join(", ")})\n`);
