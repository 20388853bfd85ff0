/**
 * `gexray notes <notes.csv>`: per structured note, the barrier level and its distance from spot,
 * the note's status (alive, breached-intraday, knocked-in, autocalled, matured, pending), the
 * embedded down-and-in put's value and greeks per share-equivalent, the issuer's hedge, and the
 * hedge a breach of the barrier would force the issuer to sell.
 *
 * Also exports the market flags and the book loader that `gexray clusters` shares.
 *
 * @module
 */
import type { Command } from "commander";
import type { Instant } from "../../data/chain.js";
import type { NoteTerms } from "../../data/noteTerms.js";
import type { PriceHistory, RowsReport } from "../../data/priceHistory.js";
import type { ExposureTotals, NoteExposure } from "../../notes/exposure.js";
import { printWarnings } from "../chainInput.js";
import { UsageError } from "../errors.js";
import { parseDecimalOrPercent, parseNumber, parseVol } from "../options.js";

/** The market flags `notes` and `clusters` share, as commander hands them over. */
export interface NoteMarketFlags {
  asof?: string;
  spot?: string;
  prices?: string;
  vol?: string;
  volFrom?: string;
  rate?: string;
  underlying?: string;
  strict?: boolean;
  json?: boolean;
  out?: string;
  /** --wide (every command: cli/terminal.ts) */
  wide?: boolean;
  /** false with --no-color */
  color?: boolean;
}

/** Volatility used when neither --vol nor --vol-from is given: a round mid-range level for IBIT, not a quote. */
export const DEFAULT_NOTE_VOL = 0.55;

/** A spot or history close older than this many days before the as-of date is warned about. */
const STALE_DAYS = 5;

/**
 * Add the market flags shared by `notes` and `clusters`.
 *
 * @example
 * addNoteMarketFlags(program.command("notes").argument("<notes.csv>"));
 */
export function addNoteMarketFlags(cmd: Command): Command {
  return cmd
    .option("--asof <date>", "as-of date (its 16:00 New York close) or ISO time; default: the price history's last close, else now")
    .option("--spot <price>", "underlying price at the as-of instant, USD per share (default: the history's close)")
    .option("--prices <history.csv>", "daily closes of the underlying (date,close or Yahoo/Nasdaq exports): initial levels, knock-ins, autocalls, spot")
    .option("--vol <vol>", "volatility for every note, decimal or percent (default 55%)")
    .option("--vol-from <chain>", "read each note's vol from an option chain's implied vols (at the barrier's moneyness, for its remaining life)")
    .option("--rate <rate>", "continuous risk-free rate, decimal or percent (default 0)")
    .option("--underlying <symbol>", "use the notes on this underlying only (required when the book has several)")
    .option("--strict", "stop with exit code 2 at the first note (or history row) that cannot be used")
    .option("--json", "print JSON")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout");
}

/** A book of notes on one underlying with the market it is evaluated in. */
export interface NoteContext {
  file: string;
  notes: NoteTerms[];
  report: RowsReport;
  underlying: string;
  asOf: Instant;
  /** where the as-of instant came from */
  asOfSource: "flag" | "history" | "clock";
  spot: number | undefined;
  /** "flag", or "close YYYY-MM-DD" of the history */
  spotSource: string | null;
  history: PriceHistory | undefined;
  historyFile: string | undefined;
  /** one vol, or one per note */
  vol: number | ((note: NoteTerms) => number);
  volSource: "flag" | "default" | "chain";
  /** the fixed vol, null when read per note from a chain */
  volValue: number | null;
  volChain: string | undefined;
  rate: number;
  /** messages already printed on stderr */
  warnings: string[];
}

/** Print a warning on stderr and keep it for --json. */
function warner(list: string[]): (msg: string) => void {
  return (msg) => {
    list.push(msg);
    printWarnings([msg]);
  };
}

function where(file: string, p: { line: number; field?: string }): string {
  return `${file}:${p.line}: ${p.field !== undefined ? p.field + ": " : ""}`;
}

/**
 * Load a note book and its market from the shared flags: term sheets (initial levels from
 * --prices where missing), one underlying, the as-of instant, spot, vol and rate. Rejected rows are
 * printed as warnings (with --strict the first one stops the run); a file with no usable note is an
 * error naming the first problem's line and field.
 *
 * @param file - the term-sheet CSV
 * @param flags - the market flags
 * @throws UsageError for a bad flag value; InputError (exit 2) for an unusable file
 * @example
 * const ctx = await loadNoteContext("data/ibit_notes_sample.csv", { prices: "data/ibit_history_2025-09_2026-02.csv" });
 * ctx.notes.length; // 49
 * ctx.spot;         // 40.6 (the history's close on 2026-02-13)
 */
export async function loadNoteContext(file: string, flags: NoteMarketFlags): Promise<NoteContext> {
  const [{ loadTermSheets }, { loadPriceHistory, closeOn }, { parseInstant, NEW_YORK }, { InputError }, dates] = await Promise.all([
    import("../../data/termSheets.js"), import("../../data/priceHistory.js"), import("../../data/time.js"),
    import("../../data/errors.js"), import("../../notes/dates.js"),
  ]);
  const warnings: string[] = [];
  const warn = warner(warnings);

  const rate = flags.rate === undefined ? 0 : parseDecimalOrPercent(flags.rate, "--rate", { gt: -1, lt: 1 });
  if (flags.vol !== undefined && flags.volFrom !== undefined) throw new UsageError("--vol and --vol-from are exclusive: give one");
  const volFlag = flags.vol === undefined ? undefined : parseVol(flags.vol, "--vol");
  const spotFlag = flags.spot === undefined ? undefined : parseNumber(flags.spot, "--spot", { gt: 0 });
  let asOf: Instant | undefined;
  if (flags.asof !== undefined) {
    asOf = parseInstant(flags.asof, "16:00", NEW_YORK);
    if (!asOf) throw new UsageError(`--asof must be a date like 2026-02-03 or an ISO 8601 time like 2026-02-03T16:00-05:00 (got ${JSON.stringify(flags.asof)})`);
  }

  let history: PriceHistory | undefined;
  if (flags.prices !== undefined) {
    history = await loadPriceHistory(flags.prices, flags.strict ? { strict: true } : {});
    for (const p of history.report.problems) warn(`${where(flags.prices, p)}${p.reason} (row left out)`);
    if (history.dates.length === 0) throw new InputError("no usable closes", { file: flags.prices });
  }

  const sheets = await loadTermSheets(file, { ...(flags.strict ? { strict: true } : {}), ...(history ? { history } : {}) });
  const { report } = sheets;
  if (sheets.notes.length === 0) {
    const p = report.problems[0]!;
    throw new InputError(`${p.reason} (no usable note in the file)`, p.field === undefined ? { file, line: p.line } : { file, line: p.line, field: p.field });
  }
  for (const p of report.problems) warn(`${where(file, p)}${p.reason} (note left out)`);
  for (const p of report.warnings) warn(`${where(file, p)}${p.reason}`);

  const underlyings = [...new Set(sheets.notes.map((n) => n.underlying))].sort();
  let underlying: string;
  if (flags.underlying !== undefined) {
    underlying = flags.underlying.trim().toUpperCase();
    if (!underlyings.includes(underlying)) throw new UsageError(`--underlying ${underlying}: no note in ${file} is on it (the book has ${underlyings.join(", ")})`);
  } else if (underlyings.length > 1) {
    throw new UsageError(`${file} has notes on ${underlyings.join(", ")}: pick one with --underlying (spot, history and clusters are per underlying)`);
  } else {
    underlying = underlyings[0]!;
  }
  const notes = sheets.notes.filter((n) => n.underlying === underlying);
  if (history?.underlying !== undefined && history.underlying !== underlying) {
    throw new UsageError(`--prices ${flags.prices} is a history of ${history.underlying}, the notes are on ${underlying}`);
  }

  let asOfSource: NoteContext["asOfSource"] = "flag";
  if (!asOf) {
    if (history) {
      asOf = { epochMs: dates.closeInstant(history.dates[history.dates.length - 1]!), zone: NEW_YORK };
      asOfSource = "history";
    } else {
      asOf = { epochMs: Date.now(), zone: NEW_YORK };
      asOfSource = "clock";
    }
  }
  const asOfDate = dates.newYorkDate(asOf.epochMs);

  let spot = spotFlag;
  let spotSource: string | null = spot === undefined ? null : "flag";
  if (history) {
    const last = history.dates[history.dates.length - 1]!;
    const c = closeOn(history, asOfDate);
    // today's close counts only once it has happened
    const usable = c && dates.closeInstant(c.date) > asOf.epochMs ? closeOn(history, dates.addDays(c.date, -1)) : c;
    if (spot === undefined) {
      if (!usable) {
        warn(`${flags.prices}: the history starts ${history.dates[0]}, after the as-of date ${asOfDate}: no spot (give --spot)`);
      } else {
        spot = usable.close;
        spotSource = `close ${usable.date}`;
        const age = dates.daysBetween(usable.date, asOfDate);
        if (age > STALE_DAYS) warn(`spot ${spot} is the close of ${usable.date}, ${age} days before the as-of date ${asOfDate}`);
      }
    }
    const gap = dates.daysBetween(last, asOfDate);
    if (gap > STALE_DAYS) warn(`${flags.prices} ends ${last}, ${gap} days before the as-of date ${asOfDate}: knock-ins and autocalls after it are not seen`);
    const watched = notes.filter((n) => n.observation !== "final" || n.autocallFrequency !== undefined);
    const early = watched.filter((n) => dates.daysBetween(history!.dates[0]!, n.pricingDate) < 0 && n.pricingMs <= asOf!.epochMs);
    if (early.length > 0) warn(`${flags.prices} starts ${history.dates[0]}, after the pricing date of ${early.length} daily, continuous or autocallable note(s): closes before it are not checked`);
    if (notes.some((n) => n.observation === "continuous")) warn("continuous barriers are checked on daily closes only: an intraday breach that closed above the barrier is not seen");
  }

  let vol: NoteContext["vol"] = volFlag ?? DEFAULT_NOTE_VOL;
  let volSource: NoteContext["volSource"] = volFlag === undefined ? "default" : "flag";
  let volValue: number | null = volFlag ?? DEFAULT_NOTE_VOL;
  if (flags.volFrom !== undefined) {
    const [{ loadChain }, { assertUsable, loadWarnings }, { chainVolForNotes, chainSurface }] = await Promise.all([
      import("../../data/load.js"), import("../../data/loadSummary.js"), import("../../notes/chainVol.js"),
    ]);
    const loaded = await loadChain(flags.volFrom, flags.strict ? { strict: true } : {});
    for (const w of loadWarnings(loaded.report, flags.volFrom)) warn(w); // as every command that loads a chain
    const { formatInstant } = await import("../../data/time.js");
    assertUsable(loaded, flags.volFrom, formatInstant(loaded.chain.asOf));
    const { chain } = loaded;
    vol = chainVolForNotes(chain, { asOfMs: asOf.epochMs, ...(spot !== undefined ? { spot } : {}) });
    // the surface's fallbacks are said (a monotone interpolation where SVI could not fit an expiry)
    const surface = chainSurface(chain);
    const falls = surface.slices.filter((x) => x.method !== "svi");
    if (falls.length > 0) {
      warn(`--vol-from ${flags.volFrom}: ${falls.length} of ${surface.slices.length} expiries use a monotone interpolation of their quotes instead of SVI ` +
        `(e.g. ${new Date(falls[0]!.expiryMs).toISOString().slice(0, 10)}: ${falls[0]!.fallbackReason})`);
    }
    volSource = "chain";
    volValue = null;
    if (chain.underlying.toUpperCase() !== underlying && spot === undefined) {
      warn(`--vol-from ${flags.volFrom} is a ${chain.underlying} chain and no ${underlying} spot is known: vols are read at the money`);
    }
  }

  return {
    file, notes, report, underlying, asOf, asOfSource, spot, spotSource, history, historyFile: flags.prices,
    vol, volSource, volValue, volChain: flags.volFrom, rate, warnings,
  };
}

/**
 * One line describing the as-of instant, spot, vol and rate, for the top of a table.
 *
 * @example
 * await marketLine(ctx);
 * // "as of 2026-02-13T16:00:00-05:00 (last close of the history); spot 40.6 (close 2026-02-13); vol 55% (default; set --vol); rate 0"
 */
export async function marketLine(ctx: NoteContext): Promise<string> {
  const { formatInstant } = await import("../../data/time.js");
  const asOfWhy = ctx.asOfSource === "history" ? " (last close of the history)" : ctx.asOfSource === "clock" ? " (now)" : "";
  const spot = ctx.spot === undefined ? "spot unknown (give --spot or --prices)" : `spot ${ctx.spot}${ctx.spotSource === "flag" ? "" : ` (${ctx.spotSource})`}`;
  const vol = ctx.volValue === null ? `vol from ${ctx.volChain} (per note, at the barrier's moneyness)` : `vol ${pct(ctx.volValue)}${ctx.volSource === "default" ? " (default; set --vol)" : ""}`;
  return `as of ${formatInstant(ctx.asOf)}${asOfWhy}; ${spot}; ${vol}; rate ${pct(ctx.rate)}`;
}

function pct(x: number): string {
  return x === 0 ? "0" : `${Number((x * 100).toPrecision(6))}%`;
}

/** `x` in millions with 2 decimals. */
export function millions(x: number): string {
  return (x / 1e6).toFixed(2);
}

/** A whole number with no decimals. */
export function whole(x: number): string {
  const r = Math.round(x);
  return (r === 0 ? 0 : r).toString();
}

/** What `gexray notes --json` prints. */
export interface NotesJson {
  file: string;
  underlying: string;
  asOf: string;
  asOfSource: NoteContext["asOfSource"];
  spot: number | null;
  spotSource: string | null;
  vol: { source: NoteContext["volSource"]; value: number | null; chain?: string };
  rate: number;
  notes: NoteExposure[];
  totals: ExposureTotals;
  report: RowsReport;
  warnings: string[];
  units: Record<string, string>;
}

/** Units of the `notes --json` fields. */
export const NOTE_UNITS: Record<string, string> = {
  barrierLevel: "USD per share",
  initialLevel: "USD per share",
  strike: "USD per share (the embedded put's strike = strike_pct × initial)",
  barrierPct: "decimal fraction of the initial level",
  distancePct: "percent: (barrier / spot − 1) × 100, negative below spot",
  shares: "share-equivalent: notional / initial level",
  remainingYears: "years to the maturity close (calendar / 365)",
  vol: "decimal per √year",
  value: "USD per share-equivalent (the embedded down-and-in put, which the issuer is long)",
  valueUsd: "USD (value × shares)",
  delta: "the embedded put's ∂V/∂S per share-equivalent (a vanilla put's is in [−1, 0]; near a barrier this one is not)",
  gamma: "∂²V/∂S² per USD of spot, per share-equivalent",
  vanna: "∂²V/∂S∂σ per 1.00 of vol, per share-equivalent",
  hedgeShares: "shares of underlying the issuer holds: −delta × shares",
  hedgeUsd: "USD: hedgeShares × spot",
  knockInUnwindShares: "shares: (delta just above the barrier − knocked-in put's delta) × shares, the signed change of the issuer's hedge if the barrier were breached now (negative = sold); final observation: the barrier's excess hedge over the knocked-in put's, shed as spot settles below the barrier",
  knockInUnwindUsd: "USD: knockInUnwindShares × barrier level",
  breachUnwindShares: "knocked-in notes: the same jump with the time left at the knock-in close (the flow the breach forced), shares",
  breachUnwindUsd: "USD at the barrier",
  "totals.dollarGamma": "USD of hedge change per 1% move: Σ shares × gamma × spot² × 0.01",
  "totals.dollarVanna": "USD of hedge change per +1 vol point: Σ shares × vanna × spot × 0.01",
};

const HELP = `
Examples:
  $ gexray notes data/ibit_notes_sample.csv --prices data/ibit_history_2025-09_2026-02.csv --asof 2026-02-03
  $ gexray notes my_notes.csv --spot 44.5 --vol 60% --rate 4% --json

Definitions (per note): shares = notional / initial level (the share-equivalent); value, delta,
gamma, vanna = the embedded down-and-in put's, per share-equivalent (the investor is short it, the
issuer long it); hedge = −delta × shares (the issuer holds the underlying); unwind = (delta just
above the barrier − the knocked-in put's delta) × shares: the hedge change if the barrier were
breached now, negative = sold (daily/continuous: a jump at the breach). Final-observation notes
have no knock-in before the final date: their unwind is the barrier's excess hedge over the
knocked-in put's, shed as spot settles below the barrier (gradually far from maturity, at once
near it). Daily observation is priced with the Broadie–Glasserman–Kou correction, Δt = 1/252 year.

Status: pending (not priced yet), alive, breached-intraday (--spot at or below a daily barrier
with no close at or below it in --prices: knocked in only if the next close is), knocked-in (a
close at or below a daily/continuous barrier in --prices, or --spot at or below a continuous one),
autocalled (a scheduled close at or above the autocall level, needs --prices), matured. Autocall and coupons set status and remaining life; the put is
valued to maturity.

Units: barrier and spot USD per share of the underlying; dist % = barrier / spot − 1; value USD per
share-equivalent (value $M for the note); delta shares per share-equivalent; gamma per USD of spot
per share-equivalent; vanna per 1.00 of vol per share-equivalent; hedge and unwind in shares and USD
(at spot; the unwind at the barrier); notional USD; life in years. --json adds a units object.
Exit codes: 0 success; 1 internal error; 2 bad input or usage (one line on stderr).
`;

/**
 * Add `notes` to the program.
 *
 * @example
 * register(program); // gexray notes --help
 */
export function register(program: Command): void {
  addNoteMarketFlags(
    program
      .command("notes")
      .summary("structured notes: barrier distance, status, embedded knock-in put, issuer hedge and knock-in unwind")
      .description(
        "Read a term-sheet CSV of structured notes and print, per note, the barrier level and its distance from spot, " +
          "the note's status, the embedded down-and-in put's value and greeks per share-equivalent, the issuer's hedge, " +
          "and the hedge a breach of the barrier would force the issuer to sell.",
      )
      .argument("<notes.csv>", "term sheets: note_id, issuer, underlying, pricing_date, initial_level (or --prices), barrier_pct or barrier_level, observation, maturity, notional_usd, …"),
  )
    .addHelpText("after", HELP)
    .action(async (file: string, flags: NoteMarketFlags) => {
      const ctx = await loadNoteContext(file, flags);
      const { bookExposure } = await import("../../notes/exposure.js");
      const { notes, totals } = bookExposure(ctx.notes, {
        asOfMs: ctx.asOf.epochMs, ...(ctx.spot !== undefined ? { spot: ctx.spot } : {}),
        ...(ctx.history ? { history: ctx.history } : {}), vol: ctx.vol, rate: ctx.rate,
      });
      const unchecked = notes.filter((n) => !n.autocallChecked).length;
      const warn = warner(ctx.warnings);
      if (unchecked > 0) warn(`${unchecked} autocallable note(s) had autocall dates before the as-of date that were not checked (give --prices)`);
      if (ctx.spot === undefined) warn("no spot: value, greeks and hedge are not computed (give --spot or --prices)");
      const { emit } = await import("../output.js");
      if (flags.json) {
        const { formatInstant } = await import("../../data/time.js");
        const out: NotesJson = {
          file, underlying: ctx.underlying, asOf: formatInstant(ctx.asOf), asOfSource: ctx.asOfSource,
          spot: ctx.spot ?? null, spotSource: ctx.spotSource,
          vol: { source: ctx.volSource, value: ctx.volValue, ...(ctx.volChain ? { chain: ctx.volChain } : {}) },
          rate: ctx.rate, notes, totals, report: ctx.report, warnings: ctx.warnings, units: NOTE_UNITS,
        };
        return emit(JSON.stringify(out, null, 2) + "\n", flags.out);
      }
      const { terminalOptions } = await import("../terminal.js");
      return emit(await renderNotesTable(ctx, notes, totals, flags.out === undefined ? terminalOptions(flags).width : Infinity), flags.out);
    });
}

/**
 * The `notes` table: one row per note, a totals row, and the units.
 *
 * @example
 * await renderNotesTable(ctx, notes, totals, 100); // "gexray notes: … \n\nid  obs …" (columns left out to fit, said under the table)
 *
 * @param width - widest line (default no limit): issuer, value, hedge $M, since, life and unwind
 *   shares are left out first, in that order of need
 */
export async function renderNotesTable(ctx: NoteContext, notes: NoteExposure[], totals: ExposureTotals, width = Infinity): Promise<string> {
  const [{ formatTable, formatNumber }, { fitLines, wrap }] = await Promise.all([import("../../report/table.js"), import("../../report/wrap.js")]);
  type Row = NoteExposure | { total: true };
  const isTotal = (r: Row): r is { total: true } => "total" in r;
  const num = (f: (r: NoteExposure) => number | null) => (r: Row) => (isTotal(r) ? undefined : f(r));
  const tot = (f: (r: NoteExposure) => number | null, t: number | null) => (r: Row) => (isTotal(r) ? t : f(r));
  const f2 = (x: number) => x.toFixed(2);
  const rows: Row[] = [...notes, { total: true }];
  const table = formatTable<Row>([
    { header: "id", value: (r) => (isTotal(r) ? `total (${totals.count} with a put)` : r.id) },
    { header: "issuer", value: (r) => (isTotal(r) ? "" : r.issuer), drop: 1 },
    { header: "obs", value: (r) => (isTotal(r) ? "" : r.observation) },
    { header: "barrier", value: num((r) => r.barrierLevel), format: f2 },
    { header: "dist %", value: num((r) => r.distancePct), format: (x) => x.toFixed(1) },
    { header: "status", value: (r) => (isTotal(r) ? "" : r.status) },
    { header: "since", value: (r) => (isTotal(r) ? "" : r.statusDate ?? ""), drop: 4 },
    { header: "life y", value: num((r) => r.remainingYears), format: f2, drop: 3 },
    { header: "notional $M", value: tot((r) => r.notionalUsd, totals.notionalUsd), format: millions },
    { header: "value $M", value: tot((r) => r.valueUsd, totals.valueUsd), format: millions, drop: 6 },
    { header: "delta", value: num((r) => r.delta), format: (x) => x.toFixed(3) },
    { header: "hedge sh", value: tot((r) => r.hedgeShares, totals.hedgeShares), format: whole },
    { header: "hedge $M", value: tot((r) => r.hedgeUsd, totals.hedgeUsd), format: millions, drop: 5 },
    { header: "unwind sh", value: tot((r) => r.knockInUnwindShares, totals.knockInUnwindShares), format: whole, drop: 2 },
    { header: "unwind $M", value: tot((r) => r.knockInUnwindUsd, totals.knockInUnwindUsd), format: millions },
  ], rows, { width });
  const by = Object.entries(totals.byStatus).filter(([, s]) => s.count > 0).map(([k, s]) => `${k} ${s.count} ($${formatNumber(s.notionalUsd / 1e6, 6)}M)`);
  const lines = [
    `gexray notes: ${ctx.file}, ${ctx.notes.length} note(s) on ${ctx.underlying}`,
    await marketLine(ctx),
    "",
    table.trimEnd(),
    "",
    `by status: ${by.join(", ")}`,
  ];
  if (totals.dollarGamma !== null) {
    lines.push(`issuers' embedded puts: dollar gamma $${millions(totals.dollarGamma)}M per 1% move, dollar vanna $${millions(totals.dollarVanna!)}M per vol point`);
  }
  lines.push(
    "",
    ...wrap("units: barrier USD per share; dist % = barrier / spot − 1; delta = the embedded down-and-in put's per share-equivalent " +
      "(notional / initial); hedge = −delta × shares, the issuer's long underlying; unwind = hedge change if the barrier were " +
      "breached now (− = sold), USD at the barrier; final-observation notes: the barrier's excess hedge (gexray notes --help).", Number.isFinite(width) ? width : 120),
  );
  return fitLines(lines.join("\n"), width) + "\n";
}
