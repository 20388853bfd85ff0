/**
 * The view commands end to end (the built CLI): diff, history (worker threads, failures, --strict),
 * gamma-map, and profile's --exclude-next-monthly; every default output within 100 columns, JSON
 * shapes as the issue names them, one-line errors with exit 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { visibleWidth } from "../../src/report/ansi.js";
import { gexray, oneLineError } from "./run.js";

const real = (name: string) => fileURLToPath(new URL(`../fixtures/real/${name}`, import.meta.url));
const SPX = real("spx_quotedata_2024-01-07.csv");
const SPX22 = real("extra/spx_quotedata_2022-02-04_close.csv");
const BTC = real("deribit_btc_book_summary_2024-03-12T0557Z.csv");
const IBIT = real("ibit_chain_2026-07-14.json");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "gexray-views-cli-"));
  dirs.push(d);
  return d;
};
const fits = (text: string, width = 100) => {
  for (const l of text.split("\n")) expect(visibleWidth(l), l).toBeLessThanOrEqual(width);
};

describe("gexray diff", () => {
  it("the real SPX pair: terminal within 100 columns, exit 0, the loaders' exclusions warned", () => {
    const r = gexray(["diff", SPX22, SPX]);
    expect(r.code, r.stderr).toBe(0);
    fits(r.stdout);
    expect(r.stdout).toMatch(/^SPX snapshot diff: 2022-02-05T20:09:00-05:00 → 2024-01-07T10:52:00-05:00/);
    expect(r.stdout).toMatch(/call wall +4,700 +4,800 +\+100/);
  });

  it("--json (written with --out: several MB), series, totals by strike and expiry, levels; --out diff.html writes a page", () => {
    const dir0 = temp();
    const r = gexray(["diff", SPX22, SPX, "--out", join(dir0, "d.json")]);
    expect(r.code).toBe(0);
    const d = JSON.parse(readFileSync(join(dir0, "d.json"), "utf8"));
    expect(Object.keys(d.oi)).toEqual(["underlying", "older", "newer", "series", "unchangedSeries", "byStrike", "byExpiry", "totals"]);
    expect(d.oi.series[0]).toHaveProperty("status");
    expect(d.levels.rows.map((x: { id: string }) => x.id)).toContain("nearestZeroGamma");
    expect(r.stderr).toContain("386 contract(s)");
    const dir = temp();
    const w = gexray(["diff", SPX22, SPX, "--out", join(dir, "diff.html")]);
    expect(w.code).toBe(0);
    expect(readFileSync(join(dir, "diff.html"), "utf8")).toContain('id="figure-diff-profiles"');
  });

  it("wrong order, different underlyings and a bad --out are one line, exit 2", () => {
    for (const args of [[SPX, SPX22], [SPX22, real("ndx_quotedata_2022-02-05.csv")], [SPX22, SPX, "--out", "x.txt"]]) {
      const r = gexray(["diff", ...args]);
      expect(r.code).toBe(2);
      expect(oneLineError(r.stderr), r.stderr).toBe(true);
    }
  });
});

describe("gexray history", () => {
  it("worker threads give each file's own profile figures, sorted by as-of; --json has the issue's shape", () => {
    const dir = temp();
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "not,a,chain\n1,2,3\n");
    const r = gexray(["history", SPX, BTC, SPX22, IBIT, bad, "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("gexray: warning: 1 of 5 snapshot(s) failed");
    expect(r.stderr).toContain(`gexray: ${bad}: `);
    const d = JSON.parse(r.stdout);
    expect(Object.keys(d)).toEqual(["underlyings", "unit", "rows", "failed", "warnings"]);
    expect(d.rows.map((x: { file: string }) => x.file)).toEqual([SPX22, SPX, BTC, IBIT]);
    expect(d.failed).toHaveLength(1);
    expect(d.failed[0].file).toBe(bad);
    for (const row of d.rows) {
      const p = JSON.parse(gexray(["profile", row.file, "--json"]).stdout);
      expect(row.asOf).toBe(p.asOf);
      expect(row.gamma).toBe(p.atSpot.gamma);
      expect(row.charm).toBe(p.atSpot.charm);
      expect(row.nearestZeroGamma).toBe(p.levels.nearestZeroGamma);
      expect(row.callWall).toBe(p.levels.callWall);
      expect(row.up1pct).toEqual({ underlying: p.hedge.up1pct.underlying, usd: p.hedge.up1pct.usd });
      expect(row.down1pct).toEqual({ underlying: p.hedge.down1pct.underlying, usd: p.hedge.down1pct.usd });
    }
    // one thread gives the same rows
    const one = JSON.parse(gexray(["history", SPX, BTC, SPX22, IBIT, bad, "--json", "--threads", "1"]).stdout);
    expect(one.rows).toEqual(d.rows);
  });

  it("--strict: a failed snapshot makes the exit code 2, the rest still printed; no usable snapshot is exit 2", () => {
    const dir = temp();
    writeFileSync(join(dir, "bad.json"), "{}");
    const r = gexray(["history", SPX, join(dir, "bad.json"), "--csv", "--strict"]);
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n")[0]).toMatch(/^file,as_of,spot_usd,/);
    expect(r.stdout.trim().split("\n")).toHaveLength(2);
    const none = gexray(["history", join(dir, "bad.json")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no snapshot could be used");
  });

  it("a directory: its chain files; terminal within 100 columns; --out history.html with both charts", () => {
    const dir = temp();
    for (const [name, src] of [["a.csv", SPX], ["b.csv", SPX22], ["c.json", IBIT]] as const) writeFileSync(join(dir, name), readFileSync(src));
    writeFileSync(join(dir, "README.md"), "# not a chain");
    const r = gexray(["history", dir]);
    expect(r.code, r.stderr).toBe(0);
    fits(r.stdout);
    expect(r.stdout).toMatch(/^IBIT, SPX history: 3 snapshots, 2022-02-05 to 2026-07-14/);
    const out = join(dir, "h.html");
    expect(gexray(["history", dir, "--out", out]).code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('id="figure-history-levels"');
    expect(html).toContain('id="figure-history-gamma"');
  });
});

describe("gexray gamma-map", () => {
  it("terminal: one row per day within 100 columns; --json: every day's column on the grid", () => {
    const r = gexray(["gamma-map", SPX, "--days", "5"]);
    expect(r.code, r.stderr).toBe(0);
    fits(r.stdout);
    expect(r.stdout).toMatch(/^SPX dealer gamma map: the next 5 days/);
    expect(r.stdout).toMatch(/^ +2 +Tue 01-09 +14720 +1 /m);
    const j = JSON.parse(gexray(["gamma-map", BTC, "--days", "3", "--json"]).stdout);
    expect(j.days).toHaveLength(4);
    expect(j.grid).toHaveLength(101);
    expect(j.grid[0]).toBeCloseTo(0.9 * 72011.29, 6);
    expect(j.days[1].expiredSince).toEqual(["2024-03-12T08:00:00Z"]);
  });

  it("--out map.html, map.csv; --days out of range and sticky moneyness are usage errors", () => {
    const dir = temp();
    expect(gexray(["gamma-map", IBIT, "--days", "3", "--out", join(dir, "m.html")]).code).toBe(0);
    expect(readFileSync(join(dir, "m.html"), "utf8")).toContain('class="cell"');
    expect(gexray(["gamma-map", IBIT, "--days", "2", "--out", join(dir, "m.csv")]).code).toBe(0);
    expect(readFileSync(join(dir, "m.csv"), "utf8").trim().split("\n")).toHaveLength(1 + 3 * 101);
    for (const args of [["--days", "0"], ["--days", "400"], ["--vol-model", "sticky-moneyness"]]) {
      const r = gexray(["gamma-map", IBIT, ...args]);
      expect(r.code).toBe(2);
      expect(oneLineError(r.stderr)).toBe(true);
    }
  });
});

describe("gexray profile --exclude-next-monthly", () => {
  it("drops the 19 Jan 2024 expiry (SPX and SPXW listings) and counts it as filtered", () => {
    const all = JSON.parse(gexray(["profile", SPX, "--json"]).stdout);
    const ex = JSON.parse(gexray(["profile", SPX, "--json", "--exclude-next-monthly"]).stdout);
    expect(ex.byExpiry.map((e: { expiry: string }) => e.expiry)).not.toContain("2024-01-19T09:30:00-05:00");
    expect(ex.byExpiry.map((e: { expiry: string }) => e.expiry)).not.toContain("2024-01-19T16:00:00-05:00");
    const removed = all.byExpiry.filter((e: { expiry: string }) => e.expiry.startsWith("2024-01-19")).reduce((a: number, e: { contracts: number }) => a + e.contracts, 0);
    expect(ex.counts.filtered).toBe(removed);
    expect(ex.counts.used).toBe(all.counts.used - removed);
  });
});
