/** Test helpers: small hand-made chains and comparisons (shared by test/exposure/*). */
import { ChainBuilder, type Chain } from "../../src/data/chain.js";
import { YEAR_MS } from "../../src/data/time.js";

export const EPS = Number.EPSILON;

/** One contract of a hand-made chain; time in years from as-of (the expiry instant is derived). */
export interface Spec {
  type: "call" | "put";
  strike: number;
  time: number;
  iv: number;
  oi?: number;
  mult?: number;
  forward?: number;
  position?: number;
  root?: string;
}

/** As-of instant of every hand-made chain: 2024-01-08T15:00Z (10:00 New York). */
export const AS_OF = Date.UTC(2024, 0, 8, 15, 0, 0);

/**
 * A chain from contract specs. The expiry instant is as-of + time (rounded to the millisecond) and
 * `time` is recomputed from it, so select/book see a consistent pair.
 */
export function makeChain(
  specs: readonly Spec[],
  header: { spot?: number; rate?: number; dividend?: number; zone?: string; underlying?: string } = {},
): Chain {
  const b = new ChainBuilder();
  specs.forEach((s, i) => {
    const expiry = AS_OF + Math.round(s.time * YEAR_MS);
    const row = {
      type: s.type === "call" ? 1 : -1, strike: s.strike, expiry, time: (expiry - AS_OF) / YEAR_MS,
      openInterest: s.oi ?? 1, multiplier: s.mult ?? 1, iv: s.iv, root: s.root ?? "X", line: i + 2,
      ...(s.forward !== undefined ? { forward: s.forward } : {}),
      ...(s.position !== undefined ? { position: s.position } : {}),
    };
    b.push(row);
  });
  return b.finish({
    underlying: header.underlying ?? "X",
    asOf: { epochMs: AS_OF, zone: header.zone ?? "UTC" },
    spot: header.spot ?? 100,
    rate: header.rate ?? 0,
    dividend: header.dividend ?? 0,
  });
}

/** Deterministic uniform [0, 1) generator (LCG), so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** max_k |a_k − b_k| and max_k |b_k|. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): { err: number; scale: number } {
  let err = 0;
  let scale = 0;
  for (let k = 0; k < b.length; k++) {
    err = Math.max(err, Math.abs(a[k]! - b[k]!));
    scale = Math.max(scale, Math.abs(b[k]!));
  }
  return { err, scale };
}

/** A random chain around spot S: mixed expiries (hours to 2 years), strikes, vols, types, forwards. */
export function randomChain(seed: number, n: number, opts: { spot?: number; forwards?: boolean; rate?: number; dividend?: number } = {}): Chain {
  const r = rng(seed);
  const S = opts.spot ?? 100;
  const specs: Spec[] = [];
  for (let i = 0; i < n; i++) {
    const time = Math.exp(Math.log(2 / (365 * 24)) + r() * Math.log(2 * 365 * 12));
    const iv = 0.05 + 1.2 * r();
    const strike = S * Math.exp((r() * 2 - 1) * 3 * iv * Math.sqrt(time) + (r() - 0.5) * 0.2);
    const spec: Spec = { type: r() < 0.5 ? "call" : "put", strike, time, iv, oi: Math.floor(1 + r() * 500), mult: r() < 0.5 ? 100 : 1 };
    if (opts.forwards && r() < 0.6) spec.forward = S * Math.exp((r() - 0.3) * 0.2 * time);
    specs.push(spec);
  }
  return makeChain(specs, { spot: S, rate: opts.rate ?? 0, dividend: opts.dividend ?? 0 });
}
