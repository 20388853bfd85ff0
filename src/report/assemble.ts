/**
 * From files to a {@link ReportModel}: load the chain, compute the dealer profile and hedge, and —
 * when a note book is given — the notes' exposures, their barrier clusters and the issuers'
 * positions on the same grid (IBIT notes onto a BTC grid through an `IBIT:BTC=0.000568` mapping).
 * The one place of the report layer that reads files; the renderers only read the model.
 *
 * Notes are evaluated at the profile's evaluation instant, at the chain's spot expressed in the
 * notes' units, with each note's vol read from the chain's smile at its barrier's moneyness for its
 * remaining life (or one vol for all, `noteVol`). The chain's volatility surface is fitted once
 * (src/vol, mathjs's LU solve) and serves the smile section, a sticky-moneyness profile and the
 * notes.
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import type { LoadOptions } from "../data/loadOptions.js";
import type { Profile, ProfileOptions } from "../exposure/profile.js";
import type { ExpiryOverlay } from "../exposure/expiryOverlay.js";
import type { GammaMap } from "../exposure/gammaMap.js";
import type { ForcedFlows } from "../flows/forcedFlows.js";
import type { AdlOptions } from "../flows/adl.js";
import type { Ladder } from "../flows/ladder.js";
import type { UnderlyingMap } from "../notes/underlyingMap.js";
import type { BasisAnalysisOptions } from "./basisAnalysis.js";
import { assertUsable, loadCounts, loadWarnings } from "../data/loadSummary.js";
import { formatInstant } from "../data/time.js";
import { buildReportModel, type ReportModel, type ReportNotesInput } from "./model.js";

/** The profile options a report takes (progress is the report's own). */
export type ReportProfileOptions = Omit<ProfileOptions, "onProgress" | "delta">;

/**
 * Default relative gap linking barriers into a cluster (2%, as `gexray clusters`).
 *
 * @example
 * (await assembleReport({ chainFile, notesFile, map })).clusters?.tolerance; // 0.02
 */
export const DEFAULT_CLUSTER_TOLERANCE = 0.02;

/**
 * Options of {@link assembleReport}.
 *
 * @example
 * const opts: AssembleOptions = { chainFile: "data/btc_deribit_sample_2026-02-04.csv",
 *   notesFile: "data/ibit_notes_sample.csv", pricesFile: "data/ibit_history_2025-09_2026-02.csv",
 *   map: { from: "IBIT", to: "BTC", ratio: 0.000568 } };
 */
export interface AssembleOptions {
  /** the chain file (any format loadChain reads) */
  chainFile: string;
  /** loader options (format, spot, as-of, …) */
  load?: LoadOptions;
  /**
   * grid, dealer sign, evaluation instant, expiry filters, vol model, threads; or a function of the
   * loaded chain giving them (for options that depend on the snapshot, such as "2 days later")
   */
  profile?: ReportProfileOptions | ((chain: Chain) => ReportProfileOptions | Promise<ReportProfileOptions>);
  /** term-sheet CSV of structured notes */
  notesFile?: string;
  /** daily closes of the notes' underlying (status, initial levels) */
  pricesFile?: string;
  /** how the notes' underlying maps onto the chain's */
  map?: UnderlyingMap;
  /** notes on this underlying only (default: the map's `from`, else the book's only one) */
  notesUnderlying?: string;
  /** one vol for every note, decimal; default: each note reads the chain's vol surface */
  noteVol?: number;
  /** rate for the notes, decimal; default 0 */
  noteRate?: number;
  /**
   * compute the notes' vanna (default true): false leaves it NaN and saves the volatility-bumped
   * inductions, for an output that shows no vanna (`gexray flows`: the map reads the notes' deltas)
   */
  noteVanna?: boolean;
  /** cluster linkage gap, decimal; default {@link DEFAULT_CLUSTER_TOLERANCE} */
  tolerance?: number;
  /** strikes shown around spot; default 25 */
  strikesAround?: number;
  /** label shown prominently (synthetic sample data) */
  label?: string;
  /** "gexray <version>" */
  generator?: string;
  /** chain file name as shown in the report (default chainFile) */
  displayName?: { chain?: string; notes?: string; prices?: string };
  /** progress, 0…1 (the profile's kernel is most of the work) */
  onProgress?: (fraction: number) => void;
  /** compute the expiry overlay (all / without the next / without the next monthly); default true */
  overlay?: boolean;
  /** days of the price × time gamma map (0 = none); default {@link DEFAULT_MAP_DAYS} */
  mapDays?: number;
  /** futures prices (or a Deribit dump) for the basis term structure and its jumps */
  futuresFile?: string;
  /** open-interest history paired with the basis jumps */
  oiFile?: string;
  /** the basis analysis' other options (tenors, thresholds, …) */
  basisOptions?: Omit<BasisAnalysisOptions, "file" | "oiFile" | "history">;
  /** build the forced-flow map too (it then opens the report) */
  flows?: FlowsAssembleOptions;
  /**
   * fit the chain's vol surface up front for the report's surface section (default true). Without
   * it, the notes and a sticky-moneyness profile still fit it when they need it, and a quick path
   * (`gexray flows` with given note vols) never fits it.
   */
  surface?: boolean;
}

/** What the forced-flow map needs beyond the chain and the notes. */
export interface FlowsAssembleOptions {
  /**
   * The liquidation ladder, replayed up to the chain's as-of instant (`untilMs`: nothing later may
   * leak in), with the ADL assumptions and what was assumed to build it; undefined when the inputs
   * give none
   */
  ladder?: (untilMs: number) => Promise<{ ladder: Ladder; adl?: AdlOptions; assumptions: string[]; warnings: string[]; fileNotes?: string[] } | undefined>;
  /** market depth, USD per 1% move */
  depth?: number;
  /** shocks to cascade, decimals */
  shocks?: readonly number[];
}

/**
 * Days the report's gamma map covers unless told otherwise.
 *
 * @example
 * (await assembleReport({ chainFile })).views.gammaMap?.days; // 14
 */
export const DEFAULT_MAP_DAYS = 14;

/** Price rows of the report's gamma map (the profile's range, coarser). */
const MAP_STEPS = 100;

/**
 * Load, compute and model a report.
 *
 * @param opts - files, model options, notes options
 * @returns the model, with the load's warnings ({@link loadWarnings}) in `warnings`
 * @throws InputError (a RangeError) for an unusable chain, term-sheet or history file (naming the
 *   file, line and field), or a chain with nothing left to compute (saying why); RangeError for bad model options, a book with several underlyings and
 *   none chosen, or notes the mapping cannot put on the chain's grid
 * @example
 * const model = await assembleReport({ chainFile: "test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv" });
 * model.meta.spot; // 72011.29
 */
export async function assembleReport(opts: AssembleOptions): Promise<ReportModel> {
  const progress = opts.onProgress ?? (() => {});
  const [{ loadChain }, { computeProfile }, { loadContractRegistry }, { dealerHedges }] = await Promise.all([
    import("../data/load.js"), import("../exposure/profile.js"), import("../exposure/contracts.js"), import("../exposure/hedge.js"),
  ]);
  const loaded = await loadChain(opts.chainFile, opts.load ?? {});
  const { chain, report } = loaded;
  progress(0.05);
  const chainName = opts.displayName?.chain ?? opts.chainFile;
  // the same lines every command prints for a load; and no report on a chain with nothing to compute
  const warnings: string[] = loadWarnings(report, chainName);
  assertUsable(loaded, chainName, formatInstant(chain.asOf));

  const profileOpts = typeof opts.profile === "function" ? await opts.profile(chain) : opts.profile ?? {};
  if (opts.flows) {
    // the flow map needs the dealers' delta on a grid that holds spot
    const [{ priceGrid }, { gridWithSpot }] = await Promise.all([import("../exposure/grid.js"), import("../flows/grid.js")]);
    const g = profileOpts.grid;
    profileOpts.grid = gridWithSpot(g && "prices" in g ? g : priceGrid({ spot: chain.spot, ...(g ?? {}) }));
  }
  // the chain's one vol surface: the smile section, sticky-moneyness profiles and the notes' vols read it
  const surface = opts.surface === false ? undefined : (await import("../notes/chainVol.js")).chainSurface(chain);
  const profile = await computeProfile(chain, { ...profileOpts, ...(surface ? { surface } : {}), ...(opts.flows ? { delta: true } : {}), onProgress: (f) => progress(0.05 + 0.5 * f) });
  const { overlay, gammaMap } = await assembleViews(chain, profile, { ...profileOpts, ...(surface ? { surface } : {}) }, opts, (f) => progress(0.55 + 0.3 * f));
  const registry = await loadContractRegistry();
  const hedge = dealerHedges(profile, registry);

  // the notes' and prices' own `#` lines (e.g. SYNTHETIC): into the map's warnings when there is a map
  const fileNotes: string[] = [];
  let notes: ReportNotesInput | undefined;
  if (opts.notesFile !== undefined) notes = await assembleNotes({ ...opts, notesFile: opts.notesFile }, chain, profile, warnings, fileNotes);
  let basis: Awaited<ReturnType<typeof import("./basisAnalysis.js").analyzeBasis>> | undefined;
  if (opts.futuresFile !== undefined) {
    const { analyzeBasis } = await import("./basisAnalysis.js");
    basis = await analyzeBasis({ ...(opts.basisOptions ?? {}), file: opts.futuresFile, history: true, ...(opts.oiFile !== undefined ? { oiFile: opts.oiFile } : {}) });
    if (basis.source.format === "futures-csv" && basis.source.rejected > 0) warnings.push(`${basis.source.file}: ${basis.source.rejected} row(s) left out, e.g. line ${basis.source.problems[0]?.line}: ${basis.source.problems[0]?.reason}`);
    if (basis.oiSource && basis.oiSource.rejected > 0) warnings.push(`${basis.oiSource.file}: ${basis.oiSource.rejected} row(s) left out`);
  }
  let flows: ForcedFlows | undefined;
  if (opts.flows) {
    const { forcedFlows } = await import("../flows/forcedFlows.js");
    const run = await opts.flows.ladder?.(chain.asOf.epochMs);
    if (run) warnings.push(...run.warnings);
    flows = forcedFlows({
      profile, ...(notes?.overlay ? { notes: notes.overlay } : {}),
      ...(run ? { ladder: run.ladder, ...(run.adl ? { adl: run.adl } : {}) } : {}),
      ...(opts.flows.depth !== undefined ? { depth: opts.flows.depth } : {}),
      ...(opts.flows.shocks ? { shocks: opts.flows.shocks } : {}),
      ...(basis?.jumps ? { basisRegime: await regimeOf(basis, chain.asOf.epochMs) } : {}),
    });
    if (run) flows.assumptions.push(...run.assumptions.map((a) => `liquidations: ${a}`));
    // what the input files say about themselves (a SYNTHETIC label) travels with the map's JSON too
    // (not under a label: the shipped sample's label already says what its files are)
    if (opts.label === undefined) flows.warnings.push(...fileNotes.splice(0), ...(run?.fileNotes ?? []));
  }
  if (opts.label === undefined) warnings.push(...fileNotes);
  progress(1);
  return buildReportModel({
    profile, hedge, registry,
    source: { file: chainName, format: report.format, load: loadCounts(report) },
    ...(opts.label !== undefined ? { label: opts.label } : {}),
    ...(opts.strikesAround !== undefined ? { strikesAround: opts.strikesAround } : {}),
    ...(notes ? { notes } : {}),
    ...(opts.map ? { mapping: opts.map } : {}),
    ...(flows ? { flows } : {}),
    ...(basis ? { basis } : {}),
    warnings,
    ...(opts.generator !== undefined ? { generator: opts.generator } : {}),
    ...(surface ? { surface } : {}),
    ...(overlay ? { overlay } : {}),
    ...(gammaMap ? { gammaMap } : {}),
  });
}

/**
 * The expiry overlay on the profile's grid and the gamma map over the profile's range
 * ({@link MAP_STEPS} steps), as the options ask.
 *
 * @example
 * const { overlay, gammaMap } = await assembleViews(chain, profile, {}, { mapDays: 7 }, () => {});
 */
export async function assembleViews(
  chain: Chain, profile: Profile, profileOpts: ReportProfileOptions, opts: Pick<AssembleOptions, "overlay" | "mapDays">,
  progress: (fraction: number) => void,
): Promise<{ overlay?: ExpiryOverlay; gammaMap?: GammaMap }> {
  const out: { overlay?: ExpiryOverlay; gammaMap?: GammaMap } = {};
  const [{ expiryOverlay }, { gammaMap }] = await Promise.all([import("../exposure/expiryOverlay.js"), import("../exposure/gammaMap.js")]);
  if (opts.overlay !== false) out.overlay = await expiryOverlay(chain, { ...profileOpts, base: profile });
  progress(0.3);
  const days = opts.mapDays ?? DEFAULT_MAP_DAYS;
  if (days > 0) {
    const { grid: _g, atMs: _a, volModel: _v, ...rest } = profileOpts;
    const lo = profile.grid[0]!;
    const hi = profile.grid[profile.grid.length - 1]!;
    out.gammaMap = await gammaMap(chain, {
      ...rest, days, fromMs: profile.asOf.epochMs, grid: { from: lo, to: hi, steps: Math.min(MAP_STEPS, profile.grid.length - 1), log: profile.logGrid },
      onProgress: (f) => progress(0.3 + 0.7 * f),
    });
  }
  return out;
}

/** The basis-trade unwind days of a basis analysis up to the map's as-of date. */
async function regimeOf(basis: import("./basisAnalysis.js").BasisAnalysis, asOfMs: number) {
  const { basisRegime } = await import("../flows/basisRegime.js");
  const spot = new Map((basis.days ?? []).map((d) => [d.date, d.spot]));
  return basisRegime(basis.jumps ?? [], (d) => spot.get(d), basis.jumpRules?.oiPct, new Date(asOfMs).toISOString().slice(0, 10));
}

/** What {@link assembleNotes} reads of {@link AssembleOptions}: the notes file is required. */
export type NotesAssembleOptions = Pick<AssembleOptions, "pricesFile" | "map" | "notesUnderlying" | "noteVol" | "noteRate" | "noteVanna" | "tolerance" | "displayName"> & {
  notesFile: string;
};

/**
 * The notes part of a report, for a chain and its computed profile: the book (loaded, filtered to
 * one underlying), status, exposures, barrier clusters and the issuers' positions on the profile's
 * grid. `gexray profile --notes` uses it too.
 *
 * @param warnings - messages for the user are appended here
 * @param fileNotes - what the term-sheet and price files say about themselves (their `#` lines, e.g.
 *   SYNTHETIC), "file: text", are appended here; default `warnings`
 * @throws InputError for an unusable term-sheet or history file; RangeError for a book the mapping
 *   cannot put on the chain's grid
 * @example
 * const notes = await assembleNotes({ notesFile: "data/ibit_notes_sample.csv", map }, chain, profile, []);
 * notes.overlay?.gamma; // Float64Array: the issuers' USD per 1% move at each grid price
 */
export async function assembleNotes(
  opts: NotesAssembleOptions,
  chain: Chain,
  profile: Profile,
  warnings: string[],
  fileNotes: string[] = warnings,
): Promise<ReportNotesInput> {
  const [{ loadTermSheets }, { loadPriceHistory }, { bookExposure }, { barrierClusters }, { notesProfile }, { convertPrice, priceFactor }, { chainVolForNotes }, { NoteValuations }] =
    await Promise.all([
      import("../data/termSheets.js"), import("../data/priceHistory.js"), import("../notes/exposure.js"), import("../notes/clusters.js"),
      import("../notes/profile.js"), import("../notes/underlyingMap.js"), import("../notes/chainVol.js"), import("../notes/noteValuations.js"),
    ]);
  const notesFile = opts.notesFile;
  const notesName = opts.displayName?.notes ?? notesFile;
  const history = opts.pricesFile === undefined ? undefined : await loadPriceHistory(opts.pricesFile);
  if (history && history.report.rejected > 0) warnings.push(`${opts.displayName?.prices ?? opts.pricesFile}: ${history.report.rejected} row(s) left out`);
  const sheets = await loadTermSheets(notesFile, history ? { history } : {});
  if (sheets.comments.length > 0) fileNotes.push(`${notesName}: ${sheets.comments.join(" ")}`);
  if (history && history.comments.length > 0) fileNotes.push(`${opts.displayName?.prices ?? opts.pricesFile}: ${history.comments.join(" ")}`);
  if (sheets.report.rejected > 0) {
    const p = sheets.report.problems[0]!;
    warnings.push(`${notesName}: ${sheets.report.rejected} note(s) left out, e.g. line ${p.line}${p.field ? ` (${p.field})` : ""}: ${p.reason}`);
  }
  const underlyings = [...new Set(sheets.notes.map((n) => n.underlying))].sort();
  const want = (opts.notesUnderlying ?? opts.map?.from ?? (underlyings.length === 1 ? underlyings[0] : undefined))?.toUpperCase();
  if (want === undefined) {
    throw new RangeError(`${notesName} has notes on ${underlyings.join(", ") || "nothing"}: say which underlying to show (a map like ${underlyings[0] ?? "IBIT"}:${chain.underlying}=<ratio>)`);
  }
  const book = sheets.notes.filter((n) => n.underlying === want);
  if (book.length === 0) throw new RangeError(`${notesName}: no usable note on ${want} (the book has ${underlyings.join(", ") || "no usable note"})`);
  if (book.length < sheets.notes.length) warnings.push(`${notesName}: ${sheets.notes.length - book.length} note(s) on other underlyings left out`);
  if (want !== chain.underlying.toUpperCase() && !(opts.map && [opts.map.from, opts.map.to].sort().join() === [want, chain.underlying.toUpperCase()].sort().join())) {
    if (chain.underlying.trim() === "") {
      throw new RangeError(`${notesName} holds notes on ${want} and the chain names no underlying: give --underlying <symbol> (and --map ${want}:<symbol>=<symbol per ${want}> if it is not ${want})`);
    }
    throw new RangeError(
      `${notesName} holds notes on ${want} and the chain is ${chain.underlying}: give a mapping ${want}:${chain.underlying}=<${chain.underlying} per ${want}>` +
        (want === "IBIT" && chain.underlying.toUpperCase() === "BTC" ? " such as IBIT:BTC=0.000568" : ""),
    );
  }
  // the notes' spot: the chain's, through the mapping
  const spot = convertPrice(profile.spot, opts.map, chain.underlying, want);
  const asOfMs = profile.asOf.epochMs;
  const rate = opts.noteRate ?? 0;
  const vol = opts.noteVol ?? chainVolForNotes(chain, { asOfMs, spot });
  const volInfo: ReportNotesInput["vol"] = opts.noteVol === undefined ? { source: "chain", value: null } : { source: "flag", value: opts.noteVol };
  const hist = history && (history.underlying === undefined || history.underlying === want) ? history : undefined;
  if (history && !hist) warnings.push(`${opts.pricesFile} is a history of ${history.underlying}, not ${want}: not used`);
  // the grid and, appended, spot itself (the grid need not contain it): each note is valued once
  // there, in its own units, and the exposures at spot and the grid's positions both read it
  const prices = [...profile.grid, profile.spot];
  const f = priceFactor(opts.map, chain.underlying, want);
  const valuations = new NoteValuations(prices.map((P) => P * f), { vanna: opts.noteVanna !== false });
  const inputs = { asOfMs, spot, vol, rate, valuations, ...(hist ? { history: hist } : {}) };
  const { notes: exposures, totals } = bookExposure(book, inputs);
  const tolerance = opts.tolerance ?? DEFAULT_CLUSTER_TOLERANCE;
  const clusters = barrierClusters(exposures, { tolerance, asOfMs, spot });
  const m = profile.grid.length;
  const both = notesProfile(book, { prices }, {
    asOfMs, vol, rate, gridUnderlying: chain.underlying, spot: profile.spot, valuations,
    ...(opts.map ? { map: opts.map } : {}), ...(hist ? { history: hist } : {}),
  });
  const cut = (x: Float64Array) => x.slice(0, m);
  const overlay = { ...both, gamma: cut(both.gamma), vanna: cut(both.vanna), charm: cut(both.charm), delta: cut(both.delta), deltaUnderlying: cut(both.deltaUnderlying) };
  const atSpot = { gamma: both.gamma.subarray(m), vanna: both.vanna.subarray(m), charm: both.charm.subarray(m), delta: both.delta.subarray(m) };
  return {
    file: notesName, underlying: want, spot, vol: volInfo, rate, exposures, totals, clusters, tolerance, overlay,
    overlayAtSpot: { gamma: atSpot.gamma[0]!, vanna: atSpot.vanna[0]!, charm: atSpot.charm[0]!, delta: atSpot.delta[0]! },
    ...(opts.pricesFile !== undefined ? { historyFile: opts.displayName?.prices ?? opts.pricesFile } : {}),
  };
}
