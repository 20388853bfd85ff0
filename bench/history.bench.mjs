// `gexray history` throughput, as a ratio against the same snapshots run one by one.
//
// Method: HISTORY_FILES dated variants (default 24; 252 for "a year of daily snapshots") of the real
// SPX snapshot test/fixtures/real/spx_quotedata_2024-01-07.csv are written to a temp dir: the same
// 21,038 contracts, with the header's "Date:" line set to 16:15 New York on each of the weekdays
// before Fri 5 Jan 2024 (every contract alive and a little longer-dated than in the original, so
// each variant is at least as much work as the real file). Then, wall clock, each as its own node
// process:
//   - `gexray history <dir> --json` (worker threads across the cores, one file per task);
//   - the baseline: `gexray profile <file> --json` for every file, one after another.
// The ratio baseline / history is the throughput gain (a 2-core machine can give at most ~2× from
// the threads, plus node start-up and module loading paid once instead of N times). Both outputs'
// zero-gamma levels are checked to agree. The 1-minute load average is printed (the cores are
// shared with other work).
//
// `HISTORY_FILES=252 node bench/history.bench.mjs` is the README's "a year of daily SPX snapshots".
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAIN, SPX, load, run as runProcess } from "./proc.mjs";

const N = Number(process.env.HISTORY_FILES ?? 24);
if (!existsSync(MAIN)) {
  console.error("dist/ missing: run `npm run build` (npm run bench builds first)");
  process.exit(1);
}
if (!(Number.isInteger(N) && N >= 2 && N <= 2000)) {
  console.error(`HISTORY_FILES must be an integer 2–2000 (got ${process.env.HISTORY_FILES})`);
  process.exit(1);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** US daylight saving (2007 rule): second Sunday of March to the first Sunday of November. */
function edt(y, m, d) {
  const firstSunday = (month) => 1 + ((7 - new Date(Date.UTC(y, month, 1)).getUTCDay()) % 7);
  const t = Date.UTC(y, m, d);
  return t >= Date.UTC(y, 2, firstSunday(2) + 7) && t < Date.UTC(y, 10, firstSunday(10));
}

/** Write n variants, one per weekday before 2024-01-05 going back, into dir; returns their paths. */
function writeVariants(dir, n) {
  const text = readFileSync(SPX, "utf8");
  const lines = text.split("\n");
  const k = lines.findIndex((l) => l.startsWith('"Date: '));
  if (k < 0) throw new Error("no Date: line in the SPX file");
  const rest = lines[k].slice(lines[k].indexOf('",') + 1);
  const files = [];
  let t = Date.UTC(2024, 0, 5);
  while (files.length < n) {
    const d = new Date(t);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) {
      const y = d.getUTCFullYear(), m = d.getUTCMonth(), day = d.getUTCDate();
      lines[k] = `"Date: ${MONTHS[m]} ${day}, ${y} at 4:15 PM ${edt(y, m, day) ? "EDT" : "EST"}"${rest}`;
      const f = join(dir, `spx_${d.toISOString().slice(0, 10)}.csv`);
      writeFileSync(f, lines.join("\n"));
      files.push(f);
    }
    t -= 86400_000;
  }
  return files.reverse();
}

/** `gexray <args>` (the installed executable, dist/cli/gexray.cjs): wall-clock seconds and stdout. */
function run(args) {
  const r = runProcess(process.execPath, [MAIN, ...args]);
  return { s: r.sec, out: r.stdout };
}

const dir = mkdtempSync(join(tmpdir(), "gexray-history-bench-"));
try {
  const files = writeVariants(dir, N);
  console.log(`history: ${N} dated variants of the SPX 2024-01-07 snapshot (${files[0].slice(-14, -4)} … ${files[N - 1].slice(-14, -4)}); ${load()}`);
  const h = run(["history", dir, "--json"]);
  const doc = JSON.parse(h.out);
  if (doc.rows.length !== N || doc.failed.length !== 0) throw new Error(`history returned ${doc.rows.length} rows and ${doc.failed.length} failures for ${N} files`);
  console.log(`  gexray history <dir> --json        ${h.s.toFixed(2)} s   (${(h.s / N * 1000).toFixed(0)} ms per snapshot; ${load()})`);
  let seq = 0;
  let mismatch = 0;
  const byFile = new Map(doc.rows.map((r) => [r.file, r]));
  for (const f of files) {
    const p = run(["profile", f, "--json"]);
    seq += p.s;
    const z = JSON.parse(p.out).levels.nearestZeroGamma;
    if (byFile.get(f)?.nearestZeroGamma !== z) mismatch++;
  }
  console.log(`  ${N} × gexray profile <file> --json  ${seq.toFixed(2)} s   (${(seq / N * 1000).toFixed(0)} ms per snapshot; ${load()})`);
  console.log(`  ratio: history is ${(seq / h.s).toFixed(2)}× the throughput of sequential profile runs; zero gamma agrees on ${N - mismatch} of ${N}`);
  if (mismatch > 0) process.exitCode = 1;
  console.log(`  ${readdirSync(dir).length} files in ${dir} (removed)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
