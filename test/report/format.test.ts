import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contractAccounting } from "../../src/report/sections.js";
import {
  distancePct, escapeHtml, escapeMarkdownCell, formatPct, formatPrice, formatUsd, groupThousands, scaleAmount,
} from "../../src/report/format.js";

/** Read a scaled amount back: "-58.82 mn" → -58820000. */
function unscale(text: string): number {
  const m = /^(-?\d+(?:\.\d+)?)(?: (k|mn|bn|tn))?$/.exec(text);
  if (!m) throw new Error(`not a scaled amount: ${text}`);
  const f = { k: 1e3, mn: 1e6, bn: 1e9, tn: 1e12 }[m[2] as "k" | "mn" | "bn" | "tn"] ?? 1;
  return Number(m[1]) * f;
}

describe("groupThousands and formatPrice", () => {
  it("groups the integer part only, keeping sign and decimals", () => {
    expect(groupThousands("73012.64")).toBe("73,012.64");
    expect(groupThousands("-1234567.5")).toBe("-1,234,567.5");
    expect(groupThousands("999")).toBe("999");
    expect(groupThousands("0.000123")).toBe("0.000123");
  });

  it("groupThousands loses nothing: removing the commas gives the input back", () => {
    fc.assert(fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
      const s = x.toFixed(d);
      const g = groupThousands(s);
      expect(g.replace(/,/g, "")).toBe(s);
      // commas only every three digits of the integer part
      const int = g.replace(/^-/, "").split(".")[0]!;
      expect(int).toMatch(/^\d{1,3}(,\d{3})*$/);
    }));
  });

  it("formatPrice drops trailing zeros, never prints -0, and says n/a for no number", () => {
    expect(formatPrice(73012.64)).toBe("73,012.64");
    expect(formatPrice(80000)).toBe("80,000");
    expect(formatPrice(43.6)).toBe("43.6");
    expect(formatPrice(76794.4551, 0)).toBe("76,794");
    expect(formatPrice(-0.001)).toBe("0");
    expect(formatPrice(null)).toBe("n/a");
    expect(formatPrice(NaN)).toBe("n/a");
    expect(formatPrice(Infinity)).toBe("n/a");
  });
});

describe("scaleAmount", () => {
  it("scales to k, mn, bn, tn with four significant digits", () => {
    expect(scaleAmount(-58823456.7)).toBe("-58.82 mn");
    expect(scaleAmount(4400)).toBe("4.400 k");
    expect(scaleAmount(805.66)).toBe("805.7");
    expect(scaleAmount(7.569e9)).toBe("7.569 bn");
    expect(scaleAmount(1.375e9)).toBe("1.375 bn");
    expect(scaleAmount(2.5e12)).toBe("2.500 tn");
    expect(scaleAmount(0)).toBe("0");
    expect(scaleAmount(null)).toBe("n/a");
    expect(scaleAmount(NaN)).toBe("n/a");
  });

  it("carries rounding into the next scale instead of printing 1000 k", () => {
    expect(scaleAmount(999_999)).toBe("1.000 mn");
    expect(scaleAmount(999.96)).toBe("1.000 k");
    expect(scaleAmount(99_996_000)).toBe("100.0 mn");
  });

  it("reads back within half a unit of its fourth significant digit (any finite amount)", () => {
    fc.assert(fc.property(fc.double({ min: -1e14, max: 1e14, noNaN: true }).filter((x) => Math.abs(x) >= 1e-3), (x) => {
      const s = scaleAmount(x);
      const back = unscale(s);
      // 4 significant digits: relative error at most 5e-4 (plus the binary rounding of the text)
      expect(Math.abs(back - x)).toBeLessThanOrEqual(5e-4 * Math.abs(x) * (1 + 8 * Number.EPSILON) + 1e-12);
      expect(Math.sign(back)).toBe(Math.sign(x));
    }));
  });

  it("formatUsd appends the unit", () => {
    expect(formatUsd(-58823456.7)).toBe("-58.82 mn USD");
    expect(formatUsd(undefined)).toBe("n/a");
  });
});

describe("formatPct and distancePct", () => {
  it("signs percentages and never prints -0.00%", () => {
    expect(formatPct(5.1834)).toBe("+5.18%");
    expect(formatPct(-12.25, 1)).toBe("-12.3%");
    expect(formatPct(-0.001)).toBe("0.00%");
    expect(formatPct(null)).toBe("n/a");
  });

  it("distancePct is level / spot − 1 in percent", () => {
    expect(distancePct(110, 100)).toBeCloseTo(10, 12);
    expect(distancePct(90, 100)).toBeCloseTo(-10, 12);
    expect(distancePct(100, 100)).toBe(0);
  });
});

describe("escaping", () => {
  it("escapeHtml neutralises markup in text and attributes", () => {
    expect(escapeHtml(`a < b & "c" 'd' <script>`)).toBe("a &lt; b &amp; &quot;c&quot; &#39;d&#39; &lt;script&gt;");
  });

  it("escapeHtml output never contains a raw <, >, or quote", () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(escapeHtml(s)).not.toMatch(/[<>"']/);
    }));
  });

  it("escapeMarkdownCell keeps a cell in its column", () => {
    expect(escapeMarkdownCell("a|b")).toBe("a\\|b");
    expect(escapeMarkdownCell("line\nbreak")).toBe("line break");
    fc.assert(fc.property(fc.string(), (s) => {
      // after escaping, every pipe is preceded by an odd run of backslashes (escaped)
      const e = escapeMarkdownCell(s);
      expect(e).not.toMatch(/\n/);
      for (const m of e.matchAll(/(\\*)\|/g)) expect(m[1]!.length % 2).toBe(1);
    }));
  });
});

describe("contractAccounting: the file's contracts, used and left out, in the report header", () => {
  it("the SPX export's load (counted from the file by hand in test/data/cboe.test.ts) and a profile filter", () => {
    const load = { rows: 10519, contracts: 21038, used: 14980, excluded: { expired: 446, zeroOpenInterest: 5226, badIv: 386, invalid: 0 } };
    expect(contractAccounting({ used: 14980, contracts: 14980, expired: 0, filtered: 0, load }))
      .toBe("14,980 of 21,038 contracts in the file used (446 expired, 5,226 zero open interest, 386 bad IV)");
    // 14,980 = 21,038 − 446 − 5,226 − 386: the parts add up
    expect(21038 - 446 - 5226 - 386).toBe(14980);
    // an evaluation time and an expiry filter take more out of the loaded chain
    expect(contractAccounting({ used: 9000, contracts: 14980, expired: 980, filtered: 5000, load }))
      .toBe("9,000 of 21,038 contracts in the file used (1,426 expired, 5,226 zero open interest, 386 bad IV, 5,000 filtered out)");
    expect(contractAccounting({ used: 5, contracts: 5, expired: 0, filtered: 0, load: null })).toBe("5 of 5 contracts used");
  });
});
