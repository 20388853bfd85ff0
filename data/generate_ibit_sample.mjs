#!/usr/bin/env node
/**
 * Generates the two SYNTHETIC sample files gexray ships for the structured-note commands:
 *
 *   data/ibit_history_2025-09_2026-02.csv  daily IBIT closes, 2025-09-02 … 2026-02-13
 *   data/ibit_notes_sample.csv             a note book on IBIT priced on those closes
 *
 * Neither file is market data. The closes interpolate, log-linearly in trading-day index, between
 * approximate levels recalled for the period (ANCHORS below: an approximate recollection, not a
 * download; there was no network when this was written), with a seeded Brownian-bridge noise that
 * is zero at every anchor. The note book is hand-designed (NOTES below) so that its barriers tell
 * the story of docs/DESIGN.md; each note's initial level is the generated close on its pricing
 * date. See data/README.md for the assumptions.
 *
 * Reproducible: `node data/generate_ibit_sample.mjs` rewrites both files byte for byte (seeded
 * PRNG, no clock, no locale). `--check` only verifies that the files on disk match.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "./mulberry32.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const HISTORY_FILE = `${HERE}ibit_history_2025-09_2026-02.csv`;
const NOTES_FILE = `${HERE}ibit_notes_sample.csv`;

/** PRNG seed (mulberry32). */
const SEED = 20260205;
/** Daily log-noise standard deviation of the bridge (1 %). */
const DAILY_SD = 0.01;

/**
 * Approximate IBIT closes (USD per share). All but the last are the levels given in the project
 * brief (IBIT ≈ BTC × 0.000568); 2026-02-13 is this script's own choice ("a few days to 02-13
 * around 40–41").
 */
const ANCHORS = [
  ["2025-09-02", 62.0], ["2025-09-12", 65.5], ["2025-09-19", 66.0], ["2025-09-26", 62.5],
  ["2025-10-03", 69.5], ["2025-10-06", 71.0], ["2025-10-10", 64.0], ["2025-10-17", 60.5],
  ["2025-10-27", 65.0], ["2025-10-31", 62.0], ["2025-11-04", 57.5], ["2025-11-10", 60.0],
  ["2025-11-14", 54.5], ["2025-11-20", 49.0], ["2025-11-21", 48.5], ["2025-11-28", 51.5],
  ["2025-12-01", 49.0], ["2025-12-03", 52.5], ["2025-12-10", 52.5], ["2025-12-17", 49.0],
  ["2025-12-31", 49.5], ["2026-01-05", 52.5], ["2026-01-14", 54.5], ["2026-01-20", 51.0],
  ["2026-01-30", 47.5], ["2026-02-04", 42.5], ["2026-02-05", 36.9], ["2026-02-06", 40.5],
  ["2026-02-13", 40.6],
];

/** NYSE full-day closures in (or at the edge of) the period. */
const HOLIDAYS = new Set(["2025-09-01", "2025-11-27", "2025-12-25", "2026-01-01", "2026-01-19", "2026-02-16"]);

function iso(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function addDays(isoDate, n) {
  return iso(Date.parse(isoDate + "T00:00:00Z") + n * 86400_000);
}

function isTradingDay(isoDate) {
  const wd = new Date(isoDate + "T00:00:00Z").getUTCDay();
  return wd !== 0 && wd !== 6 && !HOLIDAYS.has(isoDate);
}

/** The trading days from a to b inclusive. */
function tradingDays(a, b) {
  const out = [];
  for (let d = a; d <= b; d = addDays(d, 1)) if (isTradingDay(d)) out.push(d);
  return out;
}

function buildHistory() {
  const rand = mulberry32(SEED);
  const gauss = () => {
    // Box–Muller; 1 − u keeps the log finite
    const u = 1 - rand(), v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const days = tradingDays(ANCHORS[0][0], ANCHORS[ANCHORS.length - 1][0]);
  const index = new Map(days.map((d, i) => [d, i]));
  const logp = new Float64Array(days.length);
  for (const [d] of ANCHORS) if (!index.has(d)) throw new Error(`anchor ${d} is not a trading day`);
  for (let a = 0; a + 1 < ANCHORS.length; a++) {
    const [d0, p0] = ANCHORS[a], [d1, p1] = ANCHORS[a + 1];
    const i0 = index.get(d0), i1 = index.get(d1), n = i1 - i0;
    const x0 = Math.log(p0), x1 = Math.log(p1);
    // Brownian bridge: W_k − (k/n)·W_n, zero at both anchors
    const w = [0];
    for (let k = 1; k <= n; k++) w.push(w[k - 1] + DAILY_SD * gauss());
    for (let k = 0; k <= n; k++) logp[i0 + k] = x0 + (x1 - x0) * (k / n) + (w[k] - (k / n) * w[n]);
  }
  const close = days.map((_, i) => Math.round(Math.exp(logp[i]) * 100) / 100);
  for (const [d, p] of ANCHORS) close[index.get(d)] = p; // exact at the anchors
  return { days, close, index };
}

/**
 * The note book. Columns: id, issuer, pricing date, barrier % of initial (or an absolute barrier
 * level), observation, maturity in months, notional in USD millions, optional autocall
 * [level %, frequency, first call date], optional contingent coupon [rate % p.a., barrier %,
 * memory]. The coupons are observed on the autocall dates (the loader's default coupon frequency
 * is the autocall's) and the final valuation date is left to the loader's default (three business
 * days before maturity).
 * The ids are invented (prefix SYN-), as are all terms.
 */
const NOTES = [
  // September 2025: levels 62–66, barriers 50–65 %
  ["SYN-GS-250902-A", "Goldman Sachs", "2025-09-02", 58, "final", 24, 25],
  ["SYN-MS-250905-A", "Morgan Stanley", "2025-09-05", 55, "final", 36, 15],
  ["SYN-CITI-250910-A", "Citi", "2025-09-10", 65, "daily", 12, 10, [100, "monthly", "2025-10-10"], [12, 65, true]],
  ["SYN-UBS-250912-A", "UBS", "2025-09-12", 50, "final", 24, 40],
  ["SYN-BAC-250916-A", "BofA", "2025-09-16", 55, "final", 18, 20],
  ["SYN-RBC-250919-A", "RBC", "2025-09-19", 65, "daily", 12, 5, [100, "quarterly", "2025-12-19"], [14, 65, false]],
  ["SYN-BARC-250923-A", "Barclays", "2025-09-23", 55, "final", 24, 30],
  ["SYN-JPM-250926-A", "JPMorgan", "2025-09-26", 58, "final", 24, 50],
  // October 2025: levels 60–71
  ["SYN-GS-251001-A", "Goldman Sachs", "2025-10-01", 62, "daily", 12, 10, [100, "monthly", "2025-11-03"], [15, 62, true]],
  ["SYN-JPM-251006-A", "JPMorgan", "2025-10-06", 62, "final", 24, 60],
  ["SYN-MS-251006-A", "Morgan Stanley", "2025-10-06", 61, "daily", 18, 20],
  ["SYN-CITI-251008-A", "Citi", "2025-10-08", 65, "final", 24, 25],
  ["SYN-UBS-251014-A", "UBS", "2025-10-14", 58, "final", 36, 15],
  ["SYN-BAC-251017-A", "BofA", "2025-10-17", 68, "final", 24, 35],
  ["SYN-BARC-251021-A", "Barclays", "2025-10-21", 55, "final", 24, 10],
  ["SYN-RBC-251027-A", "RBC", "2025-10-27", 67, "daily", 12, 15],
  ["SYN-GS-251030-A", "Goldman Sachs", "2025-10-30", 70, "final", 24, 45],
  // November 2025: the 43–44 stack (levels 57–60 early in the month), then lower levels
  ["SYN-JPM-251103-A", "JPMorgan", "2025-11-03", 72, "daily", 18, 30],
  ["SYN-MS-251104-A", "Morgan Stanley", "2025-11-04", 75, "final", 24, 40],
  ["SYN-CITI-251106-A", "Citi", "2025-11-06", 74, "final", 24, 25],
  ["SYN-JPM-251110-A", "JPMorgan", "2025-11-10", { level: 43.6 }, "final", 24, 100],
  ["SYN-GS-251110-A", "Goldman Sachs", "2025-11-10", 73, "daily", 12, 35],
  ["SYN-BAC-251112-A", "BofA", "2025-11-12", 75, "daily", 18, 20],
  ["SYN-UBS-251114-A", "UBS", "2025-11-14", 65, "final", 24, 15],
  ["SYN-BARC-251118-A", "Barclays", "2025-11-18", 60, "final", 36, 10],
  ["SYN-RBC-251121-A", "RBC", "2025-11-21", 70, "final", 24, 20],
  ["SYN-GS-251126-A", "Goldman Sachs", "2025-11-26", 70, "daily", 12, 15, [100, "quarterly", "2026-02-26"], [13, 70, true]],
  // December 2025: after a further ~10 % fall, barriers stack at 38–39
  ["SYN-JPM-251203-A", "JPMorgan", "2025-12-03", 74, "final", 24, 75],
  ["SYN-MS-251203-A", "Morgan Stanley", "2025-12-03", 73, "daily", 18, 40],
  ["SYN-GS-251204-A", "Goldman Sachs", "2025-12-04", 74, "final", 24, 60],
  ["SYN-CITI-251205-A", "Citi", "2025-12-05", 73, "daily", 12, 30],
  ["SYN-BAC-251208-A", "BofA", "2025-12-08", 74, "final", 24, 50],
  ["SYN-UBS-251209-A", "UBS", "2025-12-09", 73, "final", 36, 25],
  ["SYN-BARC-251210-A", "Barclays", "2025-12-10", 74, "daily", 12, 35],
  ["SYN-RBC-251211-A", "RBC", "2025-12-11", 74, "final", 24, 20],
  ["SYN-JPM-251212-A", "JPMorgan", "2025-12-12", 75, "final", 24, 45],
  ["SYN-GS-251218-A", "Goldman Sachs", "2025-12-18", 60, "final", 24, 10],
  ["SYN-MS-251222-A", "Morgan Stanley", "2025-12-22", 65, "final", 24, 15, [100, "quarterly", "2026-03-23"], [12, 65, false]],
  ["SYN-CITI-251230-A", "Citi", "2025-12-30", 55, "final", 24, 5],
  // January 2026: levels 52–55 early (70–71 % barriers join 38–39), lower later
  ["SYN-JPM-260105-A", "JPMorgan", "2026-01-05", 73, "final", 24, 40],
  ["SYN-GS-260107-A", "Goldman Sachs", "2026-01-07", 73, "daily", 12, 25],
  ["SYN-BAC-260112-A", "BofA", "2026-01-12", 71, "final", 18, 30],
  ["SYN-UBS-260114-A", "UBS", "2026-01-14", 70, "final", 24, 35],
  ["SYN-MS-260114-A", "Morgan Stanley", "2026-01-14", 71, "daily", 12, 20],
  ["SYN-BARC-260116-A", "Barclays", "2026-01-16", 60, "final", 24, 15],
  ["SYN-RBC-260121-A", "RBC", "2026-01-21", 55, "final", 36, 10],
  ["SYN-CITI-260123-A", "Citi", "2026-01-23", 65, "daily", 12, 15, [100, "monthly", "2026-02-23"], [14, 65, true]],
  ["SYN-GS-260127-A", "Goldman Sachs", "2026-01-27", 60, "final", 24, 20],
  ["SYN-JPM-260129-A", "JPMorgan", "2026-01-29", 50, "final", 36, 25],
];

/** "YYYY-MM-DD" plus whole months, moved to the next weekday when it falls on a weekend or holiday. */
function maturityDate(pricing, months) {
  const [y, m, d] = pricing.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  let out = iso(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(d, last)));
  while (!isTradingDay(out)) out = addDays(out, 1);
  return out;
}

function fmtPct(x) {
  return String(Math.round(x * 100) / 100);
}

function buildNotes(history) {
  const header = [
    "note_id", "issuer", "underlying", "pricing_date", "initial_level", "barrier_pct", "barrier_level", "observation",
    "maturity", "notional_usd", "autocall_level_pct", "autocall_frequency", "first_autocall_date", "coupon_rate_pa",
    "coupon_barrier_pct", "coupon_memory",
  ];
  const lines = [
    "# SYNTHETIC sample note book on IBIT, made up for gexray's examples: NOT real notes, issuers' terms or prices.",
    "# initial_level = close of data/ibit_history_2025-09_2026-02.csv (also synthetic) on pricing_date.",
    "# Generated by data/generate_ibit_sample.mjs; see data/README.md for the assumptions.",
    header.join(","),
  ];
  const ids = new Set();
  const barriers = [];
  for (const [id, issuer, date, barrier, obs, months, mn, autocall, coupon] of NOTES) {
    if (ids.has(id)) throw new Error(`duplicate id ${id}`);
    ids.add(id);
    const i = history.index.get(date);
    if (i === undefined) throw new Error(`${id}: pricing date ${date} is not a trading day of the history`);
    const initial = history.close[i];
    const level = typeof barrier === "number" ? (barrier / 100) * initial : barrier.level;
    const pct = (level / initial) * 100;
    if (!(pct >= 50 && pct <= 75)) throw new Error(`${id}: barrier ${level} is ${pct.toFixed(2)}% of ${initial}, outside 50–75%`);
    if (!(mn >= 5 && mn <= 100)) throw new Error(`${id}: notional ${mn}M outside $5–100M`);
    if (!(months >= 12 && months <= 36)) throw new Error(`${id}: maturity ${months} months outside 1–3 years`);
    barriers.push({ id, date, level, obs, mn });
    lines.push([
      id, issuer, "IBIT", date, initial.toFixed(2),
      typeof barrier === "number" ? String(barrier) : "",
      typeof barrier === "number" ? "" : String(barrier.level),
      obs, maturityDate(date, months), String(mn * 1_000_000),
      autocall ? String(autocall[0]) : "", autocall ? autocall[1] : "", autocall ? autocall[2] : "",
      coupon ? fmtPct(coupon[0]) : "", coupon ? fmtPct(coupon[1]) : "", coupon ? (coupon[2] ? "yes" : "no") : "",
    ].join(","));
  }
  return { text: lines.join("\n") + "\n", barriers };
}

/** The facts data/README.md states about the files; a seed or anchor change must keep them. */
function checkStory(history, barriers) {
  const { days, close, index } = history;
  const at = (d) => close[index.get(d)];
  const fail = (why) => {
    throw new Error(`story check failed: ${why}`);
  };
  // the 43.6 barrier of the November JPMorgan note is first closed below on 2026-02-04
  const first = (level) => days.find((d, i) => d > "2025-11-10" && close[i] <= level);
  if (first(43.6) !== "2026-02-04") fail(`first close ≤ 43.6 after 2025-11-10 is ${first(43.6)}`);
  // the 38–39 stack is first closed below on 2026-02-05 (the −13.2 % day)
  if (first(39.0) !== "2026-02-05") fail(`first close ≤ 39 is ${first(39.0)}`);
  const drop = at("2026-02-05") / at("2026-02-04") - 1;
  if (Math.abs(drop + 0.132) > 0.001) fail(`2026-02-05 move ${drop}`);
  // closes after the rebound stay around 40–41
  for (const d of days.filter((x) => x > "2026-02-06")) if (!(at(d) >= 39.5 && at(d) <= 42)) fail(`${d} close ${at(d)}`);
  const dec = barriers.filter((b) => b.date >= "2025-12-03" && b.date <= "2025-12-15");
  for (const b of dec) if (!(b.level >= 38 && b.level <= 39.5)) fail(`${b.id} barrier ${b.level} not in the 38–39 stack`);
  const nov = barriers.filter((b) => b.date >= "2025-11-03" && b.date <= "2025-11-12");
  for (const b of nov) if (!(b.level >= 42.5 && b.level <= 44.5)) fail(`${b.id} barrier ${b.level} not in the 43–44 stack`);
}

const history = buildHistory();
const historyText =
  "# SYNTHETIC daily IBIT closes for gexray's examples: NOT market data. Log-linear interpolation between\n" +
  "# approximate recalled levels plus seeded noise; generated by data/generate_ibit_sample.mjs (see data/README.md).\n" +
  "date,close\n" +
  history.days.map((d, i) => `${d},${history.close[i].toFixed(2)}`).join("\n") + "\n";
const notes = buildNotes(history);
checkStory(history, notes.barriers);

if (process.argv.includes("--check")) {
  const same = (f, t) => readFileSync(f, "utf8") === t;
  if (!same(HISTORY_FILE, historyText) || !same(NOTES_FILE, notes.text)) {
    console.error("generated files differ from the ones on disk");
    process.exit(1);
  }
  console.log("sample files are up to date");
} else {
  writeFileSync(HISTORY_FILE, historyText);
  writeFileSync(NOTES_FILE, notes.text);
  console.log(`wrote ${history.days.length} closes and ${NOTES.length} notes`);
}
