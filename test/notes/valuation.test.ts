import { describe, expect, it } from "vitest";
import { validateNoteTerms, type NoteTerms, type NoteTermsInput } from "../../src/data/noteTerms.js";
import { YEAR_MS } from "../../src/data/time.js";
import { DOWN_IN } from "../../src/options/barrierTerms.js";
import { discreteBarrierGreeks } from "../../src/options/discreteBarrier.js";
import { emptyGreeks } from "../../src/options/greeks.js";
import { zJetGreeks } from "../../src/options/zJet.js";
import { closeInstant } from "../../src/notes/dates.js";
import { knockInJump } from "../../src/notes/embedded.js";
import { noteGrid, noteLegJets, noteLegJetsOnGrid } from "../../src/notes/noteLattice.js";
import { couponAmount, noteEvents, type NoteEvent } from "../../src/notes/schedule.js";
import { noteUnwind, noteValueAndUnwind, noteValueAt } from "../../src/notes/valuation.js";
import { monteCarloLegs, monteCarloVanna } from "../options/monteCarlo.js";

const ASOF = closeInstant("2026-02-03");
const SPOT = 44.59;
const AC: NoteTermsInput = {
  id: "AC", issuer: "Bank", underlying: "IBIT", pricingDate: "2025-11-26", initialLevel: 50, barrierPct: 0.7, observation: "daily",
  maturity: "2026-11-27", notionalUsd: 15e6, couponRatePa: 0.13, couponBarrierPct: 0.7, autocallLevelPct: 1, autocallFrequency: "monthly",
  couponMemory: true,
};
const note = (o: Partial<NoteTermsInput> = {}): NoteTerms => validateNoteTerms({ ...AC, ...o });

/**
 * The note's legs on one simulated path, discounted to now: [principal, coupons, put] per
 * share-equivalent. Written from the term sheet's rules, sharing no code with the lattice.
 */
function legsOnPath(n: NoteTerms, events: readonly NoteEvent[], r: number, state: { knockedIn?: boolean; missed?: number } = {}) {
  const F = n.initialLevel, K = n.strikePct * F, H = n.barrierLevel;
  const A = n.autocallLevelPct === undefined ? Infinity : n.autocallLevelPct * F;
  const C = n.couponBarrierPct === undefined ? -Infinity : n.couponBarrierPct * F;
  const amt = couponAmount(n);
  const tPay = (n.maturityMs - ASOF) / YEAR_MS;
  return (p: Float64Array): number[] => {
    let ki = state.knockedIn === true, missed = state.missed ?? 0, coupons = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!, S = p[i]!, df = Math.exp(-r * (e.final ? tPay : e.time));
      if (e.knockIn && S <= H) ki = true;
      if (e.coupon) {
        if (S >= C) {
          coupons += df * amt * (1 + (n.couponMemory ? missed : 0));
          missed = 0;
        } else missed++;
      }
      if (e.autocall && S >= A) return [df * F, coupons, 0];
      if (e.final) return [df * F, coupons, ki ? df * Math.max(K - S, 0) : 0];
    }
    throw new Error("no final event");
  };
}

function lattice(n: NoteTerms, r: number, state: { knockedIn?: boolean; missed?: number } = {}, vol = 0.55) {
  const events = noteEvents(n, ASOF);
  const [j] = noteLegJets(n, events, [SPOT], { asOfMs: ASOF, vol, rate: r, dividend: 0, knockedIn: state.knockedIn === true, missedCoupons: state.missed ?? 0 });
  return { events, principal: j!.principal[0]!, coupons: j!.coupons[0]!, put: j!.put[0]! };
}

describe("the whole note on the event lattice against an independent Monte Carlo", () => {
  // each leg within 4 standard errors of 150,000 antithetic pairs (fixed seed); the standard errors
  // are at most 0.2% of the note, so a mispriced coupon or call rule would show
  const cases: Array<[string, Partial<NoteTermsInput>, { knockedIn?: boolean; missed?: number }]> = [
    ["daily knock-in, monthly autocall, memory coupons", {}, {}],
    ["already knocked in, two coupons missed (memory)", {}, { knockedIn: true, missed: 2 }],
    ["final observation, quarterly autocall at 95%, coupons without memory above the knock-in barrier", { observation: "final", autocallLevelPct: 0.95, autocallFrequency: "quarterly", couponBarrierPct: 0.8, couponMemory: false }, {}],
    ["coupons only, no autocall, strike 90%", { autocallLevelPct: undefined, autocallFrequency: undefined, strikePct: 0.9 }, {}],
  ];
  for (const [label, over, state] of cases) {
    it(label, () => {
      const n = note(over);
      const lat = lattice(n, 0.03, state);
      const mc = monteCarloLegs({ spot: SPOT, vol: 0.55, rate: 0.03, times: lat.events.map((e) => e.time), pairs: 150_000, seed: 12 }, legsOnPath(n, lat.events, 0.03, state));
      const got = [lat.principal, lat.coupons, lat.put];
      got.forEach((v, k) => expect(Math.abs(v - mc.mean[k]!), `${["principal", "coupons", "put"][k]}: ${v} vs ${mc.mean[k]} ± ${mc.se[k]}`).toBeLessThanOrEqual(4 * mc.se[k]! + 1e-9));
      expect(Math.max(...mc.se)).toBeLessThan(2e-3 * n.initialLevel);
    });
  }
});

describe("limits of the lattice", () => {
  it("no autocall and no coupons: the put equals the exact discrete engine (daily) and the closed form (final)", () => {
    const plain = note({ couponRatePa: undefined, couponBarrierPct: undefined, couponMemory: undefined, autocallLevelPct: undefined, autocallFrequency: undefined, maturity: "2026-06-12" });
    const lat = lattice(plain, 0);
    const ref = discreteBarrierGreeks(DOWN_IN, -1, SPOT, 50, 35, lat.events.map((e) => e.time), 0.55, 0, 0, emptyGreeks(), { bumps: "none" });
    expect(Math.abs(lat.put / ref.price - 1)).toBeLessThan(5e-4);
    expect(lat.coupons).toBe(0);
    expect(Math.abs(lat.principal - 50)).toBeLessThan(1e-8);
  });

  it("a coupon barrier near 0 pays every coupon: the sum of the discounted amounts", () => {
    const n = note({ couponBarrierPct: 1e-3, autocallLevelPct: undefined, autocallFrequency: undefined, couponFrequency: "monthly" });
    const lat = lattice(n, 0.03);
    const tPay = (n.maturityMs - ASOF) / YEAR_MS;
    const sure = lat.events.filter((e) => e.coupon).reduce((s, e) => s + couponAmount(n) * Math.exp(-0.03 * (e.final ? tPay : e.time)), 0);
    expect(Math.abs(lat.coupons / sure - 1)).toBeLessThan(1e-9);
  });

  it("an autocall out of reach changes nothing; one certain at the first date redeems there", () => {
    // at 200% of initial and 20% vol the level is 4.5 standard deviations away at the last call date
    const base = lattice(note({ autocallLevelPct: undefined, autocallFrequency: undefined, couponFrequency: "monthly" }), 0.03, {}, 0.2);
    const never = lattice(note({ autocallLevelPct: 2 }), 0.03, {}, 0.2);
    expect(Math.abs(never.put - base.put)).toBeLessThan(1e-3 * base.put);
    expect(Math.abs(never.coupons - base.coupons)).toBeLessThan(1e-3 * base.coupons);
    const n = note({ autocallLevelPct: 0.05 });
    const sure = lattice(n, 0.03);
    const first = sure.events.find((e) => e.autocall)!;
    expect(Math.abs(sure.principal - 50 * Math.exp(-0.03 * first.time))).toBeLessThan(1e-6);
    expect(sure.put).toBeLessThan(1e-6 * 50); // the put needs a knock-in before the first call date and is cancelled then
  });
});

describe("noteValueAt: the issuer's position and its parts", () => {
  it("the parts add up to the position, price and delta; a plain note's position is its put", () => {
    const n = note();
    const inp = { asOfMs: ASOF, events: noteEvents(n, ASOF), vol: 0.55, rate: 0.03 };
    for (const v of noteValueAt(n, inp, [38, SPOT, 52])) {
      expect(v.engine).toBe("lattice");
      for (const k of ["price", "delta", "gamma", "vanna", "charm"] as const) {
        const sum = v.parts.put[k] + v.parts.coupons[k] + v.parts.autocall[k];
        expect(Math.abs(sum - v.option[k]), k).toBeLessThanOrEqual(1e-12 * (Math.abs(v.parts.put[k]) + Math.abs(v.parts.coupons[k]) + Math.abs(v.parts.autocall[k])));
      }
      // the issuer owes the coupons: its coupon part is negative and falls as spot rises
      expect(v.parts.coupons.price).toBeLessThan(0);
    }
    const plain = note({ couponRatePa: undefined, couponBarrierPct: undefined, couponMemory: undefined, autocallLevelPct: undefined, autocallFrequency: undefined });
    const [p] = noteValueAt(plain, { ...inp, events: noteEvents(plain, ASOF) }, [SPOT]);
    expect(p!.option).toEqual(p!.parts.put);
    expect(p!.parts.coupons.price).toBe(0);
  });

  it("delta and gamma of the legs against central differences on one grid", () => {
    const n = note();
    const events = noteEvents(n, ASOF);
    const m = { asOfMs: ASOF, vol: 0.55, rate: 0.03, dividend: 0, knockedIn: false, missedCoupons: 0 };
    const h = 1e-3 * SPOT;
    const grid = noteGrid(n, events, [SPOT - h, SPOT + h], 0.55, { carry: 0.03 });
    const jets = noteLegJetsOnGrid(n, events, [SPOT - h, SPOT, SPOT + h], m, grid);
    const g = (j: Float64Array, S: number) => zJetGreeks(j, 1, S, 0.55, 0.03, 0, emptyGreeks());
    for (const leg of ["coupons", "put"] as const) {
      const [a, b, c] = jets.map((j, i) => g(j[leg], [SPOT - h, SPOT, SPOT + h][i]!));
      expect(Math.abs(b!.delta - (c!.price - a!.price) / (2 * h)), `${leg} delta`).toBeLessThan(2e-4 * Math.abs(b!.delta) + 1e-6);
      expect(Math.abs(b!.gamma - (c!.delta - a!.delta) / (2 * h)), `${leg} gamma`).toBeLessThan(2e-3 * Math.abs(b!.gamma) + 1e-6);
    }
  });

  it("vanna: the one-sided bump of the extrapolated deltas against their central difference", () => {
    // the bump's own error (σ × 1e-5, one-sided) against a central difference at σ ± 1e-3 of the same
    // Richardson-extrapolated deltas, whose error is O(1e-6): measured 1e-5 of vanna on the sample's
    // autocallables, so 5e-5 here (the former coarse-grid difference was 0.0031 off here: 9% of O's vanna)
    const n = note();
    const events = noteEvents(n, ASOF);
    const m = { asOfMs: ASOF, vol: 0.55, rate: 0.03, dividend: 0, knockedIn: false, missedCoupons: 0 };
    const grid = noteGrid(n, events, [SPOT], 0.55, { carry: 0.03 });
    const dv = 1e-3;
    const [up, dn] = [0.55 + dv, 0.55 - dv].map((vol) => noteLegJets(n, events, [SPOT], { ...m, vol }, grid)[0]!);
    const vanna = (leg: "coupons" | "put" | "principal") =>
      (zJetGreeks(up![leg], 1, SPOT, 0.55 + dv, 0.03, 0, emptyGreeks()).delta - zJetGreeks(dn![leg], 1, SPOT, 0.55 - dv, 0.03, 0, emptyGreeks()).delta) / (2 * dv);
    const [v] = noteValueAt(n, { asOfMs: ASOF, events, vol: 0.55, rate: 0.03 }, [SPOT]);
    const O = vanna("put") - vanna("coupons") - vanna("principal");
    // the legs nearly cancel here (O's vanna is 6% of their sizes added): the bound is on that sum
    const size = Math.abs(vanna("put")) + Math.abs(vanna("coupons")) + Math.abs(vanna("principal"));
    expect(Math.abs(v!.option.vanna - O), `option vanna ${v!.option.vanna} vs ${O} (legs ${size})`).toBeLessThan(5e-5 * size);
    expect(Math.abs(-v!.parts.coupons.vanna - vanna("coupons")), "coupons vanna").toBeLessThan(5e-5 * Math.abs(vanna("coupons")));
  });

  it("the unwind at a breach is the put layers' delta jump; for a coupon note without autocall it matches the plain put's", () => {
    const n = note({ autocallLevelPct: undefined, autocallFrequency: undefined });
    const events = noteEvents(n, ASOF);
    const u = noteUnwind(n, { asOfMs: ASOF, events, vol: 0.55 });
    expect(u.engine).toBe("lattice");
    expect(u.jump).toBeLessThan(0);
    const plain = knockInJump(note({ couponRatePa: undefined, couponBarrierPct: undefined, couponMemory: undefined, autocallLevelPct: undefined, autocallFrequency: undefined }), { events, vol: 0.55 });
    expect(plain.engine).toBe("exact");
    expect(Math.abs(u.jump / plain.jump - 1)).toBeLessThan(2e-3);
  });

  it("noteValueAndUnwind (one induction for both) agrees with noteValueAt and noteUnwind apart", () => {
    // the shared grid's cone is wider; the cells are the same, so only the lattice's own error differs
    const n = note();
    const inp = { asOfMs: ASOF, events: noteEvents(n, ASOF), vol: 0.55 };
    const both = noteValueAndUnwind(n, inp, SPOT);
    const [v] = noteValueAt(n, inp, [SPOT]), u = noteUnwind(n, inp);
    expect(both.value.engine).toBe("lattice");
    expect(both.unwind.engine).toBe("lattice");
    for (const f of ["price", "delta", "gamma"] as const) {
      expect(Math.abs(both.value.option[f] - v!.option[f]), f).toBeLessThan(1e-4 * Math.max(1, Math.abs(v!.option[f])));
      expect(Math.abs(both.value.parts.coupons[f] - v!.parts.coupons[f]), `coupons ${f}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(v!.parts.coupons[f])));
    }
    expect(Math.abs(both.unwind.jump - u.jump)).toBeLessThan(1e-4 * Math.abs(u.jump) + 1e-6);
    // a plain note: the two calls themselves
    const plain = note({ couponRatePa: undefined, couponBarrierPct: undefined, couponMemory: undefined, autocallLevelPct: undefined, autocallFrequency: undefined });
    const pb = noteValueAndUnwind(plain, inp, SPOT);
    expect(pb.value).toEqual(noteValueAt(plain, inp, [SPOT])[0]);
    expect(pb.unwind).toEqual(noteUnwind(plain, inp));
  });
});

describe("vanna of a note priced whole against an independent Monte Carlo", () => {
  // Two autocallables of the shipped sample book (data/ibit_notes_sample.csv) on the 2026-02-03
  // close: spot 44.59 and the sample history's 63-day realized vol (gexray notes … --asof
  // 2026-02-03), a 3% rate so that the principal repaid early has a vanna too. Reference: the mixed
  // central difference of the term sheet's rules (legsOnPath above, no lattice code) on common
  // random numbers (monteCarloVanna), spot ± 2%, vol ± 5%, fixed seed. Each part within 4 of its
  // standard errors. The difference's own bias at these bumps is below 0.8% of vanna (the lattice's
  // quotient at the same bumps against its vanna, the five sample autocallables): under one
  // standard error. RBC's whole-note vanna has a standard error under 1% and decides between
  // methods: the former one (the coarse grid's one-sided difference) is 6% low there, over 6
  // standard errors; Citi (monthly, memory coupons) checks the parts of a second kind of note.
  const VOL = 0.31216339192523196, R = 0.03;
  const sample: Array<[string, NoteTermsInput, number]> = [
    ["SYN-RBC-250919-A (quarterly autocall, daily knock-in 65%, coupons without memory)", {
      id: "SYN-RBC-250919-A", issuer: "RBC", underlying: "IBIT", pricingDate: "2025-09-19", initialLevel: 66, barrierPct: 0.65, observation: "daily",
      maturity: "2026-09-21", notionalUsd: 5e6, autocallLevelPct: 1, autocallFrequency: "quarterly", firstAutocallDate: "2025-12-19", couponRatePa: 0.14,
      couponBarrierPct: 0.65, couponMemory: false,
    }, 300_000],
    ["SYN-CITI-260123-A (monthly autocall, daily knock-in 65%, memory coupons)", {
      id: "SYN-CITI-260123-A", issuer: "Citi", underlying: "IBIT", pricingDate: "2026-01-23", initialLevel: 49.13, barrierPct: 0.65, observation: "daily",
      maturity: "2027-01-25", notionalUsd: 15e6, autocallLevelPct: 1, autocallFrequency: "monthly", firstAutocallDate: "2026-02-23", couponRatePa: 0.14,
      couponBarrierPct: 0.65, couponMemory: true,
    }, 150_000],
  ];
  for (const [label, terms, pairs] of sample) {
    it(label, () => {
      const n = validateNoteTerms(terms);
      const events = noteEvents(n, ASOF);
      const [v] = noteValueAt(n, { asOfMs: ASOF, events, vol: VOL, rate: R }, [SPOT]);
      const legs = legsOnPath(n, events, R);
      const K = n.strikePct * n.initialLevel, H = n.barrierLevel, dfPay = Math.exp(-R * (n.maturityMs - ASOF) / YEAR_MS);
      // per path: O = Q − C − (P − PV(F)), and its parts: the put as if not callable, −C, the rest
      const parts = (p: Float64Array): number[] => {
        const [P, C, Q] = legs(p);
        let ki = false;
        for (let i = 0; i < events.length; i++) if (events[i]!.knockIn && p[i]! <= H) ki = true;
        const put = ki ? dfPay * Math.max(K - p[events.length - 1]!, 0) : 0;
        const O = Q! - C! - (P! - n.initialLevel * dfPay);
        return [O, put, -C!, O - put + C!];
      };
      const mc = monteCarloVanna({ spot: SPOT, vol: VOL, rate: R, times: events.map((e) => e.time), pairs, seed: 5, h: 0.02 * SPOT, d: 0.05 * VOL }, parts);
      const got = [v!.option.vanna, v!.parts.put.vanna, v!.parts.coupons.vanna, v!.parts.autocall.vanna];
      got.forEach((x, k) => expect(Math.abs(x - mc.mean[k]!), `${["option", "put", "coupons", "autocall"][k]}: ${x} vs ${mc.mean[k]} ± ${mc.se[k]}`).toBeLessThanOrEqual(4 * mc.se[k]!));
      if (pairs === 300_000) expect(mc.se[0]!).toBeLessThan(0.01 * Math.abs(mc.mean[0]!));
    });
  }
});
