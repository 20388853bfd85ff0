/**
 * `gexray report` end to end (the built CLI, dist/cli/gexray.cjs; `npm test` builds first): the
 * embedded default on the shipped sample, every output kind, colors only when asked for, one-line
 * errors with exit code 2, help with examples and units, and a cheap start-up for --help.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { visibleWidth } from "../../src/report/ansi.js";
import { MAIN, ROOT, oneLineError } from "../cli/run.js";

const REAL = join(ROOT, "test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "gexray-report-cli-"));
  dirs.push(d);
  return d;
}

/** Run the CLI in `cwd` with a clean color environment plus `env`. */
function run(args: string[], cwd: string = ROOT, env: Record<string, string> = {}) {
  if (!existsSync(MAIN)) throw new Error("dist/cli/gexray.cjs missing: run `npm run build` (npm test builds first)");
  const base: NodeJS.ProcessEnv = { ...process.env, GEXRAY_DEBUG: "" };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: "utf8", env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("gexray report (no file): the shipped sample", () => {
  const cwd = tempDir();
  const r = run(["report"], cwd);

  it("prints the terminal report without colors on a pipe, within 100 columns", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("\x1b");
    for (const line of r.stdout.split("\n")) expect(visibleWidth(line), line).toBeLessThanOrEqual(100);
    for (const s of ["BTC forced flows and dealer gamma", "SYNTHETIC sample data", "Forced flows", "Shock cascades (MODEL)", "Key levels", "zero gamma (nearest spot)", "Dealer gamma profile", "Barrier clusters (IBIT notes)"]) {
      expect(r.stdout).toContain(s);
    }
  });

  it("writes report.html in the working directory, atomically, and says so on stderr", () => {
    const html = readFileSync(join(cwd, "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    // the flow map's two charts; gamma, gamma by strike, expiry overlay, gamma map, vanna, charm; the smile charts of the six expiries with the most open interest
    expect(html.match(/<svg /g)).toHaveLength(2 + 6 + 6);
    expect(html).toContain('id="figure-smile-6"');
    for (const id of ["figure-strikes", "figure-overlay", "figure-map"]) expect(html).toContain(`id="${id}"`);
    expect(r.stderr).toContain("gexray: wrote report.html");
    // no temporary file left behind
    expect(readFileSync(join(cwd, "report.html")).length).toBeGreaterThan(50000);
    expect(spawnSync("ls", ["-A", cwd], { encoding: "utf8" }).stdout.trim()).toBe("report.html");
  });
});

describe("gexray report colors", () => {
  it("FORCE_COLOR colors a pipe (Node's rules: it wins over NO_COLOR); --no-color always wins", () => {
    const forced = run(["report", REAL], ROOT, { FORCE_COLOR: "1" });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("\x1b[");
    expect(run(["report", REAL], ROOT, { NO_COLOR: "1" }).stdout).not.toContain("\x1b");
    expect(run(["report", REAL], ROOT, { FORCE_COLOR: "0" }).stdout).not.toContain("\x1b");
    expect(run(["report", REAL, "--no-color"], ROOT, { FORCE_COLOR: "1" }).stdout).not.toContain("\x1b");
  });
});

describe("gexray report --out", () => {
  it(".md writes the Markdown and its three SVG charts beside it", () => {
    const d = tempDir();
    const r = run(["report", REAL, "--out", join(d, "btc.md")]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(d, "btc.md"), "utf8");
    for (const c of ["gamma", "vanna", "charm"]) {
      const svg = readFileSync(join(d, `btc-${c}.svg`), "utf8");
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(md).toContain(`](btc-${c}.svg)`);
    }
    expect(md).toMatch(/^# BTC dealer gamma report/);
    expect(r.stdout).toBe("");
  });

  it(".json writes the report model; --json prints the same document", () => {
    const d = tempDir();
    const r = run(["report", REAL, "--out", join(d, "r.json"), "--range", "0.7:1.3", "--steps", "300"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(d, "r.json"), "utf8"));
    expect(doc.version).toBe(2);
    expect(doc.meta.spot).toBe(72011.29);
    expect(doc.profile.price).toHaveLength(301);
    const printed = JSON.parse(run(["report", REAL, "--json", "--range", "0.7:1.3", "--steps", "300"]).stdout);
    expect(printed).toEqual(doc);
  });

  it("the report's levels are gexray profile's levels for the same flags", () => {
    const rep = JSON.parse(run(["report", REAL, "--json", "--dealer", "short", "--range", "0.8:1.25"]).stdout);
    const prof = JSON.parse(run(["profile", REAL, "--json", "--dealer", "short", "--range", "0.8:1.25"]).stdout);
    expect(rep.levels).toEqual({ ...prof.levels, flip: prof.convention.flip, flipRule: prof.convention.flipRule });
    expect(rep.meta.conventions.convention).toBe(prof.convention.name);
    expect(rep.shortGammaZones).toEqual(prof.shortGammaZones);
    expect(rep.atSpot.gamma).toBe(prof.atSpot.gamma);
    expect(rep.meta.conventions.dealer).toBe("short");
  });

  it(".html with notes on another file and a mapping", () => {
    const d = tempDir();
    const r = run([
      "report", join(ROOT, "data/btc_deribit_sample_2026-02-04.csv"), "--notes", "data/ibit_notes_sample.csv",
      "--prices", "data/ibit_history_2025-09_2026-02.csv", "--map", "IBIT:BTC=0.000568", "--note-vol", "55%", "--out", join(d, "n.html"),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(d, "n.html"), "utf8");
    expect(html).toContain('id="table-clusters"');
    expect(html).toContain("55.0%");
    expect(html).not.toContain("SYNTHETIC sample data:"); // a file was given: no sample label
  });
});

describe("gexray report errors: one line, exit 2", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["an unknown output extension", ["report", REAL, "--out", "r.txt"], /--out must end in \.html, \.md or \.json/],
    ["a missing chain file", ["report", "nope.csv"], /nope\.csv/],
    ["a bad mapping ratio", ["report", REAL, "--notes", "data/ibit_notes_sample.csv", "--map", "IBIT:BTC=0"], /--map .*ratio/],
    ["notes without a mapping", ["report", REAL, "--notes", "data/ibit_notes_sample.csv"], /give a mapping IBIT:BTC=/],
    ["--prices without --notes", ["report", REAL, "--prices", "data/ibit_history_2025-09_2026-02.csv"], /--prices needs --notes/],
    ["a bad tolerance", ["report", "--tolerance", "abc"], /--tolerance/],
    ["a directory that does not exist", ["report", "--out", "/nonexistent-dir/r.html"], /cannot write .*its directory does not exist/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = run(args);
      expect(r.code, r.stderr).toBe(2);
      expect(oneLineError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(message);
    });
  }
});

describe("gexray report --help", () => {
  it("shows real examples, the output units and the exit codes", () => {
    const r = run(["report", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ gexray report\n/);
    expect(r.stdout).toContain("USD of dealer delta change per\n1% move");
    expect(r.stdout).toMatch(/Exit codes: 0 success; 1 internal error; 2 bad input or usage/);
    expect(r.stdout).toContain("--map <name=column,...>");
    expect(r.stdout).toContain("IBIT:BTC=0.000568");
  });

  it("loads no package besides commander (the report layer is imported in the action)", () => {
    const dir = tempDir();
    const probe = join(dir, "probe.cjs");
    writeFileSync(probe, `process.on("exit", () => {
      const pkgs = new Set();
      for (const k of Object.keys(require.cache)) { const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(k); if (m) pkgs.add(m[1]); }
      process.stderr.write("packages=" + [...pkgs].sort().join(",") + "\\n");
    });\n`);
    const r = spawnSync(process.execPath, ["--require", probe, MAIN, "report", "--help"], { cwd: ROOT, encoding: "utf8" });
    const line = r.stderr.split("\n").find((l) => l.startsWith("packages=")) ?? "";
    expect(line).toMatch(/^packages=/);
    expect(line.slice("packages=".length).split(",").filter((p) => p !== "" && p !== "commander")).toEqual([]);
  });
});

describe("gexray report --convention perfiliev and --dealer-expr", () => {
  it("the report says which convention and dealer model produced it, in every format", () => {
    const SPX = join(ROOT, "test/fixtures/real/spx_quotedata_2024-01-07.csv");
    const r = run(["report", SPX, "--json", "--convention", "perfiliev"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.meta.conventions).toMatchObject({ convention: "perfiliev", charmUnit: "per business day" });
    expect(doc.meta.conventions.conventionText).toMatch(/^perfiliev \(business days \/ 262/);
    // phammings/SPX500-Gamma-Exposure-Calculator's plots of this file: "Total Gamma: $-11.00 Bn", "Gamma Flip: 4,734"
    expect(Math.abs(doc.atSpot.gamma / 1e9 - -11.0)).toBeLessThanOrEqual(0.005);
    expect(doc.levels.flipRule).toBe("first crossing");
    expect(Math.round(doc.levels.flip)).toBe(4734);
    // the IV-0 rows kept for the vendor total are said
    expect(r.stderr).toContain("386 contract(s) with IV 0 from the vendor kept");
    const dir = mkdtempSync(join(tmpdir(), "gexray-report-conv-"));
    dirs.push(dir);
    const out = join(dir, "spx.html");
    expect(run(["report", SPX, "--convention", "perfiliev", "--out", out]).code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("perfiliev (business days / 262");
    expect(html).toContain("zero gamma (first crossing)");
    expect(html).toContain('id="table-surface"');
    const md = join(dir, "spx.md");
    expect(run(["report", SPX, "--dealer-expr", "type == 1 ? 0.3 * oi : -oi", "--out", md]).code).toBe(0);
    const text = readFileSync(md, "utf8");
    expect(text).toContain("dealer position per contract = type == 1 ? 0.3 * oi : -oi (contracts; --dealer-expr)");
    expect(text).toContain("gexray (calendar time to the expiry clock");
    expect(text).toContain("(spx-smile-1.svg)");
  });
});
