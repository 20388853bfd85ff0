import { describe, expect, it } from "vitest";
import { sqfPnl } from "../../src/futures/sqf.js";

// Seed 001 (CME's SQF article, docs/forced-flows.md §2.3), vectors S1–S3. The article prints cents
// and two-decimal percentages; the notes' unrounded figures are checked to 1e-9.
const S1 = { side: "long" as const, qty: 3, size: 0.01, entry: 90000, exit: 93095.61, tfaEntry: -3752.5, tfaExit: -3703.11, margin: 648 };

describe("sqfPnl", () => {
  it("S1: spot leg 92.8683, TFA leg 1.4817, total 94.3500; cleared 86,247.50 → 89,392.50", () => {
    const r = sqfPnl(S1);
    expect(r.pricePnl).toBeCloseTo(92.8683, 9);
    expect(r.tfaPnl).toBeCloseTo(1.4817, 9);
    expect(r.pnl).toBeCloseTo(94.35, 9);
    expect(r.clearedEntry).toBe(86247.5);
    expect(r.clearedExit).toBeCloseTo(89392.5, 9);
    // the article's check: (89,392.50 − 86,247.50) × 0.03 = 94.35
    expect((r.clearedExit - r.clearedEntry) * r.coin).toBeCloseTo(r.pnl, 9);
  });
  it("S3: margin 648 = 216 per contract = 24 % of 2,700; ROIC 3.44 % direct vs 14.56 % on the margin", () => {
    const r = sqfPnl(S1);
    expect(r.notional).toBe(2700);
    expect(r.marginPerContract).toBe(216);
    expect(r.marginRate).toBeCloseTo(0.24, 12);
    expect(Math.round(r.directReturn * 10000) / 100).toBe(3.44);
    expect(Math.round(r.marginReturn! * 10000) / 100).toBe(14.56);
  });
  it("S2: same day, 90,000 → 92,000: 60.00, no TFA", () => {
    const r = sqfPnl({ side: "long", qty: 3, size: 0.01, entry: 90000, exit: 92000, sameDay: true });
    expect(r.pnl).toBeCloseTo(60, 9);
    expect(r.tfaPnl).toBe(0);
  });
  it("a short earns the opposite; the TFA sign is taken as published", () => {
    const r = sqfPnl({ ...S1, side: "short" });
    expect(r.pnl).toBeCloseTo(-94.35, 9);
    expect(sqfPnl({ ...S1, tfaEntry: 3752.5, tfaExit: 3703.11 }).tfaPnl).toBeCloseTo(-1.4817, 9);
  });
  it("refuses an overnight trade without TFAs, and non-positive sizes or prices", () => {
    expect(() => sqfPnl({ side: "long", qty: 1, size: 0.01, entry: 1, exit: 2 })).toThrow(/TFA/);
    expect(() => sqfPnl({ ...S1, qty: 0 })).toThrow(RangeError);
    expect(() => sqfPnl({ ...S1, margin: 0 })).toThrow(RangeError);
  });
});
