// The volatility surface (src/vol) and the custom dealer model (src/exposure/dealerExpr.ts), every
// figure a ratio against a baseline measured in this run:
//
// 1. Surface fit of the SPX snapshot (test/fixtures/real, 58 expiries, ~9,000 out-of-the-money
//    quotes): fitVolSurface (raw SVI per expiry by mathjs least squares, outlier screen, butterfly
//    and calendar checks) against the smile builder it replaced, the mean IV per strike per expiry
//    (a plain loop, written out below as the baseline). The first fit in a process is timed apart
//    (it includes V8's compilation of the fit); the median of 5 after it is the steady figure.
//    Target: well under a second; checked as ≤ 0.5 s for the first fit.
// 2. mathjs's import, the price of --dealer-expr: `node -e 'require("mathjs")'` against `node -e 0`,
//    each its own process, median of 5; and the price of the surface fit's solver, mathjs's lusolve
//    from the tree-shaken chunk (dist/vol/mathjs-lusolve.cjs: require it, create the instance, one
//    solve) against the whole package's (require, one solve), same processes, as a ratio.
// 3. --dealer-expr on an SPX chain of 21,038 contracts (the snapshot's contracts repeated to the
//    file's row count × 2): compile + evaluate `type == 1 ? 0.3 * oi : -oi` per contract
//    (expressionWeights, which also computes each contract's delta) against dealerWeights "naive"
//    (a typed-array loop) and against the same per-contract variables computed without mathjs.
//    Target: well under a second (≤ 0.25 s).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const DIST = new URL("../dist/", import.meta.url);
const SPX = fileURLToPath(new URL("../test/fixtures/real/spx_quotedata_2024-01-07.csv", import.meta.url));
if (!existsSync(new URL("vol/surface.js", DIST))) {
  console.error("dist/ missing: run `npm run build` (npm run bench builds first)");
  process.exit(1);
}
const load = () => `load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const time = (f) => {
  const t = process.hrtime.bigint();
  const r = f();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, r };
};

// ---- 2. mathjs import (separate processes, before this process loads it) ----
const proc = (code) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-e", code], { cwd: fileURLToPath(new URL("../", import.meta.url)) });
  if (r.status !== 0) throw new Error(`node -e ${code} failed`);
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const bare = [], withMath = [], wholeSolve = [], chunkSolve = [];
const CHUNK = fileURLToPath(new URL("vol/mathjs-lusolve.cjs", DIST));
const SOLVE = "lusolve([[2, 1, 0], [1, 3, 1], [0, 1, 4]], [1, 2, 3])";
for (let i = 0; i < 5; i++) {
  bare.push(proc("0"));
  withMath.push(proc('require("mathjs")'));
  wholeSolve.push(proc(`require("mathjs").${SOLVE}`));
  chunkSolve.push(proc(`const m = require(${JSON.stringify(CHUNK)}); m.create({ lusolveDependencies: m.lusolveDependencies }, {}).${SOLVE}`));
}
const importMs = median(withMath) - median(bare);
const wholeMs = median(wholeSolve) - median(bare), chunkMs = median(chunkSolve) - median(bare);

const { loadChain } = await import(new URL("data/load.js", DIST).href);
const { ChainBuilder } = await import(new URL("data/chain.js", DIST).href);
const { fitVolSurface } = await import(new URL("vol/surface.js", DIST).href);
const { mathjs, mathjsLusolve } = await import(new URL("vol/mathjs.js", DIST).href);
const { compileDealerExpression, expressionWeights } = await import(new URL("exposure/dealerExpr.js", DIST).href);
const { dealerWeights } = await import(new URL("exposure/dealer.js", DIST).href);
const { contractYield } = await import(new URL("exposure/book.js", DIST).href);
const { normCdf } = await import(new URL("options/normal.js", DIST).href);

const { chain } = await loadChain(SPX);
console.log(`SPX 2024-01-07: ${chain.length.toLocaleString("en-US")} contracts; ${load()}`);

// ---- 1. surface fit ----
/** The replaced smile builder: mean IV per strike per expiry (exposure/stickyMoneyness.ts before the surface). */
function meanIvPerStrike(c) {
  const by = new Map();
  for (let i = 0; i < c.length; i++) {
    const e = c.expiry[i];
    let m = by.get(e);
    if (!m) by.set(e, (m = new Map()));
    const k = c.strike[i];
    const s = m.get(k) ?? { sum: 0, n: 0 };
    s.sum += c.iv[i];
    s.n++;
    m.set(k, s);
  }
  const out = new Map();
  for (const [e, m] of by) {
    const ks = [...m.keys()].sort((a, b) => a - b);
    out.set(e, { lnK: Float64Array.from(ks, Math.log), iv: Float64Array.from(ks, (k) => m.get(k).sum / m.get(k).n) });
  }
  return out;
}
mathjsLusolve(); // its load is part 2, not the fit
const first = time(() => fitVolSurface(chain));
const s = first.r;
const fits = [], avgs = [];
for (let i = 0; i < 5; i++) {
  fits.push(time(() => fitVolSurface(chain)).ms);
  avgs.push(time(() => meanIvPerStrike(chain)).ms);
}
const svi = s.slices.filter((x) => x.method === "svi").length;
const quotes = s.slices.reduce((n, x) => n + x.quotes.k.length, 0);
console.log(`\nsurface: ${s.slices.length} expiries (${svi} SVI), ${quotes.toLocaleString("en-US")} quotes fitted; ${load()}`);
console.log(`fitVolSurface      first ${first.ms.toFixed(0).padStart(5)} ms, then median ${median(fits).toFixed(0).padStart(5)} ms (runs: ${fits.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`mean IV per strike median ${median(avgs).toFixed(1).padStart(6)} ms (the replaced builder)`);
console.log(`ratio: the SVI surface costs ${(median(fits) / median(avgs)).toFixed(0)}× the per-strike averaging (steady), ${(first.ms / median(avgs)).toFixed(0)}× on a first call`);
console.log(`target first fit ≤ 0.5 s: ${first.ms <= 500 ? "MET" : "MISSED"} (${(first.ms / 1000).toFixed(2)} s)`);
console.log(`mathjs import: ${importMs.toFixed(0)} ms (node -e 'require("mathjs")' ${median(withMath).toFixed(0)} ms vs node -e 0 ${median(bare).toFixed(0)} ms: ${(median(withMath) / median(bare)).toFixed(1)}×)`);
console.log(`mathjs lusolve for the surface fit, first solve in a fresh process beyond node -e 0: the tree-shaken chunk ${chunkMs.toFixed(0)} ms vs the whole package ${wholeMs.toFixed(0)} ms (${(chunkMs / wholeMs).toFixed(2)}×)`);

// ---- 3. --dealer-expr on 21,038 contracts ----
const N = 21_038;
const b = new ChainBuilder(N);
for (let j = 0; j < N; j++) {
  const i = j % chain.length;
  b.push({
    type: chain.type[i], strike: chain.strike[i], expiry: chain.expiry[i], time: chain.time[i], openInterest: chain.openInterest[i],
    multiplier: chain.multiplier[i], iv: chain.iv[i], root: chain.root[i], line: chain.line[i],
  });
}
const big = b.finish({ underlying: chain.underlying, asOf: chain.asOf, spot: chain.spot, rate: chain.rate, dividend: chain.dividend });
const ctx = { atMs: big.asOf.epochMs, spot: big.spot, rate: big.rate, dividend: big.dividend };
const EXPR = "type == 1 ? 0.3 * oi : -oi";
/** The same rule and variables in plain JavaScript (what mathjs's evaluation is compared with). */
function plain(c) {
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const T = (c.expiry[i] - ctx.atMs) / (365 * 86400e3);
    if (!(T > 0)) continue;
    const q = contractYield(c, i, ctx.rate, ctx.dividend);
    const sd = c.iv[i] * Math.sqrt(T);
    const d1 = (Math.log(ctx.spot / c.strike[i]) + (ctx.rate - q) * T) / sd + 0.5 * sd;
    const delta = c.type[i] * Math.exp(-q * T) * normCdf(c.type[i] * d1);
    out[i] = (c.type[i] === 1 ? 0.3 * c.openInterest[i] : -c.openInterest[i]) * c.multiplier[i] + 0 * delta;
  }
  return out;
}
mathjs(); // its import is part 2, not the compile
const compile = time(() => compileDealerExpression(EXPR));
const expr = compile.r;
expressionWeights(big, expr, ctx); // warm-up
const ex = [], nv = [], pl = [];
let check = 0;
for (let i = 0; i < 5; i++) {
  const a = time(() => expressionWeights(big, expr, ctx));
  ex.push(a.ms);
  nv.push(time(() => dealerWeights(big, "naive")).ms);
  const p = time(() => plain(big));
  pl.push(p.ms);
  for (let k = 0; k < N; k++) check = Math.max(check, Math.abs(a.r[k] - p.r[k]));
}
console.log(`\n--dealer-expr "${EXPR}" on ${N.toLocaleString("en-US")} contracts; ${load()}`);
console.log(`compile (first, creates the limited mathjs instance) ${compile.ms.toFixed(1)} ms`);
console.log(`expressionWeights  median ${median(ex).toFixed(1).padStart(6)} ms  (${((median(ex) * 1000) / N).toFixed(2)} µs per contract)`);
console.log(`plain JS, same variables and rule  ${median(pl).toFixed(1).padStart(6)} ms; dealerWeights naive ${median(nv).toFixed(2)} ms`);
console.log(`ratio: mathjs evaluation costs ${(median(ex) / median(pl)).toFixed(1)}× the plain-JS loop and ${(median(ex) / median(nv)).toFixed(0)}× dealerWeights; results agree within ${check}`);
console.log(`target ≤ 0.25 s for 21k contracts (compile + evaluate): ${compile.ms + median(ex) <= 250 ? "MET" : "MISSED"} (${((compile.ms + median(ex)) / 1000).toFixed(3)} s)`);
