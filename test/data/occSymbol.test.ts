import { describe, expect, it } from "vitest";
import { CALL, PUT } from "../../src/data/chain.js";
import { occSettlement, parseOccSymbol } from "../../src/data/occSymbol.js";

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
