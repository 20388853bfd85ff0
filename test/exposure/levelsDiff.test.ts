import { describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { priceGrid } from "../../src/exposure/grid.js";
import { diffLevels } from "../../src/exposure/levelsDiff.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { realPath } from "../data/helpers.js";

describe("diffLevels: every level of two profiles side by side", () => {
  it("SPX 2022 → 2024 on one grid: each row is the two profiles' own figures and their difference", async () => {
    const a = (await loadChain(realPath("extra/spx_quotedata_2022-02-04_close.csv"))).chain;
    const b = (await loadChain(realPath("spx_quotedata_2024-01-07.csv"))).chain;
    const grid = priceGrid({ spot: b.spot, from: 3600, to: 5700, steps: 420 });
    const pa = await computeProfile(a, { grid });
    const pb = await computeProfile(b, { grid });
    const d = diffLevels(pa, pb);
    const row = (id: string) => d.rows.find((r) => r.id === id)!;
    expect(d.rows.map((r) => r.id)).toEqual(["spot", "nearestZeroGamma", "callWall", "putWall", "absGammaStrike", "gammaAtSpot", "vannaAtSpot", "charmAtSpot"]);
    expect(row("spot")).toEqual({ id: "spot", older: 4500.5298, newer: 4697.2402, change: 4697.2402 - 4500.5298, changePct: (4697.2402 / 4500.5298 - 1) * 100 });
    expect(row("callWall").older).toBe(pa.levels.callWall);
    expect(row("callWall").newer).toBe(4800); // the SPX 2024-01-07 call wall (README)
    expect(row("putWall").change).toBe(pb.levels.putWall! - pa.levels.putWall!);
    expect(row("gammaAtSpot").older).toBe(pa.atSpot.gamma);
    expect(row("charmAtSpot").newer).toBe(pb.atSpot.charm);
    expect(d.zeroGamma.older).toEqual(pa.levels.zeroGamma);
    expect(d.shortGammaZones.newer).toEqual(pb.shortGammaZones);
  });

  it("a level absent on one side: null change and percentage", async () => {
    const a = (await loadChain(realPath("ibit_chain_2026-07-14.json"))).chain;
    const p = await computeProfile(a, { grid: { steps: 50 } });
    const q = { ...p, levels: { ...p.levels, nearestZeroGamma: null } };
    const r = diffLevels(p, q).rows.find((x) => x.id === "nearestZeroGamma")!;
    expect(r.newer).toBeNull();
    expect(r.change).toBeNull();
    expect(r.changePct).toBeNull();
  });
});
