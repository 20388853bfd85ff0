import { describe, expect, it } from "vitest";
import { RECORD_MALFORMED } from "../../src/data/csv.js";
import { CsvRecordSplitter, MAX_RECORD } from "../../src/data/csvSplitter.js";
import { CSV_CASES, csvCaseTable, type CsvCase } from "./csvCases.js";

/** Feed a case's text in chunks of `size` characters and collect the records (malformed: an error naming the line). */
function split(c: CsvCase, size: number): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  const s = new CsvRecordSplitter("t.csv", (src, st, en, n, line) => {
    if (n === RECORD_MALFORMED) throw new Error(`t.csv:${line}: text after a closing quote`);
    out.push({ line, fields: Array.from({ length: n }, (_, j) => src.slice(st[j], en[j])) });
  }, c.delimiter ?? ",");
  for (let i = 0; i < c.text.length; i += size) s.write(c.text.slice(i, i + size));
  s.end();
  return out;
}

describe("CsvRecordSplitter (the generic chain's fast path) on the shared RFC 4180 cases", () => {
  it("passes every case whole", () => {
    expect(csvCaseTable((c) => split(c, Number.MAX_SAFE_INTEGER))).toEqual([]);
  });

  it("passes every case fed in chunks of every size from 1 character up (split inside quotes, CR LF, doubled quotes)", () => {
    const longest = Math.max(...CSV_CASES.map((c) => c.text.length));
    for (let size = 1; size <= longest; size++) expect(csvCaseTable((c) => split(c, size)), `chunk size ${size}`).toEqual([]);
  });

  it("a quote left open past 1 MiB is an error naming the line it opened on, not a hang or a huge field", () => {
    const rows = Array.from({ length: 80_000 }, (_, i) => `${i},row number ${i}`).join("\n");
    const text = `a,b\n1,2\n3,"open\n${rows}\n`;
    expect(() => split({ name: "open", text }, 1 << 16)).toThrow(new RegExp(`^t\\.csv:3: a quoted field opened on this line runs past ${MAX_RECORD} characters`));
  });
});
