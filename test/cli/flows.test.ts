/**
 * `gexray flows` on the shipped sample: the JSON contract of issue 11, the sign conventions seen
 * through the CLI (dealers short gamma sell a fall; liquidated longs sell; shorts buy a rise), no
 * open-interest row after the chain's as-of used, the ESTIMATED and MODEL labels, the width, bad input.
 */
import { describe, expect, it } from "vitest";
import { gexray, oneLineError } from "./run.js";

const CHAIN = "data/btc_deribit_sample_2026-02-04.csv";
const NOTES = ["--notes", "data/ibit_notes_sample.csv", "--prices", "data/ibit_history_2025-09_2026-02.csv", "--map", "IBIT:BTC=0.000568"];
const OI = ["--oi", "data/btc_oi_history_2026-01-26_2026-02-10.csv", "--venue", "binance"];

interface FlowsDoc {
  asOf: string; spot: number; underlying: string; grid: number[];
  sources: Record<"dealers" | "issuers" | "liquidations" | "adl", number[] | null>;
  total: number[]; cumulative: Record<"dealers" | "issuers" | "liquidations" | "adl" | "total", number[] | null>;
  levels: { sellPocket: { from: number; to: number; usd: number } | null; sellExceedsDepth: number | null };
  cascade: Array<{ shock: number; rest: number; restMove: number }> | null;
  assumptions: string[]; warnings: string[];
}

describe("gexray flows", () => {
  const run = gexray(["flows", CHAIN, ...NOTES, ...OI, "--insurance-fund", "1.23e9", "--depth", "2e8", "--json"]);
  const d = JSON.parse(run.stdout) as FlowsDoc;
  it("--json carries issue 11's fields, every source, the grid holding spot", () => {
    expect(run.code).toBe(0);
    for (const k of ["asOf", "spot", "underlying", "grid", "sources", "total", "cumulative", "levels", "cascade", "assumptions", "warnings"]) expect(d).toHaveProperty(k);
    expect(d.asOf).toBe("2026-02-04T14:00:00Z");
    expect(d.underlying).toBe("BTC");
    const s = d.grid.indexOf(d.spot);
    expect(s).toBeGreaterThan(0);
    for (const k of ["dealers", "issuers", "liquidations", "adl"] as const) {
      expect(d.sources[k]!.length).toBe(d.grid.length - 1);
      expect(d.cumulative[k]![s]).toBe(0);
    }
    // the total is the sum of the sources in every bin
    for (let k = 0; k < d.total.length; k += 37) {
      const sum = d.sources.dealers![k]! + d.sources.issuers![k]! + d.sources.liquidations![k]! + d.sources.adl![k]!;
      expect(Math.abs(d.total[k]! - sum)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(sum) + 1e-9);
    }
  });
  it("signs: forced selling below spot is negative, buying above positive; liquidated longs only sell", () => {
    const s = d.grid.indexOf(d.spot);
    expect(d.sources.liquidations!.slice(0, s).every((v) => v <= 0)).toBe(true);
    expect(d.sources.liquidations!.slice(s).every((v) => v >= 0)).toBe(true);
    // the sample's dealers are short gamma at spot: they sell the first bin of a fall and buy the first of a rise
    expect(d.sources.dealers![s - 1]!).toBeLessThan(0);
    expect(d.sources.dealers![s]!).toBeGreaterThan(0);
    expect(d.levels.sellPocket!.to).toBeLessThanOrEqual(d.spot);
    expect(d.levels.sellPocket!.usd).toBeLessThan(0);
  });
  it("cascades for ±1%, ±5%, ±10%, labelled a model; ESTIMATED labels on liquidations and ADL", () => {
    expect(d.cascade!.map((c) => c.shock)).toEqual([-0.01, -0.05, -0.1, 0.01, 0.05, 0.1]);
    expect(d.cascade![1]!.restMove).toBeLessThanOrEqual(-0.05);
    expect(d.assumptions.some((a) => a.startsWith("liquidations ESTIMATED"))).toBe(true);
    expect(d.assumptions.some((a) => a.startsWith("ADL ESTIMATED"))).toBe(true);
    expect(d.assumptions.some((a) => a.startsWith("cascade MODEL"))).toBe(true);
    // rows of the history after the snapshot are not replayed (no look-ahead)
    expect(d.assumptions.some((a) => /row\(s\) after 2026-02-04T14:00:00Z not used/.test(a))).toBe(true);
  });
  it("the shipped sample files' SYNTHETIC labels reach the map's warnings (JSON and terminal)", () => {
    for (const f of ["data/ibit_notes_sample.csv", "data/ibit_history_2025-09_2026-02.csv", "data/btc_oi_history_2026-01-26_2026-02-10.csv"]) {
      expect(d.warnings.some((w) => w.startsWith(`${f}: SYNTHETIC`)), f).toBe(true);
    }
    const r = gexray(["flows", CHAIN, ...OI]);
    expect(r.stdout).toContain("warning: data/btc_oi_history_2026-01-26_2026-02-10.csv: SYNTHETIC sample");
  });
  it("text: the map within 100 columns, ESTIMATED and MODEL said", () => {
    const r = gexray(["flows", CHAIN, ...OI, "--depth", "2e8"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^BTC forced-flow map · as of 2026-02-04T14:00:00Z/);
    expect(r.stdout).toContain("Shock cascades (MODEL)");
    expect(r.stdout).toContain("ESTIMATED");
    for (const line of r.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
  });
  it("dealers alone without --oi; ladder flags without --oi are a usage error", () => {
    const r = gexray(["flows", CHAIN, "--json"]);
    expect(r.code).toBe(0);
    const only = JSON.parse(r.stdout) as FlowsDoc;
    expect(only.sources.liquidations).toBeNull();
    expect(only.cascade).toBeNull();
    for (const args of [["--venue", "binance"], ["--insurance-fund", "1e9"], ["--depth", "-5"], ["--shocks", "0"]]) {
      const e = gexray(["flows", CHAIN, ...args]);
      expect(e.code, args.join(" ")).toBe(2);
      expect(oneLineError(e.stderr), e.stderr).toBe(true);
    }
  });
});
