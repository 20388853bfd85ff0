/**
 * Fuzzing every chain loader with mutated real files (test/fixtures/real): truncated, columns
 * swapped, numbers corrupted, header lines deleted, rows duplicated, blank lines, CRLF, BOM.
 * Whatever the damage, a loader either throws one clean InputError line or returns a report whose
 * counts add up (contracts = used + every excluded category) with a problem entry for every bad-IV
 * and invalid contract; in strict mode the first problem becomes an InputError naming its line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Loaded, LoadReport } from "../../src/data/chain.js";
import { InputError } from "../../src/data/errors.js";
import { loadGeneric } from "../../src/data/generic.js";
import type { LoadOptions } from "../../src/data/loadOptions.js";

const REAL = new URL("../fixtures/real/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, REAL), "utf8");

type LoaderFn = (text: string, file: string, opts: LoadOptions) => Loaded;

/** The Deribit book summary rewritten as a generic CSV (real strikes, OI, IVs, forwards). */
function deribitAsGeneric(): string {
  const lines = read("deribit_btc_book_summary_2024-03-12T0557Z.csv").trim().split("\n");
  const head = lines[0]!.split(",");
  const at = (name: string) => head.indexOf(name);
  const out = ["expiry,strike,type,open_interest,iv,forward,underlying"];
  for (const l of lines.slice(1)) {
    const f = l.split(",");
    const [u, expiry, strike, cp] = f[at("instrument_name")]!.split("-");
    out.push([expiry, strike, cp, f[at("open_interest")], f[at("mark_iv")], f[at("underlying_price")], u].join(","));
  }
  return out.join("\n") + "\n";
}

/** The CBOE SPX export cut to its 4 preamble lines and every 25th data line (~420 lines), for speed. */
function spxSample(): string {
  const lines = read("spx_quotedata_2024-01-07.csv").split("\n");
  return lines.filter((_, i) => i < 4 || i % 25 === 0).join("\n");
}

/** Every count accounted for, every problem located in the file. */
function expectSound(r: LoadReport, lineCount: number): void {
  const x = r.excluded;
  for (const v of [r.rows, r.contracts, r.used, x.expired, x.zeroOpenInterest, x.badIv, x.invalid]) {
    expect(Number.isInteger(v) && v >= 0).toBe(true);
  }
  expect(r.contracts).toBe(r.used + x.expired + x.zeroOpenInterest + x.badIv + x.invalid);
  // one problem per bad-IV contract; an invalid line may hold several contracts (CBOE: two)
  expect(r.problems.length >= x.badIv + (x.invalid > 0 ? 1 : 0)).toBe(true);
  expect(r.problems.length <= x.badIv + x.invalid).toBe(true);
  for (const p of r.problems) {
    expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount, `problem line ${p.line} of ${lineCount}`).toBe(true);
    expect(p.reason.length).toBeGreaterThan(0);
  }
}

/** A load that must end in a result or one clean InputError line. */
function attempt(load: LoaderFn, text: string, opts: LoadOptions): Loaded | InputError {
  try {
    return load(text, "fuzz.csv", opts);
  } catch (e) {
    if (!(e instanceof InputError)) throw e; // anything else is a crash
    expect(e.message).not.toContain("\n");
    expect(e.message.startsWith("fuzz.csv") || e.message.startsWith("--")).toBe(true);
    return e;
  }
}

/** After a non-strict load with problems, strict mode must stop at one of them, naming its line. */
function expectStrictAgrees(load: LoaderFn, text: string, opts: LoadOptions, loaded: Loaded): void {
  const strict = attempt(load, text, { ...opts, strict: true });
  if (loaded.report.problems.length === 0) {
    expect(strict).not.toBeInstanceOf(InputError);
    return;
  }
  expect(strict).toBeInstanceOf(InputError);
  const e = strict as InputError;
  expect(e.line).toBeDefined();
  expect(loaded.report.problems.some((p) => p.line === e.line)).toBe(true);
}

// ---------------------------------------------------------------- line mutations (CSV files)

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "swap"; line: number | "all"; a: number; b: number }
  | { kind: "corrupt"; line: number; pos: number; with: string }
  | { kind: "delete"; line: number }
  | { kind: "deleteHead"; line: number }
  | { kind: "duplicate"; line: number; times: number }
  | { kind: "blank"; line: number }
  | { kind: "crlf" }
  | { kind: "bom" };

const frac = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: frac }),
  fc.record({ kind: fc.constant("swap" as const), line: fc.oneof(frac, fc.constant("all" as const)), a: fc.nat(30), b: fc.nat(30) }),
  fc.record({ kind: fc.constant("corrupt" as const), line: frac, pos: frac, with: fc.constantFrom("x", "", "-", ".", ",", '"', "e", "9", "0", "N/A", "1,234", "-1", "1e999", "NaN") }),
  fc.record({ kind: fc.constant("delete" as const), line: frac }),
  fc.record({ kind: fc.constant("deleteHead" as const), line: fc.nat(4) }),
  fc.record({ kind: fc.constant("duplicate" as const), line: frac, times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("blank" as const), line: frac }),
  fc.record({ kind: fc.constant("crlf" as const) }),
  fc.record({ kind: fc.constant("bom" as const) }),
);

function mutate(text: string, mutations: Mutation[]): string {
  let lines = text.split("\n");
  let crlf = false;
  let bom = false;
  const idx = (f: number) => Math.min(lines.length - 1, Math.floor(f * lines.length));
  for (const m of mutations) {
    if (lines.length === 0) break;
    switch (m.kind) {
      case "truncate": {
        const joined = lines.join("\n");
        lines = joined.slice(0, Math.floor(m.at * joined.length)).split("\n");
        break;
      }
      case "swap": {
        const swapIn = (l: string) => {
          const f = l.split(",");
          if (f.length < 2) return l;
          const a = m.a % f.length, b = m.b % f.length;
          [f[a], f[b]] = [f[b]!, f[a]!];
          return f.join(",");
        };
        lines = m.line === "all" ? lines.map(swapIn) : lines.map((l, i) => (i === idx(m.line as number) ? swapIn(l) : l));
        break;
      }
      case "corrupt": {
        const i = idx(m.line);
        const l = lines[i]!;
        const p = Math.floor(m.pos * l.length);
        lines[i] = l.slice(0, p) + m.with + l.slice(p + 1);
        break;
      }
      case "delete":
        lines.splice(idx(m.line), 1);
        break;
      case "deleteHead":
        lines.splice(Math.min(m.line, lines.length - 1), 1);
        break;
      case "duplicate": {
        const i = idx(m.line);
        lines.splice(i, 0, ...Array<string>(m.times).fill(lines[i]!));
        break;
      }
      case "blank":
        lines.splice(idx(m.line), 0, "");
        break;
      case "crlf":
        crlf = true;
        break;
      case "bom":
        bom = true;
        break;
    }
  }
  return (bom ? "\uFEFF" : "") + lines.join(crlf ? "\r\n" : "\n");
}

const lineCount = (text: string) => text.split("\n").length;

interface CsvCase {
  format: string;
  loader: () => Promise<LoaderFn>;
  text: () => string;
  opts: LoadOptions;
  runs: number;
}

const CSV_CASES: CsvCase[] = [
  {
    format: "generic", loader: async () => loadGeneric, text: deribitAsGeneric, runs: 250,
    opts: { spot: 72011.29, asOf: "2024-03-12T05:57:12.940Z", ivPercent: true, expiryTime: "08:00", expiryZone: "UTC" },
  },
  { format: "cboe", loader: async () => (await import("../../src/data/cboe.js")).loadCboe, text: spxSample, opts: {}, runs: 150 },
  {
    format: "deribit", runs: 150, opts: {},
    loader: async () => (await import("../../src/data/deribit.js")).loadDeribit,
    text: () => read("deribit_btc_book_summary_2024-03-12T0557Z.csv"),
  },
];

describe.each(CSV_CASES)("fuzz: $format loader on a mutated real file", ({ loader, text, opts, runs }) => {
  it("throws a clean InputError or returns a report whose counts add up; strict stops at a reported line", async () => {
    const load = await loader();
    const base = text();
    const clean = load(base, "fuzz.csv", opts);
    expectSound(clean.report, lineCount(base));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        const t = mutate(base, ms);
        const got = attempt(load, t, opts);
        if (got instanceof InputError) return;
        expectSound(got.report, lineCount(t));
        expect(got.chain.length).toBe(got.report.used);
        for (let i = 0; i < got.chain.length; i++) {
          if (!(got.chain.time[i]! > 0 && got.chain.iv[i]! > 0 && got.chain.strike[i]! > 0 && got.chain.openInterest[i]! > 0)) {
            throw new Error(`contract ${i} (line ${got.chain.line[i]}) in the chain with T, iv, strike or OI not > 0`);
          }
        }
        expectStrictAgrees(load, t, opts, got);
      }),
      { numRuns: runs },
    );
  });

  it("duplicating data rows adds them to rows and contracts, counted like the originals", async () => {
    const load = await loader();
    const base = text();
    const clean = load(base, "fuzz.csv", opts).report;
    const lines = base.split("\n");
    const firstData = lines.length - clean.rows - (lines[lines.length - 1]!.trim() === "" ? 1 : 0);
    fc.assert(
      fc.property(fc.integer({ min: firstData, max: firstData + clean.rows - 1 }), fc.integer({ min: 1, max: 3 }), (i, k) => {
        const t = [...lines.slice(0, i + 1), ...Array<string>(k).fill(lines[i]!), ...lines.slice(i + 1)].join("\n");
        const r = load(t, "fuzz.csv", opts).report;
        expect(r.rows).toBe(clean.rows + k);
        const perRow = clean.contracts / clean.rows;
        expect(r.contracts).toBe(clean.contracts + k * perRow);
        expectSound(r, lineCount(t));
      }),
      { numRuns: 30 },
    );
  });
});

describe("fuzz: the generic byte path reads every mutated real file as the text path does", () => {
  it("the same report and the same chain, or the same error, from bytes as from text (strict too)", () => {
    const base = deribitAsGeneric();
    const opts = CSV_CASES[0]!.opts;
    const outcome = (f: () => Loaded) => {
      try {
        return f();
      } catch (e) {
        return (e as Error).message;
      }
    };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (ms, strict) => {
        const t = mutate(base, ms);
        const o = { ...opts, strict };
        expect(outcome(() => loadGeneric(Buffer.from(t, "utf8"), "fuzz.csv", o))).toStrictEqual(outcome(() => loadGeneric(t, "fuzz.csv", o)));
      }),
      { numRuns: 150 },
    );
  });
});

describe("fuzz: a corrupted number is reported on its own line", () => {
  const opts = CSV_CASES[0]!.opts;
  it("generic: a strike or open interest made unreadable excludes exactly that row, with its line and field", () => {
    const base = deribitAsGeneric();
    const lines = base.split("\n");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: lines.length - 2 }), fc.constantFrom(1, 3), fc.constantFrom("x", "", "-5", "1e999", "N/A", "0x1"), (i, field, bad) => {
        const f = lines[i]!.split(",");
        f[field] = bad;
        const t = [...lines.slice(0, i), f.join(","), ...lines.slice(i + 1)].join("\n");
        const r = loadGeneric(t, "fuzz.csv", opts).report;
        const name = field === 1 ? "strike" : "open_interest";
        expect(r.problems.filter((p) => p.line === i + 1)).toEqual([expect.objectContaining({ line: i + 1, field: name })]);
        expectSound(r, lineCount(t));
      }),
      { numRuns: 100 },
    );
  });

  // (an unreadable Strike cell falls back to the strike in the OCC symbol, so the corruption is a
  // readable strike that disagrees with the symbol, or one ≤ 0)
  it("cboe: a strike that contradicts its symbols excludes both contracts of its line, with its line", async () => {
    const { loadCboe } = await import("../../src/data/cboe.js");
    const base = spxSample();
    const lines = base.split("\n");
    const clean = loadCboe(base, "fuzz.csv", {}).report;
    expect(clean.excluded.invalid).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 4, max: lines.length - 2 }), fc.constantFrom("-5", "0", "+5", "×2"), (i, bad) => {
        const f = lines[i]!.split(",");
        const k = Number(f[11]);
        f[11] = bad === "+5" ? String(k + 5) : bad === "×2" ? String(2 * k) : bad;
        const t = [...lines.slice(0, i), f.join(","), ...lines.slice(i + 1)].join("\n");
        const r = loadCboe(t, "fuzz.csv", {}).report;
        expect(r.problems.filter((p) => p.line === i + 1).length).toBe(2);
        expect(r.excluded.invalid).toBe(2);
        expect(r.contracts).toBe(clean.contracts);
        expectSound(r, lineCount(t));
      }),
      { numRuns: 40 },
    );
  });
});

// ---------------------------------------------------------------- JSON chain: record mutations

describe("fuzz: json loader on a mutated real IBIT chain", () => {
  it("bad records are reported, truncated JSON is a clean InputError, counts add up", async () => {
    const { loadJsonChain } = await import("../../src/data/jsonChain.js");
    const base = JSON.parse(read("ibit_chain_2026-07-14.json")) as { quotes: Array<Record<string, unknown>> } & Record<string, unknown>;
    const quoteMutation = fc.record({
      q: frac,
      field: fc.constantFrom("expiration", "side", "strike", "openInterest", "iv", "symbol"),
      value: fc.constantFrom<unknown>(undefined, null, "", "x", -1, 0, "2026-02-30", "straddle", 1e308, [], {}),
    });
    fc.assert(
      fc.property(
        fc.array(quoteMutation, { maxLength: 6 }),
        fc.option(fc.constantFrom("underlyingPrice", "updated", "quotes", "symbol")),
        fc.option(frac),
        fc.nat(3),
        (qms, dropTop, truncateAt, dups) => {
          const doc = structuredClone(base);
          for (const m of qms) {
            const q = doc.quotes[Math.floor(m.q * doc.quotes.length)]!;
            if (m.value === undefined) delete q[m.field];
            else q[m.field] = m.value;
          }
          for (let d = 0; d < dups; d++) doc.quotes.push(structuredClone(doc.quotes[d]!));
          if (dropTop !== null) delete doc[dropTop];
          let text = JSON.stringify(doc);
          if (truncateAt !== null) text = text.slice(0, Math.floor(truncateAt * text.length));
          const got = attempt(loadJsonChain, text, {});
          if (got instanceof InputError) return;
          expect(got.report.rows).toBe(doc.quotes.length);
          expectSound(got.report, Number.MAX_SAFE_INTEGER);
          expectStrictAgrees(loadJsonChain, text, {}, got);
        },
      ),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------- through loadChain: detection and dispatch

describe("fuzz: loadChain on mutated real files", () => {
  const dir = mkdtempSync(join(tmpdir(), "gexray-fuzz-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("detects, dispatches and either loads soundly or throws one clean InputError", async () => {
    const { loadChain } = await import("../../src/data/load.js");
    const files = [
      { text: spxSample(), opts: {} },
      { text: read("deribit_btc_book_summary_2024-03-12T0557Z.csv"), opts: {} },
      { text: deribitAsGeneric(), opts: CSV_CASES[0]!.opts },
      { text: read("ibit_chain_2026-07-14.json"), opts: {} },
    ];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(files.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (k, ms) => {
        const { text, opts } = files[k]!;
        const path = join(dir, `f${n++}.txt`);
        const t = mutate(text, ms);
        writeFileSync(path, t);
        try {
          const { report } = await loadChain(path, opts);
          expectSound(report, lineCount(t));
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as Error).message).not.toContain("\n");
          expect((e as Error).message.startsWith(path) || (e as Error).message.startsWith("--")).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });
});
