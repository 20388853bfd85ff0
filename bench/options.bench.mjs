// Option-math throughput, each figure beside a baseline measured in the same process:
//   (a) vanilla price + 12 greeks: the library's allocation-free BSM kernel vs the same formulas
//       on jStat's normal cdf/pdf (note: jStat's cdf is ½·erfc-based via erf and loses relative
//       accuracy in the far tail, returning 0 below about −8.3σ; it is a speed baseline only);
//   (b) barrier price + delta + gamma (continuous down-and-in put, crypto-scale inputs) vs (a);
//   (c) implied vol: the library's solver vs bisection on jStat's BSM price.
// Each rate is the median of several repetitions (per CPU second) after a warm-up; every result is summed
// into a checksum that is printed, so the JIT cannot drop the work.
// Run with `npm run bench` (builds dist/ first).
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import jstatPkg from "jstat";

const jStat = jstatPkg.jStat ?? jstatPkg;
const DIST = new URL("../dist/options/", import.meta.url);
if (!existsSync(fileURLToPath(DIST))) {
  console.error("dist/options missing: run `npm run build` (npm run bench builds first)");
  process.exit(1);
}
const lib = async (name) => import(new URL(`${name}.js`, DIST).href);

const TARGETS = { vanilla: 5e6, barrier: 1e6 };
const WARMUP_MS = 300;
const SAMPLE_MS = 150;
const SAMPLES = 7;
let sink = 0;

/**
 * Process CPU seconds (user + system). Rates are per CPU second rather than per wall second, so a
 * busy machine (other jobs on the same cores) slows the figures less; the process is single-threaded
 * apart from V8's GC and compiler helpers, whose time is counted too.
 */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Median evaluations per CPU second of `pass()`, which performs `perPass` evaluations and returns a number. */
function measure(pass, perPass) {
  let t0 = performance.now();
  let calls = 0;
  while (performance.now() - t0 < WARMUP_MS) {
    sink += pass();
    calls++;
  }
  const callsPerSample = Math.max(1, Math.round((calls * SAMPLE_MS) / WARMUP_MS));
  const rates = [];
  for (let s = 0; s < SAMPLES; s++) {
    const c0 = cpuSeconds();
    for (let c = 0; c < callsPerSample; c++) sink += pass();
    rates.push((callsPerSample * perPass) / (cpuSeconds() - c0));
  }
  rates.sort((a, b) => a - b);
  return rates[SAMPLES >> 1];
}

const fmt = (rate) => `${(rate / 1e6).toFixed(2)} M evals/s`;
const ratio = (rate, base) => `(ratio ${(rate / base).toFixed(2)}× baseline)`;
function line(label, rate, base, target) {
  const verdict = target === undefined ? "" : `  target ≥ ${target / 1e6}M/s: ${rate >= target ? "MET" : "MISSED"}`;
  console.log(`${label.padEnd(44)} ${fmt(rate).padStart(16)} ${base === undefined ? "" : ratio(rate, base)}${verdict}`);
}

// ---- inputs: N varied contracts, BTC-scale --------------------------------------------------
const N = 4096;
const W = new Float64Array(N), S = new Float64Array(N), K = new Float64Array(N), T = new Float64Array(N);
const V = new Float64Array(N), R = new Float64Array(N), Q = new Float64Array(N);
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let i = 0; i < N; i++) {
  W[i] = i % 2 === 0 ? 1 : -1;
  S[i] = 60000 + 40000 * rand();
  K[i] = S[i] * (0.7 + 0.6 * rand());
  T[i] = (1 + 364 * rand()) / 365;
  V[i] = 0.3 + 0.7 * rand();
  R[i] = 0.04 * rand();
  Q[i] = 0.02 * rand();
}

// ---- (a) vanilla full greeks -----------------------------------------------------------------
const { bsmGreeks } = await lib("bsm");
const { vanilla } = await lib("vanilla");
const { emptyGreeks } = await lib("greeks");
const out = emptyGreeks();
const sumGreeks = (g) => g.price + g.delta + g.gamma + g.vega + g.theta + g.rho + g.vanna + g.charm + g.volga + g.speed + g.zomma + g.color;

/** The same BSM price and twelve greeks on jStat's normal cdf/pdf (the baseline). */
function jstatGreeks(w, S, K, T, sigma, r, q, o) {
  const sqrtT = Math.sqrt(T), sd = sigma * sqrtT, b = r - q;
  const dq = Math.exp(-q * T), dr = Math.exp(-r * T);
  const d1 = (Math.log(S / K) + b * T) / sd + 0.5 * sd, d2 = d1 - sd;
  const nd1 = jStat.normal.pdf(d1, 0, 1);
  const Nwd1 = jStat.normal.cdf(w * d1, 0, 1), Nwd2 = jStat.normal.cdf(w * d2, 0, 1);
  const Sdq = S * dq, Kdr = K * dr;
  const gamma = (dq * nd1) / (S * sd), vega = Sdq * nd1 * sqrtT, dd1dT = b / sd - d2 / (2 * T);
  o.price = w * (Sdq * Nwd1 - Kdr * Nwd2);
  o.delta = w * dq * Nwd1;
  o.gamma = gamma;
  o.vega = vega;
  o.theta = (-Sdq * nd1 * sigma) / (2 * sqrtT) + w * (q * Sdq * Nwd1 - r * Kdr * Nwd2);
  o.rho = w * K * T * dr * Nwd2;
  o.vanna = (-dq * nd1 * d2) / sigma;
  o.charm = w * q * dq * Nwd1 - dq * nd1 * dd1dT;
  o.volga = (vega * d1 * d2) / sigma;
  o.speed = (-gamma / S) * (d1 / sd + 1);
  o.zomma = (gamma * (d1 * d2 - 1)) / sigma;
  o.color = gamma * (q + 1 / (2 * T) + d1 * dd1dT);
  return o;
}

// the two must agree before their speed is compared
for (let i = 0; i < N; i++) {
  const a = bsmGreeks(W[i], S[i], K[i], T[i], V[i], R[i], Q[i], emptyGreeks()).price;
  const b = jstatGreeks(W[i], S[i], K[i], T[i], V[i], R[i], Q[i], emptyGreeks()).price;
  if (!(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a)))) throw new Error(`baseline disagrees at ${i}: ${a} vs ${b}`);
}

console.log(`inputs: ${N} BTC-scale contracts (spot 60k–100k, strike 0.7–1.3×, 1–365 days, vol 30–100%), node ${process.version}`);
console.log("\n(a) vanilla: price + 12 greeks");
const baseVanilla = measure(() => {
  let acc = 0;
  for (let i = 0; i < N; i++) acc += sumGreeks(jstatGreeks(W[i], S[i], K[i], T[i], V[i], R[i], Q[i], out));
  return acc;
}, N);
const libVanilla = measure(() => {
  let acc = 0;
  for (let i = 0; i < N; i++) acc += sumGreeks(bsmGreeks(W[i], S[i], K[i], T[i], V[i], R[i], Q[i], out));
  return acc;
}, N);
const apiVanilla = measure(() => {
  let acc = 0;
  for (let i = 0; i < N; i++) {
    acc += sumGreeks(vanilla({ type: W[i] > 0 ? "call" : "put", spot: S[i], strike: K[i], time: T[i], vol: V[i], rate: R[i], dividend: Q[i] }));
  }
  return acc;
}, N);
line("baseline: same formulas on jStat", baseVanilla);
line("library kernel bsmGreeks (into a record)", libVanilla, baseVanilla, TARGETS.vanilla);
line("library vanilla() (validated, allocates)", apiVanilla, baseVanilla);

// ---- (b) barrier price + delta + gamma --------------------------------------------------------
console.log("\n(b) barrier: price + delta + gamma, continuous down-and-in put");
const HB = new Float64Array(N);
for (let i = 0; i < N; i++) HB[i] = Math.min(S[i], K[i]) * (0.75 + 0.2 * rand());
const barrierBench = await findBarrierKernel();
if (barrierBench === undefined) {
  console.log("no barrier module in dist/options yet: skipped");
} else {
  const rate = measure(barrierBench.pass, N);
  line(`library ${barrierBench.name}`, rate, libVanilla, TARGETS.barrier);
  console.log("  (baseline: the library's vanilla full-greek rate from (a))");
}

/**
 * The fastest barrier entry point available: an exported allocation-free price/delta/gamma kernel
 * if the barrier modules provide one, else the validated `barrier()`.
 */
async function findBarrierKernel() {
  const modules = readdirSync(fileURLToPath(DIST)).filter((f) => /^barrier.*\.js$/.test(f)).map((f) => f.slice(0, -3))
    .sort((a, b) => Number(b.includes("Kernel")) - Number(a.includes("Kernel")) || a.localeCompare(b));
  for (const name of modules) {
    const m = await lib(name);
    if (typeof m.barrierPriceDeltaGamma === "function") {
      // (code, w, S, K, H, rebate, T, sigma, r, q, monitor, out, offset); DOWN_IN = 0, DOWN_OUT = 1
      const kernel = m.barrierPriceDeltaGamma;
      const buf = new Float64Array(3);
      // in + out = vanilla before timing, so the figure is for correct work
      const { vanillaPriceDeltaGamma } = await lib("barrierVanilla");
      const vin = new Float64Array(3), vout = new Float64Array(3), van = new Float64Array(3);
      for (let i = 0; i < N; i++) {
        kernel(0, -1, S[i], K[i], HB[i], 0, T[i], V[i], R[i], Q[i], 0, vin, 0);
        kernel(1, -1, S[i], K[i], HB[i], 0, T[i], V[i], R[i], Q[i], 0, vout, 0);
        vanillaPriceDeltaGamma(-1, S[i], K[i], T[i], V[i], R[i], Q[i], van, 0);
        if (!(Math.abs(vin[0] + vout[0] - van[0]) <= 1e-9 * Math.max(1, van[0]))) {
          throw new Error(`barrier kernel: in + out ≠ vanilla at ${i}: ${vin[0]} + ${vout[0]} vs ${van[0]}`);
        }
      }
      return {
        name: `${name}.barrierPriceDeltaGamma`,
        pass: () => {
          let acc = 0;
          for (let i = 0; i < N; i++) {
            kernel(0, -1, S[i], K[i], HB[i], 0, T[i], V[i], R[i], Q[i], 0, buf, 0);
            acc += buf[0] + buf[1] + buf[2];
          }
          return acc;
        },
      };
    }
  }
  if (!modules.includes("barrier")) return undefined;
  const { barrier } = await lib("barrier");
  return {
    name: "barrier() (validated, full greeks; TODO: use the kernel)",
    pass: () => {
      let acc = 0;
      for (let i = 0; i < N; i++) {
        const g = barrier({ type: "put", barrier: "down-in", level: HB[i], spot: S[i], strike: K[i], time: T[i], vol: V[i], rate: R[i], dividend: Q[i] });
        acc += g.price + g.delta + g.gamma;
      }
      return acc;
    },
  };
}

// ---- (d) exact discrete monitoring --------------------------------------------------------------
console.log("\n(d) exact discrete engine: daily down-and-in put, price + delta + gamma per note valuation");
const TARGET_EXACT = 1e4;
{
  const { discreteBarrierGreeks } = await lib("discreteBarrier");
  const { barrierPriceDeltaGamma } = await lib("barrierKernel");
  const NOTES = 64;
  /** Notes where the switch rule picks the exact engine: spot within 4 σ√Δt of a 55–80% barrier. */
  const book = (mLo, mHi) => Array.from({ length: NOTES }, () => {
    const m = Math.round(mLo + (mHi - mLo) * rand()), vol = 0.3 + 0.6 * rand(), H = 100 * (0.55 + 0.25 * rand());
    const dt = 1 / 252, spot = H * Math.exp(4 * rand() * vol * Math.sqrt(dt));
    return { m, vol, H, spot, times: Array.from({ length: m }, (_, i) => (i + 1) * dt) };
  });
  const g = emptyGreeks(), buf = new Float64Array(3);
  const exactPass = (b, opts) => () => {
    let acc = 0;
    for (const n of b) {
      discreteBarrierGreeks(0, -1, n.spot, 100, n.H, n.times, n.vol, 0, 0, g, opts);
      acc += g.price + g.delta + g.gamma;
    }
    return acc;
  };
  const bgkPass = (b) => () => {
    let acc = 0;
    for (const n of b) {
      barrierPriceDeltaGamma(0, -1, n.spot, 100, n.H, 0, n.m / 252, n.vol, 0, 0, 1 / 252, buf, 0);
      acc += buf[0] + buf[1] + buf[2];
    }
    return acc;
  };
  const cases = [
    ["5–40 closes left (the rule's 'few closes')", book(5, 40), true],
    ["41–120 closes left, near the barrier", book(41, 120), false],
    ["121–260 closes left, near the barrier", book(121, 260), false],
  ];
  const rate = (r) => `${(r / 1e3).toFixed(2)} k/s`.padStart(12);
  for (const [label, b, targeted] of cases) {
    const bgk = measure(bgkPass(b), NOTES);
    const exact = measure(exactPass(b, { bumps: "none" }), NOTES);
    const verdict = targeted ? `  target ≥ ${TARGET_EXACT / 1e3}k/s: ${exact >= TARGET_EXACT ? "MET" : "MISSED"}` : "";
    console.log(`${label.padEnd(44)} exact ${rate(exact)} (ratio ${(exact / bgk).toExponential(2)}× BGK's ${rate(bgk).trim()})${verdict}`);
  }
  const few = cases[0][1];
  const withVanna = measure(exactPass(few, { bumps: "vol" }), NOTES);
  console.log(`${"  5–40 closes, with vega and vanna (σ bumps)".padEnd(44)} exact ${rate(withVanna)} (what \`gexray notes\` computes per note: three inductions)`);
  const tail = book(121, 260);
  const tailRate = measure(exactPass(tail, { bumps: "none", exactSteps: 8 }), NOTES);
  console.log(`${"  same, next 8 closes exact + BGK tail".padEnd(44)} ${rate(tailRate)} (not used by notes: its tail leaves up to 2% on the unwind)`);
}

// ---- (c) implied vol ----------------------------------------------------------------------------
console.log("\n(c) implied vol from a BSM price");
const P = new Float64Array(N);
for (let i = 0; i < N; i++) P[i] = bsmGreeks(W[i], S[i], K[i], T[i], V[i], R[i], Q[i], out).price;

function jstatPrice(w, S, K, T, sigma, r, q) {
  const sd = sigma * Math.sqrt(T);
  const d1 = (Math.log(S / K) + (r - q) * T) / sd + 0.5 * sd;
  return w * (S * Math.exp(-q * T) * jStat.normal.cdf(w * d1, 0, 1) - K * Math.exp(-r * T) * jStat.normal.cdf(w * (d1 - sd), 0, 1));
}
/** Baseline: bisection on [1e-6, 5] to a vol tolerance of 1e-10 (about 36 price evaluations). */
function bisectionIv(w, S, K, T, price, r, q) {
  let lo = 1e-6, hi = 5;
  while (hi - lo > 1e-10) {
    const mid = 0.5 * (lo + hi);
    if (jstatPrice(w, S, K, T, mid, r, q) > price) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

const ivModules = readdirSync(fileURLToPath(DIST)).filter((f) => /^impliedVol.*\.js$/.test(f));
const ivKernel = ivModules.includes("impliedVolKernel.js") ? (await lib("impliedVolKernel")).impliedVolKernel : undefined;
const ivApi = ivModules.includes("impliedVol.js") ? (await lib("impliedVol")).impliedVol : undefined;
// accuracy over the contracts whose price carries a time value above rounding (deep in-the-money
// short-dated ones have none left, and any vol reproduces their price)
let worst = 0;
let illPosed = 0;
if (ivKernel) {
  for (let i = 0; i < N; i++) {
    const intrinsic = Math.max(W[i] * (S[i] * Math.exp(-Q[i] * T[i]) - K[i] * Math.exp(-R[i] * T[i])), 0);
    if (P[i] - intrinsic <= 1e-8 * P[i]) {
      illPosed++;
      continue;
    }
    worst = Math.max(worst, Math.abs(ivKernel(W[i], S[i], K[i], T[i], P[i], R[i], Q[i]) - V[i]));
  }
}
const baseIv = measure(() => {
  let acc = 0;
  for (let i = 0; i < N; i += 8) acc += bisectionIv(W[i], S[i], K[i], T[i], P[i], R[i], Q[i]);
  return acc;
}, N / 8);
line("baseline: bisection on jStat (tol 1e-10)", baseIv);
if (ivKernel) {
  const rate = measure(() => {
    let acc = 0;
    for (let i = 0; i < N; i++) acc += ivKernel(W[i], S[i], K[i], T[i], P[i], R[i], Q[i]);
    return acc;
  }, N);
  line("library impliedVolKernel", rate, baseIv);
  console.log(`  (largest |σ_solved − σ_true|: ${worst.toExponential(2)} over ${N - illPosed} inputs; ${illPosed} with time value < 1e-8 of price left out)`);
}
if (ivApi) {
  const rate = measure(() => {
    let acc = 0;
    for (let i = 0; i < N; i++) {
      acc += ivApi({ type: W[i] > 0 ? "call" : "put", price: P[i], spot: S[i], strike: K[i], time: T[i], rate: R[i], dividend: Q[i] });
    }
    return acc;
  }, N);
  line("library impliedVol() (validated)", rate, baseIv);
}
if (!ivKernel && !ivApi) console.log("no implied-vol module in dist/options yet: skipped");

console.log(`\nchecksum ${sink.toPrecision(6)} (printed so the work cannot be optimized away)`);
