import { describe, expect, it } from "vitest";
import { computeProfile } from "../../src/exposure/profile.js";
import { vanilla } from "../../src/options/vanilla.js";
import { fitVolSurface } from "../../src/vol/surface.js";
import { sviTotalVariance, type SviParams } from "../../src/vol/svi.js";
import { makeChain, maxDiff, type Spec } from "./helpers.js";

const T = 20 / 365;
/** One expiry with a skewed SVI smile in total variance (spot 100, no carry: F = 100). */
const P0: SviParams = { a: 0.002, b: 0.05, rho: -0.6, m: 0.01, sigma: 0.05 };
const smile = (K: number) => Math.sqrt(sviTotalVariance(P0, Math.log(K / 100)) / T);
const strikes = [80, 85, 90, 95, 100, 105, 110, 115, 120];
// out-of-the-money contracts carry the smile; in-the-money ones their own IV, 2 vol points higher
const specs: Spec[] = strikes.flatMap((K) => [
  { type: "call" as const, strike: K, time: T, iv: smile(K) + (K < 100 ? 0.02 : 0), oi: 10 },
  { type: "put" as const, strike: K, time: T, iv: smile(K) + (K > 100 ? 0.02 : 0), oi: 12 },
]);

/** Dealer gamma at P with each contract's vol moved along the smile `w` (an independent evaluation). */
function handGamma(chainTime: number, P: number, w: (k: number) => number): number {
  let gamma = 0;
  for (const s of specs) {
    const k0 = Math.log(s.strike / 100);
    const sig = (k: number) => Math.sqrt(w(k) / chainTime);
    const vol = Math.max(0, s.iv + sig(k0 - Math.log(P / 100)) - sig(k0));
    const W = (s.type === "call" ? 1 : -1) * s.oi!;
    gamma += W * vanilla({ type: s.type, spot: P, strike: s.strike, time: chainTime, vol }).gamma * P * P * 0.01;
  }
  return gamma;
}

describe("sticky-moneyness profile on the vol surface", () => {
  it("at spot it equals the sticky-strike profile (each contract keeps its own IV there)", async () => {
    const c = makeChain(specs);
    const a = await computeProfile(c, { grid: { steps: 10 } });
    const b = await computeProfile(c, { grid: { steps: 10 }, volModel: "sticky-moneyness" });
    const { scale } = maxDiff(a.gamma, a.gamma);
    expect(Math.abs(a.gamma[5]! - b.gamma[5]!)).toBeLessThanOrEqual(1e-9 * scale);
    expect(b.atSpot).toEqual(a.atSpot);
    expect(b.surface).toEqual({ slices: 1, fallbacks: [], butterfly: 0, calendar: 0 });
    expect(a.surface).toBeNull();
  });

  it("with a flat smile it equals the sticky-strike profile everywhere", async () => {
    const c = makeChain(specs.map((s) => ({ ...s, iv: 0.4 })));
    const a = await computeProfile(c);
    const b = await computeProfile(c, { volModel: "sticky-moneyness" });
    for (const key of ["gamma", "vanna", "charm"] as const) {
      const { err, scale } = maxDiff(b[key], a[key]);
      expect(err, key).toBeLessThanOrEqual(1e-9 * scale);
    }
  });

  it("at a grid price P a contract takes its own IV plus the smile's change at its moneyness K/P (independent evaluation)", async () => {
    const c = makeChain(specs);
    const p = await computeProfile(c, { grid: { from: 85, to: 115, steps: 6 }, volModel: "sticky-moneyness" });
    const slice = fitVolSurface(c).slices[0]!;
    const fitted = slice.svi!;
    for (let k = 0; k < p.grid.length; k++) {
      const P = p.grid[k]!;
      // the surface's own smile, evaluated here from its SVI parameters: the profile's summation path
      const want = handGamma(c.time[0]!, P, (x) => sviTotalVariance(fitted, x));
      expect(Math.abs(p.gamma[k]! - want), `P = ${P}`).toBeLessThanOrEqual(1e-9 * Math.abs(want) + 1e-12);
      // the smile that generated the quotes: the fit recovered it, so the profiles agree to the fit's accuracy
      const gen = handGamma(c.time[0]!, P, (x) => sviTotalVariance(P0, x));
      expect(Math.abs(p.gamma[k]! - gen), `P = ${P} (generating smile)`).toBeLessThanOrEqual(1e-6 * Math.abs(gen));
    }
    // and it differs from sticky strike away from spot (the smile is skewed)
    const a = await computeProfile(c, { grid: { from: 85, to: 115, steps: 6 } });
    expect(Math.abs(p.gamma[0]! - a.gamma[0]!)).toBeGreaterThan(1e-3 * Math.abs(a.gamma[0]!));
  });
});
