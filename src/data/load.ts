/**
 * The data layer's entry point: read a chain file, detect its format, dispatch to its loader.
 *
 * Formats, tried in this order on the file's first 64 KiB: `json` (a JSON chain), `cboe` (CBOE
 * delayed-quotes export), `deribit` (Deribit book summary CSV), `generic` (a CSV whose header names
 * at least two of expiry, strike, type, open_interest, iv, after `--map`). `opts.format` skips
 * detection. Generic files are read in 1 MiB chunks of bytes; the venue files (a few MB at most)
 * are read whole.
 *
 * @module
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { loadCboe, looksLikeCboe } from "./cboe.js";
import type { Loaded, Problem } from "./chain.js";
import { stripBom } from "./csv.js";
import { loadDeribit, looksLikeDeribit } from "./deribit.js";
import { InputError } from "./errors.js";
import { GenericCsvReader, looksLikeGeneric } from "./generic.js";
import { loadJsonChain, looksLikeJsonChain } from "./jsonChain.js";
import type { ChainFormat, LoadOptions } from "./loadOptions.js";

/** Bytes read to detect the format. */
const HEAD_BYTES = 64 * 1024;

/** The first chunk of a generic CSV: the text its header, delimiter and decimal mark are read from. */
const CHUNK_BYTES = 1 << 20;

/**
 * The chunks after the first: large, so that a file of tens of MB is read in one or two (every
 * chunk's end runs code the row loop's optimized code has not seen, which V8 throws away and
 * rebuilds: measured ~10 ms each on the 200k-row file).
 */
const LATER_CHUNK_BYTES = 64 << 20;

/**
 * Every format {@link loadChain} reads, in detection order.
 *
 * @example
 * CHAIN_FORMATS.join(", "); // "json, cboe, deribit, generic"
 */
export const CHAIN_FORMATS: readonly ChainFormat[] = ["json", "cboe", "deribit", "generic"];

/**
 * The format of a chain file from its first kilobytes, or undefined when none fits.
 *
 * @param head - the start of the file (a BOM is ignored)
 * @param map - the generic column map, which can make a CSV generic
 * @example
 * detectFormat("expiry,strike,type,open_interest,iv\n"); // "generic"
 * detectFormat("mid_price,volume_usd,quote_currency,estimated_delivery_price,…,instrument_name,…\n"); // "deribit"
 * detectFormat("hello\n"); // undefined
 */
export function detectFormat(head: string, map?: Record<string, string>): ChainFormat | undefined {
  const text = stripBom(head);
  if (looksLikeJsonChain(text)) return "json";
  if (looksLikeCboe(text)) return "cboe";
  if (looksLikeDeribit(text)) return "deribit";
  if (looksLikeGeneric(text, map)) return "generic";
  return undefined;
}

/** The first non-blank line, shortened for a message. */
function firstLine(head: string): string {
  const line = stripBom(head).split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  return line.length > 100 ? line.slice(0, 100) + "…" : line;
}

/** The file-system error as an {@link InputError} naming the file, or the error itself. */
function fsError(err: unknown, file: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return new InputError("no such file", { file });
  if (code === "EACCES" || code === "EPERM") return new InputError("cannot read the file: permission denied", { file });
  if (code === "EISDIR") return new InputError("is a directory, not a chain file", { file });
  return err;
}

/**
 * Load an option chain from a file: CBOE quote export, Deribit book summary, JSON chain or generic
 * CSV, detected from the file's head unless `opts.format` says which.
 *
 * @param file - path to the file
 * @param opts - loader options; a generic CSV needs `spot` and `asOf` unless it has such columns
 * @returns the chain (used contracts, columnar) and the report accounting for every row
 * @throws InputError (a RangeError) for a missing or unreadable file, an empty file, a file with a
 *   header and no data rows, an unknown format (quoting the first line seen), and whatever the
 *   format's loader rejects (a missing column, a missing spot/as-of, in strict mode the first row
 *   problem): one line, naming the file and, where known, the line and field
 * @example
 * const { chain, report } = await loadChain("test/fixtures/real/spx_quotedata_2024-01-07.csv");
 * report.format;    // "cboe"
 * report.contracts; // 21038 (10519 rows × call and put)
 * chain.spot;       // 4697.2402
 */
export async function loadChain(file: string, opts: LoadOptions = {}): Promise<Loaded> {
  performance.mark("gexray:modules");
  let size: number;
  let head: string;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new InputError("is a directory, not a chain file", { file });
    size = st.size;
    const fh = await open(file, "r");
    try {
      const buf = Buffer.alloc(Math.min(HEAD_BYTES, Math.max(1, size)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.toString("utf8", 0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw fsError(err, file);
  }
  if (size === 0 || (size <= HEAD_BYTES && stripBom(head).trim() === "")) throw new InputError("file is empty", { file });
  const format = opts.format ?? detectFormat(head, opts.map);
  if (format === undefined) {
    throw new InputError(
      `unknown format: the first line reads ${JSON.stringify(firstLine(head))}; expected a CBOE quote-table export, ` +
        `a Deribit book summary CSV, a JSON chain, or a generic CSV with columns expiry,strike,type,open_interest,iv ` +
        `(rename columns with --map name=column, or force a format with --format)`,
      { file },
    );
  }
  let loaded: Loaded;
  if (format === "generic") {
    loaded = readGeneric(file, opts, size, head);
  } else {
    let text: string;
    try {
      // one synchronous read: a few MB at most, and no event-loop turns per 512 KiB chunk
      text = stripBom(readFileSync(file, "utf8"));
    } catch (err) {
      throw fsError(err, file);
    }
    loaded = format === "cboe" ? loadCboe(text, file, opts) : format === "deribit" ? loadDeribit(text, file, opts) : loadJsonChain(text, file, opts);
  }
  if (loaded.report.rows === 0) throw new InputError("no data rows: the file has a header only", { file });
  loaded.report.warnings.unshift(...ignoredOptions(format, opts));
  performance.mark("gexray:parse");
  return loaded;
}

/** What each venue format fixes, for the warnings about options it does not read. */
const FIXED: Record<Exclude<ChainFormat, "generic">, { name: string; multiplier: string; iv: string; clock: string; underlying?: string }> = {
  cboe: {
    name: "a CBOE export", multiplier: "its contracts are 100 units of underlying each", iv: "its IVs are decimals (0.1196 = 11.96%)",
    clock: "its expiries settle at 16:00 New York (09:30 for AM-settled SPX, NDX and RUT monthlies)", underlying: "its option symbols name the underlying",
  },
  deribit: {
    name: "a Deribit book summary", multiplier: "a Deribit option is 1 unit of its coin", iv: "its mark_iv is always read as percent (80.22 = 80.22%)",
    clock: "its expiries settle at 08:00 UTC", underlying: "its base_currency names the underlying",
  },
  json: {
    name: "a JSON chain", multiplier: "its contracts are 100 shares each", iv: "its IVs are decimals",
    clock: "its expiries settle at 16:00 New York",
  },
};

/**
 * Warnings for the options a format does not read (they only apply to a generic CSV): given on a
 * CBOE, Deribit or JSON file they would otherwise be dropped without a word.
 *
 * @example
 * ignoredOptions("cboe", { ivPercent: true });
 * // [{ line: 0, field: "--iv-percent", reason: "--iv-percent is ignored for a CBOE export: its IVs are decimals (0.1196 = 11.96%)" }]
 */
export function ignoredOptions(format: ChainFormat, opts: LoadOptions): Problem[] {
  if (format === "generic") return [];
  const f = FIXED[format];
  const out: Problem[] = [];
  const note = (flag: string, why: string) => out.push({ line: 0, field: flag, reason: `${flag} is ignored for ${f.name}: ${why}` });
  if (opts.multiplier !== undefined) note(`--multiplier ${opts.multiplier}`, f.multiplier);
  if (opts.ivPercent) note("--iv-percent", f.iv);
  if (opts.map !== undefined) note("--map", "it renames the columns of a generic CSV");
  if (opts.expiryTime !== undefined) note("--expiry-time", f.clock);
  if (opts.expiryZone !== undefined) note("--expiry-zone", f.clock);
  if (opts.delimiter !== undefined) note("--delimiter", "only a generic CSV reads it");
  if (opts.decimal !== undefined) note("--decimal", "only a generic CSV reads it");
  if (opts.underlying !== undefined && f.underlying !== undefined) note("--underlying", f.underlying);
  return out;
}

/**
 * Read a generic CSV into the incremental reader as bytes, in synchronous reads ({@link CHUNK_BYTES},
 * then the rest in chunks of up to {@link LATER_CHUNK_BYTES}, into one reused buffer): no event-loop
 * turn per chunk, no string per chunk (the reader decodes only the rows it cannot read from the
 * bytes). The columns are preallocated from the head's line length.
 */
function readGeneric(file: string, opts: LoadOptions, size: number, head: string): Loaded {
  const lines = head.split("\n").length - 1;
  const capacity = lines > 1 ? Math.ceil((size / (head.length / lines)) * 1.02) + 16 : 1024;
  const reader = new GenericCsvReader(file, opts, Math.min(capacity, 1 << 26));
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    throw fsError(err, file);
  }
  try {
    let buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, size)));
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        throw fsError(err, file);
      }
      if (n === 0) break;
      reader.writeBytes(buf.subarray(0, n));
      if (buf.length === CHUNK_BYTES && size > CHUNK_BYTES) buf = Buffer.allocUnsafe(Math.min(LATER_CHUNK_BYTES, size - CHUNK_BYTES + 1));
    }
  } finally {
    closeSync(fd);
  }
  return reader.end();
}
