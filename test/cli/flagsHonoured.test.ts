/**
 * Flags a command accepts must change what it does or be refused (one line, exit 2): gamma-map's
 * --dealer-expr, --convention perfiliev on the commands that compute with the gexray convention only.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gexray, oneLineError } from "./run.js";

const SPX = fileURLToPath(new URL("../fixtures/real/spx_quotedata_2024-01-07.csv", import.meta.url));

interface MapJson {
  dealer: string;
  dealerExpression?: string;
  days: Array<{ gamma: number[]; atSpotGamma: number }>;
}
const mapJson = (extra: string[]): MapJson => {
  const r = gexray(["gamma-map", SPX, "--days", "1", "--json", ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as MapJson;
};

describe("gexray gamma-map --dealer-expr", () => {
  it("computes with the expression and names it in JSON and on the terminal", () => {
    const naive = mapJson([]);
    // long every call, short every put, one contract per contract of open interest: the naive sign
    const same = mapJson(["--dealer-expr", "type == 1 ? oi : -oi"]);
    expect(same.dealer).toBe("expression");
    expect(same.dealerExpression).toBe("type == 1 ? oi : -oi");
    for (let d = 0; d < 2; d++) {
      const a = naive.days[d]!.gamma;
      const b = same.days[d]!.gamma;
      const scale = Math.max(...a.map(Math.abs));
      for (let k = 0; k < a.length; k++) expect(Math.abs(b[k]! - a[k]!)).toBeLessThanOrEqual(1e-12 * scale);
    }
    // the map is linear in the positions: 0.3·calls − puts = 0.3·(calls only) + (−puts only)
    const mixed = mapJson(["--dealer-expr", "type == 1 ? 0.3 * oi : -oi"]);
    const calls = mapJson(["--dealer-expr", "type == 1 ? oi : 0"]);
    const puts = mapJson(["--dealer-expr", "type == 1 ? 0 : -oi"]);
    const want = 0.3 * calls.days[0]!.atSpotGamma + puts.days[0]!.atSpotGamma;
    expect(Math.abs(mixed.days[0]!.atSpotGamma - want)).toBeLessThanOrEqual(1e-12 * Math.abs(puts.days[0]!.atSpotGamma));
    expect(Math.abs(mixed.days[0]!.atSpotGamma - naive.days[0]!.atSpotGamma)).toBeGreaterThan(0.01 * Math.abs(naive.days[0]!.atSpotGamma));
    const t = gexray(["gamma-map", SPX, "--days", "1", "--no-color", "--dealer-expr", "type == 1 ? 0.3 * oi : -oi"]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout.replace(/\s+/g, " ")).toContain("dealer position type == 1 ? 0.3 * oi : -oi (signed contracts; --dealer-expr)");
  });
});

describe("--convention perfiliev where only the gexray convention is computed", () => {
  const cases: Array<[string, string[]]> = [
    ["gamma-map", ["gamma-map", SPX]],
    ["history", ["history", SPX, SPX]],
    ["diff", ["diff", SPX, SPX]],
    ["flows", ["flows", SPX]],
  ];
  for (const [name, args] of cases) {
    it(`${name} refuses it: one line, exit 2, nothing on stdout`, () => {
      const r = gexray([...args, "--convention", "perfiliev"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(oneLineError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toBe(`gexray: --convention perfiliev applies to profile, levels and report; ${name} uses the gexray convention (drop --convention)\n`);
    });
  }
  it("flows refuses --dealer-expr (its map uses --dealer)", () => {
    const r = gexray(["flows", SPX, "--dealer-expr", "oi"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/--dealer-expr applies to profile, levels, strikes, report and gamma-map; flows takes --dealer/);
  });
});
