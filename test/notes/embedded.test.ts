import { describe, expect, it } from "vitest";
import { validateNoteTerms, type NoteTerms, type NoteTermsInput } from "../../src/data/noteTerms.js";
import { YEAR_MS } from "../../src/data/time.js";
import { barrier } from "../../src/options/barrier.js";
import { barrierGreeks } from "../../src/options/barrierGreeks.js";
import { DOWN_IN } from "../../src/options/barrierTerms.js";
import { discreteBarrierGreeks } from "../../src/options/discreteBarrier.js";
import { emptyGreeks } from "../../src/options/greeks.js";
import { normCdf, normPdf } from "../../src/options/normal.js";
import { vanilla } from "../../src/options/vanilla.js";
import { closeInstant } from "../../src/notes/dates.js";
import {
  DAILY_INTERVAL_DAYS, EXACT_MAX_DATES, EXACT_NEAR_STEPS, embeddedPutAt, justAbove, knockInJump, putEngine, shareEquivalent,
} from "../../src/notes/embedded.js";
import { noteExposure } from "../../src/notes/exposure.js";
import { noteEvents } from "../../src/notes/schedule.js";

const EPS = Number.EPSILON;
const BASE: NoteTermsInput = {
  id: "N", issuer: "Bank", underlying: "IBIT", pricingDate: "2025-11-10", initialLevel: 60,
  barrierLevel: 43.6, observation: "daily", maturity: "2026-02-13", finalValuationDate: "2026-02-13", notionalUsd: 100_000_000,
};
const note = (over: Partial<NoteTermsInput> = {}): NoteTerms => validateNoteTerms({ ...BASE, ...over });
const put = (n: NoteTerms, asOfMs: number, spot: number, extra: { vol?: number; rate?: number; knockedIn?: boolean } = {}) =>
  embeddedPutAt(n, { events: noteEvents(n, asOfMs), vol: extra.vol ?? 0.55, rate: extra.rate ?? 0, knockedIn: extra.knockedIn ?? false }, [spot])[0]!;

describe("embedded put terms", () => {
  it("daily is one close per trading day: 252 a year for BGK's step", () => {
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

describe("the switch rule: exact induction where BGK is poor, BGK where it is measured to agree", () => {
  const asOf = closeInstant("2026-01-30"); // 10 weekday closes to the 2026-02-13 final valuation
  const n = note();

  it("few closes left: the exact engine on the note's own weekday closes", () => {
    const events = noteEvents(n, asOf);
    expect(events.length).toBe(10);
    expect(events.length).toBeLessThanOrEqual(EXACT_MAX_DATES);
    const p = put(n, asOf, 45, { rate: 0.04 });
    expect(p.engine).toBe("exact");
    const ref = discreteBarrierGreeks(DOWN_IN, -1, 45, 60, 43.6, events.map((e) => e.time), 0.55, 0.04, 0, emptyGreeks(), { bumps: "vol" });
    for (const k of ["price", "delta", "gamma", "vanna", "charm"] as const) expect(p.greeks[k]).toBe(ref[k]);
  });

  it("many closes left: exact within 4 steps of the barrier, BGK beyond (Δt the closes' mean spacing)", () => {
    const long = note({ maturity: "2027-02-12", finalValuationDate: "2027-02-12" });
    const asOfL = closeInstant("2026-02-03");
    const events = noteEvents(long, asOfL);
    expect(events.length).toBeGreaterThan(EXACT_MAX_DATES);
    const T = events[events.length - 1]!.time, step = 0.55 * Math.sqrt(T / events.length);
    const near = 43.6 * Math.exp((EXACT_NEAR_STEPS - 0.5) * step), far = 43.6 * Math.exp((EXACT_NEAR_STEPS + 0.5) * step);
    const m = { events, vol: 0.55 };
    expect(putEngine(long, m, near)).toBe("exact");
    expect(putEngine(long, m, far)).toBe("bgk");
    const pn = put(long, asOfL, near), pf = put(long, asOfL, far);
    const full = discreteBarrierGreeks(DOWN_IN, -1, near, 60, 43.6, events.map((e) => e.time), 0.55, 0, 0, emptyGreeks(), { bumps: "vol" });
    expect(pn.greeks.delta).toBe(full.delta);
    expect(pf.greeks.price).toBe(barrierGreeks(DOWN_IN, -1, far, 60, 43.6, 0, T, 0.55, 0, 0, T / events.length, emptyGreeks()).price);
  });

  it("where BGK is used its measured error is within 0.1% of the strike (price) and 0.02 (delta)", () => {
    // more than 40 daily closes and spot more than 4 steps σ√Δt above the barrier; vol 25–90%, barriers 50–85% of K
    let worstP = 0, worstD = 0;
    for (const m of [41, 60, 120, 250]) for (const vol of [0.25, 0.55, 0.9]) for (const hp of [0.5, 0.7, 0.85]) for (const steps of [4.01, 6, 10]) {
      const dt = 1 / 252, times = Array.from({ length: m }, (_, i) => (i + 1) * dt);
      const H = 100 * hp, S = H * Math.exp(steps * vol * Math.sqrt(dt));
      const ex = discreteBarrierGreeks(DOWN_IN, -1, S, 100, H, times, vol, 0, 0, emptyGreeks(), { bumps: "none", cellFactor: 0.5 });
      const bgk = barrierGreeks(DOWN_IN, -1, S, 100, H, 0, m * dt, vol, 0, 0, dt, emptyGreeks());
      worstP = Math.max(worstP, Math.abs(bgk.price - ex.price) / 100);
      worstD = Math.max(worstD, Math.abs(bgk.delta - ex.delta));
    }
    expect(worstP).toBeLessThan(1e-3);
    expect(worstD).toBeLessThan(0.02);
  });

  it("BGK next to the barrier is not good enough: up to 30% off on delta at the barrier with 20 closes", () => {
    const times = Array.from({ length: 20 }, (_, i) => (i + 1) / 252);
    const ex = discreteBarrierGreeks(DOWN_IN, -1, justAbove(70), 100, 70, times, 0.3, 0, 0, emptyGreeks(), { bumps: "none" });
    const bgk = barrierGreeks(DOWN_IN, -1, justAbove(70), 100, 70, 0, 20 / 252, 0.3, 0, 0, 1 / 252, emptyGreeks());
    expect(Math.abs(bgk.delta / ex.delta - 1)).toBeGreaterThan(0.15);
  });
});

describe("a daily-monitored note just above its barrier with days to go", () => {
  const n = note();
  const asOf = closeInstant("2026-01-30");
  const H = 43.6;

  it("has an issuer delta below −1 per share-equivalent (a vanilla put's never is)", () => {
    const p = put(n, asOf, justAbove(H), { rate: 0.04 });
    expect(p.greeks.delta).toBeLessThan(-1);
    const v = vanilla({ type: "put", spot: justAbove(H), strike: 60, time: noteEvents(n, asOf).at(-1)!.time, vol: 0.55, rate: 0.04 });
    expect(v.delta).toBeGreaterThanOrEqual(-1);
  });

  it("at or below the barrier the put is the knocked-in vanilla (touching counts)", () => {
    const T = noteEvents(n, asOf).at(-1)!.time;
    for (const S of [H, 40, 30]) {
      const p = put(n, asOf, S, { rate: 0.04 });
      expect(p.engine).toBe("vanilla");
      const v = vanilla({ type: "put", spot: S, strike: 60, time: T, vol: 0.55, rate: 0.04 });
      expect(p.greeks.price).toBe(v.price);
      expect(p.greeks.delta).toBe(v.delta);
    }
  });

  it("the knock-in unwind is the exact engine's delta jump × shares", () => {
    const e = noteExposure(n, { asOfMs: asOf, spot: 45, vol: 0.55, rate: 0.04 });
    expect(e.status).toBe("alive");
    expect(e.unwindEngine).toBe("exact");
    const times = noteEvents(n, asOf).map((x) => x.time);
    const above = discreteBarrierGreeks(DOWN_IN, -1, justAbove(H), 60, H, times, 0.55, 0.04, 0, emptyGreeks(), { bumps: "none" }).delta;
    const knocked = vanilla({ type: "put", spot: H, strike: 60, time: times.at(-1)!, vol: 0.55, rate: 0.04 }).delta;
    const expected = (above - knocked) * (100_000_000 / 60);
    expect(above - knocked).toBeLessThan(-1);
    expect(Math.abs(e.knockInUnwindShares - expected)).toBeLessThanOrEqual(8 * EPS * Math.abs(expected));
    expect(e.knockInUnwindUsd).toBe(e.knockInUnwindShares * H);
  });

  it("a daily note breached intraday (spot below, no close below) still carries its put; the close's unwind is pending", () => {
    const n = note();
    const asOfMs = closeInstant("2026-01-30") + 3600_000; // after that close, spot 43 below the 43.6 barrier
    const e = noteExposure(n, { asOfMs, spot: 43, vol: 0.55, rate: 0.04 });
    expect(e.status).toBe("breached-intraday");
    // valued at its spot as the grid values spots below a daily barrier (the put struck at K)
    const p = put(n, asOfMs, 43, { rate: 0.04 });
    expect(e.delta).toBe(p.greeks.delta);
    expect(e.hedgeShares).toBe(-p.greeks.delta * e.shares);
    // not knocked in yet: the unwind the close would force, no breach unwind
    const j = knockInJump(n, { events: noteEvents(n, asOfMs), vol: 0.55, rate: 0.04 });
    expect(e.knockInUnwindShares).toBe(j.jump * e.shares);
    expect(e.knockInUnwindShares).toBeLessThan(0);
    expect(e.breachUnwindShares).toBeNull();
  });

  it("continuous observation (closed form) also jumps down at the breach", () => {
    const c = note({ observation: "continuous" });
    const j = knockInJump(c, { events: noteEvents(c, asOf), vol: 0.55, rate: 0.04 });
    expect(j.engine).toBe("closed-form");
    expect(j.above).toBeLessThan(-1);
    expect(j.jump).toBeLessThan(0);
  });

  it("there is nothing to unwind once the final valuation has passed", () => {
    expect(knockInJump(n, { events: [], vol: 0.55 })).toMatchObject({ above: 0, knockedIn: 0, jump: 0 });
  });
});

describe("final-date notes: the closed-form decomposition, fixed at the final valuation and paid at maturity", () => {
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
  const n = note({ observation: "final", maturity: "2027-11-10", finalValuationDate: undefined });

  it("defaults the final valuation to three business days before maturity and discounts to maturity", () => {
    expect(n.finalValuationDate).toBe("2027-11-05");
    const asOf = closeInstant("2026-02-03");
    const T = (n.finalValuationMs - asOf) / YEAR_MS, lag = (n.maturityMs - n.finalValuationMs) / YEAR_MS;
    for (const S of [45, 43.6, 40, 60]) {
      const p = put(n, asOf, S, { rate: 0.04 });
      expect(p.engine).toBe("closed-form");
      const ref = reference(S, 60, 43.6, T, 0.55, 0.04);
      const disc = Math.exp(-0.04 * lag);
      expect(Math.abs(p.greeks.price - disc * ref.price)).toBeLessThanOrEqual(64 * EPS * Math.abs(ref.price));
      expect(Math.abs(p.greeks.delta - disc * ref.delta)).toBeLessThanOrEqual(64 * EPS * Math.abs(ref.delta));
    }
  });

  it("spot below a final barrier before the final valuation is not a knock-in", () => {
    const e = noteExposure(n, { asOfMs: closeInstant("2026-02-05"), spot: 36.9, vol: 0.55 });
    expect(e.status).toBe("alive");
    expect(e.engine).toBe("closed-form");
    expect(e.delta).toBe(barrier({ type: "put", barrier: "down-in", level: 43.6, monitoring: "final", spot: 36.9, strike: 60,
      time: e.remainingYears, vol: 0.55 }).delta);
  });

  it("the excess hedge grows without bound as the final date nears (the jump of the final observation)", () => {
    const near = knockInJump(n, { events: noteEvents(n, n.finalValuationMs - YEAR_MS / 365), vol: 0.55 }).jump;
    const far = knockInJump(n, { events: noteEvents(n, n.finalValuationMs - YEAR_MS), vol: 0.55 }).jump;
    expect(near).toBeLessThan(-4);
    expect(Math.abs(far)).toBeLessThan(0.1);
  });
});

describe("a knocked-in note", () => {
  it("is the vanilla put struck at K whatever the spot", () => {
    const n = note({ strikePct: 0.95 });
    const asOf = closeInstant("2026-01-30");
    const p = put(n, asOf, 50, { knockedIn: true });
    const v = vanilla({ type: "put", spot: 50, strike: 57, time: noteEvents(n, asOf).at(-1)!.time, vol: 0.55 });
    expect(p.engine).toBe("vanilla");
    expect(p.greeks.price).toBe(v.price);
    expect(p.greeks.delta).toBe(v.delta);
  });

  it("invalid market inputs give NaN, not a throw (kernel contract)", () => {
    const asOf = closeInstant("2026-01-30");
    expect(put(note(), asOf, NaN).greeks.price).toBeNaN();
    expect(put(note({ observation: "final" }), asOf, 45, { vol: -1 }).greeks.delta).toBeNaN();
  });
});
