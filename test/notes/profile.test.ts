import { describe, expect, it } from "vitest";
import { validateNoteTerms, type NoteTermsInput } from "../../src/data/noteTerms.js";
import { vanilla } from "../../src/options/vanilla.js";
import { closeInstant } from "../../src/notes/dates.js";
import { embeddedPutAt } from "../../src/notes/embedded.js";
import { bookExposure } from "../../src/notes/exposure.js";
import { noteEvents } from "../../src/notes/schedule.js";
import { addProfiles, notesProfile } from "../../src/notes/profile.js";
import { parseUnderlyingMap } from "../../src/notes/underlyingMap.js";
import { YEAR_MS } from "../../src/data/time.js";

const EPS = Number.EPSILON;
const BASE: NoteTermsInput = {
  id: "D", issuer: "Bank", underlying: "IBIT", pricingDate: "2025-11-10", initialLevel: 60,
  barrierLevel: 43.6, observation: "daily", maturity: "2026-11-10", notionalUsd: 60e6,
};
const daily = validateNoteTerms(BASE);
const final = validateNoteTerms({ ...BASE, id: "F", observation: "final", barrierLevel: 38.5, notionalUsd: 30e6 });
const matured = validateNoteTerms({ ...BASE, id: "M", maturity: "2026-01-30" });
const spx = validateNoteTerms({ ...BASE, id: "S", underlying: "SPX", initialLevel: 6000, barrierLevel: 4200 });
const ASOF = closeInstant("2026-02-03");
const T = (daily.finalValuationMs - ASOF) / YEAR_MS;

describe("notesProfile: the issuers' embedded puts on a price grid", () => {
  const prices = [38, 43.6, 44.59, 50];

  it("each point is Σ shares × the put engines' greeks in DESIGN.md dollar units, with the engines used", () => {
    const p = notesProfile([daily, final, matured], { prices }, { asOfMs: ASOF, vol: 0.55, rate: 0.04 });
    expect(p.included).toEqual(["D", "F"]);
    expect(p.skipped).toEqual([{ id: "M", reason: "matured" }]);
    // the daily note: knocked in at 38 and 43.6, exact induction near the barrier, BGK further up
    expect(p.engines).toEqual([{ id: "D", engines: ["vanilla", "exact", "bgk"] }, { id: "F", engines: ["closed-form"] }]);
    const at = (n: typeof daily, P: number) => embeddedPutAt(n, { events: noteEvents(n, ASOF), vol: 0.55, rate: 0.04 }, [P])[0]!.greeks;
    prices.forEach((P, k) => {
      const d = at(daily, P), f = at(final, P);
      const wd = 60e6 / 60, wf = 30e6 / 60;
      const gamma = wd * d.gamma * P * P * 0.01 + wf * f.gamma * P * P * 0.01;
      const vanna = wd * d.vanna * P * 0.01 + wf * f.vanna * P * 0.01;
      const charm = (wd * d.charm * P) / 365 + (wf * f.charm * P) / 365;
      const delta = wd * d.delta * P + wf * f.delta * P;
      const tol = (x: number, parts: number[]) => 8 * EPS * parts.reduce((s, y) => s + Math.abs(y), Math.abs(x));
      expect(Math.abs(p.gamma[k]! - gamma)).toBeLessThanOrEqual(tol(gamma, [wd * d.gamma * P * P * 0.01]));
      expect(Math.abs(p.vanna[k]! - vanna)).toBeLessThanOrEqual(tol(vanna, [wd * d.vanna * P * 0.01]));
      expect(Math.abs(p.charm[k]! - charm)).toBeLessThanOrEqual(tol(charm, [(wd * d.charm * P) / 365]));
      expect(Math.abs(p.delta[k]! - delta)).toBeLessThanOrEqual(tol(delta, [wd * d.delta * P]));
      expect(Math.abs(p.deltaUnderlying[k]! - (wd * d.delta + wf * f.delta))).toBeLessThanOrEqual(tol(wd * d.delta + wf * f.delta, [wd * d.delta]));
    });
  });

  it("a daily note is the knocked-in vanilla at grid prices at or below its barrier (the delta jump shows)", () => {
    const p = notesProfile([daily], { prices: [43.6, 43.6000001] }, { asOfMs: ASOF, vol: 0.55 });
    const v = vanilla({ type: "put", spot: 43.6, strike: 60, time: T, vol: 0.55 });
    expect(Math.abs(p.deltaUnderlying[0]! - 1e6 * v.delta)).toBeLessThanOrEqual(4 * EPS * Math.abs(1e6 * v.delta));
    expect(p.deltaUnderlying[1]! - p.deltaUnderlying[0]!).toBeLessThan(0);
  });

  it("at the spot, the grid agrees with the book's dollar gamma and vanna", () => {
    const spot = 44.59;
    const { totals } = bookExposure([daily, final], { asOfMs: ASOF, spot, vol: 0.55 });
    const p = notesProfile([daily, final], { prices: [spot] }, { asOfMs: ASOF, vol: 0.55, spot });
    expect(Math.abs(p.gamma[0]! - totals.dollarGamma!)).toBeLessThanOrEqual(16 * EPS * Math.abs(totals.dollarGamma!));
    expect(Math.abs(p.vanna[0]! - totals.dollarVanna!)).toBeLessThanOrEqual(16 * EPS * Math.abs(totals.dollarVanna!));
  });

  it("on a BTC grid through IBIT:BTC=ratio: dollar gamma, vanna, charm, delta unchanged; delta in BTC units × ratio", () => {
    const map = parseUnderlyingMap("IBIT:BTC=0.000568");
    const btc = [66000, 76760, 78500, 88000];
    const onBtc = notesProfile([daily, final, spx], { prices: btc }, { asOfMs: ASOF, vol: 0.55, gridUnderlying: "BTC", map });
    const onIbit = notesProfile([daily, final], { prices: btc.map((x) => x * 0.000568) }, { asOfMs: ASOF, vol: 0.55 });
    expect(onBtc.skipped.map((s) => s.id)).toEqual(["S"]);
    expect(onBtc.skipped[0]!.reason).toMatch(/cannot express BTC in SPX/);
    for (let k = 0; k < btc.length; k++) {
      expect(onBtc.gamma[k]).toBe(onIbit.gamma[k]);
      expect(onBtc.vanna[k]).toBe(onIbit.vanna[k]);
      expect(onBtc.charm[k]).toBe(onIbit.charm[k]);
      expect(onBtc.delta[k]).toBe(onIbit.delta[k]);
      expect(Math.abs(onBtc.deltaUnderlying[k]! - onIbit.deltaUnderlying[k]! * 0.000568)).toBeLessThanOrEqual(4 * EPS * Math.abs(onIbit.deltaUnderlying[k]! * 0.000568));
    }
  });

  it("knock-in status comes from the history or the (grid-unit) spot; a knocked-in note is the vanilla everywhere", () => {
    const map = parseUnderlyingMap("IBIT:BTC=0.000568");
    // BTC 75,000 × 0.000568 = 42.6 ≤ 43.6: the continuous note is knocked in
    const continuous = validateNoteTerms({ ...BASE, id: "C", observation: "continuous" });
    const p = notesProfile([continuous], { prices: [88000] }, { asOfMs: ASOF, vol: 0.55, gridUnderlying: "BTC", map, spot: 75000 });
    const v = vanilla({ type: "put", spot: 88000 * 0.000568, strike: 60, time: T, vol: 0.55 });
    expect(Math.abs(p.deltaUnderlying[0]! - 1e6 * v.delta * 0.000568)).toBeLessThanOrEqual(4 * EPS * Math.abs(1e6 * v.delta * 0.000568));
    // the daily note is only breached intraday (no close at or below): still the down-and-in put
    const d = notesProfile([daily], { prices: [88000] }, { asOfMs: ASOF, vol: 0.55, gridUnderlying: "BTC", map, spot: 75000 });
    expect(d.included).toEqual(["D"]);
    const [di] = embeddedPutAt(daily, { events: noteEvents(daily, ASOF), vol: 0.55 }, [88000 * 0.000568]);
    expect(Math.abs(d.deltaUnderlying[0]! - 1e6 * di!.greeks.delta * 0.000568)).toBeLessThanOrEqual(4 * EPS * Math.abs(1e6 * di!.greeks.delta * 0.000568));
    // and not the knocked-in vanilla the continuous note became
    expect(Math.abs(di!.greeks.delta - v.delta)).toBeGreaterThan(1e-3);
  });

  it("rejects bad inputs with a RangeError naming them", () => {
    expect(() => notesProfile([daily], { prices: [0] }, { asOfMs: ASOF, vol: 0.55 })).toThrow(/grid price 0/);
    expect(() => notesProfile([daily], { prices: [40] }, { asOfMs: ASOF, vol: -1 })).toThrow(/vol for note D/);
    expect(() => notesProfile([daily], { prices: [40] }, { asOfMs: NaN, vol: 0.5 })).toThrow(/asOfMs/);
  });
});

describe("addProfiles", () => {
  it("adds element-wise on one grid; delta null when either has none", () => {
    const a = { gamma: Float64Array.of(1, 2), vanna: Float64Array.of(3, 4), charm: Float64Array.of(5, 6), delta: null };
    const b = { gamma: Float64Array.of(10, 20), vanna: Float64Array.of(30, 40), charm: Float64Array.of(50, 60), delta: Float64Array.of(1, 1) };
    const s = addProfiles(a, b);
    expect([...s.gamma]).toEqual([11, 22]);
    expect([...s.charm]).toEqual([55, 66]);
    expect(s.delta).toBeNull();
    expect(() => addProfiles(a, { ...b, gamma: Float64Array.of(1) })).toThrow(/one grid/);
  });
});
