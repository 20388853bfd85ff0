/**
 * `gexray inspect <file>`: what a chain file holds and how it was read: format, underlying,
 * snapshot, contracts used and excluded by reason, open interest, expiries, and every row that
 * could not be used with its line. The first command to run on a new file.
 *
 * @module
 */
import type { Command } from "commander";
import type { Loaded, LoadReport, Problem } from "../../data/chain.js";
import type { TerminalFlags } from "../terminal.js";
import { addDataFlags, DATA_FLAGS_HELP, loadOptionsFromFlags, type DataFlags } from "../dataFlags.js";

/** Flags of `gexray inspect`. */
interface InspectFlags extends DataFlags, TerminalFlags {
  json?: boolean;
  out?: string;
}

/** Contracts and open interest of one expiry (used contracts only). */
export interface ExpirySummary {
  /** ISO 8601 with offset */
  expiry: string;
  /** days from as-of to expiry (calendar) */
  days: number;
  contracts: number;
  /** open interest, contracts */
  openInterest: number;
  /** open interest × multiplier: underlying units */
  underlyingUnits: number;
}

/** What `gexray inspect --json` prints. */
export interface InspectSummary extends LoadReport {
  underlying: string;
  /** ISO 8601 with offset */
  asOf: string;
  spot: number;
  rate: number;
  dividend: number;
  byExpiry: ExpirySummary[];
  units: Record<string, string>;
}

const UNITS: Record<string, string> = {
  spot: "currency per unit of underlying",
  rate: "decimal per year, continuous",
  dividend: "decimal per year, continuous",
  rows: "data lines or records read (a CBOE line holds a call and a put)",
  contracts: "option contracts read",
  openInterest: "contracts, summed over every contract read (used or not)",
  "byExpiry.openInterest": "contracts, used contracts only",
  "byExpiry.underlyingUnits": "open interest × multiplier: units of underlying",
  "byExpiry.days": "calendar days from asOf to expiry",
};

/**
 * Collect the summary of a loaded chain (no printing).
 *
 * @param loaded - what `loadChain` returned
 * @returns the fields of `inspect --json`
 * @example
 * const s = await inspectSummary(await loadChain("test/fixtures/real/spx_quotedata_2024-01-07.csv"));
 * [s.format, s.asOf, s.contracts, s.used]; // ["cboe", "2024-01-07T10:52:00-05:00", 21038, 14980]
 * s.excluded;                               // { expired: 446, zeroOpenInterest: 5226, badIv: 386, invalid: 0 }
 * s.byExpiry[0];                            // { expiry: "2024-01-08T16:00:00-05:00", days: 1.2138888888888888, contracts: 260, openInterest: 177560, underlyingUnits: 17756000 }
 */
export async function inspectSummary(loaded: Loaded): Promise<InspectSummary> {
  const { formatInstant } = await import("../../data/time.js");
  const { chain, report } = loaded;
  const groups = new Map<number, { contracts: number; oi: number; units: number }>();
  for (let i = 0; i < chain.length; i++) {
    const e = chain.expiry[i]!;
    let g = groups.get(e);
    if (!g) groups.set(e, (g = { contracts: 0, oi: 0, units: 0 }));
    g.contracts++;
    g.oi += chain.openInterest[i]!;
    g.units += chain.openInterest[i]! * chain.multiplier[i]!;
  }
  // the report prints the same expiries (used contracts, ascending) in the loader's zone: reuse its text
  const sameSet = report.expiries.length === groups.size;
  const byExpiry = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([e, g], k) => ({
    expiry: sameSet ? report.expiries[k]! : formatInstant({ epochMs: e, zone: chain.asOf.zone }),
    days: (e - chain.asOf.epochMs) / 86400_000,
    contracts: g.contracts,
    openInterest: g.oi,
    underlyingUnits: g.units,
  }));
  return {
    file: report.file,
    format: report.format,
    underlying: chain.underlying,
    asOf: formatInstant(chain.asOf),
    spot: chain.spot,
    rate: chain.rate,
    dividend: chain.dividend,
    rows: report.rows,
    contracts: report.contracts,
    used: report.used,
    excluded: { ...report.excluded },
    openInterest: { ...report.openInterest },
    expiries: report.expiries,
    expiredThrough: report.expiredThrough,
    byExpiry,
    problems: report.problems,
    warnings: report.warnings,
    units: UNITS,
  };
}

const FORMAT_NAMES: Record<string, string> = {
  cboe: "CBOE quote-table export",
  deribit: "Deribit book summary",
  json: "JSON chain",
  generic: "generic CSV",
};

/** How many problems and warnings the text output lists. */
const SHOWN = 10;

/**
 * The summary as text for people, with units.
 *
 * @example
 * await renderInspect(s); // s from the inspectSummary example
 * // test/fixtures/real/spx_quotedata_2024-01-07.csv: CBOE quote-table export, underlying SPX
 * //   as of 2024-01-07T10:52:00-05:00, spot 4697.2402 (currency per unit of underlying), rate 0, dividend 0 (decimal per year)
 * //   read 10519 rows, 21038 contracts; used 14980
 * //   excluded: 446 expired, 5226 zero open interest, 386 bad IV, 0 invalid (contracts)
 * //   open interest read: calls 6138491, puts 11959919 (contracts)
 * //
 * // 58 expiries in use:
 * // expiry                        days  contracts  open interest  underlying units
 * // 2024-01-08T16:00:00-05:00     1.21        260         177560          17756000
 * // …
 */
export async function renderInspect(s: InspectSummary, width = Infinity): Promise<string> {
  const [{ formatNumber, formatTable }, { fitLines }, { escapeControl }] = await Promise.all([
    import("../../report/table.js"), import("../../report/wrap.js"), import("../../report/format.js"),
  ]);
  const n = (x: number) => formatNumber(x, 10);
  const x = s.excluded;
  const out: string[] = [
    `${s.file}: ${FORMAT_NAMES[s.format] ?? s.format}, underlying ${s.underlying || "(not named: pass --underlying)"}`,
    `  as of ${s.asOf}, spot ${n(s.spot)} (currency per unit of underlying), rate ${n(s.rate)}, dividend ${n(s.dividend)} (decimal per year)`,
    `  read ${n(s.rows)} rows, ${n(s.contracts)} contracts; used ${n(s.used)}`,
    `  excluded: ${n(x.expired)} expired, ${n(x.zeroOpenInterest)} zero open interest, ${n(x.badIv)} bad IV, ${n(x.invalid)} invalid (contracts)`,
    `  open interest read: calls ${n(s.openInterest.calls)}, puts ${n(s.openInterest.puts)} (contracts)`,
    "",
    `${s.byExpiry.length} expir${s.byExpiry.length === 1 ? "y" : "ies"} in use:`,
  ];
  let text = out.join("\n") + "\n";
  text += formatTable(
    [
      { header: "expiry", value: (e: ExpirySummary) => e.expiry },
      { header: "days", value: (e: ExpirySummary) => e.days, format: (d: number) => d.toFixed(2) },
      { header: "contracts", value: (e: ExpirySummary) => e.contracts, format: n },
      { header: "open interest", value: (e: ExpirySummary) => e.openInterest, format: n },
      { header: "underlying units", value: (e: ExpirySummary) => e.underlyingUnits, format: (u: number) => formatNumber(u, 8) },
    ],
    s.byExpiry,
    { footer: ["units: days calendar; open interest in contracts; underlying units = open interest × multiplier"], width },
  );
  const list = (title: string, items: Problem[]) => {
    if (items.length === 0) return "";
    const head = `\n${title} (${items.length}${items.length > SHOWN ? `, first ${SHOWN}` : ""}):\n`;
    // the reasons quote the file: control characters shown as escapes; line 0: about the file or the options (a flag the format ignores), not a line
    return head + items.slice(0, SHOWN).map((p) => escapeControl(p.line > 0 ? `  line ${p.line}: ${p.field ? p.field + ": " : ""}${p.reason}` : `  ${p.reason}`)).join("\n") + "\n";
  };
  text += list("problems", s.problems);
  text += list("warnings", s.warnings);
  return fitLines(text, width);
}

const HELP = `
Examples:
  $ gexray inspect test/fixtures/real/spx_quotedata_2024-01-07.csv
  $ gexray inspect chain.csv --spot 4697.24 --asof 2024-01-05T16:00-05:00 --multiplier 100
  $ gexray inspect btc_export.csv --map "expiry=Expiry Date,open_interest=OI,iv=Mark IV" --iv-percent \\
      --expiry-time 08:00 --expiry-zone UTC --spot 72011.29 --asof 2024-03-12T05:57:12Z --json
${DATA_FLAGS_HELP}
Output (--json): format, underlying, asOf, spot, rows, contracts, used, excluded {expired,
zeroOpenInterest, badIv, invalid}, openInterest {calls, puts}, expiries, byExpiry, problems
[{line, field, reason}], warnings, units. contracts = used + every excluded count, and every bad-IV
or invalid contract has a problem entry. With --strict the first problem stops the run (exit 2).
`;

/**
 * Add `inspect` to the program.
 *
 * @example
 * register(program); // gexray inspect <file> [--json] [--strict] …
 */
export function register(program: Command): void {
  const cmd = program
    .command("inspect")
    .summary("what a chain file holds: contracts used and excluded, open interest, expiries, problems")
    .description(
      "Load an option-chain file (CBOE quote export, Deribit book summary, JSON chain or generic CSV) the way every " +
        "analysis command does, and report what was read: the snapshot, contracts used and excluded by reason, open " +
        "interest, expiries, and each row that could not be used with its line and why.",
    )
    .argument("<file>", "chain file");
  addDataFlags(cmd)
    .option("--json", "print JSON (with a units object)")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: InspectFlags) => {
      const opts = loadOptionsFromFlags(flags);
      const [{ loadChain }, { emit }] = await Promise.all([import("../../data/load.js"), import("../output.js")]);
      const summary = await inspectSummary(await loadChain(file, opts));
      const { terminalOptions } = await import("../terminal.js");
      const width = flags.out === undefined ? terminalOptions(flags).width : Infinity;
      await emit(flags.json ? JSON.stringify(summary, null, 2) + "\n" : await renderInspect(summary, width), flags.out);
    });
}
