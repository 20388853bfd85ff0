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
 * Two such terms with the same E and nearby arguments (Haug's C − D with the strike near the level)
 * cancel, and so do their L-derivatives, which as σ → 0 are (2|g|/σ²)^n times the terms: their
 * difference is evaluated as one term by {@link reflectedPair}, a quadrature of the positive
 * density between the two arguments.
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

/** Gauss–Legendre nodes on [0, 1] (10 points) for {@link reflectedPair}. */
export const PAIR_NODES = new Float64Array([
  0.01304673574141414, 0.06746831665550775, 0.1602952158504878, 0.2833023029353764, 0.4255628305091844,
  0.5744371694908156, 0.7166976970646236, 0.8397047841495122, 0.9325316833444922, 0.9869532642585859,
]);
/** Gauss–Legendre weights on [0, 1] matching {@link PAIR_NODES} (they sum to 1). */
export const PAIR_WEIGHTS = new Float64Array([
  0.03333567215434407, 0.0747256745752903, 0.10954318125799102, 0.13463335965499817, 0.14776211235737644,
  0.14776211235737644, 0.13463335965499817, 0.10954318125799102, 0.0747256745752903, 0.03333567215434407,
]);

/**
 * Whether two reflected terms e^E·Φ(x + δ) and e^E·Φ(x) that enter with opposite signs are taken as
 * one term by {@link reflectedPair}: when |δ|·(|x| + |δ|) ≤ 1. There Φ(x + δ) − Φ(x) is a small part of
 * either term (a strike within about σ√T of the level), and their separate L-derivatives — each up to
 * (2|g|/σ² + 1/(σ√T))² times the term as σ → 0 — cancel to leave it. Outside, unless both
 * arguments are > 0, Φ(x + δ) − Φ(x) is at least 0.347 of the larger Φ (scanned over x ∈ [−40, 3]),
 * so the direct difference loses under 2 bits; with both > 0 the two Φ are near 1 and the caller
 * takes complements instead (`cdPair` in `barrierKernel.ts`). Inside, the quadrature's integrand
 * e^{−tδ(x + tδ/2)} varies by at most a factor e over t ∈ [0, 1], where the 10-point rule is exact
 * to 5e-16 relative (mpmath, value and both weighted moments).
 *
 * @param x - Φ argument of the second term
 * @param delta - the first term's argument minus the second's
 * @example
 * usePair(-3, 1e-7); // true
 */
export function usePair(x: number, delta: number): boolean {
  const d = Math.abs(delta);
  return d * (Math.abs(x) + d) <= 1;
}

/**
 * Value and first two L-derivatives of the difference of two reflected terms with the same exponent
 * E and Φ arguments δ apart, τ = e^E·[Φ(x + δ) − Φ(x)], written into `out[0..2]` = [τ, τ_L, τ_LL],
 * for δ independent of L (Haug's C − D: δ = η·ln(H/K)/(σ√T)). Evaluated without cancellation as
 * τ = (δ/√(2π))·∫₀¹ exp(Q − tδ(x + tδ/2)) dt with Q = E − x²/2 (completed square, as for
 * {@link reflectedTerm}), by 10-point Gauss–Legendre; the integrand is positive, so the derivatives
 * ∫ f·Q_t' and ∫ f·(Q_t'² + Q'') carry no cancellation between the two terms either. Meant for
 * {@link usePair}(x, δ); allocation-free, never throws.
 *
 * @param x - Φ argument of the second term
 * @param delta - the first term's Φ argument minus the second's (constant in L)
 * @param Q - E − x²/2 in completed-square form
 * @param xL - dx/dL (constant)
 * @param QL - dQ/dL at this point
 * @param QLL - d²Q/dL² (constant)
 * @param out - three slots
 * @example
 * const o = new Float64Array(3);
 * reflectedPair(0, 1e-8, 0, 1, 0, -1, o);
 * o[0]; // 3.9894228040143275e-9  (Φ(1e-8) − Φ(0) to 16 digits; the direct difference keeps 8)
 */
export function reflectedPair(
  x: number, delta: number, Q: number, xL: number, QL: number, QLL: number, out: Float64Array,
): void {
  let s0 = 0, s1 = 0, s2 = 0;
  for (let i = 0; i < 10; i++) {
    const t = PAIR_NODES[i] * delta;
    const f = PAIR_WEIGHTS[i] * Math.exp(Q - t * (x + 0.5 * t));
    const gL = QL - t * xL;
    s0 += f;
    s1 += f * gL;
    s2 += f * (gL * gL + QLL);
  }
  const c = delta * INV_SQRT_2PI;
  out[0] = c * s0;
  out[1] = c * s1;
  out[2] = c * s2;
}
