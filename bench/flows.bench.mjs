// The forced-flow map (issue 11's performance contract): `gexray flows` on the shipped sample —
// the Deribit BTC chain, the IBIT note book mapped onto it with its closes, 30 days of hourly
// Binance open interest, the insurance fund and the depth `gexray report` (no file, `npm start`)
// uses — against `gexray profile` on the same chain, each its own process as users run it (the
// executable dist/cli/gexray.cjs, without NODE_EXTRA_CA_CERTS: proc.mjs), wall clock, median of 7
// alternating runs, after one untimed run of each (the page cache, the code caches).
//
// Target: the flow map in well under a second, checked as ≤ 0.7 s; the figure that travels between
// machines is the ratio to the profile, printed beside it with the load average.
//
// Run with `npm run bench` (builds dist/ first) or `node bench/flows.bench.mjs` after `npm run build`.
import { existsSync } from "node:fs";
import { load, MAIN, median, run } from "./proc.mjs";

const TARGET_S = 0.7;
const RUNS = 7;
const CHAIN = "data/btc_deribit_sample_2026-02-04.csv";
// the sample's inputs as src/cli/commands/report.ts's SAMPLE gives them to the report's flow map
const FLOWS = [
  "flows", CHAIN, "--notes", "data/ibit_notes_sample.csv", "--prices", "data/ibit_history_2025-09_2026-02.csv",
  "--map", "IBIT:BTC=0.000568", "--oi", "data/btc_oi_history_2026-01-26_2026-02-10.csv", "--venue", "binance",
  "--insurance-fund", "1.23e9", "--depth", "2e8",
];
const PROFILE = ["profile", CHAIN];

if (!existsSync(MAIN)) {
  console.error("dist/cli/gexray.cjs missing: run `npm run build` (npm run bench builds first)");
  process.exit(1);
}

// the flow map must be the whole map (every source per bin of the grid, the sample's notes, ladder
// and cascades present), or the timing means nothing
const json = JSON.parse(run(process.execPath, [MAIN, ...FLOWS, "--json"]).stdout);
for (const s of ["dealers", "issuers", "liquidations", "adl"]) {
  if (!Array.isArray(json.sources?.[s]) || json.sources[s].length !== json.grid.length - 1) throw new Error(`flows --json: sources.${s} is not per bin of the grid`);
}
if (!json.sources.issuers.some((x) => x !== 0) || !json.sources.liquidations.some((x) => x !== 0) || !(json.cascade?.length > 0)) {
  throw new Error("flows --json: the sample's notes, ladder or cascade are missing");
}
run(process.execPath, [MAIN, ...PROFILE]);

const flows = [], profile = [];
for (let i = 0; i < RUNS; i++) {
  flows.push(run(process.execPath, [MAIN, ...FLOWS]).sec);
  profile.push(run(process.execPath, [MAIN, ...PROFILE]).sec);
}
const f = median(flows), p = median(profile);
console.log(`gexray flows on the shipped sample (chain, ${json.grid.length}-price grid, notes, hourly OI, fund, depth); ${load()}`);
console.log(`flows    median ${f.toFixed(3)} s  (runs ${flows.map((x) => x.toFixed(3)).join(" ")})`);
console.log(`profile  median ${p.toFixed(3)} s  (runs ${profile.map((x) => x.toFixed(3)).join(" ")})`);
console.log(`ratio: the flow map costs ${(f / p).toFixed(2)}× gexray profile on the same chain`);
console.log(`target flow map ≤ ${TARGET_S} s (well under a second): ${f <= TARGET_S ? "MET" : "MISSED"} (${f.toFixed(3)} s)`);
