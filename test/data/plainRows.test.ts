import { describe, expect, it } from "vitest";
import { PLAIN_INCOMPLETE, PLAIN_ODD, PlainRowScanner, ROLE } from "../../src/data/plainRows.js";

const enc = new TextEncoder();
const ALL = [ROLE.expiry, ROLE.strike, ROLE.type, ROLE.open_interest, ROLE.iv, ROLE.multiplier, ROLE.forward, ROLE.underlying, ROLE.skip];

function scan(row: string, roles: number[] = ALL, delimiter = ","): { next: number; sc: PlainRowScanner } {
  const sc = new PlainRowScanner(roles, delimiter);
  const b = enc.encode(row);
  return { next: sc.scan(b, 0, b.length), sc };
}

describe("PlainRowScanner", () => {
  it("reads a plain row's numbers, call/put, cells and field bounds in one pass", () => {
    const row = "2025-01-17, 4700 ,call,12,1.525e-1,100,4712.5, SPX ,anything at all é\r\n";
    const { next, sc } = scan(row);
    expect(next).toBe(enc.encode(row).length);
    expect(sc.values[ROLE.strike]).toBe(4700);
    expect(sc.values[ROLE.open_interest]).toBe(12);
    expect(sc.values[ROLE.iv]).toBe(0.1525);
    expect(sc.values[ROLE.multiplier]).toBe(100);
    expect(sc.values[ROLE.forward]).toBe(4712.5);
    expect(sc.type).toBe(1);
    expect([sc.expiryStart, sc.expiryEnd]).toEqual([0, 10]);
    expect(row.slice(sc.underlyingStart, sc.underlyingEnd)).toBe("SPX");
    // the last field ends before the CR of CR LF, as the text path reads it
    expect(sc.ends[8]! - sc.starts[8]!).toBe(enc.encode("anything at all é").length);
  });

  it("blank multiplier and forward are NaN; puts and any case of C/P/call/put are read", () => {
    const { next, sc } = scan("2025-01-17,4700, p ,12,0.2,  ,,,x\n");
    expect(next).toBeGreaterThan(0);
    expect(sc.type).toBe(-1);
    expect(sc.values[ROLE.multiplier]).toBeNaN();
    expect(sc.values[ROLE.forward]).toBeNaN();
    expect(sc.underlyingEnd).toBe(sc.underlyingStart);
    for (const [t, want] of [["C", 1], ["c", 1], ["CALL", 1], ["Call", 1], ["PUT", -1], ["P", -1]] as const) {
      expect(scan(`2025-01-17,4700,${t},12,0.2,,,,x\n`).sc.type).toBe(want);
    }
  });

  it("turns down every row the text path must read: quotes, odd numbers, wrong field counts, odd text", () => {
    const odd = [
      '2025-01-17,"4,700",C,12,0.2,,,,x\n', // a quote
      "2025-01-17,4700,C,12,0.2,,,,x\"y\n", // a quote anywhere, even in a skipped column
      "2025-01-17,4700,C,12,20%,,,,x\n", // a percent
      "2025-01-17,4700,C,12,0,2,,,,x\n", // a decimal comma: one field too many
      "2025-01-17,4700,C,12,0.2,,,x\n", // one field too few
      "2025-01-17,4700,C,12,0.2,,,,x,y\n", // one too many
      "2025-01-17,4700,straddle,12,0.2,,,,x\n",
      "2025-01-17,4700,C,N/A,0.2,,,,x\n",
      "2025-01-17,4700,C,,0.2,,,,x\n", // blank open interest
      "2025-01-17,4700,C,12,0.2,x,,,x\n", // a word as multiplier
      "2025-01-17,4700,C,12,0.2,\t,,,x\n", // a tab is blank for the text path: let it say so
      "2025-01-17,4700,C,12,0.2,,,\tSPX,x\n", // a tab around the underlying
      "2025-01-17,4700,C,12,0.2,,,SPXé,x\n", // not ASCII
      "2025-01-17,4700\r,C,12,0.2,,,,x\n", // a CR inside the row
      "2025-01-17,1e999,C,12,0.2,,,,x\n",
      "\n",
      "   \n",
    ];
    for (const row of odd) expect(scan(row).next, JSON.stringify(row)).toBe(PLAIN_ODD);
  });

  it("says when the bytes end before the row does", () => {
    expect(scan("2025-01-17,4700,C,12,0.2,,,,x").next).toBe(PLAIN_INCOMPLETE);
    expect(scan("2025-01-17,4700,C").next).toBe(PLAIN_INCOMPLETE);
  });

  it("splits on the delimiter it is given", () => {
    const { next, sc } = scan("2025-01-17;4700.5;C;12;0.2\n", [ROLE.expiry, ROLE.strike, ROLE.type, ROLE.open_interest, ROLE.iv], ";");
    expect(next).toBeGreaterThan(0);
    expect(sc.values[ROLE.strike]).toBe(4700.5);
    expect(scan("2025-01-17\t4700\tC\t12\t0.2\n", [ROLE.expiry, ROLE.strike, ROLE.type, ROLE.open_interest, ROLE.iv], "\t").sc.values[ROLE.iv]).toBe(0.2);
  });

  it("needs two columns (a one-field row could be a blank line)", () => {
    expect(() => new PlainRowScanner([ROLE.strike], ",")).toThrow(RangeError);
  });
});
