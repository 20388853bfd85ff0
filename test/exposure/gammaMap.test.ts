import { describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { formatInstant, YEAR_MS } from "../../src/data/time.js";
import { gammaMap } from "../../src/exposure/gammaMap.js";
import { zeroCrossings } from "../../src/exposure/levels.js";
import { vanilla } from "../../src/options/vanilla.js";
import { realPath } from "../data/helpers.js";
import { AS_OF, randomChain } from "./helpers.js";

const DAY = 86400_000;

describe("gammaMap: the profile as the days pass (sticky strike, spot held)", () => {
  it("each day's column equals a direct per-contract sum with T shortened and expired contracts dropped", async () => {
    const chain = randomChain(7, 300, { spot: 100 });
    const days = 10;
    const map = await gammaMap(chain, { days, grid: { range: [0.8, 1.2], steps: 40 } });
    expect(map.columns.map((c) => c.day)).toEqual([...Array(days + 1).keys()]);
    for (const col of map.columns) {
      const at = AS_OF + col.day * DAY;
      expect(col.atMs).toBe(at);
      let max = 0;
      const direct = Array.from(map.grid, (P) => {
        let s = 0;
        for (let i = 0; i < chain.length; i++) {
          const T = (chain.expiry[i]! - at) / YEAR_MS;
          if (!(T > 0)) continue;
          const call = chain.type[i] === 1;
          const g = vanilla({ type: call ? "call" : "put", spot: P, strike: chain.strike[i]!, time: T, vol: chain.iv[i]! }).gamma;
          s += (call ? 1 : -1) * chain.openInterest[i]! * chain.multiplier[i]! * g * P * P * 0.01;
        }
        max = Math.max(max, Math.abs(s));
        return s;
      });
      // the kernel's accuracy contract: within 1e-9 of the profile's largest magnitude
      for (let k = 0; k < direct.length; k++) expect(Math.abs(col.gamma[k]! - direct[k]!)).toBeLessThanOrEqual(1e-9 * max);
      expect(col.zeroGamma).toEqual(zeroCrossings(map.grid, col.gamma));
      let alive = 0;
      for (let i = 0; i < chain.length; i++) if (chain.expiry[i]! > at) alive++;
      expect(col.used).toBe(alive);
    }
  });

  it("SPX 2024-01-07: day 2 drops Monday 8 Jan's expiry, days 12–13 drop the 19 Jan monthly (09:30 and 16:00)", async () => {
    const { chain } = await loadChain(realPath("spx_quotedata_2024-01-07.csv"));
    const map = await gammaMap(chain, { days: 13, grid: { range: [0.9, 1.1], steps: 50 } });
    const z = chain.asOf.zone;
    const t0 = chain.asOf.epochMs;
    const expiries = [...new Set(Array.from(chain.expiry))].sort((a, b) => a - b);
    for (const c of map.columns) {
      const want = c.day === 0 ? [] : expiries.filter((e) => e > t0 + (c.day - 1) * DAY && e <= t0 + c.day * DAY).map((e) => formatInstant({ epochMs: e, zone: z }));
      expect(c.expiredSince).toEqual(want);
    }
    expect(map.columns[1]!.expiredSince).toEqual([]);
    expect(map.columns[2]!.expiredSince).toEqual(["2024-01-08T16:00:00-05:00"]);
    // day 12 = Fri 19 Jan 10:52: Thursday's expiry and the 09:30 AM-settled monthly; day 13 the 16:00 SPXW listing
    expect(map.columns[12]!.expiredSince).toEqual(["2024-01-18T16:00:00-05:00", "2024-01-19T09:30:00-05:00"]);
    expect(map.columns[13]!.expiredSince).toEqual(["2024-01-19T16:00:00-05:00"]);
    // day 0 is the snapshot's profile
    expect(map.columns[0]!.nearestZeroGamma).not.toBeNull();
  });

  it("rejects days outside 1–366 and a start before the snapshot", async () => {
    const chain = randomChain(1, 10);
    await expect(gammaMap(chain, { days: 0 })).rejects.toThrow(RangeError);
    await expect(gammaMap(chain, { days: 1.5 })).rejects.toThrow(RangeError);
    await expect(gammaMap(chain, { days: 367 })).rejects.toThrow(RangeError);
    await expect(gammaMap(chain, { days: 2, fromMs: AS_OF - DAY })).rejects.toThrow(RangeError);
  });
});
