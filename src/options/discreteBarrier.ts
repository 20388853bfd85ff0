/**
 * Exact prices and greeks of discretely monitored single-barrier options: the barrier is checked
 * only on given observation dates, the last of which is the expiry (the payoff's date).
 *
 * Method: backward induction on the observation dates. Between two dates the log price moves by
 * an exact Gaussian (Black–Scholes–Merton with continuous r and q), so the value on the alive side
 * of the barrier at one date is the discounted Gaussian integral of the value at the next date over
 * the alive side ({@link gaussMoments}): a knock-out is worth 0 where it is knocked out at a date
 * (touching counts). The integral from the expiry back to the last date but one is taken in closed
 * form from the payoff (so the strike's kink never meets the grid); every other one by product
 * integration on a uniform grid in z = ±ln(S/H) that starts exactly at the barrier, the value
 * interpolated linearly between nodes and the Gaussian integrated exactly over each cell
 * (`gaussCells.ts`). That error is O(h²) with a smooth expansion, so two grids (cells h and h/2) are
 * Richardson-extrapolated: (4·V_{h/2} − V_h)/3, O(h⁴). At the default cell h = 0.7 of the smallest
 * σ√Δt between dates, measured against cells of 0.25 (barriers 55–85% of the strike, vol 30–90%,
 * 5–250 daily dates, spot 0–10 σ√Δt above the barrier): within 1e-4 of the strike on the price and
 * 2.5e-3 on the delta everywhere; next to the barrier (≤ 3 σ√Δt, ≤ 40 dates) within 4e-4 relative on
 * the price, 6e-4 on the delta and 1e-2 on the gamma; the error falls like h⁴ with the cell
 * (`test/options/discreteBarrier.test.ts`; `cellFactor` refines it).
 *
 * The step from now to the first date is evaluated at the spot itself (the same exact integral of
 * the interpolant), together with its first four derivatives in ln S: delta, gamma and speed follow
 * from them, and theta, charm and color from the backward equation V_τ = μV_z + ½σ²V_zz − rV that
 * this last step satisfies exactly. Vega, vanna, volga and zomma are central differences in σ and
 * rho in r on the same grids (the grid is held fixed, so the discretization error is smooth in the
 * bumped input), at relative bumps of 1e-4 and absolute 1e-5.
 *
 * Knock-ins are the vanilla (to the last date) minus the knock-out. A single date is the final-date
 * barrier of `barrierFinal.ts` (closed form). Rebates are not supported (0).
 *
 * `exactSteps` k < m truncates the induction: the value at the k-th date is then the
 * Broadie–Glasserman–Kou price of the remaining dates (continuous formula at the shifted level,
 * Δt = their mean spacing), and only the next k dates are exact. BGK's error is concentrated next
 * to the barrier and in the dates close to now; after k dates the value averages it away (measured
 * in `test/options/discreteBarrier.test.ts`; the notes module states the rule it uses).
 *
 * @module
 */
import { barrierGreeks } from "./barrierGreeks.js";
import { barrierPriceDeltaGamma } from "./barrierKernel.js";
import { barrierCode, type BarrierKind, DOWN_IN, DOWN_OUT, MONITOR_FINAL, UP_IN, UP_OUT } from "./barrierTerms.js";
import { bsmGreeks } from "./bsm.js";
import { addCellJet, gaussMoments, normCdfDiff, scaleJet } from "./gaussCells.js";
import { normCdf } from "./normal.js";
import { emptyGreeks, type Greeks } from "./greeks.js";
import { zJetGreeks } from "./zJet.js";

/** Milliseconds in a year of 365 days (DESIGN.md calendar time). */
const YEAR_MS = 365 * 86400_000;
import { optionalFinite, requireOptionType, requirePositive } from "./validate.js";
import type { VanillaInput } from "./vanilla.js";

/** Coarse cell width as a fraction of the smallest σ√Δt between observation dates (accuracy in the module notes). */
export const DISCRETE_CELL_FACTOR = 0.7;

/**
 * Grid reach beyond spot and barrier, in units of σ√T: what lies further reaches the spot with a
 * weight below Φ(−5) = 2.9e-7. Measured with the kernel below against grid and kernel reaches of
 * 6 (5–500 daily dates, barriers 55–85% of the strike, vol 30–90%, default cells): price within
 * 2e-8 of the strike, delta within 3e-6; with cells of 0.2 a barrier out of reach still gives the
 * vanilla within 2e-6.
 */
const REACH = 5;
/**
 * Kernel reach in standard deviations, rounded up to whole cells plus one (5.9 to 6.3 at the
 * default cells); beyond it the value is carried flat (`stepKernel`), so the tails' mass is kept.
 */
const KERNEL_SDS = 5.5;
/** Largest number of coarse cells (the cell widens beyond it). */
const MAX_CELLS = 20000;

/** Which greeks are computed beyond those of the last step (price, delta, gamma, speed, theta, charm, color). */
export type DiscreteBumps = "none" | "vol" | "all";

/** Options of {@link discreteBarrierGreeks}. */
export interface DiscreteOptions {
  /**
   * "none": vega, vanna, volga, zomma and rho are NaN; "vol": σ bumps give vega, vanna, volga,
   * zomma (rho NaN); "all" (default): r bumps add rho. Each bump level costs two more inductions.
   */
  bumps?: DiscreteBumps;
  /** induct exactly over the first k dates only, BGK beyond (module notes); default: all */
  exactSteps?: number;
  /** coarse cell width / smallest σ√Δt; default {@link DISCRETE_CELL_FACTOR} (tests refine it) */
  cellFactor?: number;
}

/** z-derivatives 0…4 of the knock-out at the spot. */
type Jet = Float64Array;


/** Knock-out value on the alive side z > 0 at one date from the payoff one step later (closed form). */
function payoffStep(z: number, tau: number, eta: number, w: number, K: number, H: number, sigma: number, r: number, q: number): number {
  const mu = eta * (r - q - 0.5 * sigma * sigma) * tau;
  const s = sigma * Math.sqrt(tau);
  const c = z + mu;
  // the payoff w(H·e^{ηy} − K) is positive for η·w·y > η·w·yK, y = z at the next date, alive y > 0
  const yK = eta * Math.log(K / H);
  let lo = 0, hi = Infinity;
  if (eta * w > 0) lo = yK > 0 ? yK : 0;
  else hi = yK;
  if (!(hi > lo)) return 0;
  const A = (lo - c) / s;
  const B = hi === Infinity ? Infinity : (hi - c) / s;
  // ∫ e^{ηy} g(y − c) dy over [lo, hi] = e^{ηc + s²/2}[Φ(B − ηs) − Φ(A − ηs)]
  const e1 = Math.exp(eta * c + 0.5 * s * s) * normCdfDiff(A - eta * s, B - eta * s);
  const e0 = normCdfDiff(A, B);
  return Math.exp(-r * tau) * w * (H * e1 - K * e0);
}

/** Toeplitz product-integration kernel of one step on a uniform grid: rising and falling hat halves per offset. */
interface StepKernel {
  L: number;
  full: Float64Array;
  rise: Float64Array;
  fall: Float64Array;
}

function stepKernel(h: number, mu: number, s: number, D: number): StepKernel {
  const L = Math.ceil((KERNEL_SDS * s + Math.abs(mu)) / h) + 1;
  const n = 2 * L + 1;
  const full = new Float64Array(n), rise = new Float64Array(n), fall = new Float64Array(n);
  // node at offset d (relative to the output node, which sits at 0; the density is centred at mu)
  // cell [(d−1)h, dh] carries the rising half of node d and the falling half of node d − 1
  const m = new Float64Array(2);
  for (let d = -L; d <= L + 1; d++) {
    gaussMoments(((d - 1) * h - mu) / s, (d * h - mu) / s, m);
    const riseD = D * ((mu - (d - 1) * h) * m[0]! + s * m[1]!) / h;
    const fallPrev = D * ((d * h - mu) * m[0]! - s * m[1]!) / h;
    if (d <= L) rise[d + L] = riseD;
    if (d - 1 >= -L) fall[d - 1 + L] = fallPrev;
  }
  for (let i = 0; i < n; i++) full[i] = rise[i]! + fall[i]!;
  // beyond the outermost interior nodes the value is taken flat (their value): the tails' mass goes
  // to them, so a constant is carried exactly whatever the reach (the grid's ends keep rise/fall)
  full[0] = fall[0]! + D * normCdf((-L * h - mu) / s);
  full[n - 1] = rise[n - 1]! + D * normCdf((mu - L * h) / s);
  return { L, full, rise, fall };
}

/**
 * One backward step on the uniform grid 0…N: out[j] = Σ_k V[k]·weight(k − j), for the rows
 * j ≤ top (the rest cannot reach the spots any more: see `knockOutJets`).
 */
function applyStep(V: Float64Array, out: Float64Array, N: number, k: StepKernel, top = N): void {
  const { L, full, rise, fall } = k;
  for (let j = 0; j <= top; j++) {
    const lo = j - L > 1 ? j - L : 1;
    const hi = j + L < N - 1 ? j + L : N - 1;
    const base = L - j;
    // four independent sums: the additions do not wait on each other
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    let i = lo;
    for (; i + 3 <= hi; i += 4) {
      a0 += V[i]! * full[i + base]!;
      a1 += V[i + 1]! * full[i + 1 + base]!;
      a2 += V[i + 2]! * full[i + 2 + base]!;
      a3 += V[i + 3]! * full[i + 3 + base]!;
    }
    for (; i <= hi; i++) a0 += V[i]! * full[i + base]!;
    let acc = a0 + a1 + a2 + a3;
    if (j <= L) acc += V[0]! * fall[base]!;
    if (N - j <= L) acc += V[N]! * rise[N + base]!;
    out[j] = acc;
  }
}

/**
 * The last step, from the first date back to now, at z0: the discounted Gaussian integral of the
 * piecewise-linear interpolant of V over [0, N·h] and its first four z-derivatives.
 */
function lastStep(V: Float64Array, N: number, h: number, z0: number, mu: number, s: number, D: number, out: Jet): Jet {
  const c = z0 + mu;
  out.fill(0);
  const lo = Math.max(0, Math.floor((c - KERNEL_SDS * s) / h) - 1);
  const hi = Math.min(N, Math.ceil((c + KERNEL_SDS * s) / h) + 1);
  for (let k = lo; k < hi; k++) addCellJet(k * h, (k + 1) * h, V[k]!, V[k + 1]!, c, s, out);
  return scaleJet(out, D, s);
}

/** A grid for one induction: cells, count and the date from which it starts. */
interface Plan {
  eta: number;
  w: number;
  /** the spots in z */
  z0: Float64Array;
  h: number;
  N: number;
  /** index of the date the induction starts from (m − 1: the payoff; k − 1: the BGK continuation) */
  start: number;
}

function plan(code: number, w: number, spots: ArrayLike<number>, H: number, times: ArrayLike<number>, sigma: number, k: number, cellFactor: number): Plan {
  const eta = code === DOWN_OUT || code === DOWN_IN ? 1 : -1;
  const m = times.length;
  const start = Math.min(m, k) - 1;
  let minStep = Infinity;
  for (let i = 1; i <= start; i++) minStep = Math.min(minStep, times[i]! - times[i - 1]!);
  const z0 = Float64Array.from({ length: spots.length }, (_, i) => eta * Math.log(spots[i]! / H));
  let zMax = 0;
  for (const z of z0) if (z > zMax) zMax = z;
  // the spots' cone up to the date the induction starts from (the payoff's kink at the strike needs
  // no node: the first step integrates the payoff in closed form)
  const tEnd = times[Math.min(start + 1, m - 1)]!;
  const top = zMax + REACH * sigma * Math.sqrt(tEnd);
  let h = cellFactor * sigma * Math.sqrt(minStep === Infinity ? tEnd : minStep);
  if (top / h > MAX_CELLS) h = top / MAX_CELLS;
  return { eta, w, z0, h, N: Math.ceil(top / h), start };
}

const bgkOut = new Float64Array(3);
let scratchA = new Float64Array(0), scratchB = new Float64Array(0), startKept = new Float64Array(0);

/**
 * Knock-out z-jets at the spots on one grid (cell h/refine), one σ and r: one induction, then the
 * last step at each spot, on two module-level scratch rows (not reentrant; the engine is
 * synchronous). `startRow`: the starting row of a grid `k` times finer (its every k-th node is this
 * grid's node, the same z to the bit); `keepRow` keeps this grid's starting row for the next call.
 */
function knockOutJets(
  p: Plan, refine: number, K: number, H: number, times: ArrayLike<number>, sigma: number, r: number, q: number, outs: Jet[],
  startRow?: Float64Array, keepRow = false,
): Jet[] {
  const { eta, w, start } = p;
  const h = p.h / refine;
  const N = p.N * refine;
  const m = times.length;
  // two scratch rows reused across calls (the kernel allocates nothing else per step)
  if (scratchA.length < N + 1) {
    scratchA = new Float64Array(2 * (N + 1));
    scratchB = new Float64Array(2 * (N + 1));
  }
  let V = scratchA.subarray(0, N + 1);
  let W = scratchB.subarray(0, N + 1);
  if (startRow) {
    // the finer grid's starting row, already computed: its every other node is this grid's node
    const step = (startRow.length - 1) / N;
    for (let j = 0; j <= N; j++) V[j] = startRow[j * step]!;
  } else if (start === m - 1) {
    const tau = times[m - 1]! - times[m - 2]!;
    for (let j = 0; j <= N; j++) V[j] = payoffStep(j * h, tau, eta, w, K, H, sigma, r, q);
  } else {
    // BGK continuation: the remaining dates after `start`, at their mean spacing
    const rest = times[m - 1]! - times[start]!;
    const dt = rest / (m - 1 - start);
    const code = eta > 0 ? DOWN_OUT : UP_OUT;
    for (let j = 0; j <= N; j++) {
      // node 0 is the limit from the alive side (the kernel counts a spot on the level as breached)
      const Sj = j === 0 ? H + eta * H * Number.EPSILON : H * Math.exp(eta * j * h);
      barrierPriceDeltaGamma(code, w, Sj, K, H, 0, rest, sigma, r, q, dt, bgkOut);
      V[j] = bgkOut[0]!;
    }
  }
  if (keepRow) {
    if (startKept.length < N + 1) startKept = new Float64Array(2 * (N + 1));
    startKept.set(V);
  }
  // steps start−1 … 1 between dates (the first grid values are at date index `start − 1` when
  // the payoff step was taken, else at `start`)
  const first = start === m - 1 ? m - 2 : start;
  const kernels = new Map<number, StepKernel>();
  const drift = eta * (r - q - 0.5 * sigma * sigma);
  // the spots' cone: at date i − 1 only rows within REACH·σ√t_{i−1} of the highest spot can still
  // reach a spot (as the grid's own end, 7 standard deviations of the remaining diffusion away)
  let zMax = 0;
  for (const z of p.z0) if (z > zMax) zMax = z;
  for (let i = first; i >= 1; i--) {
    const tau = times[i]! - times[i - 1]!;
    // one kernel per step length to the millisecond (differences of year fractions round apart)
    const key = Math.round(tau * YEAR_MS);
    let k = kernels.get(key);
    if (!k) kernels.set(key, (k = stepKernel(h, drift * tau, sigma * Math.sqrt(tau), Math.exp(-r * tau))));
    const top = Math.min(N, Math.ceil((zMax + REACH * sigma * (Math.sqrt(times[i - 1]!) + Math.sqrt(tau))) / h) + 1);
    applyStep(V, W, N, k, top);
    const t = V;
    V = W;
    W = t;
  }
  const tau0 = times[0]!;
  for (let i = 0; i < p.z0.length; i++) lastStep(V, N, h, p.z0[i]!, drift * tau0, sigma * Math.sqrt(tau0), Math.exp(-r * tau0), outs[i]!);
  return outs;
}

const jets = (n: number) => Array.from({ length: n }, () => new Float64Array(5));

/** Richardson-extrapolated knock-out z-jets: (4·fine − coarse)/3. */
function knockOutJetsR(p: Plan, K: number, H: number, times: ArrayLike<number>, sigma: number, r: number, q: number): Jet[] {
  const n = p.z0.length;
  // the fine grid first: the coarse grid's starting row is every other node of its own
  const b = knockOutJets(p, 2, K, H, times, sigma, r, q, jets(n), undefined, true);
  const a = knockOutJets(p, 1, K, H, times, sigma, r, q, jets(n), startKept.subarray(0, 2 * p.N + 1));
  for (let i = 0; i < n; i++) for (let d = 0; d < 5; d++) a[i]![d] = (4 * b[i]![d]! - a[i]![d]!) / 3;
  return a;
}

const gUp = emptyGreeks(), gDn = emptyGreeks(), gVan = emptyGreeks();

function nanGreeks(out: Greeks): Greeks {
  for (const k of Object.keys(out) as (keyof Greeks)[]) out[k] = NaN;
  return out;
}

/**
 * Price and greeks of a discretely monitored single-barrier option at several spots at once (one
 * induction serves them all; module notes for the method), in the raw units of {@link Greeks}.
 * Never throws: NaN for invalid inputs (a spot not finite and > 0 gives NaN for that spot; a bad
 * strike, level, σ or schedule NaN for all).
 *
 * @param spots - spots, currency per unit; outs - one record per spot, written and returned
 * @example
 * const [a, b] = discreteBarrierGreeksAt(DOWN_IN, -1, [70.5, 80], 100, 70, [1, 2, 3, 4, 5].map((d) => d / 365),
 *   0.6, 0, 0, [emptyGreeks(), emptyGreeks()], { bumps: "none" });
 * a.price; // 22.25388364469742 (discreteBarrierGreeks at 70.5 alone: 22.253883645372145; the grid
 * // reaches higher for the spot at 80)
 */
export function discreteBarrierGreeksAt(
  code: number, w: number, spots: ArrayLike<number>, K: number, H: number, times: ArrayLike<number>, sigma: number, r: number, q: number,
  outs: Greeks[], opts: DiscreteOptions = {},
): Greeks[] {
  const m = times.length;
  let ok = K > 0 && H > 0 && sigma > 0 && Number.isFinite(K + H + sigma + r + q) && m > 0 && times[0]! > 0 && (w === 1 || w === -1);
  for (let i = 1; ok && i < m; i++) ok = times[i]! > times[i - 1]! && Number.isFinite(times[i]!);
  if (!ok || code < DOWN_IN || code > UP_OUT) return outs.map(nanGreeks);
  const valid: number[] = [];
  for (let i = 0; i < spots.length; i++) {
    if (spots[i]! > 0 && Number.isFinite(spots[i]!)) valid.push(i);
    else nanGreeks(outs[i]!);
  }
  if (valid.length === 0) return outs;
  const S = valid.map((i) => spots[i]!);
  const knockIn = code === DOWN_IN || code === UP_IN;
  const T = times[m - 1]!;
  if (m === 1) {
    valid.forEach((i, j) => barrierGreeks(code, w, S[j]!, K, H, 0, T, sigma, r, q, MONITOR_FINAL, outs[i]!));
    return outs;
  }
  const bumps = opts.bumps ?? "all";
  const k = Math.max(1, Math.min(m, Math.floor(opts.exactSteps ?? m)));
  const p = plan(code, w, S, H, times, sigma, k, opts.cellFactor ?? DISCRETE_CELL_FACTOR);
  const eta = p.eta;
  const base = knockOutJetsR(p, K, H, times, sigma, r, q);
  valid.forEach((i, j) => {
    zJetGreeks(base[j]!, eta, S[j]!, sigma, r, q, outs[i]!);
    outs[i]!.vega = outs[i]!.vanna = outs[i]!.volga = outs[i]!.zomma = outs[i]!.rho = NaN;
  });
  if (bumps !== "none") {
    const d = 1e-4 * sigma;
    const up = knockOutJetsR(p, K, H, times, sigma + d, r, q), dn = knockOutJetsR(p, K, H, times, sigma - d, r, q);
    valid.forEach((i, j) => {
      const o = outs[i]!;
      zJetGreeks(up[j]!, eta, S[j]!, sigma + d, r, q, gUp);
      zJetGreeks(dn[j]!, eta, S[j]!, sigma - d, r, q, gDn);
      o.vega = (gUp.price - gDn.price) / (2 * d);
      o.volga = (gUp.price - 2 * o.price + gDn.price) / (d * d);
      o.vanna = (gUp.delta - gDn.delta) / (2 * d);
      o.zomma = (gUp.gamma - gDn.gamma) / (2 * d);
    });
    if (bumps === "all") {
      const dr = 1e-5;
      const ru = knockOutJetsR(p, K, H, times, sigma, r + dr, q), rd = knockOutJetsR(p, K, H, times, sigma, r - dr, q);
      valid.forEach((i, j) => (outs[i]!.rho = (ru[j]![0]! - rd[j]![0]!) / (2 * dr)));
    }
  }
  if (!knockIn) return outs;
  // knock-in = vanilla to the last date − knock-out
  valid.forEach((i, j) => {
    const o = outs[i]!;
    bsmGreeks(w, S[j]!, K, T, sigma, r, q, gVan);
    for (const f of Object.keys(o) as (keyof Greeks)[]) o[f] = gVan[f] - o[f];
  });
  return outs;
}

/**
 * Price and greeks of a discretely monitored single-barrier option (module notes for the method),
 * in the raw units of {@link Greeks}: {@link discreteBarrierGreeksAt} at one spot. Never throws:
 * NaN for invalid inputs (non-finite or non-positive spot, strike, level; σ not > 0; no dates;
 * dates not ascending or the first not > 0).
 *
 * The spot now is not an observation: a spot beyond the barrier is priced as it stands (the first
 * date may still find it back). Callers that treat it as breached take the vanilla (knock-in) or 0.
 *
 * @param code - DOWN_IN, DOWN_OUT, UP_IN or UP_OUT (`barrierTerms.ts`)
 * @param w - +1 call, −1 put
 * @param S - spot, K - strike, H - barrier level (currency per unit, > 0)
 * @param times - observation dates in years from now, ascending, first > 0; the last is the expiry
 * @param sigma - volatility, decimal per √year (> 0)
 * @param r - continuous rate, q - continuous yield (decimal per year)
 * @param out - written and returned
 * @param opts - which bumped greeks, truncation to the first dates
 * @example
 * const g = discreteBarrierGreeks(DOWN_IN, -1, 70.5, 100, 70, [1, 2, 3, 4, 5].map((d) => d / 365),
 *   0.6, 0, 0, emptyGreeks());
 * g.price; // 22.253883645372145 (5 daily dates; BGK's corrected continuous formula: 22.7168, delta −4.62)
 * g.delta; // -3.7970752784644466
 */
export function discreteBarrierGreeks(
  code: number, w: number, S: number, K: number, H: number, times: ArrayLike<number>, sigma: number, r: number, q: number,
  out: Greeks, opts: DiscreteOptions = {},
): Greeks {
  return discreteBarrierGreeksAt(code, w, [S], K, H, times, sigma, r, q, [out], opts)[0]!;
}

/**
 * Terms and market inputs of a discretely monitored barrier option: a vanilla's inputs (without a
 * quoted forward; the time is the last observation date) plus the barrier and its dates.
 */
export interface DiscreteBarrierInput extends Omit<VanillaInput, "forward" | "time"> {
  /** which side the level is on, and whether touching it at a date knocks the option in or out */
  barrier: BarrierKind;
  /** barrier level, currency per unit, > 0 */
  level: number;
  /** observation dates, years from now, ascending, first > 0; the last is the expiry */
  observations: readonly number[];
}

/**
 * Price and the twelve greeks of a discretely monitored single-barrier option (module notes),
 * validated.
 *
 * @throws RangeError naming the field: unknown `type` or `barrier`, `spot`/`strike`/`level`/`vol`
 *   not > 0, `observations` empty, not ascending, the first not > 0, or not finite; non-finite
 *   `rate`/`dividend`
 * @example
 * discreteBarrier({ type: "put", barrier: "down-in", level: 70, spot: 70.5, strike: 100, vol: 0.6,
 *   observations: [1, 2, 3, 4, 5].map((d) => d / 365) }).price; // 22.253883645372145
 */
export function discreteBarrier(input: DiscreteBarrierInput): Greeks {
  const w = requireOptionType("type", input.type) === "call" ? 1 : -1;
  const code = barrierCode(input.barrier);
  if (code < 0) throw new RangeError(`barrier must be down-in, down-out, up-in or up-out (got ${JSON.stringify(input.barrier)})`);
  const S = requirePositive("spot", input.spot);
  const K = requirePositive("strike", input.strike);
  const H = requirePositive("level", input.level);
  const sigma = requirePositive("vol", input.vol);
  const r = optionalFinite("rate", input.rate, 0);
  const q = optionalFinite("dividend", input.dividend, 0);
  const t = input.observations;
  if (!Array.isArray(t) || t.length === 0) throw new RangeError("observations must be a non-empty array of years from now");
  for (let i = 0; i < t.length; i++) {
    const x = t[i];
    if (typeof x !== "number" || !Number.isFinite(x) || !(x > (i === 0 ? 0 : t[i - 1]!))) {
      throw new RangeError(`observations[${i}] must be finite, > 0 and after the previous date (got ${String(x)})`);
    }
  }
  return discreteBarrierGreeks(code, w, S, K, H, t, sigma, r, q, emptyGreeks());
}
