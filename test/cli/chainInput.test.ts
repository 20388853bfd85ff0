// No silent numbers (issue 9 §4): every command that loads a chain says the same about the load,
// and refuses, with one line saying why, to print numbers when nothing is left to compute.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gexray, oneLineError } from "./run.js";

const SPX = "test/fixtures/real/spx_quotedata_2024-01-07.csv";
const dir = mkdtempSync(join(tmpdir(), "gexray-noisy-"));
const tmp = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const stderrWarnings = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("gexray: warning: ")).map((l) => l.slice("gexray: warning: ".length));

describe("a truncated SPX download (the first half of the real export, cut inside a row)", () => {
  const full = readFileSync(SPX, "utf8");
  const cut = full.slice(0, full.indexOf("\n", full.length >> 1) - 25); // 25 characters short of a line end
  const file = tmp("spx_truncated.csv", cut);
  const cutLine = cut.split("\n").length;

  it("profile prints a different number and says why: the file ends in the middle of a row", () => {
    const whole = JSON.parse(gexray(["profile", SPX, "--json"]).stdout) as { atSpot: { gamma: number } };
    const r = gexray(["profile", file, "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { atSpot: { gamma: number }; warnings: string[]; counts: { file: { rows: number; excluded: { invalid: number } } } };
    expect(whole.atSpot.gamma / 1e9).toBeCloseTo(-20.70, 2);
    expect(Math.abs(out.atSpot.gamma - whole.atSpot.gamma)).toBeGreaterThan(1e9); // billions apart
    const truncated = `${file}:${cutLine}: the file ends in the middle of this row (`;
    expect(out.warnings.filter((w) => w.startsWith(truncated) && w.endsWith("no line end): the download looks truncated, and every row after it is missing"))).toHaveLength(1);
    expect(out.counts.file.rows).toBe(cutLine - 4);
    expect(out.counts.file.excluded.invalid).toBe(2); // the cut row's call and put
    // in text mode the same lines go to stderr
    const text = gexray(["profile", file]);
    expect(text.code).toBe(0);
    expect(stderrWarnings(text.stderr)).toEqual(out.warnings);
  });

  it("levels, strikes, report and inspect say the same", () => {
    const want = JSON.parse(gexray(["profile", file, "--json"]).stdout).warnings as string[];
    expect(stderrWarnings(gexray(["levels", file]).stderr)).toEqual(want);
    expect(JSON.parse(gexray(["levels", file, "--json"]).stdout).warnings).toEqual(want);
    expect(stderrWarnings(gexray(["strikes", file, "--min", "4600", "--max", "4700"]).stderr)).toEqual(want);
    expect(JSON.parse(gexray(["strikes", file, "--min", "4600", "--max", "4700", "--json"]).stdout).warnings).toEqual(want);
    expect(JSON.parse(gexray(["report", file, "--json"]).stdout).warnings).toEqual(want);
    const inspect = gexray(["inspect", file]);
    expect(inspect.stdout).toContain(`line ${cutLine}: the file ends in the middle of this row`);
  });
});

describe("every command that loads a chain shows the same warnings", () => {
  // a generic CSV of US equity options with no multiplier column: every command must say "1"
  const file = tmp("qqq.csv", "expiry,strike,type,open_interest,iv\n2024-01-19,400,C,1000,0.2\n2024-01-19,400,P,1500,0.22\n2024-01-19,410,C,800,0.19\n");
  const flags = ["--spot", "405", "--asof", "2024-01-05T16:00-05:00"];
  const line = `${file}:1: multiplier: no multiplier column and no --multiplier: every contract is taken as 1 unit of underlying (US equity, ETF and index options are 100: pass --multiplier 100)`;

  it("profile, levels, strikes on stderr; their --json, report --json and inspect --json in warnings", () => {
    for (const cmd of [["profile"], ["levels"], ["strikes"]]) {
      const r = gexray([...cmd, file, ...flags]);
      expect([cmd[0], r.code]).toEqual([cmd[0], 0]);
      expect(stderrWarnings(r.stderr)).toEqual([line]);
      const j = gexray([...cmd, file, ...flags, "--json"]);
      expect(j.stderr).toBe("");
      expect(JSON.parse(j.stdout).warnings).toEqual([line]);
      expect(JSON.parse(j.stdout).counts.file).toEqual({ rows: 3, contracts: 3, used: 3, excluded: { expired: 0, zeroOpenInterest: 0, badIv: 0, invalid: 0 } });
    }
    expect(JSON.parse(gexray(["report", file, ...flags, "--json"]).stdout).warnings).toEqual([line]);
    const inspect = JSON.parse(gexray(["inspect", file, ...flags, "--json"]).stdout) as { warnings: { line: number; field: string; reason: string }[] };
    expect(inspect.warnings.map((w) => w.field)).toEqual(["multiplier"]);
    // with --multiplier the assumption is gone, and so is the warning
    expect(gexray(["profile", file, ...flags, "--multiplier", "100"]).stderr).toBe("");
  });

  it("flags a format ignores warn: --iv-percent and --multiplier on a CBOE export", () => {
    const r = gexray(["levels", SPX, "--iv-percent", "--multiplier", "100"]);
    expect(r.code).toBe(0);
    const w = stderrWarnings(r.stderr);
    expect(w).toContain(`${SPX}: --multiplier 100 is ignored for a CBOE export: its contracts are 100 units of underlying each`);
    expect(w).toContain(`${SPX}: --iv-percent is ignored for a CBOE export: its IVs are decimals (0.1196 = 11.96%)`);
    const d = stderrWarnings(gexray(["levels", "test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv", "--iv-percent"]).stderr);
    expect(d).toContain("test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv: --iv-percent is ignored for a Deribit book summary: its mark_iv is always read as percent (80.22 = 80.22%)");
  });
});

describe("nothing left to compute: exit 2, one line saying why and what to try", () => {
  const cases: [string, string[], RegExp][] = [
    ["every expiry past (--asof after the last one)", [SPX, "--asof", "2031-01-02"],
      /^gexray: .*spx_quotedata_2024-01-07\.csv: nothing to compute: every one of the 21038 contracts expired by the snapshot time 2031-01-02T16:00:00-05:00 \(the last expiry is 2029-12-21T09:30:00-05:00\): is the file's date right\? pass --asof with the time the quotes were taken$/],
    ["--expiry matching nothing", [SPX, "--expiry", "2031-01-01"],
      /^gexray: nothing to compute: --expiry 2031-01-01 matches no expiry alive at 2024-01-07T10:52:00-05:00 \(the chain's expiries run from 2024-01-08 to 2029-12-21\); pick dates in that range$/],
    // 21 Dec 2029 is the third Friday of December, the chain's last expiry: the next monthly on the 20th
    ["--exclude-next-monthly leaving nothing (the flag named, the hint to drop it)", [SPX, "--at", "2029-12-20", "--exclude-next-monthly"],
      /^gexray: nothing to compute: --exclude-next-monthly leaves out every expiry alive at 2029-12-20T16:00:00-05:00 \(the chain's expiries run from 2029-12-21 to 2029-12-21\); drop --exclude-next-monthly or give an earlier --at$/],
    ["two exclusions leaving nothing", [SPX, "--days-forward", "2174", "--exclude-next-expiry", "--exclude-next-monthly"],
      /^gexray: nothing to compute: --exclude-next-expiry with --exclude-next-monthly leaves out every expiry alive at 2029-12-20T10:52:00-05:00 \(the chain's expiries run from 2029-12-21 to 2029-12-21\); drop one of them or give fewer --days-forward$/],
    ["--at after the last expiry", [SPX, "--at", "2030-06-01"],
      /^gexray: nothing to compute: --at 2030-06-01 \(2030-06-01T16:00:00-04:00\) is after the last expiry \(2029-12-21T09:30:00-05:00\): every contract has expired by then; give an earlier time$/],
  ];
  for (const [what, args, re] of cases) {
    it(`${what}: profile, levels, strikes and report`, () => {
      for (const cmd of ["profile", "levels", "strikes", "report"]) {
        const r = gexray([cmd, ...args]);
        expect([cmd, r.code]).toEqual([cmd, 2]);
        expect(oneLineError(r.stderr), `${cmd}: ${r.stderr}`).toBe(true);
        expect(r.stderr.trimEnd()).toMatch(re);
        expect(r.stdout).toBe("");
      }
    });
  }

  it("IVs in percent without --iv-percent: exit 2 naming the flag; with it, the profile", () => {
    const file = tmp("pct.csv", "expiry,strike,type,open_interest,iv\n2024-01-19,400,C,1000,20\n2024-01-19,400,P,1500,22\n");
    const flags = ["--spot", "405", "--asof", "2024-01-05T16:00-05:00", "--multiplier", "100"];
    const r = gexray(["profile", file, ...flags]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toBe(`gexray: ${file}: nothing to compute: no contract has a usable IV: 2 are above 5 (500%), as IVs in percent are: pass --iv-percent\n`);
    expect(gexray(["profile", file, ...flags, "--iv-percent"]).code).toBe(0);
  });
});
