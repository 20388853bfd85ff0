import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CALL, PUT } from "../../src/data/chain.js";
import { occSettlement, OccSymbolReader, parseOccSymbol } from "../../src/data/occSymbol.js";

describe("parseOccSymbol reads OCC/OSI option symbols", () => {
  it("splits root, YYMMDD, C/P and strike × 1000 (symbols from the real SPX, NDX and IBIT files)", () => {
    expect(parseOccSymbol("SPXW240108C04700000")).toEqual({ root: "SPXW", year: 2024, month: 1, day: 8, type: CALL, strike: 4700 });
    expect(parseOccSymbol("SPX291221P08000000")).toEqual({ root: "SPX", year: 2029, month: 12, day: 21, type: PUT, strike: 8000 });
    expect(parseOccSymbol("NDXP220207C11000000")?.root).toBe("NDXP");
    // 36.5 and 12.5 are exact in binary; 0.001 is not, and int/1000 must equal the decimal literal
    expect(parseOccSymbol("IBIT260715P00036500")?.strike).toBe(36.5);
    expect(parseOccSymbol("XYZ260715P00000001")?.strike).toBe(0.001);
  });

  it("accepts the OSI padding spaces and an adjusted root with a digit", () => {
    expect(parseOccSymbol("SPXW  240108C04700000")?.root).toBe("SPXW");
    expect(parseOccSymbol("AAPL1240119C00190000")).toMatchObject({ root: "AAPL1", strike: 190 });
  });

  it("rejects non-OCC text, impossible dates and a zero strike", () => {
    expect(parseOccSymbol("BTC-26APR24-62000-C")).toBeUndefined();
    expect(parseOccSymbol("")).toBeUndefined();
    expect(parseOccSymbol("240108C04700000")).toBeUndefined(); // no root
    expect(parseOccSymbol("SPX240231C04700000")).toBeUndefined(); // 31 Feb
    expect(parseOccSymbol("SPX241301C04700000")).toBeUndefined(); // month 13
    expect(parseOccSymbol("SPX240105X04700000")).toBeUndefined();
    expect(parseOccSymbol("SPX240105C00000000")).toBeUndefined();
  });
});

describe("occSettlement: AM-settled index roots at 09:30, everything else 16:00 (DESIGN.md)", () => {
  it("maps weekly roots to their index family", () => {
    expect(occSettlement("SPXW")).toEqual({ underlying: "SPX", clock: "us-pm" });
    expect(occSettlement("SPX")).toEqual({ underlying: "SPX", clock: "us-am" });
    expect(occSettlement("NDXP")).toEqual({ underlying: "NDX", clock: "us-pm" });
    expect(occSettlement("NDX")).toEqual({ underlying: "NDX", clock: "us-am" });
    expect(occSettlement("RUT")).toEqual({ underlying: "RUT", clock: "us-am" });
    expect(occSettlement("IBIT")).toEqual({ underlying: "IBIT", clock: "us-pm" });
  });
});

describe("OccSymbolReader reads symbols in place exactly as parseOccSymbol does", () => {
  const expectSame = (occ: OccSymbolReader, src: string, start: number, end: number) => {
    const want = parseOccSymbol(src.slice(start, end));
    const p = occ.read(src, start, end);
    if (want === undefined) {
      expect(p, JSON.stringify(src.slice(start, end))).toBeUndefined();
      return;
    }
    expect(p, JSON.stringify(src.slice(start, end))).toEqual({ root: want.root, year: want.year, month: want.month, day: want.day });
    expect([occ.type, occ.strike]).toEqual([want.type, want.strike]);
  };

  it("on symbols inside a line, padded, trimmed, malformed, and on runs that share a prefix (the cache)", () => {
    const occ = new OccSymbolReader();
    const line = "Mon Jan 08 2024,SPXW240108C04700000,10, SPXW  240108P04700000 ,\tSPX240119C04700000,SPX240231C04700000,SPXW240108C00000000,ab";
    const fields: Array<[number, number]> = [];
    let from = 0;
    for (const f of line.split(",")) {
      fields.push([from, from + f.length]);
      from += f.length + 1;
    }
    for (let rep = 0; rep < 2; rep++) for (const [s, e] of fields) expectSame(occ, line, s, e);
    const p1 = occ.read("x,SPXW240108C04700000", 2, 21);
    const p2 = occ.read("SPXW240108P04800000", 0, 19);
    expect(p1).toBe(p2); // one prefix object per series
    expect([occ.type, occ.strike]).toEqual([PUT, 4800]);
  });

  it("on random texts built from symbol pieces (property)", () => {
    const piece = fc.constantFrom("SPXW", "SPX", "NDXP", "AAPL1", "BRK.B", "TOOLONGX", "spx", "", " ", "  ", "\t", "\u00a0",
      "24", "01", "08", "13", "31", "02", "29", "00", "C", "P", "X", "0470", "0000", "00036500", "04700000", "00000000", "1", "a");
    const occ = new OccSymbolReader();
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.string({ maxLength: 3 }), (parts, pad) => {
      const sym = parts.join("");
      const src = `${pad},${sym},${pad}`;
      expectSame(occ, src, pad.length + 1, pad.length + 1 + sym.length);
    }), { numRuns: 5000 });
    // real symbols with a random series prefix: the cache must not return a stale prefix
    fc.assert(fc.property(fc.constantFrom("SPXW", "SPX", "NDXP", "IBIT"), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 14 }),
      fc.integer({ min: 0, max: 33 }), fc.constantFrom("C", "P"), fc.integer({ min: 0, max: 99_999_999 }), (root, yy, mm, dd, cp, k) => {
        const sym = `${root}${String(yy).padStart(2, "0")}${String(mm).padStart(2, "0")}${String(dd).padStart(2, "0")}${cp}${String(k).padStart(8, "0")}`;
        expectSame(occ, sym, 0, sym.length);
      }), { numRuns: 5000 });
  });
});
