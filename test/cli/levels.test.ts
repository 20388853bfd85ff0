import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { gexray, oneLineError } from "./run.js";

const real = (name: string) => fileURLToPath(new URL(`../fixtures/real/${name}`, import.meta.url));
const NDX = real("ndx_quotedata_2022-02-05.csv");
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
});
