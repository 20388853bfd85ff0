import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { atomicWrite } from "../../src/report/atomicWrite.js";

const dir = (): string => mkdtempSync(join(tmpdir(), "gexray-atomic-"));

describe("atomicWrite", () => {
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

  it("cleans up the temp file when the rename fails (target is a directory)", async () => {
    const d = dir();
    const target = join(d, "taken");
    mkdtempSync(target);
    const taken = readdirSync(d)[0]!;
    await expect(atomicWrite(join(d, taken), "x")).rejects.toBeTruthy();
    expect(readdirSync(d)).toEqual([taken]);
  });
});
