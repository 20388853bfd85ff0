/**
 * A CLI that fits its terminal: every command's default output (on the real snapshots and the
 * shipped samples) and every help text within 100 columns; every command takes --wide and
 * --no-color; --wide gives the columns back; text from a file (a note id with terminal escape
 * codes) is printed escaped, never acted on.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { visibleWidth } from "../../src/report/ansi.js";
import { gexray, ROOT } from "./run.js";

const R = (p: string) => join(ROOT, p);
const SPX = R("test/fixtures/real/spx_quotedata_2024-01-07.csv");
const SPX22 = R("test/fixtures/real/extra/spx_quotedata_2022-02-04_close.csv");
const NDX = R("test/fixtures/real/ndx_quotedata_2022-02-05.csv");
const BTC = R("test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv");
const IBIT = R("test/fixtures/real/ibit_chain_2026-07-14.json");
const NOTES = [R("data/ibit_notes_sample.csv"), "--prices", R("data/ibit_history_2025-09_2026-02.csv"), "--asof", "2026-02-03"];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** One default invocation per command (several for the wide ones), as the README and the help show them. */
const RUNS: string[][] = [
  ["price", "--type", "call", "--spot", "97000", "--strike", "100000", "--days", "30", "--vol", "0.55"],
  ["price", "--input", R("data/demo_options.csv")],
  ["demo"],
  ["inspect", IBIT], ["inspect", SPX],
  ["notes", ...NOTES], ["clusters", ...NOTES],
  ["profile", SPX], ["profile", IBIT], ["levels", NDX], ["levels", IBIT], ["strikes", SPX], ["strikes", IBIT, "--min", "30", "--max", "40"],
  ["report"], ["report", IBIT],
  ["gamma-map", SPX], ["diff", SPX22, SPX], ["history", SPX, SPX22, IBIT, BTC],
  ["flows", R("data/btc_deribit_sample_2026-02-04.csv"), "--notes", R("data/ibit_notes_sample.csv"), "--prices", R("data/ibit_history_2025-09_2026-02.csv"),
    "--map", "IBIT:BTC=0.000568", "--oi", R("data/btc_oi_history_2026-01-26_2026-02-10.csv"), "--venue", "binance"],
  ["liquidations", R("data/btc_oi_history_2026-01-26_2026-02-10.csv"), "--venue", "binance"],
  ["margin", "--venue", "binance", "--side", "long", "--entry", "90000", "--size", "1", "--leverage", "10"],
  ["adl", R("data/positions_sample.csv"), "--venue", "bybit"],
  ["sqf", "--contract", "QBTC", "--side", "long", "--qty", "3", "--entry", "90000", "--exit", "93095.61", "--tfa-entry", "-3752.5", "--tfa-exit", "-3703.11", "--margin", "648"],
  ["basis", R("data/cme_btc_futures_2026-01-26_2026-02-10.csv"), "--history", "--oi", R("data/btc_oi_history_2026-01-26_2026-02-10.csv")],
];

function widest(text: string): { width: number; line: string } {
  let best = { width: 0, line: "" };
  for (const line of text.split("\n")) if (visibleWidth(line) > best.width) best = { width: visibleWidth(line), line };
  return best;
}

describe("every command's default output fits 100 columns", async () => {
  const program = await buildProgram();
  const names = program.commands.map((c) => c.name());

  it("the runs cover every command", () => {
    expect(new Set(RUNS.map((r) => r[0])).size).toBe(names.length);
    expect([...new Set(RUNS.map((r) => r[0]))].sort()).toEqual([...names].sort());
  });

  it.each(RUNS.map((r) => [r.slice(0, 2).map((a) => a.replace(ROOT, "")).join(" "), r] as const))("%s", (_, args) => {
    const cwd = mkdtempSync(join(tmpdir(), "gexray-width-"));
    dirs.push(cwd);
    const r = gexray([...args]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    const w = widest(r.stdout);
    expect(w.width, w.line).toBeLessThanOrEqual(100);
    // (warnings on stderr: wrapped on a terminal, one line each on a pipe as here, for grep)
    // --no-color is accepted everywhere and nothing is colored on a pipe
    expect(r.stdout).not.toContain("\x1b");
  });

  it.each([[""], ...names.map((n) => [n])])("help of %s", (name) => {
    const r = gexray(name === "" ? ["--help"] : [name, "--help"]);
    expect(r.code).toBe(0);
    const w = widest(r.stdout);
    expect(w.width, w.line).toBeLessThanOrEqual(100);
    if (name !== "") {
      expect(r.stdout).toContain("--wide");
      expect(r.stdout).toContain("--no-color");
    }
  });
});

describe("--wide and --no-color on every command", () => {
  it("every command accepts both (they parse, and the run succeeds)", async () => {
    for (const args of RUNS.filter((r) => !["report", "flows", "history", "diff", "gamma-map", "profile"].includes(r[0]!))) {
      const r = gexray([...args, "--wide", "--no-color"]);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
    }
  });

  it("--wide gives back the columns the default leaves out (history's table, price's blocks)", () => {
    const fit = gexray(["history", SPX22, SPX]).stdout;
    const wide = gexray(["history", SPX22, SPX, "--wide"]).stdout;
    expect(fit.replace(/\s+/g, " ")).toContain("Left out to fit 100 columns: put wall, vanna, charm, file (--wide shows every column)");
    expect(wide).not.toContain("Left out to fit");
    expect(widest(wide).width).toBeGreaterThan(100);
    for (const h of ["put wall", "vanna", "charm", "file"]) expect(wide.split("\n").find((l) => l.startsWith("as of "))).toContain(h);
    const blocks = gexray(["price", "--input", R("data/demo_options.csv")]).stdout.split("\n").filter((l) => l.startsWith("id "));
    const one = gexray(["price", "--input", R("data/demo_options.csv"), "--wide"]).stdout.split("\n").filter((l) => l.startsWith("id "));
    expect(blocks.length).toBeGreaterThan(1);
    expect(one).toHaveLength(1);
  });

  it("FORCE_COLOR colors the terminal report on a pipe; --no-color wins", () => {
    expect(gexray(["levels", NDX], { FORCE_COLOR: "1" }).code).toBe(0);
    expect(gexray(["profile", IBIT], { FORCE_COLOR: "1" }).stdout).toContain("\x1b[");
    expect(gexray(["profile", IBIT, "--no-color"], { FORCE_COLOR: "1" }).stdout).not.toContain("\x1b");
  });
});

describe("file text is escaped before printing", () => {
  it("a note id carrying terminal escape codes prints as visible escapes (notes, clusters, report)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gexray-escape-"));
    dirs.push(dir);
    const book = join(dir, "book.csv");
    const text = readFileSync(R("data/ibit_notes_sample.csv"), "utf8").replace("SYN-JPM-251110-A", "EVIL\x1b[2J\x1b]0;pwned\x07-A");
    writeFileSync(book, text);
    for (const cmd of ["notes", "clusters"]) {
      const r = gexray([cmd, book, ...NOTES.slice(1), "--wide"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain("\x1b");
      expect(r.stdout).not.toContain("\x07");
      expect(r.stdout).toContain("EVIL\\x1b[2J\\x1b]0;pwned\\x07-A");
    }
    const rep = gexray(["report", R("data/btc_deribit_sample_2026-02-04.csv"), "--notes", book, "--prices", R("data/ibit_history_2025-09_2026-02.csv"),
      "--map", "IBIT:BTC=0.000568", "--map-days", "0"]);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stdout).not.toContain("\x1b");
  });
});
