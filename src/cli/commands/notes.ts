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
import type { RealizedVol } from "../../notes/realizedVol.js";
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
  map?: string[];
  strict?: boolean;
  json?: boolean;
  out?: string;
  /** --wide (every command: cli/terminal.ts) */
  wide?: boolean;
  /** false with --no-color */
  color?: boolean;
}

/**
 * Volatility used only when nothing better is given (no --vol, no --vol-from chain, no --prices
 * history to measure): a round mid-range level for IBIT, not a quote — labelled ASSUMED wherever
 * it is used.
 */
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
    .option("--vol <vol>", "volatility for every note, decimal or percent (default: --vol-from, else the realized vol of --prices, else an assumed 55%)")
    .option("--vol-from <chain>", "read each note's vol from an option chain's implied vols (at the barrier's moneyness, for its remaining life)")
    .option("--rate <rate>", "continuous risk-free rate, decimal or percent (default 0)")
    .option("--underlying <symbol>", "use the notes on this underlying only (required when the book has several)")
    .option("--map <renames>", "term-sheet columns under other names: canonical=header,... e.g. note_id=CUSIP,barrier_pct=\"KI Barrier\" (repeatable)", (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
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
  /** flag (--vol), chain (--vol-from), realized (of --prices), assumed (the fixed fallback) */
  volSource: "flag" | "chain" | "realized" | "assumed";
  /** the fixed vol, null when read per note from a chain */
  volValue: number | null;
  volChain: string | undefined;
  /** the realized-vol estimate behind volValue when volSource is "realized" */
  volRealized?: RealizedVol;
  /** when volSource is "assumed" because the --prices history was too short: its daily returns up to the as-of date, and the minimum */
  volShortHistory?: { returns: number; needed: number };
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

  const map = flags.map === undefined ? undefined : parseColumnMap(flags.map);
  const sheets = await loadTermSheets(file, { ...(flags.strict ? { strict: true } : {}), ...(history ? { history } : {}), ...(map ? { map } : {}) });
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
  let volSource: NoteContext["volSource"] = volFlag === undefined ? "assumed" : "flag";
  let volValue: number | null = volFlag ?? DEFAULT_NOTE_VOL;
  let volRealized: RealizedVol | undefined;
  let volShortHistory: NoteContext["volShortHistory"];
  if (volFlag === undefined && flags.volFrom === undefined && history) {
    const { realizedVol, MIN_RETURNS } = await import("../../notes/realizedVol.js");
    volRealized = realizedVol(history, asOfDate);
    if (volRealized) {
      vol = volValue = volRealized.value;
      volSource = "realized";
    } else {
      warn(`${flags.prices} has fewer than ${MIN_RETURNS} daily returns up to ${asOfDate}: no realized vol, the assumed ${pct(DEFAULT_NOTE_VOL)} is used (set --vol)`);
      // closes on or before the as-of date, less one (realizedVol's count, below its window)
      let closes = 0;
      for (const d of history.dates) if (d <= asOfDate) closes++;
      volShortHistory = { returns: Math.max(0, closes - 1), needed: MIN_RETURNS };
    }
  }
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
    vol, volSource, volValue, volChain: flags.volFrom, ...(volRealized ? { volRealized } : {}),
    ...(volShortHistory ? { volShortHistory } : {}), rate, warnings,
  };
}

/** Why the fixed vol was assumed: no vol source given, or a --prices history too short for a realized vol. */
function assumedWhy(ctx: Pick<NoteContext, "volShortHistory">): string {
  const h = ctx.volShortHistory;
  return h ? `--prices has only ${h.returns} daily return${h.returns === 1 ? "" : "s"}, ${h.needed} needed` : "no --vol, --vol-from or --prices";
}

/**
 * The vol of a note context in words: where it came from, with its evidence.
 *
 * @example
 * volText(ctx); // "vol 31.2163% (realized: 63 daily returns 2025-10-31 to 2026-02-03, ×√252)"
 */
export function volText(ctx: Pick<NoteContext, "volValue" | "volSource" | "volChain" | "volRealized" | "volShortHistory">): string {
  if (ctx.volValue === null) return `vol from ${ctx.volChain} (per note, at the barrier's moneyness)`;
  const v = `vol ${pct(ctx.volValue)}`;
  switch (ctx.volSource) {
    case "realized": {
      const r = ctx.volRealized!;
      return `${v} (realized: ${r.returns} daily returns ${r.from} to ${r.to}, ×√${r.perYear})`;
    }
    case "assumed": return `${v} (ASSUMED: ${assumedWhy(ctx)})`;
    default: return `${v} (--vol)`;
  }
}

/**
 * Two lines describing the as-of instant and spot, then the vol (with its evidence) and rate, for
 * the top of a table.
 *
 * @example
 * await marketLine(ctx);
 * // "as of 2026-02-13T16:00:00-05:00 (last close of the history); spot 40.6 (close 2026-02-13)\nvol 45.2621% (realized: …); rate 0"
 */
export async function marketLine(ctx: NoteContext): Promise<string> {
  const { formatInstant } = await import("../../data/time.js");
  const asOfWhy = ctx.asOfSource === "history" ? " (last close of the history)" : ctx.asOfSource === "clock" ? " (now)" : "";
  const spot = ctx.spot === undefined ? "spot unknown (give --spot or --prices)" : `spot ${ctx.spot}${ctx.spotSource === "flag" ? "" : ` (${ctx.spotSource})`}`;
  return `as of ${formatInstant(ctx.asOf)}${asOfWhy}; ${spot}\n${volText(ctx)}; rate ${pct(ctx.rate)}`;
}

/**
 * The vol of a note context for JSON: source (flag, chain, realized, assumed), the value when one
 * for all, the chain file, the realized-vol evidence, and the assumption's label.
 *
 * @example
 * volJson(ctx); // { source: "realized", value: 0.312…, realized: { value, returns: 63, from, to, perYear: 252 } }
 */
export function volJson(ctx: Pick<NoteContext, "volSource" | "volValue" | "volChain" | "volRealized" | "volShortHistory">) {
  return {
    source: ctx.volSource, value: ctx.volValue,
    ...(ctx.volChain ? { chain: ctx.volChain } : {}),
    ...(ctx.volRealized ? { realized: ctx.volRealized } : {}),
    ...(ctx.volSource === "assumed" ? { assumption: `a fixed ${pct(DEFAULT_NOTE_VOL)}: ${assumedWhy(ctx)}` } : {}),
  };
}

/**
 * The --map values of the note commands as a column map: `canonical=header`, comma-separated,
 * repeatable; a header may be quoted to hold commas.
 *
 * @throws UsageError for an item without `=`
 * @example
 * parseColumnMap(['note_id=CUSIP,barrier_pct="KI Barrier"']); // { note_id: "CUSIP", barrier_pct: "KI Barrier" }
 */
export function parseColumnMap(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    for (const item of v.match(/(?:[^,"]+|"[^"]*")+/g) ?? []) {
      const eq = item.indexOf("=");
      if (eq <= 0) throw new UsageError(`--map must be canonical=header items like note_id=CUSIP (got ${JSON.stringify(item)})`);
      out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    }
  }
  return out;
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
  vol: ReturnType<typeof volJson>;
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
  remainingYears: "years to the final valuation close (calendar / 365)",
  vol: "decimal per √year",
  value: "USD per share-equivalent (the issuer's embedded options: the knock-in put, less coupons and the autocall's part)",
  valueUsd: "USD (value × shares)",
  delta: "∂V/∂S of the issuer's embedded options per share-equivalent (a vanilla put's is in [−1, 0]; near a barrier this one is not)",
  parts: "put, coupons, autocall: value (USD per share-equivalent), delta, hedgeShares of each part; they add up",
  engine: "closed-form | exact | bgk | lattice | vanilla: what priced the note at spot (gexray notes --help)",
  unwindEngine: "what priced the knock-in unwind (at the barrier)",
  finalValuationDate: "the close that fixes the payoff (term sheet, or 3 business days before maturity)",
  missedCoupons: "memory coupons missed since the last one paid (from --prices)",
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
  $ gexray notes data/ibit_notes_sample.csv --prices data/ibit_history_2025-09_2026-02.csv \\
      --asof 2026-02-03
  $ gexray notes my_notes.csv --spot 44.5 --vol 60% --rate 4% --json
  $ gexray notes export.csv --map note_id=CUSIP,barrier_pct="KI Barrier",maturity=Tenor \\
      --prices ibit.csv

Definitions (per note): shares = notional / initial level (the share-equivalent). The issuer is
short the note and long its embedded options: the knock-in put (strike × initial, fixed at the
final valuation close, paid at maturity), less the coupons it owes and the autocall's part for
notes with coupons or an autocall, which are priced whole. value, delta, gamma, vanna are those
options' per share-equivalent; hedge = −delta × shares (the issuer holds the underlying), split
into the put's, the coupons' and the autocall's parts; unwind = (delta just above the barrier −
delta knocked in) × shares: the hedge change if the barrier were breached now, negative = sold
(daily/continuous: a jump at the breach). Final-observation notes have no knock-in before the final
date: their unwind is the barrier's excess hedge over the knocked-in put's, shed as spot settles
below the barrier.

Engines (column engine; the switch rule and its measured error are in src/notes/embedded.ts):
  closed-form  final observation (vanilla + digital decomposition); continuous (Reiner–Rubinstein)
  exact        daily closes, by backward induction on every remaining close (weekdays), when at most
               40 closes remain or spot is within 4 σ√Δt of the barrier; every daily unwind
  bgk          daily elsewhere: Broadie–Glasserman–Kou correction (measured within 0.1% of the
               strike on price and 0.02 on delta there)
  lattice      coupons (contingent, memory) and autocalls: the whole note by backward induction
  vanilla      knocked-in notes (the put struck at K)
"daily" means trading-day closes, Monday to Friday (holidays not known).

Vol: --vol, else --vol-from (the chain at each barrier's moneyness), else the realized vol of
--prices (63 daily log returns to the as-of date, ×√252; jStat), else an assumed 55%, labelled.

Term sheets: final_valuation_date (default 3 business days before maturity), coupon_rate_pa,
coupon_barrier_pct, coupon_frequency (default the autocall's, else quarterly), coupon_memory;
levels as fractions (0.7) or percents (70, 70%); maturity as a date or a tenor (2y, 18m, 1.5).

Status: pending (not priced yet), alive, breached-intraday (--spot at or below a daily barrier
with no close at or below it in --prices: knocked in only if the next close is), knocked-in (a
close at or below a daily/continuous barrier in --prices, or --spot at or below a continuous one),
autocalled (a scheduled close at or above the autocall level, needs --prices), matured (the final
valuation close has passed).

Units: barrier and spot USD per share of the underlying; dist % = barrier / spot − 1; value USD per
share-equivalent; delta shares per share-equivalent; gamma per USD of spot per share-equivalent;
vanna per 1.00 of vol per share-equivalent; hedge and unwind in shares and USD (at spot; the unwind
at the barrier); notional USD; life in years to the final valuation. --json adds a units object.
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
          vol: volJson(ctx), rate: ctx.rate, notes, totals, report: ctx.report, warnings: ctx.warnings, units: NOTE_UNITS,
        };
        return emit(JSON.stringify(out, null, 2) + "\n", flags.out);
      }
      const { terminalOptions } = await import("../terminal.js");
      return emit(await renderNotesTable(ctx, notes, totals, flags.out === undefined ? terminalOptions(flags).width : Infinity), flags.out);
    });
}

/** The status cell: alive, pending, matured, "in MM-DD" (knocked in), "called MM-DD". */
function statusCell(r: NoteExposure): string {
  const d = r.statusDate?.slice(5) ?? "";
  switch (r.status) {
    case "knocked-in": return d ? `in ${d}` : "in (spot)";
    case "autocalled": return `called ${d}`;
    default: return r.status;
  }
}

/**
 * The `notes` table: one row per note, a totals row, the parts of the notes priced whole, the
 * engines used, and the units. Fits 100 columns.
 *
 * @example
 * await renderNotesTable(ctx, notes, totals, 100); // "gexray notes: … \n\nid  obs  barrier …"
 *
 * @param width - widest line (default no limit): long lines are broken, a table wider than it
 *   shortens its text columns
 */
export async function renderNotesTable(ctx: NoteContext, notes: NoteExposure[], totals: ExposureTotals, width = Infinity): Promise<string> {
  const [{ formatTable, formatNumber }, { fitLines }] = await Promise.all([import("../../report/table.js"), import("../../report/wrap.js")]);
  type Row = NoteExposure | { total: true };
  const isTotal = (r: Row): r is { total: true } => "total" in r;
  const num = (f: (r: NoteExposure) => number | null) => (r: Row) => (isTotal(r) ? undefined : f(r));
  const tot = (f: (r: NoteExposure) => number | null, t: number | null) => (r: Row) => (isTotal(r) ? t : f(r));
  const f2 = (x: number) => x.toFixed(2);
  const rows: Row[] = [...notes, { total: true }];
  const table = formatTable<Row>([
    { header: "id", value: (r) => (isTotal(r) ? `total (${totals.count})` : r.id) },
    { header: "obs", value: (r) => (isTotal(r) ? "" : r.observation) },
    { header: "barrier", value: num((r) => r.barrierLevel), format: f2 },
    { header: "dist %", value: num((r) => r.distancePct), format: (x) => x.toFixed(1) },
    { header: "status", value: (r) => (isTotal(r) ? "" : statusCell(r)) },
    { header: "engine", value: (r) => (isTotal(r) ? "" : r.engine ?? "") },
    { header: "delta", value: num((r) => (r.engine === null ? null : r.delta)), format: (x) => x.toFixed(3) },
    { header: "hedge $M", value: tot((r) => (r.engine === null ? null : r.hedgeUsd), totals.hedgeUsd), format: millions },
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
    lines.push(`issuers' embedded options: dollar gamma $${millions(totals.dollarGamma)}M per 1% move, dollar vanna $${millions(totals.dollarVanna!)}M per vol point`);
  }
  const whole = notes.filter((n) => n.engine === "lattice" && n.parts !== null);
  if (whole.length > 0 && ctx.spot !== undefined) {
    const spot = ctx.spot;
    const part = (k: "put" | "coupons" | "autocall") => (r: NoteExposure) => (r.parts![k].hedgeShares * spot);
    lines.push("", "notes priced whole (coupons, autocall): the issuer's hedge by part, $M at spot", formatTable<NoteExposure>([
      { header: "id", value: (r) => r.id },
      { header: "put", value: part("put"), format: millions },
      { header: "coupons", value: part("coupons"), format: millions },
      { header: "autocall", value: part("autocall"), format: millions },
      { header: "hedge", value: (r) => r.hedgeUsd, format: millions },
      { header: "missed cpn", value: (r) => r.missedCoupons },
      { header: "next call", value: (r) => r.nextAutocallDate ?? "" },
    ], whole, { width }).trimEnd());
  }
  const engines = Object.entries(totals.engines).map(([k, n]) => `${k} ${n}`);
  if (engines.length > 0) lines.push("", `engines at spot: ${engines.join(", ")}; daily unwinds: exact (see --help)`);
  lines.push(
    "",
    "units: barrier USD per share; dist % = barrier / spot − 1; delta = the issuer's embedded options per",
    "share-equivalent (notional / initial): the knock-in put, less coupons and autocall for notes priced",
    "whole; hedge = −delta × shares, USD at spot; unwind = hedge change if the barrier were breached now",
    "(− = sold), USD at the barrier; status dates MM-DD.",
  );
  return fitLines(lines.join("\n"), width) + "\n";
}
