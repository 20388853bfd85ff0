import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors.js";
import {
  numberOption, outputFormat, parseChoice, parseChoiceList, parseDecimalOrPercent, parseMonitoring, parseNumber, parseRange,
} from "../../src/cli/options.js";

const usage = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("did not throw");
};

describe("parseNumber", () => {
  it("reads plain decimals and exponents, trimming spaces", () => {
    expect(parseNumber("97000", "--spot")).toBe(97000);
    expect(parseNumber(" -0.5 ", "--rate")).toBe(-0.5);
    expect(parseNumber("1e-3", "--x")).toBe(0.001);
    expect(parseNumber(".5", "--x")).toBe(0.5);
    expect(parseNumber("5.", "--x")).toBe(5);
  });

  it("rejects what Number() would accept but a user did not mean", () => {
    for (const bad of ["", " ", "abc", "0x10", "Infinity", "NaN", "1,000", "1e", "--1", "5%"]) {
      expect(usage(() => parseNumber(bad, "--vol"))).toMatch(/^--vol must be a number \(got /);
    }
  });

  it("names the rule and the value", () => {
    expect(usage(() => parseNumber("abc", "--vol", { min: 0 }))).toBe("--vol must be a number ≥ 0 (got abc)");
    expect(usage(() => parseNumber("-5", "--spot", { gt: 0 }))).toBe("--spot must be a number > 0 (got -5)");
    expect(usage(() => parseNumber("2.5", "--n", { integer: true, min: 1 }))).toBe("--n must be an integer ≥ 1 (got 2.5)");
    expect(usage(() => parseNumber("7", "--p", { gt: 0, max: 5 }))).toBe("--p must be a number > 0 and ≤ 5 (got 7)");
    expect(usage(() => parseNumber("", "vol"))).toBe('vol must be a number (got "")');
    expect(parseNumber("0", "--time", { min: 0 })).toBe(0);
  });

  it("numberOption wraps it for commander", () => {
    expect(numberOption("--spot", { gt: 0 })("12")).toBe(12);
    expect(() => numberOption("--spot", { gt: 0 })("0")).toThrow("--spot must be a number > 0 (got 0)");
  });
});

describe("parseDecimalOrPercent", () => {
  it("reads 55% and 0.55 alike, and never guesses a bare 55", () => {
    expect(parseDecimalOrPercent("55%", "--vol")).toBe(0.55);
    expect(parseDecimalOrPercent(" 4 % ", "--rate")).toBe(0.04);
    expect(parseDecimalOrPercent("0.55", "--vol")).toBe(0.55);
    expect(parseDecimalOrPercent("55", "--vol")).toBe(55);
  });

  it("applies the rule to the decimal value", () => {
    expect(usage(() => parseDecimalOrPercent("-5%", "--vol", { min: 0 }))).toBe(
      "--vol must be a number ≥ 0 as a decimal or a percent like 5% (got -5%)",
    );
    expect(usage(() => parseDecimalOrPercent("x%", "--vol"))).toMatch(/--vol must be a number/);
  });
});

describe("choices, ranges, monitoring, output format", () => {
  it("parseChoice and parseChoiceList", () => {
    expect(parseChoice(" put ", "--type", ["call", "put"] as const)).toBe("put");
    expect(usage(() => parseChoice("Put", "--type", ["call", "put"]))).toBe("--type must be one of call, put (got Put)");
    expect(parseChoiceList("gamma, delta,gamma", "--greeks", ["delta", "gamma", "vega"])).toEqual(["gamma", "delta"]);
    expect(parseChoiceList("all", "--greeks", ["delta", "gamma"])).toEqual(["delta", "gamma"]);
    expect(usage(() => parseChoiceList(" , ", "--greeks", ["delta"]))).toMatch(/at least one/);
  });

  it("parseRange", () => {
    expect(parseRange("60000:110000:500", "--range", { gt: 0 })).toEqual({ lo: 60000, hi: 110000, step: 500 });
    expect(parseRange("0.8..1.2", "--range")).toEqual({ lo: 0.8, hi: 1.2 });
    expect(usage(() => parseRange("5:1", "--range"))).toBe("--range must have lo < hi (got 5:1)");
    expect(usage(() => parseRange("5", "--range"))).toMatch(/lo:hi/);
    expect(usage(() => parseRange("1:2:0", "--range"))).toBe("--range step must be a number > 0 (got 0)");
    expect(usage(() => parseRange("-1:2", "--range", { gt: 0 }))).toBe("--range lower bound must be a number > 0 (got -1)");
  });

  it("parseMonitoring", () => {
    expect(parseMonitoring("continuous", "--monitoring")).toBe("continuous");
    expect(parseMonitoring("FINAL", "--monitoring")).toBe("final");
    // daily = one trading-day close (365/252 calendar days), as for notes; calendar days are explicit
    expect(parseMonitoring("daily", "--monitoring")).toEqual({ intervalDays: 365 / 252 });
    expect(parseMonitoring("1d", "--monitoring")).toEqual({ intervalDays: 1 });
    expect(parseMonitoring("2td", "--monitoring")).toEqual({ intervalDays: (2 * 365) / 252 });
    expect(parseMonitoring("weekly", "--monitoring")).toEqual({ intervalDays: 7 });
    expect(parseMonitoring("0.5d", "--monitoring")).toEqual({ intervalDays: 0.5 });
    for (const bad of ["hourly", "0d", "-1d", "d", ""]) expect(usage(() => parseMonitoring(bad, "--monitoring"))).toMatch(/^--monitoring must be/);
  });

  it("outputFormat", () => {
    expect(outputFormat({})).toBe("table");
    expect(outputFormat({ json: true })).toBe("json");
    expect(outputFormat({ csv: true })).toBe("csv");
    expect(usage(() => outputFormat({ json: true, csv: true }))).toBe("--json and --csv are exclusive: give one");
  });
});
