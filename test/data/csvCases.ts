/**
 * CSV as RFC 4180 defines it (https://www.rfc-editor.org/rfc/rfc4180, §2), plus what real exports
 * add (BOM, mixed line ends, blank lines, a quote inside an unquoted field), as one table that every
 * CSV reader of gexray must pass: csv-parse behind parseCsvRecords, the hand-written readCsvRecord,
 * the generic chain's streaming splitter — and any faster rewrite of it (run `csvCaseTable` on it).
 *
 * A case gives the text and either the records (each with the 1-based line it starts on and its
 * fields, trimmed of surrounding spaces and tabs: what every caller reads) or the error (the line
 * to name). Blank lines outside quotes are not records.
 */
export interface CsvCase {
  name: string;
  text: string;
  /** the field delimiter (default ",") */
  delimiter?: string;
  records?: { line: number; fields: string[] }[];
  error?: { line: number; kind: "unclosed-quote" | "text-after-quote" };
}

export const CSV_CASES: readonly CsvCase[] = [
  { name: "plain records, LF", text: "a,b,c\n1,2,3\n", records: [{ line: 1, fields: ["a", "b", "c"] }, { line: 2, fields: ["1", "2", "3"] }] },
  { name: "CRLF line ends (RFC 4180 §2.1)", text: "a,b\r\n1,2\r\n", records: [{ line: 1, fields: ["a", "b"] }, { line: 2, fields: ["1", "2"] }] },
  { name: "no line break after the last record (§2.2)", text: "a,b\n1,2", records: [{ line: 1, fields: ["a", "b"] }, { line: 2, fields: ["1", "2"] }] },
  { name: "mixed CRLF and LF", text: "a,b\r\n1,2\n3,4\r\n", records: [{ line: 1, fields: ["a", "b"] }, { line: 2, fields: ["1", "2"] }, { line: 3, fields: ["3", "4"] }] },
  { name: "a BOM before the header", text: "\uFEFFa,b\n1,2\n", records: [{ line: 1, fields: ["a", "b"] }, { line: 2, fields: ["1", "2"] }] },
  { name: "empty fields and a trailing delimiter", text: "a,,c\n,b,\n", records: [{ line: 1, fields: ["a", "", "c"] }, { line: 2, fields: ["", "b", ""] }] },
  { name: "a quoted field holding the delimiter (§2.6)", text: 'id,issuer\n1,"Bank A, N.A."\n', records: [{ line: 1, fields: ["id", "issuer"] }, { line: 2, fields: ["1", "Bank A, N.A."] }] },
  { name: "doubled quotes inside a quoted field (§2.7)", text: '"say ""hi""",2\n"""",3\n', records: [{ line: 1, fields: ['say "hi"', "2"] }, { line: 2, fields: ['"', "3"] }] },
  { name: "an empty quoted field", text: 'a,"",c\n', records: [{ line: 1, fields: ["a", "", "c"] }] },
  {
    name: "a line break (LF) inside a quoted field: the next record's line number counts it (§2.6)",
    text: 'id,issuer,x\n1,"Bank A\nN.A.",5\n2,B,6\n',
    records: [{ line: 1, fields: ["id", "issuer", "x"] }, { line: 2, fields: ["1", "Bank A\nN.A.", "5"] }, { line: 4, fields: ["2", "B", "6"] }],
  },
  {
    name: "CRLF inside a quoted field reads as LF (one line break, counted once)",
    text: 'a,b\r\n"l1\r\nl2",x\r\n3,4\r\n',
    records: [{ line: 1, fields: ["a", "b"] }, { line: 2, fields: ["l1\nl2", "x"] }, { line: 4, fields: ["3", "4"] }],
  },
  {
    name: "a quoted field over three lines with a delimiter and doubled quotes",
    text: 'k,v\n1,"first, line\nsecond ""quoted""\nthird"\n2,z\n',
    records: [{ line: 1, fields: ["k", "v"] }, { line: 2, fields: ["1", 'first, line\nsecond "quoted"\nthird'] }, { line: 5, fields: ["2", "z"] }],
  },
  { name: "blank and whitespace-only lines are skipped, line numbers kept", text: "a,b\n\n  \n1,2\n\n", records: [{ line: 1, fields: ["a", "b"] }, { line: 4, fields: ["1", "2"] }] },
  { name: "spaces around fields and around a quoted field", text: ' a , "b,c" ,d\n', records: [{ line: 1, fields: ["a", "b,c", "d"] }] },
  { name: "a quote inside an unquoted field is a literal character", text: '5" screen,4\nx"y"z,1\n', records: [{ line: 1, fields: ['5" screen', "4"] }, { line: 2, fields: ['x"y"z', "1"] }] },
  { name: "numbers with thousands separators in quotes", text: 'oi,iv\n"1,234",0.5\n"12,345,678.5",1\n', records: [{ line: 1, fields: ["oi", "iv"] }, { line: 2, fields: ["1,234", "0.5"] }, { line: 3, fields: ["12,345,678.5", "1"] }] },
  { name: "semicolon delimiter with decimal commas in fields", delimiter: ";", text: "strike;iv\n4700;0,12\n\"4,5\";1,5\n", records: [{ line: 1, fields: ["strike", "iv"] }, { line: 2, fields: ["4700", "0,12"] }, { line: 3, fields: ["4,5", "1,5"] }] },
  { name: "a quote opened and never closed: the line where it opened", text: 'a,b\n1,2\n"open,3\n4,5\n', error: { line: 3, kind: "unclosed-quote" } },
  { name: "text after a closing quote", text: 'a,b\n1,2\n"x" y,3\n', error: { line: 3, kind: "text-after-quote" } },
];

/**
 * Run every case through a reader and return the mismatches (empty when it passes): `read` returns
 * the records (line and fields as the reader gives them; fields are trimmed here) or throws an
 * error whose message names the line as `:<line>:` (InputError's form) for the error cases.
 */
export function csvCaseTable(read: (c: CsvCase) => { line: number; fields: string[] }[]): string[] {
  const bad: string[] = [];
  for (const c of CSV_CASES) {
    let got: { line: number; fields: string[] }[] | undefined;
    let err: unknown;
    try {
      got = read(c).map((r) => ({ line: r.line, fields: r.fields.map((f) => f.replace(/^[ \t]+|[ \t]+$/g, "")) }));
    } catch (e) {
      err = e;
    }
    if (c.records) {
      if (err !== undefined) bad.push(`${c.name}: threw ${(err as Error).message}`);
      else if (JSON.stringify(got) !== JSON.stringify(c.records)) bad.push(`${c.name}: got ${JSON.stringify(got)}, want ${JSON.stringify(c.records)}`);
    } else if (err === undefined) {
      bad.push(`${c.name}: no error (got ${JSON.stringify(got)})`);
    } else if (!String((err as Error).message).includes(`:${c.error!.line}:`)) {
      bad.push(`${c.name}: error does not name line ${c.error!.line}: ${(err as Error).message}`);
    }
  }
  return bad;
}
