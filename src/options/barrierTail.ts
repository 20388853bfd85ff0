/**
 * Reflected-term evaluation for the Reiner–Rubinstein barrier formulas, without overflow.
 *
 * Every term of the closed forms has the shape τ = e^E·Φ(x), with E and x linear in L = ln S and
 * E − x²/2 = Q a quadratic in L that stays bounded (each term is a probability by the reflection
 * principle). As σ → 0 the factor e^E = (H/S)^{2μ} overflows while Φ(x) underflows (QuantLib's
 * low-volatility failure). We therefore evaluate
 *
 * - for x ≥ −5: τ = e^E·Φ(x) directly (Φ(x) ≥ 2.9e-7, so e^E ≤ τ/2.9e-7 is bounded too);
 * - for x < −5: τ = e^Q·R(x)/√(2π), with R(x) = Φ(x)/φ(x) the Mills ratio, whose logarithm and its
 *   derivatives come from {@link logMills}; Q is computed by the caller in completed-square form.
 *
 * Log-derivatives in L are analytic: with g₁ = (ln τ)_L and g₂ = (ln τ)_LL,
 * τ_L = τ·g₁ and τ_LL = τ·(g₁² + g₂).
 *
 * @module
 */
import { INV_SQRT_2PI, normCdf, normPdf } from "./normal.js";

/**
 * Mills ratio R(x) = Φ(x)/φ(x) and the derivatives ψ = (ln R)', ψ', ψ'' for x ≤ 0, written into
 * `out[0..3]`.
 *
 * For −5 < x ≤ 0 they come from Φ and φ (ψ = φ/Φ + x, ψ' = 1 − (φ/Φ)·ψ, ψ'' = (φ/Φ)(ψ² − ψ')), where
 * the k-th derivative loses up to a factor (1 + x²)^k to cancellation (the barrier kernels only call
 * this below −5).
 * From −5 down, Laplace's continued fraction R(−u) = 1/(u + 1/(u + 2/(u + 3/(u + …)))) is evaluated
 * bottom-up (depth 34 at u = 5 down to 10 beyond u = 30: enough for R, ψ, ψ', ψ'' to be within 8 ulp
 * of 80-digit values, the derivatives needing more depth than R itself), and ψ, ψ', ψ'' are formed from its partial denominators c_k = u + k/c_{k+1} without cancellation:
 * ψ = 1/c₂, ψ' = (c₂(c₂ − u) − 1)/c₂², ψ'' = (u + 1/c₂)(2u + 18/c₄ − 16/c₅)/(c₂²c₃²c₄).
 *
 * Never throws; NaN in gives NaN out; x > 0 is outside the contract (values are still finite for
 * x < 37).
 *
 * @param x - standard score, ≤ 0
 * @param out - at least 4 slots: R, ψ, ψ', ψ''
 * @example
 * const m = new Float64Array(4);
 * logMills(-10, m);
 * m[0]; // 0.09902859647173193  (Φ(−10)/φ(−10))
 */
export function logMills(x: number, out: Float64Array): void {
  if (!(x > -5)) {
    if (x !== x) {
      out[0] = out[1] = out[2] = out[3] = NaN;
      return;
    }
    const u = -x;
    const depth = u < 6 ? 34 : u < 7 ? 28 : u < 8 ? 24 : u < 10 ? 21 : u < 12 ? 18 : u < 15 ? 16 : u < 20 ? 14 : u < 30 ? 12 : 10;
    let c = u;
    for (let k = depth; k > 5; k--) c = u + k / c;
    const c5 = u + 5 / c;
    const c4 = u + 4 / c5;
    const c3 = u + 3 / c4;
    const rho2 = 2 / c3;
    const c2 = u + rho2;
    const psi = 1 / c2;
    const invR = u + psi;
    const c2sq = c2 * c2;
    out[0] = 1 / invR;
    out[1] = psi;
    out[2] = (c2 * rho2 - 1) / c2sq;
    out[3] = (invR * (2 * u + 18 / c4 - 16 / c5)) / (c2sq * c3 * c3 * c4);
    return;
  }
  const N = normCdf(x);
  const n = normPdf(x);
  const invR = n / N;
  const psi = invR + x;
  const dpsi = 1 - invR * psi;
  out[0] = N / n;
  out[1] = psi;
  out[2] = dpsi;
  out[3] = invR * (psi * psi - dpsi);
}

const mills = new Float64Array(4);

/** Below this Φ argument a reflected term switches to the completed-square Mills-ratio form. */
export const REFLECTED_SWITCH = -5;

/**
 * Value and first two L-derivatives of a plain term τ = Φ(x), x linear in L with slope xL, written
 * into `out[0..2]` = [τ, τ_L, τ_LL]. Allocation-free, never throws.
 *
 * @param x - argument of Φ
 * @param xL - dx/dL
 * @param out - three slots
 * @example
 * const o = new Float64Array(3);
 * plainTerm(1, 1, o); // o = [Φ(1), φ(1), −φ(1)] = [0.841344746068543, 0.24197072451914337, -0.24197072451914337]
 */
export function plainTerm(x: number, xL: number, out: Float64Array): void {
  const N = normCdf(x);
  if (N === 0 || N !== N) {
    out[0] = out[1] = out[2] = N;
    return;
  }
  const n = normPdf(x);
  const t1 = xL * n; // τ·g₁ with g₁ = xL·φ/Φ
  out[0] = N;
  out[1] = t1;
  out[2] = -t1 * xL * x; // τ·(g₁² + g₂) = −xL²·x·φ
}

/**
 * Value and first two L-derivatives of one reflected term τ = e^E·Φ(x), written into
 * `out[0..2]` = [τ, τ_L, τ_LL]. Allocation-free (module scratch), never throws.
 *
 * For x ≥ −5 the direct form is used (Φ(x) ≥ 2.9e-7 keeps e^E bounded); below, the
 * completed-square form e^Q·R(x)/√(2π), where the (possibly huge) exponent E and −x²/2 have already
 * cancelled analytically in Q.
 *
 * @param E - exponent of the reflection factor
 * @param x - argument of Φ
 * @param Q - E − x²/2 in completed-square form (used when x < −5)
 * @param eL - dE/dL (constant: E is linear in L)
 * @param xL - dx/dL (constant)
 * @param QL - dQ/dL at this point
 * @param QLL - d²Q/dL² (constant)
 * @param out - three slots
 * @example
 * const o = new Float64Array(3);
 * reflectedTerm(0, 1, -0.5, 0, 1, -1, -1, o); // plain Φ(L) at L = 1
 * o; // [0.841344746068543, 0.24197072451914334, -0.24197072451914337] = [Φ(1), φ(1), −φ(1)]
 */
export function reflectedTerm(
  E: number, x: number, Q: number, eL: number, xL: number, QL: number, QLL: number, out: Float64Array,
): void {
  let tau: number;
  let g1: number;
  let g2: number;
  if (x >= REFLECTED_SWITCH) {
    const N = normCdf(x);
    tau = Math.exp(E) * N;
    const invR = normPdf(x) / N;
    g1 = eL + xL * invR;
    g2 = -xL * xL * invR * (x + invR);
  } else if (x < REFLECTED_SWITCH) {
    logMills(x, mills);
    tau = Math.exp(Q) * mills[0] * INV_SQRT_2PI;
    g1 = QL + xL * mills[1];
    g2 = QLL + xL * xL * mills[2];
  } else {
    out[0] = out[1] = out[2] = NaN;
    return;
  }
  if (tau === 0) {
    // 0·(finite) — the log-derivatives may be huge but the term is exactly negligible
    out[0] = out[1] = out[2] = 0;
    return;
  }
  const t1 = tau * g1;
  out[0] = tau;
  out[1] = t1;
  out[2] = t1 * g1 + tau * g2;
}
