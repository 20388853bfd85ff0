import { describe, expect, it } from "vitest";
import type { Chain } from "../../src/data/chain.js";
import { YEAR_MS } from "../../src/data/time.js";
import { priceGrid } from "../../src/exposure/grid.js";
import { dealerHedges, hedgeFlows } from "../../src/exposure/hedge.js";
import { profileJson } from "../../src/exposure/json.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { vanilla } from "../../src/options/vanilla.js";
import { AS_OF, EPS, makeChain, maxDiff, randomChain } from "./helpers.js";

const S = 100;

/** |a − b| ≤ k·ε·|b| (k·ε·scale when given). */
function near(a: number, b: number, k: number, scale = Math.abs(b)): void {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(k * EPS * scale);
}

describe("one call, one put, a straddle: every at-spot field and its sign", () => {
  const T = 30 / 365;
  const g = vanilla({ type: "call", spot: S, strike: 100, time: T, vol: 0.5 });
  const gp = vanilla({ type: "put", spot: S, strike: 100, time: T, vol: 0.5 });

  it("one call, naive: dealers long 10 × 100 units; gamma, vanna, charm, delta are W times the library greeks, dollarized", async () => {
    const c = makeChain([{ type: "call", strike: 100, time: T, iv: 0.5, oi: 10, mult: 100 }], { spot: S });
    const p = await computeProfile(c);
    const W = 1000;
    near(p.atSpot.gamma, W * g.gamma * S * S * 0.01, 8);
    near(p.atSpot.vanna, W * g.vanna * S * 0.01, 8);
    near(p.atSpot.charm, (W * g.charm * S) / 365, 8);
    near(p.atSpot.deltaUnderlying, W * g.delta, 8);
    near(p.atSpot.delta, W * g.delta * S, 8);
    expect(p.atSpot.gamma).toBeGreaterThan(0); // long gamma
    // long gamma dealers sell a rally: the hedge per +1% is negative
    const h = hedgeFlows(p.atSpot.gamma, S, "X");
    near(h.underlying, -p.atSpot.gamma / S, 1);
    expect(h.underlying).toBeLessThan(0);
    expect(p.levels.callWall).toBe(100);
    expect(p.levels.putWall).toBeNull();
    expect(p.levels.absGammaStrike).toBe(100);
    expect(p.levels.zeroGamma).toEqual([]);
    expect(p.levels.nearestZeroGamma).toBeNull();
    expect(p.shortGammaZones).toEqual([]);
  });

  it("one put, naive: dealers short it; gamma negative, hedge buys a rally; the put wall is its strike", async () => {
    const c = makeChain([{ type: "put", strike: 100, time: T, iv: 0.5, oi: 10, mult: 100 }], { spot: S });
    const p = await computeProfile(c);
    const W = -1000;
    near(p.atSpot.gamma, W * gp.gamma * S * S * 0.01, 8);
    near(p.atSpot.charm, (W * gp.charm * S) / 365, 8);
    near(p.atSpot.deltaUnderlying, W * gp.delta, 8);
    expect(p.atSpot.gamma).toBeLessThan(0);
    expect(p.atSpot.deltaUnderlying).toBeGreaterThan(0); // short a put = long delta
    expect(hedgeFlows(p.atSpot.gamma, S, "X").underlying).toBeGreaterThan(0);
    expect(p.levels.putWall).toBe(100);
    expect(p.levels.callWall).toBeNull();
    // negative everywhere on the grid: one zone spanning it
    expect(p.shortGammaZones).toEqual([[p.grid[0], p.grid[p.grid.length - 1]]]);
  });

  it("a naive straddle is a long forward: gamma and vanna vanish, delta = W·e^(−qT), charm = W·q·e^(−qT)·P/365", async () => {
    const q = 0.02;
    const c = makeChain([
      { type: "call", strike: 100, time: T, iv: 0.5, oi: 3, mult: 100 },
      { type: "put", strike: 100, time: T, iv: 0.5, oi: 3, mult: 100 },
    ], { spot: S, rate: 0.05, dividend: q });
    const p = await computeProfile(c, { delta: true });
    const dq = Math.exp(-q * c.time[0]!);
    expect(Array.from(p.gamma).every((v) => v === 0)).toBe(true); // one merged group of weight 0
    expect(Array.from(p.vanna).every((v) => v === 0)).toBe(true);
    for (let k = 0; k < p.grid.length; k++) {
      near(p.delta![k]!, 300 * dq * p.grid[k]!, 8);
      near(p.charm[k]!, (300 * q * dq * p.grid[k]!) / 365, 8);
    }
    expect(Math.abs(p.atSpot.gamma)).toBeLessThanOrEqual(8 * EPS * 300 * g.gamma * S * S * 0.01);
  });

  it("dealers short a straddle (--dealer short) hold twice the put's gamma, negative", async () => {
    const c = makeChain([
      { type: "call", strike: 100, time: T, iv: 0.5, oi: 1 },
      { type: "put", strike: 100, time: T, iv: 0.5, oi: 1 },
    ], { spot: S });
    const p = await computeProfile(c, { dealer: "short" });
    near(p.atSpot.gamma, -2 * g.gamma * S * S * 0.01, 8);
    near(p.atSpot.vanna, -2 * g.vanna * S * 0.01, 8);
    expect(p.levels.callWall).toBeNull();
    expect(p.levels.putWall).toBe(100);
    const l = await computeProfile(c, { dealer: "long" });
    near(l.atSpot.gamma, -p.atSpot.gamma, 2);
  });

  it("the position column: dealer long 5 puts (+5) and short 2 calls (−2) at multiplier 100", async () => {
    const c = makeChain([
      { type: "call", strike: 100, time: T, iv: 0.5, oi: 40, mult: 100, position: -2 },
      { type: "put", strike: 100, time: T, iv: 0.5, oi: 90, mult: 100, position: 5 },
    ], { spot: S });
    const p = await computeProfile(c, { dealer: "column" });
    near(p.atSpot.gamma, 300 * g.gamma * S * S * 0.01, 8);
    near(p.atSpot.deltaUnderlying, -200 * g.delta + 500 * gp.delta, 8);
  });
});

describe("profile symmetry and identities", () => {
  it("one option's dollar gamma is symmetric in log price about K·e^(σ²T/2) (P·φ(d1) = K·φ(d2)), r = q = 0", async () => {
    const T = 0.25;
    const sigma = 0.4;
    const c = makeChain([{ type: "call", strike: 100, time: T, iv: sigma, oi: 7 }], { spot: S });
    const center = 100 * Math.exp((sigma * sigma * c.time[0]!) / 2);
    const grid = priceGrid({ spot: S, from: center / 1.5, to: center * 1.5, steps: 400, log: true });
    const p = await computeProfile(c, { grid });
    const { scale } = maxDiff(p.gamma, p.gamma);
    for (let k = 0; k < 200; k++) {
      expect(Math.abs(p.gamma[k]! - p.gamma[400 - k]!)).toBeLessThanOrEqual(1e-9 * scale);
    }
    expect(p.gamma[200]).toBe(scale); // the peak sits at the center
  });

  it("calls and puts of one strike, vol and expiry have the same gamma and vanna profiles (dealers long both)", async () => {
    const call = makeChain([{ type: "call", strike: 95, time: 0.1, iv: 0.3, oi: 4 }], { rate: 0.04, dividend: 0.01 });
    const put = makeChain([{ type: "put", strike: 95, time: 0.1, iv: 0.3, oi: 4 }], { rate: 0.04, dividend: 0.01 });
    const a = await computeProfile(call, { dealer: "long" });
    const b = await computeProfile(put, { dealer: "long" });
    expect(Array.from(a.gamma)).toEqual(Array.from(b.gamma));
    expect(Array.from(a.vanna)).toEqual(Array.from(b.vanna));
  });

  it("gamma is the price derivative of the delta profile (central differences, Richardson error bound)", async () => {
    const c = randomChain(8, 120, { forwards: true, rate: 0.03, dividend: 0.01 });
    const at = [85, 97, 100, 104, 118];
    for (const P of at) {
      const dAt = async (x: number) => (await computeProfile(c, { grid: priceGrid({ spot: S, from: x, to: x * (1 + 1e-12), steps: 1 }), delta: true })).delta![0]! / x;
      const D = async (h: number) => ((await dAt(P + h)) - (await dAt(P - h))) / (2 * h);
      const h = 1e-3;
      const d1 = await D(h);
      const d2 = await D(2 * h);
      const p = await computeProfile(c, { grid: priceGrid({ spot: S, from: P, to: P * (1 + 1e-12), steps: 1 }) });
      const gammaFd = d1 * P * P * 0.01;
      // Richardson: truncation of D(h) ≈ (D(2h) − D(h))/3; rounding of the delta sums ≈ ε·Σ|W|/h
      const sumW = Array.from(c.openInterest).reduce((a, oi, i) => a + oi * c.multiplier[i]!, 0);
      const tol = (Math.abs(d2 - d1) + (64 * EPS * sumW) / h) * P * P * 0.01;
      expect(Math.abs(p.gamma[0]! - gammaFd), `P = ${P}`).toBeLessThanOrEqual(tol);
    }
  });

  it("vanna is the vol derivative and charm the time derivative of the aggregate delta (finite differences)", async () => {
    const base = randomChain(12, 80, { forwards: true, rate: 0.03, dividend: 0.01 });
    const bump = (h: number): Chain => ({ ...base, iv: Float64Array.from(base.iv, (v) => v + h) });
    const deltaAt = async (c: Chain, atMs?: number) =>
      (await computeProfile(c, atMs === undefined ? {} : { atMs })).atSpot.deltaUnderlying;
    // vanna: per +1 vol point = ∂Δ/∂σ × 0.01 × S
    const Dv = async (h: number) => ((await deltaAt(bump(h))) - (await deltaAt(bump(-h)))) / (2 * h);
    const hv = 1e-4;
    const v1 = await Dv(hv);
    const v2 = await Dv(2 * hv);
    const p = await computeProfile(base);
    const sumAbsDelta = Array.from(base.openInterest).reduce((a, oi, i) => a + oi * base.multiplier[i]!, 0);
    const tolV = (Math.abs(v2 - v1) + (64 * EPS * sumAbsDelta) / hv) * 0.01 * S;
    expect(Math.abs(p.atSpot.vanna - v1 * 0.01 * S)).toBeLessThanOrEqual(tolV);
    // charm: per calendar day = dΔ/dt (t in days) × S, centred two days after the snapshot
    const t0 = AS_OF + 2 * 86400_000;
    const Dc = async (hMs: number) => ((await deltaAt(base, t0 + hMs)) - (await deltaAt(base, t0 - hMs))) / (2 * hMs / 86400_000);
    const hc = 60_000; // one minute
    const c1 = await Dc(hc);
    const c2 = await Dc(2 * hc);
    const q = await computeProfile(base, { atMs: t0 });
    const tolC = (Math.abs(c2 - c1) + (64 * EPS * sumAbsDelta) / (hc / 86400_000)) * S;
    expect(Math.abs(q.atSpot.charm - c1 * S)).toBeLessThanOrEqual(tolC);
  });

  it("the grid profile at spot equals the exact at-spot totals", async () => {
    const c = randomChain(14, 200, { forwards: true, rate: 0.02 });
    const p = await computeProfile(c, { grid: { range: [0.8, 1.2], steps: 500 } });
    expect(p.grid[250]).toBe(S);
    for (const key of ["gamma", "vanna", "charm"] as const) {
      const { scale } = maxDiff(p[key], p[key]);
      expect(Math.abs(p[key][250]! - p.atSpot[key]), key).toBeLessThanOrEqual(1e-9 * scale);
    }
  });

  it("per-expiry sums add up to the at-spot totals", async () => {
    const c = randomChain(15, 150);
    const p = await computeProfile(c);
    const sum = (key: "gamma" | "vanna" | "charm") => p.byExpiry.reduce((a, e) => a + e[key], 0);
    const abs = p.byExpiry.reduce((a, e) => a + Math.abs(e.gamma), 0);
    near(sum("gamma"), p.atSpot.gamma, 4 * p.byExpiry.length, abs);
    expect(p.byExpiry.map((e) => e.expiryMs)).toEqual([...p.byExpiry.map((e) => e.expiryMs)].sort((a, b) => a - b));
    expect(p.byExpiry.reduce((a, e) => a + e.contracts, 0)).toBe(p.counts.used);
  });
});

describe("time: T ≤ 0 out, later-today contracts keep their fractional time, --at", () => {
  it("a contract expiring in two hours counts with T = 2 h / (365 × 24 h)", async () => {
    const c = makeChain([{ type: "call", strike: 100, time: 2 / (365 * 24), iv: 0.6, oi: 1 }]);
    const p = await computeProfile(c);
    const g = vanilla({ type: "call", spot: S, strike: 100, time: 2 / (365 * 24), vol: 0.6 });
    near(p.atSpot.gamma, g.gamma * S * S * 0.01, 8);
    expect(p.counts).toMatchObject({ contracts: 1, used: 1, expired: 0 });
  });

  it("evaluating later drops contracts that expire in between and shortens the others' time", async () => {
    const c = makeChain([
      { type: "call", strike: 100, time: 1 / 365, iv: 0.6, oi: 1 },
      { type: "put", strike: 90, time: 10 / 365, iv: 0.6, oi: 2 },
    ]);
    const at = AS_OF + 3 * 86400_000;
    const p = await computeProfile(c, { atMs: at });
    expect(p.counts).toMatchObject({ contracts: 2, used: 1, expired: 1 });
    const T = (c.expiry[1]! - at) / YEAR_MS;
    const g = vanilla({ type: "put", spot: S, strike: 90, time: T, vol: 0.6 });
    near(p.atSpot.gamma, -2 * g.gamma * S * S * 0.01, 8);
    expect(p.asOf.epochMs).toBe(at);
    expect(p.snapshot.epochMs).toBe(AS_OF);
  });

  it("a contract expiring exactly at the evaluation instant is out (T = 0)", async () => {
    const c = makeChain([{ type: "call", strike: 100, time: 1 / 365, iv: 0.6 }]);
    const p = await computeProfile(c, { atMs: c.expiry[0]! });
    expect(p.counts).toMatchObject({ used: 0, expired: 1 });
    expect(p.atSpot.gamma).toBe(0);
    expect(p.levels).toEqual({ zeroGamma: [], nearestZeroGamma: null, callWall: null, putWall: null, absGammaStrike: null });
  });

  it("an evaluation time before the snapshot is a RangeError", async () => {
    await expect(computeProfile(makeChain([]), { atMs: AS_OF - 1 })).rejects.toThrow(RangeError);
  });
});

describe("expiry filters", () => {
  // as-of 2024-01-08 15:00 UTC; expiries on 01-08 (later today), 01-09, 01-12 (UTC dates)
  const c = makeChain([
    { type: "call", strike: 100, time: 5 / (365 * 24), iv: 0.5 },
    { type: "call", strike: 100, time: 1 / 365, iv: 0.5 },
    { type: "put", strike: 100, time: 4 / 365, iv: 0.5 },
  ]);

  it("--exclude-expiring-today drops only today's", async () => {
    const p = await computeProfile(c, { expiry: { excludeExpiringToday: true } });
    expect(p.counts).toMatchObject({ used: 2, filtered: 1 });
  });
  it("--exclude-next-expiry drops the nearest live expiry", async () => {
    const p = await computeProfile(c, { expiry: { excludeNextExpiry: true } });
    expect(p.byExpiry.map((e) => e.expiry)).toEqual(["2024-01-09T15:00:00Z", "2024-01-12T15:00:00Z"]);
  });
  it("a date range keeps expiries on dates inside it, inclusive", async () => {
    const p = await computeProfile(c, { expiry: { fromDate: "2024-01-09", toDate: "2024-01-12" } });
    expect(p.counts).toMatchObject({ used: 2, filtered: 1 });
    const one = await computeProfile(c, { expiry: { fromDate: "2024-01-12", toDate: "2024-01-12" } });
    expect(one.counts.used).toBe(1);
  });
  it("a bad date is a RangeError naming the field", async () => {
    await expect(computeProfile(c, { expiry: { fromDate: "2024-1-9" } })).rejects.toThrow(/fromDate/);
  });
});

describe("bad input", () => {
  it("a NaN IV names the contract's line", async () => {
    const c = makeChain([{ type: "call", strike: 100, time: 0.1, iv: NaN }]);
    await expect(computeProfile(c)).rejects.toThrow(/line 2: iv must be a finite number ≥ 0 \(got NaN\)/);
  });
  it("a zero strike names the line", async () => {
    const c = makeChain([{ type: "call", strike: 100, time: 0.1, iv: 0.2 }, { type: "call", strike: 0, time: 0.1, iv: 0.2 }]);
    await expect(computeProfile(c)).rejects.toThrow(/line 3: strike/);
  });
  it("an unknown vol model or dealer mode is a RangeError", async () => {
    const c = makeChain([]);
    await expect(computeProfile(c, { volModel: "sticky-delta" as never })).rejects.toThrow(RangeError);
    await expect(computeProfile(c, { dealer: "weird" as never })).rejects.toThrow(RangeError);
  });
  it("column mode without a position column is a RangeError", async () => {
    await expect(computeProfile(makeChain([{ type: "call", strike: 100, time: 0.1, iv: 0.2 }]), { dealer: "column" })).rejects.toThrow(/position/);
  });
  it("a non-positive spot is a RangeError", async () => {
    const c = { ...makeChain([]), spot: 0 };
    await expect(computeProfile(c)).rejects.toThrow(/spot/);
  });
  it("does not modify the chain", async () => {
    const c = randomChain(3, 30, { forwards: true });
    const before = JSON.stringify([Array.from(c.iv), Array.from(c.time), Array.from(c.openInterest)]);
    await computeProfile(c, { atMs: AS_OF + 86400_000, volModel: "sticky-moneyness" });
    expect(JSON.stringify([Array.from(c.iv), Array.from(c.time), Array.from(c.openInterest)])).toBe(before);
  });
});

describe("JSON document", () => {
  it("carries the issue's fields with units", async () => {
    const c = randomChain(5, 40);
    const p = await computeProfile(c, { grid: { steps: 10 } });
    const doc = profileJson(p, dealerHedges(p));
    for (const k of ["asOf", "spot", "underlying", "unit", "grid", "gamma", "vanna", "charm", "atSpot", "levels", "shortGammaZones", "byExpiry", "hedge"]) {
      expect(doc, k).toHaveProperty(k);
    }
    expect(doc.grid).toHaveLength(11);
    expect(Object.keys(doc.atSpot).sort()).toEqual(["charm", "delta", "deltaUnderlying", "gamma", "vanna"]);
    expect(Object.keys(doc.levels).sort()).toEqual(["absGammaStrike", "callWall", "nearestZeroGamma", "putWall", "zeroGamma"]);
    expect(doc.hedge.perPct.usd).toBe(-p.atSpot.gamma);
    expect(doc.unit["hedge.perPct.usd"]).toMatch(/^FIRST-ORDER ESTIMATE/);
    for (const k of ["up1pct", "down1pct", "volUp1pt", "nextDay"] as const) {
      expect(doc.hedge[k].underlying).toBe(p.flows[k].underlying);
      expect(doc.hedge[k].usd).toBe(p.flows[k].underlying * p.flows[k].price);
    }
    expect(doc.unit["hedge.up1pct|down1pct|volUp1pt|nextDay.underlying"]).toMatch(/^exact re-hedge/);
    expect(doc.unit.gamma).toMatch(/per 1% move/);
    expect(doc.asOf).toBe("2024-01-08T15:00:00Z");
    expect(JSON.parse(JSON.stringify(doc)).gamma).toEqual(Array.from(p.gamma));
  });
});
