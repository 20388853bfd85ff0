/**
 * What every command that loads a chain tells the user about the load, in one place: the same
 * warning lines on stderr (text output) or in `warnings` (JSON), the same `counts`, and the same
 * refusal when nothing usable is left. No number is printed without the word that qualifies it.
 *
 * @module
 */
import type { Loaded, LoadReport, Problem } from "./chain.js";
import { InputError } from "./errors.js";

/** The load's counts, as `--json` prints them under `counts.file`. */
export interface LoadCounts {
  /** data rows (lines or records) read */
  rows: number;
  /** contracts read (a CBOE line holds two) */
  contracts: number;
  /** contracts in the chain */
  used: number;
  excluded: LoadReport["excluded"];
}

/**
 * The counts of a load report.
 *
 * @example
 * loadCounts(report); // { rows: 10519, contracts: 21038, used: 14980, excluded: { expired: 446, zeroOpenInterest: 5226, badIv: 386, invalid: 0 } }
 */
export function loadCounts(report: LoadReport): LoadCounts {
  return { rows: report.rows, contracts: report.contracts, used: report.used, excluded: { ...report.excluded } };
}

/** Where a problem is: `file:line` (line 0 means the file or the options as a whole). */
function at(name: string, p: Problem): string {
  return p.line > 0 ? `${name}:${p.line}` : name;
}

/** A warning's kind: its text with quoted values and words holding digits (numbers, 27DEC24) blanked, so that alike ones group. */
function kind(p: Problem): string {
  return `${p.field ?? ""}|${p.reason.replace(/"[^"]*"|'[^']*'|[-+]?[\w.]*\d[\w.,:+-]*/g, "#")}`;
}

/**
 * The warning lines of a load, one per kind of thing to know (the first of each kind with its
 * line, and how many more like it): contracts left out for a bad IV or an unreadable row (with the
 * first one), then the loader's warnings (an assumed multiplier or time of day, a truncated file,
 * decimal commas, repaired IVs, stale forwards, options the format ignores).
 *
 * @param report - what the loader read
 * @param name - the file as the user named it (default the report's)
 * @example
 * loadWarnings(report); // SPX export of 2024-01-07
 * // ["spx.csv: 386 contract(s) left out for a bad IV or an unreadable row, e.g. line 5: IV: SPXW240105C01200000: IV 0 …; gexray inspect lists them"]
 */
export function loadWarnings(report: LoadReport, name = report.file): string[] {
  const out: string[] = [];
  const bad = report.excluded.badIv + report.excluded.invalid;
  if (bad > 0) {
    const p = report.problems[0];
    const eg = p === undefined ? "" : `, e.g. line ${p.line}: ${p.field ? `${p.field}: ` : ""}${p.reason}`;
    out.push(`${name}: ${bad} contract(s) left out for a bad IV or an unreadable row${eg}; gexray inspect lists them`);
  }
  const groups = new Map<string, { first: Problem; n: number }>();
  for (const w of report.warnings) {
    const k = kind(w);
    const g = groups.get(k);
    if (g) g.n++;
    else groups.set(k, { first: w, n: 1 });
  }
  for (const { first, n } of groups.values()) {
    out.push(`${at(name, first)}: ${first.field && first.line > 0 ? `${first.field}: ` : ""}${first.reason}${n > 1 ? ` (and ${n - 1} more like it)` : ""}`);
  }
  return out;
}

/**
 * Refuse a load that left nothing to compute, with one line saying why and what to try: every
 * contract expired by the snapshot time, every IV unusable (in percent without `--iv-percent`?),
 * every open interest zero, or no row readable.
 *
 * @param loaded - the chain and its report
 * @param name - the file as the user named it
 * @param asOf - the snapshot time as printed
 * @throws InputError (exit 2 in the CLI) when the chain is empty
 * @example
 * assertUsable(await loadChain("old.csv"), "old.csv", "2024-03-01T16:00:00-05:00");
 * // throws "old.csv: nothing to compute: every one of the 21038 contracts expired by the snapshot time …"
 */
export function assertUsable(loaded: Loaded, name: string, asOf: string): void {
  const { chain, report } = loaded;
  if (chain.length > 0) return;
  const x = report.excluded;
  const n = report.contracts;
  let why: string;
  if (x.expired === n) {
    why = `every one of the ${n} contracts expired by the snapshot time ${asOf}` +
      (report.expiredThrough ? ` (the last expiry is ${report.expiredThrough})` : "") +
      ": is the file's date right? pass --asof with the time the quotes were taken";
  } else if (x.zeroOpenInterest === n - x.expired) {
    why = `every live contract has zero open interest (${x.zeroOpenInterest}; ${x.expired} expired): there is no position to compute`;
  } else if (x.badIv > 0 && report.problems.some((p) => p.reason.includes("--iv-percent"))) {
    why = `no contract has a usable IV: ${x.badIv} are above 5 (500%), as IVs in percent are: pass --iv-percent`;
  } else if (x.badIv > 0 && x.invalid === 0) {
    const p = report.problems[0]!;
    why = `no contract has a usable IV (${x.badIv}), e.g. line ${p.line}: ${p.reason}`;
  } else {
    const p = report.problems[0];
    why = `no usable contract (${n} read: ${x.expired} expired, ${x.zeroOpenInterest} zero open interest, ${x.badIv} bad IV, ${x.invalid} unreadable)` +
      (p ? `, e.g. line ${p.line}: ${p.field ? `${p.field}: ` : ""}${p.reason}` : "") + "; gexray inspect lists every row";
  }
  throw new InputError(`nothing to compute: ${why}`, { file: name });
}
