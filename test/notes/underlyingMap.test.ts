import { describe, expect, it } from "vitest";
import { convertPrice, looksLikeUnderlyingMap, parseUnderlyingMap, priceFactor } from "../../src/notes/underlyingMap.js";

const MAP = parseUnderlyingMap("IBIT:BTC=0.000568");

describe("parseUnderlyingMap", () => {
  it("reads underlying:target=ratio, case-insensitive, spaces allowed", () => {
    expect(MAP).toEqual({ from: "IBIT", to: "BTC", ratio: 0.000568 });
    expect(parseUnderlyingMap(" ibit : btc = 5.68e-4 ")).toEqual({ from: "IBIT", to: "BTC", ratio: 0.000568 });
  });

  it("rejects malformed maps with a RangeError saying what is wrong", () => {
    expect(() => parseUnderlyingMap("IBIT=0.000568")).toThrow(/underlying:target=ratio/);
    expect(() => parseUnderlyingMap("IBIT:BTC=0")).toThrow(/ratio must be a finite number > 0/);
    expect(() => parseUnderlyingMap("IBIT:BTC=-1")).toThrow(RangeError);
    expect(() => parseUnderlyingMap("IBIT:BTC=abc")).toThrow(/got "abc"/);
    expect(() => parseUnderlyingMap("IBIT:ibit=2")).toThrow(/two different underlyings/);
  });
});

describe("looksLikeUnderlyingMap", () => {
  it("tells an underlying map from a generic-CSV column map (both go by --map)", () => {
    expect(looksLikeUnderlyingMap("IBIT:BTC=0.000568")).toBe(true);
    expect(looksLikeUnderlyingMap(" ibit : btc = 5.68e-4 ")).toBe(true);
    expect(looksLikeUnderlyingMap("open_interest=OI")).toBe(false);
    expect(looksLikeUnderlyingMap("open_interest=OI,iv=Mark IV")).toBe(false);
    expect(looksLikeUnderlyingMap("iv=IV:mark")).toBe(false);
  });
});

describe("price conversion", () => {
  it("IBIT price = BTC price × ratio, and back", () => {
    expect(convertPrice(70000, MAP, "BTC", "IBIT")).toBe(70000 * 0.000568);
    expect(convertPrice(43.6, MAP, "IBIT", "BTC")).toBe(43.6 / 0.000568);
    expect(convertPrice(43.6, MAP, "ibit", "IBIT")).toBe(43.6);
    expect(priceFactor(undefined, "IBIT", "ibit")).toBe(1);
  });

  it("price × quantity (USD) is unchanged: quantities convert by the reciprocal factor", () => {
    const shares = 1_000_000, price = 43.6;
    const btc = shares * priceFactor(MAP, "BTC", "IBIT");
    const usd = btc * convertPrice(price, MAP, "IBIT", "BTC");
    expect(Math.abs(usd - shares * price)).toBeLessThanOrEqual(4 * Number.EPSILON * shares * price);
  });

  it("unrelated symbols are a RangeError naming the map to give", () => {
    expect(() => priceFactor(MAP, "SPX", "BTC")).toThrow(/cannot express SPX in BTC: give a map like SPX:BTC=/);
    expect(() => priceFactor(undefined, "IBIT", "BTC")).toThrow(/give a map like IBIT:BTC=<BTC per IBIT>/);
  });
});
