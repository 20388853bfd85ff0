/**
 * Implied volatility kernels: Black / Black–Scholes–Merton prices back to σ, without throwing.
 *
 * ## Formulation
 *
 * Black's formula is homogeneous of degree one in (forward, strike, price), so a discounted price
 * against the discounted forward F = S·e^(−qT) and strike K·e^(−rT) is the same problem as the
 * undiscounted one. The in-the-money option is first turned into the out-of-the-money one by
 * put–call parity (its time value, not the intrinsic value, carries the information), and an
 * out-of-the-money put on (F, K) is the out-of-the-money call on (K, F). What is left is one
 * function of the total standard deviation s = σ√T, with x = ln(F/K) ≤ 0, a = −x/s, t = s/2:
 *
 *     πL(s) = call/F = φ(a−t)·[m(a−t) − m(a+t)]          (fraction of the upper bound F)
 *     πU(s) = 1 − πL = φ(a−t)·[m(t−a) + m(t+a)]
 *     dπL/ds = φ(a−t)                                     (normalized vega)
 *
 * where m(u) = Φ(−u)/φ(u) is Mills' ratio (√(π/2)·erfcx(u/√2), Cody's rational approximations).
 * Both lines are the normalized Black function of Jäckel, "Let's Be Rational" (Wilmott, 2015),
 * written with the Gaussian factor pulled out so that nothing underflows: ln πL is formed as
 * −(a−t)²/2 − ln√(2π) + ln[m(a−t) − m(a+t)], and for small t the bracket is summed as a Taylor
 * series in t (m⁽ᵏ⁺¹⁾ = a·m⁽ᵏ⁾ + k·m⁽ᵏ⁻¹⁾), where the difference would cancel.
 *
 * ## Iteration
 *
 * Below half the bound the objective is ln πL(s) − ln πL*, above it ln πU* − ln πU(s): log-price
 * objectives, close to quadratic in 1/s in the low wing and in s in the high wing, with analytic
 * derivatives (d ln φ(a−t)/ds = (a² − t²)/s). Householder's third-order step (quartic
 * convergence) is taken on them inside a bracket that every evaluation narrows; a step that
 * leaves the bracket is replaced by bisection. The iteration stops after a Householder step below
 * 1e-6·s (the error left is ~(1e-6)⁴) or a Newton step below 1e-10·s, and never runs more than
 * {@link MAX_EVALUATIONS} evaluations.
 *
 * Initial guesses, on either side of the inflection point s_c = √(2|x|) where πL(s_c) = πc:
 * below it the Bachelier limit πL ≈ e^(|x|/2)·s·φ(a)·ν(a), ν(a) = 1 − a·m(a), solved for a with
 * 1/ν ≈ 1 + √(π/2)·a + a² (within 4% for |x| ≤ 1); above it s = −2Φ⁻¹(πU/(1−πc)·Φ(−√(|x|/2))),
 * exact at s_c and for x = 0 (the form of Jäckel's upper-branch map), within 8%, with
 * s ≈ √(2π)(β + |x|/2) below 0.1 and the tangent at s_c where a guess falls on the wrong side. Two evaluations (four Mills ratios)
 * suffice almost everywhere, three at most over the tested domain.
 *
 * ## Accuracy
 *
 * Mills' ratio is good to ~2 ulps, and ln πL, ln πU to a few ulps, so s comes out to a few
 * ε·(s + price/vega): 1e-15 relative for ordinary quotes, and the price of a quote reprices to its
 * floating-point resolution where the time value is lost. Where |x|/s ≥ 2.5 and s ≪ 1 the bracket
 * m(a−t) − m(a+t) cancels by a/2t; s then carries ε·m(a) absolute, the order of one ulp of ln(K/F).
 *
 * @module
 */
import { normPdf } from "./normal.js";

const SQRT1_2 = Math.SQRT1_2;
/** √(π/2) = m(0). */
const SQRT_PI_OVER_2 = 1.2533141373155003;
/** 1/√π. */
const INV_SQRT_PI = 0.5641895835477563;
/** ln √(2π). */
const LN_SQRT_2PI = 0.9189385332046728;
/** √(2π). */
const SQRT_2PI = 2.5066282746310002;

/** Hard cap on objective evaluations per implied volatility (a typical call uses 2, the tested domain at most 3). */
export const MAX_EVALUATIONS = 64;
/** A Householder step smaller than this, relative, ends the iteration (the next error is ~(1e-6)⁴). */
const TOL_HOUSEHOLDER = 1e-6;
/** A plain Newton step smaller than this ends the iteration (the next error is ~(1e-10)²). */
const TOL_NEWTON = 1e-10;
/** Taylor summation of m(a−t) − m(a+t) for t below this (and a below {@link TAYLOR_A}). */
const TAYLOR_T = 0.2;
const TAYLOR_A = 2.5;

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
// as in netlib SPECFUN CALERF (erfcx branch): coefficients of the three intervals.
const A0 = 3.16112374387056560e0, A1 = 1.13864154151050156e2, A2 = 3.77485237685302021e2, A3 = 3.20937758913846947e3;
const A4 = 1.85777706184603153e-1;
const B0 = 2.36012909523441209e1, B1 = 2.44024637934444173e2, B2 = 1.28261652607737228e3, B3 = 2.84423683343917062e3;
const C0 = 5.64188496988670089e-1, C1 = 8.88314979438837594e0, C2 = 6.61191906371416295e1, C3 = 2.98635138197400131e2;
const C4 = 8.81952221241769090e2, C5 = 1.71204761263407058e3, C6 = 2.05107837782607147e3, C7 = 1.23033935479799725e3;
const C8 = 2.15311535474403846e-8;
const D0 = 1.57449261107098347e1, D1 = 1.17693950891312499e2, D2 = 5.37181101862009858e2, D3 = 1.62138957456669019e3;
const D4 = 3.29079923573345963e3, D5 = 4.36261909014324716e3, D6 = 3.43936767414372164e3, D7 = 1.23033935480374942e3;
const P0 = 3.05326634961232344e-1, P1 = 3.60344899949804439e-1, P2 = 1.25781726111229246e-1, P3 = 1.60837851487422766e-2;
const P4 = 6.58749161529837803e-4, P5 = 1.63153871373020978e-2;
const Q0 = 2.56852019228982242e0, Q1 = 1.87295284992346047e0, Q2 = 5.27905102951428412e-1, Q3 = 6.05183413124413191e-2;
const Q4 = 2.33520497626869185e-3;

/** Scaled complementary error function erfcx(y) = e^(y²)·erfc(y) (Cody), to a few ulps. */
function erfcx(y: number): number {
  if (y < -0.46875) return 2 * Math.exp(y * y) - erfcx(-y);
  if (y < 0.46875) {
    const z = y * y;
    const erf = (y * ((((A4 * z + A0) * z + A1) * z + A2) * z + A3)) / ((((z + B0) * z + B1) * z + B2) * z + B3);
    return Math.exp(z) * (1 - erf);
  }
  if (y <= 4) {
    const num = ((((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7);
    const den = ((((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7);
    return num / den;
  }
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return (INV_SQRT_PI - (z * num) / den) / y;
}

/** Mills' ratio m(u) = Φ(−u)/φ(u) = √(π/2)·erfcx(u/√2). */
function mills(u: number): number {
  return SQRT_PI_OVER_2 * erfcx(u * SQRT1_2);
}

/**
 * m(a−t) − m(a+t), a ≥ 0, t ≥ 0: the normalized Black call over its vega, b/b'. For small a and t
 * it is summed as −2 Σ t^k/k!·m⁽ᵏ⁾(a) over odd k (valid for either sign of a − t: m is entire),
 * where the direct difference would cancel.
 */
function millsDiff(a: number, t: number): number {
  if (t < TAYLOR_T && a < TAYLOR_A) {
    const m0 = mills(a);
    let mPrev = m0;
    let mk = a * m0 - 1; // m'(a)
    const t2 = t * t;
    let term = t;
    let sum = term * mk;
    // odd orders up to 17: the omitted term is below 1e-17 of the first for t < 0.2, a < 2.5
    for (let k = 1; k < 17; k += 2) {
      const mk1 = a * mk + k * mPrev;
      const mk2 = a * mk1 + (k + 1) * mk;
      mPrev = mk1;
      mk = mk2;
      term *= t2 / ((k + 1) * (k + 2));
      sum += term * mk;
    }
    return -2 * sum;
  }
  return mills(a - t) - mills(a + t);
}

/**
 * Inverse normal from the log of a lower-tail probability p ≤ ½: Abramowitz & Stegun 26.2.23
 * (absolute error < 4.5e-4), used only for the initial guess. Returns −Φ⁻¹(p) ≥ 0.
 */
function negInvNormFromLog(lnP: number): number {
  if (!(lnP < -0.6931471805599453)) return 0;
  const u = Math.sqrt(-2 * lnP);
  return u - (2.515517 + u * (0.802853 + u * 0.010328)) / (1 + u * (1.432788 + u * (0.189269 + u * 0.001308)));
}

// Objective f and f', f''/f', f'''/f' of the last evaluation, kept in a typed array so that the
// writes stay unboxed (a module-level `let` holding a double may allocate a heap number per write).
const OBJ = new Float64Array(4);
const F_VAL = 0;
const F_D1 = 1;
const F_H2 = 2;
const F_H3 = 3;
let evaluations = 0;

/** Lower objective f(s) = ln πL(s) − lnTarget and f', f''/f', f'''/f'. */
function evalLower(s: number, ax: number, lnTarget: number): void {
  const a = ax / s;
  const t = 0.5 * s;
  const u = a - t;
  const b2 = ((a - t) * (a + t)) / s; // (ln φ(a−t))'
  const as = a / s;
  const b3 = b2 * b2 - 3 * as * as - 0.25; // φ(a−t)''' / φ(a−t)' style ratio
  let d1: number;
  if (u >= 0 || (t < TAYLOR_T && a < TAYLOR_A)) {
    const r = millsDiff(a, t);
    if (!(r > 0)) {
      // time value lost to rounding: far below any representable target
      OBJ[F_VAL] = -Infinity;
      OBJ[F_D1] = OBJ[F_H2] = OBJ[F_H3] = NaN;
      return;
    }
    OBJ[F_VAL] = -0.5 * u * u - LN_SQRT_2PI + Math.log(r) - lnTarget;
    d1 = 1 / r;
  } else {
    const piU = normPdf(u) * (mills(-u) + mills(t + a));
    const piL = 1 - piU;
    if (!(piL > 0)) {
      OBJ[F_VAL] = Infinity;
      OBJ[F_D1] = OBJ[F_H2] = OBJ[F_H3] = NaN;
      return;
    }
    OBJ[F_VAL] = Math.log(piL) - lnTarget;
    d1 = normPdf(u) / piL;
  }
  OBJ[F_D1] = d1;
  OBJ[F_H2] = b2 - d1;
  OBJ[F_H3] = b3 - 3 * b2 * d1 + 2 * d1 * d1;
}

/** Upper objective f(s) = lnTarget − ln πU(s) and f', f''/f', f'''/f'. */
function evalUpper(s: number, ax: number, lnTarget: number): void {
  const a = ax / s;
  const t = 0.5 * s;
  const u = t - a;
  const b2 = ((a - t) * (a + t)) / s;
  const as = a / s;
  const b3 = b2 * b2 - 3 * as * as - 0.25;
  let d1: number;
  if (u >= 0) {
    const q = mills(u) + mills(t + a);
    OBJ[F_VAL] = lnTarget + 0.5 * u * u + LN_SQRT_2PI - Math.log(q);
    d1 = 1 / q;
  } else {
    const phi = normPdf(u);
    const piL = phi * millsDiff(a, t);
    OBJ[F_VAL] = lnTarget - Math.log1p(-piL);
    d1 = phi / (1 - piL);
  }
  OBJ[F_D1] = d1;
  OBJ[F_H2] = b2 + d1;
  OBJ[F_H3] = b3 + 3 * b2 * d1 + 2 * d1 * d1;
}

/**
 * Initial guess below the inflection point. For small t, πL(s) ≈ e^(|x|/2)·s·φ(a)·ν(a) with
 * ν(a) = 1 − a·m(a) (the Bachelier limit), so with s = |x|/a the root solves
 * H(a) = a²/2 + ln a − ln ν(a) = |x|/2 + ln|x| − ln√(2π) − ln πL. With 1/ν(a) ≈ 1 + √(π/2)·a + a²
 * (exact slope at 0, leading order at ∞) two Newton steps give s within 4% for |x| ≤ 1 and 20%
 * up to |x| = 10, without evaluating erfcx.
 */
function lowerGuess(ax: number, lnPiL: number): number {
  const target = 0.5 * ax + Math.log(ax) - LN_SQRT_2PI - lnPiL;
  let a = target > 0 ? Math.sqrt(2 * target) : Math.exp(target);
  for (let i = 0; i < 2; i++) {
    const p = 1 + a * (SQRT_PI_OVER_2 + a);
    const h = 0.5 * a * a + Math.log(a * p) - target;
    const d = -h / (a * a + 1 + (a * (SQRT_PI_OVER_2 + 2 * a)) / p); // Newton step in ln a
    a = d > 2 ? 3 * a : d < -0.75 ? 0.25 * a : a * (1 + d);
  }
  return ax / a;
}

/**
 * Total implied standard deviation s = σ√T of an out-of-the-money call on forward fc with strike
 * fc·e^(ax) ≥ fc, from its price pOtm and its distance to the upper bound cT = fc − pOtm (passed
 * separately: each is formed without cancellation from the quote).
 */
function solveOtm(ax: number, fc: number, pOtm: number, cT: number): number {
  const piL = pOtm / fc;
  const lnPiL = piL > 1e-300 ? Math.log(piL) : Math.log(pOtm) - Math.log(fc);
  let lnPiU = 0;
  if (piL > 0.5) {
    const piU = cT / fc;
    lnPiU = piU > 1e-300 ? Math.log(piU) : Math.log(cT) - Math.log(fc);
  }
  // inflection point s_c = √(2|x|) and πc = πL(s_c) = ½ − m(√(2|x|))/√(2π)
  const sc = Math.sqrt(2 * ax);
  const piC = 0.5 - mills(sc) / SQRT_2PI;
  let lo: number;
  let hi: number;
  let s: number;
  if (sc > 0 && piL <= piC) {
    lo = 0;
    hi = sc;
    s = lowerGuess(ax, lnPiL);
  } else {
    lo = sc;
    hi = Infinity;
    const tc = 0.5 * sc;
    // ln Φ(−t_c) = −t_c²/2 − ln√(2π) + ln m(t_c); πU/(1 − πc) = (1 − πL)/(1 − πc)
    const lnRatio = piL > 0.5 ? lnPiU - Math.log1p(-piC) : Math.log1p(-piL) - Math.log1p(-piC);
    s = 2 * negInvNormFromLog(lnRatio - 0.5 * tc * tc - LN_SQRT_2PI + Math.log(mills(tc)));
    if (!(s > 0.1)) s = SQRT_2PI * (piL * Math.exp(-0.5 * ax) + 0.5 * ax);
  }
  if (!(s > lo && s < hi)) {
    // a guess on the wrong side of s_c: the tangent at s_c, where dπL/ds = φ(0), is better there
    s = sc + SQRT_2PI * (piL - piC);
    if (!(s > lo && s < hi)) s = hi < Infinity ? 0.5 * hi : 2 * lo + 1;
  }

  const lower = piL <= 0.5;
  const lnTarget = lower ? lnPiL : lnPiU;
  for (let n = 1; n <= MAX_EVALUATIONS; n++) {
    evaluations = n;
    if (lower) evalLower(s, ax, lnTarget);
    else evalUpper(s, ax, lnTarget);
    const f = OBJ[F_VAL];
    if (f === 0) return s;
    if (f < 0) lo = s;
    else if (f > 0) hi = s;
    else return s; // NaN objective: cannot happen for valid inputs; stop rather than loop
    const nu = -f / OBJ[F_D1];
    const h2 = OBJ[F_H2];
    let step = nu * ((1 + 0.5 * h2 * nu) / (1 + nu * (h2 + (OBJ[F_H3] * nu) / 6)));
    let tol = TOL_HOUSEHOLDER;
    if (!(step * nu > 0) || !Number.isFinite(step)) {
      step = nu;
      tol = TOL_NEWTON;
    }
    const next = s + step;
    if (Math.abs(step) <= tol * s) return next >= lo && next <= hi ? next : s;
    if (next > lo && next < hi) {
      s = next;
    } else if (hi === Infinity) {
      s = 2 * lo;
    } else if (lo === 0) {
      s = 0.0625 * hi;
    } else {
      s = hi > 4 * lo ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
      if (!(s > lo && s < hi)) return s; // bracket down to adjacent doubles
    }
  }
  return s;
}

/**
 * Total implied standard deviation s = σ√T in Black's model from a price on a forward, without
 * throwing: the s with price = w·[F·Φ(w·d₁) − K·Φ(w·d₂)], d₁,₂ = ln(F/K)/s ± s/2.
 *
 * F, K and price may all be discounted by the same factor (Black's formula is homogeneous), so a
 * discounted premium goes with the discounted forward and strike. Method: see the module note.
 *
 * Limits: price equal to the intrinsic value max(w·(F − K), 0) gives 0; price below it, at or above
 * the upper bound (F for a call, K for a put), non-finite inputs, F or K ≤ 0, or w ∉ {1, −1} give NaN.
 *
 * @param w - +1 call, −1 put
 * @param F - forward (or discounted forward), currency per unit, > 0
 * @param K - strike (or discounted strike), same units, > 0
 * @param price - option price in the same units as F and K, ≥ 0
 * @returns s = σ√T, decimal (NaN when no volatility reproduces the price)
 * @example
 * impliedBlackStdDev(1, 100, 100, 7.965567455405804); // 0.2000000000000002
 * impliedBlackStdDev(-1, 100, 120, 19); // NaN (below the intrinsic value 20)
 */
export function impliedBlackStdDev(w: number, F: number, K: number, price: number): number {
  evaluations = 0;
  if (!(F > 0 && F < Infinity) || !(K > 0 && K < Infinity) || !(price >= 0) || (w !== 1 && w !== -1)) return NaN;
  const bound = w === 1 ? F : K;
  if (!(price < bound)) return NaN;
  const gap = w * (F - K);
  const intrinsic = gap > 0 ? gap : 0;
  if (price < intrinsic) return NaN;
  if (price === intrinsic) return 0;
  // out-of-the-money option, as a call on (fc, kc) with fc ≤ kc
  const pOtm = price - intrinsic;
  const callOtm = F <= K;
  const fc = callOtm ? F : K;
  const kc = callOtm ? K : F;
  const cT = bound - price; // = fc − pOtm, formed from the quoted price without cancellation
  if (!(cT > 0)) return NaN;
  const ax = Math.log1p((kc - fc) / fc); // kc − fc is exact near the money: |x| keeps full relative precision
  return solveOtm(ax, fc, pOtm, cT);
}

/**
 * Black–Scholes–Merton implied volatility, without throwing: the σ with
 * bsmGreeks(w, S, K, T, σ, r, q).price = price, for the NaN-tolerant loops of the data layer.
 *
 * Works on the discounted forward S·e^(−qT) and strike K·e^(−rT) with
 * {@link impliedBlackStdDev}; σ = s/√T. Bounds: discounted intrinsic ≤ price < S·e^(−qT) (call)
 * or K·e^(−rT) (put). At T = 0 the result is 0 if price equals max(w·(S − K), 0), else NaN.
 * NaN in (or T < 0, S or K ≤ 0) gives NaN out.
 *
 * @param w - +1 call, −1 put
 * @param S - spot, currency per unit, > 0
 * @param K - strike, currency per unit, > 0
 * @param T - years to expiry, ≥ 0
 * @param price - option premium, currency per unit of underlying
 * @param r - continuous risk-free rate, decimal per year
 * @param q - continuous dividend yield, decimal per year
 * @returns σ, decimal per √year (NaN when no volatility reproduces the price)
 * @example
 * impliedVolKernel(1, 100, 100, 1, 10.450583572185565, 0.05, 0); // 0.20000000000000004
 * impliedVolKernel(1, 60, 65, 0.25, 2.1334, 0.08, 0); // 0.30000277980343887 (Haug's 4-decimal price)
 */
export function impliedVolKernel(w: number, S: number, K: number, T: number, price: number, r: number, q: number): number {
  if (!(T >= 0) || T === Infinity) {
    evaluations = 0;
    return NaN;
  }
  if (T === 0) {
    evaluations = 0;
    const gap = w * (S - K);
    return S > 0 && K > 0 && price === (gap > 0 ? gap : 0) ? 0 : NaN;
  }
  const s = impliedBlackStdDev(w, S * Math.exp(-q * T), K * Math.exp(-r * T), price);
  return s / Math.sqrt(T);
}

/**
 * Black-76 implied volatility on a quoted forward, without throwing: the σ with
 * black76Greeks(w, S, F, K, T, σ, r).price = price (discount e^(−rT) on the forward and strike).
 *
 * Same limits as {@link impliedVolKernel} with bounds D·max(w(F − K), 0) ≤ price < D·F (call) or
 * D·K (put), D = e^(−rT); at T = 0, 0 if price = max(w(F − K), 0), else NaN.
 *
 * @param w - +1 call, −1 put
 * @param F - forward for the expiry, > 0
 * @param K - strike, > 0
 * @param T - years to expiry, ≥ 0
 * @param price - option premium (discounted), currency per unit
 * @param r - discount rate, decimal per year
 * @returns σ, decimal per √year, or NaN
 * @example
 * impliedVolBlack76Kernel(-1, 70500, 65000, 7 / 365, 1011.7629846316067, 0); // 0.8000000000000003
 */
export function impliedVolBlack76Kernel(w: number, F: number, K: number, T: number, price: number, r: number): number {
  if (!(T >= 0) || T === Infinity) {
    evaluations = 0;
    return NaN;
  }
  if (T === 0) {
    evaluations = 0;
    const gap = w * (F - K);
    return F > 0 && K > 0 && price === (gap > 0 ? gap : 0) ? 0 : NaN;
  }
  const D = Math.exp(-r * T);
  const s = impliedBlackStdDev(w, F * D, K * D, price);
  return s / Math.sqrt(T);
}

/**
 * Diagnostic: objective evaluations (each two Mills ratios) used by the most recent kernel call;
 * 0 when it returned without iterating (NaN, intrinsic value). Never more than {@link MAX_EVALUATIONS}.
 *
 * @example
 * impliedVolKernel(1, 100, 100, 1, 10.450583572185565, 0.05, 0);
 * impliedVolEvaluations(); // 2
 */
export function impliedVolEvaluations(): number {
  return evaluations;
}
