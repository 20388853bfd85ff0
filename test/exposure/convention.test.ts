/**
 * `--convention perfiliev` against the numbers the open-source GEX tools published for the very
 * files in test/fixtures/real (SOURCES.md):
 *
 * - SPX 2024-01-07 (phammings/SPX500-Gamma-Exposure-Calculator, commit e186d15, the script
 *   modules/main.py and its saved plots): saved_plots/AbsoluteGammaExposure-2024-01-07.png is titled
 *   "Total Gamma: $-11.00 Bn per 1% SPX Move"; saved_plots/GammaExposureProfile-2024-01-07.png labels
 *   "Gamma Flip: 4,734".
 * - NDX 2022-02-05 (Luca-Castelli/Index-Gamma, commit 0db13c3, gamma.py and demo/spx_gamma.png, a
 *   chart of ndx_quotedata.csv although titled SPX): "Gamma Flip: 14,686". That script has no 1/262
 *   floor, so Monday's expiry (0 business days from Saturday) gives NaN and drops out of its sums:
 *   the same as this convention with the next expiry excluded.
 *
 * Both are the method of Sergei Perfiliev's blog post "How to calculate gamma exposure and zero gamma
 * level" (perfiliev.co.uk). Tolerances: half a unit of the printed precision.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { businessDays, perfilievTimes } from "../../src/exposure/convention.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { dateInZone, selectContracts } from "../../src/exposure/select.js";

const real = (name: string) => fileURLToPath(new URL(`../fixtures/real/${name}`, import.meta.url));
const PERFILIEV = { name: "perfiliev", yearDays: 262 } as const;

describe("businessDays (numpy busday_count, no holidays)", () => {
  it("matches numpy.busday_count on the cases that matter", () => {
    // numpy 1.x: np.busday_count(a, b) for each pair
    for (const [a, b, n] of [
      ["2024-01-07", "2024-01-08", 0], ["2024-01-07", "2024-01-19", 9], ["2022-02-05", "2022-02-07", 0], ["2022-02-05", "2022-02-08", 1],
      ["2024-01-07", "2024-01-05", 0], ["2024-01-07", "2029-12-21", 1554], ["2022-02-05", "2024-12-20", 749], ["2024-02-29", "2024-03-04", 2],
      ["1999-12-31", "2000-01-03", 1],
    ] as const) {
      expect(businessDays(a, b), `${a} → ${b}`).toBe(n);
    }
  });

  it("agrees with counting weekdays one day at a time (forward [a, b), backward (b, a])", () => {
    const day = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let n = 0; n < 300; n++) {
      const a = day("2019-01-01") + Math.floor(rand() * 3000) * 86400e3;
      const b = a + Math.floor((rand() - 0.3) * 400) * 86400e3;
      let count = 0;
      if (b >= a) for (let t = a; t < b; t += 86400e3) count += new Date(t).getUTCDay() % 6 !== 0 ? 1 : 0;
      else for (let t = a; t > b; t -= 86400e3) count -= new Date(t).getUTCDay() % 6 !== 0 ? 1 : 0;
      expect(businessDays(iso(a), iso(b)), `${iso(a)} → ${iso(b)}`).toBe(count);
    }
  });
});

describe("--convention perfiliev reproduces the published numbers", () => {
  it("SPX 2024-01-07: total −$11.00 bn per 1% from the Gamma column, gamma flip 4,734", async () => {
    const { chain } = await loadChain(real("spx_quotedata_2024-01-07.csv"), { keepZeroIv: true });
    const p = await computeProfile(chain, { convention: PERFILIEV });
    expect(Math.abs(p.atSpot.gamma / 1e9 - -11.0)).toBeLessThanOrEqual(0.005);
    // an independent sum (python3's csv module over every row of the raw file, before any loader):
    // Σ CallGamma·CallOI·100·S²·0.01 − PutGamma·PutOI·100·S²·0.01 = −10.998709390128719 bn
    expect(Math.abs(p.atSpot.gamma - -10998709390.128719)).toBeLessThanOrEqual(1e-12 * 2e12);
    expect(p.convention).toMatchObject({ name: "perfiliev", yearDays: 262, flipRule: "first crossing", charmUnit: "per business day" });
    expect(Math.abs(p.convention.flip! - 4734)).toBeLessThanOrEqual(0.5);
    expect(p.convention.flip).toBe(p.levels.zeroGamma[0]);
    expect(p.convention.gammaAtSpot).toEqual({ vendorContracts: p.counts.used, modelContracts: 0 });
    // 60 levels over 0.8–1.2 × spot, like np.linspace(0.8·S, 1.2·S, 60)
    expect(p.grid.length).toBe(60);
    expect(p.grid[0]).toBe(0.8 * chain.spot);
    expect(p.grid[59]).toBe(1.2 * chain.spot);
    // gexray's own convention on the same contracts: model gamma at spot, −20.7 bn
    const own = await computeProfile(chain);
    expect(Math.abs(own.atSpot.gamma / 1e9 - -20.7)).toBeLessThan(0.05);
  });

  it("without the IV-0 rows the vendor total misses the published figure (why the loader keeps them)", async () => {
    const { chain } = await loadChain(real("spx_quotedata_2024-01-07.csv"));
    const p = await computeProfile(chain, { convention: PERFILIEV });
    expect(Math.abs(p.atSpot.gamma / 1e9 - -11.0)).toBeGreaterThan(0.005); // −11.02
  });

  it("NDX 2022-02-05 with the next expiry dropped: gamma flip 14,686", async () => {
    const { chain } = await loadChain(real("ndx_quotedata_2022-02-05.csv"), { keepZeroIv: true });
    const p = await computeProfile(chain, { convention: PERFILIEV, expiry: { excludeNextExpiry: true } });
    expect(Math.abs(p.convention.flip! - 14686)).toBeLessThanOrEqual(0.5);
  });

  it("times are business days / 262 (or / 252) from the as-of date, 0 days counted as one", async () => {
    const { chain } = await loadChain(real("spx_quotedata_2024-01-07.csv"));
    const sel = selectContracts(chain);
    const t262 = perfilievTimes(chain, sel, 262);
    const t252 = perfilievTimes(chain, sel, 252);
    for (let j = 0; j < sel.index.length; j += 97) {
      const d = businessDays("2024-01-07", dateInZone(chain.expiry[sel.index[j]!]!, "America/New_York"));
      expect(t262[j]).toBe(Math.max(d, 1) / 262);
      expect(t252[j]).toBe(Math.max(d, 1) / 252);
    }
    // Monday 2024-01-08 (0 business days from Sunday) and Tuesday (1) are both 1/262
    const first = [...new Set(Array.from(t262))].sort((a, b) => a - b);
    expect(first[0]).toBe(1 / 262);
    expect(first[1]).toBe(2 / 262);
  });

  it("charm is per business day: the calendar-day figure × 365 / yearDays on the same times", async () => {
    const { chain } = await loadChain(real("spx_quotedata_2024-01-07.csv"));
    const p = await computeProfile(chain, { convention: { name: "perfiliev", yearDays: 252 } });
    // the same business-day times fed to the gexray path through a chain whose time column is replaced
    const sel = selectContracts(chain);
    const time = Float64Array.from(chain.time);
    perfilievTimes(chain, sel, 252).forEach((t, j) => (time[sel.index[j]!] = t));
    const q = await computeProfile({ ...chain, time }, { grid: { steps: 59 } });
    expect(Math.abs(p.atSpot.charm - (q.atSpot.charm * 365) / 252)).toBeLessThanOrEqual(1e-12 * Math.abs(p.atSpot.charm));
    expect(Math.abs(p.gamma[30]! - q.gamma[30]!)).toBeLessThanOrEqual(1e-9 * Math.abs(q.gamma[30]!));
  });
});
