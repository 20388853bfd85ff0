import { describe, expect, it } from "vitest";
import { validateNoteTerms, type NoteTerms, type NoteTermsInput } from "../../src/data/noteTerms.js";
import { barrier } from "../../src/options/barrier.js";
import { normCdf, normPdf } from "../../src/options/normal.js";
import { vanilla } from "../../src/options/vanilla.js";
import { closeInstant } from "../../src/notes/dates.js";
import {
  DAILY_INTERVAL_DAYS, embeddedPutGreeks, justAbove, knockInJump, noteMonitoring, shareEquivalent,
} from "../../src/notes/embedded.js";
import { noteExposure } from "../../src/notes/exposure.js";
import { YEAR_MS } from "../../src/data/time.js";

const EPS = Number.EPSILON;
const BASE: NoteTermsInput = {
  id: "N", issuer: "Bank", underlying: "IBIT", pricingDate: "2025-11-10", initialLevel: 60,
  barrierLevel: 43.6, observation: "daily", maturity: "2026-02-13", notionalUsd: 100_000_000,
};
const note = (over: Partial<NoteTermsInput> = {}): NoteTerms => validateNoteTerms({ ...BASE, ...over });

describe("embedded put terms", () => {
  it("maps observation to the option core's monitoring; daily is one close per trading day", () => {
    expect(noteMonitoring("final")).toBe("final");
    expect(noteMonitoring("continuous")).toBe("continuous");
    expect(noteMonitoring("daily")).toEqual({ intervalDays: 365 / 252 });
    expect(DAILY_INTERVAL_DAYS * 252).toBeCloseTo(365, 12);
  });

  it("share-equivalent is notional / initial level", () => {
    expect(shareEquivalent(note())).toBe(100_000_000 / 60);
  });

  it("justAbove is strictly above the level and within two ulps", () => {
    for (const H of [43.6, 38.5, 1e-3, 7e4, 1]) {
      const a = justAbove(H);
      expect(a).toBeGreaterThan(H);
      expect(a - H).toBeLessThanOrEqual(2 * H * EPS);
    }
  });
});

describe("a daily-monitored note just above its barrier with days to go", () => {
  const n = note();
  const T = 10 / 365;
  const H = 43.6;
  const market = { time: T, vol: 0.55, rate: 0.04 };

  it("is priced exactly as the option core's validated barrier() with BGK daily monitoring", () => {
    const g = embeddedPutGreeks(n, { ...market, spot: 45 });
    const ref = barrier({ type: "put", barrier: "down-in", level: H, monitoring: { intervalDays: 365 / 252 },
      spot: 45, strike: 60, time: T, vol: 0.55, rate: 0.04 });
    for (const k of ["price", "delta", "gamma", "vanna"] as const) expect(g[k]).toBe(ref[k]);
  });

  it("has an issuer delta below −1 per share-equivalent (a vanilla put's never is)", () => {
    const g = embeddedPutGreeks(n, { ...market, spot: justAbove(H) });
    expect(g.delta).toBeLessThan(-1);
    const v = vanilla({ type: "put", spot: justAbove(H), strike: 60, time: T, vol: 0.55, rate: 0.04 });
    expect(v.delta).toBeGreaterThanOrEqual(-1);
  });

  it("the delta just above is the limit from above (continuity of the live formula)", () => {
    const at = embeddedPutGreeks(n, { ...market, spot: justAbove(H) }).delta;
    const near = embeddedPutGreeks(n, { ...market, spot: H * (1 + 1e-9) }).delta;
    expect(Math.abs(at - near)).toBeLessThan(1e-6 * Math.abs(at));
  });

  it("at or below the barrier the put is the knocked-in vanilla (touching counts)", () => {
    for (const S of [H, 40, 30]) {
      const g = embeddedPutGreeks(n, { ...market, spot: S });
      const v = vanilla({ type: "put", spot: S, strike: 60, time: T, vol: 0.55, rate: 0.04 });
      expect(g.price).toBe(v.price);
      expect(g.delta).toBe(v.delta);
    }
  });

  it("the knock-in unwind equals the delta jump × shares", () => {
    const asOfMs = n.maturityMs - T * YEAR_MS;
    const e = noteExposure(n, { asOfMs, spot: 45, vol: 0.55, rate: 0.04 });
    expect(e.status).toBe("alive");
    const above = barrier({ type: "put", barrier: "down-in", level: H, monitoring: { intervalDays: 365 / 252 },
      spot: justAbove(H), strike: 60, time: e.remainingYears, vol: 0.55, rate: 0.04 }).delta;
    const knocked = vanilla({ type: "put", spot: H, strike: 60, time: e.remainingYears, vol: 0.55, rate: 0.04 }).delta;
    const expected = (above - knocked) * (100_000_000 / 60);
    expect(above - knocked).toBeLessThan(-1);
    expect(Math.abs(e.knockInUnwindShares - expected)).toBeLessThanOrEqual(8 * EPS * Math.abs(expected));
    expect(e.knockInUnwindUsd).toBe(e.knockInUnwindShares * H);
    // the hedge falls by that much: −(delta after − delta before) × shares
    const before = -above * e.shares, after = -knocked * e.shares;
    expect(Math.abs(after - before - e.knockInUnwindShares)).toBeLessThanOrEqual(1e-9 * Math.abs(before));
  });

  it("a daily note breached intraday (spot below, no close below) still carries its put; the close's unwind is pending", () => {
    const asOfMs = n.maturityMs - T * YEAR_MS;
    const e = noteExposure(n, { asOfMs, spot: 43, vol: 0.55, rate: 0.04 });
    expect(e.status).toBe("breached-intraday");
    const g = embeddedPutGreeks(n, { ...market, spot: 43 });
    expect(e.delta).toBe(g.delta);
    expect(e.hedgeShares).toBe(-g.delta * e.shares);
    // not knocked in yet: the unwind the close would force, no breach unwind
    const j = knockInJump(n, { time: e.remainingYears, vol: 0.55, rate: 0.04 });
    expect(e.knockInUnwindShares).toBe(j.jump * e.shares);
    expect(e.breachUnwindShares).toBeNull();
  });

  it("continuous observation also jumps down at the breach", () => {
    const j = knockInJump(note({ observation: "continuous" }), market);
    expect(j.above).toBeLessThan(-1);
    expect(j.jump).toBeLessThan(0);
    expect(j.knockedIn).toBe(vanilla({ type: "put", spot: H, strike: 60, time: T, vol: 0.55, rate: 0.04 }).delta);
  });

  it("there is nothing to unwind at or after maturity", () => {
    expect(knockInJump(n, { time: 0, vol: 0.55 })).toEqual({ above: 0, knockedIn: 0, jump: 0 });
  });
});

describe("final-date notes match the option core's final decomposition", () => {
  // P(H) + (K − H)·P⁰(H): a put struck at the barrier plus a cash-or-nothing put for the gap
  function reference(S: number, K: number, H: number, T: number, sigma: number, r: number): { price: number; delta: number } {
    const p = vanilla({ type: "put", spot: S, strike: H, time: T, vol: sigma, rate: r });
    const s = sigma * Math.sqrt(T);
    const d2 = (Math.log(S / H) + (r - 0.5 * sigma * sigma) * T) / s;
    const df = Math.exp(-r * T);
    const digital = df * normCdf(-d2);
    const digitalDelta = (-df * normPdf(d2)) / (S * s);
    return { price: p.price + (K - H) * digital, delta: p.delta + (K - H) * digitalDelta };
  }
  const n = note({ observation: "final", maturity: "2027-11-10" });

  it("value and delta equal barrier(monitoring final) and the decomposition", () => {
    for (const [S, T] of [[45, 1.5], [43.6, 0.5], [40, 10 / 365], [60, 2]] as const) {
      const g = embeddedPutGreeks(n, { spot: S, time: T, vol: 0.55, rate: 0.04 });
      const core = barrier({ type: "put", barrier: "down-in", level: 43.6, monitoring: "final", spot: S, strike: 60, time: T, vol: 0.55, rate: 0.04 });
      expect(g.price).toBe(core.price);
      expect(g.delta).toBe(core.delta);
      const ref = reference(S, 60, 43.6, T, 0.55, 0.04);
      expect(Math.abs(g.price - ref.price)).toBeLessThanOrEqual(64 * EPS * Math.abs(ref.price));
      expect(Math.abs(g.delta - ref.delta)).toBeLessThanOrEqual(64 * EPS * Math.abs(ref.delta));
    }
  });

  it("spot below a final barrier before maturity is not a knock-in", () => {
    const asOfMs = closeInstant("2026-02-05");
    const e = noteExposure(n, { asOfMs, spot: 36.9, vol: 0.55 });
    expect(e.status).toBe("alive");
    expect(e.delta).toBe(barrier({ type: "put", barrier: "down-in", level: 43.6, monitoring: "final", spot: 36.9, strike: 60,
      time: e.remainingYears, vol: 0.55 }).delta);
  });

  it("its unwind is the barrier's excess hedge: (final delta at H − knocked-in put's delta at H) × shares", () => {
    const asOfMs = closeInstant("2026-02-03");
    const e = noteExposure(n, { asOfMs, spot: 44.59, vol: 0.55, rate: 0.04 });
    const T = e.remainingYears;
    const a = reference(43.6, 60, 43.6, T, 0.55, 0.04).delta;
    const b = vanilla({ type: "put", spot: 43.6, strike: 60, time: T, vol: 0.55, rate: 0.04 }).delta;
    // a difference of two O(1) deltas: its rounding scales with the operands, not with the result
    expect(Math.abs(e.knockInUnwindShares - (a - b) * e.shares)).toBeLessThanOrEqual(64 * EPS * (Math.abs(a) + Math.abs(b)) * e.shares);
  });

  it("the excess hedge grows without bound as the final date nears (the jump of the final observation)", () => {
    const near = knockInJump(n, { time: 1 / 365, vol: 0.55 }).jump;
    const far = knockInJump(n, { time: 1, vol: 0.55 }).jump;
    expect(near).toBeLessThan(-4);
    expect(Math.abs(far)).toBeLessThan(0.1);
  });
});

describe("a knocked-in note", () => {
  it("is the vanilla put struck at K whatever the spot", () => {
    const n = note({ strikePct: 0.95 });
    const g = embeddedPutGreeks(n, { spot: 50, time: 0.5, vol: 0.55, knockedIn: true });
    const v = vanilla({ type: "put", spot: 50, strike: 57, time: 0.5, vol: 0.55 });
    expect(g.price).toBe(v.price);
    expect(g.delta).toBe(v.delta);
    expect(g.delta).toBeGreaterThanOrEqual(-1);
  });

  it("invalid market inputs give NaN, not a throw (kernel contract)", () => {
    const g = embeddedPutGreeks(note(), { spot: NaN, time: 0.5, vol: 0.55 });
    expect(g.price).toBeNaN();
    expect(embeddedPutGreeks(note(), { spot: 45, time: 0.5, vol: -1 }).delta).toBeNaN();
  });
});
