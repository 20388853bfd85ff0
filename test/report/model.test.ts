import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { zeroCrossings } from "../../src/exposure/levels.js";
import { dealerHedges } from "../../src/exposure/hedge.js";
import { computeProfile, type Profile } from "../../src/exposure/profile.js";
import type { NotesProfile } from "../../src/notes/profile.js";
import type { ExposureTotals, NoteExposure } from "../../src/notes/exposure.js";
import { renderJson } from "../../src/report/json.js";
import { buildReportModel, REPORT_UNITS, strikesNearSpot, type ReportNotesInput } from "../../src/report/model.js";
import { makeChain } from "../exposure/helpers.js";

const REGISTRY = {
  classes: { X: "crypto" },
  instruments: [
    { id: "BIG", name: "Big future", venue: "V", underlyings: ["X"], size: 5, unit: "X", source: "s", verify: false },
    { id: "NANO", name: "Nano future", venue: "V", underlyings: ["X"], size: 0.01, unit: "X", source: "s", verify: true },
  ],
};

/** A straddle-and-wings chain around spot 100 whose profile has a crossing (dealers short the puts). */
async function profile(): Promise<Profile> {
  const chain = makeChain([
    { type: "put", strike: 90, time: 0.1, iv: 0.5, oi: 400 },
    { type: "put", strike: 95, time: 0.1, iv: 0.5, oi: 300 },
    { type: "call", strike: 100, time: 0.1, iv: 0.5, oi: 100 },
    { type: "call", strike: 110, time: 0.1, iv: 0.5, oi: 500 },
  ]);
  return computeProfile(chain, { grid: { range: [0.7, 1.3], steps: 120 } });
}

function noteRow(id: string, barrier: number, over: Partial<NoteExposure> = {}): NoteExposure {
  return {
    id, issuer: "Bank", underlying: "Y", observation: "daily", pricingDate: "2025-11-10", maturity: "2026-11-10",
    finalValuationDate: "2026-11-05", initialLevel: 60, barrierLevel: barrier, barrierPct: barrier / 60, strike: 60, notionalUsd: 1e7, status: "alive",
    statusDate: null, knockInDate: null, remainingYears: 0.8, nextAutocallDate: null, autocallChecked: true,
    distancePct: -5, shares: 1e7 / 60, vol: 0.5, value: 1, valueUsd: 1e7 / 60, delta: -0.7, gamma: 0.01, vanna: 0.1,
    hedgeShares: 0.7e7 / 60, hedgeUsd: 1, parts: { put: { value: 1, delta: -0.7, hedgeShares: 0.7e7 / 60 }, coupons: { value: 0, delta: 0, hedgeShares: 0 }, autocall: { value: 0, delta: 0, hedgeShares: 0 } },
    engine: "bgk", unwindEngine: "exact", missedCoupons: 0, knockInUnwindShares: -100, knockInUnwindUsd: -100 * barrier,
    breachUnwindShares: null, breachUnwindUsd: null, ...over,
  };
}

const TOTALS: ExposureTotals = {
  byStatus: { pending: { count: 0, notionalUsd: 0 }, alive: { count: 2, notionalUsd: 2e7 }, "breached-intraday": { count: 0, notionalUsd: 0 }, "knocked-in": { count: 0, notionalUsd: 0 }, autocalled: { count: 0, notionalUsd: 0 }, matured: { count: 0, notionalUsd: 0 } },
  count: 2, notionalUsd: 2e7, shares: 1, valueUsd: 1, hedgeShares: 1, hedgeUsd: 1, dollarGamma: 1, dollarVanna: 1,
  knockInUnwindShares: -200, knockInUnwindUsd: -1, partsHedgeShares: { put: 1, coupons: 0, autocall: 0 }, engines: { bgk: 2 },
};

function overlay(m: number, f: (k: number) => number): NotesProfile {
  const g = Float64Array.from({ length: m }, (_, k) => f(k));
  return { gamma: g, vanna: g.map((v) => v / 2), charm: g.map((v) => -v), delta: new Float64Array(m), deltaUnderlying: new Float64Array(m), included: ["A", "B"], skipped: [{ id: "C", reason: "matured" }], engines: [{ id: "A", engines: ["bgk"] }, { id: "B", engines: ["bgk"] }] };
}

describe("buildReportModel", () => {
  it("carries the engine's results unchanged, as plain JSON-ready data", async () => {
    const p = await profile();
    const hedge = dealerHedges(p, REGISTRY);
    const m = buildReportModel({ profile: p, hedge, registry: REGISTRY, source: { file: "chain.csv", format: "generic" } });
    expect(m.version).toBe(2);
    expect(m.units).toBe(REPORT_UNITS);
    expect(m.title).toBe("X dealer gamma report");
    expect(m.meta.asOf).toBe("2024-01-08T15:00:00Z");
    expect(m.meta.spot).toBe(100);
    expect(m.meta.source).toEqual({ file: "chain.csv", format: "generic", contracts: 4, used: 4, expired: 0, filtered: 0, load: null });
    expect(m.meta.conventions.grid).toEqual({ lo: p.grid[0], hi: p.grid[p.grid.length - 1], points: 121, spacing: "linear" });
    for (const k of ["gamma", "vanna", "charm"] as const) {
      expect(Array.isArray(m.profile[k])).toBe(true);
      expect(m.profile[k]).toEqual(Array.from(p[k]));
    }
    expect(m.profile.price).toEqual(Array.from(p.grid));
    expect(m.levels).toEqual({ ...p.levels, flip: p.levels.nearestZeroGamma, flipRule: "nearest spot" });
    expect(m.levels.zeroGamma.length).toBeGreaterThan(0);
    expect(m.shortGammaZones).toEqual(p.shortGammaZones);
    expect(m.atSpot).toEqual(p.atSpot);
    // the hedges: the exact flows with the prices they trade at, and the first-order estimate
    expect(m.hedge.firstOrder).toEqual({ underlying: hedge.perPct.underlying, usd: hedge.perPct.usd });
    for (const k of ["up1pct", "down1pct", "volUp1pt", "nextDay"] as const) {
      expect(m.hedge[k]).toEqual({ underlying: hedge[k].underlying, usd: hedge[k].usd, price: p.flows[k].price });
    }
    expect(m.hedge.up1pct.price).toBe(p.spot * 1.01);
    expect(m.hedge.down1pct.price).toBe(p.spot * 0.99);
    // the hedge table: every matching instrument with its name, size and the engine's counts
    expect(m.hedge.instruments.map((i) => [i.id, i.name, i.size, i.up1pct, i.down1pct, i.firstOrder])).toEqual([
      ["BIG", "Big future", 5, hedge.up1pct.contracts.BIG, hedge.down1pct.contracts.BIG, hedge.perPct.contracts.BIG],
      ["NANO", "Nano future", 0.01, hedge.up1pct.contracts.NANO, hedge.down1pct.contracts.NANO, hedge.perPct.contracts.NANO],
    ]);
    expect(m.hedge.instruments[0]!.firstOrder * 5).toBeCloseTo(hedge.perPct.underlying, 12);
    expect(m.hedge.instruments[0]!.up1pct * 5).toBeCloseTo(hedge.up1pct.underlying, 12);
    expect(m.byExpiry).toHaveLength(1);
    expect(m.byExpiry[0]!.gamma).toBe(p.byExpiry[0]!.gamma);
    expect(m.strikes.map((r) => r.strike)).toEqual([90, 95, 100, 110]);
    expect(m.notes).toBeNull();
    expect(m.notesOverlay).toBeNull();
    // the model is data: JSON keeps it whole
    expect(JSON.parse(renderJson(m))).toEqual(m);
  });

  it("does not modify its inputs", async () => {
    const p = await profile();
    const hedge = dealerHedges(p, REGISTRY);
    const before = { gamma: Float64Array.from(p.gamma), levels: structuredClone(p.levels), strikes: structuredClone(p.strikes), hedge: structuredClone(hedge) };
    const m = buildReportModel({ profile: p, hedge, registry: REGISTRY, source: { file: "f" }, strikesAround: 2 });
    m.levels.zeroGamma.push(1);
    m.strikes[0]!.strike = -1;
    m.profile.gamma[0] = 42;
    expect(p.gamma).toEqual(before.gamma);
    expect(p.levels).toEqual(before.levels);
    expect(p.strikes).toEqual(before.strikes);
    expect(hedge).toEqual(before.hedge);
  });

  it("an instrument missing from the registry keeps its id and an unknown size (null in JSON)", async () => {
    const p = await profile();
    const odd = { underlying: 1, usd: 100, contracts: { ODD: 3 } };
    const hedge = { perPct: odd, up1pct: odd, down1pct: odd, volUp1pt: odd, nextDay: odd };
    const m = buildReportModel({ profile: p, hedge, source: { file: "f" } });
    expect(m.hedge.instruments[0]!.name).toBe("ODD");
    expect(JSON.parse(renderJson(m)).hedge.instruments[0].size).toBeNull();
  });

  it("puts note levels on the grid through the mapping and adds the issuers' gamma", async () => {
    const p = await profile();
    const hedge = dealerHedges(p);
    const map = { from: "Y", to: "X", ratio: 0.000568 };
    const m0 = p.grid.length;
    const notes: ReportNotesInput = {
      file: "notes.csv", underlying: "Y", spot: 100 * 0.000568, vol: { source: "flag", value: 0.5 }, rate: 0,
      exposures: [noteRow("A", 0.0511), noteRow("B", 0.0545)], totals: TOTALS, tolerance: 0.02,
      clusters: {
        clusters: [{ lo: 0.0511, hi: 0.0511, center: 0.0511, count: 1, notional: 1e7, noteIds: ["A"], unwindShares: -100, unwindUsd: -5.11, distancePct: -10, firstObservation: "2026-02-05", lastObservation: "2026-11-10", engines: { exact: 1 } }],
        breached: [{ lo: 0.0545, hi: 0.0545, center: 0.0545, count: 1, notional: 1e7, noteIds: ["B"], unwindShares: -100, unwindUsd: -5.45, distancePct: -4, firstObservation: "2026-01-05", lastObservation: "2026-01-05", engines: { exact: 1 } }],
        hidden: { clusters: 0, notes: 0, notional: 0 }, excluded: { pending: 0, alive: 0, "breached-intraday": 0, "knocked-in": 0, autocalled: 0, matured: 0 },
      },
      overlay: overlay(m0, (k) => (k - 50.5) * 1e3),
    };
    const m = buildReportModel({ profile: p, hedge, source: { file: "f" }, notes, mapping: map });
    // a price in Y is the X price × ratio, so on the X grid it is the Y level / ratio (exactly one division)
    expect(m.notes!.rows.map((r) => r.barrierOnGrid)).toEqual([0.0511 / 0.000568, 0.0545 / 0.000568]);
    expect(m.clusters!.rows.map((r) => [r.breached, r.centerOnGrid])).toEqual([[false, 0.0511 / 0.000568], [true, 0.0545 / 0.000568]]);
    const o = m.notesOverlay!;
    for (let k = 0; k < m0; k++) expect(o.combinedGamma[k]).toBe(p.gamma[k]! + (k - 50.5) * 1e3);
    expect(o.combinedZeroGamma).toEqual(zeroCrossings(p.grid, Float64Array.from(o.combinedGamma)));
    expect(o.included).toBe(2);
    expect(o.skipped).toEqual([{ id: "C", reason: "matured" }]);
    expect(m.mapping).toEqual(map);
    expect(JSON.parse(renderJson(m))).toEqual(m);
  });

  it("a note the mapping cannot express gets null grid levels, not an error", async () => {
    const p = await profile();
    const m = buildReportModel({
      profile: p, hedge: dealerHedges(p), source: { file: "f" },
      notes: { file: "n", underlying: "Y", vol: { source: "default", value: 0.55 }, rate: 0, exposures: [noteRow("A", 40)], totals: TOTALS },
    });
    expect(m.notes!.rows[0]!.barrierOnGrid).toBeNull();
  });

  it("rejects an overlay computed on another grid", async () => {
    const p = await profile();
    expect(() => buildReportModel({
      profile: p, hedge: dealerHedges(p), source: { file: "f" },
      notes: { file: "n", underlying: "X", vol: { source: "flag", value: 0.5 }, rate: 0, exposures: [], totals: TOTALS, overlay: overlay(7, () => 1) },
    })).toThrow(/overlay has 7 points, the profile's grid 121/);
  });
});

describe("strikesNearSpot", () => {
  it("keeps the n strikes nearest spot, ascending, and no left-out strike is nearer than a kept one", () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 2000 }), { minLength: 0, maxLength: 60 }), fc.double({ min: 1, max: 2000, noNaN: true }), fc.integer({ min: 0, max: 70 }),
      (ks, spot, n) => {
        const rows = ks.map((strike) => ({ strike }));
        const kept = strikesNearSpot(rows, spot, n);
        expect(kept).toHaveLength(Math.min(n, rows.length));
        for (let i = 1; i < kept.length; i++) expect(kept[i]!.strike).toBeGreaterThan(kept[i - 1]!.strike);
        const keptSet = new Set(kept.map((r) => r.strike));
        const worstKept = Math.max(-Infinity, ...kept.map((r) => Math.abs(r.strike - spot)));
        for (const r of rows) if (!keptSet.has(r.strike)) expect(Math.abs(r.strike - spot)).toBeGreaterThanOrEqual(worstKept);
      },
    ));
  });

  it("breaks a distance tie toward the lower strike", () => {
    expect(strikesNearSpot([{ strike: 90 }, { strike: 110 }, { strike: 150 }], 100, 1)).toEqual([{ strike: 90 }]);
  });
});
