/**
 * forcedFlows on the shipped sample (a synthetic Deribit BTC book and IBIT note book, data/README.md):
 * the dealers' source on the grid telescopes to the exact re-hedge the profile computes per contract
 * (dealerFlows.ts, a separate evaluation path), the issuers sell below the barriers, and the JSON
 * document carries the contract's fields.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Chain } from "../../src/data/chain.js";
import { loadChain } from "../../src/data/load.js";
import { loadPriceHistory } from "../../src/data/priceHistory.js";
import { loadTermSheets } from "../../src/data/termSheets.js";
import { priceGrid } from "../../src/exposure/grid.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { forcedFlows } from "../../src/flows/forcedFlows.js";
import { gridWithSpot } from "../../src/flows/grid.js";
import { forcedFlowsJson } from "../../src/flows/json.js";
import { buildLadder, simpleRule } from "../../src/flows/ladder.js";
import { LEVERAGE_PRESETS } from "../../src/flows/leverage.js";
import { notesProfile } from "../../src/notes/profile.js";
import { parseUnderlyingMap } from "../../src/notes/underlyingMap.js";

const data = (name: string) => fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
let chain: Chain;
beforeAll(async () => {
  chain = (await loadChain(data("btc_deribit_sample_2026-02-04.csv"))).chain;
});

describe("forcedFlows", () => {
  it("dealers: the cumulative flow to ±1% is the exact re-hedge, to the kernel's accuracy", async () => {
    const S = chain.spot;
    const p = await computeProfile(chain, { grid: priceGrid({ spot: S, range: [0.99, 1.01], steps: 2 }), delta: true });
    expect(Array.from(p.grid)).toEqual([0.99 * S, S, 1.01 * S]);
    const f = forcedFlows({ profile: p });
    const c = f.map.sources.dealers!.cumulative;
    // the kernel's delta is accurate to 1e-9 of the profile's largest |delta| (kernel.ts contract)
    const maxD = Math.max(...Array.from(p.delta!, (d, k) => Math.abs(d / p.grid[k]!)));
    const tol = 2e-9 * maxD;
    const mid = (a: number, b: number) => 0.5 * (a + b);
    expect(Math.abs(c[2]! / mid(S, 1.01 * S) - p.flows.up1pct.underlying)).toBeLessThanOrEqual(tol);
    expect(Math.abs(c[0]! / mid(S, 0.99 * S) - p.flows.down1pct.underlying)).toBeLessThanOrEqual(tol);
    expect(c[1]).toBe(0);
    // dealers are short gamma at this sample's spot: they buy a rally and sell a fall
    expect(c[2]).toBeGreaterThan(0);
    expect(c[0]).toBeLessThan(0);
    expect(f.assumptions[0]).toMatch(/^dealers: naive positions/);
  });

  it("issuers: the IBIT notes mapped onto BTC buy dips between barriers and sell at a daily barrier, as a jump", async () => {
    const S = chain.spot;
    const grid = gridWithSpot(priceGrid({ spot: S, range: [0.8, 1.05], steps: 250 }));
    const p = await computeProfile(chain, { grid, delta: true });
    const history = await loadPriceHistory(data("ibit_history_2025-09_2026-02.csv"));
    const { notes } = await loadTermSheets(data("ibit_notes_sample.csv"), { history });
    const map = parseUnderlyingMap("IBIT:BTC=0.000568");
    const overlay = notesProfile(notes, grid, { asOfMs: chain.asOf.epochMs, vol: 0.55, gridUnderlying: "BTC", map, spot: S, history });
    const f = forcedFlows({ profile: p, notes: overlay });
    const iss = f.map.sources.issuers!;
    const s = Array.from(grid.prices).indexOf(S);
    // issuers are long the puts: between barriers they buy as price falls (long gamma, the hedge
    // grows), and where a daily-observed barrier is crossed they sell the excess hedge at once (the
    // knock-in unwind: a jump of their delta inside the bin holding the barrier)
    const below = Array.from(iss.bins.subarray(0, s));
    expect(below.some((v) => v > 0)).toBe(true);
    const worst = below.indexOf(Math.min(...below));
    expect(below[worst]).toBeLessThan(0);
    const daily = notes.filter((n) => n.observation === "daily" && overlay.included.includes(n.id)).map((n) => n.barrierLevel / 0.000568);
    expect(daily.some((h) => h >= grid.prices[worst]! && h <= grid.prices[worst + 1]!)).toBe(true);
    // a jump against the slope: the bins on either side buy (long gamma), the barrier's bin sells
    expect(below[worst - 1]).toBeGreaterThan(0);
    expect(below[worst + 1]).toBeGreaterThan(0);
  });

  it("liquidations and ADL enter with their assumptions; the JSON carries the contract's fields", async () => {
    const S = chain.spot;
    const p = await computeProfile(chain, { grid: gridWithSpot(priceGrid({ spot: S, range: [0.8, 1.2], steps: 200 })), delta: true });
    const ladder = buildLadder([{ time: 0, high: S, low: S, close: S, openInterest: 50000 }], LEVERAGE_PRESETS.neutral, simpleRule(0.005));
    const f = forcedFlows({ profile: p, ladder, adl: { fund: 1e8 }, depth: 2e8 });
    const doc = forcedFlowsJson(f, chain.asOf.zone);
    for (const k of ["asOf", "spot", "underlying", "grid", "sources", "total", "cumulative", "levels", "cascade", "assumptions", "warnings"]) expect(doc).toHaveProperty(k);
    expect(Object.keys(doc.sources)).toEqual(["dealers", "issuers", "liquidations", "adl"]);
    expect(doc.sources.issuers).toBeNull();
    expect(doc.sources.dealers!.length).toBe(doc.grid.length - 1);
    expect(doc.cumulative.total![doc.grid.indexOf(doc.spot)]).toBe(0);
    expect(doc.cascade!.map((c) => c.shock)).toEqual([-0.01, -0.05, -0.1, 0.01, 0.05, 0.1]);
    expect(doc.assumptions.some((a) => /^liquidations ESTIMATED/.test(a))).toBe(true);
    expect(doc.assumptions.some((a) => /^ADL ESTIMATED/.test(a))).toBe(true);
    expect(doc.assumptions.some((a) => /^cascade MODEL/.test(a))).toBe(true);
    // the total is the sum of the sources, bin by bin
    const k = 10;
    expect(doc.total[k]).toBe(doc.sources.dealers![k]! + doc.sources.liquidations![k]! + doc.sources.adl![k]!);
    // every long liquidation price of 5x–125x on a 0.8–1.2 grid is on it; shorts 5x beyond 1.2 are not
    expect(doc.beyondGrid.below).toBe(0);
    expect(doc.warnings.length).toBe(0);
    expect(() => forcedFlows({ profile: p, adl: { fund: 1 } })).toThrow(/needs a liquidation ladder/);
  });

  it("needs a profile with delta on a grid holding spot", async () => {
    const p = await computeProfile(chain, { grid: { steps: 10 } });
    expect(() => forcedFlows({ profile: p })).toThrow(/with its delta/);
    const q = await computeProfile(chain, { grid: { range: [0.85, 1.2], steps: 6 }, delta: true });
    expect(() => forcedFlows({ profile: q })).toThrow(/not a price of the grid/);
  });
});
