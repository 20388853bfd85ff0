// Liquidation-price throughput, for the liquidation ladder that calls these per cohort, side and
// leverage (issue 11), each figure beside a baseline measured in the same process:
//   baseline: simpleLiquidationPrice, the one-line E·(1 − 1/L + mmr) form;
//   (a) markTieredLiquidation on the 12-bracket Binance table (every bracket solved, the one that
//       holds at the liquidation price kept);
//   (b) venueLiquidation (the same plus the bankruptcy price and the result object);
//   (c) termStructure of a 12-contract CME curve with 4 constant-maturity tenors, per observation.
// Rates are medians of 7 samples per CPU second after a warm-up; results are summed into a printed
// checksum so the JIT cannot drop the work. Run with `npm run bench` (builds dist/ first).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIST = new URL("../dist/", import.meta.url);
if (!existsSync(fileURLToPath(new URL("futures/liquidation.js", DIST)))) {
  console.error("dist/futures missing: run `npm run build` (npm run bench builds first)");
  process.exit(1);
}
const { simpleLiquidationPrice, markTieredLiquidation } = await import(new URL("futures/liquidation.js", DIST).href);
const { venueLiquidation } = await import(new URL("futures/venueRule.js", DIST).href);
const { termStructure } = await import(new URL("futures/termStructure.js", DIST).href);
const { loadTierFile } = await import(new URL("data/tierFiles.js", DIST).href);
const { table } = await loadTierFile(fileURLToPath(new URL("../data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json", import.meta.url)));

const TARGET_EXACT = 1e6; // evaluations per second for the exact (tiered) rule in a ladder loop
let sink = 0;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
function rate(pass, perPass) {
  const t0 = performance.now();
  let calls = 0;
  while (performance.now() - t0 < 300) { sink += pass(); calls++; }
  const per = Math.max(1, Math.round(calls / 2));
  const rates = [];
  for (let s = 0; s < 7; s++) {
    const c0 = cpu();
    for (let c = 0; c < per; c++) sink += pass();
    rates.push((per * perPass) / Math.max(1e-9, cpu() - c0));
  }
  return rates.sort((a, b) => a - b)[3];
}

const N = 1024;
const entries = Float64Array.from({ length: N }, (_, i) => 60000 + 50 * i);
const levs = [2, 5, 10, 25, 50, 100];
const sides = ["long", "short"];
const base = rate(() => {
  let s = 0;
  for (let i = 0; i < N; i++) s += simpleLiquidationPrice(entries[i], levs[i % 6], 0.005, sides[i & 1]);
  return s;
}, N);
const exact = rate(() => {
  let s = 0;
  for (let i = 0; i < N; i++) {
    const lev = levs[i % 6];
    s += markTieredLiquidation({ side: sides[i & 1], entry: entries[i], size: 1 + (i % 40), margin: ((1 + (i % 40)) * entries[i]) / lev }, table).liquidationPrice ?? 0;
  }
  return s;
}, N);
const venue = rate(() => {
  let s = 0;
  for (let i = 0; i < N; i++) {
    const lev = levs[i % 6];
    s += venueLiquidation({ side: sides[i & 1], entry: entries[i], size: 1, margin: entries[i] / lev }, { venue: "binance", table }).bankruptcyPrice ?? 0;
  }
  return s;
}, N);
const listed = Array.from({ length: 12 }, (_, k) => ({ code: `C${k}`, expiryMs: Date.UTC(2026, 1 + k, 27, 16), price: 70000 * (1 + 0.04 * (k + 1) / 12) }));
const curve = rate(() => termStructure(Date.UTC(2026, 1, 5, 16), 70000, listed).constantMaturity[0].basis, 1);

const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`);
console.log("futures: liquidation prices and term structures (per CPU second, median of 7)");
console.log(`  baseline simpleLiquidationPrice          ${fmt(base)} evals/s`);
console.log(`  markTieredLiquidation, 12 brackets       ${fmt(exact)} evals/s = ${(exact / base).toFixed(3)}× baseline; target ≥ ${fmt(TARGET_EXACT)}/s: ${exact >= TARGET_EXACT ? "MET" : "MISSED"}`);
console.log(`  venueLiquidation (+ bankruptcy, object)  ${fmt(venue)} evals/s = ${(venue / exact).toFixed(3)}× markTieredLiquidation`);
console.log(`  termStructure, 12 contracts, 4 tenors    ${fmt(curve)} curves/s = ${(curve / base).toExponential(2)}× baseline evals`);
console.log(`  checksum ${sink.toPrecision(6)}`);
