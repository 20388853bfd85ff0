/**
 * parseDecimalBytes against ECMAScript's Number() (StringToNumber, ECMA-262 §7.1.4.1.1: the
 * correctly rounded double of the decimal; V8 implements it exactly), in every notation a CSV
 * writer produces: bit for bit on every plain decimal (the fast path of Clinger, "How to read
 * floating point numbers accurately", PLDI 1990, where the mantissa is below 2^53 and the decimal
 * exponent within ±22; Number() on the text elsewhere), NaN for anything else and for overflow.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXACT_POW10, parseDecimalBytes, readDecimal } from "../../src/data/byteNumber.js";

const enc = new TextEncoder();
const at = (text: string): number => {
  const b = enc.encode(`;${text};`);
  return parseDecimalBytes(b, 1, b.length - 1);
};

/** A plain decimal as the text path's grammar says (parseNumberField): sign, digits with one point, exponent; spaces around. */
const PLAIN = /^ *[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)? *$/;

/** Numbers as CSV writers print them: signs, leading zeros, long digit strings, exponents, spaces. */
const numeral = fc
  .record({
    sign: fc.constantFrom("", "", "-", "+"),
    int: fc.oneof(fc.stringMatching(/^\d{0,3}$/), fc.stringMatching(/^0{0,4}\d{1,8}$/), fc.stringMatching(/^\d{12,25}$/)),
    frac: fc.option(fc.oneof(fc.stringMatching(/^\d{0,6}$/), fc.stringMatching(/^\d{10,24}$/), fc.stringMatching(/^0{5,25}\d{1,3}$/))),
    exp: fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.stringMatching(/^0{0,2}\d{1,3}$/))),
    pad: fc.tuple(fc.constantFrom("", " ", "  "), fc.constantFrom("", " ")),
  })
  .map(({ sign, int, frac, exp, pad }) => `${pad[0]}${sign}${int}${frac === null ? "" : "." + frac}${exp === null ? "" : exp.join("")}${pad[1]}`);

describe("parseDecimalBytes", () => {
  it("gives Number()'s double bit for bit on every plain decimal, NaN on anything else or an overflow", () => {
    let plain = 0;
    fc.assert(
      fc.property(numeral, (text) => {
        const got = at(text);
        const want = Number(text);
        if (PLAIN.test(text) && Number.isFinite(want)) {
          plain++;
          expect(Object.is(got, want), `${JSON.stringify(text)}: ${got} vs Number() ${want}`).toBe(true);
        } else {
          expect(Number.isNaN(got), `${JSON.stringify(text)} is not a plain finite decimal but gave ${got}`).toBe(true);
        }
      }),
      { numRuns: 20_000 },
    );
    expect(plain).toBeGreaterThan(10_000);
  });

  it("equals Number() on every double printed in shortest round-trip form (up to 17 digits, any exponent)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = String(x);
        expect(Object.is(at(text), Number(text)), text).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads prices and IVs as exports print them (toFixed, toPrecision, exponential) exactly as Number() does", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 15 }), (x, d, p) => {
        for (const text of [x.toFixed(d), x.toPrecision(p), x.toExponential(Math.min(p, 14)), (-x).toFixed(d)]) {
          expect(Object.is(at(text), Number(text)), text).toBe(true);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it("reads the edges of the exact fast path and past them (through Number()) alike", () => {
    expect(at("9007199254740991")).toBe(2 ** 53 - 1);
    expect(at("9007199254740993")).toBe(9007199254740992); // 2^53 + 1 rounds to even
    expect(at("0.12345678901234566")).toBe(0.12345678901234566);
    expect(at("900719925474099.1")).toBe(900719925474099.1);
    expect(at("1e22")).toBe(1e22);
    expect(at("1e23")).toBe(1e23); // 10^23 is not a double: Number() rounds it
    expect(at("1.5e-22")).toBe(1.5e-22);
    expect(at("15e-22")).toBe(15e-22);
    expect(at("0.0000000000000000000001")).toBe(1e-22);
    expect(at("4.9e-324")).toBe(5e-324);
    expect(at("1e-400")).toBe(0);
    expect(at("0e400")).toBe(0);
    expect(at("1e400")).toBeNaN(); // Infinity: the text path names the cell
    expect(at("-1e400")).toBeNaN();
    expect(Object.is(at("-0"), -0)).toBe(true);
    expect(Object.is(at("-0.000e5"), -0)).toBe(true);
    expect(at("00042.500")).toBe(42.5);
    expect(at("+.5")).toBe(0.5);
    expect(at("1.")).toBe(1);
    expect(at("  4700 ")).toBe(4700);
    expect(EXACT_POW10.every((p, k) => p === 10 ** k && Number.isInteger(p))).toBe(true);
  });

  it("readDecimal stops after the number and its spaces, says blank with NaN, and refuses what is not a number", () => {
    const out = new Float64Array(2);
    const b = enc.encode(" 4700.5 ,  ,-,1e5x");
    expect(readDecimal(b, 0, b.length, out, 1)).toBe(8);
    expect(out[1]).toBe(4700.5);
    expect(readDecimal(b, 9, b.length, out, 0)).toBe(11); // blank: stops at the comma
    expect(out[0]).toBeNaN();
    expect(readDecimal(b, 12, b.length, out, 0)).toBe(-1); // a sign alone
    expect(readDecimal(b, 14, b.length, out, 0)).toBe(17); // stops at the x: the caller sees no delimiter there
    expect(out[0]).toBe(1e5);
  });

  it("is NaN for blanks and for anything that is not a plain decimal (the text path reads those)", () => {
    for (const bad of ["", "   ", "-", "+", ".", "-.", "e5", "1e", "1e+", "1.2.3", "1,5", "1,234", "12%", "0x10", "\t1", "1\t", "1 2", "Infinity", "NaN", "--1", "+-1", "1e5.5", "١٢"]) {
      expect(at(bad), JSON.stringify(bad)).toBeNaN();
    }
  });
});
