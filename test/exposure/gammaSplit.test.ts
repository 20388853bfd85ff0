import { describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { gammaSplit } from "../../src/exposure/gammaSplit.js";
import { selectContracts } from "../../src/exposure/select.js";
import { vanilla } from "../../src/options/vanilla.js";
import { realPath } from "../data/helpers.js";
import { EPS, makeChain } from "./helpers.js";

describe("gammaSplit: call and put dealer gamma at spot, tilt, put/call OI ratio", () => {
  it.each(["spx_quotedata_2024-01-07.csv", "ibit_chain_2026-07-14.json"])(
    "%s: the sums equal an independent per-contract evaluation with vanilla() (naive dealers)", async (name) => {
      const { chain } = await loadChain(realPath(name));
      const p = await computeProfile(chain, { grid: { steps: 10 } });
      const s = gammaSplit(p.strikes);
      // independent: every selected contract priced by the options layer, dollarized by hand
      const sel = selectContracts(chain);
      const S = chain.spot;
      let call = 0, put = 0, absSum = 0, callOi = 0, putOi = 0;
      for (let j = 0; j < sel.index.length; j++) {
        const i = sel.index[j]!;
        const isCall = chain.type[i] === 1;
        const g = vanilla({ type: isCall ? "call" : "put", spot: S, strike: chain.strike[i]!, time: sel.time[j]!, vol: chain.iv[i]!, rate: chain.rate, dividend: chain.dividend }).gamma;
        const w = (isCall ? 1 : -1) * chain.openInterest[i]! * chain.multiplier[i]!;
        const dollar = w * g * S * S * 0.01;
        absSum += Math.abs(dollar);
        if (isCall) {
          call += dollar;
          callOi += chain.openInterest[i]!;
        } else {
          put += dollar;
          putOi += chain.openInterest[i]!;
        }
      }
      // a sum of ~15k terms: rounding grows with the count; 64·ε of the absolute sum is generous and tight
      expect(Math.abs(s.callGamma - call)).toBeLessThanOrEqual(64 * EPS * absSum);
      expect(Math.abs(s.putGamma - put)).toBeLessThanOrEqual(64 * EPS * absSum);
      expect(s.callGamma + s.putGamma).toBeCloseTo(p.atSpot.gamma, -3);
      expect(Math.abs(s.callGamma + s.putGamma - p.atSpot.gamma)).toBeLessThanOrEqual(64 * EPS * absSum);
      expect(s.callOpenInterest).toBe(callOi);
      expect(s.putOpenInterest).toBe(putOi);
      expect(s.putCallOiRatio).toBe(putOi / callOi);
      expect(s.tilt).toBe(Math.abs(s.callGamma) / (Math.abs(s.callGamma) + Math.abs(s.putGamma)));
    });

  it("naive signs: calls ≥ 0, puts ≤ 0; the tilt is the same under the short convention (absolute gamma)", async () => {
    const specs = [
      { type: "call" as const, strike: 100, time: 0.1, iv: 0.3, oi: 30 },
      { type: "put" as const, strike: 95, time: 0.1, iv: 0.35, oi: 10 },
    ];
    const c = makeChain(specs);
    const naive = gammaSplit((await computeProfile(c)).strikes);
    const short = gammaSplit((await computeProfile(c, { dealer: "short" })).strikes);
    expect(naive.callGamma).toBeGreaterThan(0);
    expect(naive.putGamma).toBeLessThan(0);
    expect(short.callGamma).toBe(-naive.callGamma);
    expect(short.tilt).toBe(naive.tilt);
    expect(naive.putCallOiRatio).toBe(10 / 30);
  });

  it("no rows: zeros, and null tilt and ratio (never NaN)", () => {
    expect(gammaSplit([])).toEqual({ callGamma: 0, putGamma: 0, tilt: null, callOpenInterest: 0, putOpenInterest: 0, putCallOiRatio: null });
  });
});
