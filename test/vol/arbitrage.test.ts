import { describe, expect, it } from "vitest";
import { butterflyCheck, calendarViolations } from "../../src/vol/arbitrage.js";
import { monotoneCubic } from "../../src/vol/monotone.js";
import type { SmileSlice } from "../../src/vol/slice.js";
import type { SviParams } from "../../src/vol/svi.js";

/** Gatheral & Jacquier (2014), Example 3.1 (Axel Vogt): a slice with butterfly arbitrage, t = 1. */
const VOGT: SviParams = { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };

/** A slice with quotes on [lo, hi] (the checks' ranges come from the quotes). */
function slice(time: number, p: SviParams, lo = -0.5, hi = 0.5, expiryMs = time * 1e10): SmileSlice {
  return {
    expiryMs, time, forward: 100, method: "svi", fallbackReason: null, svi: p, spline: null,
    quotes: { k: [lo, hi], strike: [100 * Math.exp(lo), 100 * Math.exp(hi)], iv: [0.2, 0.2], weight: [1, 1] },
    outliers: 0, beyondRange: 0, rmse: 0, maxError: 0,
    butterfly: { ok: true, minG: 0, at: 0, negativeFrom: null, negativeTo: null, range: [lo, hi] },
  };
}

describe("butterfly check (g(k) ≥ 0)", () => {
  it("flags Vogt's slice where the density is negative, and nowhere else", () => {
    const c = butterflyCheck({ svi: VOGT, spline: null }, -1.5, 1.5);
    expect(c.ok).toBe(false);
    // an independent numpy evaluation: min g = −0.0328636 at k = 0.879, g < 0 on (0.6424, 1.2569);
    // the check's grid has a step of 0.015
    expect(Math.abs(c.minG - -0.03286357345353284)).toBeLessThanOrEqual(2e-5);
    expect(Math.abs(c.at - 0.879263)).toBeLessThanOrEqual(0.015);
    expect(c.negativeFrom!).toBeGreaterThanOrEqual(0.6424);
    expect(c.negativeFrom! - 0.6424).toBeLessThanOrEqual(0.015);
    expect(c.negativeTo!).toBeLessThanOrEqual(1.2569);
    expect(1.2569 - c.negativeTo!).toBeLessThanOrEqual(0.015);
    // on a range that stops before k = 0.64, no violation
    expect(butterflyCheck({ svi: VOGT, spline: null }, -1.5, 0.6).ok).toBe(true);
  });

  it("passes an arbitrage-free slice (Gatheral–Jacquier's example set) and a flat smile", () => {
    expect(butterflyCheck({ svi: { a: 0.04, b: 0.4, rho: -0.4, m: 0.05, sigma: 0.1 }, spline: null }, -1, 1).ok).toBe(true);
    const flat = butterflyCheck({ svi: null, spline: monotoneCubic([-1, 1], [0.04, 0.04]) }, -1, 1);
    expect(flat).toMatchObject({ ok: true, minG: 1 });
  });

  it("flags a monotone fallback whose total variance bends down too fast", () => {
    // total variance falling from 0.2 to 0.01 over 0.1 of log-moneyness: w′²/(4w) ≫ 1
    const c = butterflyCheck({ svi: null, spline: monotoneCubic([-0.1, 0, 0.5], [0.2, 0.01, 0.02]) }, -0.1, 0.5);
    expect(c.ok).toBe(false);
    expect(c.minG).toBeLessThan(0);
  });
});

describe("calendar check (w non-decreasing in T at fixed k)", () => {
  it("reports a crossing: a later slice with less total variance on part of the range", () => {
    // flat 20% vol at T = 0.5: w = 0.02. At T = 1, w = 0.01 + 0.05(|k| − k) (raw SVI with ρ = −1, σ → 0):
    // 0.01 − 0.1k for k < 0, 0.01 for k ≥ 0, so below 0.02 exactly for k > −0.1, by up to 0.01
    const a = slice(0.5, { a: 0.02, b: 0, rho: 0, m: 0, sigma: 0.1 });
    const crossing = slice(1, { a: 0.01, b: 0.05, rho: -1, m: 0, sigma: 1e-12 });
    const v = calendarViolations([a, crossing]);
    expect(v).toHaveLength(1);
    expect(v[0]!.earlierMs).toBe(a.expiryMs);
    expect(v[0]!.laterMs).toBe(crossing.expiryMs);
    expect(Math.abs(v[0]!.shortfall - 0.01)).toBeLessThanOrEqual(1e-15);
    // the grid step is 0.005: the first violating point is the first grid point above −0.1
    expect(v[0]!.from).toBeGreaterThan(-0.1);
    expect(v[0]!.from).toBeLessThanOrEqual(-0.1 + 0.005 + 1e-15);
    expect(v[0]!.to).toBe(0.5);
    // the same later slice lifted by 0.01 (w ≥ 0.02 everywhere) does not cross; nor does a flat 20% one
    expect(calendarViolations([a, slice(1, { a: 0.02, b: 0.05, rho: -1, m: 0, sigma: 1e-12 })])).toEqual([]);
    expect(calendarViolations([a, slice(1, { a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1 })])).toEqual([]);
  });

  it("checks only where both slices have quotes", () => {
    const a = slice(0.5, { a: 0.02, b: 0, rho: 0, m: 0, sigma: 0.1 }, -0.5, 0);
    const crossing = slice(1, { a: 0.01, b: 0.05, rho: -1, m: 0, sigma: 1e-12 }, 0.05, 0.5);
    expect(calendarViolations([a, crossing])).toEqual([]); // no common range
  });
});
