import { describe, expect, it } from "vitest";
import { ChainBuilder, type Chain } from "../../src/data/chain.js";
import { loadChain } from "../../src/data/load.js";
import { expiryOverlay } from "../../src/exposure/expiryOverlay.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { dateInZone } from "../../src/exposure/select.js";
import { realPath } from "../data/helpers.js";
import { maxDiff } from "./helpers.js";

/** A copy of the chain without the contracts `drop` picks: an independent route to each filtered profile. */
function without(chain: Chain, drop: (i: number) => boolean): Chain {
  const b = new ChainBuilder();
  for (let i = 0; i < chain.length; i++) {
    if (drop(i)) continue;
    b.push({
      type: chain.type[i]!, strike: chain.strike[i]!, expiry: chain.expiry[i]!, time: chain.time[i]!, openInterest: chain.openInterest[i]!,
      multiplier: chain.multiplier[i]!, iv: chain.iv[i]!, root: chain.root[i]!, line: chain.line[i]!,
      ...(Number.isFinite(chain.forward[i]!) ? { forward: chain.forward[i]! } : {}),
    });
  }
  return b.finish({ underlying: chain.underlying, asOf: chain.asOf, spot: chain.spot, rate: chain.rate, dividend: chain.dividend });
}

describe("expiryOverlay: all expiries, without the next, without the next monthly, on one grid", () => {
  it.each([
    ["spx_quotedata_2024-01-07.csv", "2024-01-08", "2024-01-19"],
    ["deribit_btc_book_summary_2024-03-12T0557Z.csv", "2024-03-12", "2024-03-29"],
    ["ibit_chain_2026-07-14.json", "2026-07-15", "2026-07-17"],
  ])("%s: each line equals the profile of the chain with those contracts removed", async (name, next, monthly) => {
    const { chain } = await loadChain(realPath(name));
    const grid = { range: [0.85, 1.15] as [number, number], steps: 200 };
    const o = await expiryOverlay(chain, { grid });
    expect(o.lines.map((l) => l.id)).toEqual(["all", "exNext", "exMonthly"]);
    expect(o.lines[1]!.removed!.date).toBe(next);
    expect(o.lines[2]!.removed!.date).toBe(monthly);
    const zone = chain.asOf.zone;
    const firstExpiry = Math.min(...chain.expiry);
    const cases: Array<[number, Chain]> = [
      [0, chain],
      [1, without(chain, (i) => chain.expiry[i] === firstExpiry)],
      [2, without(chain, (i) => dateInZone(chain.expiry[i]!, zone) === monthly)],
    ];
    for (const [k, c] of cases) {
      const ref = await computeProfile(c, { grid });
      const line = o.lines[k]!;
      const { err, scale } = maxDiff(line.gamma, ref.gamma);
      // the same contracts through the same kernel: equal up to summation order within a group
      expect(err, `${name} line ${line.id}`).toBeLessThanOrEqual(1e-12 * scale);
      expect(line.used).toBe(ref.counts.used);
      expect(line.atSpotGamma).toBeCloseTo(ref.atSpot.gamma, 0);
      expect(line.zeroGamma.length).toBe(ref.levels.zeroGamma.length);
    }
    // removing an expiry changes the profile
    expect(maxDiff(o.lines[0]!.gamma, o.lines[2]!.gamma).err).toBeGreaterThan(0);
  });

  it("reuses a given base profile (same grid) and refuses nothing else", async () => {
    const { chain } = await loadChain(realPath("ndx_quotedata_2022-02-05.csv"));
    const base = await computeProfile(chain, { grid: { steps: 100 } });
    const o = await expiryOverlay(chain, { base });
    expect(o.lines[0]!.gamma).toBe(base.gamma);
    expect(o.grid).toBe(base.grid);
    expect(o.lines[1]!.gamma.length).toBe(101);
  });
});
