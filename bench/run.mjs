#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.mjs in turn, each in its own node process (so one
// benchmark's imports and JIT state never leak into the next), streams its output, and ends with a
// summary: per file its exit status, its time and how many targets it MET or MISSED.
//
// A benchmark reports a target on a line containing "MET" or "MISSED" as a word. The runner exits
// 1 when a benchmark crashes; a missed target is reported, not a failure.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

function run(file) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(here, file)], { stdio: ["ignore", "pipe", "inherit"] });
    let met = 0;
    let missed = 0;
    let partial = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      const text = partial + chunk.toString("utf8");
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (/\bMISSED\b/.test(line)) missed++;
        else if (/\bMET\b/.test(line)) met++;
      }
    });
    child.on("close", (code, signal) => {
      if (/\bMISSED\b/.test(partial)) missed++;
      else if (/\bMET\b/.test(partial)) met++;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      resolve({ file, code: code ?? (signal ? 128 : 1), seconds, met, missed });
    });
  });
}

const results = [];
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  results.push(await run(file));
}

process.stdout.write("\n=== summary ===\n");
for (const r of results) {
  const status = r.code === 0 ? "ok" : `FAILED (exit ${r.code})`;
  process.stdout.write(`${r.file.padEnd(28)} ${status.padEnd(16)} ${r.seconds.toFixed(1).padStart(6)} s   targets: ${r.met} met, ${r.missed} missed\n`);
}
if (files.length === 0) process.stdout.write("no bench/*.bench.mjs files\n");
const failed = results.filter((r) => r.code !== 0).length;
const met = results.reduce((n, r) => n + r.met, 0);
const missed = results.reduce((n, r) => n + r.missed, 0);
process.stdout.write(`${results.length} ran, ${failed} failed; targets ${met} met, ${missed} missed\n`);
process.exitCode = failed > 0 ? 1 : 0;
