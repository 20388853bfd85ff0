import { describe, expect, it } from "vitest";
import { strikeTable } from "../../src/exposure/strikes.js";
import { vanilla } from "../../src/options/vanilla.js";
import { AS_OF, EPS, makeChain } from "./helpers.js";

const T1 = 7 / 365;
const T2 = 35 / 365;
const chain = makeChain([
  { type: "call", strike: 95, time: T1, iv: 0.3, oi: 10, mult: 100 },
  { type: "put", strike: 95, time: T1, iv: 0.32, oi: 20, mult: 100 },
  { type: "call", strike: 100, time: T1, iv: 0.28, oi: 5, mult: 100, root: "A" },
  { type: "call", strike: 100, time: T2, iv: 0.29, oi: 7, mult: 100, root: "B" },
  { type: "put", strike: 105, time: T2, iv: 0.31, oi: 3, mult: 100 },
  { type: "put", strike: 130, time: T2, iv: 0.5, oi: 1, mult: 100 },
]);

const dollarGamma = (type: "call" | "put", K: number, T: number, iv: number) =>
  vanilla({ type, spot: 100, strike: K, time: T, vol: iv }).gamma * 100 * 100 * 0.01;

describe("strikeTable", () => {
  it("one row per strike in range, ascending, calls and puts apart, every expiry and root summed", () => {
    const rows = strikeTable(chain, { min: 90, max: 110 });
    expect(rows.map((r) => r.strike)).toEqual([95, 100, 105]);
    const [r95, r100, r105] = rows as [typeof rows[0], typeof rows[0], typeof rows[0]];
    expect(r95.callOpenInterest).toBe(10);
    expect(r95.putOpenInterest).toBe(20);
    const c95 = 1000 * dollarGamma("call", 95, T1, 0.3);
    const p95 = -2000 * dollarGamma("put", 95, T1, 0.32);
    expect(Math.abs(r95.callGamma - c95)).toBeLessThanOrEqual(8 * EPS * c95);
    expect(Math.abs(r95.putGamma - p95)).toBeLessThanOrEqual(8 * EPS * Math.abs(p95));
    expect(r95.netGamma).toBe(r95.callGamma + r95.putGamma);
    const c100 = 500 * dollarGamma("call", 100, T1, 0.28) + 700 * dollarGamma("call", 100, T2, 0.29);
    expect(Math.abs(r100.callGamma - c100)).toBeLessThanOrEqual(8 * EPS * c100);
    expect(r100.putOpenInterest).toBe(0);
    expect(r105.callGamma).toBe(0);
    const v = -300 * vanilla({ type: "put", spot: 100, strike: 105, time: T2, vol: 0.31 }).vanna * 100 * 0.01;
    expect(Math.abs(r105.vanna - v)).toBeLessThanOrEqual(8 * EPS * Math.abs(v));
  });

  it("bounds are inclusive; --type keeps one side", () => {
    expect(strikeTable(chain, { min: 95, max: 95 }).map((r) => r.strike)).toEqual([95]);
    const puts = strikeTable(chain, { type: "put" });
    expect(puts.map((r) => r.strike)).toEqual([95, 105, 130]);
    expect(puts.every((r) => r.callOpenInterest === 0 && r.callGamma === 0)).toBe(true);
  });

  it("expiry filters and a later evaluation time apply", () => {
    const d = new Date(AS_OF + T2 * 365 * 86400_000).toISOString().slice(0, 10);
    expect(strikeTable(chain, { expiry: { fromDate: d, toDate: d } }).map((r) => r.strike)).toEqual([100, 105, 130]);
    const later = strikeTable(chain, { atMs: AS_OF + 8 * 86400_000 });
    expect(later.find((r) => r.strike === 95)).toBeUndefined();
  });

  it("dealer sign short flips the calls", () => {
    const naive = strikeTable(chain, { min: 95, max: 95 })[0]!;
    const short = strikeTable(chain, { min: 95, max: 95, dealer: "short" })[0]!;
    expect(short.callGamma).toBe(-naive.callGamma);
    expect(short.putGamma).toBe(naive.putGamma);
  });

  it("an empty range gives no rows; min > max is a RangeError", () => {
    expect(strikeTable(chain, { min: 200, max: 300 })).toEqual([]);
    expect(() => strikeTable(chain, { min: 110, max: 90 })).toThrow(RangeError);
  });
});
