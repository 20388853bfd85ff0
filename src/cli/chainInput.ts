/**
 * How every analysis command (profile, levels, strikes, report, notes --vol-from) loads its chain:
 * the warnings of the load on stderr (`gexray: warning: …`) for text and CSV output, in `warnings`
 * for `--json`; the file's counts for `--json` in `counts.file`; and exit 2 with one line saying why when nothing is
 * left to compute — after loading, or after the expiry filters and `--at`.
 *
 * @module
 */
import type { Chain, Loaded } from "../data/chain.js";
import type { LoadOptions } from "../data/loadOptions.js";
import type { LoadCounts } from "../data/loadSummary.js";
import type { ExpiryFilter } from "../exposure/select.js";
import { escapeControl } from "../report/format.js";
import { fitLines } from "../report/wrap.js";
import { UsageError } from "./errors.js";
import { TERMINAL_WIDTH } from "./terminal.js";

/** A chain loaded for an analysis, with what the user must be told about it. */
export interface ChainInput {
  loaded: Loaded;
  /** the load's warning lines, for stderr or the JSON */
  warnings: string[];
  /** the file's counts, for `--json` */
  counts: LoadCounts;
}

/**
 * Print warning lines on stderr, one `gexray: warning: …` each, file text quoted in them shown with
 * its control characters escaped. On a terminal each is wrapped to 100 columns (the terminal's width
 * if narrower; continuation lines indented); on a pipe or a file it stays one line, for grep and logs.
 *
 * @example
 * printWarnings(["spx.csv:5294: the file ends in the middle of this row …"]);
 */
export function printWarnings(warnings: readonly string[]): void {
  const err = process.stderr;
  const width = !err.isTTY ? Infinity : err.columns ? Math.max(80, Math.min(TERMINAL_WIDTH, err.columns)) : TERMINAL_WIDTH;
  for (const w of warnings) err.write(fitLines(escapeControl(`gexray: warning: ${w}`), width) + "\n");
}

/**
 * Load a chain for an analysis and refuse (exit 2) a file that left nothing to compute, saying why
 * and what to try. The warnings are returned, not printed: the command prints them with
 * {@link printWarnings} once its own flags have passed their checks (so that a usage error is one
 * line), or puts them in its JSON.
 *
 * @param file - the chain file
 * @param opts - loader options from the flags
 * @throws InputError (exit 2) for an unusable file or an empty chain
 * @example
 * const { loaded, warnings, counts } = await loadForAnalysis("spx.csv", {});
 */
export async function loadForAnalysis(file: string, opts: LoadOptions): Promise<ChainInput> {
  const [{ loadChain }, { assertUsable, loadCounts, loadWarnings }, { formatInstant }] = await Promise.all([
    import("../data/load.js"), import("../data/loadSummary.js"), import("../data/time.js"),
  ]);
  const loaded = await loadChain(file, opts);
  assertUsable(loaded, file, formatInstant(loaded.chain.asOf));
  return { loaded, warnings: loadWarnings(loaded.report, file), counts: loadCounts(loaded.report) };
}

/** The expiry-selection flags as text, for messages. */
export interface SelectionWords {
  expiry?: string;
  at?: string;
  daysForward?: string;
  excludeNextExpiry?: boolean;
  excludeExpiringToday?: boolean;
  excludeNextMonthly?: boolean;
}

/**
 * Refuse an evaluation instant and expiry filters that leave no contract (exit 2), naming the flag
 * and the chain's expiries so the user can pick again; the same check for every command.
 *
 * @param chain - the loaded chain
 * @param atMs - the evaluation instant
 * @param filter - the expiry filters
 * @param flags - the flags as given, for the message
 * @throws UsageError when nothing is selected
 * @example
 * await assertSelection(spx, spx.asOf.epochMs, { fromDate: "2031-01-01" }, { expiry: "2031-01-01" });
 * // throws "--expiry 2031-01-01 matches no expiry alive at 2024-01-07T10:52:00-05:00 (the chain's run from 2024-01-08 to 2029-12-21)"
 */
export async function assertSelection(chain: Chain, atMs: number, filter: ExpiryFilter, flags: SelectionWords): Promise<void> {
  const [{ selectContracts, dateInZone }, { formatInstant }] = await Promise.all([import("../exposure/select.js"), import("../data/time.js")]);
  const sel = selectContracts(chain, atMs, filter);
  if (sel.index.length > 0) return;
  const zone = chain.asOf.zone;
  const at = formatInstant({ epochMs: atMs, zone });
  let first = Infinity; // the expiries alive at the evaluation instant
  let last = -Infinity; // and the last of all
  for (let i = 0; i < chain.length; i++) {
    const e = chain.expiry[i]!;
    if (e > atMs && e < first) first = e;
    if (e > last) last = e;
  }
  const range = first === Infinity ? "none" : `from ${dateInZone(first, zone)} to ${dateInZone(last, zone)}`;
  if (sel.expired === sel.contracts) {
    const when = flags.at !== undefined ? `--at ${flags.at}` : `--days-forward ${flags.daysForward}`;
    throw new UsageError(`nothing to compute: ${when} (${at}) is after the last expiry (${formatInstant({ epochMs: last, zone })}): every contract has expired by then; give an earlier time`);
  }
  const exclusions = [
    flags.excludeNextExpiry ? "--exclude-next-expiry" : "",
    flags.excludeExpiringToday ? "--exclude-expiring-today" : "",
    flags.excludeNextMonthly ? "--exclude-next-monthly" : "",
  ].filter(Boolean);
  if (flags.expiry !== undefined) {
    const used = [`--expiry ${flags.expiry}`, ...exclusions].join(" with ");
    throw new UsageError(`nothing to compute: ${used} matches no expiry alive at ${at} (the chain's expiries run ${range}); pick dates in that range`);
  }
  // only exclusions: they left out every expiry still alive, so the hint is to drop one or evaluate earlier
  const used = exclusions.length > 0 ? exclusions.join(" with ") : "the expiry selection";
  const drop = exclusions.length === 1 ? `drop ${exclusions[0]}` : exclusions.length > 1 ? "drop one of them" : "select fewer filters";
  const earlier = flags.at !== undefined ? "an earlier --at" : flags.daysForward !== undefined ? "fewer --days-forward" : "";
  throw new UsageError(`nothing to compute: ${used} leaves out every expiry alive at ${at} (the chain's expiries run ${range}); ${drop}${earlier ? ` or give ${earlier}` : ""}`);
}
