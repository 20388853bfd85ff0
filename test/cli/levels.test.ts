import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { gexray, oneLineError } from "./run.js";

const real = (name: string) => fileURLToPath(new URL(`../fixtures/real/${name}`, import.meta.url));
const NDX = real("ndx_quotedata_2022-02-05.csv");
const SPX = real("spx_quotedata_2024-01-07.csv");
const DERIBIT = real("deribit_btc_book_summary_2024-03-12T0557Z.csv");

describe("gexray levels", () => {
  it("--json: the library's levels and zones, every crossing (NDX crosses three times)", async () => {
    const r = gexray(["levels", NDX, "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const d = JSON.parse(r.stdout);
    const p = await computeProfile((await loadChain(NDX)).chain);
    expect(d.levels).toEqual(p.levels);
    expect(d.levels.zeroGamma).toHaveLength(3);
    expect(d.shortGammaZones).toEqual(p.shortGammaZones);
    expect(d.unit.levels).toBe("USD per unit of underlying");
    expect(d.grid).toEqual({ from: p.grid[0], to: p.grid[500], points: 501, log: false });
  });

  it("text: each level with its label, the nearest crossing and all of them", () => {
    const r = gexray(["levels", DERIBIT, "--range", "0.7:1.3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^BTC key levels as of 2024-03-12T05:57:12.940Z, spot 72011.29/);
    for (const label of ["zero gamma (nearest)", "zero gamma (all)", "call wall", "put wall", "abs-gamma strike", "short gamma zones"]) {
      expect(r.stdout).toContain(label);
    }
  });

  it("bad flags are one line, exit 2", () => {
    const r = gexray(["levels", NDX, "--steps", "many"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toContain("--steps");
  });

  it("--convention perfiliev prints the published tools' numbers and says which convention produced them", () => {
    // phammings/SPX500-Gamma-Exposure-Calculator's plots of this file: "Total Gamma: $-11.00 Bn per 1% SPX Move",
    // "Gamma Flip: 4,734" (test/exposure/convention.test.ts cites them)
    const r = gexray(["levels", SPX, "--convention", "perfiliev"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SPX key levels as of 2024-01-07T10:52:00-05:00, spot 4697\.2402 \(USD per SPX; dealer sign naive\)\n/);
    expect(r.stdout).toMatch(/ {2}zero gamma \(first\) +4734\.\d+ +\+0\.79%\n/);
    expect(r.stdout).toContain("  total gamma at spot   -11.00 bn USD per 1% move (the file's Gamma column)");
    expect(r.stdout).toContain("60 prices (linear)");
    expect(r.stdout).toContain("perfiliev: business days / 262 (0 days: 1/262), first crossing");
    // Luca-Castelli/Index-Gamma's chart of the NDX file: "Gamma Flip: 14,686" (next expiry out)
    const n = gexray(["levels", NDX, "--convention", "perfiliev", "--exclude-next-expiry", "--json"]);
    expect(n.code).toBe(0);
    const d = JSON.parse(n.stdout);
    expect(Math.round(d.convention.flip)).toBe(14686);
    expect(d.convention).toMatchObject({ name: "perfiliev", yearDays: 262, flipRule: "first crossing" });
    // the default says so too
    expect(gexray(["levels", NDX]).stdout).toContain("  convention            gexray: calendar time to each expiry's clock, nearest crossing flagged\n");
    expect(JSON.parse(gexray(["levels", NDX, "--json"]).stdout).convention.name).toBe("gexray");
  });

  it("--year-days 252 is the variant; it needs --convention perfiliev", () => {
    const r = gexray(["levels", SPX, "--convention", "perfiliev", "--year-days", "252", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).convention.yearDays).toBe(252);
    const bad = gexray(["levels", SPX, "--year-days", "252"]);
    expect(bad.code).toBe(2);
    expect(oneLineError(bad.stderr)).toBe(true);
    expect(bad.stderr).toBe("gexray: --year-days needs --convention perfiliev\n");
    const unknown = gexray(["levels", SPX, "--convention", "spotgamma"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--convention must be one of gexray, perfiliev");
  });

  it("--dealer-expr: a custom dealer position; an expression that does not parse is exit 2 with mathjs's message", async () => {
    const r = gexray(["levels", NDX, "--dealer-expr", "type == 1 ? 0.3 * oi : -oi", "--json"]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.model).toMatchObject({ dealer: "expression", dealerExpression: "type == 1 ? 0.3 * oi : -oi" });
    const { compileDealerExpression } = await import("../../src/exposure/dealerExpr.js");
    const p = await computeProfile((await loadChain(NDX)).chain, { dealerExpression: compileDealerExpression("type == 1 ? 0.3 * oi : -oi") });
    expect(d.levels).toEqual(p.levels);
    const bad = gexray(["levels", NDX, "--dealer-expr", "type == 1 ? 0.3 * oi :"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("gexray: --dealer-expr: Unexpected end of expression (char 23)\n");
    const sym = gexray(["levels", NDX, "--dealer-expr", "notional * 2"]);
    expect(sym.code).toBe(2);
    expect(oneLineError(sym.stderr)).toBe(true);
    expect(sym.stderr).toMatch(/Undefined symbol notional \(contract on line \d+\)/);
    const both = gexray(["levels", NDX, "--dealer", "short", "--dealer-expr", "-oi"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("gexray: --dealer and --dealer-expr are exclusive: give one\n");
  });
});
