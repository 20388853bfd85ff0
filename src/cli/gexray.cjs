#!/usr/bin/env node
"use strict";
// The gexray executable (package.json "bin"), written to dist/cli/gexray.cjs by
// scripts/build-cli.mjs from this template (it fills in the command names and the wrapper's
// parameters). It runs the bundle of the command named by the first operand (dist/cli/bundle/
// <command>.js; all.js for help, --version and unknown commands, as program.ts's commandsFor does)
// through vm.Script with the bundle's V8 code cache, so that a start-up deserializes compiled code
// instead of parsing and compiling it. A cache V8 rejects (another node version, a damaged file) or
// a missing one is recompiled and rewritten, atomically, when the process exits; a read-only
// install just runs without it. GEXRAY_CODE_CACHE=write rewrites it anyway (the build does this).
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { createRequire } = require("node:module");
const { pathToFileURL } = require("node:url");

const COMMANDS = /*COMMANDS*/;

function bundleName(args) {
  for (const arg of args) {
    if (arg === "--debug") continue;
    return COMMANDS.includes(arg) ? arg : "all";
  }
  return "all";
}

const dir = path.join(__dirname, "bundle");
const name = bundleName(process.argv.slice(2));
const file = path.join(dir, `${name}.js`);
const cacheFile = path.join(dir, `${name}.cache`);
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// the name stack traces show: V8 keeps the one a code cache was made under, so a fixed name,
// relative to the package, reads the same wherever the package is installed
const script = new vm.Script(fs.readFileSync(file, "utf8"), { filename: `gexray/dist/cli/bundle/${name}.js`, cachedData });
if (cachedData === undefined || script.cachedDataRejected || process.env.GEXRAY_CODE_CACHE === "write") {
  process.once("exit", () => {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
    }
  });
}
const dist = path.dirname(__dirname);
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(file), mod, file, dir, (rel) => pathToFileURL(path.join(dist, rel)).href);
