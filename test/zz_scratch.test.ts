import { it } from "vitest";
import { validateNoteTerms } from "../src/data/noteTerms.js";
import { noteEvents } from "../src/notes/schedule.js";
import { noteLegJets } from "../src/notes/noteLattice.js";
import { closeInstant } from "../src/notes/dates.js";
import { discreteBarrierGreeks } from "../src/options/discreteBarrier.js";
import { barrierGreeks } from "../src/options/barrierGreeks.js";
import { emptyGreeks } from "../src/options/greeks.js";
import { DOWN_IN, MONITOR_FINAL } from "../src/options/barrierTerms.js";
import { monteCarlo } from "./options/monteCarlo.js";
it("scratch", () => {
  const asOfMs = closeInstant("2026-02-03");
  for (const obs of ["daily", "final"]) {
    const note = validateNoteTerms({ id: "N", issuer: "B", underlying: "IBIT", pricingDate: "2025-11-10", initialLevel: 60, barrierPct: 0.73, observation: obs, maturity: "2026-05-12", notionalUsd: 1e6 });
    const ev = noteEvents(note, asOfMs);
    const t0 = performance.now();
    const m = { asOfMs, vol: 0.55, rate: 0, dividend: 0, knockedIn: false, missedCoupons: 0 };
    const [j] = noteLegJets(note, ev, [44.59], m);
    const dt = performance.now() - t0;
    const times = ev.map((e) => e.time);
    const g = obs === "daily" ? discreteBarrierGreeks(DOWN_IN, -1, 44.59, 60, 43.8, times, 0.55, 0, 0, emptyGreeks(), { bumps: "none" })
      : barrierGreeks(DOWN_IN, -1, 44.59, 60, 43.8, 0, times[times.length - 1]!, 0.55, 0, 0, MONITOR_FINAL, emptyGreeks());
    console.log(obs, ev.length, "lattice put", j!.put[0], j!.put[1] / 44.59, "engine", g.price, g.delta, "ms", dt.toFixed(1), "P", j!.principal[0]);
  }
  // autocallable daily KI with memory coupons vs MC
  const ac = validateNoteTerms({ id: "A", issuer: "B", underlying: "IBIT", pricingDate: "2025-11-26", initialLevel: 50, barrierPct: 0.7, observation: "daily", maturity: "2026-11-27", notionalUsd: 1e6,
    couponRatePa: 0.13, couponBarrierPct: 0.7, autocallLevelPct: 1, autocallFrequency: "monthly", couponMemory: true });
  const ev = noteEvents(ac, asOfMs);
  const m = { asOfMs, vol: 0.55, rate: 0.03, dividend: 0, knockedIn: false, missedCoupons: 0 };
  const t0 = performance.now();
  const [j] = noteLegJets(ac, ev, [44.59], m);
  console.log("ac lattice ms", (performance.now() - t0).toFixed(1), "P", j!.principal[0], "C", j!.coupons[0], "Q", j!.put[0], "note", j!.principal[0]! + j!.coupons[0]! - j!.put[0]!);
  const times = ev.map((e) => e.time);
  const F = 50, H = 35, amt = 0.13 * 50 / 12, payT = (ac.maturityMs - asOfMs) / 31536000000;
  const mc = monteCarlo({ spot: 44.59, vol: 0.55, rate: 0.03, times, pairs: 100000, seed: 1 }, (p) => {
    let ki = false, missed = 0, v = 0;
    for (let i = 0; i < p.length; i++) {
      const e = ev[i]!, S = p[i]!, df = Math.exp(-0.03 * times[i]!);
      if (e.knockIn && S <= H) ki = true;
      if (e.coupon) { if (S >= 35) { v += df * amt * (1 + missed) * (e.final ? Math.exp(-0.03 * (payT - times[i]!)) : 1); missed = 0; } else missed++; }
      if (e.autocall && S >= F) return v + df * F;
      if (e.final) { const d = Math.exp(-0.03 * payT); return v + d * F - (ki ? d * Math.max(F - S, 0) : 0); }
    }
    return NaN;
  });
  console.log("mc note", mc.mean, mc.se);
});
