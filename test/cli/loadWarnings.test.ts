/**
 * Issue 9 §4 "No silent numbers": every command that loads a chain tells the same load warnings as
 * `profile` (stderr for text, `warnings` and `counts.file` in --json). The file: the real SPX export
 * cut in the middle of a row (its first 600 000 bytes), which profile warns about
 * ("…: the file ends in the middle of this row…"); the reference for each command is what
 * `profile --json` carries for the same file (loadForAnalysis, a separate code path).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realPath } from "../data/helpers.js";
import { gexray } from "./run.js";

let dir: string;
let trunc: string;
/** profile --json on the truncated file: the warnings and file counts every command must show */
let ref: { warnings: string[]; counts: { file: unknown } };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "gexray-loadwarn-"));
  trunc = join(dir, "trunc.csv");
  writeFileSync(trunc, readFileSync(realPath("spx_quotedata_2024-01-07.csv")).subarray(0, 600_000));
  const r = gexray(["profile", trunc, "--json"]);
  expect(r.code, r.stderr).toBe(0);
  ref = JSON.parse(r.stdout);
  // the premise: the cut row is warned about
  expect(ref.warnings.some((w) => w.startsWith(`${trunc}:`) && w.includes("the file ends in the middle of this row"))).toBe(true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The `gexray: warning: …` lines of stderr, without the prefix. */
function stderrWarnings(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("gexray: warning: ")).map((l) => l.slice("gexray: warning: ".length));
}

describe("history", () => {
  it("text and CSV: the truncated snapshot's load warnings on stderr, as profile gives them", () => {
    for (const mode of [[], ["--csv"]]) {
      const r = gexray(["history", trunc, ...mode, "--threads", "1"]);
      expect(r.code, r.stderr).toBe(0);
      expect(stderrWarnings(r.stderr)).toEqual(ref.warnings);
    }
  });

  it("--json: the warnings (from the worker threads) at the top level and each row's counts.file", () => {
    const other = realPath("ndx_quotedata_2022-02-05.csv");
    const r = gexray(["history", trunc, other, "--json", "--threads", "2"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const ndx = JSON.parse(gexray(["profile", other, "--json"]).stdout);
    expect(doc.warnings).toEqual([...ref.warnings, ...ndx.warnings]);
    expect(Object.keys(doc)).toEqual(["underlyings", "unit", "rows", "failed", "warnings"]);
    expect(doc.rows.find((x: { file: string }) => x.file === trunc).counts).toEqual({ file: ref.counts.file });
    expect(doc.rows.find((x: { file: string }) => x.file === other).counts).toEqual({ file: ndx.counts.file });
  });

  it("--out history.html and history.md show them in the page as well", () => {
    const html = join(dir, "h.html");
    const md = join(dir, "h.md");
    for (const out of [html, md]) {
      const r = gexray(["history", trunc, "--out", out, "--threads", "1"]);
      expect(r.code, r.stderr).toBe(0);
      expect(stderrWarnings(r.stderr)).toEqual(ref.warnings);
    }
    const cut = ref.warnings.find((w) => w.includes("the file ends in the middle of this row"))!;
    expect(readFileSync(html, "utf8")).toContain(`<div class="warn" id="warnings"><strong>Warnings</strong><ul><li>${ref.warnings[0]}</li><li>${cut}</li></ul></div>`);
    expect(readFileSync(md, "utf8")).toContain(`> warning: ${cut}\n`);
  });

  it("ignored flags and assumptions are told too (--multiplier 10 on a CBOE export)", () => {
    const spx = realPath("spx_quotedata_2024-01-07.csv");
    const r = gexray(["history", spx, "--multiplier", "10", "--csv"]);
    expect(r.code, r.stderr).toBe(0);
    const p = gexray(["profile", spx, "--multiplier", "10", "--json"]);
    const want = JSON.parse(p.stdout).warnings as string[];
    expect(want.some((w) => w.includes("--multiplier 10 is ignored"))).toBe(true);
    expect(stderrWarnings(r.stderr)).toEqual(want);
    // a generic CSV with no multiplier column: the multiplier-1 assumption, in --json too
    const qqq = join(dir, "qqq.csv");
    writeFileSync(qqq, "expiry,strike,type,open_interest,iv\n2024-01-19,400,C,1000,0.2\n2024-01-19,400,P,1500,0.22\n");
    const flags = ["--spot", "405", "--asof", "2024-01-05T16:00-05:00"];
    const one = JSON.parse(gexray(["profile", qqq, ...flags, "--json"]).stdout).warnings as string[];
    expect(one).toEqual([`${qqq}:1: multiplier: no multiplier column and no --multiplier: every contract is taken as 1 unit of underlying (US equity, ETF and index options are 100: pass --multiplier 100)`]);
    const h = gexray(["history", qqq, ...flags, "--json"]);
    expect(h.code, h.stderr).toBe(0);
    expect(JSON.parse(h.stdout).warnings).toEqual(one);
  });
});

describe("diff", () => {
  const older = realPath("extra/spx_quotedata_2022-02-04_close.csv");

  it("each file's load warnings (the truncated newer one's too) on stderr in text mode and in --json, with counts.file per side", () => {
    const old = JSON.parse(gexray(["profile", older, "--json"]).stdout) as typeof ref;
    const text = gexray(["diff", older, trunc]);
    expect(text.code, text.stderr).toBe(0);
    const w = stderrWarnings(text.stderr);
    expect(w.slice(0, old.warnings.length + ref.warnings.length)).toEqual([...old.warnings, ...ref.warnings]);
    // the JSON is several MB, beyond spawnSync's stdout buffer: --out diff.json writes the same document
    const out = join(dir, "diff.json");
    const r = gexray(["diff", older, trunc, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(stderrWarnings(r.stderr)).toEqual(w);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.warnings).toEqual(w);
    expect(doc.older.counts).toEqual({ file: old.counts.file });
    expect(doc.newer.counts).toEqual({ file: ref.counts.file });
  });
});

describe("gamma-map and flows --json", () => {
  it("gamma-map: counts.file and the load warnings in the JSON (--out map.json too), the warnings also on stderr", () => {
    const r = gexray(["gamma-map", trunc, "--days", "2", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.warnings).toEqual(ref.warnings);
    expect(doc.counts).toEqual({ file: ref.counts.file });
    expect(stderrWarnings(r.stderr)).toEqual(ref.warnings);
    const out = join(dir, "map.json");
    expect(gexray(["gamma-map", trunc, "--days", "2", "--out", out]).code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).warnings).toEqual(ref.warnings);
  });

  it("flows: the load warnings first in warnings (not only on stderr), counts.file", () => {
    const r = gexray(["flows", trunc, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.warnings.slice(0, ref.warnings.length)).toEqual(ref.warnings);
    expect(doc.counts).toEqual({ file: ref.counts.file });
    expect(stderrWarnings(r.stderr)).toEqual(doc.warnings);
  });
});
