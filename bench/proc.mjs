// Shared by the whole-process benchmarks (exposure.bench.mjs, phases.bench.mjs): the paths, the
// environment every timed process runs in, a wall-clock runner, medians, the load average, and the
// generated 200k-contract generic CSV.
//
// Every timed process, gexray's, node's and python's alike, runs without NODE_EXTRA_CA_CERTS: a
// user's shell rarely sets it, and node reads the whole bundle at start (tens of ms) although no
// command here opens a TLS connection.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { rng } from "./rng.mjs";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const MAIN = fileURLToPath(new URL("../dist/cli/gexray.cjs", import.meta.url));
export const PY = "/usr/bin/python3";
export const NUMPY = fileURLToPath(new URL("numpy_profile.py", import.meta.url));
export const SPX = fileURLToPath(new URL("../test/fixtures/real/spx_quotedata_2024-01-07.csv", import.meta.url));

/** The environment of every timed process: this one's, without NODE_EXTRA_CA_CERTS. */
export const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_EXTRA_CA_CERTS"));

/** Run a process to completion; wall-clock seconds, stdout and stderr. Throws on a non-zero exit. */
export function run(cmd, args) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26, env: ENV });
  const sec = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}): ${r.stderr}`);
  return { sec, stdout: r.stdout, stderr: r.stderr };
}

/** Wall-clock seconds of one run. */
export const timed = (cmd, args) => run(cmd, args).sec;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The 1-minute load average and the core count, printed beside every figure. */
export const load = () => `load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;

/** Whether /usr/bin/python3 has numpy and pandas (the numpy baseline needs both). */
export const hasNumpy = () => existsSync(PY) && spawnSync(PY, ["-c", "import numpy, pandas"]).status === 0;

/** gexray's and numpy_profile.py's arguments for the generated generic CSV (after the file). */
export const GENERIC_FLAGS = ["--spot", "4700", "--asof", "2025-01-02T16:00-05:00", "--multiplier", "100", "--steps", "1000"];

/** A generic CSV like a listed index chain: 40 expiries (daily, then biweekly) × strikes × call and put, each with its own IV. */
export function writeGeneric(path, contracts) {
  const r = rng(7);
  const S = 4700;
  const asOf = Date.UTC(2025, 0, 2, 21, 0);
  const nExp = 40;
  const per = contracts / nExp;
  const lines = ["expiry,strike,type,open_interest,iv"];
  for (let e = 0; e < nExp; e++) {
    const days = e < 20 ? 1 + e : 20 + (e - 19) * 14;
    const date = new Date(asOf + days * 86400e3).toISOString().slice(0, 10);
    const T = days / 365;
    const atm = 0.12 + 0.05 * Math.sqrt(T);
    for (let j = 0; j < per; j++) {
      const k = j >> 1;
      const strike = Math.round((S * Math.exp(((k / (per / 2)) * 2 - 1) * 4 * atm * Math.sqrt(Math.max(T, 7 / 365)))) / 5) * 5;
      const m = Math.log(strike / S) / Math.sqrt(T);
      const iv = Math.max(0.05, atm - 0.15 * m + 0.2 * m * m + 0.01 * (r() - 0.5));
      lines.push(`${date},${strike},${j & 1 ? "P" : "C"},${1 + Math.floor(r() * 3000)},${iv.toFixed(5)}`);
    }
  }
  writeFileSync(path, lines.join("\n") + "\n");
}
