// The dealer exposure engine (src/exposure), three parts, every figure a ratio measured in this run:
//
// 1. End to end against bench/numpy_profile.py (an independent vectorized numpy implementation of the
//    same sums; cache-blocked in 64k-element blocks, matrix-vector reductions; the same script in
//    4M-element blocks is timed too, for reference), each as its own process, wall clock,
//    median of 5 alternating runs: `gexray profile` on the SPX snapshot (500 steps; target ≥ 4×)
//    and on a generated 200,000-contract generic CSV (1,000 steps; target ≥ 12×). Skipped, and said
//    so, when /usr/bin/python3 has no numpy/pandas. Both outputs are checked to agree.
// 2. The quick query: `gexray strikes` against `node -e 0` (node's own start-up; target ≤ 2.5×),
//    median of 9 alternating runs.
// 3. Kernel: 1,000,000 contracts × 1,000 grid prices, dealer gamma + vanna + charm together
//    (runKernel: windows, recurrences, coarse levels, pairs, worker threads), on a log and on a
//    linear grid, for a chain-like book (expiries 1 day – 3 years, strikes ±3 sd, every contract its
//    own IV: nothing merges) and for a worst case where every contract's window covers the whole
//    grid. Target ≥ 1e9 contract-points/s (nominal: contracts × points / seconds). Baseline: direct
//    evaluation with the library's BSM kernel (bsmGreeks per contract-point) in the same process.
//    Accuracy: the kernel's profile against direct evaluation of all 1M contracts at every 50th
//    grid price, target every value within 1e-9 of the profile's largest magnitude. Run last: its
//    books make this process large, and spawning the other parts' processes from a large process
//    costs more (it added ~15 ms to every spawned run, node -e 0 included).
//
// Every process runs without NODE_EXTRA_CA_CERTS (see proc.mjs), gexray as users run it: the
// executable dist/cli/gexray.cjs.
//
// The machine is shared: the 1-minute load average is printed with every part, since the kernel's
// second thread only helps when a second core is free. Run with `npm run bench` (builds dist/ first)
// or `node bench/exposure.bench.mjs` after `npm run build`.
//
// EXPOSURE_BENCH_PARTS=kernel,e2e,strikes (any subset, comma-separated; default all three) runs only
// those parts, e.g. `EXPOSURE_BENCH_PARTS=e2e,strikes node bench/exposure.bench.mjs` skips the
// kernel part (the slow one) while iterating on start-up and loaders.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rng } from "./rng.mjs";
import { GENERIC_FLAGS, hasNumpy, load, MAIN, median, NUMPY, PY, SPX, timed, writeGeneric } from "./proc.mjs";

const DIST = new URL("../dist/", import.meta.url);
const N = 1_000_000;
const POINTS = 1000;
const KERNEL_TARGET = 1e9;
const STRIKES_TARGET = 2.5;

if (!existsSync(MAIN)) {
  console.error("dist/cli/gexray.cjs missing: run `npm run build` (npm run bench builds first)");
  process.exit(1);
}
const PARTS = new Set((process.env.EXPOSURE_BENCH_PARTS ?? "kernel,e2e,strikes").split(",").map((p) => p.trim()).filter((p) => p !== ""));
for (const p of PARTS) {
  if (!["kernel", "e2e", "strikes"].includes(p)) {
    console.error(`EXPOSURE_BENCH_PARTS: unknown part ${JSON.stringify(p)} (kernel, e2e, strikes)`);
    process.exit(1);
  }
}
const { ChainBuilder } = await import(new URL("data/chain.js", DIST).href);
const { priceGrid } = await import(new URL("exposure/grid.js", DIST).href);
const { selectContracts } = await import(new URL("exposure/select.js", DIST).href);
const { dealerWeights } = await import(new URL("exposure/dealer.js", DIST).href);
const { buildBook } = await import(new URL("exposure/book.js", DIST).href);
const { runKernel, workersAvailable } = await import(new URL("exposure/parallel.js", DIST).href);
const { directProfile } = await import(new URL("exposure/direct.js", DIST).href);

/** A 1M-contract chain around spot 100; `dense`: every window covers the grid (long expiries, strikes near spot). */
function syntheticChain(dense) {
  const r = rng(dense ? 2 : 1);
  const b = new ChainBuilder(N);
  const asOf = Date.UTC(2025, 0, 2, 21, 0);
  for (let i = 0; i < N; i++) {
    const T = dense ? 0.5 + 1.5 * r() : Math.exp(Math.log(1 / 365) + r() * Math.log(3 * 365));
    const expiry = asOf + Math.round(T * 365 * 86400e3);
    const iv = 0.12 + 0.6 * r();
    const z = (2 * r() - 1) * (dense ? 0.3 : 3);
    b.push({
      type: r() < 0.5 ? 1 : -1, strike: 100 * Math.exp(z * iv * Math.sqrt(T)), expiry, time: (expiry - asOf) / (365 * 86400e3),
      openInterest: 1 + Math.floor(r() * 2000), multiplier: 100, iv, root: "SYN", line: i + 2,
    });
  }
  return b.finish({ underlying: "SYN", asOf: { epochMs: asOf, zone: "UTC" }, spot: 100, rate: 0, dividend: 0 });
}

const fmt = (x) => `${(x / 1e9).toFixed(2)}e9`;

// ---------------------------------------------------------------- 1. end to end against numpy
const dir = mkdtempSync(join(tmpdir(), "gexray-exposure-bench-"));
try {
  if (!PARTS.has("e2e")) {
    console.log("\nend to end: skipped (EXPOSURE_BENCH_PARTS)");
  } else if (!hasNumpy()) {
    console.log("\nend to end: SKIPPED — /usr/bin/python3 has no numpy/pandas (Debian: apt-get install python3-numpy python3-pandas)");
  } else {
    const generic = join(dir, "generic_200k.csv");
    writeGeneric(generic, 200_000);
    const cases = [
      { name: "SPX snapshot (21,038 contracts read), 500 steps", target: 4, node: [SPX, "--steps", "500"], py: [SPX, "--steps", "500"] },
      {
        name: "generated generic CSV, 200,000 contracts, 1,000 steps", target: 12,
        node: [generic, ...GENERIC_FLAGS], py: [generic, "--format", "generic", ...GENERIC_FLAGS],
      },
    ];
    for (const c of cases) {
      const outNode = join(dir, "node.json");
      const outPy = join(dir, "py.json");
      const tn = [];
      const tp = [];
      for (let rep = 0; rep < 5; rep++) {
        tn.push(timed(process.execPath, [MAIN, "profile", ...c.node, "--json", "-o", outNode]));
        tp.push(timed(PY, [NUMPY, ...c.py, "--out", outPy]));
      }
      const a = JSON.parse(readFileSync(outNode, "utf8"));
      const b = JSON.parse(readFileSync(outPy, "utf8"));
      const scale = Math.max(...b.gamma.map(Math.abs));
      const err = Math.max(...a.gamma.map((v, k) => Math.abs(v - b.gamma[k])));
      const ok = a.counts.used === b.used && err <= 1e-9 * scale;
      const n = median(tn);
      const p = median(tp);
      console.log(`\nend to end: ${c.name}; ${load()}`);
      console.log(`  gexray profile  ${n.toFixed(3)} s   (runs ${tn.map((x) => x.toFixed(2)).join(", ")})`);
      console.log(`  numpy           ${p.toFixed(3)} s   (runs ${tp.map((x) => x.toFixed(2)).join(", ")}; in-script: load ${b.seconds.load.toFixed(3)} s, profile ${b.seconds.profile.toFixed(3)} s)`);
      console.log(`  check: ${a.counts.used} contracts each, gamma profiles agree to ${(err / scale).toExponential(1)} of max: ${ok ? "ok" : "MISMATCH"}`);
      console.log(`  ratio: gexray is ${(p / n).toFixed(2)}× faster; target ≥ ${c.target}×: ${p / n >= c.target ? "MET" : "MISSED"}`);
      // for reference only: the same numpy without cache blocking (4M-element blocks, as one broadcast of a
      // large matrix would do); not the baseline, which is the faster blocked numpy above
      const tu = [];
      for (let rep = 0; rep < 3; rep++) tu.push(timed(PY, [NUMPY, ...c.py, "--chunk-elements", "4000000", "--out", outPy]));
      console.log(`  (reference: numpy in 4M-element blocks ${median(tu).toFixed(3)} s; gexray ${(median(tu) / n).toFixed(2)}× faster than that)`);
    }
  }

  // ---------------------------------------------------------------- 2. the quick query
  if (!PARTS.has("strikes")) {
    console.log("\nquick query: skipped (EXPOSURE_BENCH_PARTS)");
  } else {
    const tNode = [];
    const tStrikes = [];
    for (let rep = 0; rep < 9; rep++) {
      tNode.push(timed(process.execPath, ["-e", "0"]));
      tStrikes.push(timed(process.execPath, [MAIN, "strikes", SPX, "--min", "4600", "--max", "4800"]));
    }
    const sn = median(tNode);
    const ss = median(tStrikes);
    console.log(`\nquick query: gexray strikes on the SPX snapshot ${ss.toFixed(3)} s vs node -e 0 ${sn.toFixed(3)} s (runs ${tStrikes.map((x) => x.toFixed(3)).join(", ")}; ${tNode.map((x) => x.toFixed(3)).join(", ")}); ${load()}`);
    console.log(`  ratio: ${(ss / sn).toFixed(2)}× node's start-up; target ≤ ${STRIKES_TARGET}×: ${ss / sn <= STRIKES_TARGET ? "MET" : "MISSED"}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- 3. kernel
if (!PARTS.has("kernel")) {
  console.log("kernel: skipped (EXPOSURE_BENCH_PARTS)");
} else {
  console.log(`\nkernel: ${N.toLocaleString("en-US")} contracts × ${POINTS} grid prices, gamma + vanna + charm; worker threads ${workersAvailable() ? "available" : "NOT available (dist/exposure/kernelWorker.js missing)"}`);
  let bestLog = 0;
  let bestLin = 0;
  for (const dense of [false, true]) {
    const chain = syntheticChain(dense);
    const sel = selectContracts(chain);
    const weights = dealerWeights(chain);
    let t = performance.now();
    const book = buildBook(chain, sel, weights);
    const bookMs = performance.now() - t;
    console.log(`\n${dense ? "worst case: every window covers the grid" : "chain-like book: expiries 1 day – 3 years, strikes ±3 sd"}: ${book.length.toLocaleString("en-US")} groups after merging (${bookMs.toFixed(0)} ms to build); ${load()}`);
    for (const log of [true, false]) {
      const grid = priceGrid({ spot: 100, range: [0.8, 1.2], steps: POINTS - 1, log });
      const runs = [];
      let run;
      for (let rep = 0; rep < 3; rep++) {
        t = performance.now();
        run = await runKernel(book, grid, 100);
        runs.push((performance.now() - t) / 1000);
      }
      const sec = Math.min(...runs);
      const nominal = (N * POINTS) / sec;
      if (log) bestLog = Math.max(bestLog, nominal);
      else bestLin = Math.max(bestLin, nominal);
      console.log(`  ${log ? "log   " : "linear"} grid: ${sec.toFixed(3)} s (best of 3; ${run.threads} threads) → ${fmt(nominal)} contract-points/s nominal, ` +
        `${(run.points / N / POINTS * 100).toFixed(1)}% inside windows (${fmt(run.points / sec)} evaluated/s); ${(nominal / KERNEL_TARGET).toFixed(2)}× the 1e9 target`);
      if (!dense && log) {
        // accuracy: direct evaluation of all contracts at every 50th grid price
        const picks = [];
        for (let k = 0; k < POINTS; k += 50) picks.push(k);
        picks.push(POINTS - 1);
        t = performance.now();
        const direct = directProfile(chain, sel, weights, Float64Array.from(picks, (k) => grid.prices[k]));
        const directSec = (performance.now() - t) / 1000;
        const directRate = (N * picks.length) / directSec;
        for (const key of ["gamma", "vanna", "charm"]) {
          let scale = 0;
          for (let k = 0; k < POINTS; k++) scale = Math.max(scale, Math.abs(run.arrays[key][k]));
          let err = 0;
          picks.forEach((k, j) => (err = Math.max(err, Math.abs(run.arrays[key][k] - direct[key][j]))));
          console.log(`  accuracy ${key.padEnd(5)}: max |kernel − direct| / max |profile| = ${(err / scale).toExponential(2)} over ${picks.length} prices × 1M contracts; target ≤ 1e-9: ${err <= 1e-9 * scale ? "MET" : "MISSED"}`);
        }
        console.log(`  baseline: direct evaluation (bsmGreeks per contract-point) ${fmt(directRate)} contract-points/s; the kernel is ${(nominal / directRate).toFixed(0)}× faster`);
      }
    }
  }
  console.log(`\nkernel target ≥ 1e9 contract-points/s on the log grid: ${bestLog >= KERNEL_TARGET ? "MET" : "MISSED"} (${fmt(bestLog)}, ${(bestLog / KERNEL_TARGET).toFixed(2)}×)`);
  console.log(`kernel target ≥ 1e9 contract-points/s on the linear grid: ${bestLin >= KERNEL_TARGET ? "MET" : "MISSED"} (${fmt(bestLin)}, ${(bestLin / KERNEL_TARGET).toFixed(2)}×)`);
}
