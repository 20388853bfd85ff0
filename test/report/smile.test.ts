import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { reportSurface, smileChartSvg, SMILE_CHARTS, surfaceSummary, surfaceTable } from "../../src/report/smile.js";
import { sliceVol } from "../../src/vol/slice.js";
import { fitVolSurface } from "../../src/vol/surface.js";

const DERIBIT = fileURLToPath(new URL("../fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv", import.meta.url));

describe("the report's volatility-surface section (real Deribit 2024-03-12 book)", async () => {
  const { chain } = await loadChain(DERIBIT);
  const surface = fitVolSurface(chain);
  const p = await computeProfile(chain);
  const oi = new Map(p.byExpiry.map((e) => [e.expiryMs, e.openInterest]));
  const s = reportSurface(surface, chain.asOf.zone, oi);

  it("has every slice, with the fallback and its reason", () => {
    expect(s.slices).toHaveLength(12);
    const dec = s.slices.find((x) => x.expiry === "2024-12-27T08:00:00Z")!;
    expect(dec.method).toBe("monotone");
    expect(dec.svi).toBeNull();
    expect(dec.fallbackReason).toMatch(/^SVI misses the quotes by/);
    const t = surfaceTable(s);
    expect(t.rows).toHaveLength(12);
    const row = t.rows.findIndex((r) => r[0] === dec.expiry);
    expect(t.rows[row]![2]).toBe("monotone");
    expect(t.rows[row]![9]).toBe(dec.fallbackReason);
    expect(t.rowClass![row]).toBe("strong");
    expect(surfaceSummary(s)[0]).toMatch(/^12 expiries: 11 SVI, weighted RMSE median \d+\.\d\d, worst \d+\.\d\d vol points \(\d{4}-\d\d-\d\d\); 1 monotone fallback \(2024-12-27: SVI misses/);
  });

  it("charts the six expiries with the most open interest, in time order, quotes and fit", () => {
    const top = [...p.byExpiry].sort((a, b) => b.openInterest - a.openInterest).slice(0, SMILE_CHARTS).map((e) => e.expiry).sort();
    expect(s.charts.map((c) => c.expiry)).toEqual(top);
    for (const c of s.charts) {
      const sl = surface.slices.find((x) => x.expiryMs === Date.parse(c.expiry))!;
      expect(c.quoteStrike).toEqual(sl.quotes.strike);
      expect(c.quoteVol).toEqual(sl.quotes.iv.map((v) => v * 100));
      expect(c.fitStrike).toHaveLength(121);
      expect(c.fitStrike[0]).toBe(sl.quotes.strike[0]);
      expect(c.fitStrike[120]).toBe(sl.quotes.strike[sl.quotes.strike.length - 1]);
      // the fitted line is the slice's vol at each strike, in percent
      expect(Math.abs(c.fitVol[60]! - sliceVol(sl, Math.log(c.fitStrike[60]! / sl.forward)) * 100)).toBeLessThanOrEqual(1e-12);
      const svg = smileChartSvg(c, chain.spot, 1);
      expect(svg.match(/<circle class="point"/g)).toHaveLength(c.quoteStrike.length);
      expect(svg.match(/<path class="series"/g)).toHaveLength(1);
    }
  });

  it("gives calendar crossings as strike ranges of the later expiry", () => {
    expect(s.calendar).toHaveLength(surface.calendar.length);
    surface.calendar.forEach((c, j) => {
      const later = surface.slices.find((x) => x.expiryMs === c.laterMs)!;
      expect(s.calendar[j]!.fromStrike).toBe(later.forward * Math.exp(c.from));
      expect(s.calendar[j]!.shortfall).toBe(c.shortfall);
    });
  });
});
