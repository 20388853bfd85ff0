import { describe, expect, it } from "vitest";
import { computeProfile } from "../../src/exposure/profile.js";
import { vanilla } from "../../src/options/vanilla.js";
import { makeChain, maxDiff, type Spec } from "./helpers.js";

const T = 20 / 365;
/** One expiry with a skewed smile: IV falls with strike. */
const smile = (K: number) => 0.5 - 0.3 * Math.log(K / 100);
const strikes = [80, 85, 90, 95, 100, 105, 110, 115, 120];
const specs: Spec[] = strikes.flatMap((K) => [
  { type: "call" as const, strike: K, time: T, iv: smile(K), oi: 10 },
  { type: "put" as const, strike: K, time: T, iv: smile(K), oi: 12 },
]);

describe("sticky-moneyness profile", () => {
  it("at spot it equals the sticky-strike profile (each contract keeps its own IV there)", async () => {
    const c = makeChain(specs);
    const a = await computeProfile(c, { grid: { steps: 10 } });
    const b = await computeProfile(c, { grid: { steps: 10 }, volModel: "sticky-moneyness" });
    const { scale } = maxDiff(a.gamma, a.gamma);
    expect(Math.abs(a.gamma[5]! - b.gamma[5]!)).toBeLessThanOrEqual(1e-9 * scale);
    expect(b.atSpot).toEqual(a.atSpot);
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

  it("at a grid price P a contract takes the IV its moneyness K/P had at spot, on the strikes of the smile", async () => {
    const c = makeChain(specs);
    // grid on 5-point steps: K·S/P lands on a listed strike for K = 100 and P = 95, 105
    const p = await computeProfile(c, { grid: { from: 95, to: 105, steps: 2 }, volModel: "sticky-moneyness" });
    for (const [k, P] of [[0, 95], [2, 105]] as const) {
      let gamma = 0;
      for (const s of specs) {
        const shifted = smile(s.strike) + (interp((s.strike * 100) / P) - smile(s.strike));
        const W = (s.type === "call" ? 1 : -1) * s.oi!;
        gamma += W * vanilla({ type: s.type, spot: P, strike: s.strike, time: c.time[0]!, vol: Math.max(0, shifted) }).gamma * P * P * 0.01;
      }
      expect(Math.abs(p.gamma[k]! - gamma), `P = ${P}`).toBeLessThanOrEqual(1e-9 * Math.abs(gamma) + 1e-12);
    }
  });
});

/** The smile as the profile sees it: linear in log strike between listed strikes, flat beyond. */
function interp(K: number): number {
  const x = Math.log(K);
  const xs = strikes.map(Math.log);
  if (x <= xs[0]!) return smile(strikes[0]!);
  if (x >= xs[xs.length - 1]!) return smile(strikes[strikes.length - 1]!);
  let i = 0;
  while (xs[i + 1]! < x) i++;
  const t = (x - xs[i]!) / (xs[i + 1]! - xs[i]!);
  return smile(strikes[i]!) + t * (smile(strikes[i + 1]!) - smile(strikes[i]!));
}
