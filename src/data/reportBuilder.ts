/**
 * Bookkeeping shared by every loader, so that the accounting identity of {@link LoadReport}
 * (contracts = used + expired + zeroOpenInterest + badIv + invalid, and a problem entry for every
 * badIv and invalid contract) holds by construction.
 *
 * @module
 */
import type { LoadReport, Problem } from "./chain.js";
import { InputError } from "./errors.js";
import { formatInstant } from "./time.js";

/**
 * Counts rows and contracts as a loader reads them.
 *
 * @example
 * const rb = new ReportBuilder("chain.csv", "generic", false);
 * rb.row();
 * rb.contract(1, 25);      // a call with 25 contracts of open interest
 * rb.invalid(2, "iv", "not a number: 'abc'");
 * rb.finish("UTC").excluded.invalid; // 1
 */
export class ReportBuilder {
  private rows = 0;
  private contracts = 0;
  private used = 0;
  private expired = 0;
  private zeroOi = 0;
  private badIv = 0;
  private invalidCount = 0;
  private oiCalls = 0;
  private oiPuts = 0;
  private readonly expiries = new Set<number>();
  /** the expiry last added to `expiries`: files list contracts by expiry, so most rows skip the Set */
  private lastUsedExpiry = NaN;
  /** the latest expiry among the expired contracts (NaN: none, or not given) */
  private lastExpired = NaN;
  private readonly problems: Problem[] = [];
  private readonly warnings: Problem[] = [];

  constructor(
    private readonly file: string,
    private readonly format: string,
    private readonly strict: boolean,
  ) {}

  /** One data row (line or record) read. */
  row(): void {
    this.rows++;
  }

  /** One contract read; `oi` counts toward the open-interest totals when finite. */
  contract(type: number, oi: number): void {
    this.contracts++;
    if (oi > 0) {
      if (type === 1) this.oiCalls += oi;
      else if (type === -1) this.oiPuts += oi;
    }
  }

  /** The contract goes into the chain. */
  use(expiryMs: number): void {
    this.used++;
    if (expiryMs !== this.lastUsedExpiry) {
      this.expiries.add(expiryMs);
      this.lastUsedExpiry = expiryMs;
    }
  }

  /** Excluded: expired at the snapshot (T ≤ 0); `expiryMs` its expiry instant, when known. */
  excludeExpired(expiryMs = NaN): void {
    this.expired++;
    if (!(expiryMs <= this.lastExpired)) this.lastExpired = expiryMs;
  }

  /** Excluded: zero open interest (contributes nothing). */
  excludeZeroOpenInterest(): void {
    this.zeroOi++;
  }

  /** Excluded: no usable implied volatility. Throws in strict mode. */
  excludeBadIv(line: number, reason: string, field = "iv"): void {
    this.badIv++;
    this.problem({ line, field, reason });
  }

  /** Excluded: unreadable or invalid contract. Throws in strict mode. */
  invalid(line: number, field: string | undefined, reason: string, contracts = 1): void {
    this.invalidCount += contracts;
    this.problem(field === undefined ? { line, reason } : { line, field, reason });
  }

  /**
   * The file ends in the middle of a row (fewer fields than the header and no line end): warn that
   * the download looks truncated, since the rows after it are missing and nothing else says so.
   */
  truncated(line: number, fields: number, expected: number): void {
    this.warn(line, `the file ends in the middle of this row (${fields} of ${expected} fields, no line end): the download looks truncated, and every row after it is missing`);
  }

  /** A note that did not exclude anything (repaired IV, stale forward). */
  warn(line: number, reason: string, field?: string): void {
    this.warnings.push(field === undefined ? { line, reason } : { line, field, reason });
  }

  private problem(p: Problem): void {
    if (this.strict) {
      throw new InputError(p.reason, p.field === undefined ? { file: this.file, line: p.line } : { file: this.file, line: p.line, field: p.field });
    }
    this.problems.push(p);
  }

  /** The finished report; expiries are printed in `zone`. */
  finish(zone: string): LoadReport {
    return {
      file: this.file,
      format: this.format,
      rows: this.rows,
      contracts: this.contracts,
      used: this.used,
      excluded: { expired: this.expired, zeroOpenInterest: this.zeroOi, badIv: this.badIv, invalid: this.invalidCount },
      openInterest: { calls: this.oiCalls, puts: this.oiPuts },
      expiries: [...this.expiries].sort((a, b) => a - b).map((epochMs) => formatInstant({ epochMs, zone })),
      expiredThrough: Number.isNaN(this.lastExpired) ? null : formatInstant({ epochMs: this.lastExpired, zone }),
      problems: this.problems,
      warnings: this.warnings,
    };
  }
}
