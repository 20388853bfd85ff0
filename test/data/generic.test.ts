import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/data/errors.js";
import { GenericCsvReader, loadGeneric, looksLikeGeneric, parseExpiry, parseNumberAt } from "../../src/data/generic.js";
import { expectAccounting } from "./helpers.js";

const REAL = new URL("../fixtures/real/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, REAL), "utf8");

const HEADER = "expiry,strike,type,open_interest,iv";
const SNAP = { spot: 4697.24, asOf: "2024-01-05T16:00:00-05:00" } as const;
const YEAR_MS = 365 * 86400 * 1000;

/** contracts = used + every excluded category, and a problem for every badIv and invalid contract. */
describe("parseNumberAt", () => {
  it("equals ECMAScript Number() for plain decimals (Clinger's fast path is exact)", () => {
    const decimal = fc
      .tuple(fc.constantFrom("", "-", "+"), fc.stringMatching(/^\d{1,12}$/), fc.option(fc.stringMatching(/^\d{0,10}$/)))
      .map(([sign, int, frac]) => `${sign}${int}${frac === null ? "" : "." + frac}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const got = parseNumberAt(`x,${text},y`, 2, 2 + text.length);
        expect(Object.is(got, Number(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("equals Number() for doubles printed in shortest round-trip form, exponents included", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = String(x);
        expect(Object.is(parseNumberAt(text, 0, text.length), Number(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("reads thousands separators, spaces and a plus sign; blanks, words and percents are NaN", () => {
    const at = (t: string) => parseNumberAt(t, 0, t.length);
    expect(at("1,234.5")).toBe(1234.5);
    expect(at("  4700 ")).toBe(4700);
    expect(at("+0.25")).toBe(0.25);
    expect(at("1e-3")).toBe(0.001);
    for (const bad of ["", "  ", "-", "+", ".", "abc", "1,5", "N/A", "12%", "1.2.3", "0x10"]) expect(at(bad)).toBeNaN();
  });
});

describe("parseExpiry", () => {
  it("takes a date alone at 16:00 New York: 21:00 UTC in winter (EST), 20:00 UTC in summer (EDT)", () => {
    expect(parseExpiry("2024-01-19", "16:00", "America/New_York")).toBe(Date.UTC(2024, 0, 19, 21, 0));
    expect(parseExpiry("2024-07-19", "16:00", "America/New_York")).toBe(Date.UTC(2024, 6, 19, 20, 0));
    expect(parseExpiry("20240119", "16:00", "America/New_York")).toBe(Date.UTC(2024, 0, 19, 21, 0));
    expect(parseExpiry("2024/1/19", "09:30", "America/New_York")).toBe(Date.UTC(2024, 0, 19, 14, 30));
  });

  it("reads Deribit's DMMMYY at the given clock and full ISO instants as they are", () => {
    expect(parseExpiry("29MAR24", "08:00", "UTC")).toBe(Date.UTC(2024, 2, 29, 8, 0));
    expect(parseExpiry("8mar24", "08:00", "UTC")).toBe(Date.UTC(2024, 2, 8, 8, 0));
    expect(parseExpiry("2024-03-29T08:00:00Z", "16:00", "America/New_York")).toBe(Date.UTC(2024, 2, 29, 8, 0));
    expect(parseExpiry("2026-07-17T16:00:00-04:00", "09:30", "UTC")).toBe(Date.UTC(2026, 6, 17, 20, 0));
  });

  it("rejects days that do not exist and text that is not a date", () => {
    for (const bad of ["2024-02-30", "2023-02-29", "20240230", "31APR24", "2024-13-01", "Jan 19", "", "tomorrow"]) {
      expect(parseExpiry(bad, "16:00", "America/New_York")).toBeNaN();
    }
    expect(parseExpiry("2024-02-29", "16:00", "UTC")).toBe(Date.UTC(2024, 1, 29, 16)); // leap day
  });
});

describe("loadGeneric on real chains rewritten as generic CSV", () => {
  /** The CBOE SPX export as generic rows, converted here with a plain split (no quoted fields in its data rows). */
  function spxAsGeneric(): string {
    const lines = read("spx_quotedata_2024-01-07.csv").split(/\r?\n/);
    const start = lines.findIndex((l) => l.startsWith("Expiration Date,"));
    const out = ["Expiry,Strike,Type,Open Interest,IV,Multiplier"];
    const MON: Record<string, string> = { Jan: "01", Feb: "02", Mar: "03", Apr: "04", May: "05", Jun: "06", Jul: "07", Aug: "08", Sep: "09", Oct: "10", Nov: "11", Dec: "12" };
    for (const l of lines.slice(start + 1)) {
      if (l.trim() === "") continue;
      const f = l.split(",");
      const [, mon, day, year] = f[0]!.split(" ");
      const expiry = `${year}-${MON[mon!]}-${day}`;
      out.push(`${expiry},${f[11]},C,${f[10]},${f[7]},100`, `${expiry},${f[11]},P,${f[21]},${f[18]},100`);
    }
    return out.join("\r\n") + "\r\n\r\n";
  }

  it("SPX 2024-01-07: 10,519 rows give 21,038 contracts and 18,098,410 open interest (SOURCES.md)", () => {
    const { chain, report } = loadGeneric(spxAsGeneric(), "spx.csv", {
      spot: 4697.2402, asOf: "2024-01-07T10:52:00-05:00", underlying: "SPX",
    });
    expect(report.rows).toBe(21038);
    expect(report.contracts).toBe(21038);
    expect(report.openInterest.calls + report.openInterest.puts).toBe(18098410);
    // the expired Fri Jan 05 2024 expiry: 223 strikes, call and put
    expect(report.excluded.expired).toBe(446);
    expect(report.excluded.invalid).toBe(0);
    expectAccounting(report);
    expect(chain.length).toBe(report.used);
    expect(chain.underlying).toBe("SPX");
    // the first live expiry is Mon Jan 08 2024 16:00 EST = 21:00 UTC
    expect(report.expiries[0]).toBe("2024-01-08T16:00:00-05:00");
    expect(Math.min(...chain.expiry)).toBe(Date.UTC(2024, 0, 8, 21, 0));
    expect(chain.multiplier.every((m) => m === 100)).toBe(true);
  });

  it("Deribit BTC 2024-03-12: 1,198 contracts, 175,666 BTC of open interest, 12 expiries at 08:00 UTC, mark_iv in percent", () => {
    const lines = read("deribit_btc_book_summary_2024-03-12T0557Z.csv").trim().split("\n");
    const head = lines[0]!.split(",");
    const at = (name: string) => head.indexOf(name);
    const out = ["instrument,K,cp,OI,mark_iv,fwd,asof,index"];
    for (const l of lines.slice(1)) {
      const f = l.split(",");
      const [, expiry, strike, cp] = f[at("instrument_name")]!.split("-");
      out.push([expiry, strike, cp, f[at("open_interest")], f[at("mark_iv")], f[at("underlying_price")], f[at("creation_timestamp")], f[at("estimated_delivery_price")]].join(","));
    }
    const { chain, report } = loadGeneric(out.join("\n"), "deribit.csv", {
      map: { expiry: "instrument", strike: "K", type: "cp", open_interest: "OI", iv: "mark_iv", forward: "fwd", spot: "index" },
      ivPercent: true, expiryTime: "08:00", expiryZone: "UTC", underlying: "BTC",
    });
    expect(report.contracts).toBe(1198);
    const oi = report.openInterest.calls + report.openInterest.puts;
    expect(Math.abs(oi - 175666)).toBeLessThanOrEqual(0.5); // SOURCES.md prints it to the BTC
    expect(report.expiries.length).toBe(12);
    expect(report.expiries[0]).toBe("2024-03-12T08:00:00Z");
    expect(report.excluded.expired).toBe(0);
    expectAccounting(report);
    expect(chain.spot).toBe(72011.29);
    expect(chain.asOf.epochMs).toBe(1710223032940);
    // 12MAR24 08:00:00 UTC − 05:57:12.940 UTC = 7,367.06 s
    const i = chain.expiry.indexOf(Date.UTC(2024, 2, 12, 8));
    expect(chain.time[i]).toBeCloseTo(7367.06 / (365 * 86400), 15);
    // mark_iv 80.22 (percent) is 0.8022
    expect(chain.iv.every((v) => v > 0.05 && v < 5)).toBe(true);
    expect(Number.isNaN(chain.forward[0]!)).toBe(false);
  });
});

describe("loadGeneric: what real files contain", () => {
  it("accepts a BOM, CRLF, quoted fields with commas, thousands separators and trailing blank lines", () => {
    const text = "\uFEFFExpiry,Strike,TYPE,open_interest,IV,underlying\r\n" +
      '2024-01-19,"4,700",call,"1,234",0.12,"S&P 500, index"\r\n' +
      '"2024-01-19","4,650.5",P,12,"0.13","S&P 500, index"\r\n\r\n  \r\n';
    const { chain, report } = loadGeneric(text, "f.csv", SNAP);
    expect(report.rows).toBe(2);
    expect(report.used).toBe(2);
    expect([...chain.strike]).toEqual([4700, 4650.5]);
    expect([...chain.openInterest]).toEqual([1234, 12]);
    expect([...chain.type]).toEqual([1, -1]);
    expect(chain.underlying).toBe("S&P 500, index");
    expect([...chain.line]).toEqual([2, 3]);
    expect(report.problems).toEqual([]);
  });

  it("any cell text survives CSV quoting (commas, doubled quotes, spaces) on the in-place and general paths", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", '"', "é", "指", "-", "1"), maxLength: 12 }).filter((u) => u.trim() !== "");
    const quote = (u: string) => `"${u.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(cell, fc.boolean(), fc.boolean(), (u, quoteOther, trailingEmpty) => {
        const enc = /[",]/.test(u) || quoteOther ? quote(u) : u;
        const expiry = quoteOther ? '"2024-01-19"' : "2024-01-19";
        const header = HEADER + ",underlying" + (trailingEmpty ? ",note" : "");
        const row = `${expiry},4700,C,"1,200",0.2,${enc}` + (trailingEmpty ? "," : "");
        const { chain, report } = loadGeneric(`${header}\n${row}\n${row}\n`, "f.csv", SNAP);
        expect(report.problems).toEqual([]);
        expect(chain.underlying).toBe(u.trim());
        expect([...chain.openInterest]).toEqual([1200, 1200]);
      }),
      { numRuns: 1000 },
    );
  });

  it("reads call/put/C/P in any case and rejects anything else, naming the field and line", () => {
    const rows = ["CALL", "Put", "c", "p", "calls", "X"].map((t) => `2024-01-19,4700,${t},10,0.2`);
    const { chain, report } = loadGeneric([HEADER, ...rows].join("\n"), "f.csv", SNAP);
    expect([...chain.type]).toEqual([1, -1, 1, -1]);
    expect(report.problems).toEqual([
      { line: 6, field: "type", reason: 'not call/put/C/P: "calls"' },
      { line: 7, field: "type", reason: 'not call/put/C/P: "X"' },
    ]);
    expectAccounting(report);
  });

  it("counts expired, zero open interest, bad IV and invalid rows once each, and lists the problems", () => {
    const text = [
      HEADER,
      "2024-01-19,4700,C,10,0.2", // used
      "2024-01-05,4700,C,10,0.2", // expired: 16:00 on the as-of day is not after the as-of instant
      "2024-01-19,4700,C,0,0.2", // zero OI
      "2024-01-19,4700,C,10,0", // bad iv
      "2024-01-19,4700,C,10,-0.1", // bad iv
      "2024-01-19,4700,C,10,abc", // bad iv
      "2024-01-19,4700,C,10,5.01", // bad iv (absurd)
      "2024-01-19,4700,C,10,5", // used: 500% is the limit
      "2024-01-19,abc,C,10,0.2", // invalid strike
      "2024-01-19,0,C,10,0.2", // invalid strike
      "2024-02-30,4700,C,10,0.2", // invalid expiry
      "2024-01-19,4700,C,-3,0.2", // invalid OI
      "2024-01-19,4700,C,10", // wrong field count
      "2024-01-19,4,700,C,10,0.2", // unquoted comma
    ].join("\n");
    const { report } = loadGeneric(text, "f.csv", SNAP);
    expect(report.rows).toBe(14);
    expect(report.contracts).toBe(14);
    expect(report.used).toBe(2);
    expect(report.excluded).toEqual({ expired: 1, zeroOpenInterest: 1, badIv: 4, invalid: 6 });
    expectAccounting(report);
    expect(report.problems.map((p) => [p.line, p.field])).toEqual([
      [5, "iv"], [6, "iv"], [7, "iv"], [8, "iv"], [10, "strike"], [11, "strike"], [12, "expiry"], [13, "open_interest"], [14, undefined], [15, undefined],
    ]);
    expect(report.problems[9]!.reason).toBe("expected 5 fields like the header, found 6 (an unquoted comma?)");
    // open interest is summed over every contract read whose type and OI are readable
    expect(report.openInterest.calls).toBe(10 * 10 + 0);
  });

  it("takes IVs in percent with ivPercent, and a % sign as percent whatever the flag", () => {
    const text = [HEADER, "2024-01-19,4700,C,10,55", "2024-01-19,4700,P,10,60%"].join("\n");
    expect([...loadGeneric(text, "f.csv", { ...SNAP, ivPercent: true }).chain.iv]).toEqual([0.55, 0.6]);
    const plain = loadGeneric(text, "f.csv", SNAP);
    expect([...plain.chain.iv]).toEqual([0.6]);
    expect(plain.report.problems[0]).toEqual({ line: 2, field: "iv", reason: "55 is above 5 (500%): if the IVs are in percent, pass --iv-percent" });
    expect(plain.report.warnings.map((w) => w.field)).toEqual(["iv", "multiplier"]);
  });

  it("time to expiry is calendar seconds / (365 × 86400) from as-of to the expiry clock", () => {
    const text = [HEADER, "2024-01-19,4700,C,10,0.2", "2024-01-19T09:30:00-05:00,4700,C,10,0.2"].join("\n");
    const { chain } = loadGeneric(text, "f.csv", SNAP);
    // 5 Jan 16:00 EST → 19 Jan 16:00 EST is exactly 14 days
    expect(chain.time[0]).toBe((14 * 86400 * 1000) / YEAR_MS);
    expect(chain.time[1]).toBe(((14 * 24 - 6.5) * 3600 * 1000) / YEAR_MS);
    const am = loadGeneric([HEADER, "2024-01-19,4700,C,10,0.2"].join("\n"), "f.csv", { ...SNAP, expiryTime: "9:30" });
    expect(am.chain.expiry[0]).toBe(Date.UTC(2024, 0, 19, 14, 30));
  });

  it("optional columns: multiplier (blank takes the default), dealer_position, forward (blank = none), underlying", () => {
    const text = [
      "expiry,strike,type,open_interest,iv,multiplier,dealer_position,forward,underlying",
      "2024-01-19,4700,C,10,0.2,,-5,4710.5,SPX",
      "2024-01-19,4700,P,10,0.2,50,3,,SPX",
      "2024-01-19,4700,P,10,0.2,0,3,,SPX",
      "2024-01-19,4700,P,10,0.2,100,x,,SPX",
      "2024-01-19,4700,P,10,0.2,100,1,-1,SPX",
      "2024-01-19,4700,P,10,0.2,100,1,,NDX",
    ].join("\n");
    const { chain, report } = loadGeneric(text, "f.csv", { ...SNAP, multiplier: 100 });
    expect([...chain.multiplier]).toEqual([100, 50]);
    expect([...chain.position!]).toEqual([-5, 3]);
    expect(chain.forward[0]).toBe(4710.5);
    expect(chain.forward[1]).toBeNaN();
    expect(chain.root).toEqual(["SPX", "SPX"]);
    expect(chain.underlying).toBe("SPX");
    expect(report.problems.map((p) => p.field)).toEqual(["multiplier", "dealer_position", "forward", "underlying"]);
    expectAccounting(report);
    const noPos = loadGeneric([HEADER, "2024-01-19,4700,C,10,0.2"].join("\n"), "f.csv", SNAP);
    expect(noPos.chain.position).toBeNull();
    expect(noPos.chain.multiplier[0]).toBe(1);
  });

  it("spot and asof columns supply the snapshot; options override them; disagreeing rows give one warning", () => {
    const text = [
      "expiry,strike,type,open_interest,iv,spot,asof",
      "2024-01-19,4700,C,10,0.2,4697.24,2024-01-05T16:00:00-05:00",
      "2024-01-19,4700,P,10,0.2,4697.24,2024-01-05T16:00:00-05:00",
      "2024-01-19,4750,P,10,0.2,4700,2024-01-05T15:00:00-05:00",
    ].join("\n");
    const { chain, report } = loadGeneric(text, "f.csv");
    expect(chain.spot).toBe(4697.24);
    expect(chain.asOf.epochMs).toBe(Date.UTC(2024, 0, 5, 21, 0));
    // and the multiplier: no column, no option (the warning of the multiplier test below)
    expect(report.warnings.map((w) => [w.line, w.field])).toEqual([[4, "asof"], [4, "spot"], [1, "multiplier"]]);
    const forced = loadGeneric(text, "f.csv", { spot: 100, asOf: "2024-01-04T16:00:00-05:00", multiplier: 1 });
    expect(forced.chain.spot).toBe(100);
    expect(forced.chain.asOf.epochMs).toBe(Date.UTC(2024, 0, 4, 21, 0));
    expect(forced.report.warnings).toEqual([]);
  });

  it("--map renames columns, case-insensitively", () => {
    const text = ["Exp,K,CP,OI,Vol", "2024-01-19,4700,C,10,0.2"].join("\n");
    const { chain } = loadGeneric(text, "f.csv", { ...SNAP, map: { expiry: "exp", strike: "k", type: "cp", open_interest: "oi", iv: "VOL" } });
    expect(chain.strike[0]).toBe(4700);
    expect(chain.iv[0]).toBe(0.2);
  });

  it("feeding the text in chunks split anywhere gives the same chain and report as feeding it whole", () => {
    const text = "\uFEFF" + [HEADER, "2024-01-19,4700,C,10,0.2", '2024-02-16,"4,750",P,"1,100",0.21', "bad,row", "2024-03-15,4800,C,5,0.19", ""].join("\r\n");
    const whole = loadGeneric(text, "f.csv", SNAP);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), (cuts) => {
        const r = new GenericCsvReader("f.csv", SNAP, 1);
        let prev = 0;
        for (const c of [...cuts].sort((a, b) => a - b)) {
          r.write(text.slice(prev, c));
          prev = c;
        }
        r.write(text.slice(prev));
        const got = r.end();
        expect(got.report).toEqual(whole.report);
        expect(got.chain).toEqual(whole.chain);
      }),
      { numRuns: 300 },
    );
  });
});

describe("loadGeneric: errors are one InputError line naming file, line and field", () => {
  const err = (fn: () => unknown): InputError => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect(e).toBeInstanceOf(RangeError);
      expect((e as Error).message).not.toContain("\n");
      return e as InputError;
    }
    throw new Error("did not throw");
  };

  it("a missing required column is named, with the columns found", () => {
    const e = err(() => loadGeneric("expiry,strike,type,oi,iv\n2024-01-19,4700,C,10,0.2\n", "f.csv", SNAP));
    expect(e.message).toBe("f.csv:1: missing required column 'open_interest' (found: expiry, strike, type, oi, iv); rename with --map open_interest=<column>");
  });

  it("no spot or as-of says which flag to pass", () => {
    expect(err(() => loadGeneric(`${HEADER}\n2024-01-19,4700,C,10,0.2\n`, "f.csv", { asOf: SNAP.asOf })).message).toBe(
      "f.csv: no spot price (the file has no 'spot' column): pass --spot <price>",
    );
    expect(err(() => loadGeneric(`${HEADER}\n2024-01-19,4700,C,10,0.2\n`, "f.csv", { spot: 1 })).message).toContain("pass --asof <ISO time");
    expect(err(() => loadGeneric(`${HEADER}\n2024-01-19,4700,C,10,0.2\n`, "f.csv")).message).toBe(
      "f.csv: no spot price and no snapshot time (the file has no 'spot' or 'asof' column): pass --spot <price> and --asof <ISO time, e.g. 2024-01-05T16:00-05:00>",
    );
  });

  it("an empty file, blank lines only, and a header with no rows are errors", () => {
    expect(err(() => loadGeneric("", "f.csv", SNAP)).message).toBe("f.csv: file is empty");
    expect(err(() => loadGeneric("\uFEFF\r\n  \r\n", "f.csv", SNAP)).message).toBe("f.csv: file is empty");
    expect(err(() => loadGeneric(`${HEADER}\r\n\r\n`, "f.csv", SNAP)).message).toBe("f.csv:1: no data rows: the file has a header only");
  });

  it("strict mode stops at the first problem with file:line: field: reason", () => {
    const text = [HEADER, "2024-01-19,4700,C,10,0.2", "2024-01-19,4700,C,10,0.2", "2024-01-19,47O0,C,10,0.2"].join("\n");
    const e = err(() => loadGeneric(text, "f.csv", { ...SNAP, strict: true }));
    expect(e.message).toBe('f.csv:4: strike: not a price > 0: "47O0"');
    expect([e.line, e.field]).toEqual([4, "strike"]);
    // expired and zero-OI rows are not problems, even in strict mode
    const ok = loadGeneric([HEADER, "2024-01-02,4700,C,10,0.2", "2024-01-19,4700,C,0,0.2"].join("\n"), "f.csv", { ...SNAP, strict: true });
    expect(ok.report.excluded).toEqual({ expired: 1, zeroOpenInterest: 1, badIv: 0, invalid: 0 });
  });

  it("bad options and --map targets are named", () => {
    const text = `${HEADER}\n2024-01-19,4700,C,10,0.2\n`;
    expect(err(() => loadGeneric(text, "f.csv", { ...SNAP, expiryTime: "4pm" })).message).toBe('--expiry-time: must be HH:MM like 16:00 (got "4pm")');
    expect(err(() => loadGeneric(text, "f.csv", { ...SNAP, asOf: "yesterday" })).message).toContain("--asof: not a time");
    expect(err(() => loadGeneric(text, "f.csv", { ...SNAP, spot: -1 })).message).toBe("--spot: must be a number > 0 (got -1)");
    expect(err(() => loadGeneric(text, "f.csv", { ...SNAP, expiryZone: "Mars/Olympus" })).message).toContain("--expiry-zone: unknown time zone");
    expect(err(() => loadGeneric(text, "f.csv", { ...SNAP, map: { iv: "vol" } })).message).toBe(
      'f.csv:1: --map iv=vol: no column "vol" (found: expiry, strike, type, open_interest, iv)',
    );
    expect(err(() => loadGeneric(text, "f.csv", { ...SNAP, map: { volatility: "iv" } })).message).toContain('"volatility" is not a generic column');
    expect(err(() => loadGeneric("expiry,strike,type,open_interest,iv,IV\n", "f.csv", SNAP)).message).toBe('f.csv:1: two columns give iv: "iv" and "IV"');
  });
});

describe("looksLikeGeneric", () => {
  it("needs two of the required columns after the map", () => {
    expect(looksLikeGeneric("\uFEFFExpiry,Strike,Type,Open Interest,IV\r\n")).toBe(true);
    expect(looksLikeGeneric("expiry,strike,type,oi\n")).toBe(true);
    expect(looksLikeGeneric("date,open,high,low,close\n")).toBe(false);
    expect(looksLikeGeneric("Exp,K,CP\n", { expiry: "Exp", strike: "k" })).toBe(true);
    expect(looksLikeGeneric("")).toBe(false);
  });
});

describe("loadGeneric: European spreadsheets (';' between fields, decimal commas)", () => {
  const EU = "expiry;strike;type;open_interest;iv";
  const nyClose = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 21, 0); // 16:00 EST

  it("detects ';' and decimal commas (0,12), reads day.month.year expiries, and says so in a warning", () => {
    const text = [EU, "19.01.2024;4700;C;1.200;0,12", "19.01.2024;4.750,5;P;900;0,1345"].join("\n");
    const { chain, report } = loadGeneric(text, "eu.csv", { ...SNAP, multiplier: 100 });
    expect([...chain.strike]).toEqual([4700, 4750.5]);
    expect([...chain.openInterest]).toEqual([1200, 900]); // "1.200" = 1200: thousands dot in a decimal-comma file
    expect([...chain.iv]).toEqual([0.12, 0.1345]);
    expect([...chain.expiry]).toEqual([nyClose(2024, 1, 19), nyClose(2024, 1, 19)]);
    expect(report.warnings).toEqual([{ line: 1, reason: "read as ';'-delimited with decimal commas (line 2: \"0,12\" is 0.12); pass --decimal point if that is wrong" }]);
  });

  it("'1,5' inside a ';' file is 1.5, never 15; '1,500' is 1.5 once commas are known to be decimal", () => {
    const text = [EU, "2024-01-19;4700;C;1,5;0,2", "2024-01-19;4700;P;1,500;0,2"].join("\n");
    expect([...loadGeneric(text, "eu.csv", SNAP).chain.openInterest]).toEqual([1.5, 1.5]);
  });

  it("a ';' file with decimal points reads commas as thousands separators", () => {
    const text = [EU, "2024-01-19;4,700;C;1,500;0.12", "2024-01-19;4,750.5;P;900;0.2"].join("\n");
    const { chain, report } = loadGeneric(text, "eu.csv", SNAP);
    expect([...chain.strike]).toEqual([4700, 4750.5]);
    expect([...chain.openInterest]).toEqual([1500, 900]);
    expect(report.warnings.filter((w) => /decimal/.test(w.reason))).toEqual([]);
  });

  it("numbers that cannot tell (1,500 and nothing clearer) are row problems naming both readings, never a guess; --decimal decides", () => {
    const text = [EU, "2024-01-19;4700;C;1,500;25%", "2024-01-19;4700;P;800;25%"].join("\n");
    const { chain, report } = loadGeneric(text, "eu.csv", SNAP);
    expect(chain.length).toBe(1);
    expect(report.problems).toEqual([{ line: 2, field: "open_interest", reason: '"1,500" could be 1.5 or 1500: pass --decimal comma or --decimal point' }]);
    expect(report.warnings.map((w) => w.reason)).toContain("1 row(s) left out with numbers like 1,500 that could be 1.5 or 1500: pass --decimal comma or --decimal point");
    expect([...loadGeneric(text, "eu.csv", { ...SNAP, decimal: "," }).chain.openInterest]).toEqual([1.5, 800]);
    expect([...loadGeneric(text, "eu.csv", { ...SNAP, decimal: "." }).chain.openInterest]).toEqual([1500, 800]);
  });

  it("decimal commas and decimal points in one file stop the load, naming a cell of each", () => {
    const text = [EU, "2024-01-19;4700;C;10;0,12", "2024-01-19;4700;P;10;0.12"].join("\n");
    expect(() => loadGeneric(text, "eu.csv", SNAP)).toThrow('eu.csv: the numbers mix decimal commas (line 2: "0,12") and decimal points (line 3: "0.12"): pass --decimal comma or --decimal point');
  });

  it("in a ',' file a quoted decimal comma is a row problem, never read as a thousands grouping", () => {
    const text = [HEADER, '2024-01-19,4700,C,"1,5",0.12', '2024-01-19,4700,P,"1,500",0.12'].join("\n");
    const { chain, report } = loadGeneric(text, "us.csv", SNAP);
    expect([...chain.openInterest]).toEqual([1500]);
    expect(report.problems).toEqual([{ line: 2, field: "open_interest", reason: 'not a number ≥ 0: "1,5"' }]);
  });

  it("tab-delimited files are detected too; --delimiter forces one", () => {
    const tab = ["expiry\tstrike\ttype\topen_interest\tiv", "2024-01-19\t4700\tC\t10\t0.12"].join("\n");
    expect([...loadGeneric(tab, "t.tsv", SNAP).chain.strike]).toEqual([4700]);
    // forced ',' on a ';' file: the header is one column, so the required ones are missing
    expect(() => loadGeneric([EU, "2024-01-19;4700;C;10;0,12"].join("\n"), "eu.csv", { ...SNAP, delimiter: "," })).toThrow(/missing required columns/);
  });
});

describe("loadGeneric: RFC 4180 records in a generic chain", () => {
  it("a quoted field with a line break, a comma and doubled quotes is one row; later line numbers count its lines", () => {
    const text = [
      "expiry,strike,type,open_interest,iv,underlying",
      '2024-01-19,4700,C,"1,200",0.12,"SPX ""index""\noptions"',
      "2024-01-19,4700,P,x,0.12,\"SPX \"\"index\"\"\noptions\"",
    ].join("\n");
    const { chain, report } = loadGeneric(text, "q.csv", { ...SNAP, multiplier: 100 });
    // the quoted field is read whole (its doubled quotes undone, its line break kept), and the chain
    // stores the symbol printable: the line break written as a visible \n (ChainBuilder.finish)
    expect(chain.underlying).toBe('SPX "index"\\noptions');
    expect([...chain.openInterest]).toEqual([1200]);
    expect(report.rows).toBe(2);
    expect(report.problems).toEqual([{ line: 4, field: "open_interest", reason: 'not a number ≥ 0: "x"' }]);
  });

  it("text after a closing quote is a row problem; a quote never closed stops the load naming its line", () => {
    const bad = loadGeneric([HEADER, '2024-01-19,4700,C,"10" x,0.12', "2024-01-19,4700,P,10,0.12"].join("\n"), "q.csv", SNAP);
    expect(bad.report.problems).toEqual([{ line: 2, reason: 'not CSV: text after a closing quote (write a literal quote as "" inside a quoted field)' }]);
    expect(bad.chain.length).toBe(1);
    expect(() => loadGeneric([HEADER, "2024-01-19,4700,C,10,0.12", '2024-01-19,4700,P,"10,0.12', "2024-01-19,4800,P,10,0.12"].join("\n"), "q.csv", SNAP))
      .toThrow('q.csv:3: a quoted field opened on this line is never closed (an unbalanced " quote)');
  });

  it("open interest of 1e300 or Infinity and a negative strike are row problems with line and field", () => {
    const text = [HEADER, "2024-01-19,4700,C,1e300,0.12", "2024-01-19,4700,C,Infinity,0.12", "2024-01-19,-4700,P,10,0.12", "2024-01-19,4700,P,10,0.12"].join("\n");
    const { chain, report } = loadGeneric(text, "x.csv", SNAP);
    expect(chain.length).toBe(1);
    expect(report.problems).toEqual([
      { line: 2, field: "open_interest", reason: '"1e300" is not a plausible open interest (above 1000000000 contracts)' },
      { line: 3, field: "open_interest", reason: 'not a number ≥ 0: "Infinity"' },
      { line: 4, field: "strike", reason: 'not a price > 0: "-4700"' },
    ]);
  });

  it("a strike or multiplier of 1e300 (or above the caps, 1e9 each) is a row problem with line and field", () => {
    const text = [`${HEADER},multiplier`, "2024-01-19,1e300,C,10,0.12,100", "2024-01-19,4700,C,10,0.12,1e300", "2024-01-19,2e9,P,10,0.12,100",
      "2024-01-19,4700,P,10,0.12,2000000000", "2024-01-19,4700,P,10,0.12,12500000", "2024-01-19,4800,P,10,0.12,100"].join("\n");
    const { chain, report } = loadGeneric(text, "x.csv", SNAP);
    expect(chain.length).toBe(2); // the 12.5e6 multiplier (CME yen) and the plain row
    expect([...chain.multiplier].sort((a, b) => a - b)).toEqual([100, 12_500_000]);
    expect(report.rows).toBe(6);
    expect(report.problems).toEqual([
      { line: 2, field: "strike", reason: '"1e300" is not a plausible strike (above 1000000000)' },
      { line: 3, field: "multiplier", reason: '"1e300" is not a plausible multiplier (above 1000000000 units of underlying per contract)' },
      { line: 4, field: "strike", reason: '"2e9" is not a plausible strike (above 1000000000)' },
      { line: 5, field: "multiplier", reason: '"2000000000" is not a plausible multiplier (above 1000000000 units of underlying per contract)' },
    ]);
  });
});
