/**
 * Truncated Taylor arithmetic ("jets") that carries exactly the twelve greeks through a formula.
 *
 * A jet is the Taylor polynomial of a quantity in four variables — L = ln S, σ, T and r — truncated
 * to the twelve monomials
 *
 * | slot | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 |
 * |---|---|---|---|---|---|---|---|---|---|---|---|---|
 * | monomial | 1 | L | L² | L³ | σ | Lσ | L²σ | σ² | T | LT | L²T | r |
 *
 * This set is closed under division (every divisor of a kept monomial is kept), so products and
 * function compositions truncated to it are exact: evaluating the barrier price on jets gives the
 * price and its derivatives ∂_L^k (k ≤ 3), ∂_σ, ∂_σ², ∂_L∂_σ, ∂_L²∂_σ, ∂_T, ∂_L∂_T, ∂_L²∂_T, ∂_r to
 * rounding error — forward-mode automatic differentiation, not finite differences.
 * Slot c holds the Taylor coefficient (derivative / multi-index factorial), e.g. c[2] = V_LL/2.
 *
 * Jets are `Float64Array(12)`. Every operation writes into a caller-given `out` (which may alias an
 * input) and returns it; temporaries come from a fixed module pool ({@link jTmp}, reset by
 * {@link jReset}), so an evaluation allocates nothing.
 *
 * @module
 */
import { INV_SQRT_2PI, normCdf, normPdf } from "./normal.js";
import { logMills, PAIR_NODES, PAIR_WEIGHTS, REFLECTED_SWITCH } from "./barrierTail.js";

/** A truncated Taylor polynomial; see the module table for the slot meanings. */
export type Jet = Float64Array;

/** Number of slots of a jet. */
export const JET_SIZE = 12;
/** Slot of the L = ln S coefficient. */
export const J_L = 1;
/** Slot of the σ coefficient. */
export const J_SIGMA = 4;
/** Slot of the T coefficient. */
export const J_T = 8;
/** Slot of the r coefficient. */
export const J_R = 11;

const POOL_SIZE = 512;
const pool = new Float64Array(POOL_SIZE * JET_SIZE);
const views: Jet[] = Array.from({ length: POOL_SIZE }, (_, i) => pool.subarray(i * JET_SIZE, (i + 1) * JET_SIZE));
let top = 0;

/**
 * Release every pooled temporary (call at the start of an evaluation; jets obtained before are then
 * reused).
 *
 * @example
 * jReset();
 */
export function jReset(): void {
  top = 0;
}

/**
 * A pooled temporary jet (contents unspecified until written). Past the pool's 512 jets a fresh
 * array is allocated, so a long evaluation is slower but never corrupted.
 *
 * @example
 * const t = jConst(1, jTmp());
 */
export function jTmp(): Jet {
  return top < POOL_SIZE ? views[top++] : new Float64Array(JET_SIZE);
}

/**
 * Number of pooled temporaries handed out since the last {@link jReset} (for tests and tuning).
 *
 * @example
 * jReset(); jTmp(); jUsed(); // 1
 */
export function jUsed(): number {
  return top;
}

/** Write a constant (all derivatives 0). @example jConst(2, jTmp())[0]; // 2 */
export function jConst(value: number, out: Jet): Jet {
  out.fill(0);
  out[0] = value;
  return out;
}

/**
 * An independent variable: value plus a unit coefficient in `slot` (J_L, J_SIGMA, J_T or J_R).
 *
 * @example
 * jVar(0.2, J_SIGMA, jTmp())[4]; // 1
 */
export function jVar(value: number, slot: number, out: Jet): Jet {
  jConst(value, out);
  out[slot] = 1;
  return out;
}

/** a + b. @example jAdd(jConst(1, jTmp()), jConst(2, jTmp()), jTmp())[0]; // 3 */
export function jAdd(a: Jet, b: Jet, out: Jet): Jet {
  for (let i = 0; i < JET_SIZE; i++) out[i] = a[i] + b[i];
  return out;
}

/** a − b. @example jSub(jConst(1, jTmp()), jConst(2, jTmp()), jTmp())[0]; // -1 */
export function jSub(a: Jet, b: Jet, out: Jet): Jet {
  for (let i = 0; i < JET_SIZE; i++) out[i] = a[i] - b[i];
  return out;
}

/** c·a for a number c. @example jScale(jConst(3, jTmp()), 2, jTmp())[0]; // 6 */
export function jScale(a: Jet, c: number, out: Jet): Jet {
  for (let i = 0; i < JET_SIZE; i++) out[i] = c * a[i];
  return out;
}

/** a + c·b for a number c (accumulate). @example jAxpy(jConst(1, jTmp()), 2, jConst(3, jTmp()), jTmp())[0]; // 7 */
export function jAxpy(a: Jet, c: number, b: Jet, out: Jet): Jet {
  for (let i = 0; i < JET_SIZE; i++) out[i] = a[i] + c * b[i];
  return out;
}

/** a + c for a number c. @example jAddC(jConst(3, jTmp()), 2, jTmp())[0]; // 5 */
export function jAddC(a: Jet, c: number, out: Jet): Jet {
  if (out !== a) out.set(a);
  out[0] = a[0] + c;
  return out;
}

/**
 * a·b truncated to the twelve monomials (out may alias a or b).
 *
 * @example
 * const L = jVar(1, J_L, jTmp());
 * jMul(L, L, jTmp())[2]; // 1   (L² has coefficient 1 on the L² monomial)
 */
export function jMul(a: Jet, b: Jet, out: Jet): Jet {
  const a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5];
  const a6 = a[6], a7 = a[7], a8 = a[8], a9 = a[9], a10 = a[10], a11 = a[11];
  const b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5];
  const b6 = b[6], b7 = b[7], b8 = b[8], b9 = b[9], b10 = b[10], b11 = b[11];
  out[0] = a0 * b0;
  out[1] = a0 * b1 + a1 * b0;
  out[2] = a0 * b2 + a1 * b1 + a2 * b0;
  out[3] = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
  out[4] = a0 * b4 + a4 * b0;
  out[5] = a0 * b5 + a1 * b4 + a4 * b1 + a5 * b0;
  out[6] = a0 * b6 + a1 * b5 + a2 * b4 + a4 * b2 + a5 * b1 + a6 * b0;
  out[7] = a0 * b7 + a4 * b4 + a7 * b0;
  out[8] = a0 * b8 + a8 * b0;
  out[9] = a0 * b9 + a1 * b8 + a8 * b1 + a9 * b0;
  out[10] = a0 * b10 + a1 * b9 + a2 * b8 + a8 * b2 + a9 * b1 + a10 * b0;
  out[11] = a0 * b11 + a11 * b0;
  return out;
}

/**
 * f(a) for a univariate f given its value and first three derivatives at a[0]:
 * f(a₀ + δ) = f₀ + f₁δ + f₂δ²/2 + f₃δ³/6, with δ², δ³ truncated (only their nonzero slots are
 * formed). Derivatives that are 0 contribute exactly 0, so an underflowed exponential
 * (f₀ = f₁ = f₂ = f₃ = 0) never produces 0·∞. `out` may alias `a`.
 *
 * @example
 * jCompose(jVar(0, J_L, jTmp()), 0, 1, 0, -1, jTmp())[3]; // -0.16666666666666666  (sin L: −L³/6)
 */
export function jCompose(a: Jet, f0: number, f1: number, f2: number, f3: number, out: Jet): Jet {
  const d1 = a[1], d2 = a[2], d4 = a[4], d5 = a[5], d8 = a[8], d9 = a[9];
  if (f1 !== 0) {
    for (let i = 1; i < JET_SIZE; i++) out[i] = f1 * a[i];
  } else {
    out.fill(0);
  }
  out[0] = f0;
  if (f2 !== 0) {
    const h = 0.5 * f2;
    out[2] += h * d1 * d1;
    out[3] += f2 * d1 * d2;
    out[5] += f2 * d1 * d4;
    out[6] += f2 * (d1 * d5 + d2 * d4);
    out[7] += h * d4 * d4;
    out[9] += f2 * d1 * d8;
    out[10] += f2 * (d1 * d9 + d2 * d8);
  }
  if (f3 !== 0) {
    const t = f3 / 6;
    const d1sq = d1 * d1;
    out[3] += t * d1sq * d1;
    out[6] += 0.5 * f3 * d1sq * d4;
    out[10] += 0.5 * f3 * d1sq * d8;
  }
  return out;
}

/** e^a. @example jExp(jVar(0, J_L, jTmp()), jTmp())[3]; // 0.16666666666666666 */
export function jExp(a: Jet, out: Jet): Jet {
  const e = Math.exp(a[0]);
  return jCompose(a, e, e, e, e, out);
}

/** √a (a[0] > 0). @example jSqrt(jVar(4, J_T, jTmp()), jTmp())[8]; // 0.25 */
export function jSqrt(a: Jet, out: Jet): Jet {
  const x = a[0];
  const s = Math.sqrt(x);
  return jCompose(a, s, 0.5 / s, -0.25 / (s * x), 0.375 / (s * x * x), out);
}

/** 1/a (a[0] ≠ 0). @example jRecip(jVar(2, J_R, jTmp()), jTmp())[11]; // -0.25 */
export function jRecip(a: Jet, out: Jet): Jet {
  const r = 1 / a[0];
  const r2 = r * r;
  return jCompose(a, r, -r2, 2 * r2 * r, -6 * r2 * r2, out);
}

/** a/b (b[0] ≠ 0; out may alias a or b). @example jDiv(jConst(1, jTmp()), jConst(4, jTmp()), jTmp())[0]; // 0.25 */
export function jDiv(a: Jet, b: Jet, out: Jet): Jet {
  return jMul(a, jRecip(b, jTmp()), out);
}

/** Φ(a), the standard normal CDF. @example jNormCdf(jVar(0, J_L, jTmp()), jTmp())[1]; // 0.3989422804014327 */
export function jNormCdf(a: Jet, out: Jet): Jet {
  const x = a[0];
  const n = normPdf(x);
  return jCompose(a, normCdf(x), n, -x * n, (x * x - 1) * n, out);
}

const millsScratch = new Float64Array(4);

/**
 * e^E·Φ(x) for jets E, x, evaluated without overflow: directly when x ≥ −5, else as
 * exp(Q + ln R(x))/√(2π) with R the Mills ratio and Q = E − x²/2 supplied by the caller in
 * completed-square form (see `barrierTail.ts`). A term whose value underflows to 0 is the zero jet.
 *
 * @param E - exponent jet
 * @param x - CDF argument jet
 * @param Q - E − x²/2, computed stably (read only when x < −5)
 * @param out - result (must not alias the inputs)
 * @example
 * const x = jVar(-40, J_L, jTmp());
 * jReflected(jConst(0, jTmp()), x, jScale(jMul(x, x, jTmp()), -0.5, jTmp()), jTmp())[0]; // 0 (Φ(−40) underflows)
 */
export function jReflected(E: Jet, x: Jet, Q: Jet, out: Jet): Jet {
  const x0 = x[0];
  if (x0 >= REFLECTED_SWITCH) {
    const e = Math.exp(E[0]);
    if (e === 0) return jConst(0, out);
    return jMul(jCompose(E, e, e, e, e, jTmp()), jNormCdf(x, jTmp()), out);
  }
  if (!(x0 < REFLECTED_SWITCH)) return jConst(NaN, out);
  logMills(x0, millsScratch);
  const value = Math.exp(Q[0]) * millsScratch[0] * INV_SQRT_2PI;
  if (value === 0) return jConst(0, out);
  // exponent deviation Q − Q₀ + ln R(x) − ln R(x₀), zero-valued
  const expo = jCompose(x, 0, millsScratch[1], millsScratch[2], millsScratch[3], jTmp());
  for (let i = 1; i < JET_SIZE; i++) expo[i] += Q[i];
  return jCompose(expo, value, value, value, value, out);
}

/**
 * e^E·[Φ(x + δ) − Φ(x)] for jets x, δ and Q = E − x²/2 (completed square), as
 * (δ/√(2π))·∫₀¹ exp(Q − tδ(x + tδ/2)) dt by the 10-point Gauss–Legendre rule of
 * `reflectedPair` (`barrierTail.ts`): the jet of a difference of two reflected terms that nearly
 * cancel, without cancellation in any slot. For `usePair(x[0], δ[0])`; δ may depend on every
 * variable (for Haug's C − D it has no L-slope but does vary with σ, T).
 *
 * @param x - Φ argument of the second term
 * @param delta - the first term's Φ argument minus the second's
 * @param Q - E − x²/2
 * @param out - result (must not alias the inputs)
 * @example
 * const x = jVar(0, J_L, jTmp());
 * jReflectedPair(x, jConst(1e-8, jTmp()), jScale(jMul(x, x, jTmp()), -0.5, jTmp()), jTmp())[0];
 * // 3.9894228040143275e-9  (Φ(1e-8) − Φ(0))
 */
export function jReflectedPair(x: Jet, delta: Jet, Q: Jet, out: Jet): Jet {
  const u = jTmp(), e = jTmp();
  jConst(0, out);
  for (let i = 0; i < 10; i++) {
    const t = PAIR_NODES[i];
    // Q − tδ(x + tδ/2)
    jMul(delta, jAxpy(x, 0.5 * t, delta, u), u);
    jExp(jAxpy(Q, -t, u, u), e);
    jAxpy(out, PAIR_WEIGHTS[i], e, out);
  }
  jMul(out, delta, out);
  return jScale(out, INV_SQRT_2PI, out);
}
