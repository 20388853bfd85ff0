/**
 * `--out` onto a device or FIFO (src/cli/outKind.ts outTarget): --json / --csv pick the format
 * whatever the path's extension; without them a device gets the command's terminal text (no
 * colors); a regular file still needs .html, .md, .json or .csv.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gexray, MAIN, oneLineError, ROOT } from "./run.js";

/** run.ts's gexray with room for the diff JSON (several MB) on stdout. */
const big = (args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, GEXRAY_DEBUG: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const SPX = join(ROOT, "test/fixtures/real/spx_quotedata_2024-01-07.csv");
const SPX22 = join(ROOT, "test/fixtures/real/extra/spx_quotedata_2022-02-04_close.csv");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "gexray-outtarget-"));
  dirs.push(d);
  return d;
};

describe("--json / --csv with -o /dev/stdout (a pipe here): the flag picks the format", () => {
  const cases: Array<[string, string[], (out: string) => void]> = [
    ["gamma-map --json", ["gamma-map", SPX, "--days", "1", "--json"], (o) => expect((JSON.parse(o) as { days: unknown[] }).days).toHaveLength(2)],
    ["gamma-map --csv", ["gamma-map", SPX, "--days", "1", "--csv"], (o) => expect(o.split("\n")[0]).toBe("day,at,price_usd,gamma_usd_per_1pct")],
    ["history --csv", ["history", SPX22, SPX, "--csv"], (o) => expect(o.trim().split("\n")).toHaveLength(3)],
    ["history --json", ["history", SPX22, SPX, "--json"], (o) => expect(JSON.parse(o)).toBeTypeOf("object")],
    ["diff --json", ["diff", SPX22, SPX, "--json"], (o) => expect((JSON.parse(o) as { underlying: string }).underlying).toBe("SPX")],
    ["report --json", ["report", SPX, "--json", "--map-days", "0"], (o) => expect(JSON.parse(o)).toBeTypeOf("object")],
  ];
  for (const [what, args, check] of cases) {
    it(what, () => {
      const r = big([...args, "-o", "/dev/stdout"]);
      expect(r.code, r.stderr).toBe(0);
      check(r.stdout);
      expect(r.stderr).toContain("gexray: wrote /dev/stdout");
    });
  }
  it("the flag wins over a regular file's extension: --json -o map.html writes JSON", () => {
    const d = temp();
    const r = gexray(["gamma-map", SPX, "--days", "1", "--json", "-o", join(d, "map.html")]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(d, "map.html"), "utf8")) as { days: unknown[] }).days).toHaveLength(2);
  });
});

describe("a device or FIFO with no format flag: the terminal text, uncolored", () => {
  it("gamma-map -o /dev/stdout is what stdout shows (FORCE_COLOR set: still no ANSI codes)", () => {
    const plain = gexray(["gamma-map", SPX, "--days", "1"]);
    const r = gexray(["gamma-map", SPX, "--days", "1", "-o", "/dev/stdout"], { FORCE_COLOR: "1" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });
  it("report and diff -o /dev/null exit 0", () => {
    for (const args of [["report", SPX, "--map-days", "0"], ["diff", SPX22, SPX]]) {
      const r = gexray([...args, "-o", "/dev/null"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("gexray: wrote /dev/null");
    }
  });
  it("history -o a FIFO: the reader gets the terminal table", async () => {
    const fifo = join(temp(), "h.fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = new Promise<string>((resolve) => {
      // timeout: a writer that never opens the FIFO must not leave the reader behind
      const cat = spawn("timeout", ["60", "cat", fifo]);
      let s = "";
      cat.stdout.on("data", (b: Buffer) => (s += b.toString()));
      cat.on("close", () => resolve(s));
    });
    const r = gexray(["history", SPX22, SPX, "-o", fifo]);
    expect(r.code, r.stderr).toBe(0);
    const got = await reader;
    expect(got).toBe(gexray(["history", SPX22, SPX]).stdout);
  });
  it("a regular file without a known extension is still refused, one line, exit 2, nothing written", () => {
    const d = temp();
    const r = gexray(["gamma-map", SPX, "--days", "1", "-o", join(d, "map.txt")]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/--out must end in \.html, \.md, \.json or \.csv/);
  });
});
