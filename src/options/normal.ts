/**
 * Standard normal density and distribution function, accurate in the tails.
 *
 * The complementary error function is the FreeBSD/fdlibm `s_erf.c` algorithm (Sun Microsystems,
 * 1993; the same rational approximations as `@stdlib/math-base-special-erfc`), rewritten with
 * `Math.exp` and an arithmetic split instead of bit twiddling so that V8 inlines it into hot loops.
 *
 * `normCdf` does not evaluate `½·erfc(−x/√2)` naively: rounding `x/√2` costs a relative error of
 * about x²·ε in the tail (3.5e-15 at −8σ). Instead the Gaussian factor exp(−x²/2) is formed from
 * an exactly representable split of x, so Φ(x) keeps ~1e-15 relative accuracy down to underflow
 * (x ≈ −38.5). A ½(1 + erf) formula, as in jStat, returns 0 below about −8.3σ.
 *
 * @module
 */

const SQRT1_2 = Math.SQRT1_2;
/** 1/√(2π). */
export const INV_SQRT_2PI = 0.3989422804014327;

const ERX = 8.45062911510467529297e-1;
const TWO16 = 65536;

/** erfc on [0, 0.84375) and erf-based branch; arguments are the fdlibm ones. */
function erfcSmall(x: number): number {
  // |x| < 0.84375: erfc(x) = 1 − erf(x), erf(x) = x + x·P(x²)/Q(x²)
  const z = x * x;
  const r =
    1.28379167095512558561e-1 +
    z * (-0.3250421072470015 + z * (-0.02848174957559851 + z * (-0.005770270296489442 + z * -0.000023763016656650163)));
  const s =
    1.0 +
    z * (0.39791722395915535 + z * (0.0650222499887673 + z * (0.005081306281875766 + z * (0.00013249473800432164 + z * -0.000003960228278775368))));
  const y = r / s;
  if (x < 0.25) return 1.0 - (x + x * y);
  return 0.5 - (x * y + (x - 0.5));
}

/** erfc on 0.84375 ≤ |x| < 1.25 (x signed). */
function erfcMid(x: number): number {
  const ax = x < 0 ? -x : x;
  const s = ax - 1.0;
  const p =
    -2.36211856075265944077e-3 +
    s * (0.41485611868374833 + s * (-0.3722078760357013 + s * (0.31834661990116175 + s * (-0.11089469428239668 + s * (0.035478304325618236 + s * -0.002166375594868791)))));
  const q =
    1.0 +
    s * (0.10642088040084423 + s * (0.540397917702171 + s * (0.07182865441419627 + s * (0.12617121980876164 + s * (0.01363708391202905 + s * 0.011984499846799107)))));
  return x < 0 ? 1.0 + ERX + p / q : 1.0 - ERX - p / q;
}

/** The rational part R/S of the tail formula erfc(a) = exp(−a² − 0.5625 + R/S) / a, a in [1.25, 28). */
function tailRational(a: number): number {
  const s = 1.0 / (a * a);
  let r: number;
  let q: number;
  if (a < 2.857142857142857) {
    r = -9.86494403484714822705e-3 +
      s * (-0.6938585727071818 + s * (-10.558626225323291 + s * (-62.375332450326006 + s * (-162.39666946257347 + s * (-184.60509290671104 + s * (-81.2874355063066 + s * -9.814329344169145))))));
    q = 1.0 +
      s * (19.651271667439257 + s * (137.65775414351904 + s * (434.56587747522923 + s * (645.3872717332679 + s * (429.00814002756783 + s * (108.63500554177944 + s * (6.570249770319282 + s * -0.0604244152148581)))))));
  } else {
    r = -9.86494292470009928597e-3 +
      s * (-0.799283237680523 + s * (-17.757954917754752 + s * (-160.63638485582192 + s * (-637.5664433683896 + s * (-1025.0951316110772 + s * -483.5191916086514)))));
    q = 1.0 +
      s * (30.33806074348246 + s * (325.7925129965739 + s * (1536.729586084437 + s * (3199.8582195085955 + s * (2553.0504064331644 + s * (474.52854120695537 + s * -22.44095244658582))))));
  }
  return r / q;
}

/**
 * Complementary error function erfc(x) = 2/√π ∫ₓ^∞ e^(−t²) dt, to within about one ulp.
 *
 * NaN in, NaN out; erfc(+∞) = 0, erfc(−∞) = 2. Relative accuracy holds into the far right tail
 * (erfc(26) ≈ 5.7e-296 to 1e-15 relative).
 *
 * @param x - any real number
 * @returns erfc(x) in [0, 2]
 * @example
 * erfc(0);   // 1
 * erfc(1);   // 0.15729920705028513
 * erfc(10);  // 2.088487583762545e-45
 */
export function erfc(x: number): number {
  if (x !== x) return NaN;
  const ax = x < 0 ? -x : x;
  if (ax < 0.84375) return erfcSmall(x);
  if (ax < 1.25) return erfcMid(x);
  if (ax < 28) {
    if (x < -6) return 2.0;
    // split ax so that zh² is exact: zh has at most 21 significant bits
    const zh = Math.round(ax * TWO16) / TWO16;
    const t = (Math.exp(-zh * zh - 0.5625) * Math.exp((zh - ax) * (zh + ax) + tailRational(ax))) / ax;
    return x < 0 ? 2.0 - t : t;
  }
  return x < 0 ? 2.0 : 0.0;
}

/**
 * Standard normal probability density φ(x) = exp(−x²/2)/√(2π).
 *
 * The exponent is formed from an exact split of x, so the relative error stays at a few ulps for
 * |x| up to 38 (a plain `Math.exp(-x*x/2)` loses about x²·ε).
 *
 * @param x - standard score
 * @returns density, 1/σ units of a unit normal
 * @example
 * normPdf(0);  // 0.3989422804014327
 * normPdf(1);  // 0.24197072451914337
 */
export function normPdf(x: number): number {
  const ax = x < 0 ? -x : x;
  if (!(ax < 40)) return ax === ax ? 0 : NaN;
  const xh = Math.round(ax * TWO16) / TWO16;
  return INV_SQRT_2PI * Math.exp(-0.5 * xh * xh) * Math.exp(-0.5 * (ax - xh) * (ax + xh));
}

/**
 * Standard normal cumulative distribution Φ(x), accurate to ~1e-15 relative in the lower tail.
 *
 * Uses erfc with an exact split of x² (see the module note), so Φ(−10) = 7.619853024160527e-24 and
 * Φ(−37) = 5.725571222524e-300 come out to within a few ulps; Φ(x) underflows to 0 below x ≈ −38.5.
 * For x > 0 the result is 1 − Φ(−x) (absolute accuracy ~1e-16). NaN in, NaN out.
 *
 * @param x - standard score
 * @returns probability in [0, 1]
 * @example
 * normCdf(0);    // 0.5
 * normCdf(-8);   // 6.22096057427178e-16
 * normCdf(1.96); // 0.9750021048517795
 */
export function normCdf(x: number): number {
  if (x !== x) return NaN;
  const z = -x * SQRT1_2; // Φ(x) = ½ erfc(z)
  const az = z < 0 ? -z : z;
  if (az < 0.84375) return 0.5 * erfcSmall(z);
  if (az < 1.25) return 0.5 * erfcMid(z);
  if (az < 28) {
    // tail: ½ erfc(|z|) = ½ exp(−x²/2 − 0.5625 + R/S(|z|)) / |z|, with x²/2 from an exact split of |x|
    const ax = x < 0 ? -x : x;
    const xh = Math.round(ax * TWO16) / TWO16;
    const t = (0.5 * Math.exp(-0.5 * xh * xh - 0.5625) * Math.exp(-0.5 * (ax - xh) * (ax + xh) + tailRational(az))) / az;
    return x < 0 ? t : 1.0 - t;
  }
  return x < 0 ? 0.0 : 1.0;
}
