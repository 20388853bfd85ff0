/**
 * `gexray basis <file>`: the annualized basis of every listed futures contract (or every expiry's
 * forward of a Deribit option dump), the constant-maturity 30/60/90/120-day basis, and with
 * `--history` the term structure per day, its changes and the jump flags paired with open-interest
 * changes by venue.
 *
 * @module
 */
import type { Command } from "commander";

/** Flags of `gexray basis` (text; parsed in the action). */
interface BasisFlags {
  history?: boolean; tenors?: string; minDays?: string; yearDays?: string; compounding?: string; date?: string;
  oi?: string; spot?: string; root?: string; jumpPp?: string; jumpZ?: string; window?: string; minWindow?: string; oiPct?: string;
  strict?: boolean; json?: boolean; out?: string;
}

const HELP = `
Examples:
  $ gexray basis data/cme_btc_futures_2026-01-26_2026-02-10.csv
      the last day of the shipped SYNTHETIC CME sample: per contract and constant maturity
  $ gexray basis data/cme_btc_futures_2026-01-26_2026-02-10.csv --history \\
      --oi data/btc_oi_history_2026-01-26_2026-02-10.csv
      every day, the jump of 6 Feb (30-day constant maturity 3.28% → 8.99%; front contract BTCG26
      3.12% → 9.49%) with CME OI −13% the day before
  $ gexray basis test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv
      a real term structure from a Deribit option dump's per-expiry forwards
  $ gexray basis prices.csv --year-days 365.25 --tenors 30      Coin Metrics' convention

Input: a futures-price CSV (date or timestamp; contract code like BTCH26 / MBTG26, or expiry;
price; optional open_interest in contracts; spot, the reference spot per observation; one product
makes the curve, --root, default the most quoted: BTC before MBT in a CME file), or a Deribit book
summary (forward per expiry = the median underlying_price, spot = estimated_delivery_price). Days:
calendar time from the observation's instant (a date alone is 16:00 London, the CME CF BRR's print)
to the expiry instant (CME: last Friday of the month, or the UK+US business day before it, 16:00
London; Deribit 08:00 UTC). Contracts closer than --min-days (default 7) are left out. Basis p.a. =
(F/S − 1) × year-days / days (--compounding continuous: ln(F/S); compounded: (F/S)^(year/days) −
1). Constant maturity: F/S − 1 interpolated linearly in time between the listed expiries around
each tenor (Coin Metrics' method); a tenor beyond the last expiry is flagged, not extrapolated.
History (--history): per day the constant-maturity basis and OI by venue (CME from the file's
open_interest × data/contracts.json sizes, other venues from --oi at the same cut-off). A jump is a
change of at least --jump-pp percentage points (default 3) or |z| ≥ --jump-z (default 3) against
the previous --window changes (default 20, at least --min-window 5; jstat mean and sample sd). CME
OI falling --oi-pct (default 5%) the day of or before a jump reads as a basis-trade unwind; rising
on the day or the two after, a rebuild. The thresholds are design choices, not a published
standard.

Units: basis decimals per year in JSON (0.033 = 3.3%), percents in text; change in percentage
points; OI in coin (BTC) and USD; prices USD per coin. --json: { asOf, date, spot, contracts: [{
code, expiry, days, price, basis }], constantMaturity: { "30": … }, constantMaturityDetail,
excluded, forwards, days, jumps: [{ date, tenor, change, zScore, oiChange, rules, readings }],
inversions, jumpRules, conventions, source, oiSource, units }. Exit codes: 0 success; 1 internal
error; 2 bad input or usage (one line on stderr).
`;

/**
 * Add `basis` to the program.
 *
 * @example
 * register(program); // gexray basis prices.csv [--history] [--tenors 30,60,90,120] [--json]
 */
export function register(program: Command): void {
  program
    .command("basis")
    .summary("futures basis term structure, constant maturity, and basis jumps with OI changes")
    .description(
      "Annualized basis of every listed futures contract (or of a Deribit option dump's per-expiry forwards), the " +
        "constant-maturity 30/60/90/120-day basis, and with --history the term structure per day, day-over-day changes " +
        "and jump flags paired with open-interest changes by venue.",
    )
    .argument("<file>", "futures-price CSV or Deribit book summary CSV")
    .option("--history", "every observation of the file: changes, jumps, OI by venue")
    .option("--tenors <days>", "constant-maturity tenors, comma-separated days (default 30,60,90,120)")
    .option("--min-days <days>", "leave out contracts closer than this (default 7)")
    .option("--year-days <days>", "days in the year: 365 (default), 365.25 (Coin Metrics) or 360")
    .option("--compounding <kind>", "simple (default), continuous or compounded")
    .option("--date <YYYY-MM-DD>", "the observation to show (default: the last)")
    .option("--oi <file>", "open-interest history: Binance openInterestHist JSON/CSV, or a CSV with venue and bars")
    .option("--spot <price>", "spot for a file without a spot column (one observation only)")
    .option("--root <product>", "the product making the curve when the file has several (BTC, MBT; default: the most quoted)")
    .option("--jump-pp <pp>", "jump when |change| ≥ this many percentage points (default 3)")
    .option("--jump-z <z>", "jump when |z-score| ≥ this (default 3)")
    .option("--window <days>", "trailing window of changes for the z-score (default 20)")
    .option("--min-window <days>", "fewest previous changes for a z-score (default 5)")
    .option("--oi-pct <pct>", "CME OI change read as an unwind (≤ −x%) or a rebuild (≥ +x%) (default 5)")
    .option("--strict", "stop at the first unreadable row instead of leaving it out")
    .option("--json", "print JSON (with a units object)")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: BasisFlags) => {
      const [{ parseNumber, parseChoice }, { UsageError }] = await Promise.all([import("../options.js"), import("../errors.js")]);
      const tenors = flags.tenors === undefined ? undefined : flags.tenors.split(",").map((t) => parseNumber(t, "--tenors", { gt: 0, max: 3650 }));
      if (tenors && new Set(tenors).size !== tenors.length) throw new UsageError(`--tenors has a repeated tenor (got ${flags.tenors})`);
      const num = (t: string | undefined, name: string, rule = {}) => (t === undefined ? undefined : parseNumber(t, name, rule));
      const minDays = num(flags.minDays, "--min-days", { min: 0 });
      const yearDays = num(flags.yearDays, "--year-days", { gt: 0 });
      const compounding = flags.compounding === undefined ? undefined : parseChoice(flags.compounding, "--compounding", ["simple", "continuous", "compounded"] as const);
      if (flags.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.date)) throw new UsageError(`--date must be YYYY-MM-DD (got ${flags.date})`);
      const spot = num(flags.spot, "--spot", { gt: 0 });
      const jumps = {
        ...(flags.jumpPp !== undefined ? { changePp: parseNumber(flags.jumpPp, "--jump-pp", { gt: 0 }) } : {}),
        ...(flags.jumpZ !== undefined ? { z: parseNumber(flags.jumpZ, "--jump-z", { gt: 0 }) } : {}),
        ...(flags.window !== undefined ? { window: parseNumber(flags.window, "--window", { integer: true, min: 2 }) } : {}),
        ...(flags.minWindow !== undefined ? { minWindow: parseNumber(flags.minWindow, "--min-window", { integer: true, min: 2 }) } : {}),
        ...(flags.oiPct !== undefined ? { oiPct: parseNumber(flags.oiPct, "--oi-pct", { gt: 0 }) } : {}),
      };
      const historyOnly = ["jumpPp", "jumpZ", "window", "minWindow", "oiPct", "oi"] as const;
      for (const k of historyOnly) if (flags[k] !== undefined && !flags.history) throw new UsageError(`--${k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} needs --history`);
      const { analyzeBasis } = await import("../../report/basisAnalysis.js");
      const a = await analyzeBasis({
        file, history: flags.history === true, jumps,
        ...(tenors ? { tenors } : {}), ...(minDays !== undefined ? { minDays } : {}), ...(yearDays !== undefined ? { yearDays } : {}),
        ...(compounding ? { compounding } : {}), ...(flags.date !== undefined ? { date: flags.date } : {}),
        ...(flags.oi !== undefined ? { oiFile: flags.oi } : {}), ...(spot !== undefined ? { spot } : {}), ...(flags.strict ? { strict: true } : {}),
        ...(flags.root !== undefined ? { root: flags.root } : {}),
      });
      const { emit } = await import("../output.js");
      if (flags.json) {
        const doc = {
          ...a,
          units: {
            basis: "decimal per year (0.033 = 3.3%)", days: "calendar days to the expiry instant", price: "USD per coin",
            change: "percentage points of annualized basis, day over day", zScore: "standard deviations of the trailing window of changes",
            oi: "coin (BTC) and USD; changePct / pct in percent", spot: "USD per coin",
          },
        };
        return emit(JSON.stringify(doc, null, 2) + "\n", flags.out);
      }
      const [{ basisHeadline, basisTables, basisCounts }, { terminalTable }, { painter }, { wrapLines }] = await Promise.all([
        import("../../report/basisSections.js"), import("../../report/terminal.js"), import("../../report/ansi.js"), import("../wrapLines.js"),
      ]);
      const p = painter(false);
      const parts: string[] = [wrapLines([`Basis term structure ${basisHeadline(a)}`, ...a.fileNotes.map((n) => `note: ${n}`)], 100).join("\n") + "\n"];
      for (const t of basisTables(a)) parts.push(`\n${t.title}\n${terminalTable(t, p, 100)}`);
      parts.push("\n" + wrapLines(basisCounts(a), 100).join("\n") + "\n");
      return emit(parts.join(""), flags.out);
    });
}
