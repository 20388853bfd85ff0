import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Loaded, LoadReport } from "../../src/data/chain.js";
import { InputError } from "../../src/data/errors.js";
import { loadGeneric } from "../../src/data/generic.js";
import { detectFormat, loadChain } from "../../src/data/load.js";

const real = (name: string) => fileURLToPath(new URL(`../fixtures/real/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "gexray-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function tmp(text: string | Buffer, name = `f${n++}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SNAP = { spot: 4697.24, asOf: "2024-01-05T16:00:00-05:00" } as const;
const GENERIC = "expiry,strike,type,open_interest,iv\n2024-01-19,4700,C,10,0.2\n2024-01-19,4700,P,12,0.21\n";

function expectAccounting(r: LoadReport): void {
  const x = r.excluded;
  expect(r.contracts).toBe(r.used + x.expired + x.zeroOpenInterest + x.badIv + x.invalid);
}

async function rejects(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain("\n");
    return e as InputError;
  }
  throw new Error("did not reject");
}

describe("loadChain detects the format of each real file (SOURCES.md)", () => {
  it("CBOE SPX 2024-01-07: cboe, 10,519 rows = 21,038 contracts, OI 18,098,410, spot 4697.2402", async () => {
    const { chain, report } = await loadChain(real("spx_quotedata_2024-01-07.csv"));
    expect(report.format).toBe("cboe");
    expect([report.rows, report.contracts]).toEqual([10519, 21038]);
    expect(report.openInterest.calls + report.openInterest.puts).toBe(18098410);
    expect(chain.spot).toBe(4697.2402);
    expectAccounting(report);
  });

  it("CBOE NDX 2022-02-05: cboe, 9,193 rows = 18,386 contracts, OI 106,466", async () => {
    const { report } = await loadChain(real("ndx_quotedata_2022-02-05.csv"));
    expect(report.format).toBe("cboe");
    expect([report.rows, report.contracts]).toEqual([9193, 18386]);
    expect(report.openInterest.calls + report.openInterest.puts).toBe(106466);
  });

  it("Deribit BTC 2024-03-12: deribit, 1,198 contracts, 12 expiries, spot 72,011.29", async () => {
    const { chain, report } = await loadChain(real("deribit_btc_book_summary_2024-03-12T0557Z.csv"));
    expect(report.format).toBe("deribit");
    expect(report.contracts).toBe(1198);
    expect(chain.spot).toBe(72011.29);
    expect(new Set(chain.expiry).size).toBeLessThanOrEqual(12);
    expectAccounting(report);
  });

  it("IBIT 2026-07-14: json, 2,339 quotes, spot 36.58000183105469", async () => {
    const { chain, report } = await loadChain(real("ibit_chain_2026-07-14.json"));
    expect(report.format).toBe("json");
    expect(report.contracts).toBe(2339);
    expect(chain.spot).toBe(36.58000183105469); // the file's underlyingPrice, a float32 artefact (SOURCES.md)
    expectAccounting(report);
  });

  it("a generic CSV is detected by its header; the extra SPX file is still CBOE", async () => {
    expect((await loadChain(tmp(GENERIC), SNAP)).report.format).toBe("generic");
    expect((await loadChain(real("extra/spx_quotedata_2022-02-04_close.csv"))).report.contracts).toBe(20514);
  });
});

describe("detectFormat", () => {
  it("reads the head only: each real file's first 4 KiB is enough", () => {
    const head = (name: string) => readFileSync(real(name), "utf8").slice(0, 4096);
    expect(detectFormat(head("spx_quotedata_2024-01-07.csv"))).toBe("cboe");
    expect(detectFormat(head("deribit_btc_book_summary_2024-03-12T0557Z.csv"))).toBe("deribit");
    expect(detectFormat(head("ibit_chain_2026-07-14.json"))).toBe("json");
    expect(detectFormat("\uFEFF" + GENERIC)).toBe("generic");
    expect(detectFormat("date,open,high,low,close\n")).toBeUndefined();
    expect(detectFormat("Exp,K,CP\n", { expiry: "Exp", strike: "K" })).toBe("generic");
  });
});

describe("loadChain: files that cannot be used are one InputError naming the file", () => {
  it("a missing file, a directory", async () => {
    const missing = join(dir, "nope.csv");
    expect((await rejects(loadChain(missing))).message).toBe(`${missing}: no such file`);
    const sub = join(dir, "sub");
    mkdirSync(sub);
    expect((await rejects(loadChain(sub))).message).toBe(`${sub}: is a directory, not a chain file`);
  });

  it("an empty file, a file of blank lines and a BOM", async () => {
    const e0 = tmp("");
    expect((await rejects(loadChain(e0, SNAP))).message).toBe(`${e0}: file is empty`);
    const e1 = tmp("\uFEFF\r\n \r\n\n");
    expect((await rejects(loadChain(e1, SNAP))).message).toBe(`${e1}: file is empty`);
  });

  it("a header only: generic, and CBOE with its preamble", async () => {
    const g = tmp("expiry,strike,type,open_interest,iv\r\n\r\n");
    expect((await rejects(loadChain(g, SNAP))).message).toBe(`${g}:1: no data rows: the file has a header only`);
    const cboe = readFileSync(real("spx_quotedata_2024-01-07.csv"), "utf8").split("\n").slice(0, 4).join("\n") + "\n";
    const c = tmp(cboe);
    expect((await rejects(loadChain(c))).message).toMatch(new RegExp(`^${c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(:\\d+)?: no data rows`));
  });

  it("an unknown format quotes the first line seen and says what is expected", async () => {
    const u = tmp("\n\ndate,open,high,low,close\n2024-01-05,1,2,3,4\n");
    const e = await rejects(loadChain(u));
    expect(e.message).toContain(`${u}: unknown format: the first line reads "date,open,high,low,close"`);
    expect(e.message).toContain("generic CSV with columns expiry,strike,type,open_interest,iv");
    expect(e.message).toContain("--format");
  });

  it("a generic file without spot or as-of names the flags; --format forces a loader", async () => {
    const g = tmp(GENERIC);
    expect((await rejects(loadChain(g, { spot: 1 }))).message).toContain("pass --asof");
    const forced = await rejects(loadChain(g, { ...SNAP, format: "cboe" }));
    expect(forced.message.startsWith(g)).toBe(true);
    const asGeneric = tmp("Exp,K,CP,OI,Vol\n2024-01-19,4700,C,10,0.2\n");
    expect((await loadChain(asGeneric, { ...SNAP, format: "generic", map: { expiry: "Exp", strike: "K", type: "CP", open_interest: "OI", iv: "Vol" } })).report.used).toBe(1);
  });
});

describe("loadChain streams generic files", () => {
  it("a 3 MB file read in 1 MiB chunks, with multi-byte characters across chunk edges, equals the in-memory load", async () => {
    const rows: string[] = ["expiry,strike,type,open_interest,iv,underlying"];
    for (let i = 0; i < 60000; i++) {
      rows.push(`2024-0${1 + (i % 9)}-19,${1000 + 5 * (i >> 1)},${i & 1 ? "P" : "C"},"${(i % 997) * 1001 >= 1000 ? ((i % 997) * 1001).toLocaleString("en-US") : (i % 997) * 1001}",0.${1000 + (i % 8999)},Ωμέγα指数`);
    }
    const text = "\uFEFF" + rows.join("\r\n") + "\r\n\r\n";
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 << 20);
    const { file: streamed, memory: whole } = await expectFileLoadsAsText(text);
    const a = streamed.chain, b = whole.chain;
    expect(a.root.join("\n")).toBe(b.root.join("\n"));
    expect([a.length, a.underlying, a.spot, a.asOf, a.position, a.vendor]).toEqual([b.length, b.underlying, b.spot, b.asOf, b.position, b.vendor]);
    expect(a.length).toBe(60000 - Math.ceil(60000 / 997)); // rows with i % 997 = 0 have zero open interest
    expect(streamed.chain.underlying).toBe("Ωμέγα指数");
    expect(streamed.report.rows).toBe(60000);
    expect(streamed.report.problems).toEqual([]);
  });

  it("a 5 MB ASCII file, its rows read from the bytes across the chunk edge, equals the text load bit for bit", async () => {
    const rows: string[] = ["expiry,strike,type,open_interest,iv,dealer_position"];
    const fmt = [(x: number) => x.toFixed(2), (x: number) => x.toExponential(6), (x: number) => String(x), (x: number) => (x < 0 ? "-00" : "00") + Math.abs(x).toPrecision(9)];
    for (let i = 0; i < 120000; i++) {
      const x = 1000 + 0.37 * i + i / 7;
      const f = fmt[i % fmt.length]!;
      // every 1,000th row quoted (the text path), the others plain
      const strike = i % 1000 === 0 ? `"${x.toFixed(1)}"` : f(x);
      rows.push(`2024-0${1 + (i % 9)}-19,${strike},${i & 1 ? "P" : "C"},${i % 97},${f(0.05 + (i % 300) / 200)},${f(-x)}`);
    }
    const text = rows.join("\n") + "\n";
    expect(Buffer.byteLength(text)).toBeGreaterThan(5 << 20);
    const { file: bytes, memory: whole } = await expectFileLoadsAsText(text);
    const a = bytes.chain, b = whole.chain;
    expect(bytesOf(a.position!).equals(bytesOf(b.position!))).toBe(true);
    expect(bytes.report.problems).toEqual([]);
    expect(a.length).toBe(120000 - Math.ceil(120000 / 97)); // open interest 0 every 97th row
  });
});

/** A typed column's bytes. */
const bytesOf = (x: Float64Array | Int32Array | Int8Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

/**
 * loadChain on the text written to a file against loadGeneric on the text in memory: the same
 * report, and every numeric column the same bytes (compared bytewise: a deep toEqual over columns of
 * tens of thousands of entries takes seconds).
 */
async function expectFileLoadsAsText(text: string): Promise<{ file: Loaded; memory: Loaded }> {
  const path = tmp(text);
  const file = await loadChain(path, SNAP);
  const memory = loadGeneric(text, path, SNAP);
  expect(file.report).toEqual(memory.report);
  for (const key of ["type", "strike", "expiry", "time", "openInterest", "multiplier", "iv", "forward", "line"] as const) {
    expect(bytesOf(file.chain[key]).equals(bytesOf(memory.chain[key])), key).toBe(true);
  }
  return { file, memory };
}
