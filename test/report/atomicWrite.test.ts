import { spawnSync } from "node:child_process";
import {
  chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { devNullSurvives, fifoWithReader } from "../fsHelpers.js";

// fault injection for the commit phase: rename fails for a chosen target, everything else is real
const failRenameTo = { path: "" };
vi.mock("node:fs/promises", async (importOriginal) => {
  const orig = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...orig,
    rename: async (from: string, to: string) => {
      if (failRenameTo.path !== "" && to === failRenameTo.path) {
        const e = new Error(`EIO: injected failure, rename '${from}' -> '${to}'`) as NodeJS.ErrnoException;
        e.code = "EIO";
        throw e;
      }
      return orig.rename(from, to);
    },
  };
});
const { atomicWrite, atomicWriteAll } = await import("../../src/report/atomicWrite.js");

const dir = (): string => mkdtempSync(join(tmpdir(), "gexray-atomic-"));
afterEach(() => {
  failRenameTo.path = "";
});

/** A character device node equal to /dev/null (major 1, minor 3) in a temp dir: we run as root. */
function makeNullDevice(d: string): string {
  const p = join(d, "null");
  const r = spawnSync("mknod", [p, "c", "1", "3"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`mknod failed (the suite runs as root): ${r.stderr}`);
  return p;
}

describe("atomicWrite: regular files", () => {
  it("creates the file with the text and leaves no temp file", async () => {
    const d = dir();
    await atomicWrite(join(d, "out.csv"), "a,b\n1,2\n");
    expect(readFileSync(join(d, "out.csv"), "utf8")).toBe("a,b\n1,2\n");
    expect(readdirSync(d)).toEqual(["out.csv"]);
  });

  it("replaces an existing file whole, and writes bytes", async () => {
    const d = dir();
    const path = join(d, "out.bin");
    writeFileSync(path, "old content that is longer");
    await atomicWrite(path, new Uint8Array([104, 105]));
    expect(readFileSync(path, "utf8")).toBe("hi");
    expect(readdirSync(d)).toEqual(["out.bin"]);
  });

  it("fails with the file-system error when the directory is missing, leaving nothing", async () => {
    const d = dir();
    await expect(atomicWrite(join(d, "missing", "out.txt"), "x")).rejects.toMatchObject({ code: "ENOENT" });
    expect(readdirSync(d)).toEqual([]);
  });

  it("refuses a directory before writing anything", async () => {
    const d = dir();
    mkdirSync(join(d, "taken"));
    await expect(atomicWrite(join(d, "taken"), "x")).rejects.toMatchObject({ code: "EISDIR" });
    expect(readdirSync(d)).toEqual(["taken"]);
  });

  it("an existing file keeps its permission bits; a new one gets 0666 less the umask", async () => {
    const d = dir();
    const path = join(d, "kept.txt");
    writeFileSync(path, "old");
    chmodSync(path, 0o640);
    await atomicWrite(path, "new");
    expect(statSync(path).mode & 0o7777).toBe(0o640);
    chmodSync(path, 0o755);
    await atomicWrite(path, "newer");
    expect(statSync(path).mode & 0o7777).toBe(0o755);
    expect(readFileSync(path, "utf8")).toBe("newer");
    const umask = process.umask();
    await atomicWrite(join(d, "fresh.txt"), "x");
    expect(statSync(join(d, "fresh.txt")).mode & 0o7777).toBe(0o666 & ~umask);
  });

  it("through a symlink: writes the link's target atomically and leaves the link", async () => {
    const d = dir();
    mkdirSync(join(d, "real"));
    const target = join(d, "real", "data.json");
    writeFileSync(target, "old");
    chmodSync(target, 0o600);
    symlinkSync(target, join(d, "link.json"));
    await atomicWrite(join(d, "link.json"), "new");
    expect(lstatSync(join(d, "link.json")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, "link.json"))).toBe(target);
    expect(readFileSync(target, "utf8")).toBe("new");
    expect(statSync(target).mode & 0o7777).toBe(0o600);
    expect(readdirSync(join(d, "real"))).toEqual(["data.json"]); // the temp file was beside the target
    // a chain of relative links, the last one dangling: the final target is created
    symlinkSync("real/next.json", join(d, "a.json"));
    symlinkSync("a.json", join(d, "b.json"));
    await atomicWrite(join(d, "b.json"), "created");
    expect(lstatSync(join(d, "b.json")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(d, "a.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "real", "next.json"), "utf8")).toBe("created");
  });
});

describe("atomicWrite: devices, FIFOs and descriptors are written into, never replaced", () => {
  it("a character device (a /dev/null node made with mknod) stays a device", async () => {
    const d = dir();
    const dev = makeNullDevice(d);
    await atomicWrite(dev, "into the device\n");
    const st = lstatSync(dev);
    expect(st.isCharacterDevice()).toBe(true);
    expect(st.rdev).toBe(statSync("/dev/null").rdev);
    expect(readdirSync(d)).toEqual(["null"]);
  });

  it("/dev/null itself stays the null device (and is put back if a regression replaced it)", async () => {
    expect(await devNullSurvives(() => atomicWrite("/dev/null", "discarded\n"))).toBe(true);
    expect(readdirSync("/dev").filter((f) => f.startsWith(".null."))).toEqual([]);
  });

  it("a FIFO is written into (its reader gets the text) and stays a FIFO", async () => {
    const d = dir();
    const fifo = join(d, "pipe");
    const reader = fifoWithReader(fifo);
    await atomicWrite(fifo, "through the pipe\n");
    expect(await reader.text).toBe("through the pipe\n");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(["pipe"]);
  });

  it("/dev/stdout is this process's descriptor 1, written without reopening it", () => {
    // a child whose stdout is a pipe: the text arrives on the pipe
    const mod = new URL("../../dist/report/atomicWrite.js", import.meta.url).href; // built by npm test
    const r = spawnSync(process.execPath, ["--input-type=module", "-e",
      `const { atomicWrite } = await import(${JSON.stringify(mod)}); await atomicWrite("/dev/stdout", "to stdout\\n");`], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("to stdout\n");
  });
});

describe("atomicWriteAll: several files all or none", () => {
  it("writes every file", async () => {
    const d = dir();
    await atomicWriteAll([{ path: join(d, "a.svg"), data: "A" }, { path: join(d, "r.md"), data: "R" }]);
    expect(readdirSync(d).sort()).toEqual(["a.svg", "r.md"]);
    expect(readFileSync(join(d, "r.md"), "utf8")).toBe("R");
  });

  it("a file that cannot be staged (missing directory) leaves every other file as it was", async () => {
    const d = dir();
    writeFileSync(join(d, "r.md"), "old report");
    await expect(atomicWriteAll([{ path: join(d, "r.md"), data: "new" }, { path: join(d, "gone", "c.svg"), data: "C" }]))
      .rejects.toMatchObject({ code: "ENOENT", outputPath: join(d, "gone", "c.svg") });
    expect(readFileSync(join(d, "r.md"), "utf8")).toBe("old report");
    expect(readdirSync(d)).toEqual(["r.md"]);
  });

  it("a rename that fails during the commit puts back the files already replaced and removes the new ones", async () => {
    const d = dir();
    writeFileSync(join(d, "a.svg"), "old a");
    writeFileSync(join(d, "c.svg"), "old c");
    failRenameTo.path = join(d, "c.svg"); // a.svg and b.svg are renamed into place first, then c.svg fails
    await expect(atomicWriteAll([
      { path: join(d, "a.svg"), data: "new a" }, { path: join(d, "b.svg"), data: "new b" }, { path: join(d, "c.svg"), data: "new c" },
    ])).rejects.toMatchObject({ code: "EIO", outputPath: join(d, "c.svg") });
    expect(readFileSync(join(d, "a.svg"), "utf8")).toBe("old a");
    expect(readFileSync(join(d, "c.svg"), "utf8")).toBe("old c");
    expect(readdirSync(d).sort()).toEqual(["a.svg", "c.svg"]); // b.svg was new: removed; no temp or backup left
  });
});
