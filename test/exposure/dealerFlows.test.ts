/**
 * Exact dealer re-hedges (src/exposure/dealerFlows.ts) against independent evaluations:
 * - the library's BSM kernel (options/bsm.ts) per contract, unmerged, at the two prices
 *   (directProfile), for moves of spot;
 * - a copy of the chain with every IV + 0.01, for the vol scenario;
 * - the contract selection one calendar day later (select.ts drops what expires in between), for
 *   the time scenario;
 * - the normal tail's published values, for the N(b) − N(a) helper.
 * The rounding of a plain sum of n terms W·Δ (|Δ| ≤ e^(−qT) ≤ e^(|q|T)) bounds each comparison:
 * tol = 4·(n + 8)·ε·Σ|W|·max e^(−qT), both sides rounded.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Chain } from "../../src/data/chain.js";
import { loadChain } from "../../src/data/load.js";
import { buildBook } from "../../src/exposure/book.js";
import { bookDeltaChange, bookDeltaChanges, cdfDifference, dealerFlows, DAY_YEARS } from "../../src/exposure/dealerFlows.js";
import { dealerWeights } from "../../src/exposure/dealer.js";
import { directProfile } from "../../src/exposure/direct.js";
import { dealerHedges, parseContractRegistry } from "../../src/exposure/hedge.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { selectContracts, type Selection } from "../../src/exposure/select.js";
import { stickyMoneynessProfile } from "../../src/exposure/stickyMoneyness.js";
import { fitVolSurface } from "../../src/vol/surface.js";
import { vanilla } from "../../src/options/vanilla.js";
import { AS_OF, EPS, makeChain, randomChain } from "./helpers.js";

const DAY_MS = 86_400_000;

/** Σ W·Δ at each price, by the library's per-contract BSM kernel. */
function directDelta(chain: Chain, sel: Selection, prices: number[]): number[] {
  return Array.from(directProfile(chain, sel, dealerWeights(chain), Float64Array.from(prices)).delta!);
}

/** The rounding bound of the plain sums compared (see the file note). */
function tolerance(chain: Chain, sel: Selection): number {
  const w = dealerWeights(chain);
  let sum = 0;
  for (const i of sel.index) sum += Math.abs(w[i]!);
  return 4 * (sel.index.length + 8) * EPS * sum * 2; // e^(|q|T) ≤ 2 on these chains
}

/** The chain with every IV shifted. */
function withVolShift(c: Chain, dv: number): Chain {
  return { ...c, iv: Float64Array.from(c.iv, (v) => v + dv) };
}

describe("bookDeltaChange and dealerFlows", () => {
  it("one call, hand-computed from the library's vanilla deltas: dealers long 1000 units sell a rally", () => {
    const c = makeChain([{ type: "call", strike: 100, time: 0.25, iv: 0.5, oi: 10, mult: 100 }], { spot: 100 });
    const sel = selectContracts(c);
    const book = buildBook(c, sel, dealerWeights(c));
    const T = sel.time[0]!;
    const delta = (spot: number, vol = 0.5, time = T) => vanilla({ type: "call", spot, strike: 100, time, vol }).delta;
    const f = dealerFlows(book, 100);
    // flow = −W·(Δ(after) − Δ(before)), W = +1000 (naive: dealers long calls)
    expect(f.up1pct.underlying).toBeCloseTo(-1000 * (delta(101) - delta(100)), 10);
    expect(f.down1pct.underlying).toBeCloseTo(-1000 * (delta(99) - delta(100)), 10);
    expect(f.volUp1pt.underlying).toBeCloseTo(-1000 * (delta(100, 0.51) - delta(100)), 10);
    expect(f.nextDay.underlying).toBeCloseTo(-1000 * (delta(100, 0.5, T - 1 / 365) - delta(100)), 10);
    expect(f.up1pct.price).toBe(101);
    expect(f.down1pct.price).toBe(99);
    expect(f.volUp1pt.price).toBe(100);
    expect(f.up1pct.underlying).toBeLessThan(0); // long gamma: sell the rally
    expect(f.down1pct.underlying).toBeGreaterThan(0); // and buy the dip
  });

  it("a random book with forwards and a rate: ±1% moves equal the per-contract BSM evaluation", () => {
    const c = randomChain(11, 2000, { forwards: true, rate: 0.03, dividend: 0.01 });
    const sel = selectContracts(c);
    const book = buildBook(c, sel, dealerWeights(c));
    const S = c.spot;
    const [d0, dUp, dDown] = directDelta(c, sel, [S, S * 1.01, S * 0.99]);
    const tol = tolerance(c, sel);
    const f = dealerFlows(book, S);
    expect(Math.abs(f.up1pct.underlying - -(dUp! - d0!))).toBeLessThanOrEqual(tol);
    expect(Math.abs(f.down1pct.underlying - -(dDown! - d0!))).toBeLessThanOrEqual(tol);
    // an arbitrary move too (not only ±1%)
    const dFar = directDelta(c, sel, [S * 0.83])[0]!;
    expect(Math.abs(bookDeltaChange(book, S, { price: S * 0.83 }) - (dFar - d0!))).toBeLessThanOrEqual(tol);
  });

  it("vols +1 point: the same as re-evaluating a copy of the chain with every IV + 0.01", () => {
    const c = randomChain(12, 1500, { forwards: true, rate: 0.02 });
    const sel = selectContracts(c);
    const book = buildBook(c, sel, dealerWeights(c));
    const before = directDelta(c, sel, [c.spot])[0]!;
    const after = directDelta(withVolShift(c, 0.01), sel, [c.spot])[0]!;
    expect(Math.abs(dealerFlows(book, c.spot).volUp1pt.underlying - -(after - before))).toBeLessThanOrEqual(tolerance(c, sel));
  });

  it("one day later: the same as the contract selection a calendar day on, expiries in between dropped", () => {
    const c = randomChain(13, 1500, { forwards: true, rate: 0.02 });
    const sel = selectContracts(c);
    const later = selectContracts(c, AS_OF + DAY_MS);
    // the random chain has expiries from 2 hours on: some pass within the day
    expect(later.expired).toBeGreaterThan(0);
    const book = buildBook(c, sel, dealerWeights(c));
    const before = directDelta(c, sel, [c.spot])[0]!;
    const after = directDelta(c, later, [c.spot])[0]!;
    expect(DAY_YEARS).toBe(DAY_MS / (365 * DAY_MS));
    expect(Math.abs(dealerFlows(book, c.spot).nextDay.underlying - -(after - before))).toBeLessThanOrEqual(tolerance(c, sel));
  });

  it("SPX 2024-01-07: the exact ±1% re-hedges, +1 vol point and the next day against direct evaluation", async () => {
    const { chain } = await loadChain(new URL("../fixtures/real/spx_quotedata_2024-01-07.csv", import.meta.url).pathname);
    const sel = selectContracts(chain);
    const p = await computeProfile(chain);
    const S = chain.spot;
    const [d0, dUp, dDown] = directDelta(chain, sel, [S, S * 1.01, S * 0.99]);
    const tol = tolerance(chain, sel);
    expect(Math.abs(p.flows.up1pct.underlying - -(dUp! - d0!))).toBeLessThanOrEqual(tol);
    expect(Math.abs(p.flows.down1pct.underlying - -(dDown! - d0!))).toBeLessThanOrEqual(tol);
    const vol = directDelta(withVolShift(chain, 0.01), sel, [S])[0]!;
    expect(Math.abs(p.flows.volUp1pt.underlying - -(vol - d0!))).toBeLessThanOrEqual(tol);
    const day = directDelta(chain, selectContracts(chain, chain.asOf.epochMs + DAY_MS), [S])[0]!;
    expect(Math.abs(p.flows.nextDay.underlying - -(day - d0!))).toBeLessThanOrEqual(tol);
    // the first-order figure is off by far more than rounding: 4.41 M either way against +1.61 / −6.97 M
    const firstOrder = -p.atSpot.gamma / S;
    expect(firstOrder / p.flows.up1pct.underlying).toBeGreaterThan(2.5);
    expect(-p.flows.down1pct.underlying / firstOrder).toBeGreaterThan(1.5);
  });

  it("sticky moneyness with a flat smile per expiry gives the sticky-strike flows", async () => {
    // every contract of an expiry at one IV: re-marking by moneyness changes nothing
    const specs = [] as Parameters<typeof makeChain>[0][number][];
    for (const [time, iv] of [[7 / 365, 0.6], [30 / 365, 0.5], [0.5, 0.45]] as const) {
      for (let k = 60; k <= 140; k += 5) specs.push({ type: k < 100 ? "put" : "call", strike: k, time, iv, oi: 100 + k, mult: 1 });
    }
    const c = makeChain(specs, { spot: 100 });
    const strike = await computeProfile(c);
    const money = await computeProfile(c, { volModel: "sticky-moneyness" });
    const sel = selectContracts(c);
    const tol = tolerance(c, sel);
    for (const k of ["up1pct", "down1pct", "volUp1pt", "nextDay"] as const) {
      expect(Math.abs(money.flows[k].underlying - strike.flows[k].underlying), k).toBeLessThanOrEqual(tol);
    }
    // with a skew the two models differ, and the sticky-moneyness moves are the profile's own deltas
    const skewed = makeChain(specs.map((s) => ({ ...s, iv: s.iv + (100 - s.strike) * 0.004 })), { spot: 100 });
    const m2 = await computeProfile(skewed, { volModel: "sticky-moneyness" });
    const s2 = await computeProfile(skewed);
    expect(m2.flows.down1pct.underlying).not.toBe(s2.flows.down1pct.underlying);
    const book = buildBook(skewed, selectContracts(skewed), dealerWeights(skewed));
    const d = stickyMoneynessProfile(book, Float64Array.of(101, 100, 99), 100, true, fitVolSurface(skewed, { expiries: book.expiry })).delta!;
    expect(m2.flows.up1pct.underlying).toBe(-(d[0]! - d[1]!) + 0);
    expect(m2.flows.down1pct.underlying).toBe(-(d[2]! - d[1]!) + 0);
  });

  it("rejects a bad spot, price, vol shift or time step", () => {
    const c = makeChain([{ type: "call", strike: 100, time: 0.25, iv: 0.5 }]);
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    expect(() => bookDeltaChange(book, 0, {})).toThrow(RangeError);
    expect(() => bookDeltaChange(book, 100, { price: NaN })).toThrow(/price/);
    expect(() => bookDeltaChange(book, 100, { vol: Infinity })).toThrow(/vol shift/);
    expect(() => bookDeltaChange(book, 100, { years: -1 })).toThrow(/time step/);
    expect(bookDeltaChange(book, 100, {})).toBe(0);
  });

  it("an empty book trades nothing", () => {
    const c = makeChain([{ type: "call", strike: 100, time: 0.25, iv: 0.5, oi: 0 }]);
    const f = dealerFlows(buildBook(c, selectContracts(c), dealerWeights(c)), 100);
    for (const k of ["up1pct", "down1pct", "volUp1pt", "nextDay"] as const) expect(f[k].underlying).toBe(0);
  });

  it("σ = 0: the delta is the indicator of the forward above the strike; a move across it flips it", () => {
    const c = makeChain([{ type: "call", strike: 100.5, time: 0.1, iv: 0, oi: 1, mult: 1 }], { spot: 100 });
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    expect(bookDeltaChange(book, 100, { price: 101 })).toBe(1); // out of the money → in
    expect(bookDeltaChange(book, 100, { price: 99 })).toBe(0);
  });
});

describe("cdfDifference", () => {
  // Q(x) = 1 − N(x), 40-digit values (mpmath: 0.5·erfc(x/√2)):
  // Q(8) = 6.220960574271784123515995e-16, Q(9) = 1.128588405953840301e-19
  const Q8 = 6.220960574271784e-16;
  const Q9 = 1.1285884059538403e-19;
  it("N(9) − N(8) from the upper tail, to a few ulp (plain 1 − 1 gives 0)", () => {
    const want = Q8 - Q9;
    expect(Math.abs(cdfDifference(8, 9) - want)).toBeLessThanOrEqual(16 * EPS * want);
    expect(Math.abs(cdfDifference(-9, -8) - want)).toBeLessThanOrEqual(16 * EPS * want);
    expect(Math.abs(cdfDifference(9, 8) + want)).toBeLessThanOrEqual(16 * EPS * want);
  });
  it("across zero it is the plain difference", () => {
    expect(cdfDifference(-1, 1)).toBeCloseTo(0.6826894921370859, 15);
    expect(cdfDifference(0, 0)).toBe(0);
  });
});

describe("dealerHedges", () => {
  it("converts each flow into USD at the price it trades at and contracts of the matching instruments", async () => {
    const registry = parseContractRegistry(JSON.parse(readFileSync(new URL("../../data/contracts.json", import.meta.url), "utf8")), "contracts.json");
    const c = randomChain(21, 200, { spot: 70000 });
    const p = await computeProfile({ ...c, underlying: "BTC" });
    const h = dealerHedges(p, registry);
    expect(h.perPct.usd).toBe(-p.atSpot.gamma + 0);
    for (const k of ["up1pct", "down1pct", "volUp1pt", "nextDay"] as const) {
      expect(h[k].underlying).toBe(p.flows[k].underlying);
      expect(h[k].usd).toBe(p.flows[k].underlying * p.flows[k].price);
      expect(h[k].contracts["CME-MBT"]).toBe(p.flows[k].underlying / 0.1);
    }
    expect(p.flows.down1pct.price).toBe(70000 * 0.99);
  });
});

describe("bookDeltaChanges: several shifts in one pass", () => {
  it("each shift's result has the bits of its own one-shift pass, in any order (shared N(±d1) per group)", () => {
    const c = randomChain(41, 500, { forwards: true, rate: 0.03, dividend: 0.01 });
    const book = buildBook(c, selectContracts(c), dealerWeights(c));
    const S = c.spot;
    const shifts = [{ price: S * 1.01 }, { price: S * 0.99 }, { vol: 0.01 }, { years: DAY_YEARS }, { years: 30 * DAY_YEARS, vol: -0.02, price: S * 1.3 }];
    const together = bookDeltaChanges(book, S, shifts);
    const reversed = bookDeltaChanges(book, S, [...shifts].reverse()).reverse();
    shifts.forEach((shift, k) => {
      const alone = bookDeltaChanges(book, S, [shift])[0];
      expect(together[k], JSON.stringify(shift)).toBe(alone);
      expect(reversed[k], JSON.stringify(shift)).toBe(alone);
      expect(bookDeltaChange(book, S, shift)).toBe(alone);
    });
    // the time shifts drop expiries: the book has contracts inside 30 days, so that branch ran
    expect(Array.from(book.time).some((t) => t <= 30 * DAY_YEARS)).toBe(true);
  });
});
