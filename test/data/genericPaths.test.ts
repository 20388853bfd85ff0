/**
 * The generic CSV's two paths agree: the same file read as text (GenericCsvReader.write, the RFC 4180
 * splitter and char-code numbers) and as bytes (writeBytes: plain rows scanned from the bytes, the
 * rest handed to the text path) gives bit-identical chains and identical load reports (counts,
 * problems with their lines, fields and reasons, warnings), or the same error, on randomized files:
 * numbers in every notation (exponents, leading zeros, signs, long digit strings, spaces), damaged
 * cells and rows, quoted fields (with delimiters, doubled quotes, line breaks), every optional
 * column, `,` `;` and tab delimiters, CRLF, a BOM, non-ASCII text, and chunks cut anywhere (in a
 * row, in a character).
 */
import { StringDecoder } from "node:string_decoder";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Chain, Loaded } from "../../src/data/chain.js";
import { GenericCsvReader } from "../../src/data/generic.js";
import type { LoadOptions } from "../../src/data/loadOptions.js";
import { countingDateTimeFormats } from "./helpers.js";

const AS_OF = "2025-01-02T16:00-05:00";

// ---------------------------------------------------------------- cells

/**
 * A number as exports print it: fixed, precision, exponential or shortest form (up to 17 digits:
 * beyond what the byte reader is sure of), sometimes signed, zero-padded or spaced.
 */
const printed = (min: number, max: number, shortest = true): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.double({ min, max, noNaN: true }).filter((x) => x === 0 || Math.abs(x) >= 1e-6), fc.integer({ min: 0, max: 9 }),
      fc.constantFrom(...["fixed", "fixed", "precision", "exp", "int"], ...(shortest ? ["shortest"] : [])),
      fc.constantFrom("", "", "", "+", "00", " ", "  "),
    )
    .map(([x, d, how, pad]) => {
      const t = how === "fixed" ? x.toFixed(d) : how === "precision" ? x.toPrecision(d + 1) : how === "exp" ? x.toExponential(d) : how === "int" ? String(Math.round(x)) : String(x);
      if (pad === "+" && !t.startsWith("-")) return "+" + t;
      if (pad === "00" && !t.startsWith("-")) return "00" + t;
      return pad.trim() === "" ? pad + t + pad : t;
    });

/** Numbers in any notation, most outside what the byte reader is sure of: long digit strings, large exponents. */
const wild = fc
  .record({
    sign: fc.constantFrom("", "-", "+"),
    int: fc.oneof(fc.stringMatching(/^\d{0,3}$/), fc.stringMatching(/^0{1,4}\d{1,6}$/), fc.stringMatching(/^\d{14,24}$/)),
    frac: fc.option(fc.oneof(fc.stringMatching(/^\d{0,6}$/), fc.stringMatching(/^\d{12,24}$/))),
    exp: fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.stringMatching(/^0?\d{1,3}$/))),
  })
  .map(({ sign, int, frac, exp }) => `${sign}${int}${frac === null ? "" : "." + frac}${exp === null ? "" : exp.join("")}`);

const some = <T,>(common: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, rareWeight = 1): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: common, weight: 30 }, { arbitrary: rare, weight: rareWeight });

const CELLS: Record<string, fc.Arbitrary<string>> = {
  expiry: some(
    fc.constantFrom("2025-01-17", "2025-01-17", "2025-03-21", "2025-06-20", "2024-12-20", "2025-01-02"),
    fc.constantFrom("20250117", "2025/1/17", "17JAN25", "17jan25", "17.01.2025", "2025-01-17T08:00Z", " 2025-03-21 ", "2025-02-30", "soon", "", "2025-03-21T16:00:00-04:00", "2025-01-02T15:00-05:00"),
    3,
  ),
  strike: some(printed(50, 9000), fc.oneof(wild, fc.constantFrom("0", "-5", "x", "", '"4,700"', '"4,700.5"', "1e999", "1e300", "2e9", "4700%", "4700 1"))),
  type: some(fc.constantFrom("C", "P", "C", "P", "call", "put", "CALL", " P ", "c", "Put"), fc.constantFrom("x", "", "straddle")),
  open_interest: some(
    fc.tuple(fc.integer({ min: 0, max: 50_000 }), fc.constantFrom("", ".0", "e0", ".000", "00")).map(([n, f]) => (f === "00" ? f + n : n + f)),
    fc.oneof(wild, printed(0, 1e4), fc.constantFrom("0", "-1", "1e300", "", "N/A", '"1,234"', "2e9", "12.5")),
    2,
  ),
  iv: some(printed(0.01, 3), fc.oneof(wild, fc.constantFrom("55%", " 55 % ", "0", "-0.2", "7", "350", "", "N/A", '"0,25"', "0.2.1", "1e-3")), 2),
  multiplier: some(fc.constantFrom("", "", "100", " 100 ", "10", "1e2", "0.1", "100.000"), fc.constantFrom("-1", "x", "\t", "1e300", "2e9")),
  dealer_position: some(printed(-5000, 5000), fc.constantFrom("0", "-0", "", "x", "1e5", "-2.5e3")),
  forward: some(fc.oneof(fc.constant(""), printed(1000, 9000)), fc.constantFrom("-1", "x", "0")),
  underlying: some(fc.constantFrom("SPX", "SPX", "SPX", ""), fc.constantFrom(" SPX ", "SPXW", "ÉTF", '"SPX"', "SP X", "\tSPX")),
  spot: some(fc.constantFrom("4700", "4700"), fc.constantFrom("4700.0", "4701", "", "x", "4.7e3", " 4700 ")),
  asof: some(fc.constant(AS_OF), fc.constantFrom(`${AS_OF} `, "2025-01-03T16:00-05:00", "never", "2025-01-02")),
  note: some(fc.constantFrom("", "x", "note with space", "é", "ok"), fc.constantFrom('"a,b"', '"line\nbreak"', '"say ""hi"""', '"x" y', "a;b", "tab\there"), 3),
};

const NAMES: Record<string, string[]> = {
  expiry: ["expiry", "Expiry", " EXPIRY "],
  strike: ["strike", "Strike"],
  type: ["type", "TYPE"],
  open_interest: ["open_interest", "Open Interest", "open-interest"],
  iv: ["iv", "IV"],
  multiplier: ["multiplier"],
  dealer_position: ["dealer_position", "Dealer Position"],
  forward: ["forward"],
  underlying: ["underlying", "Underlying"],
  spot: ["spot"],
  asof: ["asof", "AsOf"],
  note: ["note"],
};

const OPTIONAL = ["multiplier", "dealer_position", "forward", "underlying", "spot", "asof", "note", "note"];

// ---------------------------------------------------------------- files

interface Case {
  text: string;
  opts: LoadOptions;
  /** cut points, in bytes */
  cuts: number[];
}

const file: fc.Arbitrary<Case> = fc
  .record({
    optional: fc.subarray(OPTIONAL),
    order: fc.array(fc.nat(), { minLength: 13, maxLength: 13 }),
    nameVariant: fc.nat(),
    delimiter: fc.constantFrom(",", ",", ",", ";", "\t"),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
    quoteRate: fc.constantFrom(0, 0, 0, 0.02, 0.1),
    damageRate: fc.constantFrom(0, 0, 0, 0.03, 0.1),
    seedRows: fc.array(fc.record(Object.fromEntries(Object.entries(CELLS).map(([k, a]) => [k, a])) as Record<string, fc.Arbitrary<string>>), { maxLength: 30, size: "max" }),
    quoteDraws: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 400, maxLength: 400 }),
    damage: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom("drop", "extra", "blank", "spaces", "delims")), { minLength: 30, maxLength: 30 }),
    options: fc.record({
      spotOpt: fc.boolean(),
      asOfOpt: fc.boolean(),
      ivPercent: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
      multiplier: fc.option(fc.constantFrom(100, 10)),
      clock: fc.constantFrom("ny", "ny", "utc"),
      strict: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
      underlying: fc.option(fc.constant("XSP"), { freq: 8 }),
      forceDelimiter: fc.boolean(),
      decimal: fc.option(fc.constantFrom<"." | ",">(".", ","), { freq: 4 }),
    }),
    cuts: fc.array(fc.nat(), { maxLength: 10 }),
  })
  .map((f) => {
    const cols = ["expiry", "strike", "type", "open_interest", "iv", ...f.optional];
    // shuffle by the drawn keys
    const keyed = cols.map((c, i) => ({ c, k: f.order[i]! }));
    keyed.sort((a, b) => a.k - b.k);
    const order = keyed.map((x) => x.c);
    const D = f.delimiter;
    let q = 0;
    const quote = (cell: string): string => (f.quoteDraws[q++ % f.quoteDraws.length]! < f.quoteRate && !cell.startsWith('"') ? `"${cell.replace(/"/g, '""')}"` : cell);
    const header = order.map((c, i) => {
      const names = NAMES[c]!;
      return c === "note" ? `note${i}` : names[(f.nameVariant + i) % names.length]!;
    });
    const lines = [header.join(D)];
    f.seedRows.forEach((row, r) => {
      let cells = order.map((c) => quote(row[c]!));
      const [draw, kind] = f.damage[r % f.damage.length]!;
      if (draw < f.damageRate) {
        if (kind === "drop") cells = cells.slice(1);
        else if (kind === "extra") cells = [...cells, "x"];
        else if (kind === "blank") lines.push("");
        else if (kind === "spaces") lines.push("   ");
        else cells = cells.map(() => "");
      }
      lines.push(cells.join(D));
    });
    const eol = f.crlf ? "\r\n" : "\n";
    const text = (f.bom ? "\uFEFF" : "") + lines.join(eol) + (f.finalNewline ? eol : "");
    const o = f.options;
    const opts: LoadOptions = {};
    if (o.spotOpt || !order.includes("spot")) opts.spot = 4700;
    if (o.asOfOpt || !order.includes("asof")) opts.asOf = AS_OF;
    if (o.ivPercent) opts.ivPercent = true;
    if (o.multiplier !== null) opts.multiplier = o.multiplier;
    if (o.clock === "utc") Object.assign(opts, { expiryTime: "08:00", expiryZone: "UTC" });
    if (o.strict) opts.strict = true;
    if (o.underlying !== null) opts.underlying = o.underlying;
    if (o.forceDelimiter) opts.delimiter = D as "," | ";" | "\t";
    if (o.decimal !== null && D !== ",") opts.decimal = o.decimal;
    const bytes = Buffer.byteLength(text);
    const cuts = [...new Set(f.cuts.map((c) => (bytes > 1 ? 1 + (c % (bytes - 1)) : 0)))].filter((c) => c > 0).sort((a, b) => a - b);
    return { text, opts, cuts };
  });

// ---------------------------------------------------------------- reading both ways

type Outcome = { loaded: Loaded; fromBytes: number } | { error: string };

function outcome(run: () => { r: GenericCsvReader; loaded: Loaded }): Outcome {
  try {
    const { r, loaded } = run();
    return { loaded, fromBytes: r.rowsReadFromBytes };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** The text fed in pieces ending where each byte cut falls (rounded down to a whole character, as a streaming decoder delivers it). */
function asText(c: Case): Outcome {
  return outcome(() => {
    const r = new GenericCsvReader("f.csv", c.opts, 4);
    const bytes = Buffer.from(c.text, "utf8");
    const d = new StringDecoder("utf8");
    let prev = 0;
    for (const cut of [...c.cuts, bytes.length]) {
      r.write(d.write(bytes.subarray(prev, cut)));
      prev = cut;
    }
    r.write(d.end());
    return { r, loaded: r.end() };
  });
}

function asBytes(c: Case): Outcome {
  return outcome(() => {
    const r = new GenericCsvReader("f.csv", c.opts, 4);
    const bytes = Buffer.from(c.text, "utf8");
    let prev = 0;
    for (const cut of [...c.cuts, bytes.length]) {
      r.writeBytes(bytes.subarray(prev, cut));
      prev = cut;
    }
    return { r, loaded: r.end() };
  });
}

/** The same bits, element by element (NaN payloads and −0 included). */
function expectSameBits(a: Float64Array | Int8Array | Int32Array, b: Float64Array | Int8Array | Int32Array, what: string): void {
  expect(b.length, what).toBe(a.length);
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) throw new Error(`${what}: element ${Math.floor(i / a.BYTES_PER_ELEMENT)} differs: ${a[Math.floor(i / a.BYTES_PER_ELEMENT)]} vs ${b[Math.floor(i / a.BYTES_PER_ELEMENT)]}`);
  }
}

function expectSameChain(a: Chain, b: Chain): void {
  expect({ ...b, type: 0, strike: 0, expiry: 0, time: 0, openInterest: 0, multiplier: 0, iv: 0, forward: 0, position: 0, line: 0 })
    .toStrictEqual({ ...a, type: 0, strike: 0, expiry: 0, time: 0, openInterest: 0, multiplier: 0, iv: 0, forward: 0, position: 0, line: 0 });
  for (const k of ["type", "strike", "expiry", "time", "openInterest", "multiplier", "iv", "forward", "line"] as const) expectSameBits(a[k], b[k], k);
  expect(b.position === null, "position").toBe(a.position === null);
  if (a.position && b.position) expectSameBits(a.position, b.position, "position");
}

function expectSame(t: Outcome, b: Outcome, text: string): void {
  const where = `file ${JSON.stringify(text.slice(0, 400))}`;
  if ("error" in t || "error" in b) {
    expect(b, where).toStrictEqual(t);
    return;
  }
  expect(b.loaded.report, where).toStrictEqual(t.loaded.report);
  expectSameChain(t.loaded.chain, b.loaded.chain);
}

describe("generic CSV: the byte path and the text path read every file the same", () => {
  it("bit-identical chains, identical reports (problems, lines, fields, warnings) or the same error, whole and in chunks cut anywhere", () => {
    let fromBytes = 0;
    let rows = 0;
    fc.assert(
      fc.property(file, (c) => {
        const whole = { ...c, cuts: [] };
        const tw = asText(whole);
        const bw = asBytes(whole);
        expectSame(tw, bw, c.text);
        expectSame(asText(c), asBytes(c), c.text);
        if ("loaded" in bw) {
          fromBytes += bw.fromBytes;
          rows += bw.loaded.report.rows;
        }
      }),
      { numRuns: 1500 },
    );
    // both paths were exercised: many rows read from the bytes, and many not
    expect(fromBytes).toBeGreaterThan(2000);
    expect(rows - fromBytes).toBeGreaterThan(2000);
  });

  it("a clean file's rows (numbers in every notation within the exact range) are all read from the bytes, bit for bit as the text path reads them", () => {
    const row = fc.tuple(
      fc.constantFrom("2025-01-17", "2025-03-21", "20250620", "17JAN25"),
      printed(50, 9000, false), fc.constantFrom("C", "P", "call", "put"), fc.integer({ min: 1, max: 9999 }).map(String), printed(0.02, 4.9, false),
      printed(-500, 500, false), printed(4000, 5000, false),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 200 }), fc.constantFrom(",", ";"), (rows, D) => {
        const text = ["expiry,strike,type,open_interest,iv,dealer_position,forward".replaceAll(",", D), ...rows.map((r) => r.join(D))].join("\n") + "\n";
        const c: Case = { text, opts: { spot: 4700, asOf: AS_OF, decimal: "." }, cuts: [] };
        const b = asBytes(c);
        expectSame(asText(c), b, text);
        if (!("loaded" in b)) throw new Error("a clean file failed to load");
        // every row went the byte way but those with a problem (an IV printed as 0), which the text path names
        expect(b.fromBytes).toBe(b.loaded.report.rows - b.loaded.report.problems.length);
        expect(b.loaded.report.problems.every((p) => p.field === "iv")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("generic CSV: UTC and New York need no Intl", () => {
  it("a file whose expiries and snapshot are in New York or UTC is read without building an Intl.DateTimeFormat (~12 ms on first use)", async () => {
    const text = "expiry,strike,type,open_interest,iv\n2025-01-17,4700,C,10,0.2\n2025-03-21,4750,P,5,0.25\n20250620,4800,C,1,0.3\n17JAN25,4650,P,2,0.21\n";
    await countingDateTimeFormats((built) => {
      for (const opts of [{ spot: 4700, asOf: AS_OF }, { spot: 4700, asOf: "2025-01-02T08:00Z", expiryTime: "08:00", expiryZone: "UTC" }]) {
        const { report } = loadGenericBytes(text, opts);
        expect(report.used).toBe(4);
        expect(report.expiries.length).toBe(3); // 17JAN25 is 2025-01-17
      }
      expect(built()).toBe(0);
      // the control: another zone does build one
      loadGenericBytes(text, { spot: 4700, asOf: AS_OF, expiryZone: "Europe/Berlin" });
      expect(built()).toBeGreaterThan(0);
    });
  });
});

function loadGenericBytes(text: string, opts: LoadOptions): Loaded {
  const r = new GenericCsvReader("f.csv", opts);
  r.writeBytes(Buffer.from(text, "utf8"));
  return r.end();
}
