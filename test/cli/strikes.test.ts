import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { strikeTable } from "../../src/exposure/strikes.js";
import { gexray, MAIN, oneLineError, ROOT } from "./run.js";

const real = (name: string) => fileURLToPath(new URL(`../fixtures/real/${name}`, import.meta.url));
const SPX = real("spx_quotedata_2024-01-07.csv");
const IBIT = real("ibit_chain_2026-07-14.json");

describe("gexray strikes", () => {
  it("--json: the library's strike table for the range, ascending", async () => {
    const r = gexray(["strikes", SPX, "--min", "4600", "--max", "4800", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const d = JSON.parse(r.stdout);
    const rows = strikeTable((await loadChain(SPX)).chain, { min: 4600, max: 4800 });
    expect(d.strikes).toEqual(rows);
    expect(d.strikes[0].strike).toBe(4600);
    expect(d.strikes.at(-1).strike).toBe(4800);
    expect(d.unit.gamma).toMatch(/per 1% move/);
    // SPX and SPXW listings of 4700 both count: the open interest is their sum
    const k4700 = d.strikes.find((x: { strike: number }) => x.strike === 4700);
    expect(k4700.netGamma).toBe(k4700.callGamma + k4700.putGamma);
  });

  it("--csv with --expiry and --type put", async () => {
    const r = gexray(["strikes", IBIT, "--min", "30", "--max", "45", "--expiry", "2026-07-17", "--type", "put", "--csv"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("strike,call_open_interest,put_open_interest,call_gamma_usd_per_1pct,put_gamma_usd_per_1pct,net_gamma_usd_per_1pct,vanna_usd_per_vol_point");
    const rows = strikeTable((await loadChain(IBIT)).chain, { min: 30, max: 45, type: "put", expiry: { fromDate: "2026-07-17", toDate: "2026-07-17" } });
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.slice(1).every((l) => l.split(",")[1] === "0")).toBe(true); // no calls
    expect(Number(lines[1]!.split(",")[4])).toBe(rows[0]!.putGamma);
  });

  it("text: a table with a units footer", () => {
    const r = gexray(["strikes", SPX, "--min", "4690", "--max", "4700"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SPX by strike at spot 4697.2402, as of 2024-01-07T10:52:00-05:00/);
    expect(r.stdout).toContain("units: strike USD per SPX; OI contracts; gamma USD of dealer delta per 1% move");
    // the header, the columns, 3 strikes, the call wall 4,800 outside the range, the units (two lines)
    expect(r.stdout).toMatch(/^ *4800 .*call wall \(outside the range\)$/m);
    expect(r.stdout).toMatch(/^ *4700 .*put wall, abs gamma$/m);
    for (const l of r.stdout.split("\n")) expect([...l].length, l).toBeLessThanOrEqual(100);
  });

  it("--min above --max is one line, exit 2", () => {
    const r = gexray(["strikes", SPX, "--min", "4800", "--max", "4600"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toContain("--min must not exceed --max");
  });

  it("loads no dataframe, math or plotting library (the quick path)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gexray-strikes-"));
    try {
      const probe = join(dir, "probe.cjs");
      // ESM imports of CommonJS packages (danfojs-node, mathjs, jstat, vega) go through the CommonJS cache
      writeFileSync(probe, `process.on("exit", () => {
        const pkgs = new Set();
        for (const k of Object.keys(require.cache)) { const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(k); if (m) pkgs.add(m[1]); }
        process.stderr.write("packages=" + [...pkgs].sort().join(",") + "\\n");
      });\n`);
      const r = spawnSync(process.execPath, ["--require", probe, MAIN, "strikes", SPX, "--min", "4600", "--max", "4800"], { cwd: ROOT, encoding: "utf8" });
      expect(r.status).toBe(0);
      const line = r.stderr.split("\n").find((l) => l.startsWith("packages=")) ?? "";
      expect(line).toMatch(/^packages=/);
      expect(line.slice("packages=".length).split(",").filter((s) => s !== "" && s !== "commander")).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("gexray strikes --dealer-expr", () => {
  it("type * oi is the naive sign; the JSON says which model it used", () => {
    const a = JSON.parse(gexray(["strikes", SPX, "--min", "4600", "--max", "4800", "--json"]).stdout);
    const r = gexray(["strikes", SPX, "--min", "4600", "--max", "4800", "--json", "--dealer-expr", "type * oi"]);
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.strikes).toEqual(a.strikes);
    expect(b).toMatchObject({ dealer: "expression", dealerExpression: "type * oi" });
    const short = JSON.parse(gexray(["strikes", SPX, "--min", "4700", "--max", "4700", "--json", "--dealer-expr", "-oi"]).stdout);
    const ref = JSON.parse(gexray(["strikes", SPX, "--min", "4700", "--max", "4700", "--json", "--dealer", "short"]).stdout);
    expect(short.strikes).toEqual(ref.strikes);
  });
});
