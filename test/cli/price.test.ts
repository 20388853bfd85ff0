import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GREEK_FIELDS } from "../../src/options/greeks.js";
import { vanilla } from "../../src/options/vanilla.js";
import { gexray, oneLineError } from "./run.js";

const CALL = ["--type", "call", "--spot", "97000", "--strike", "100000", "--days", "30", "--vol", "0.55"];
const EXPECTED = vanilla({ type: "call", spot: 97000, strike: 100000, time: 30 / 365, vol: 0.55 });

function tmp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "gexray-price-"));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

interface PriceJson {
  units: Record<string, string>;
  results: Array<{ id?: string; input: Record<string, unknown>; vol: number; impliedVol?: number; greeks: Record<string, number> }>;
}

function json(args: string[]): PriceJson {
  const r = gexray(["price", ...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PriceJson;
}

describe("gexray price: one vanilla from flags", () => {
  it("prints a field/value/unit table with the library's numbers", () => {
    const r = gexray(["price", ...CALL]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^field\s+value\s+unit$/m);
    expect(r.stdout).toMatch(/^price\s+4804\.63\s+currency per unit of underlying$/m);
    expect(r.stdout).toMatch(/^vega\s+11021\.9\s+∂V\/∂σ per 1\.00 of vol$/m);
    expect(r.stdout).toMatch(/^theta\s+-36877\.5\s+∂V\/∂t per year/m);
    expect(EXPECTED.price).toBeCloseTo(4804.63, 2);
  });

  it("--json has units and every greek at full precision", () => {
    const out = json(CALL);
    expect(out.units.vega).toBe("∂V/∂σ per 1.00 of vol");
    expect(out.units.theta).toMatch(/per year/);
    expect(out.units.time).toMatch(/years/);
    expect(out.results).toHaveLength(1);
    const [res] = out.results;
    expect(res!.input).toEqual({ type: "call", spot: 97000, strike: 100000, time: 30 / 365, vol: 0.55, rate: 0, dividend: 0 });
    expect(res!.vol).toBe(0.55);
    expect(Object.keys(res!.greeks)).toEqual([...GREEK_FIELDS]);
    for (const f of GREEK_FIELDS) expect(res!.greeks[f]).toBe(EXPECTED[f]);
  });

  it("--csv writes a header and a full-precision row", () => {
    const r = gexray(["price", ...CALL, "--csv"]);
    expect(r.code).toBe(0);
    const [header, row, end] = r.stdout.split("\n");
    expect(end).toBe("");
    const cols = header!.split(",");
    expect(cols.slice(0, 7)).toEqual(["id", "type", "spot", "strike", "time", "vol", "vol_source"]);
    const cells = row!.split(",");
    expect(Number(cells[cols.indexOf("delta")])).toBe(EXPECTED.delta);
    expect(Number(cells[cols.indexOf("gamma")])).toBe(EXPECTED.gamma);
    expect(cells[cols.indexOf("vol_source")]).toBe("given");
  });

  it("reads vol and rate as decimals or percents", () => {
    const a = json([...CALL.slice(0, -1), "55%", "--rate", "4%"]);
    const b = json([...CALL, "--rate", "0.04"]);
    expect(a.results[0]!.greeks).toEqual(b.results[0]!.greeks);
  });

  it("--greeks picks the greeks printed", () => {
    const out = json([...CALL, "--greeks", "delta,gamma"]);
    expect(Object.keys(out.results[0]!.greeks)).toEqual(["delta", "gamma"]);
    expect(Object.keys(out.units)).toContain("delta");
    expect(Object.keys(out.units)).not.toContain("volga");
  });

  it("--forward prices Black-76", () => {
    const out = json([...CALL, "--forward", "97500"]);
    const ref = vanilla({ type: "call", spot: 97000, strike: 100000, time: 30 / 365, vol: 0.55, forward: 97500 });
    expect(out.results[0]!.greeks.price).toBe(ref.price);
  });

  it("--out writes the file atomically (no temp file left) and prints nothing to stdout", () => {
    const dir = mkdtempSync(join(tmpdir(), "gexray-out-"));
    const file = join(dir, "priced.csv");
    const r = gexray(["price", ...CALL, "--csv", "--out", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(file, "utf8")).toBe(gexray(["price", ...CALL, "--csv"]).stdout);
    expect(readdirSync(dir)).toEqual(["priced.csv"]);
  });
});

describe("gexray price: bad flags exit 2 with one line naming the flag", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["non-numeric vol", [...CALL.slice(0, -1), "abc"], /^gexray: --vol must be a number ≥ 0 and ≤ 10 \(got abc\)$/],
    ["vol in percent without its sign", [...CALL.slice(0, -1), "55"], /^gexray: --vol 55 looks like a percent: write 55% or 0\.55 \(a bare number is a decimal, 0\.55 = 55%\)$/],
    ["negative spot", ["--type", "call", "--spot", "-5", "--strike", "1", "--time", "1", "--vol", "0.2"], /--spot must be a number > 0 \(got -5\)/],
    ["bad type", ["--type", "straddle", "--spot", "1", "--strike", "1", "--time", "1", "--vol", "0.2"], /--type must be one of call, put \(got straddle\)/],
    ["missing strike", ["--type", "call", "--spot", "1", "--time", "1", "--vol", "0.2"], /--strike is required/],
    ["time and days", [...CALL, "--time", "1"], /--time and --days are exclusive/],
    ["level without barrier", [...CALL, "--level", "90000"], /--level needs --barrier/],
    ["bad barrier kind", [...CALL, "--barrier", "sideways-in", "--level", "1"], /--barrier must be one of down-in, down-out, up-in, up-out/],
    ["bad monitoring", [...CALL, "--barrier", "down-in", "--level", "90000", "--monitoring", "hourly"], /--monitoring must be continuous, final, daily/],
    ["vol and iv-price", [...CALL, "--iv-price", "100"], /--vol and --iv-price are exclusive/],
    ["json and csv", [...CALL, "--json", "--csv"], /--json and --csv are exclusive/],
    ["unknown greek", [...CALL, "--greeks", "delta,epsilon"], /--greeks must be one of price, delta/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = gexray(["price", ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(oneLineError(r.stderr)).toBe(true);
      expect(r.stderr.trimEnd()).toMatch(message);
    });
  }
});

describe("gexray price --input: a CSV of contracts", () => {
  const GOOD =
    "\uFEFFid,Type,spot,strike,days,vol,rate\r\n" +
    '"btc, call",call,97000,100000,30,0.55,0\r\n' +
    "\r\n" +
    '"put ""otm""",put,97000,90000,30,60%,\r\n' +
    "eth,call,3000,3200,7,0.7,0.01\r\n";

  it("tolerates BOM, CRLF, quoted fields, blank lines and header case; blank cells take flags", () => {
    const file = tmp("good.csv", GOOD);
    const out = json(["--input", file, "--rate", "0.02"]);
    expect(out.results.map((r) => r.id)).toEqual(["btc, call", 'put "otm"', "eth"]);
    expect(out.results.map((r) => r.input.rate)).toEqual([0, 0.02, 0.01]);
    expect(out.results[1]!.vol).toBe(0.6);
    const ref = vanilla({ type: "put", spot: 97000, strike: 90000, time: 30 / 365, vol: 0.6, rate: 0.02 });
    expect(out.results[1]!.greeks.delta).toBe(ref.delta);
  });

  it("prints several contracts as one table with a units footer", () => {
    const r = gexray(["price", "--input", tmp("good.csv", GOOD), "--wide"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^id\s+type\s+spot\s+strike\s+time\s+vol\s+price\s+delta\s+gamma\s+vega\s+theta\s+vanna\s+charm$/);
    // within 100 columns: blocks of columns, each repeating id and type
    const fit = gexray(["price", "--input", tmp("good.csv", GOOD)]).stdout.split("\n");
    for (const l of fit) expect([...l].length, l).toBeLessThanOrEqual(100);
    const heads = fit.filter((l) => /^id\s+type\s/.test(l));
    expect(heads.length).toBeGreaterThanOrEqual(2);
    expect(heads.join(" ").split(/\s+/).filter((h) => !["id", "type"].includes(h))).toEqual(["spot", "strike", "time", "vol", "price", "delta", "gamma", "vega", "theta", "vanna", "charm"]);
    expect(lines.filter((l) => /^(btc|put|eth)/.test(l))).toHaveLength(3);
    expect(r.stdout).toMatch(/^units: time years; vol decimal/m);
    expect(r.stdout).toMatch(/vega, vanna per 1\.00 of vol;/);
    expect(r.stdout).toMatch(/theta, charm per year/);
  });

  it("a bad cell names file, line and column", () => {
    const file = tmp("bad.csv", "type,spot,strike,days,vol\ncall,100,100,30,0.5\n\ncall,100,100,30,abc\n");
    const r = gexray(["price", "--input", file]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toBe(`gexray: ${file}:4: vol must be a number ≥ 0 and ≤ 10 (got abc)\n`);
  });

  it("a quoted id spanning two lines is one contract; a later bad cell names the line its row starts on", () => {
    const file = tmp("multi.csv", 'id,type,spot,strike,days,vol\n"BTC call,\nDecember",call,97000,100000,30,0.55\nx,call,100,100,30,abc\n');
    const r = gexray(["price", "--input", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gexray: ${file}:4: vol must be a number ≥ 0 and ≤ 10 (got abc)\n`);
    const ok = tmp("multi-ok.csv", 'id,type,spot,strike,days,vol\n"BTC call,\nDecember",call,97000,100000,30,0.55\n');
    const out = json(["--input", ok]);
    expect(out.results.map((c) => [c.id, c.input.strike])).toEqual([["BTC call,\nDecember", 100000]]);
  });

  it("a missing cell, an unknown column and a short row are located too", () => {
    const missing = tmp("m.csv", "type,spot,strike,days,vol\ncall,100,,30,0.5\n");
    expect(gexray(["price", "-i", missing]).stderr).toBe(`gexray: ${missing}:2: strike is required\n`);
    const unknown = tmp("u.csv", "type,spot,strike,days,volatility\ncall,100,100,30,0.5\n");
    const ru = gexray(["price", "-i", unknown]);
    expect(ru.code).toBe(2);
    expect(ru.stderr).toMatch(new RegExp(`^gexray: ${unknown}:1: unknown column "volatility"`));
    const short = tmp("s.csv", "type,spot,strike,days,vol\ncall,100,100,30\n");
    const rs = gexray(["price", "-i", short]);
    expect(rs.code).toBe(2);
    expect(rs.stderr).toBe(`gexray: ${short}:2: 4 fields, the header has 5\n`);
  });

  it("a missing file or an empty one exits 2", () => {
    const r = gexray(["price", "--input", "no/such/file.csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("gexray: cannot read no/such/file.csv: no such file\n");
    const empty = gexray(["price", "--input", tmp("e.csv", "type,spot,strike,days,vol\n")]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no contracts/);
  });
});

describe("gexray price --iv-price: implied vol", () => {
  it("solves back the vol a price was made with", () => {
    const out = json([...CALL.slice(0, -2), "--iv-price", String(EXPECTED.price)]);
    const res = out.results[0]!;
    expect(res.impliedVol).toBeCloseTo(0.55, 10);
    expect(res.input.price).toBe(EXPECTED.price);
    expect(res.greeks.price).toBeCloseTo(EXPECTED.price, 6);
  });

  it("a price column solves per row; the table says where the vol came from", () => {
    const file = tmp("iv.csv", `type,spot,strike,days,vol,price\ncall,97000,100000,30,,${EXPECTED.price}\ncall,97000,100000,30,0.55,\n`);
    const r = gexray(["price", "-i", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/vol from/);
    expect(r.stdout).toMatch(/ price /);
  });

  it("a price outside the no-arbitrage bounds is a one-line input error", () => {
    const r = gexray(["price", ...CALL.slice(0, -2), "--iv-price", "200000"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/^gexray: no implied vol: price must be/);
  });

  it("cannot be combined with a barrier", () => {
    const r = gexray(["price", ...CALL.slice(0, -2), "--iv-price", "100", "--barrier", "down-in", "--level", "90000"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--iv-price solves a vanilla's implied vol/);
  });
});

describe("gexray price --barrier", () => {
  const PUT = ["--type", "put", "--spot", "44", "--strike", "62.3", "--days", "365", "--vol", "0.6", "--rate", "0.04"];

  it("knock-in + knock-out = vanilla through the CLI", () => {
    const greeks = (extra: string[]) => json([...PUT, ...extra]).results[0]!.greeks;
    const vanillaPut = greeks([]);
    const ki = greeks(["--barrier", "down-in", "--level", "40"]);
    const ko = greeks(["--barrier", "down-out", "--level", "40"]);
    for (const f of ["price", "delta", "gamma"] as const) {
      expect(ki[f]! + ko[f]!).toBeCloseTo(vanillaPut[f]!, 8);
    }
  });

  it("the daily-monitored knock-in put near its barrier has delta below −1", () => {
    const near = ["--type", "put", "--spot", "45", "--strike", "62.3", "--days", "30", "--vol", "0.6", "--rate", "0.04"];
    const out = json([...near, "--barrier", "down-in", "--level", "43.6", "--monitoring", "daily"]);
    expect(out.results[0]!.input.barrier).toEqual({ kind: "down-in", level: 43.6, rebate: 0, monitoring: { intervalDays: 365 / 252 } });
    expect(out.results[0]!.greeks.delta).toBeLessThan(-1);
  });

  it("a library RangeError on a CSV row is prefixed with file and line, exit 2", () => {
    const file = tmp("lib.csv", "type,spot,strike,days,vol,rate,dividend,barrier,level,rebate\n" +
      "put,100,100,30,1,0,0,down-out,90,1\nput,100,100,30,1,-1,-1.5,down-out,90,1\n");
    const r = gexray(["price", "-i", file]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`^gexray: ${file}:3: rebate paid at hit needs`));
  });

  it("the demo shows it too", () => {
    const r = gexray(["demo"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ibit-di-put: delta -\d/);
    expect(r.stdout).toMatch(/^units: /m);
  });
});
