#!/usr/bin/env node
/**
 * Generates data/btc_deribit_sample_2026-02-04.csv: a SYNTHETIC Deribit BTC option book summary
 * (`public/get_book_summary_by_currency?currency=BTC&kind=option` dumped to CSV, the same 20
 * columns, order and units as test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv,
 * described in test/fixtures/real/SOURCES.md §2) as of 2026-02-04 14:00 UTC.
 *
 * NOT market data. There was no network when it was written and the real Deribit snapshots at hand
 * are from 2024 and 2020, so every number is made up from the assumptions below (see also
 * data/README.md), shaped to tell the story of docs/DESIGN.md: crypto clients bought puts for
 * weeks, so put open interest is concentrated between 64k and 71k (dealers short those puts under
 * the naive convention: short gamma there), and calls are spread above spot with walls near 80k and
 * 100k.
 *
 * Units as on Deribit: `mark_iv` percent; `open_interest`, `volume` in BTC (1 contract = 1 BTC,
 * 0.1 BTC resolution); `mark_price`, `bid_price`, `ask_price`, `last`, `low`, `high`, `mid_price`
 * in BTC per option (inverse: USD value = price × forward, which is how the 2024 file's
 * mark_price relates to its mark_iv); `underlying_price` the expiry's forward; expiries 08:00 UTC.
 *
 * Reproducible: `node data/generate_btc_sample.mjs` rewrites the file byte for byte (seeded PRNG,
 * no clock, no locale); `--check` only verifies that the file on disk matches and that the story
 * holds (exit 1 otherwise).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import erfc from "@stdlib/math-base-special-erfc";
import { mulberry32 } from "./mulberry32.mjs";

const OUT = fileURLToPath(new URL("btc_deribit_sample_2026-02-04.csv", import.meta.url));

/** PRNG seed (mulberry32). */
const SEED = 20260204;
/** As-of: 2026-02-04 14:00:00.000 UTC, ms since epoch (the file's creation_timestamp). */
const AS_OF_MS = Date.UTC(2026, 1, 4, 14, 0, 0);
/** BTC index (estimated_delivery_price), USD. */
const INDEX = 73012.64;
/** Annualised basis of the forwards over the index: a small contango. */
const BASIS = 0.045;
const YEAR_MS = 365 * 86400 * 1000;

/**
 * Expiries (08:00 UTC): the three dailies after the as-of date, the Friday weeklies, the February
 * monthly (last Friday), the March quarterly, the April and May monthlies, the June and September
 * quarterlies. `fut` says whether a dated future is the underlying (else Deribit's SYN.BTC-…
 * synthetic forward). `atm` is the at-the-money vol (decimal), elevated at the short end after the
 * late-January sell-off; `oi` the expiry's total open interest (BTC) before noise.
 */
const EXPIRIES = [
  { label: "5FEB26", date: [2026, 2, 5], fut: false, atm: 0.64, oi: 2600 },
  { label: "6FEB26", date: [2026, 2, 6], fut: true, atm: 0.62, oi: 15500 },
  { label: "7FEB26", date: [2026, 2, 7], fut: false, atm: 0.6, oi: 1900 },
  { label: "13FEB26", date: [2026, 2, 13], fut: true, atm: 0.58, oi: 14000 },
  { label: "20FEB26", date: [2026, 2, 20], fut: false, atm: 0.565, oi: 10500 },
  { label: "27FEB26", date: [2026, 2, 27], fut: true, atm: 0.55, oi: 52000 },
  { label: "27MAR26", date: [2026, 3, 27], fut: true, atm: 0.53, oi: 78000 },
  { label: "24APR26", date: [2026, 4, 24], fut: false, atm: 0.515, oi: 17000 },
  { label: "29MAY26", date: [2026, 5, 29], fut: false, atm: 0.505, oi: 14000 },
  { label: "26JUN26", date: [2026, 6, 26], fut: true, atm: 0.5, oi: 52000 },
  { label: "25SEP26", date: [2026, 9, 25], fut: true, atm: 0.49, oi: 31000 },
];

/** Share of an expiry's open interest in the puts bought between 64k and 71k (the story's puts), by label. */
const PUT_STACK = { "6FEB26": 0.34, "13FEB26": 0.36, "20FEB26": 0.34, "27FEB26": 0.33, "27MAR26": 0.26, "24APR26": 0.14 };
/** Call walls: strike → share of an expiry's open interest, by label. */
const CALL_WALLS = {
  "6FEB26": { 80000: 0.05 }, "13FEB26": { 80000: 0.07 }, "20FEB26": { 80000: 0.06 },
  "27FEB26": { 80000: 0.09, 100000: 0.05 }, "27MAR26": { 80000: 0.07, 100000: 0.1 },
  "24APR26": { 80000: 0.05, 100000: 0.08 }, "29MAY26": { 100000: 0.08 },
  "26JUN26": { 80000: 0.04, 100000: 0.12 }, "25SEP26": { 100000: 0.12 },
};

const HEADER = [
  "mid_price", "volume_usd", "quote_currency", "estimated_delivery_price", "creation_timestamp", "base_currency",
  "underlying_index", "underlying_price", "mark_iv", "volume", "interest_rate", "price_change", "open_interest",
  "ask_price", "bid_price", "instrument_name", "mark_price", "last", "low", "high",
];

const rand = mulberry32(SEED);
/** Standard normal (Box–Muller, one of the pair). */
function gauss() {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Standard normal CDF through erfc (accurate in the tails). */
const ncdf = (x) => 0.5 * erfc(-x / Math.SQRT2);

/** Black-76 undiscounted price (rate 0, as Deribit's interest_rate): USD per BTC. */
function black76(isCall, F, K, T, sigma) {
  const sd = sigma * Math.sqrt(T);
  const d1 = Math.log(F / K) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  return isCall ? F * ncdf(d1) - K * ncdf(d2) : K * ncdf(-d2) - F * ncdf(-d1);
}

/**
 * Listed strikes: 1,000 apart within `near` of the forward, 2,500/5,000 further out, 10,000 above
 * 120k — like Deribit's grids, wider for longer expiries.
 */
function strikes(F, T) {
  const width = Math.min(0.9, 0.12 + 1.1 * Math.sqrt(T)); // log-moneyness half-width listed
  const lo = Math.max(5000, F * Math.exp(-width));
  const hi = F * Math.exp(width * 1.25);
  const near = Math.min(0.15, 0.06 + 0.4 * Math.sqrt(T));
  const out = [];
  for (let K = 1000; K <= hi; K += 1000) {
    if (K < lo) continue;
    const m = Math.abs(Math.log(K / F));
    const step = K > 120000 ? 10000 : m <= near ? 1000 : m <= 2 * near ? 2500 : 5000;
    if (K % step === 0) out.push(K);
  }
  return out;
}

/** The smile: put skew (vol rises below the forward), mild curvature; decimal. */
function smile(atm, F, K, T) {
  const z = Math.log(K / F) / (atm * Math.sqrt(Math.max(T, 7 / 365)));
  const zc = Math.max(-4, Math.min(4, z));
  return atm * (1 - 0.06 * zc + 0.02 * zc * zc);
}

/** Deribit price ticks: 0.0001 BTC below 0.005, 0.0005 above. */
function tick(p) {
  return p < 0.005 ? 0.0001 : 0.0005;
}
function roundTo(x, step) {
  return Math.round(x / step) * step;
}
/** Shortest decimal text of x rounded to `d` decimals ("0.0" style for whole numbers, like pandas). */
function num(x, d) {
  const s = Number(x.toFixed(d)).toString();
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}

function build() {
  const rows = [];
  let ts = AS_OF_MS;
  let totalOi = 0;
  const putOi = new Map(); // strike → put OI over all expiries
  const callOi = new Map();
  for (const e of EXPIRIES) {
    const [y, mo, d] = e.date;
    const expMs = Date.UTC(y, mo - 1, d, 8);
    const T = (expMs - AS_OF_MS) / YEAR_MS;
    // forward: the index carried at the basis, with a little noise per expiry (futures vs synthetic)
    // (rounded to the cent first: the file's underlying_price is what prices are computed from)
    const F = Math.round(INDEX * Math.exp(BASIS * T) * (1 + 0.0004 * gauss()) * 100) / 100;
    const index = e.fut ? `BTC-${e.label}` : `SYN.BTC-${e.label}`;
    const ks = strikes(F, T);
    // background open interest: a bump around the money, wider for longer expiries
    const w = Math.max(0.08, 0.9 * e.atm * Math.sqrt(T));
    const shape = (K) => Math.exp(-0.5 * (Math.log(K / F) / w) ** 2) * (K % 10000 === 0 ? 2.2 : K % 5000 === 0 ? 1.6 : 1);
    const putShare = PUT_STACK[e.label] ?? 0;
    const walls = CALL_WALLS[e.label] ?? {};
    const wallShare = Object.values(walls).reduce((a, b) => a + b, 0);
    const background = 1 - putShare - wallShare;
    let norm = 0;
    for (const K of ks) norm += 2 * shape(K);
    // the bought puts: strikes 64k–71k, heavier at 65k and 70k
    const stack = ks.filter((K) => K >= 64000 && K <= 71000);
    const stackW = (K) => (K % 5000 === 0 ? 2 : 1);
    const stackNorm = stack.reduce((a, K) => a + stackW(K), 0);
    for (const K of ks) {
      for (const isCall of [true, false]) {
        let oi = (e.oi * background * shape(K)) / norm;
        // puts outnumber calls below the forward, calls above
        oi *= isCall ? (K >= F ? 1.25 : 0.55) : K < F ? 1.25 : 0.55;
        if (!isCall && stack.includes(K)) oi += (e.oi * putShare * stackW(K)) / stackNorm;
        if (isCall && walls[K] !== undefined) oi += e.oi * walls[K];
        oi *= Math.exp(0.3 * gauss());
        oi = Math.round(oi * 10) / 10;
        if (oi < 0.5 && rand() < 0.5) oi = 0;
        totalOi += oi;
        const m = isCall ? callOi : putOi;
        m.set(K, (m.get(K) ?? 0) + oi);

        const iv = Math.round(smile(e.atm, F, K, T) * 10000) / 100; // percent, 2 dp
        const usd = black76(isCall, F, K, T, iv / 100);
        const mark = Math.max(usd / F, 0);
        const markText = num(mark, 8);
        // quotes: a spread of ~3% of the mark, at least a tick; no bid on the cheapest wings
        const t = tick(mark);
        const half = Math.max(t, roundTo(0.015 * mark, t));
        const bid = roundTo(mark - half, t);
        const ask = roundTo(mark + half, t) || t;
        const hasBid = bid >= t && !(mark < 0.0008 && rand() < 0.6);
        const hasAsk = !(mark < 0.0002 && rand() < 0.3);
        const mid = hasBid && hasAsk ? (bid + ask) / 2 : undefined;
        // trading today: more near the money, none on many wings
        const activity = Math.exp(-0.5 * (Math.log(K / F) / (0.7 * w)) ** 2);
        const traded = rand() < 0.15 + 0.8 * activity;
        const volume = traded ? Math.max(0.1, Math.round(oi * (0.02 + 0.25 * activity) * Math.exp(0.5 * gauss()) * 10) / 10) : 0;
        const last = traded || rand() < 0.5 ? Math.max(t, roundTo(mark * (1 + 0.04 * gauss()), t)) : undefined;
        const low = traded && last !== undefined ? Math.max(t, roundTo(Math.min(last, mark) * (1 - 0.06 * rand()), t)) : undefined;
        const high = traded && last !== undefined ? roundTo(Math.max(last, mark) * (1 + 0.06 * rand()), t) : undefined;
        // sell-off day: puts up, calls down, in percent
        const change = traded ? (isCall ? -1 : 1) * (8 + 25 * rand()) * (0.4 + activity) : undefined;
        rows.push({
          K, expMs, isCall,
          fields: [
            mid === undefined ? "" : num(mid, 5),
            num(volume * mark * F, 2),
            "BTC",
            num(INDEX, 2),
            String(ts),
            "BTC",
            index,
            num(F, 2),
            num(iv, 2),
            num(volume, 1),
            "0.0",
            change === undefined ? "" : num(change, 4),
            num(oi, 1),
            hasAsk ? num(ask, 4) : "",
            hasBid ? num(bid, 4) : "",
            `BTC-${e.label}-${K}-${isCall ? "C" : "P"}`,
            markText,
            last === undefined ? "" : num(last, 4),
            low === undefined ? "" : num(low, 4),
            high === undefined ? "" : num(high, 4),
          ],
        });
        // rows captured within ~0.2 s, like the real dump (the loader warns above 1 s)
        if (rand() < 0.15) ts += 1;
      }
    }
  }
  // the API returns instruments in no particular order; shuffle deterministically like the real dump
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const text = HEADER.join(",") + "\n" + rows.map((r) => r.fields.join(",")).join("\n") + "\n";
  return { text, rows, totalOi, putOi, callOi };
}

/** The story the sample must tell; throws when a change of the assumptions breaks it. */
function checkStory({ rows, totalOi, putOi, callOi }) {
  const fail = (why) => {
    throw new Error(`story check failed: ${why}`);
  };
  const puts = [...putOi].filter(([K]) => K < INDEX);
  const inBand = puts.filter(([K]) => K >= 64000 && K <= 71000).reduce((a, [, v]) => a + v, 0);
  const allPuts = [...putOi.values()].reduce((a, b) => a + b, 0);
  if (!(inBand > 0.5 * allPuts)) fail(`puts 64k–71k hold ${inBand} of ${allPuts} BTC put OI (want > half)`);
  const topCalls = [...callOi].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([K]) => K).sort((a, b) => a - b);
  if (topCalls[0] !== 80000 || topCalls[1] !== 100000) fail(`largest call OI at ${topCalls} (want 80000 and 100000)`);
  const ivs = rows.map((r) => Number(r.fields[8]));
  const atmish = rows.filter((r) => Math.abs(Math.log(r.K / INDEX)) < 0.05).map((r) => Number(r.fields[8]));
  if (!(Math.min(...atmish) >= 45 && Math.max(...atmish) <= 70)) fail(`near-the-money mark_iv ${Math.min(...atmish)}–${Math.max(...atmish)} (want 45–70)`);
  if (!(Math.min(...ivs) > 30 && Math.max(...ivs) < 130)) fail(`mark_iv range ${Math.min(...ivs)}–${Math.max(...ivs)}`);
  if (!(totalOi > 200000 && totalOi < 400000)) fail(`total OI ${totalOi} BTC`);
}

const built = build();
checkStory(built);

if (process.argv.includes("--check")) {
  if (readFileSync(OUT, "utf8") !== built.text) {
    console.error(`${OUT} differs from what the generator writes: run node data/generate_btc_sample.mjs`);
    process.exit(1);
  }
  console.log("btc_deribit_sample_2026-02-04.csv is up to date");
} else {
  writeFileSync(OUT, built.text);
  console.log(`wrote ${built.rows.length} rows, ${Math.round(built.totalOi)} BTC of open interest`);
}
