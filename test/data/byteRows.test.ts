import { describe, expect, it } from "vitest";
import { ByteRowReader } from "../../src/data/byteRows.js";
import { RECORD_MALFORMED } from "../../src/data/csv.js";
import { CsvRecordSplitter, MAX_RECORD } from "../../src/data/csvSplitter.js";
import { PlainRowScanner, ROLE } from "../../src/data/plainRows.js";
import { CSV_CASES, csvCaseTable, type CsvCase } from "./csvCases.js";

const dec = new TextDecoder();

/**
 * Read a case's bytes in chunks of `size` bytes through the byte path: rows of `columns` fields
 * with no quote are read by the scanner (fields from its bounds), the rest by the splitter; the
 * records come out in one list, in file order, as the case table wants them.
 */
function read(c: CsvCase, size: number, columns: number): { records: { line: number; fields: string[] }[]; plain: number } {
  const records: { line: number; fields: string[] }[] = [];
  let plain = 0;
  const sp = new CsvRecordSplitter("t.csv", (src, st, en, n, line) => {
    if (n === RECORD_MALFORMED) throw new Error(`t.csv:${line}: text after a closing quote`);
    records.push({ line, fields: Array.from({ length: n }, (_, j) => src.slice(st[j], en[j])) });
  }, c.delimiter ?? ",");
  const sc = new PlainRowScanner(Array<number>(columns).fill(ROLE.skip), c.delimiter ?? ",");
  const r = new ByteRowReader(sp, sc, (b, line) => {
    plain++;
    records.push({ line, fields: Array.from({ length: columns }, (_, j) => dec.decode(b.subarray(sc.starts[j], sc.ends[j]))) });
    return true;
  });
  const bytes = Buffer.from(c.text, "utf8");
  for (let i = 0; i < bytes.length; i += size) r.write(bytes.subarray(i, i + size));
  r.end();
  return { records, plain };
}

describe("ByteRowReader (the generic chain's byte path) on the shared RFC 4180 cases", () => {
  const longest = Math.max(...CSV_CASES.map((c) => Buffer.byteLength(c.text)));

  it("passes every case whole and fed in chunks of every size from 1 byte up, with 2- and 3-field rows read from the bytes", () => {
    for (const columns of [2, 3]) {
      for (let size = 1; size <= longest; size++) {
        expect(csvCaseTable((c) => read(c, size, columns).records), `${columns} columns, chunk size ${size}`).toEqual([]);
      }
      expect(csvCaseTable((c) => read(c, Number.MAX_SAFE_INTEGER, columns).records), `${columns} columns, whole`).toEqual([]);
    }
  });

  it("reads plain rows from the bytes and hands only the others to the splitter", () => {
    const c = CSV_CASES.find((x) => x.name.startsWith("a line break (LF) inside a quoted field"))!;
    // id,issuer,x / 1,"Bank A\nN.A.",5 / 2,B,6: the two rows without a quote are plain
    expect(read(c, 7, 3).plain).toBe(2);
    const crlf = CSV_CASES.find((x) => x.name.startsWith("CRLF line ends"))!;
    expect(read(crlf, 3, 2).plain).toBe(2);
  });

  it("a row that looks plain inside a quoted field spanning lines is read as part of that field", () => {
    const text = 'a,b,c\n1,"note\n2,x,y\nend",3\n4,5,6\n';
    for (let size = 1; size <= text.length; size++) {
      expect(read({ name: "inner", text }, size, 3).records).toEqual([
        { line: 1, fields: ["a", "b", "c"] },
        { line: 2, fields: ["1", "note\n2,x,y\nend", "3"] },
        { line: 5, fields: ["4", "5", "6"] },
      ]);
    }
  });

  it("a quote left open past 1 MiB is an error naming the line it opened on, not a hang or a huge field", () => {
    const rows = Array.from({ length: 80_000 }, (_, i) => `${i},row number ${i}`).join("\n");
    const text = `a,b\n1,2\n3,"open\n${rows}\n`;
    expect(() => read({ name: "open", text }, 1 << 16, 2)).toThrow(new RegExp(`^t\\.csv:3: a quoted field opened on this line runs past ${MAX_RECORD} characters`));
  });

  it("a line running 1 MiB past a chunk's end without a quote is the splitter's error too, at its line", () => {
    const text = `a,b\n1,2\n${"x".repeat(MAX_RECORD + 100_000)},3\n`;
    expect(() => read({ name: "long", text }, 1 << 16, 2)).toThrow(new RegExp(`^t\\.csv:3: line longer than ${MAX_RECORD} characters`));
  });

  it("a character split between chunks is decoded whole on the text path", () => {
    const text = 'k,v\n"é,ü",ß\n1,€\n';
    for (let size = 1; size <= Buffer.byteLength(text); size++) {
      expect(read({ name: "utf8", text }, size, 2).records).toEqual([
        { line: 1, fields: ["k", "v"] },
        { line: 2, fields: ["é,ü", "ß"] },
        { line: 3, fields: ["1", "€"] },
      ]);
    }
  });
});
