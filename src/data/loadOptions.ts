/**
 * Options every chain loader accepts (the CLI's data-layer flags map onto these one to one).
 *
 * @module
 */
import type { Instant } from "./chain.js";

/** Chain file formats the data layer reads. */
export type ChainFormat = "cboe" | "deribit" | "json" | "generic";

/**
 * What the user can tell a loader beyond the file itself.
 *
 * @example
 * const opts: LoadOptions = { format: "generic", spot: 4700, asOf: "2024-01-05T16:00:00-05:00", multiplier: 100 };
 */
export interface LoadOptions {
  /** force a format instead of detecting it */
  format?: ChainFormat;
  /** spot price; overrides or supplies the file's */
  spot?: number;
  /** snapshot instant (ISO 8601 text or an Instant); overrides or supplies the file's */
  asOf?: string | Instant;
  /** continuous rate, decimal per year (default: the file's, else 0) */
  rate?: number;
  /** continuous dividend yield, decimal per year (default 0) */
  dividend?: number;
  /** generic CSV: canonical column name → the file's column name */
  map?: Record<string, string>;
  /** generic CSV: underlying units per contract when the file has no multiplier column (default 1) */
  multiplier?: number;
  /** generic CSV: IVs are in percent (80 = 80%) */
  ivPercent?: boolean;
  /** generic CSV: "HH:MM" clock for expiries given as a date alone (default "16:00") */
  expiryTime?: string;
  /** generic CSV: zone of that clock and of zone-less times (default America/New_York) */
  expiryZone?: string;
  /** generic CSV: the field delimiter (default: read from the header: `,`, `;` or tab) */
  delimiter?: "," | ";" | "\t";
  /**
   * generic CSV: the decimal mark (default "." for a `,` file; for a `;` or tab file, read from its
   * numbers: `0,25` says ",", `0.25` says ".")
   */
  decimal?: "." | ",";
  /** generic CSV: underlying name when the file has none */
  underlying?: string;
  /** any row problem throws an InputError naming the line instead of being reported */
  strict?: boolean;
  /**
   * CBOE: keep contracts whose vendor IV is exactly 0 (with IV 0: zero model gamma) instead of
   * excluding them, for `--convention perfiliev`, whose total at spot sums the file's Gamma column
   * over every row (those rows carry a vendor gamma); counted in one loader warning
   */
  keepZeroIv?: boolean;
}
