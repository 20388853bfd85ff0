/**
 * A CSV read from bytes in chunks of any size: the rows a {@link PlainRowScanner} reads go to a
 * callback with their values; every other row (a quote, a number it is not sure of, a field count
 * unlike the header's, a blank line, anything the callback turns down) is decoded and handed, in
 * file order, to the RFC 4180 {@link CsvRecordSplitter}, which reads it as text.
 *
 * Order and line numbers are the text path's: rows turned down are batched and handed over before
 * the next plain row is counted, and at once when a line has a quote (its field may run on over the
 * next lines, which then go to the splitter until its record ends). The shared RFC 4180 cases of
 * test/data/csvCases.ts are run on this reader at every chunk size.
 *
 * @module
 */
import { StringDecoder } from "node:string_decoder";
import { MAX_RECORD, type CsvRecordSplitter } from "./csvSplitter.js";
import { PLAIN_INCOMPLETE, PLAIN_ODD, type PlainRowScanner } from "./plainRows.js";

const LF = 10;
const QUOTE = 34;

/**
 * Receives a row the scanner read (its values are in the scanner) and its 1-based line; returns
 * true when it took the row, false to have it read as text (then it must have changed nothing).
 */
export type PlainRowSink = (bytes: Buffer, line: number) => boolean;

/**
 * Bytes in, rows out: plain ones to a {@link PlainRowSink}, the others to a splitter.
 *
 * @example
 * const rows: string[] = [];
 * const sp = new CsvRecordSplitter("x.csv", (src, st, en, n, line) => rows.push(`text ${line}`));
 * const sc = new PlainRowScanner([ROLE.strike, ROLE.iv], ",");
 * const r = new ByteRowReader(sp, sc, (b, line) => (rows.push(`plain ${line}`), true));
 * r.write(Buffer.from('4700,0.2\n"4,750",0.21\n48'));
 * r.write(Buffer.from("00,0.19\n"));
 * r.end();
 * rows; // ["plain 1", "text 2", "plain 3"]
 */
export class ByteRowReader {
  private readonly decoder = new StringDecoder("utf8");
  /** the start of a row whose line feed has not come yet (a copy) */
  private carry: Buffer | null = null;
  /** lines consumed */
  private lineNo = 0;
  /** the first byte of rows not plain and not yet handed to the splitter (−1: none), and the lines before it */
  private oddFrom = -1;
  private oddLines = 0;
  /** why {@link plainRun} stopped: the scan's result for the row it stopped at */
  private stopped = 0;

  /**
   * @param splitter - reads what is not plain (and receives the first `textLines` lines whatever they hold)
   * @param scanner - reads plain rows
   * @param plain - takes the plain rows
   * @param textLines - lines at the start that always go to the splitter (a header)
   */
  constructor(
    private readonly splitter: CsvRecordSplitter,
    private readonly scanner: PlainRowScanner,
    private readonly plain: PlainRowSink,
    private readonly textLines = 0,
  ) {}

  /**
   * The next bytes (UTF-8). Nothing of `chunk` is kept after the call: the caller may reuse it.
   *
   * @throws InputError from the splitter (a record longer than {@link MAX_RECORD}, …) and from the sink
   */
  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    if (this.carry !== null) {
      const nl = b.indexOf(LF);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, b]);
        this.checkCarry();
        return;
      }
      const joined = Buffer.concat([this.carry, b.subarray(0, nl + 1)]);
      this.carry = null;
      this.rows(joined, 0); // ends with a line feed: read whole
      from = nl + 1;
    }
    const used = this.rows(b, from);
    if (used < b.length) {
      this.carry = Buffer.from(b.subarray(used));
      this.checkCarry();
    }
  }

  /**
   * The end of the bytes: the last row (without a line feed) and the splitter's end.
   *
   * @throws InputError from the splitter (a quote never closed, …)
   */
  end(): void {
    if (this.carry !== null) {
      const c = this.carry;
      this.carry = null;
      this.toText(c, 0, c.length, this.lineNo);
    }
    const rest = this.decoder.end();
    if (rest.length > 0) this.splitter.write(rest);
    this.splitter.end();
  }

  /** A carried row longer than any record goes to the splitter, which reads on or says what is wrong. */
  private checkCarry(): void {
    const c = this.carry!;
    if (c.length <= MAX_RECORD) return;
    this.carry = null;
    this.toText(c, 0, c.length, this.lineNo);
  }

  /** Hand `b[s, e)` to the splitter; `lines`: the lines before `s`. */
  private toText(b: Buffer, s: number, e: number, lines: number): void {
    const sp = this.splitter;
    if (!sp.holding) sp.resume(lines);
    sp.write(this.decoder.write(b.subarray(s, e)));
    this.lineNo = sp.linesRead;
  }

  /**
   * The rows of `b` from `from` to its last line feed.
   *
   * @returns where the unread rest (a row without its line feed yet) begins
   */
  private rows(b: Buffer, from: number): number {
    const sp = this.splitter;
    const end = b.length;
    let p = from;
    let quote = -2; // the next quote at or after p (−1: none; −2: not looked for yet)
    while (p < end) {
      if (sp.holding) {
        // a record left open (a quoted field running on): the splitter reads on
        const last = b.lastIndexOf(LF);
        if (last < p) break;
        this.toText(b, p, last + 1, this.lineNo);
        p = last + 1;
        continue;
      }
      let next = PLAIN_ODD;
      if (this.lineNo >= this.textLines) {
        p = this.plainRun(b, p, end);
        next = this.stopped;
      }
      if (next === PLAIN_INCOMPLETE) break;
      // a row that is not plain: it joins the run handed to the splitter
      const nl = next >= 0 ? next - 1 : b.indexOf(LF, p);
      if (nl < 0) break;
      if (this.oddFrom < 0) {
        this.oddFrom = p;
        this.oddLines = this.lineNo;
      }
      this.lineNo++;
      if (quote === -2 || (quote >= 0 && quote < p)) quote = b.indexOf(QUOTE, p);
      p = nl + 1;
      if (quote >= 0 && quote < nl) this.flushOdd(b, p); // its field may run on: the splitter reads it now
    }
    if (this.oddFrom >= 0) this.flushOdd(b, p);
    return p;
  }

  /**
   * The hot loop, kept apart so that V8's optimized code for it never meets a branch it has not
   * run (which would throw that code away, at every chunk's end): plain rows from `p` as long as
   * they come and the sink takes them.
   *
   * @returns where the first row not taken starts; {@link stopped} says why
   */
  private plainRun(b: Buffer, p: number, end: number): number {
    const sc = this.scanner;
    for (;;) {
      const next = sc.scan(b, p, end);
      if (next >= 0) {
        if (this.oddFrom >= 0) this.flushOdd(b, p); // the rows before it first, in file order
        if (this.plain(b, this.lineNo + 1)) {
          this.lineNo++;
          p = next;
          continue;
        }
      }
      this.stopped = next;
      return p;
    }
  }

  /** Hand the run of rows that are not plain, up to `p`, to the splitter. */
  private flushOdd(b: Buffer, p: number): void {
    this.toText(b, this.oddFrom, p, this.oddLines);
    this.oddFrom = -1;
  }
}
