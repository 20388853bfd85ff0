// Chain loading at scale: a 1,000,000-row generic CSV (written to a temp dir, ~30 MB) loaded with
// loadChain (streamed in 1 MiB chunks into typed columns), beside danfojs-node's readCSV on the
// same file in the same run (the baseline: a general-purpose CSV → DataFrame reader).
//
// Each load runs in its own child process, so that its peak RSS (process.resourceUsage().maxRSS)
// is its own: targets are ≤ 3 s and ≤ 1 GB peak RSS for loadChain. The time is wall-clock from the
// call to the returned chain (module import excluded for both; danfo's ~1 s import is printed
// apart). loadChain runs 3 times (median), readCSV twice (median).
// Run with `npm run bench` (builds dist/ first) or `node bench/data.bench.mjs` after `npx tsc -p .`.
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rng } from "./rng.mjs";

const ROWS = 1_000_000;
const TARGET_SECONDS = 3;
const TARGET_RSS_MB = 1024;
const SPOT = 4700;
const AS_OF = "2025-01-02T16:00:00-05:00";
const DIST = new URL("../dist/data/", import.meta.url);

// ---------------------------------------------------------------- child mode: one measured load
if (process.argv[2] === "--child") {
  const [, , , what, file] = process.argv;
  const t0 = performance.now();
  let result;
  if (what === "loadChain") {
    const { loadChain } = await import(new URL("load.js", DIST).href);
    const t1 = performance.now();
    const { chain, report } = await loadChain(file, { spot: SPOT, asOf: AS_OF, multiplier: 100 });
    const ms = performance.now() - t1;
    let oi = 0;
    for (let i = 0; i < chain.length; i++) oi += chain.openInterest[i];
    result = { importMs: t1 - t0, ms, rows: report.rows, used: report.used, excluded: report.excluded, checksum: oi };
  } else {
    const danfo = await import("danfojs-node");
    const t1 = performance.now();
    const df = await danfo.readCSV(file);
    const ms = performance.now() - t1;
    const oi = df.column("open_interest").values.reduce((a, b) => a + b, 0);
    result = { importMs: t1 - t0, ms, rows: df.shape[0], checksum: oi };
  }
  result.maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(0);
}

// ---------------------------------------------------------------- parent: generate, measure, compare
if (!existsSync(fileURLToPath(new URL("load.js", DIST)))) {
  console.error("dist/data/load.js missing: run `npm run build` (npm run bench builds first)");
  process.exit(1);
}

/** A chain of 40 weekly expiries × 12,500 strikes × call/put, with ~5% zero open interest. */
async function writeChain(path) {
  const rand = rng(20250102);
  const out = createWriteStream(path);
  const expiries = Array.from({ length: 40 }, (_, k) => new Date(Date.UTC(2025, 0, 3 + 7 * k)).toISOString().slice(0, 10));
  const perExpiry = ROWS / expiries.length;
  let buf = ["expiry,strike,type,open_interest,iv"];
  let written = 0;
  for (const expiry of expiries) {
    for (let j = 0; j < perExpiry; j++) {
      const strike = 1000 + 5 * (j >> 1);
      const oi = rand() < 0.05 ? 0 : Math.floor(rand() * 5000);
      const iv = (0.1 + rand() * 1.1).toFixed(4);
      buf.push(`${expiry},${strike},${j & 1 ? "P" : "C"},${oi},${iv}`);
      if (buf.length >= 50_000) {
        if (!out.write(buf.join("\n") + "\n")) await new Promise((r) => out.once("drain", r));
        written += buf.length;
        buf = [];
      }
    }
  }
  out.write(buf.join("\n") + "\n");
  await new Promise((r) => out.end(r));
  return written + buf.length - 1;
}

function child(what, file) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", what, file], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`${what} child failed (exit ${r.status})`);
  }
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const dir = mkdtempSync(join(tmpdir(), "gexray-bench-"));
try {
  const file = join(dir, "chain_1m.csv");
  const rows = await writeChain(file);
  const mb = statSync(file).size / 1e6;
  console.log(`generic CSV: ${rows.toLocaleString("en-US")} rows, ${mb.toFixed(1)} MB (${file})`);

  const ours = [child("loadChain", file), child("loadChain", file), child("loadChain", file)];
  const danfo = [child("danfo", file), child("danfo", file)];
  const o = ours[0];
  // danfo sums every row's OI, loadChain the used contracts': only zero-OI rows are excluded, so the integer sums agree
  if (o.rows !== rows || danfo[0].rows !== rows || o.checksum !== danfo[0].checksum) {
    console.log(`check: rows ${o.rows} vs danfo ${danfo[0].rows}; OI ${o.checksum} vs danfo ${danfo[0].checksum}: MISMATCH`);
    process.exitCode = 1;
  } else {
    console.log(`check: both read ${rows.toLocaleString("en-US")} rows and the same total open interest (${o.checksum.toLocaleString("en-US")} contracts)`);
  }
  console.log(`loadChain: used ${o.used.toLocaleString("en-US")}, excluded ${JSON.stringify(o.excluded)}`);

  const oursMs = median(ours.map((r) => r.ms));
  const oursRss = Math.max(...ours.map((r) => r.maxRssMB));
  const danfoMs = median(danfo.map((r) => r.ms));
  const danfoRss = Math.max(...danfo.map((r) => r.maxRssMB));
  console.log(`loadChain          ${(oursMs / 1000).toFixed(2).padStart(6)} s   peak RSS ${oursRss.toFixed(0).padStart(5)} MB   (runs: ${ours.map((r) => (r.ms / 1000).toFixed(2)).join(", ")} s)`);
  console.log(`danfojs readCSV    ${(danfoMs / 1000).toFixed(2).padStart(6)} s   peak RSS ${danfoRss.toFixed(0).padStart(5)} MB   (runs: ${danfo.map((r) => (r.ms / 1000).toFixed(2)).join(", ")} s; import ${(median(danfo.map((r) => r.importMs)) / 1000).toFixed(2)} s not counted)`);
  console.log(`ratio: loadChain takes ${(oursMs / danfoMs).toFixed(3)}× danfojs readCSV's time (${(danfoMs / oursMs).toFixed(1)}× faster), ${(oursRss / danfoRss).toFixed(2)}× its peak RSS`);
  console.log(`target time ≤ ${TARGET_SECONDS} s: ${oursMs / 1000 <= TARGET_SECONDS ? "MET" : "MISSED"} (${(oursMs / 1000).toFixed(2)} s)`);
  console.log(`target peak RSS ≤ ${TARGET_RSS_MB} MB: ${oursRss <= TARGET_RSS_MB ? "MET" : "MISSED"} (${oursRss.toFixed(0)} MB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
