#!/usr/bin/env node
/**
 * Generates the SYNTHETIC futures samples of data/ (see data/README.md), shaped like 26 January –
 * 10 February 2026 (docs/DESIGN.md's story: the CME basis trade unwound as the near-dated basis
 * jumped from 3.3 % to 9 %, CME open interest collapsed, then rebuilt faster than Binance's):
 *
 * - cme_btc_futures_2026-01-26_2026-02-10.csv: daily CME Bitcoin (BTC, 5 BTC) and Micro Bitcoin
 *   (MBT, 0.1 BTC) futures settlements at 16:00 London with open interest (contracts) and the
 *   reference spot, 12 business days;
 * - btc_oi_history_2026-01-26_2026-02-10.csv: hourly bars and open interest, Binance BTCUSDT
 *   (24/7; Binance openInterestHist column names, sumOpenInterest in BTC, sumOpenInterestValue in
 *   USD) and CME (BTC + MBT in BTC, Globex hours, constant within a session);
 * - positions_sample.csv: 14 leveraged BTCUSDT positions marked on 6 Feb 2026 for `gexray adl`.
 *
 * NOT market data: made without network access from the constants below, which are an approximate
 * recollection of the period's levels, not a download. Reproducible: `node data/generate_futures_sample.mjs`
 * rewrites the files byte for byte (seeded PRNG, no clock, no locale); `--check` only verifies them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "./mulberry32.mjs";

const SEED = 20260206;
const rand = mulberry32(SEED);
/** Standard normal (Box–Muller, one of the pair). */
function gauss() {
  let u = 0;
  while (u === 0) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
const HOUR = 3600_000;
const DAY = 86400_000;
const out = (name) => fileURLToPath(new URL(name, import.meta.url));

/**
 * Business days (16:00 London = 16:00 UTC in winter, the CME CF Bitcoin Reference Rate's print):
 * spot (USD per BTC), constant-maturity basis at 30 and 120 days (percent; the curve is linear in
 * days between them), CME open interest (BTC and MBT contracts, all months) and Binance BTCUSDT
 * open interest (BTC). 5 Feb is the seed's "3.3 %" day; 6 Feb the "9 %" day, inverted. b30/b120
 * are the curve's parameters; the 30-day constant maturity gexray computes from the rounded (5 USD
 * tick) prices comes out at 3.28 % on 5 Feb and 8.99 % on 6 Feb.
 */
const DAYS = [
  { date: "2026-01-26", spot: 88412.35, b30: 4.6, b120: 5.3, btc: 27400, mbt: 56000, binance: 93500 },
  { date: "2026-01-27", spot: 88906.1, b30: 4.5, b120: 5.25, btc: 27300, mbt: 55800, binance: 93900 },
  { date: "2026-01-28", spot: 89310.44, b30: 4.4, b120: 5.2, btc: 27100, mbt: 55500, binance: 94200 },
  { date: "2026-01-29", spot: 86795.02, b30: 4.1, b120: 5.0, btc: 26600, mbt: 54900, binance: 91800 },
  { date: "2026-01-30", spot: 84021.77, b30: 3.9, b120: 4.9, btc: 26200, mbt: 54200, binance: 90100 },
  { date: "2026-02-02", spot: 78903.5, b30: 3.8, b120: 4.7, btc: 25900, mbt: 53600, binance: 87400 },
  { date: "2026-02-03", spot: 76488.18, b30: 3.6, b120: 4.5, btc: 25600, mbt: 53100, binance: 86900 },
  { date: "2026-02-04", spot: 74215.6, b30: 3.5, b120: 4.4, btc: 25200, mbt: 52500, binance: 85100 },
  { date: "2026-02-05", spot: 66310.25, b30: 3.22, b120: 4.15, btc: 21800, mbt: 46900, binance: 78300 },
  { date: "2026-02-06", spot: 70912.83, b30: 9.2, b120: 5.9, btc: 23900, mbt: 50100, binance: 79700 },
  { date: "2026-02-09", spot: 70204.4, b30: 7.4, b120: 5.7, btc: 24300, mbt: 50800, binance: 80500 },
  { date: "2026-02-10", spot: 69318.9, b30: 6.6, b120: 5.5, btc: 24500, mbt: 51200, binance: 80900 },
];
/** Intraday anchors of the spot path (UTC ms → USD): the 5 Feb low and the rebound. */
const EXTRA_ANCHORS = [
  [Date.UTC(2026, 0, 26, 0), 87950],
  [Date.UTC(2026, 1, 5, 22), 62980],
  [Date.UTC(2026, 1, 6, 2), 64850],
  [Date.UTC(2026, 1, 11, 0), 69120],
];

/** CME expiry instants (last Friday 16:00 London; GMT months here are 16:00 UTC, BST months 15:00 UTC). */
const CONTRACTS = [
  { m: "F", expiry: Date.UTC(2026, 0, 30, 16), share: 0 },
  { m: "G", expiry: Date.UTC(2026, 1, 27, 16), share: 0.46 },
  { m: "H", expiry: Date.UTC(2026, 2, 27, 16), share: 0.26 },
  { m: "J", expiry: Date.UTC(2026, 3, 24, 15), share: 0.11 },
  { m: "K", expiry: Date.UTC(2026, 4, 29, 15), share: 0.06 },
  { m: "M", expiry: Date.UTC(2026, 5, 26, 15), share: 0.05 },
  { m: "N", expiry: Date.UTC(2026, 6, 31, 15), share: 0.02 },
  { m: "Z", expiry: Date.UTC(2026, 11, 24, 16), share: 0.04 },
];
/** Share of an expiring January contract in the total OI, by date (rolled into February). */
const JAN_SHARE = { "2026-01-26": 0.08, "2026-01-27": 0.06, "2026-01-28": 0.04, "2026-01-29": 0.02 };
/** MBT is listed on the nearest three months only here. */
const MBT_MONTHS = new Set(["F", "G", "H", "J"]);

const asOf = (d) => Date.parse(`${d}T16:00:00Z`);
/** Basis (decimal per year) at `days` on a day: linear in days from 30 to 120, flat beyond 200. */
const basisAt = (day, days) => (day.b30 + ((day.b120 - day.b30) * (Math.min(days, 200) - 30)) / 90) / 100;
const round5 = (x) => Math.round(x / 5) * 5;

// ---------------------------------------------------------------- CME settlements
const LABEL = "# SYNTHETIC sample shaped like 26 Jan - 10 Feb 2026, not market data (data/README.md; data/generate_futures_sample.mjs)";
const cmeRows = [LABEL, "date,contract,price,open_interest,spot"];
const cmeCoin = {};
for (const day of DAYS) {
  const t = asOf(day.date);
  const live = CONTRACTS.filter((c) => c.expiry > t);
  const jan = JAN_SHARE[day.date] ?? 0;
  const shares = live.map((c) => (c.m === "F" ? jan : c.share * (1 - jan)));
  const sum = shares.reduce((a, b) => a + b, 0);
  let coin = 0;
  for (const [root, total, size] of [["BTC", day.btc, 5], ["MBT", day.mbt, 0.1]]) {
    const list = live.map((c, i) => ({ c, w: shares[i] / sum })).filter(({ c }) => root === "BTC" || MBT_MONTHS.has(c.m));
    const wsum = list.reduce((a, x) => a + x.w, 0);
    let left = total;
    list.forEach(({ c, w }, k) => {
      const oi = k === list.length - 1 ? left : Math.round((total * w) / wsum);
      left -= oi;
      coin += oi * size;
      const days = (c.expiry - t) / DAY;
      const b = basisAt(day, days) + gauss() * 0.0004 + (root === "MBT" ? 0.0002 : 0);
      const price = round5(day.spot * (1 + (b * days) / 365));
      cmeRows.push(`${day.date},${root}${c.m}26,${price},${oi},${day.spot.toFixed(2)}`);
    });
  }
  cmeCoin[day.date] = coin;
}

// ---------------------------------------------------------------- hourly spot path
const anchors = [...DAYS.map((d) => [asOf(d.date), d.spot]), ...EXTRA_ANCHORS].sort((a, b) => a[0] - b[0]);
const start = anchors[0][0];
const end = anchors[anchors.length - 1][0];
const SUB = 4; // sub-steps per hour for highs and lows
const steps = ((end - start) / HOUR) * SUB;
const logp = new Float64Array(steps + 1);
{
  // log price linear between anchors plus a Brownian bridge pinned at every anchor
  let a = 0;
  const sigma = 0.0045 / Math.sqrt(SUB);
  for (let seg = 0; seg + 1 < anchors.length; seg++) {
    const [t0, p0] = anchors[seg];
    const [t1, p1] = anchors[seg + 1];
    const n = ((t1 - t0) / HOUR) * SUB;
    const w = new Float64Array(n + 1);
    for (let k = 1; k <= n; k++) w[k] = w[k - 1] + gauss() * sigma;
    for (let k = 0; k <= n; k++) logp[a + k] = Math.log(p0) + ((Math.log(p1) - Math.log(p0)) * k) / n + w[k] - (w[n] * k) / n;
    a += n;
  }
}
const hours = (end - start) / HOUR;
const bars = [];
for (let h = 0; h < hours; h++) {
  const seg = Array.from(logp.subarray(h * SUB, (h + 1) * SUB + 1), Math.exp);
  bars.push({ t: start + h * HOUR, open: seg[0], high: Math.max(...seg), low: Math.min(...seg), close: seg[SUB] });
}

// ---------------------------------------------------------------- hourly open interest
/** Binance OI (BTC) at each hour: linear between the daily 16:00 values, the 5 Feb collapse deepening into the evening low. */
const binAnchors = [[start, 93200], ...DAYS.map((d) => [asOf(d.date), d.binance]), [Date.UTC(2026, 1, 5, 22), 76900], [Date.UTC(2026, 1, 11, 0), 80950]].sort((a, b) => a[0] - b[0]);
function interp(list, t) {
  let k = 0;
  while (k + 2 < list.length && list[k + 1][0] <= t) k++;
  const [t0, v0] = list[k], [t1, v1] = list[k + 1];
  return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
}
/** CME Globex hours: Sunday 23:00 UTC to Friday 22:00 UTC, with a 22:00–23:00 UTC break. */
function cmeOpen(t) {
  const d = new Date(t);
  const wd = d.getUTCDay(), h = d.getUTCHours();
  if (h === 22) return false;
  if (wd === 6) return false;
  if (wd === 0) return h === 23;
  if (wd === 5) return h < 22;
  return true;
}
/** The CME trade date a session hour belongs to: the session opening at 23:00 UTC is the next day's. */
function tradeDate(t) {
  const d = new Date(t + HOUR); // 23:00 → next date
  return d.toISOString().slice(0, 10);
}
const oiRows = [LABEL, "timestamp,venue,symbol,open,high,low,close,sumOpenInterest,sumOpenInterestValue"];
const dates = DAYS.map((d) => d.date);
for (const b of bars) {
  const iso = new Date(b.t).toISOString().replace(".000Z", "Z");
  const px = (x) => x.toFixed(2);
  const bin = interp(binAnchors, b.t) * (1 + gauss() * 0.0012);
  oiRows.push(`${iso},binance,BTCUSDT,${px(b.open)},${px(b.high)},${px(b.low)},${px(b.close)},${bin.toFixed(3)},${(bin * b.close).toFixed(2)}`);
  if (cmeOpen(b.t)) {
    const td = tradeDate(b.t);
    // OI of the session's trade date (CME publishes it the next morning); sessions outside the sample's dates take the nearest
    const k = dates.indexOf(td);
    const key = k >= 0 ? td : dates.filter((d) => d <= td).at(-1) ?? dates[0];
    const coin = cmeCoin[key];
    oiRows.push(`${iso},cme,BTC+MBT,${px(b.open)},${px(b.high)},${px(b.low)},${px(b.close)},${coin.toFixed(1)},${(coin * b.close).toFixed(2)}`);
  }
}

// ---------------------------------------------------------------- positions for ADL
const MARK = 70912.83; // 6 Feb 16:00 London
const posRows = ["# SYNTHETIC positions marked on 6 Feb 2026, not market data (data/README.md; data/generate_futures_sample.mjs)", "id,side,size,entry,mark,leverage,margin"];
const POSITIONS = [
  ["L-01", "long", 2.5, 74210, 10], ["L-02", "long", 0.8, 66050, 20], ["L-03", "long", 12, 88400, 3], ["L-04", "long", 1.6, 63400, 25],
  ["L-05", "long", 5, 69800, 5], ["L-06", "long", 0.3, 64100, 50],
  ["S-01", "short", 4, 88900, 10], ["S-02", "short", 1.2, 84020, 25], ["S-03", "short", 20, 86800, 2], ["S-04", "short", 0.5, 72300, 50],
  ["S-05", "short", 3, 78900, 15], ["S-06", "short", 8, 74215, 5], ["S-07", "short", 2, 67400, 10],
];
for (const [id, side, size, entry, lev] of POSITIONS) posRows.push(`${id},${side},${size},${entry},${MARK},${lev},`);
// one position given by its isolated margin instead of leverage (the loader takes either)
posRows.push(`S-08,short,6,89300,${MARK},,107160`);

const files = [
  ["cme_btc_futures_2026-01-26_2026-02-10.csv", cmeRows.join("\n") + "\n"],
  ["btc_oi_history_2026-01-26_2026-02-10.csv", oiRows.join("\n") + "\n"],
  ["positions_sample.csv", posRows.join("\n") + "\n"],
];
if (process.argv.includes("--check")) {
  let bad = 0;
  for (const [name, text] of files) {
    let disk = "";
    try {
      disk = readFileSync(out(name), "utf8");
    } catch {
      disk = "";
    }
    if (disk !== text) {
      process.stderr.write(`data/${name} differs from what the generator writes\n`);
      bad++;
    }
  }
  process.exit(bad ? 1 : 0);
}
for (const [name, text] of files) writeFileSync(out(name), text);
process.stdout.write(`wrote ${files.map(([n]) => "data/" + n).join(", ")}\n`);
