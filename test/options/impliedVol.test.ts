import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { black76Greeks, bsmGreeks } from "../../src/options/bsm.js";
import { emptyGreeks, type Greeks } from "../../src/options/greeks.js";
import { impliedVol, type ImpliedVolInput } from "../../src/options/impliedVol.js";
import {
  MAX_EVALUATIONS,
  impliedBlackStdDev,
  impliedVolBlack76Kernel,
  impliedVolEvaluations,
  impliedVolKernel,
} from "../../src/options/impliedVolKernel.js";
import { normCdf, normPdf } from "../../src/options/normal.js";

const EPS = Number.EPSILON;
/** Smallest subnormal: the absolute resolution of Φ (and so of each price term) near underflow. */
const TINY = Number.MIN_VALUE;
const REF = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/reference/bs_greeks.json", import.meta.url)), "utf8"),
);

interface RefCase {
  optionType: "call" | "put";
  spot: number;
  strike: number;
  r: number;
  q: number;
  t: number;
  vol: number;
  expected: number;
  tol: number;
}

/**
 * Floating-point resolution δ of a price from `bsmGreeks`, w·(S·e^(−qT)·Φ(w·d1) − K·e^(−rT)·Φ(w·d2)):
 * - each term carries ~2ε relative (exp, product, Φ) and Φ's absolute ulp near underflow;
 * - d1 and d2 = d1 − σ√T share the rounding of d1, which cancels to first order because
 *   S·e^(−qT)·φ(d1) = K·e^(−rT)·φ(d2); the rounding of the subtraction moves the second term by
 *   K·e^(−rT)·φ(d2)·ε·(1 + |d2|);
 * - `carry` is an extra relative error of the forward term: Black-76 prices come from bsmGreeks with
 *   q = r − ln(F/S)/T, whose rounding is ε·(|ln(F/S)| + |rT|).
 * The kernel evaluates the same function to the same resolution, so a price pins σ to about 2δ/vega.
 */
function resolution(w: number, S: number, K: number, T: number, sigma: number, r: number, q: number, carry = 0): number {
  const Sd = S * Math.exp(-q * T);
  const Kd = K * Math.exp(-r * T);
  const sd = sigma * Math.sqrt(T);
  const floor = 2 * TINY * (1 + Sd + Kd);
  if (!(sd > 1e-150)) return 2 * EPS * (Sd + Kd) + floor;
  const d1 = (Math.log(S / K) + (r - q) * T) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const A = Sd * normCdf(w * d1);
  return 2 * EPS * (A * (1 + carry) + Kd * normCdf(w * d2)) + EPS * Kd * normPdf(d2) * (1 + Math.abs(d2)) + floor;
}

/** Discounted bounds exactly as the kernel forms them. */
function bounds(w: number, Sd: number, Kd: number): [number, number] {
  const gap = w * (Sd - Kd);
  return [gap > 0 ? gap : 0, w === 1 ? Sd : Kd];
}

interface Case {
  w: number;
  S: number;
  K: number;
  T: number;
  sigma: number;
  r: number;
  q: number;
}

/**
 * The round-trip contract, for a price computed by `price(σ)` with resolution `res(σ)`:
 * - NaN exactly when the price is outside [intrinsic, bound) as the kernel forms them, 0 when it
 *   equals the intrinsic value;
 * - where the linearization holds (κ = 2δ/vega ≤ 1e-3·σ): |σ̂ − σ| ≤ κ + 4εσ;
 * - where the price determines σ to 1e-8 ("well conditioned": a 1e-8 vol change moves the price by
 *   at least 10·δ, i.e. vega·1e-8·max(1, σ) ≥ 10δ): |σ̂ − σ| ≤ 1e-8·max(1, σ), and relative 1e-8 for
 *   tiny vols where vega·1e-8·σ ≥ 10δ;
 * - elsewhere σ̂ reprices the input to within its resolution: |price(σ̂) − price| ≤ 4·max(δ(σ), δ(σ̂)).
 * Returns which regime the case fell in, for coverage counts.
 */
function checkRoundTrip(
  c: Case,
  vol: number,
  lowerUpper: [number, number],
  priceAt: (sigma: number) => Greeks,
  res: (sigma: number) => number,
): "nan" | "zero" | "well" | "repriced" {
  const g = priceAt(c.sigma);
  const p = g.price;
  const [lo, hi] = lowerUpper;
  const where = JSON.stringify({ ...c, p, vol });
  if (!(p >= lo && p < hi)) {
    expect(vol, where).toBeNaN();
    return "nan";
  }
  if (p === lo) {
    expect(vol, where).toBe(0);
    return "zero";
  }
  expect(vol, where).toBeGreaterThanOrEqual(0);
  const delta = res(c.sigma);
  const kappa = (2 * delta) / g.vega;
  if (kappa <= 1e-3 * c.sigma) {
    expect(Math.abs(vol - c.sigma), where).toBeLessThanOrEqual(kappa + 4 * EPS * c.sigma);
  }
  if (g.vega * 1e-8 * Math.max(1, c.sigma) >= 10 * delta) {
    expect(Math.abs(vol - c.sigma), where).toBeLessThanOrEqual(1e-8 * Math.max(1, c.sigma));
    if (g.vega * 1e-8 * c.sigma >= 10 * delta) {
      expect(Math.abs(vol - c.sigma), where).toBeLessThanOrEqual(1e-8 * c.sigma);
    }
    return "well";
  }
  const repriced = priceAt(vol).price;
  expect(Math.abs(repriced - p), where).toBeLessThanOrEqual(4 * Math.max(delta, res(vol)));
  return "repriced";
}

/** Uniform draw on [lo, hi] (fc.double is uniform in the bit pattern, not in value). */
const uniform = (lo: number, hi: number) => fc.nat({ max: 2 ** 31 - 1 }).map((u) => lo + ((hi - lo) * u) / (2 ** 31 - 1));
/** Log-uniform draw on [lo, hi]. */
const logUniform = (lo: number, hi: number) => uniform(Math.log(lo), Math.log(hi)).map(Math.exp);

/** The wide domain of the contract: vol 1e-4…5, one minute to 30 years, S/K 1e-3…1e3. */
const wideCase = fc.record({
  w: fc.constantFrom(1, -1),
  S: fc.constant(100),
  K: logUniform(1e-3, 1e3).map((m) => 100 / m),
  T: logUniform(1 / 525600, 30),
  sigma: logUniform(1e-4, 5),
  r: uniform(-0.05, 0.15),
  q: uniform(-0.05, 0.15),
});

/**
 * Crypto as the normal case: vol 30–200%, one day to a year, strikes within ×2 of the forward,
 * out-of-the-money quotes as venues list them (an in-the-money price carries the rounding of its
 * intrinsic value; the wide-domain tests cover those).
 */
const cryptoCase = fc
  .record({
    S: logUniform(1e3, 1.5e5),
    K: logUniform(0.5, 2), // moneyness K/F
    T: logUniform(1 / 365, 1),
    sigma: uniform(0.3, 2),
    r: uniform(0, 0.08),
    q: uniform(-0.1, 0.3), // Black-76: forward basis F = S·e^(qT)
  })
  .map((c) => ({ ...c, w: c.K >= 1 ? 1 : -1 }));

describe("impliedBlackStdDev against 60-digit Black prices", () => {
  // w, F, K, s, price (mpmath at 60 digits, correctly rounded), vega ∂price/∂s = F·φ(d1), k, case.
  // A correctly rounded price pins s to ½ε·price/vega; the kernel adds a few ε·s. Tolerance
  // k·ε·(s + price/vega) with k = 8, except where |x|/s ≥ 2.5 and s ≪ 1: there the bracket
  // m(a−t) − m(a+t) is a difference of Mills ratios that cancels by a/2t, and s carries ε·m(a)
  // absolute, the same order as one ulp of ln(K/F) (k = 64).
  const BLACK_REF: Array<[number, number, number, number, number, number, number, string]> = [
    [1, 100, 100, 1.3801311186847086e-7, 5.5059265574105754475e-6, 39.894228040143173, 8, "ATM, 1 minute at 1e-4 vol"],
    [-1, 100, 100.0001, 9.9999999999999995e-7, 0.00010833155916009782955, 24.197096648175461, 8, "near-ATM ITM put, s = 1e-6"],
    [1, 70000, 75000, 0.041873913807217099, 62.95954714122362703, 7437.1340320946527, 8, "crypto: 1 day, 80% vol, 7% OTM call"],
    [-1, 70000, 60000, 0.062810870710825642, 9.3895655996918141914, 1271.7958852422986, 8, "crypto: 1 day, 120% vol, 14% OTM put"],
    [1, 100, 300, 0.050000000000000003, 1.0414118256513851209e-107, 1.0117663987933836e-103, 8, "deep OTM tail, price ~1e-107"],
    [1, 1, 1000, 0.19, 1.6971275015200612364e-290, 1.1833349590410133e-286, 8, "extreme tail, price ~1e-290"],
    [1, 100, 100, 10, 99.999942669685624161, 0.00014867195147342977, 8, "s = 10: price 6e-7 below the forward"],
    [1, 120, 100, 0.29999999999999999, 25.440563467814305991, 35.926291284858597, 8, "ITM call: time value via parity"],
    [-1, 100, 50, 1, 9.530505761837920002, 19.578490801260429, 8, "OTM put, s = 1"],
    [1, 1, 1000, 5, 0.81641617210879989048, 0.21343935171010238, 8, "|x| = 6.9 beyond the inflection point"],
    [-1, 1000, 1, 3.7000000000000002, 0.39241708732657073169, 0.39888490233380441, 8, "put mirror, near s_c = 3.72"],
    [-1, 0.001, 1, 12, 0.99999999994669655405, 1.627997026805716e-10, 8, "deep ITM put 5e-11 below its bound"],
    [1, 100, 100.5, 0.001, 5.72934045040260865e-9, 0.00015861037042120547, 64, "Bachelier regime: a = 5, t = 5e-4"],
  ];
  for (const [w, F, K, s, price, vega, k, name] of BLACK_REF) {
    it(`recovers s to ${k}·ε·(s + price/vega): ${name}`, () => {
      const sHat = impliedBlackStdDev(w, F, K, price);
      expect(Math.abs(sHat - s)).toBeLessThanOrEqual(k * EPS * (s + price / vega));
      expect(impliedVolEvaluations()).toBeLessThanOrEqual(3);
    });
  }

  it("gives the same s for a call and the put at the same strike priced by parity", () => {
    const F = 103.7;
    const K = 97.1;
    for (const s of [1e-6, 0.01, 0.3, 2, 9]) {
      const call = bsmGreeks(1, F, K, 1, s, 0, 0, emptyGreeks()).price;
      const put = call - (F - K); // parity, one rounding
      const sc = impliedBlackStdDev(1, F, K, call);
      const sp = impliedBlackStdDev(-1, F, K, put);
      // both prices resolve s only to ε·F/vega (the intrinsic part is F − K)
      const vega = F * normPdf(Math.log(F / K) / s + s / 2);
      expect(Math.abs(sc - sp), `s=${s}`).toBeLessThanOrEqual((8 * EPS * F) / vega);
    }
  });
});

describe("impliedVolKernel round trips", () => {
  it(`inverts bsmGreeks on all ${REF.haug_values.count} of Haug's cases, and Haug's rounded prices to their tolerance`, () => {
    const g = emptyGreeks();
    for (const c of REF.haug_values.cases as RefCase[]) {
      const w = c.optionType === "call" ? 1 : -1;
      const exact = bsmGreeks(w, c.spot, c.strike, c.t, c.vol, c.r, c.q, g);
      const sigma = impliedVolKernel(w, c.spot, c.strike, c.t, exact.price, c.r, c.q);
      const delta = resolution(w, c.spot, c.strike, c.t, c.vol, c.r, c.q);
      expect(Math.abs(sigma - c.vol), JSON.stringify(c)).toBeLessThanOrEqual((2 * delta) / exact.vega + 4 * EPS * c.vol);
      // the published price is rounded to c.tol: it pins the vol to tol/vega (first order, ×1.01)
      const fromTable = impliedVolKernel(w, c.spot, c.strike, c.t, c.expected, c.r, c.q);
      expect(Math.abs(fromTable - c.vol), JSON.stringify(c)).toBeLessThanOrEqual((1.01 * c.tol) / exact.vega);
    }
  });

  it("Haug: S=60, K=65, T=0.25, r=8%, σ=30% prices the call at 2.1334 and back", () => {
    const g = bsmGreeks(1, 60, 65, 0.25, 0.3, 0.08, 0, emptyGreeks());
    expect(g.price).toBeCloseTo(2.1334, 4);
    expect(Math.abs(impliedVolKernel(1, 60, 65, 0.25, g.price, 0.08, 0) - 0.3)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(impliedVolKernel(1, 60, 65, 0.25, 2.1334, 0.08, 0) - 0.3)).toBeLessThanOrEqual(0.00005 / g.vega);
  });

  it("Haug's Black-76 example (F = K = 19, T = 0.75, r = 10%, σ = 28%: 1.7011) inverts with the forward", () => {
    const g = black76Greeks(-1, 19, 19, 19, 0.75, 0.28, 0.1, emptyGreeks());
    expect(g.price).toBeCloseTo(1.7011, 4);
    expect(Math.abs(impliedVolBlack76Kernel(-1, 19, 19, 0.75, g.price, 0.1) - 0.28)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(impliedVolBlack76Kernel(1, 19, 19, 0.75, 1.7011, 0.1) - 0.28)).toBeLessThanOrEqual(0.00005 / g.vega);
  });

  it("inverts bsmGreeks over vol 1e-4…5, 1 minute…30 years, S/K 1e-3…1e3 with rates and yields", () => {
    const g = emptyGreeks();
    const seen = { nan: 0, zero: 0, well: 0, repriced: 0 };
    fc.assert(
      fc.property(wideCase, (c) => {
        const vol = impliedVolKernel(c.w, c.S, c.K, c.T, bsmGreeks(c.w, c.S, c.K, c.T, c.sigma, c.r, c.q, g).price, c.r, c.q);
        expect(impliedVolEvaluations()).toBeLessThanOrEqual(6);
        const kind = checkRoundTrip(
          c,
          vol,
          bounds(c.w, c.S * Math.exp(-c.q * c.T), c.K * Math.exp(-c.r * c.T)),
          (s) => bsmGreeks(c.w, c.S, c.K, c.T, s, c.r, c.q, g),
          (s) => resolution(c.w, c.S, c.K, c.T, s, c.r, c.q),
        );
        seen[kind]++;
      }),
      { numRuns: 20000 },
    );
    // the wide domain is mostly prices lost to rounding; the test must still have met every regime
    expect(seen.well).toBeGreaterThan(1000);
    expect(seen.repriced).toBeGreaterThan(50);
    expect(seen.zero).toBeGreaterThan(1000);
  });

  it("inverts black76Greeks on quoted forwards over the same domain", () => {
    const g = emptyGreeks();
    let well = 0;
    fc.assert(
      fc.property(wideCase, (c) => {
        const F = c.S * Math.exp(c.q * c.T); // basis from the drawn yield
        const price = black76Greeks(c.w, c.S, F, c.K, c.T, c.sigma, c.r, g).price;
        const vol = impliedVolBlack76Kernel(c.w, F, c.K, c.T, price, c.r);
        const D = Math.exp(-c.r * c.T);
        // black76Greeks runs the BSM kernel with q = r − ln(F/S)/T
        const qImplied = c.r - Math.log(F / c.S) / c.T;
        const carry = Math.abs(Math.log(F / c.S)) + Math.abs(c.r * c.T);
        const kind = checkRoundTrip(
          c,
          vol,
          bounds(c.w, F * D, c.K * D),
          (s) => black76Greeks(c.w, c.S, F, c.K, c.T, s, c.r, g),
          (s) => resolution(c.w, c.S, c.K, c.T, s, c.r, qImplied, carry),
        );
        if (kind === "well") well++;
      }),
      { numRuns: 20000 },
    );
    expect(well).toBeGreaterThan(1000);
  });

  it("crypto chains (30–200% vol, 1 day to 1 year, K/F in ½…2) are the normal case: 1e-8 or better in ≤ 3 evaluations", () => {
    const g = emptyGreeks();
    fc.assert(
      fc.property(cryptoCase, (c) => {
        const F = c.S * Math.exp(c.q * c.T);
        const K = F * c.K; // c.K is drawn as moneyness K/F
        const price = black76Greeks(c.w, c.S, F, K, c.T, c.sigma, c.r, g).price;
        const vega = g.vega;
        const vol = impliedVolBlack76Kernel(c.w, F, K, c.T, price, c.r);
        expect(impliedVolEvaluations()).toBeLessThanOrEqual(3);
        const qImplied = c.r - Math.log(F / c.S) / c.T;
        const carry = Math.abs(Math.log(F / c.S)) + Math.abs(c.r * c.T);
        const res = (s: number) => resolution(c.w, c.S, K, c.T, s, c.r, qImplied, carry);
        if (!(price >= 1e-8 * c.S)) {
          // below any venue's tick (1e-8 of spot): the general contract only
          checkRoundTrip({ ...c, K }, vol, bounds(c.w, F * Math.exp(-c.r * c.T), K * Math.exp(-c.r * c.T)),
            (s) => black76Greeks(c.w, c.S, F, K, c.T, s, c.r, g), res);
          return;
        }
        const delta = res(c.sigma);
        // every quotable price is well conditioned, and recovered to its resolution
        expect(vega * 1e-8 * c.sigma).toBeGreaterThanOrEqual(10 * delta);
        expect(Math.abs(vol - c.sigma)).toBeLessThanOrEqual((2 * delta) / vega + 4 * EPS * c.sigma);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("impliedVolKernel limits and NaN", () => {
  const g = emptyGreeks();

  it("returns 0 for a price equal to the intrinsic value and NaN below it", () => {
    const S = 100;
    const K = 80;
    const T = 0.5;
    const r = 0.03;
    const intrinsic = S - K * Math.exp(-r * T); // the kernel's own discounted intrinsic
    expect(impliedVolKernel(1, S, K, T, intrinsic, r, 0)).toBe(0);
    expect(impliedVolKernel(1, S, K, T, intrinsic * (1 - EPS), r, 0)).toBeNaN();
    expect(impliedVolKernel(-1, S, K, T, 0, r, 0)).toBe(0); // OTM put at zero
    expect(impliedVolKernel(1, S, K, T, bsmGreeks(1, S, K, T, 0, r, 0, g).price, r, 0)).toBe(0); // σ = 0 price
    expect(impliedVolKernel(-1, S, K, T, -1e-300, r, 0)).toBeNaN();
  });

  it("returns NaN at and above the upper bound, a large finite vol just below it", () => {
    const S = 100;
    const K = 100;
    const T = 2;
    const r = 0.05;
    const q = 0.01;
    const Sd = S * Math.exp(-q * T);
    const Kd = K * Math.exp(-r * T);
    expect(impliedVolKernel(1, S, K, T, Sd, r, q)).toBeNaN();
    expect(impliedVolKernel(1, S, K, T, Sd * 1.001, r, q)).toBeNaN();
    expect(impliedVolKernel(-1, S, K, T, Kd, r, q)).toBeNaN();
    expect(impliedVolKernel(1, S, K, T, Infinity, r, q)).toBeNaN();
    const price = Sd * (1 - 1e-9);
    const vol = impliedVolKernel(1, S, K, T, price, r, q);
    expect(vol).toBeGreaterThan(5);
    const repriced = bsmGreeks(1, S, K, T, vol, r, q, g).price;
    expect(Math.abs(repriced - price)).toBeLessThanOrEqual(4 * resolution(1, S, K, T, vol, r, q));
  });

  it("at T = 0 returns 0 for the intrinsic value and NaN otherwise; NaN for T < 0 or T = ∞", () => {
    expect(impliedVolKernel(1, 110, 100, 0, 10, 0.05, 0)).toBe(0);
    expect(impliedVolKernel(-1, 110, 100, 0, 0, 0.05, 0)).toBe(0);
    expect(impliedVolKernel(1, 110, 100, 0, 10.5, 0.05, 0)).toBeNaN();
    expect(impliedVolBlack76Kernel(1, 110, 100, 0, 10, 0.05)).toBe(0);
    expect(impliedVolBlack76Kernel(1, 110, 100, 0, 11, 0.05)).toBeNaN();
    expect(impliedVolKernel(1, 110, 100, -1e-9, 10, 0, 0)).toBeNaN();
    expect(impliedVolKernel(1, 110, 100, Infinity, 10, 0, 0)).toBeNaN();
  });

  it("is NaN for NaN in any argument, non-positive spot, strike or forward, and w ∉ {1, −1}", () => {
    const args = [1, 100, 100, 1, 8, 0.02, 0.01];
    expect(impliedVolKernel(...(args as [number, number, number, number, number, number, number]))).toBeGreaterThan(0);
    for (let i = 0; i < args.length; i++) {
      const a = args.slice() as [number, number, number, number, number, number, number];
      a[i] = NaN;
      expect(impliedVolKernel(...a), `argument ${i}`).toBeNaN();
    }
    expect(impliedVolKernel(0, 100, 100, 1, 8, 0, 0)).toBeNaN();
    expect(impliedVolKernel(1, 0, 100, 1, 8, 0, 0)).toBeNaN();
    expect(impliedVolKernel(1, 100, -100, 1, 8, 0, 0)).toBeNaN();
    expect(impliedVolBlack76Kernel(1, 0, 100, 1, 8, 0)).toBeNaN();
    expect(impliedVolBlack76Kernel(1, 100, 100, 1, NaN, 0)).toBeNaN();
    expect(impliedVolBlack76Kernel(1, 100, 100, 1, 8, NaN)).toBeNaN();
    expect(impliedBlackStdDev(1, Infinity, 100, 8)).toBeNaN();
    expect(impliedBlackStdDev(-1, 100, NaN, 8)).toBeNaN();
  });

  it(`never uses more than ${MAX_EVALUATIONS} evaluations, even on prices one ulp from either bound`, () => {
    fc.assert(
      fc.property(wideCase, fc.constantFrom(-2, -1, 1, 2), (c, ulps) => {
        const Sd = c.S * Math.exp(-c.q * c.T);
        const Kd = c.K * Math.exp(-c.r * c.T);
        const [lo, hi] = bounds(c.w, Sd, Kd);
        const price = ulps > 0 ? lo + ulps * Math.max(lo * EPS, TINY) : hi * (1 + ulps * EPS);
        const vol = impliedVolKernel(c.w, c.S, c.K, c.T, price, c.r, c.q);
        expect(impliedVolEvaluations()).toBeLessThanOrEqual(MAX_EVALUATIONS);
        if (price >= lo && price < hi) expect(vol).toBeGreaterThanOrEqual(0);
        else expect(vol).toBeNaN();
      }),
      { numRuns: 5000 },
    );
  });
});

describe("impliedVol (validated entry point)", () => {
  const base: ImpliedVolInput = { type: "call", price: 10.450583572185565, spot: 100, strike: 100, time: 1, rate: 0.05 };

  it("inverts vanilla for BSM with a yield and for Black-76 on a forward", () => {
    expect(Math.abs(impliedVol(base) - 0.2)).toBeLessThanOrEqual(4 * EPS);
    const put = bsmGreeks(-1, 100, 95, 0.5, 0.2, 0.1, 0.05, emptyGreeks()).price;
    const v = impliedVol({ type: "put", price: put, spot: 100, strike: 95, time: 0.5, rate: 0.1, dividend: 0.05 });
    expect(Math.abs(v - 0.2)).toBeLessThanOrEqual(8 * EPS);
    const fwd = black76Greeks(1, 70000, 70500, 75000, 7 / 365, 0.8, 0.045, emptyGreeks()).price;
    const vf = impliedVol({ type: "call", price: fwd, spot: 70000, forward: 70500, strike: 75000, time: 7 / 365, rate: 0.045 });
    expect(Math.abs(vf - 0.8)).toBeLessThanOrEqual(1e-13);
  });

  it("defaults rate and dividend to 0 and ignores the dividend when a forward is given", () => {
    const p = bsmGreeks(1, 100, 110, 0.25, 0.5, 0, 0, emptyGreeks()).price;
    expect(impliedVol({ type: "call", price: p, spot: 100, strike: 110, time: 0.25 })).toBe(impliedVolKernel(1, 100, 110, 0.25, p, 0, 0));
    const withF = { type: "call" as const, price: p, spot: 100, strike: 110, time: 0.25, forward: 100 };
    expect(impliedVol({ ...withF, dividend: 0.3 })).toBe(impliedVol(withF));
  });

  it("returns 0 at the intrinsic value", () => {
    expect(impliedVol({ type: "put", price: 0, spot: 100, strike: 50, time: 1 })).toBe(0);
  });

  it("throws a RangeError naming each bad field and its value", () => {
    const cases: Array<[Partial<Record<keyof ImpliedVolInput, unknown>>, RegExp]> = [
      [{ type: "straddle" }, /^type must be "call" or "put" \(got "straddle"\)$/],
      [{ price: -1 }, /^price must be ≥ 0 \(got -1\)$/],
      [{ price: NaN }, /^price must be a finite number \(got NaN\)$/],
      [{ price: Infinity }, /^price must be a finite number \(got Infinity\)$/],
      [{ spot: 0 }, /^spot must be > 0 \(got 0\)$/],
      [{ strike: -5 }, /^strike must be > 0 \(got -5\)$/],
      [{ time: 0 }, /^time must be > 0 \(got 0\)$/],
      [{ time: undefined }, /^time must be a finite number \(got undefined\)$/],
      [{ rate: NaN }, /^rate must be a finite number \(got NaN\)$/],
      [{ dividend: Infinity }, /^dividend must be a finite number \(got Infinity\)$/],
      [{ forward: 0 }, /^forward must be > 0 \(got 0\)$/],
    ];
    for (const [patch, message] of cases) {
      const bad = { ...base, ...patch } as ImpliedVolInput;
      expect(() => impliedVol(bad), JSON.stringify(patch)).toThrow(RangeError);
      expect(() => impliedVol(bad), JSON.stringify(patch)).toThrow(message);
    }
  });

  it("throws a RangeError naming price and both bounds outside them", () => {
    // call: intrinsic 100 − 100·e^(−0.05) = 4.877…, bound the forward discounted at the yield: 100
    expect(() => impliedVol({ ...base, price: 4 })).toThrow(
      /^price must be ≥ the discounted intrinsic value 4\.877\d+ and < the discounted forward 100 for a call \(got 4\)$/,
    );
    expect(() => impliedVol({ ...base, price: 100 })).toThrow(/< the discounted forward 100 for a call \(got 100\)$/);
    expect(() => impliedVol({ ...base, type: "put", price: 96 })).toThrow(
      /^price must be ≥ the discounted intrinsic value 0 and < the discounted strike 95\.12\d+ for a put \(got 96\)$/,
    );
    expect(() => impliedVol({ ...base, forward: 120, price: 115 })).toThrow(RangeError);
  });
});
