import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { gexray, MAIN, oneLineError, ROOT } from "./run.js";

const real = (name: string) => fileURLToPath(new URL(`../fixtures/real/${name}`, import.meta.url));
const SPX = real("spx_quotedata_2024-01-07.csv");
const dir = mkdtempSync(join(tmpdir(), "gexray-inspect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function tmp(text: string): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, text);
  return path;
}

interface InspectJson {
  format: string; underlying: string; asOf: string; spot: number; rows: number; contracts: number; used: number;
  excluded: { expired: number; zeroOpenInterest: number; badIv: number; invalid: number };
  openInterest: { calls: number; puts: number }; expiries: string[];
  byExpiry: Array<{ expiry: string; contracts: number; openInterest: number; underlyingUnits: number }>;
  problems: Array<{ line: number; field?: string; reason: string }>; warnings: unknown[]; units: Record<string, string>;
}

function json(args: string[]): InspectJson {
  const r = gexray(["inspect", ...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as InspectJson;
}

const GENERIC = [
  "expiry,strike,type,open_interest,iv",
  "2024-01-19,4700,C,1200,0.12",
  "2024-01-19,4700,P,900,0.13",
  "2024-02-16,4750,call,50,0.14",
  "2024-02-16,4750,put,0,0.15",
  "2024-02-16,4800,C,75,zero",
  "2024-01-05,4700,C,10,0.2",
].join("\n");
const SNAP = ["--spot", "4697.24", "--asof", "2024-01-05T16:00-05:00", "--multiplier", "100"];

describe("gexray inspect --json", () => {
  it("SPX CBOE export: the facts of SOURCES.md, and the accounting identity", () => {
    const s = json([SPX]);
    expect(s.format).toBe("cboe");
    expect(s.underlying).toBe("SPX");
    expect(s.asOf).toBe("2024-01-07T10:52:00-05:00");
    expect(s.spot).toBe(4697.2402);
    expect([s.rows, s.contracts]).toEqual([10519, 21038]);
    expect(s.openInterest.calls + s.openInterest.puts).toBe(18098410);
    expect(s.excluded.expired).toBe(446);
    const x = s.excluded;
    expect(s.contracts).toBe(s.used + x.expired + x.zeroOpenInterest + x.badIv + x.invalid);
    expect(s.problems.length).toBeGreaterThanOrEqual(x.badIv);
    expect(s.expiries[0]).toBe("2024-01-08T16:00:00-05:00");
    expect(s.byExpiry.map((e) => e.expiry)).toEqual(s.expiries);
    expect(s.byExpiry.reduce((a, e) => a + e.contracts, 0)).toBe(s.used);
    for (const e of s.byExpiry) expect(e.underlyingUnits).toBe(e.openInterest * 100);
    expect(s.units.openInterest).toContain("contracts");
  });

  it("a generic CSV with flags: every exclusion counted, problems with line and field", () => {
    const s = json([tmp(GENERIC), ...SNAP]);
    expect(s.format).toBe("generic");
    expect(s.asOf).toBe("2024-01-05T16:00:00-05:00");
    expect([s.rows, s.contracts, s.used]).toEqual([6, 6, 3]);
    expect(s.excluded).toEqual({ expired: 1, zeroOpenInterest: 1, badIv: 1, invalid: 0 });
    expect(s.openInterest).toEqual({ calls: 1200 + 50 + 75 + 10, puts: 900 });
    expect(s.problems).toEqual([{ line: 6, field: "iv", reason: 'not a number: "zero"' }]);
    expect(s.expiries).toEqual(["2024-01-19T16:00:00-05:00", "2024-02-16T16:00:00-05:00"]);
    expect(s.byExpiry.map((e) => [e.contracts, e.openInterest, e.underlyingUnits])).toEqual([[2, 2100, 210000], [1, 50, 5000]]);
  });

  it("the data flags reach the loader: --map, --iv-percent, --expiry-time, --expiry-zone, --underlying, --rate", () => {
    const file = tmp(["Exp,K,CP,OI,Mark IV", "29MAR24,70000,C,12.5,55.5", "29MAR24,60000,P,3,61"].join("\n"));
    const s = json([
      file, "--map", "expiry=Exp,strike=K,type=CP,open_interest=OI,iv=mark iv", "--iv-percent", "--expiry-time", "08:00",
      "--expiry-zone", "UTC", "--spot", "72011.29", "--asof", "2024-03-12T05:57:12Z", "--underlying", "BTC", "--rate", "5%",
    ]);
    expect(s.underlying).toBe("BTC");
    expect(s.used).toBe(2);
    expect(s.expiries).toEqual(["2024-03-29T08:00:00Z"]);
    expect((s as unknown as { rate: number }).rate).toBe(0.05);
    expect(s.openInterest).toEqual({ calls: 12.5, puts: 3 });
  });
});

describe("gexray inspect (text)", () => {
  it("prints what was read, exclusions by reason, open interest and expiries with units", () => {
    const r = gexray(["inspect", tmp(GENERIC), ...SNAP]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("generic CSV");
    expect(r.stdout).toContain("as of 2024-01-05T16:00:00-05:00, spot 4697.24 (currency per unit of underlying)");
    expect(r.stdout).toContain("read 6 rows, 6 contracts; used 3");
    expect(r.stdout).toContain("excluded: 1 expired, 1 zero open interest, 1 bad IV, 0 invalid (contracts)");
    expect(r.stdout).toContain("open interest read: calls 1335, puts 900 (contracts)");
    expect(r.stdout).toMatch(/^2024-01-19T16:00:00-05:00\s+14\.00\s+2\s+2100\s+210000$/m);
    expect(r.stdout).toContain("problems (1):\n  line 6: iv: not a number: \"zero\"");
    expect(r.stdout).toContain("underlying units = open interest × multiplier");
  });
});

describe("gexray inspect: bad input is one line on stderr, exit 2", () => {
  it("--strict stops at the first problem, naming file, line and field", () => {
    const file = tmp(GENERIC);
    const r = gexray(["inspect", file, ...SNAP, "--strict"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toBe(`gexray: ${file}:6: iv: not a number: "zero"\n`);
    expect(r.stdout).toBe("");
  });

  it("a generic file without spot and as-of says which flags to pass", () => {
    const r = gexray(["inspect", tmp(GENERIC)]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toContain("pass --spot <price> and --asof <ISO time");
  });

  it("a missing file, an unknown format, bad flag values", () => {
    const missing = join(dir, "missing.csv");
    expect(gexray(["inspect", missing])).toMatchObject({ code: 2, stderr: `gexray: ${missing}: no such file\n` });
    const unknown = gexray(["inspect", tmp("date,open,high,low,close\n2024-01-05,1,2,3,4\n")]);
    expect(unknown.code).toBe(2);
    expect(oneLineError(unknown.stderr)).toBe(true);
    expect(unknown.stderr).toContain('unknown format: the first line reads "date,open,high,low,close"');
    for (const [flags, message] of [
      [["--spot", "abc"], "gexray: --spot must be a number > 0 (got abc)\n"],
      [["--format", "xlsx"], "gexray: --format must be one of cboe, deribit, json, generic (got xlsx)\n"],
      [["--asof", "yesterday"], 'gexray: --asof must be an ISO 8601 time like 2024-01-05T16:00-05:00 (got "yesterday")\n'],
      [["--map", "volatility=iv"], 'gexray: --map: "volatility" is not a generic column; use one of expiry, strike, type, open_interest, iv, multiplier, dealer_position, forward, underlying, spot, asof\n'],
      [["--expiry-time", "4pm"], 'gexray: --expiry-time must be HH:MM like 16:00 or 08:00 (got "4pm")\n'],
    ] as const) {
      expect(gexray(["inspect", SPX, ...flags])).toMatchObject({ code: 2, stderr: message });
    }
    expect(gexray(["inspect"]).code).toBe(2);
  });
});

describe("gexray inspect does not pay for danfojs-node", () => {
  // a preload that reports, at exit, whether any danfojs-node module was loaded (ESM imports of
  // CommonJS packages go through the CommonJS module cache)
  const probe = join(dir, "probe.cjs");
  writeFileSync(probe, `process.on("exit", () => { process.stderr.write("danfo=" + Object.keys(require.cache).some((k) => k.includes("danfojs-node")) + "\\n"); });\n`);

  it("the probe sees danfojs-node when it is imported (positive control)", () => {
    const r = spawnSync(process.execPath, ["--require", probe, "--input-type=module", "-e", 'await import("danfojs-node");'], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toContain("danfo=true");
  });

  it("inspect on a CBOE file never imports it", () => {
    const r = spawnSync(process.execPath, ["--require", probe, MAIN, "inspect", SPX, "--json"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("danfo=false\n");
  });
});
