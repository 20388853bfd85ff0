/**
 * The volatility surface of an option chain: one smile per expiry fitted to the chain's implied
 * vols, and total variance interpolated linearly in time between expiries. The one smile every
 * part of gexray reads (sticky-moneyness profiles, the notes' `--vol-from`, the report's smile
 * chart).
 *
 * Per expiry:
 * - **quotes**: the out-of-the-money contracts (puts struck at or below the forward, calls at or
 *   above) with a finite IV > 0; every quote of the expiry when it has no out-of-the-money one.
 *   Quotes of one strike are averaged.
 *   In-the-money IVs are left out because they are the noisy side (deep ITM options trade little
 *   and their IV moves a lot with their price).
 * - **range**: quotes within {@link FIT_RANGE} at-the-money standard deviations, |k| ≤ 6·σ_ATM·√T
 *   (σ_ATM the IV of the quote nearest the forward); the rest are counted (`beyondRange`), not fitted,
 *   and the smile there is SVI's extrapolation (all quotes when fewer than six are in range).
 * - **variables**: k = ln(K/F) against the expiry's forward F (the venue's forward where it quotes
 *   one, the median over the expiry's contracts; else S·e^{(r−q)T}), total variance w = σ²T.
 * - **weights**: Black vega of each quote, ∝ φ(d₁) within an expiry (default), or its open interest;
 *   the fit divides them by the quote's total variance ({@link fitData}), which makes its least
 *   squares on w a (first-order) weighted least squares on implied vol, the error it reports.
 * - **outliers** (junk vendor IVs, e.g. the 0–10.3 range in the IBIT file): first isolated spikes,
 *   quotes more than 50% above or a third below the median of the five quotes around them; then,
 *   after a first fit, quotes weighing at least 5% of the largest weight that lie more than
 *   max(5 robust standard deviations, 5 vol points) from it, and the fit is repeated once. Both are
 *   counted (`outliers`); a screen that would leave fewer than {@link SVI_MIN_QUOTES} quotes is
 *   skipped. (Far-wing quotes of negligible weight are kept: SVI may miss them, `maxError` says by
 *   how much, but they are not junk.)
 * - **fit**: raw SVI by weighted least squares on w (fitSvi.ts, mathjs).
 * - **fallback**: where there are too few quotes, the fit fails, the parameters are not a valid
 *   slice or the fit misses its quotes by more than {@link FALLBACK_RMSE} (weighted RMS vol error),
 *   the slice is a monotone Fritsch–Carlson interpolation of the quotes' total variance in k (flat
 *   beyond them), and says why (`fallbackReason`).
 * - **checks**: butterfly (g(k) ≥ 0) per slice, calendar (w non-decreasing in T at fixed k) between
 *   consecutive slices (arbitrage.ts). They are reported, not repaired.
 *
 * Between expiries, at fixed k, total variance is linear in time; before the first expiry and after
 * the last the vol is flat in time (w ∝ T). The forward's log-carry ln(F/S) is interpolated the same
 * way.
 *
 * @module
 */
import { calendarViolations, butterflyCheck, type CalendarViolation } from "./arbitrage.js";
import { fitSvi, SVI_MIN_QUOTES, type SmileData } from "./fitSvi.js";
import { monotoneCubic } from "./monotone.js";
import { sliceTotalVariance, sliceVol, type SliceQuotes, type SmileSlice } from "./slice.js";
import { sviProblem } from "./svi.js";

/** What a quote weighs in the fit. */
export type SmileWeighting = "vega" | "openInterest";

/** The weightings, default first. */
export const SMILE_WEIGHTINGS: readonly SmileWeighting[] = ["vega", "openInterest"];

/**
 * Weighted RMS vol error above which an SVI fit is rejected for the monotone fallback: 0.05 (5 vol
 * points). SVI misses real smiles by well under one vol point (the tests bound it on the SPX, NDX,
 * Deribit and IBIT snapshots); a larger miss means the quotes are not a smile SVI can describe.
 */
export const FALLBACK_RMSE = 0.05;

/** The chain columns the surface reads (a {@link Chain} has them all). */
export interface SurfaceInput {
  /** spot, currency per unit */
  spot: number;
  /** continuous rate, decimal */
  rate: number;
  /** continuous dividend yield, decimal */
  dividend: number;
  length: number;
  /** +1 call, −1 put */
  type: ArrayLike<number>;
  strike: ArrayLike<number>;
  /** expiry instant, ms since epoch */
  expiry: ArrayLike<number>;
  /** years from the snapshot to expiry */
  time: ArrayLike<number>;
  /** implied vol, decimal */
  iv: ArrayLike<number>;
  /** open interest, contracts */
  openInterest: ArrayLike<number>;
  /** the venue's forward per contract, NaN where none */
  forward: ArrayLike<number>;
}

/** Options of {@link fitVolSurface}. */
export interface SurfaceOptions {
  /** quote weights; default "vega" */
  weighting?: SmileWeighting;
  /** fit only these expiries (ms since epoch); default every expiry with a usable quote */
  expiries?: Iterable<number>;
}

/** A fitted surface. */
export interface VolSurface {
  /** spot at the snapshot, currency per unit */
  spot: number;
  weighting: SmileWeighting;
  /** ascending in time */
  slices: SmileSlice[];
  /** calendar-spread violations between consecutive slices */
  calendar: CalendarViolation[];
}

/** Median of a non-empty list. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** One expiry's contracts, before fitting. */
interface ExpiryQuotes {
  expiryMs: number;
  time: number;
  forward: number;
  quotes: SliceQuotes;
}

/** Out-of-the-money quotes per strike (all quotes when there is none), ascending in k. */
function expiryQuotes(input: SurfaceInput, idx: number[], weighting: SmileWeighting): ExpiryQuotes {
  const T = input.time[idx[0]!]!;
  const fwds = idx.map((i) => input.forward[i]!).filter((f) => f > 0 && Number.isFinite(f));
  const F = fwds.length > 0 ? median(fwds) : input.spot * Math.exp((input.rate - input.dividend) * T);
  const gather = (otmOnly: boolean) => {
    const by = new Map<number, { iv: number; n: number; oi: number }>();
    for (const i of idx) {
      const K = input.strike[i]!;
      const t = input.type[i]!;
      if (otmOnly && !(t === -1 ? K <= F : K >= F)) continue;
      const e = by.get(K) ?? { iv: 0, n: 0, oi: 0 };
      e.iv += input.iv[i]!;
      e.n++;
      e.oi += input.openInterest[i]! > 0 ? input.openInterest[i]! : 0;
      by.set(K, e);
    }
    return by;
  };
  let by = gather(true);
  if (by.size === 0) by = gather(false);
  const strikes = [...by.keys()].sort((a, b) => a - b);
  const q: SliceQuotes = { k: [], strike: [], iv: [], weight: [] };
  for (const K of strikes) {
    const e = by.get(K)!;
    const iv = e.iv / e.n;
    const k = Math.log(K / F);
    const sw = iv * Math.sqrt(T);
    const d1 = -k / sw + 0.5 * sw;
    q.k.push(k);
    q.strike.push(K);
    q.iv.push(iv);
    q.weight.push(weighting === "vega" ? Math.exp(-0.5 * d1 * d1) : e.oi);
  }
  const top = Math.max(0, ...q.weight);
  // every weight 0 (no open interest at all): equal weights
  for (let j = 0; j < q.weight.length; j++) q.weight[j] = top > 0 ? q.weight[j]! / top : 1;
  return { expiryMs: 0, time: T, forward: F, quotes: q };
}

function subset(q: SliceQuotes, keep: boolean[]): SliceQuotes {
  const f = <T>(a: T[]) => a.filter((_, j) => keep[j]);
  return { k: f(q.k), strike: f(q.strike), iv: f(q.iv), weight: f(q.weight) };
}

/** Weighted RMS and largest vol error of a slice against quotes. */
function errors(s: Pick<SmileSlice, "svi" | "spline" | "time">, q: SliceQuotes): { rmse: number; maxError: number; residual: number[] } {
  let num = 0, den = 0, max = 0;
  const residual = q.k.map((k, j) => sliceVol(s, k) - q.iv[j]!);
  residual.forEach((r, j) => {
    num += q.weight[j]! * r * r;
    den += q.weight[j]!;
    max = Math.max(max, Math.abs(r));
  });
  return { rmse: den > 0 ? Math.sqrt(num / den) : 0, maxError: max, residual };
}

/**
 * Isolated spikes: quotes more than 50% above (or a third below) the median of the five quotes
 * around them (their own included; the window is clamped at the ends).
 */
function spikes(iv: number[]): boolean[] {
  const n = iv.length;
  return iv.map((v, j) => {
    if (n < 5) return false;
    const lo = Math.max(0, Math.min(j - 2, n - 5));
    const med = median(iv.slice(lo, lo + 5));
    return Math.abs(Math.log(v / med)) > SPIKE;
  });
}

/**
 * Quotes are fitted within this many at-the-money standard deviations of log-moneyness (|k| ≤ 6·σ_ATM·√T).
 * Beyond it the quotes are of options worth a fraction of a tick with IVs to match (a one-day SPX put
 * struck at 200 quotes 560%): SVI cannot follow both them and the money, and least squares would
 * trade the money's accuracy for theirs.
 */
export const FIT_RANGE = 6;

/** The post-fit outlier screen looks at quotes weighing at least this share of the largest. */
const OUTLIER_MIN_WEIGHT = 0.05;

/** ln 1.5: a quote 50% above (or a third below) its neighbours' median is a spike. */
const SPIKE = Math.log(1.5);

/**
 * A slice's quotes as the fit sees them: k, w = σ²T, and weight = quote weight / w, so that the
 * least squares on total variance is, to first order, the weighted least squares on implied vol
 * (Δσ ≈ Δw / (2σT), so Δσ² ≈ Δw² / (4wT)). Without the 1/w the far wings, where w is hundreds of
 * times the at-the-money value, dominate the fit however small their vega.
 *
 * @example
 * fitData({ k: [0], strike: [100], iv: [0.2], weight: [1] }, 1); // { k: [0], w: [0.04000000000000001], weight: [24.999999999999996] }
 */
export function fitData(q: SliceQuotes, T: number): SmileData {
  const w = q.iv.map((v) => v * v * T);
  return { k: q.k, w, weight: q.weight.map((o, j) => o / w[j]!) };
}

/** Fit one expiry (module note). */
function fitSlice(e: ExpiryQuotes): SmileSlice {
  const { time: T } = e;
  let q = e.quotes;
  let outliers = 0;
  // the fitted range: |k| within FIT_RANGE at-the-money standard deviations σ_ATM·√T
  let atm = 0;
  q.k.forEach((k, j) => { if (Math.abs(k) < Math.abs(q.k[atm]!)) atm = j; });
  const sd = (q.iv[atm] ?? 0) * Math.sqrt(T);
  const inRange = q.k.map((k) => Math.abs(k) <= FIT_RANGE * sd);
  const inside = inRange.filter((x) => x).length;
  let beyondRange = 0;
  if (inside < q.k.length && inside >= SVI_MIN_QUOTES) {
    beyondRange = q.k.length - inside;
    q = subset(q, inRange);
  }
  const spike = spikes(q.iv);
  const nSpikes = spike.filter((x) => x).length;
  if (nSpikes > 0 && q.k.length - nSpikes >= SVI_MIN_QUOTES) {
    q = subset(q, spike.map((x) => !x));
    outliers = nSpikes;
  }
  const toData = (qq: SliceQuotes) => fitData(qq, T);
  let fit = fitSvi(toData(q));
  let reason: string | null = null;
  if (fit !== null) {
    const { residual } = errors({ svi: fit.params, spline: null, time: T }, q);
    const mid = median(residual);
    const rsd = 1.4826 * median(residual.map((r) => Math.abs(r - mid)));
    const cut = Math.max(5 * rsd, 0.05);
    // only quotes that weigh in the fit: a far-wing quote SVI misses is a miss (maxError), not junk
    const top = Math.max(...q.weight);
    const keep = residual.map((r, j) => Math.abs(r) <= cut || q.weight[j]! < OUTLIER_MIN_WEIGHT * top);
    const dropped = keep.filter((x) => !x).length;
    if (dropped > 0 && q.k.length - dropped >= SVI_MIN_QUOTES) {
      q = subset(q, keep);
      outliers += dropped;
      fit = fitSvi(toData(q));
    }
  }
  if (fit === null) {
    reason = q.k.length < SVI_MIN_QUOTES ? `${q.k.length} quote(s): SVI needs at least ${SVI_MIN_QUOTES}` : "the SVI fit did not converge";
  } else {
    const bad = sviProblem(fit.params);
    if (bad !== null) reason = `the fitted parameters are not a valid SVI slice: ${bad}`;
    else {
      const { rmse } = errors({ svi: fit.params, spline: null, time: T }, q);
      if (!(rmse <= FALLBACK_RMSE)) reason = `SVI misses the quotes by ${(rmse * 100).toFixed(1)} vol points (weighted RMS), above ${FALLBACK_RMSE * 100}`;
    }
  }
  const svi = reason === null ? fit!.params : null;
  const spline = svi === null ? monotoneCubic(q.k, q.iv.map((v) => v * v * T)) : null;
  const base = { svi, spline, time: T };
  const { rmse, maxError } = errors(base, q);
  return {
    expiryMs: e.expiryMs, time: T, forward: e.forward, method: svi !== null ? "svi" : "monotone", fallbackReason: reason,
    svi, spline, quotes: q, outliers, beyondRange, rmse, maxError, butterfly: butterflyCheck(base, q.k[0]!, q.k[q.k.length - 1]!),
  };
}

/**
 * Fit the surface of a chain (module note for the method).
 *
 * @param input - a chain (or its columns): every contract with a time > 0, a strike > 0 and a finite
 *   IV > 0 is a quote
 * @param opts - weighting, and the expiries to fit (default all)
 * @returns the slices ascending in time, with their fit diagnostics, and the calendar violations;
 *   no slice for an expiry without a usable quote
 * @throws RangeError for an unknown weighting or a spot that is not finite and > 0
 * @example
 * const { chain } = await loadChain("test/fixtures/real/spx_quotedata_2024-01-07.csv");
 * const s = fitVolSurface(chain);
 * s.slices.length;                                   // 58
 * s.slices.filter((x) => x.method === "svi").length; // 58
 * s.calendar.length;                                 // 22 (consecutive pairs that cross somewhere both are quoted)
 */
export function fitVolSurface(input: SurfaceInput, opts: SurfaceOptions = {}): VolSurface {
  const weighting = opts.weighting ?? "vega";
  if (!SMILE_WEIGHTINGS.includes(weighting)) throw new RangeError(`weighting must be one of ${SMILE_WEIGHTINGS.join(", ")} (got ${JSON.stringify(weighting)})`);
  if (!(input.spot > 0) || !Number.isFinite(input.spot)) throw new RangeError(`spot must be a finite number > 0 (got ${input.spot})`);
  const want = opts.expiries === undefined ? null : new Set(opts.expiries);
  const by = new Map<number, number[]>();
  for (let i = 0; i < input.length; i++) {
    const iv = input.iv[i]!, K = input.strike[i]!, t = input.time[i]!, e = input.expiry[i]!;
    if (!(iv > 0) || !Number.isFinite(iv) || !(K > 0) || !Number.isFinite(K) || !(t > 0) || !Number.isFinite(t)) continue;
    if (want !== null && !want.has(e)) continue;
    const list = by.get(e);
    if (list) list.push(i);
    else by.set(e, [i]);
  }
  const slices = [...by.entries()]
    .map(([expiryMs, idx]) => fitSlice({ ...expiryQuotes(input, idx, weighting), expiryMs }))
    .sort((a, b) => a.time - b.time || a.expiryMs - b.expiryMs);
  return { spot: input.spot, weighting, slices, calendar: calendarViolations(slices) };
}

/** Index j with slices[j].time ≤ t < slices[j+1].time (−1 before the first). */
function bracket(slices: readonly SmileSlice[], t: number): number {
  let lo = -1;
  let hi = slices.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (slices[mid]!.time <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The forward at time t: ln(F/S) linear in t between slices, proportional to t outside them
 * (a constant carry rate), currency per unit.
 *
 * @example
 * surfaceForward(fitVolSurface(spx), 0.25); // 4697.2402 (SPX 2024-01-07: rate and dividend 0, F = S)
 */
export function surfaceForward(surface: VolSurface, t: number): number {
  const s = surface.slices;
  const S = surface.spot;
  if (s.length === 0) return S;
  const c = (x: SmileSlice) => Math.log(x.forward / S);
  const j = bracket(s, t);
  if (j < 0) return S * Math.exp((c(s[0]!) * t) / s[0]!.time);
  if (j >= s.length - 1) return S * Math.exp((c(s[s.length - 1]!) * t) / s[s.length - 1]!.time);
  const a = s[j]!, b = s[j + 1]!;
  const u = (t - a.time) / (b.time - a.time);
  return S * Math.exp(c(a) + u * (c(b) - c(a)));
}

/**
 * Total implied variance at log-forward-moneyness k and time t (years): linear in t between the
 * slices around t, w ∝ t before the first and after the last (flat vol).
 *
 * @throws RangeError when the surface has no slice or t is not finite and > 0
 * @example
 * surfaceTotalVariance(fitVolSurface(spx), 0, 0.5); // 0.01039526793871853 (at the money, half a year)
 */
export function surfaceTotalVariance(surface: VolSurface, k: number, t: number): number {
  const s = surface.slices;
  if (s.length === 0) throw new RangeError("the surface has no slice (the chain has no quote with an implied vol > 0)");
  if (!(t > 0) || !Number.isFinite(t)) throw new RangeError(`years must be a finite number > 0 (got ${t})`);
  const j = bracket(s, t);
  if (j < 0) return (sliceTotalVariance(s[0]!, k) * t) / s[0]!.time;
  if (j >= s.length - 1) return (sliceTotalVariance(s[s.length - 1]!, k) * t) / s[s.length - 1]!.time;
  const a = s[j]!, b = s[j + 1]!;
  const wa = sliceTotalVariance(a, k), wb = sliceTotalVariance(b, k);
  return wa + ((wb - wa) * (t - a.time)) / (b.time - a.time);
}

/**
 * The surface's implied vol at a strike and a time: k = ln(K / F(t)) against the interpolated
 * forward, √(w(k, t)/t), decimal.
 *
 * @param surface - a fitted surface
 * @param strike - strike, currency per unit (> 0)
 * @param years - time from the snapshot (> 0)
 * @throws RangeError when strike or years is not finite and > 0, or the surface has no slice
 * @example
 * surfaceVol(fitVolSurface(spx), 4500, 0.25); // 0.15430575652344028 (SPX 2024-01-07, 3 months, 4% below spot)
 */
export function surfaceVol(surface: VolSurface, strike: number, years: number): number {
  if (!(strike > 0) || !Number.isFinite(strike)) throw new RangeError(`strike must be a finite number > 0 (got ${strike})`);
  const w = surfaceTotalVariance(surface, Math.log(strike / surfaceForward(surface, years)), years);
  return Math.sqrt((w > 0 ? w : 0) / years);
}
