/**
 * The canonical option chain: one snapshot of one underlying, stored column-wise in typed arrays
 * (arquero-style), so that the exposure kernels stream over contiguous memory.
 *
 * Every loader produces a {@link Chain} plus a {@link LoadReport} that accounts for every row read.
 * Conventions (DESIGN.md): time to expiry in calendar years of 365 × 86400 s from `asOf` to the
 * contract's expiry instant; IV as a decimal; open interest in contracts; `multiplier` underlying
 * units per contract (100 for US equity/index options, 1 for Deribit coin options).
 *
 * @module
 */
import { oneLine } from "./errors.js";

/**
 * Open interest above this (contracts, per contract line) is not a plausible figure but a broken
 * cell (1e300, an overflowed spreadsheet): every loader reports it as a row problem. The largest
 * single-contract open interest on any venue is a few million contracts.
 *
 * @example
 * MAX_OPEN_INTEREST; // 1e9
 */
export const MAX_OPEN_INTEREST = 1e9;

/**
 * A strike above this (currency per unit of underlying) is a broken cell, not a price: every chain
 * loader that reads a strike from the file reports it as a row problem naming the line and field.
 * The dearest underlyings with listed options are a few hundred thousand per unit (Berkshire
 * Hathaway A ≈ 7e5 USD, bitcoin ≈ 1e5 USD, the Nikkei 225 ≈ 4e4 JPY points): 1e9 leaves three
 * orders of magnitude of room while still catching 1e300 or an overflowed spreadsheet cell, which
 * would otherwise turn dollar gamma into numbers like -5.8e+289.
 *
 * @example
 * MAX_STRIKE; // 1e9
 */
export const MAX_STRIKE = 1e9;

/**
 * A contract multiplier above this (units of underlying per contract) is a broken cell: reported as
 * a row problem like {@link MAX_STRIKE}. The largest real contract sizes are currency futures
 * quoted per unit of a small currency: CME Japanese yen, 12.5 million JPY per contract (1.25e7);
 * CME Korean won, 125 million KRW (1.25e8). A cap of 1e6 would reject the yen, so the cap is 1e9:
 * one order of magnitude above the won, and far below values that overflow the exposure sums.
 *
 * @example
 * MAX_MULTIPLIER; // 1e9
 */
export const MAX_MULTIPLIER = 1e9;

/** An instant with the zone it was stated in (for printing ISO 8601 with the right offset). */
export interface Instant {
  /** milliseconds since 1970-01-01T00:00:00Z */
  epochMs: number;
  /** IANA zone name ("America/New_York", "UTC") the instant was stated in */
  zone: string;
}

/** +1 for a call, −1 for a put: the sign the kernels use. */
export const CALL = 1;
/** −1 for a put. */
export const PUT = -1;

/** Greeks as the venue published them (NaN where absent), per unit of underlying. */
export interface VendorGreeks {
  delta: Float64Array;
  gamma: Float64Array;
  vega: Float64Array;
  theta: Float64Array;
}

/**
 * One snapshot's contracts, column-wise. All columns have `length` entries; contracts excluded by
 * the loader (expired, zero open interest, unusable IV, unreadable) are not in the chain but are
 * counted in the {@link LoadReport}.
 *
 * @example
 * const { chain } = await loadChain("test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv");
 * chain.underlying;         // "BTC"
 * chain.type[0];            // 1 (call) or -1 (put)
 * chain.time[0] * 365;      // days to expiry
 */
export interface Chain {
  /** underlying symbol, e.g. "SPX", "BTC", "IBIT" */
  underlying: string;
  /** snapshot time */
  asOf: Instant;
  /** spot (index) price, currency per unit of underlying */
  spot: number;
  /** continuous risk-free rate, decimal per year (0 unless the file or the user gives one) */
  rate: number;
  /** continuous dividend yield, decimal per year */
  dividend: number;
  /** number of contracts */
  length: number;
  /** +1 call, −1 put */
  type: Int8Array;
  /** strike, currency per unit */
  strike: Float64Array;
  /** expiry instant, ms since epoch */
  expiry: Float64Array;
  /** years from asOf to expiry (> 0 for every contract in the chain) */
  time: Float64Array;
  /** open interest, contracts */
  openInterest: Float64Array;
  /** underlying units per contract */
  multiplier: Float64Array;
  /** implied volatility, decimal */
  iv: Float64Array;
  /** the venue's forward for the contract's expiry, NaN where the venue quotes none */
  forward: Float64Array;
  /** signed dealer position in contracts (+ = dealer long), or null when the file has none */
  position: Float64Array | null;
  /** symbol root per contract ("SPXW", "SPX", "BTC", "IBIT") */
  root: string[];
  /** 1-based line in the source file each contract came from */
  line: Int32Array;
  /** venue greeks, or null */
  vendor: VendorGreeks | null;
}

/** Why a row or contract was not used, with where it is. */
export interface Problem {
  /** 1-based line in the file */
  line: number;
  /** column, when one field is to blame */
  field?: string;
  reason: string;
}

/**
 * What a loader read, in contracts (a CBOE line holds two). The accounting identity
 * `contracts = used + expired + zeroOpenInterest + badIv + invalid` always holds, and every
 * contract counted in `badIv` or `invalid` has an entry in `problems`.
 */
export interface LoadReport {
  file: string;
  /** detected or forced format name: "cboe", "deribit", "json", "generic" */
  format: string;
  /** data rows (lines or JSON records) read, header excluded */
  rows: number;
  /** contracts read */
  contracts: number;
  /** contracts in the chain */
  used: number;
  excluded: { expired: number; zeroOpenInterest: number; badIv: number; invalid: number };
  /** open interest summed over every contract read (used or not), contracts */
  openInterest: { calls: number; puts: number };
  /** expiries of the used contracts, ISO 8601 with offset, ascending */
  expiries: string[];
  /** the latest expiry among the contracts excluded as expired, ISO 8601, or null when none was */
  expiredThrough: string | null;
  /** every contract not used for a reason other than expiry or zero open interest */
  problems: Problem[];
  /**
   * things the user should know that did not exclude a row (repaired IVs, stale forwards, an
   * assumed multiplier, an option the format ignores); line 0 means the file or the options as a
   * whole, not a line
   */
  warnings: Problem[];
}

/** A chain with the report of how it was read. */
export interface Loaded {
  chain: Chain;
  report: LoadReport;
}

/** One contract as a loader hands it to {@link ChainBuilder.push}. */
export interface ContractRow {
  type: number;
  strike: number;
  expiry: number;
  time: number;
  openInterest: number;
  multiplier: number;
  iv: number;
  forward?: number;
  position?: number;
  root: string;
  line: number;
  vendor?: { delta?: number; gamma?: number; vega?: number; theta?: number };
}

/**
 * Grows typed columns as contracts are pushed (amortized doubling), then trims them. The position
 * and vendor-greek columns are allocated only when a contract has them (most files have neither:
 * no memory written per row for them). {@link ChainBuilder.finish} hands over the columns (a view
 * of them when at most an eighth of the capacity is unused, else a trimmed copy): the builder is
 * spent after it.
 *
 * @example
 * const b = new ChainBuilder();
 * b.push({ type: CALL, strike: 100, expiry: Date.UTC(2025, 0, 17), time: 0.1, openInterest: 10,
 *          multiplier: 100, iv: 0.2, root: "XYZ", line: 2 });
 * const chain = b.finish({ underlying: "XYZ", asOf: { epochMs: 0, zone: "UTC" }, spot: 100, rate: 0, dividend: 0 });
 * chain.length; // 1
 */
export class ChainBuilder {
  private n = 0;
  private cap: number;
  private type: Int8Array;
  private strike: Float64Array;
  private expiry: Float64Array;
  private time: Float64Array;
  private oi: Float64Array;
  private mult: Float64Array;
  private iv: Float64Array;
  private fwd: Float64Array;
  /** null until a contract has a position (the others then hold 0) */
  private pos: Float64Array | null = null;
  private lines: Int32Array;
  /** the roots, once they differ; until then every contract's root is `root0` */
  private roots: string[] | null = null;
  private root0 = "";
  /** vendor greeks: null until a contract has them (the others then hold NaN) */
  private vd: Float64Array | null = null;
  private vg: Float64Array | null = null;
  private vv: Float64Array | null = null;
  private vt: Float64Array | null = null;

  constructor(capacity = 1024) {
    this.cap = Math.max(16, capacity);
    this.type = new Int8Array(this.cap);
    this.strike = new Float64Array(this.cap);
    this.expiry = new Float64Array(this.cap);
    this.time = new Float64Array(this.cap);
    this.oi = new Float64Array(this.cap);
    this.mult = new Float64Array(this.cap);
    this.iv = new Float64Array(this.cap);
    this.fwd = new Float64Array(this.cap);
    this.lines = new Int32Array(this.cap);
  }

  /** Number of contracts pushed so far. */
  get length(): number {
    return this.n;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g8 = (a: Int8Array) => { const b = new Int8Array(cap); b.set(a); return b; };
    const g32 = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
    const g = (a: Float64Array, fill = 0) => { const b = new Float64Array(cap); b.set(a); if (fill !== 0) b.fill(fill, a.length); return b; };
    this.type = g8(this.type);
    this.lines = g32(this.lines);
    this.strike = g(this.strike); this.expiry = g(this.expiry); this.time = g(this.time);
    this.oi = g(this.oi); this.mult = g(this.mult); this.iv = g(this.iv); this.fwd = g(this.fwd);
    if (this.pos) this.pos = g(this.pos);
    if (this.vd) {
      this.vd = g(this.vd, NaN); this.vg = g(this.vg!, NaN); this.vv = g(this.vv!, NaN); this.vt = g(this.vt!, NaN);
    }
    this.cap = cap;
  }

  /** Append one contract (the caller has validated it). */
  push(c: ContractRow): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.type[i] = c.type;
    this.strike[i] = c.strike;
    this.expiry[i] = c.expiry;
    this.time[i] = c.time;
    this.oi[i] = c.openInterest;
    this.mult[i] = c.multiplier;
    this.iv[i] = c.iv;
    this.fwd[i] = c.forward ?? NaN;
    if (c.position !== undefined) (this.pos ??= new Float64Array(this.cap))[i] = c.position;
    this.lines[i] = c.line;
    if (this.roots !== null) this.roots.push(c.root);
    else if (i === 0) this.root0 = c.root;
    else if (c.root !== this.root0) (this.roots = new Array<string>(i).fill(this.root0)).push(c.root);
    const v = c.vendor;
    if (v) {
      if (this.vd === null) {
        this.vd = new Float64Array(this.cap).fill(NaN);
        this.vg = new Float64Array(this.cap).fill(NaN);
        this.vv = new Float64Array(this.cap).fill(NaN);
        this.vt = new Float64Array(this.cap).fill(NaN);
      }
      this.vd[i] = v.delta ?? NaN;
      this.vg![i] = v.gamma ?? NaN;
      this.vv![i] = v.vega ?? NaN;
      this.vt![i] = v.theta ?? NaN;
    }
  }

  /**
   * Trim the columns and attach the snapshot header (the underlying with control characters written
   * as visible escapes, {@link oneLine}). The builder is spent: the chain may share its
   * columns (a view when at most an eighth of the capacity is unused: no copy of a large chain).
   */
  finish(header: { underlying: string; asOf: Instant; spot: number; rate: number; dividend: number }): Chain {
    const n = this.n;
    const cut = <T extends Int8Array | Int32Array | Float64Array>(a: T): T =>
      (n === a.length ? a : 8 * (a.length - n) <= a.length ? a.subarray(0, n) : a.slice(0, n)) as T;
    return {
      ...header,
      // a symbol read from a file is printed in titles and units everywhere: no escape code of it
      // may act on a terminal (escapes written visibly, as in error messages)
      underlying: oneLine(header.underlying),
      length: n,
      type: cut(this.type),
      strike: cut(this.strike),
      expiry: cut(this.expiry),
      time: cut(this.time),
      openInterest: cut(this.oi),
      multiplier: cut(this.mult),
      iv: cut(this.iv),
      forward: cut(this.fwd),
      position: this.pos ? cut(this.pos) : null,
      root: this.roots !== null ? this.roots.slice(0, n) : new Array<string>(n).fill(this.root0),
      line: cut(this.lines),
      vendor: this.vd ? { delta: cut(this.vd), gamma: cut(this.vg!), vega: cut(this.vv!), theta: cut(this.vt!) } : null,
    };
  }
}
