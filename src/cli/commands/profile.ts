/**
 * `gexray profile <file>`: dealer gamma, vanna and charm on a price grid, the key levels, the
 * per-expiry split and the hedge per 1% move in underlying, USD and hedge-instrument contracts.
 *
 * Also exports the flag helpers `levels` and `strikes` share (grid, expiry filters, evaluation
 * time, dealer sign).
 *
 * @module
 */
import type { Command } from "commander";
import type { Chain } from "../../data/chain.js";
import type { ExpiryFilter } from "../../exposure/select.js";
import type { GridSpec } from "../../exposure/grid.js";
import type { DealerMode } from "../../exposure/dealer.js";
import type { DealerExpression } from "../../exposure/dealerExpr.js";
import type { Convention } from "../../exposure/convention.js";
import type { Profile, VolModel } from "../../exposure/profile.js";
import type { NotesOnProfileJson } from "../../report/notesOnProfile.js";
import type { ChainInput } from "../chainInput.js";
import { addDataFlags, DATA_FLAGS_HELP, type DataFlags } from "../dataFlags.js";
import { UsageError } from "../errors.js";
import { makeMapRepeatable, splitMaps } from "../mapFlag.js";
import { parseChoice, parseNumber } from "../options.js";

/** Expiry filter, evaluation time and dealer sign flags (profile, levels, strikes). */
export interface SelectionFlags {
  expiry?: string;
  excludeNextExpiry?: boolean;
  excludeExpiringToday?: boolean;
  excludeNextMonthly?: boolean;
  at?: string;
  daysForward?: string;
  dealer?: string;
  dealerExpr?: string;
}

/** Grid and model flags (profile, levels). */
export interface GridFlags {
  range?: string;
  from?: string;
  to?: string;
  steps?: string;
  logGrid?: boolean;
  volModel?: string;
  threads?: string;
  convention?: string;
  yearDays?: string;
}

/** Flags of `gexray profile`. */
interface ProfileFlags extends Omit<DataFlags, "map">, SelectionFlags, GridFlags {
  map?: string[];
  notes?: string;
  prices?: string;
  noteVol?: string;
  delta?: boolean;
  json?: boolean;
  csv?: boolean;
  color?: boolean;
  out?: string;
}

const DEALERS = ["naive", "short", "long", "column"] as const;
const VOL_MODELS = ["sticky-strike", "sticky-moneyness"] as const;
const CONVENTION_NAMES = ["gexray", "perfiliev"] as const;

/**
 * Why --convention perfiliev refuses --notes (profile, report).
 *
 * @example
 * throw new UsageError(PERFILIEV_NO_NOTES);
 */
export const PERFILIEV_NO_NOTES = "--convention perfiliev reproduces the published dealer-gamma tools and has no notes: its business-day clock and charm per business day do not mix with the notes' calendar time (drop --notes or the convention)";

/**
 * Refuse `--convention perfiliev` (and so `--year-days`) on a command that computes with the gexray
 * convention only, rather than accepting the flag and ignoring it.
 *
 * @param grid - the parsed grid flags
 * @param command - the command's name, for the message
 * @throws UsageError saying which commands take the convention
 * @example
 * refuseConvention(gridFromFlags({ convention: "perfiliev" }), "history");
 * // throws "--convention perfiliev applies to profile, levels and report; history uses the gexray convention (drop --convention)"
 */
export function refuseConvention(grid: GridOptions, command: string): void {
  if (grid.convention.name !== "gexray") {
    throw new UsageError(`--convention ${grid.convention.name} applies to profile, levels and report; ${command} uses the gexray convention (drop --convention)`);
  }
}

/**
 * Add --dealer, --expiry, --exclude-next-expiry, --exclude-expiring-today, --at, --days-forward.
 *
 * @example
 * addSelectionFlags(program.command("strikes").argument("<file>"));
 */
export function addSelectionFlags(cmd: Command): Command {
  return cmd
    .option("--dealer <sign>", "dealer side: naive (long calls, short puts), short, long, or column (the file's dealer_position) (default naive)")
    .option("--dealer-expr <expression>", "dealer position per contract (contracts, + = long) as a mathjs expression over type (1 call, -1 put), strike, oi, iv, days, moneyness, delta, e.g. \"type == 1 ? 0.3 * oi : -oi\"")
    .option("--expiry <date[:date]>", "only expiries on this date, or from:to inclusive (YYYY-MM-DD, in the chain's zone)")
    .option("--exclude-next-expiry", "leave out the nearest expiry still alive at the evaluation time")
    .option("--exclude-expiring-today", "leave out contracts expiring on the evaluation day (chain's zone)")
    .option("--exclude-next-monthly", "leave out the next monthly expiry (third Friday; Deribit: last Friday of the month)")
    .option("--at <time>", "evaluate as of this later time (ISO 8601; a date alone is 16:00 in the chain's zone): options expiring before it drop out")
    .option("--days-forward <days>", "evaluate this many calendar days after the snapshot (instead of --at)");
}

/**
 * Add --range, --from/--to, --steps, --log-grid, --vol-model, --threads.
 *
 * @example
 * addGridFlags(program.command("levels").argument("<file>"));
 */
export function addGridFlags(cmd: Command): Command {
  return cmd
    .option("--range <lo:hi>", "grid range as fractions of spot (default 0.8:1.2)")
    .option("--from <price>", "grid low end as a price (with --to, instead of --range)")
    .option("--to <price>", "grid high end as a price")
    .option("--steps <n>", "grid intervals; the grid has n + 1 prices (default 500)")
    .option("--log-grid", "equal price ratios instead of equal steps")
    .option("--vol-model <model>", "sticky-strike (each contract keeps its IV; default) or sticky-moneyness (the SVI smiles of the chain's vol surface move with spot)")
    .option("--convention <name>", "gexray (calendar time to the expiry clock; default) or perfiliev (business days / 262, 60 levels, the file's Gamma column at spot, first zero crossing)")
    .option("--year-days <n>", "business days per year for --convention perfiliev (default 262; 252 for the variant some tools use)")
    .option("--threads <n>", "kernel threads (default: all cores for large books)");
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parse `--expiry`: a date, or `from:to` (also `from..to`), YYYY-MM-DD.
 *
 * @throws UsageError naming --expiry
 * @example
 * parseExpiryFlag("2024-01-08:2024-01-19"); // { fromDate: "2024-01-08", toDate: "2024-01-19" }
 */
export function parseExpiryFlag(text: string): ExpiryFilter {
  const t = text.trim();
  const parts = t.includes("..") ? t.split("..") : t.split(":");
  const bad = () => new UsageError(`--expiry must be a date YYYY-MM-DD or a range from:to (got ${JSON.stringify(text)})`);
  if (parts.length === 1) {
    if (!DATE.test(parts[0]!)) throw bad();
    return { fromDate: parts[0]!, toDate: parts[0]! };
  }
  if (parts.length !== 2) throw bad();
  const [a, b] = parts.map((s) => s.trim()) as [string, string];
  if ((a !== "" && !DATE.test(a)) || (b !== "" && !DATE.test(b)) || (a === "" && b === "")) throw bad();
  if (a !== "" && b !== "" && a > b) throw new UsageError(`--expiry range must run forward (got ${JSON.stringify(text)})`);
  const f: ExpiryFilter = {};
  if (a !== "") f.fromDate = a;
  if (b !== "") f.toDate = b;
  return f;
}

/** Parsed selection flags. */
export interface SelectionOptions {
  atMs: number;
  expiry: ExpiryFilter;
  dealer: DealerMode;
  /** the compiled --dealer-expr (replaces dealer) */
  dealerExpression?: DealerExpression;
}

/**
 * Turn the selection flags into options, given the loaded chain (for its zone and as-of time).
 *
 * @throws UsageError naming the flag: --at and --days-forward together, a time before the snapshot,
 *   an unknown dealer sign, --dealer with --dealer-expr, filters and an evaluation time that leave no
 *   contract (saying why); RangeError with mathjs's message for an expression that does not parse
 *   (mathjs is loaded only when --dealer-expr is given)
 * @example
 * await selectionFromFlags({ daysForward: "1", dealer: "short" }, chain);
 * // { atMs: chain.asOf.epochMs + 86400000, expiry: {}, dealer: "short" }
 */
export async function selectionFromFlags(flags: SelectionFlags, chain: Chain): Promise<SelectionOptions> {
  const expiry: ExpiryFilter = flags.expiry !== undefined ? parseExpiryFlag(flags.expiry) : {};
  if (flags.excludeNextExpiry) expiry.excludeNextExpiry = true;
  if (flags.excludeExpiringToday) expiry.excludeExpiringToday = true;
  if (flags.excludeNextMonthly) expiry.excludeNextMonthly = true;
  const dealer = flags.dealer === undefined ? "naive" : parseChoice(flags.dealer, "--dealer", DEALERS);
  let dealerExpression: DealerExpression | undefined;
  if (flags.dealerExpr !== undefined) {
    if (flags.dealer !== undefined) throw new UsageError("--dealer and --dealer-expr are exclusive: give one");
    const { compileDealerExpression } = await import("../../exposure/dealerExpr.js");
    dealerExpression = compileDealerExpression(flags.dealerExpr);
  }
  if (dealer === "column" && chain.position === null) {
    throw new UsageError("--dealer column needs a dealer_position column in the chain file");
  }
  if (flags.at !== undefined && flags.daysForward !== undefined) throw new UsageError("--at and --days-forward are exclusive: give one");
  let atMs = chain.asOf.epochMs;
  if (flags.at !== undefined) {
    const { parseInstant, formatInstant } = await import("../../data/time.js");
    const t = parseInstant(flags.at, "16:00", chain.asOf.zone);
    if (!t) throw new UsageError(`--at must be an ISO 8601 time like 2024-01-12T16:00-05:00 or a date (got ${JSON.stringify(flags.at)})`);
    if (t.epochMs < chain.asOf.epochMs) {
      throw new UsageError(`--at ${flags.at} is before the snapshot (${formatInstant(chain.asOf)})`);
    }
    atMs = t.epochMs;
  } else if (flags.daysForward !== undefined) {
    atMs += parseNumber(flags.daysForward, "--days-forward", { min: 0, max: 36500 }) * 86400_000;
  }
  const { assertSelection } = await import("../chainInput.js");
  await assertSelection(chain, atMs, expiry, flags);
  return { atMs, expiry, dealer, ...(dealerExpression ? { dealerExpression } : {}) };
}

/** Parsed grid flags. */
export interface GridOptions {
  grid: Omit<GridSpec, "spot">;
  volModel: VolModel;
  convention: Convention;
  threads?: number;
}

/**
 * Turn the grid flags into a grid layout and model choice.
 *
 * @throws UsageError naming the flag (bad range, --from without --to, --range with --from, an
 *   unknown convention, --year-days without --convention perfiliev)
 * @example
 * gridFromFlags({ range: "0.9:1.1", steps: "200", logGrid: true });
 * // { grid: { range: [0.9, 1.1], steps: 200, log: true }, volModel: "sticky-strike", convention: { name: "gexray", yearDays: 365 } }
 */
export function gridFromFlags(flags: GridFlags): GridOptions {
  const grid: Omit<GridSpec, "spot"> = {};
  if (flags.range !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
    throw new UsageError("--range and --from/--to are exclusive: give one");
  }
  if (flags.range !== undefined) {
    const parts = flags.range.includes("..") ? flags.range.split("..") : flags.range.split(":");
    if (parts.length !== 2) throw new UsageError(`--range must be lo:hi as fractions of spot, like 0.8:1.2 (got ${JSON.stringify(flags.range)})`);
    const lo = parseNumber(parts[0]!, "--range lower bound", { gt: 0 });
    const hi = parseNumber(parts[1]!, "--range upper bound", { gt: 0 });
    if (!(lo < hi)) throw new UsageError(`--range must have lo < hi (got ${JSON.stringify(flags.range)})`);
    grid.range = [lo, hi];
  }
  if (flags.from !== undefined || flags.to !== undefined) {
    if (flags.from === undefined || flags.to === undefined) throw new UsageError("--from and --to go together: give both");
    grid.from = parseNumber(flags.from, "--from", { gt: 0 });
    grid.to = parseNumber(flags.to, "--to", { gt: 0 });
    if (!(grid.from < grid.to)) throw new UsageError(`--from must be below --to (got ${flags.from} and ${flags.to})`);
  }
  if (flags.steps !== undefined) grid.steps = parseNumber(flags.steps, "--steps", { integer: true, min: 1, max: 1_000_000 });
  if (flags.logGrid) grid.log = true;
  const volModel = flags.volModel === undefined ? "sticky-strike" : parseChoice(flags.volModel, "--vol-model", VOL_MODELS);
  const name = flags.convention === undefined ? "gexray" : parseChoice(flags.convention, "--convention", CONVENTION_NAMES);
  if (flags.yearDays !== undefined && name !== "perfiliev") throw new UsageError("--year-days needs --convention perfiliev");
  const yearDays = name === "perfiliev" ? (flags.yearDays === undefined ? 262 : parseNumber(flags.yearDays, "--year-days", { integer: true, min: 200, max: 366 })) : 365;
  const out: GridOptions = { grid, volModel, convention: { name, yearDays } };
  if (flags.threads !== undefined) out.threads = parseNumber(flags.threads, "--threads", { integer: true, min: 1, max: 256 });
  return out;
}

/**
 * Scale a USD figure for people: bn, mn, k, with 4 significant digits.
 *
 * @example
 * human(-20696248668.85); // "-20.70 bn"
 * human(4400);            // "4.400 k"
 */
export function human(x: number): string {
  const a = Math.abs(x);
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 10 ? v.toFixed(2) : v.toFixed(3));
  if (!Number.isFinite(x)) return String(x);
  if (a >= 1e9) return `${f(x / 1e9)} bn`;
  if (a >= 1e6) return `${f(x / 1e6)} mn`;
  if (a >= 1e3) return `${f(x / 1e3)} k`;
  return a === 0 ? "0" : Number(x.toPrecision(4)).toString();
}

/**
 * The profile as CSV: one row per grid price, units in the header names, full precision. With the
 * notes' block, the issuers' and the combined (dealers + issuers) columns follow.
 *
 * @example
 * renderProfileCsv(profile);
 * // "price_usd,gamma_usd_per_1pct,vanna_usd_per_vol_point,charm_usd_per_day\n3757.7921600000004,-50741…\n" (SPX)
 */
export async function renderProfileCsv(p: Profile, notes?: NotesOnProfileJson): Promise<string> {
  const { toCsv } = await import("../../report/csv.js");
  // under --convention perfiliev charm is per business day, and the column says so
  const header = ["price_usd", "gamma_usd_per_1pct", "vanna_usd_per_vol_point", p.convention.charmUnit === "per business day" ? "charm_usd_per_business_day" : "charm_usd_per_day"];
  if (p.delta) header.push("delta_usd");
  if (notes) {
    header.push("notes_gamma_usd_per_1pct", "notes_vanna_usd_per_vol_point", "notes_charm_usd_per_day", "notes_delta_usd",
      "combined_gamma_usd_per_1pct", "combined_vanna_usd_per_vol_point", "combined_charm_usd_per_day");
    if (notes.combined.delta) header.push("combined_delta_usd");
  }
  const rows: number[][] = [];
  for (let k = 0; k < p.grid.length; k++) {
    const r = [p.grid[k]!, p.gamma[k]!, p.vanna[k]!, p.charm[k]!];
    if (p.delta) r.push(p.delta[k]!);
    if (notes) {
      const c = notes.combined;
      r.push(notes.gamma[k]!, notes.vanna[k]!, notes.charm[k]!, notes.delta[k]!, c.gamma[k]!, c.vanna[k]!, c.charm[k]!);
      if (c.delta) r.push(c.delta[k]!);
    }
    rows.push(r);
  }
  return toCsv(header, rows);
}

const HELP = `
Examples:
  $ gexray profile test/fixtures/real/spx_quotedata_2024-01-07.csv
  $ gexray profile test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv --range 0.7:1.3 --json
  $ gexray profile chain.csv --spot 4697.24 --asof 2024-01-05T16:00-05:00 --multiplier 100 \\
      --expiry 2024-01-08:2024-01-19 --exclude-expiring-today --days-forward 2 --csv -o profile.csv
  $ gexray profile test/fixtures/real/spx_quotedata_2024-01-07.csv --convention perfiliev
  $ gexray profile spx.csv --dealer-expr "type == 1 ? 0.3 * oi : -oi"
${DATA_FLAGS_HELP}
Conventions: dealer weight = sign × open interest × multiplier (naive: + calls, − puts).
  gamma  USD of dealer delta change per 1% move     Σ W·Γ·S²·0.01
  vanna  USD of dealer delta change per +1 vol point Σ W·vanna·S·0.01
  charm  USD of dealer delta change per calendar day Σ W·charm·S/365
Each contract keeps its IV (sticky strike) and its time to expiry at the evaluation time;
forwards (Deribit) move with spot. --vol-model sticky-moneyness moves each expiry's smile with spot
(the chain's vol surface: raw SVI per expiry; loads mathjs).
--convention perfiliev reproduces the published GEX scripts (Perfiliev's method): business days /
262 (--year-days 252), 0 days as 1/262, 60 levels over 0.8–1.2 × spot, the total at spot from the
file's Gamma column, the first zero crossing flagged, charm per business day. The default, gexray,
is calendar time to each venue's expiry clock. Every output says which one it used.
--dealer-expr "<expr>": the dealer position per contract (contracts, + = long) as a mathjs
expression over type (1 call, -1 put), strike, oi, iv, days (calendar, from the evaluation time),
moneyness (strike / spot), delta (BSM at spot); e.g. "type == 1 ? 0.3 * oi : -oi". Replaces
--dealer; mathjs is loaded only with this flag.
Levels: every zero crossing of the gamma profile (nearest spot
flagged), call wall / put wall (largest call / most negative put dealer gamma by strike at spot),
abs-gamma strike. Re-hedges: what dealers buy (+) or sell (−) to stay delta-neutral after spot
moves ±1%, exactly (delta after − delta before, each contract repriced), in underlying units, USD
and contracts of data/contracts.json's matching instruments; also after IVs rise 1 point and over
one day. The first-order estimate −dollar gamma per +1% is shown too, labelled as such.
--json: { asOf, spot, underlying, unit, grid, gamma, vanna, charm, atSpot, levels,
shortGammaZones, byExpiry, hedge: { perPct, up1pct, down1pct, volUp1pt, nextDay }, model, convention:
{ name, yearDays, flip, flipRule, gammaAtSpot, charmUnit }, surface, counts: { …, file: { rows,
contracts, used, excluded } }, warnings }; each hedge is { underlying, usd, contracts }. up1pct,
down1pct, volUp1pt (IVs +1 point) and nextDay (one day; expiries passing drop out) are exact
re-hedges −(delta after − delta before), usd at the price they trade at; perPct is the FIRST-ORDER
ESTIMATE −Γ·ΔS for +1%. Warnings about the file (rows left out, a truncated download, an assumed
multiplier, flags the format ignores) also go to stderr; nothing left to compute after the filters
exits 2 saying why.

Structured notes on the same grid: --notes notes.csv [--prices history.csv] [--map IBIT:BTC=0.000568]
adds the note issuers' positions (long the embedded down-and-in puts; their hedge is −delta): the
terminal chart shows dealers, issuers and combined; --json adds notes: { gamma, vanna, charm, delta,
atSpot, included, skipped, combined: { gamma, vanna, charm, delta, atSpot, zeroGamma,
nearestZeroGamma, shortGammaZones } } in the same units (delta USD); --csv adds notes_* and
combined_* columns. Each note's vol is the chain's vol surface at its barrier unless --note-vol.
--map does two jobs: IBIT:BTC=0.000568 maps the notes' underlying; name=column renames generic-CSV
columns. Give it twice for both.

Output: colored tables and an ASCII gamma chart within 100 columns on a terminal (no colors when
stdout is not a terminal, NO_COLOR is set, or --no-color).
Exit codes: 0 success; 1 internal error; 2 bad input or usage (one line on stderr).
`;

/**
 * Load the chain, compute the profile with the flags' options, with a progress bar.
 *
 * @example
 * const { profile } = await runProfile(file, flags);
 */
export async function runProfile(
  file: string, flags: DataFlags & SelectionFlags & GridFlags & { delta?: boolean; json?: boolean },
): Promise<{ profile: Profile; chain: Chain; format: string; input: ChainInput }> {
  const { loadOptionsFromFlags } = await import("../dataFlags.js");
  const gridOpts = gridFromFlags(flags);
  // perfiliev sums the file's Gamma column over every row: keep CBOE's IV-0 contracts (zero model gamma)
  const loadOpts = { ...loadOptionsFromFlags(flags), ...(gridOpts.convention.name === "perfiliev" ? { keepZeroIv: true } : {}) };
  const [{ loadForAnalysis, printWarnings }, { computeProfile }, { createProgress }, { prestartKernelWorkers }] = await Promise.all([
    import("../chainInput.js"), import("../../exposure/profile.js"), import("../../report/progress.js"), import("../../exposure/parallel.js"),
  ]);
  // a large file: the kernel's worker threads start now and are up when the parse is done
  if (gridOpts.volModel === "sticky-strike") prestartKernelWorkers(file, gridOpts.threads);
  const input = await loadForAnalysis(file, loadOpts);
  const { chain, report } = input.loaded;
  const sel = await selectionFromFlags(flags, chain);
  // sticky moneyness reads the chain's one surface (memoized: --notes' vols read the same fit)
  const surface = gridOpts.volModel === "sticky-moneyness" ? (await import("../../notes/chainVol.js")).chainSurface(chain) : undefined;
  const bar = createProgress("profile");
  try {
    const profile = await computeProfile(chain, {
      grid: gridOpts.grid, volModel: gridOpts.volModel, dealer: sel.dealer, atMs: sel.atMs, expiry: sel.expiry,
      delta: flags.delta === true, onProgress: bar.update, convention: gridOpts.convention,
      ...(sel.dealerExpression ? { dealerExpression: sel.dealerExpression } : {}),
      ...(surface ? { surface } : {}),
      ...(gridOpts.threads !== undefined ? { threads: gridOpts.threads } : {}),
    });
    // the file's warnings once the profile stands (a bad --dealer-expr stays a one-line error); --json carries them itself
    if (flags.json !== true) printWarnings(input.warnings);
    return { profile, chain, format: report.format, input };
  } finally {
    bar.done();
  }
}

/**
 * Add `profile` to the program.
 *
 * @example
 * register(program); // gexray profile <file> [--range 0.8:1.2] [--steps 500] [--json|--csv] …
 */
export function register(program: Command): void {
  const cmd = program
    .command("profile")
    .summary("dealer gamma, vanna and charm on a price grid, key levels, hedge per 1% move")
    .description(
      "Compute the dealer gamma, vanna and charm profile of an option chain on a grid of hypothetical spot prices, " +
        "with the totals at spot, every zero-gamma crossing, the walls, the short-gamma zones, the split by expiry and " +
        "the hedge per 1% move in underlying units, USD and futures/option contracts.",
    )
    .argument("<file>", "chain file");
  addGridFlags(addSelectionFlags(makeMapRepeatable(addDataFlags(cmd))))
    .option("--notes <notes.csv>", "structured-note term sheets: add the issuers' positions and the combined profile")
    .option("--prices <history.csv>", "daily closes of the notes' underlying (initial levels, knock-ins, autocalls)")
    .option("--note-vol <vol>", "one vol for every note, decimal or percent (default: the chain's vol surface at each barrier)")
    .option("--delta", "also compute the dealer delta profile (USD)")
    .option("--json", "print JSON (with a unit object)")
    .option("--csv", "print the profile as CSV at full precision")
    .option("--no-color", "no ANSI colors in the terminal output (also NO_COLOR=1)")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: ProfileFlags) => {
      const [{ outputFormat, parseVol }, maps] = await Promise.all([import("../options.js"), splitMaps(flags.map ?? [])]);
      const format = outputFormat(flags);
      if (flags.notes !== undefined && flags.convention === "perfiliev") throw new UsageError(PERFILIEV_NO_NOTES);
      if (flags.notes === undefined && (flags.prices !== undefined || flags.noteVol !== undefined)) {
        throw new UsageError(`${flags.prices !== undefined ? "--prices" : "--note-vol"} needs --notes`);
      }
      if (flags.notes === undefined && maps.underlying) throw new UsageError(`--map ${maps.underlying.from}:${maps.underlying.to}=… maps notes: give --notes too`);
      const noteVol = flags.noteVol === undefined ? undefined : parseVol(flags.noteVol, "--note-vol");
      const { map: _columnMaps, ...rest } = flags;
      const dataFlags: DataFlags & SelectionFlags & GridFlags & { delta?: boolean; json?: boolean } = {
        ...rest, ...(maps.columns !== undefined ? { map: maps.columns } : {}), delta: flags.delta === true || flags.notes !== undefined,
      };
      // the modules needed after the profile load while the chain is read (the loader awaits file I/O)
      const after = Promise.all([import("../output.js"), import("../../exposure/contracts.js"), import("../../exposure/hedge.js")]);
      after.catch(() => {}); // a failure surfaces where it is awaited below
      const { profile, chain, format: chainFormat, input } = await runProfile(file, dataFlags);
      const [{ emit }, { loadContractRegistry }, { dealerHedges }] = await after;
      const warnings: string[] = [];
      let notes: import("../../report/model.js").ReportNotesInput | undefined;
      let notesJson: NotesOnProfileJson | undefined;
      if (flags.notes !== undefined) {
        const [{ assembleNotes }, { notesOnProfileJson }] = await Promise.all([import("../../report/assemble.js"), import("../../report/notesOnProfile.js")]);
        notes = await assembleNotes({
          notesFile: flags.notes,
          ...(flags.prices !== undefined ? { pricesFile: flags.prices } : {}),
          ...(maps.underlying ? { map: maps.underlying } : {}),
          ...(noteVol !== undefined ? { noteVol } : {}),
        }, chain, profile, warnings);
        notesJson = notesOnProfileJson(profile, notes, maps.underlying);
        (await import("../chainInput.js")).printWarnings(warnings);
      }
      if (format === "csv") return emit(await renderProfileCsv(profile, notesJson), flags.out);
      const registry = await loadContractRegistry();
      const hedge = dealerHedges(profile, registry);
      if (format === "json") {
        const { profileJson } = await import("../../exposure/json.js");
        const doc = profileJson(profile, hedge);
        return emit(JSON.stringify({
          ...doc, counts: { ...doc.counts, file: input.counts }, warnings: [...input.warnings, ...warnings], ...(notesJson ? { notes: notesJson } : {}),
        }) + "\n", flags.out);
      }
      const [{ buildReportModel }, { renderTerminal }, { terminalOptions }] = await Promise.all([
        import("../../report/model.js"), import("../../report/terminal.js"), import("../terminal.js"),
      ]);
      const model = buildReportModel({
        profile, hedge, registry, source: { file, format: chainFormat, load: input.counts }, warnings, // the file's warnings went to stderr
        ...(notes ? { notes } : {}), ...(maps.underlying ? { mapping: maps.underlying } : {}),
      });
      const toTerminal = flags.out === undefined;
      const t = terminalOptions(flags);
      return emit(renderTerminal(model, { color: toTerminal && t.color, width: toTerminal ? t.width : 100 }), flags.out);
    });
}
