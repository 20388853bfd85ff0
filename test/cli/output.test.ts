// -o/--out as a careful user expects: devices and FIFOs are written into, never replaced; a symlink
// stays a link; an existing file keeps its mode; the Markdown report and its charts are all or none.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devNullSurvives, fifoWithReader } from "../fsHelpers.js";
import { gexray, MAIN, oneLineError, ROOT } from "./run.js";

const SPX = "test/fixtures/real/spx_quotedata_2024-01-07.csv";
const dir = (): string => mkdtempSync(join(tmpdir(), "gexray-out-"));

describe("--out onto a device, a FIFO or a descriptor", () => {
  it("-o /dev/null writes into the device and leaves it a device (we run as root)", async () => {
    let r: ReturnType<typeof gexray> | undefined;
    expect(await devNullSurvives(() => (r = gexray(["strikes", SPX, "--min", "4600", "--max", "4700", "-o", "/dev/null"])))).toBe(true);
    expect(r!.code, r!.stderr).toBe(0);
    expect(r!.stdout).toBe("");
  });

  it("-o <fifo>: the reader gets the output and the FIFO stays a FIFO", async () => {
    const d = dir();
    const fifo = join(d, "levels.pipe");
    const reader = fifoWithReader(fifo);
    const cli = spawn(process.execPath, [MAIN, "levels", SPX, "--json", "-o", fifo], { cwd: ROOT });
    const code = await new Promise<number | null>((ok) => cli.on("close", ok));
    expect(code).toBe(0);
    expect(JSON.parse(await reader.text).underlying).toBe("SPX");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(["levels.pipe"]);
  });

  it("-o /dev/stdout prints on stdout (through the descriptor, without replacing anything)", () => {
    const r = gexray(["levels", SPX, "--json", "-o", "/dev/stdout"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).underlying).toBe("SPX");
  });
});

describe("--out onto files", () => {
  it("through a symlink: the target is replaced, the link stays; an existing file keeps its mode", () => {
    const d = dir();
    mkdirSync(join(d, "store"));
    const target = join(d, "store", "levels.json");
    writeFileSync(target, "old");
    chmodSync(target, 0o640);
    symlinkSync(target, join(d, "latest.json"));
    const r = gexray(["levels", SPX, "--json", "-o", join(d, "latest.json")]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(d, "latest.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, "utf8")).underlying).toBe("SPX");
    expect(statSync(target).mode & 0o7777).toBe(0o640);
    expect(readdirSync(join(d, "store"))).toEqual(["levels.json"]);
  });

  it("report --out x.md: the Markdown and its charts are written all or none", () => {
    const d = dir();
    const md = join(d, "spx.md");
    writeFileSync(md, "previous report");
    mkdirSync(join(d, "spx-vanna.svg")); // one chart's path is taken by a directory
    const r = gexray(["report", SPX, "--out", md]);
    expect(r.code).toBe(2);
    // the loader's warning, then the one error line
    expect(oneLineError(r.stderr.split("\n").filter((l) => !l.startsWith("gexray: warning:")).join("\n"))).toBe(true);
    expect(r.stderr).toContain(`cannot write ${join(d, "spx-vanna.svg")}: it is a directory (none of`);
    expect(readFileSync(md, "utf8")).toBe("previous report");
    expect(readdirSync(d).sort()).toEqual(["spx-vanna.svg", "spx.md"]);
    // with the path free, all of them are written: the Markdown, the three profile charts and the
    // six smile charts, each of them linked from the Markdown
    spawnSync("rmdir", [join(d, "spx-vanna.svg")]);
    const ok = gexray(["report", SPX, "--out", md]);
    expect(ok.code, ok.stderr).toBe(0);
    const smiles = [1, 2, 3, 4, 5, 6].map((k) => `spx-smile-${k}.svg`);
    // (and the views: gamma by strike, the expiry overlay, the gamma map)
    expect(readdirSync(d).sort()).toEqual(["spx-charm.svg", "spx-gamma.svg", "spx-map.svg", "spx-overlay.svg", ...smiles, "spx-strikes.svg", "spx-vanna.svg", "spx.md"]);
    const text = readFileSync(md, "utf8");
    for (const f of ["spx-gamma.svg", "spx-vanna.svg", "spx-charm.svg", ...smiles]) expect(text).toContain(`(${f})`);
  });
});
