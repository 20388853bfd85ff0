import { describe, expect, it } from "vitest";
import { readCsvTable } from "../../src/data/csvTable.js";
import { parseFuturesPrices } from "../../src/data/futuresPrices.js";
import { parseOiHistory } from "../../src/data/openInterest.js";
import { parsePositions } from "../../src/data/positions.js";

// RFC 4180 §2.6–2.7: a field in double quotes may hold line breaks and doubled quotes ("").
describe("readCsvTable: RFC 4180 quoted fields", () => {
  it("a quoted field spanning lines is one field; rows keep the line where each record starts", () => {
    const t = readCsvTable('# synthetic\nid,size\n"S-1""\nmulti",2\nS-2,3\n', "p.csv");
    expect(t.comments).toEqual(["synthetic"]);
    expect(t.headerLine).toBe(2);
    expect(t.count).toBe(2);
    expect(t.malformed).toEqual([]);
    expect(t.rows).toEqual([{ line: 3, fields: ['S-1"\nmulti', "2"] }, { line: 5, fields: ["S-2", "3"] }]);
  });
  it("a malformed row after a multi-line record names the line it starts on", () => {
    const t = readCsvTable('a,b\n"x\ny\nz",1\n7\n', "f.csv");
    expect(t.rows.map((r) => r.line)).toEqual([2]);
    expect(t.malformed).toEqual([{ line: 5, reason: "row has 1 field, the header has 2" }]);
  });
  it("a plain file reads as before: blank and comment lines skipped, fields as written", () => {
    const t = readCsvTable("\uFEFF# c1\n\n date , price \r\n2026-02-05, 1\r\n\n# mid\n2026-02-06,2,,\n3\n", "f.csv");
    expect(t).toEqual({
      header: ["date", "price"], names: ["date", "price"], headerLine: 3, count: 3, comments: ["c1"],
      rows: [{ line: 4, fields: ["2026-02-05", " 1"] }, { line: 7, fields: ["2026-02-06", "2", "", ""] }],
      malformed: [{ line: 8, reason: "row has 1 field, the header has 2" }],
    });
  });
  it("empty, header-only and unclosed-quote files are errors naming the line", () => {
    expect(() => readCsvTable("# only\n\n", "e.csv")).toThrow("file is empty");
    expect(() => readCsvTable('\n"a",b\n', "h.csv")).toThrow(/h\.csv:2.*header only/);
    expect(() => readCsvTable('a,b\n1,2\n"open,3\n', "q.csv")).toThrow(/q\.csv:3.*never closed/);
  });
  it("the three loaders read a multi-line quoted field: positions, futures prices, OI history", () => {
    const p = parsePositions('id,side,size,entry,mark,leverage\n"S-1""\nmulti",long,1,80000,90000,10\nS-2,short,1,80000,90000,10\n', "pos.csv");
    expect(p.positions.map((r) => [r.id, r.line])).toEqual([['S-1"\nmulti', 2], ["S-2", 4]]);
    expect(p.report).toMatchObject({ rows: 2, used: 2, rejected: 0 });
    const f = parseFuturesPrices('date,contract,price,spot,note\n2026-02-05,BTCG26,70139.2,70000,"two\nlines"\n2026-02-05,BTCH26,x,70000,\n', "f.csv");
    expect(f.report.problems).toEqual([{ line: 4, field: "price", reason: 'price must be a number > 0 (got "x")' }]);
    const o = parseOiHistory('timestamp,symbol,sumOpenInterest\n2026-02-05T00:00:00Z,"BTC\nUSDT",10\n2026-02-05T01:00:00Z,"BTC\nUSDT",x\n', "oi.csv");
    expect(o.report.rows).toBe(2);
    expect(o.report.problems.map((q) => q.line)).toEqual([4]);
  });
});
