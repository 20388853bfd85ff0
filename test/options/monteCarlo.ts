/**
 * A small seeded Monte Carlo of geometric Brownian motion observed on given dates: the
 * independent code path the lattice engines are checked against. Exact log-normal steps between
 * dates (no time-stepping bias), antithetic pairs, the benches' mulberry32 uniforms (bench/rng.mjs)
 * and Box–Muller normals, so every run with the same seed gives the same number.
 */
import { rng } from "../../bench/rng.mjs";

/** Standard normals by Box–Muller (both of each pair used). */
export function normals(seed: number): () => number {
  const u = rng(seed);
  let spare = NaN;
  return () => {
    if (spare === spare) {
      const s = spare;
      spare = NaN;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const a = 2 * Math.PI * u();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}

/** A path's closes on the dates: `path[i]` is S at `times[i]`. */
export type PathPayoff = (path: Float64Array) => number;

/** Market and sampling of {@link monteCarlo}. */
export interface MonteCarloOptions {
  spot: number;
  vol: number;
  rate?: number;
  dividend?: number;
  /** observation dates, years, ascending, first > 0 */
  times: readonly number[];
  pairs: number;
  seed: number;
}

/**
 * The mean of a discounted payoff over `pairs` antithetic pairs of GBM paths observed at `times`
 * (years, ascending, first > 0), and its standard error (over pair means).
 */
export function monteCarlo(opts: MonteCarloOptions, payoff: PathPayoff): { mean: number; se: number } {
  const r = monteCarloLegs(opts, (p) => [payoff(p)]);
  return { mean: r.mean[0]!, se: r.se[0]! };
}

/**
 * {@link monteCarlo} for several discounted payoffs of the same paths (the legs of a note): their
 * means and standard errors.
 */
export function monteCarloLegs(opts: MonteCarloOptions, payoffs: (path: Float64Array) => number[]): { mean: number[]; se: number[] } {
  const { spot, vol, times, pairs } = opts;
  const r = opts.rate ?? 0, q = opts.dividend ?? 0;
  const m = times.length;
  const drift = new Float64Array(m), sd = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const dt = times[i]! - (i === 0 ? 0 : times[i - 1]!);
    drift[i] = (r - q - 0.5 * vol * vol) * dt;
    sd[i] = vol * Math.sqrt(dt);
  }
  const z = normals(opts.seed);
  const a = new Float64Array(m), b = new Float64Array(m);
  let sum: number[] = [], sum2: number[] = [];
  for (let p = 0; p < pairs; p++) {
    let xa = Math.log(spot), xb = xa;
    for (let i = 0; i < m; i++) {
      const e = z();
      xa += drift[i]! + sd[i]! * e;
      xb += drift[i]! - sd[i]! * e;
      a[i] = Math.exp(xa);
      b[i] = Math.exp(xb);
    }
    const va = payoffs(a), vb = payoffs(b);
    if (p === 0) {
      sum = va.map(() => 0);
      sum2 = va.map(() => 0);
    }
    for (let k = 0; k < va.length; k++) {
      const v = 0.5 * (va[k]! + vb[k]!);
      sum[k] += v;
      sum2[k] += v * v;
    }
  }
  const mean = sum.map((x) => x / pairs);
  return { mean, se: mean.map((mu, k) => Math.sqrt(Math.max(0, sum2[k]! / pairs - mu * mu) / pairs)) };
}

/** Sampling and bumps of {@link monteCarloVanna}. */
export interface MonteCarloVannaOptions extends MonteCarloOptions {
  /** spot bump, USD (the difference is central: S ± h) */
  h: number;
  /** vol bump, decimal (σ ± d) */
  d: number;
}

/**
 * ∂²V/∂S∂σ of several discounted payoffs of the same paths by the mixed central difference
 * [V(S+h, σ+d) − V(S−h, σ+d) − V(S+h, σ−d) + V(S−h, σ−d)] / (4hd), the four values from common
 * random numbers (the same Brownian path, scaled by S ± h and stepped with σ ± d) and antithetic
 * pairs: its means and standard errors (over pairs). The difference's own bias is
 * (h²/6)∂³_S∂_σV + (d²/6)∂_S∂³_σV + …: the caller keeps the bumps small enough.
 */
export function monteCarloVanna(opts: MonteCarloVannaOptions, payoffs: (path: Float64Array) => number[]): { mean: number[]; se: number[] } {
  const { spot, vol, times, pairs, h, d } = opts;
  const r = opts.rate ?? 0, q = opts.dividend ?? 0;
  const m = times.length;
  const sq = new Float64Array(m);
  for (let i = 0; i < m; i++) sq[i] = Math.sqrt(times[i]! - (i === 0 ? 0 : times[i - 1]!));
  const z = normals(opts.seed);
  const W = new Float64Array(m), e = new Float64Array(m), path = new Float64Array(m);
  const cases: Array<[number, number]> = [[vol + d, 1], [vol - d, -1]];
  const sides: Array<[number, number]> = [[spot + h, 1], [spot - h, -1]];
  let sum: number[] = [], sum2: number[] = [], x: number[] = [];
  for (let p = 0; p < pairs; p++) {
    let w = 0;
    for (let i = 0; i < m; i++) W[i] = w += sq[i]! * z();
    x.fill(0);
    for (const anti of [1, -1]) {
      for (const [s, cs] of cases) {
        const mu = r - q - 0.5 * s * s;
        for (let i = 0; i < m; i++) e[i] = Math.exp(mu * times[i]! + s * anti * W[i]!);
        for (const [S, cS] of sides) {
          for (let i = 0; i < m; i++) path[i] = S * e[i]!;
          const v = payoffs(path);
          if (p === 0 && x.length === 0) {
            sum = v.map(() => 0);
            sum2 = v.map(() => 0);
            x = v.map(() => 0);
          }
          for (let k = 0; k < v.length; k++) x[k] += (0.5 * cs * cS * v[k]!) / (4 * h * d);
        }
      }
    }
    for (let k = 0; k < x.length; k++) {
      sum[k] += x[k]!;
      sum2[k] += x[k]! * x[k]!;
    }
  }
  const mean = sum.map((s) => s / pairs);
  return { mean, se: mean.map((mu, k) => Math.sqrt(Math.max(0, sum2[k]! / pairs - mu * mu) / pairs)) };
}
