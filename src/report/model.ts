/**
 * The report's plain data model: everything a report shows, as JSON-ready data (numbers, strings,
 * arrays; no typed arrays, no functions), and {@link buildReportModel}, the one adapter from the
 * exposure engine's and the notes module's results to it. Every renderer (terminal, Markdown,
 * HTML, JSON) reads only this model, so the report layer does not depend on the engines'
 * internals and `report.json` is exactly what the HTML shows.
 *
 * Units (DESIGN.md, written once in {@link REPORT_UNITS}): prices in USD per unit of the chain's
 * underlying; dollar gamma in USD of dealer delta change per 1% move; dollar vanna per +1 vol
 * point; dollar charm per calendar day; notes' own levels in USD per share of their underlying,
 * with `…OnGrid` twins in the chain's units through the mapping.
 *
 * @module
 */
import type { LoadCounts } from "../data/loadSummary.js";
import type { ContractRegistry, DealerHedges, HedgeFlow } from "../exposure/hedge.js";
import type { ForcedFlows } from "../flows/forcedFlows.js";
import { forcedFlowsJson, type FlowsJson } from "../flows/json.js";
import type { BasisAnalysis } from "./basisAnalysis.js";
import { zeroCrossings, negativeZones } from "../exposure/levels.js";
import type { Profile } from "../exposure/profile.js";
import type { StrikeRow } from "../exposure/strikes.js";
import { EXPOSURE_UNITS } from "../exposure/units.js";
import { formatInstant } from "../data/time.js";
import type { BarrierCluster, ClusterResult } from "../notes/clusters.js";
import type { ExposureTotals, NoteExposure } from "../notes/exposure.js";
import type { NotesProfile } from "../notes/profile.js";
import { convertPrice, type UnderlyingMap } from "../notes/underlyingMap.js";
import type { ExpiryOverlay } from "../exposure/expiryOverlay.js";
import type { GammaMap } from "../exposure/gammaMap.js";
import { buildViews, type ReportViews } from "./views.js";
import type { VolSurface } from "../vol/surface.js";
import { reportSurface, type ReportSurface } from "./smile.js";

/**
 * Version of the model's shape (the `report.json` schema); bumped on a breaking change.
 *
 * @example
 * JSON.parse(renderJson(model)).version === REPORT_MODEL_VERSION; // true
 */
export const REPORT_MODEL_VERSION = 2;

/**
 * Units of the model's fields, for the JSON `units` object and the renderers' footers.
 *
 * @example
 * REPORT_UNITS.gamma; // "USD of dealer delta change per 1% move in spot (Σ sign·OI·mult·Γ·S²·0.01)"
 */
export const REPORT_UNITS = {
  price: EXPOSURE_UNITS.price,
  gamma: EXPOSURE_UNITS.gamma,
  vanna: EXPOSURE_UNITS.vanna,
  charm: EXPOSURE_UNITS.charm,
  delta: EXPOSURE_UNITS.delta,
  deltaUnderlying: EXPOSURE_UNITS.deltaUnderlying,
  openInterest: EXPOSURE_UNITS.openInterest,
  hedgeUnderlying: EXPOSURE_UNITS.hedgeUnderlying,
  hedgeUsd: EXPOSURE_UNITS.hedgeUsd,
  hedgeContracts: EXPOSURE_UNITS.hedgeContracts,
  flowUnderlying: EXPOSURE_UNITS.flowUnderlying,
  flowUsd: EXPOSURE_UNITS.flowUsd,
  flowContracts: EXPOSURE_UNITS.flowContracts,
  distancePct: "percent: (level / spot − 1) × 100, negative below spot",
  notesGamma: "USD of the note issuers' hedge-position delta change per 1% move (issuers long the embedded puts: Σ shares·Γ·P²·0.01)",
  notesVanna: "USD of the issuers' delta change per +1 vol point",
  notesCharm: "USD of the issuers' delta change per calendar day",
  noteLevel: "USD per share of the notes' underlying",
  noteLevelOnGrid: "USD per unit of the chain's underlying (the note level through the mapping)",
  notional: "USD",
  shares: "shares of the notes' underlying (share-equivalents: notional / initial level)",
  unwindShares: "shares of the notes' underlying the issuers trade at a breach (negative = sold)",
  unwindUsd: "USD at the barrier",
} as const;

/** How the report was computed. */
export interface ReportConventions {
  /** the convention the levels follow: "gexray" or "perfiliev" (exposure/convention.ts) */
  convention: string;
  /** that convention in words */
  conventionText: string;
  /** unit of the charm figures: "per calendar day" (gexray) or "per business day" (perfiliev) */
  charmUnit: string;
  /** contracts whose at-spot gamma is the vendor's Gamma column (perfiliev), the rest the model's */
  vendorGammaContracts: number;
  /** dealer sign convention id (naive, short, long, column, expression) */
  dealer: string;
  /** the convention in words (the expression itself for `expression`) */
  dealerText: string;
  /** sticky-strike or sticky-moneyness */
  volModel: string;
  /** continuous rate, decimal per year */
  rate: number;
  /** continuous dividend yield, decimal per year */
  dividend: number;
  /** the price grid */
  grid: { lo: number; hi: number; points: number; spacing: "linear" | "log" };
}

/** The report's header: what, when, where from, how. */
export interface ReportMeta {
  /** chain underlying symbol, e.g. "BTC" */
  underlying: string;
  /** evaluation instant, ISO 8601 (the snapshot's unless a later one was asked for) */
  asOf: string;
  /** the snapshot's instant, ISO 8601 */
  snapshot: string;
  /** spot, USD per unit */
  spot: number;
  /** price currency */
  currency: "USD";
  /**
   * the chain file and contract accounting: `contracts` = `used` + `expired` + `filtered` are the
   * profile's (the chain's contracts, used after the evaluation time and the expiry filters); `load`
   * is what the loader read of the file (rows, contracts, used, excluded by reason), null when not given
   */
  source: { file: string; format: string | null; contracts: number; used: number; expired: number; filtered: number; load: LoadCounts | null };
  /** a label shown prominently, e.g. that the inputs are synthetic samples; null for none */
  label: string | null;
  conventions: ReportConventions;
  /** "gexray <version>" */
  generator: string;
}

/** The profiles on the grid (arrays of one length). */
export interface ReportProfile {
  /** grid prices, ascending, USD per unit */
  price: number[];
  /** dealer dollar gamma, USD per 1% move */
  gamma: number[];
  /** dealer dollar vanna, USD per +1 vol point */
  vanna: number[];
  /** dealer dollar charm, USD per calendar day */
  charm: number[];
}

/** Key levels (USD per unit) as issue 4 defines them. */
export interface ReportLevels {
  /** every zero crossing of the dealer gamma profile, ascending */
  zeroGamma: number[];
  /** the crossing nearest spot, null when none */
  nearestZeroGamma: number | null;
  /** the flagged crossing: nearest spot (gexray) or the first (perfiliev); null when none */
  flip: number | null;
  /** how `flip` was chosen: "nearest spot" or "first crossing" */
  flipRule: string;
  callWall: number | null;
  putWall: number | null;
  absGammaStrike: number | null;
}

/** One hedge instrument's contract counts: the exact re-hedges and the first-order estimate. */
export interface ReportHedgeInstrument {
  id: string;
  name: string;
  /** units of underlying per contract */
  size: number;
  /** what a unit is */
  unit: string;
  /** the size is reported but not verified */
  verify: boolean;
  /** exact: contracts dealers buy (+) or sell (−) after a 1% rise */
  up1pct: number;
  /** exact: contracts dealers buy (+) or sell (−) after a 1% fall */
  down1pct: number;
  /** FIRST-ORDER ESTIMATE (−Γ·ΔS): contracts after a 1% rise; the opposite after a 1% fall */
  firstOrder: number;
}

/** One exact re-hedge: what dealers trade and where. */
export interface ReportFlow {
  /** units of underlying dealers buy (+) or sell (−) */
  underlying: number;
  /** USD at `price` */
  usd: number;
  /** the price the flow trades at, USD per unit */
  price: number;
}

/** The dealers' hedges: exact re-hedges (dealerFlows.ts) and the first-order estimate. */
export interface ReportHedge {
  /** exact, after spot rises 1% */
  up1pct: ReportFlow;
  /** exact, after spot falls 1% */
  down1pct: ReportFlow;
  /** exact, after implied vols rise one point */
  volUp1pt: ReportFlow;
  /** exact, over the next calendar day (expiries passing drop out) */
  nextDay: ReportFlow;
  /** FIRST-ORDER ESTIMATE −Γ·ΔS for a +1% move (USD at spot); the opposite for −1% */
  firstOrder: { underlying: number; usd: number };
  instruments: ReportHedgeInstrument[];
}

/** Dealer exposures of one expiry at spot. */
export interface ReportExpiryRow {
  /** ISO 8601 expiry instant */
  expiry: string;
  contracts: number;
  /** contracts */
  openInterest: number;
  /** USD per 1% move */
  gamma: number;
  /** USD per +1 vol point */
  vanna: number;
  /** USD per calendar day */
  charm: number;
}

/** The fields of a note's exposure a report shows, in the notes module's units (see `NoteExposure`). */
const NOTE_ROW_FIELDS = [
  "id", "issuer", "observation", "maturity", "barrierLevel", "distancePct", "status", "statusDate", "notionalUsd", "shares",
  "vol", "value", "delta", "gamma", "vanna", "hedgeShares", "hedgeUsd", "knockInUnwindShares", "knockInUnwindUsd",
  "engine", "unwindEngine", "parts", "finalValuationDate",
] as const satisfies ReadonlyArray<keyof NoteExposure>;

/** One note's row: its exposure's fields (notes' own units) and `barrierOnGrid` in the chain's. */
export type ReportNoteRow = Pick<NoteExposure, (typeof NOTE_ROW_FIELDS)[number]> & {
  /** USD per unit of the chain's underlying, null when the mapping cannot express it */
  barrierOnGrid: number | null;
};

/** One barrier cluster (live or breached). */
export interface ReportClusterRow extends BarrierCluster {
  /** already knocked in (its unwind happened) rather than live */
  breached: boolean;
  /** lo, hi and center in the chain's units (null when the mapping cannot express them) */
  loOnGrid: number | null;
  hiOnGrid: number | null;
  centerOnGrid: number | null;
}

/** The note book section. */
export interface ReportNotes {
  /** term-sheet file */
  file: string;
  /** the notes' underlying, e.g. "IBIT" */
  underlying: string;
  /** price history file, if any */
  historyFile: string | null;
  /** the notes' spot, USD per share (the chain's spot through the mapping), null when unknown */
  spot: number | null;
  /** where each note's vol came from, and the one value when fixed */
  vol: { source: "flag" | "chain" | "default"; value: number | null };
  /** rate, decimal */
  rate: number;
  rows: ReportNoteRow[];
  /** book totals (alive, breached-intraday and knocked-in notes) */
  totals: {
    count: number; notionalUsd: number; hedgeShares: number | null; hedgeUsd: number | null;
    dollarGamma: number | null; dollarVanna: number | null; knockInUnwindShares: number; knockInUnwindUsd: number;
    byStatus: Record<string, { count: number; notionalUsd: number }>;
    /** notes priced by each engine at spot */
    engines: Partial<Record<string, number>>;
  };
}

/** The clusters section. */
export interface ReportClusters {
  /** relative linkage gap, decimal */
  tolerance: number;
  method: string;
  /** live clusters first (ranked by |unwindUsd|), then breached ones */
  rows: ReportClusterRow[];
}

/** The issuers' hedge positions on the dealer grid. */
export interface ReportNotesOverlay {
  /** USD per 1% move, per grid price (issuers long the embedded puts) */
  gamma: number[];
  /** USD per +1 vol point */
  vanna: number[];
  /** USD per calendar day */
  charm: number[];
  /** dealers + issuers: USD per 1% move */
  combinedGamma: number[];
  /** zero crossings of the combined gamma, ascending */
  combinedZeroGamma: number[];
  /** price intervals where the combined gamma is negative */
  combinedShortGammaZones: Array<[number, number]>;
  /** notes on the grid / left out (with why) */
  included: number;
  skipped: { id: string; reason: string }[];
  /** per note, the engines that priced it across the grid */
  engines: { id: string; engines: string[] }[];
}

/**
 * Everything a report shows. Arrays in `profile` and `notesOverlay` share the grid's length.
 *
 * @example
 * const model: ReportModel = buildReportModel({ profile, hedge, registry, source: { file: "chain.csv" } });
 * model.levels.nearestZeroGamma; // e.g. 76794.455
 */
export interface ReportModel {
  version: typeof REPORT_MODEL_VERSION;
  /** e.g. "BTC dealer gamma report" */
  title: string;
  meta: ReportMeta;
  units: typeof REPORT_UNITS;
  profile: ReportProfile;
  levels: ReportLevels;
  /** price intervals where the dealer gamma profile is negative, ascending */
  shortGammaZones: Array<[number, number]>;
  atSpot: { gamma: number; vanna: number; charm: number; delta: number; deltaUnderlying: number };
  hedge: ReportHedge;
  byExpiry: ReportExpiryRow[];
  /** strikes nearest spot, ascending (per-strike sums at spot) */
  strikes: StrikeRow[];
  /** all strikes in the chain's selection (for counts) */
  strikeCount: number;
  notes: ReportNotes | null;
  clusters: ReportClusters | null;
  notesOverlay: ReportNotesOverlay | null;
  /** the chain's volatility surface: slices, fit quality, arbitrage checks, smile charts (null when not fitted) */
  surface: ReportSurface | null;
  /** e.g. { from: "IBIT", to: "BTC", ratio: 0.000568 } */
  mapping: UnderlyingMap | null;
  /** the forced-flow map (flows/json.ts's document), when its inputs were given */
  flows: FlowsJson | null;
  /** the futures basis term structure, its history and jump flags (`report --futures`), null without */
  basis: BasisAnalysis | null;
  /** things the reader should know (also printed on stderr by the CLI) */
  warnings: string[];
  /** gamma by strike, the at-spot split, the expiry overlay and the gamma map (views.ts) */
  views: ReportViews;
}

/** The dealer conventions in words. */
const DEALER_TEXT: Record<string, string> = {
  naive: "naive: dealers long calls, short puts (clients buy puts and sell calls)",
  short: "dealers short every contract",
  long: "dealers long every contract",
  column: "dealer positions from the file's dealer_position column",
};

/**
 * The clustering method (notes/clusters.ts), as the report prints it.
 *
 * @example
 * model.clusters?.method === CLUSTER_METHOD; // true
 */
export const CLUSTER_METHOD = "single linkage on relative gaps: sorted barriers a ≤ b share a cluster when b ≤ a·(1 + tolerance), chained";

/** Notes inputs of {@link buildReportModel}. */
export interface ReportNotesInput {
  file: string;
  underlying: string;
  historyFile?: string;
  /** the notes' spot, USD per share */
  spot?: number;
  vol: { source: "flag" | "chain" | "default"; value: number | null };
  rate: number;
  exposures: readonly NoteExposure[];
  totals: ExposureTotals;
  clusters?: ClusterResult;
  tolerance?: number;
  /** the issuers' positions on the profile's grid (notesProfile) */
  overlay?: NotesProfile;
  /** the same at spot: USD per 1% move, per +1 vol point, per day; delta USD */
  overlayAtSpot?: { gamma: number; vanna: number; charm: number; delta: number };
}

/**
 * Inputs of {@link buildReportModel}: the engines' results as they return them.
 *
 * @example
 * const input: ReportInput = { profile, hedge, registry, source: { file: "chain.csv", format: "deribit" } };
 */
export interface ReportInput {
  /** the dealer profile (computeProfile) */
  profile: Profile;
  /** the dealer hedges (dealerHedges(profile, registry)) */
  hedge: DealerHedges;
  /** instrument names and sizes for the hedge table; omitted → ids only */
  registry?: ContractRegistry;
  /** the chain file, and what the loader read of it */
  source: { file: string; format?: string; load?: LoadCounts };
  /** a label shown prominently (e.g. "SYNTHETIC sample data") */
  label?: string;
  /** how many strikes nearest spot the strikes table shows; default 25 */
  strikesAround?: number;
  notes?: ReportNotesInput;
  /** IBIT:BTC-style mapping of the notes' underlying onto the chain's */
  mapping?: UnderlyingMap;
  /** the futures basis analysis (analyzeBasis) */
  basis?: BasisAnalysis;
  warnings?: readonly string[];
  /** the forced-flow map on the profile's grid (forcedFlows) */
  flows?: ForcedFlows;
  /** "gexray <version>"; default "gexray" */
  generator?: string;
  /** the expiry overlay (expiryOverlay) on the profile's grid */
  overlay?: ExpiryOverlay;
  /** the price × time gamma map (gammaMap) */
  gammaMap?: GammaMap;
  /** the chain's vol surface (fitVolSurface): adds the surface section and the smile charts */
  surface?: VolSurface;
}

/**
 * The strikes nearest `spot`: the `n` rows with the smallest |strike − spot| (ties to the lower
 * strike), plus the rows of the `keep` strikes (the walls and the absolute-gamma strike) wherever
 * they are, returned ascending. Rows are not copied.
 *
 * @param rows - per-strike rows, any order
 * @param spot - spot, currency per unit
 * @param n - how many nearest spot; all when n ≥ rows.length
 * @param keep - strikes always included (nulls ignored)
 * @example
 * strikesNearSpot([{ strike: 90 }, { strike: 100 }, { strike: 110 }, { strike: 140 }], 104, 2).map((r) => r.strike); // [100, 110]
 * strikesNearSpot([{ strike: 90 }, { strike: 100 }, { strike: 110 }, { strike: 140 }], 104, 2, [140]).map((r) => r.strike); // [100, 110, 140]
 */
export function strikesNearSpot<R extends { strike: number }>(rows: readonly R[], spot: number, n: number, keep: ReadonlyArray<number | null> = []): R[] {
  if (n >= rows.length) return [...rows].sort((a, b) => a.strike - b.strike);
  const byDistance = [...rows].sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot) || a.strike - b.strike);
  const chosen = new Set(byDistance.slice(0, Math.max(0, n)));
  for (const k of keep) {
    if (k === null) continue;
    const r = rows.find((row) => row.strike === k);
    if (r) chosen.add(r);
  }
  return [...chosen].sort((a, b) => a.strike - b.strike);
}

/** A price in the notes' units expressed on the grid, or null when the mapping cannot. */
function onGrid(level: number, map: UnderlyingMap | undefined, from: string, to: string): number | null {
  try {
    return convertPrice(level, map, from, to);
  } catch {
    return null;
  }
}

/**
 * Build the report model from the engines' results: typed arrays become plain arrays, instants
 * ISO text, hedge contracts a table with instrument names, the strikes table the
 * `strikesAround` strikes nearest spot, note levels get their twins on the chain's grid through
 * the mapping, and the notes overlay its combined (dealers + issuers) gamma with its zero
 * crossings and short-gamma zones. Pure: no I/O, inputs not modified.
 *
 * @param input - the profile, hedge flow, registry, source, optional notes and mapping
 * @returns the model every renderer reads
 * @throws RangeError when the notes overlay is not on the profile's grid (lengths differ)
 * @example
 * const m = buildReportModel({ profile, hedge, registry, source: { file: "data/btc_deribit_sample_2026-02-04.csv" } });
 * m.meta.underlying;   // "BTC"
 * m.profile.price.length === m.profile.gamma.length; // true
 */
export function buildReportModel(input: ReportInput): ReportModel {
  const p = input.profile;
  const m = p.grid.length;
  const names = new Map((input.registry?.instruments ?? []).map((i) => [i.id, i]));
  const h = input.hedge;
  const instruments: ReportHedgeInstrument[] = Object.entries(h.perPct.contracts).map(([id, firstOrder]) => {
    const ins = names.get(id);
    return {
      id, name: ins?.name ?? id, size: ins?.size ?? NaN, unit: ins?.unit ?? "", verify: ins?.verify ?? false,
      up1pct: h.up1pct.contracts[id] ?? NaN, down1pct: h.down1pct.contracts[id] ?? NaN, firstOrder,
    };
  });
  const flow = (f: HedgeFlow, at: { price: number }): ReportFlow => ({ underlying: f.underlying, usd: f.usd, price: at.price });

  const model: ReportModel = {
    version: REPORT_MODEL_VERSION,
    title: input.flows ? `${p.underlying} forced flows and dealer gamma` : `${p.underlying} dealer gamma report`,
    meta: {
      underlying: p.underlying,
      asOf: formatInstant(p.asOf),
      snapshot: formatInstant(p.snapshot),
      spot: p.spot,
      currency: "USD",
      source: {
        file: input.source.file, format: input.source.format ?? null,
        contracts: p.counts.contracts, used: p.counts.used, expired: p.counts.expired, filtered: p.counts.filtered,
        load: input.source.load ?? null,
      },
      label: input.label ?? null,
      conventions: {
        convention: p.convention.name,
        conventionText: p.convention.text,
        charmUnit: p.convention.charmUnit,
        vendorGammaContracts: p.convention.gammaAtSpot.vendorContracts,
        dealer: p.model.dealer,
        dealerText: p.model.dealer === "expression" ? `dealer position per contract = ${p.model.dealerExpression} (contracts; --dealer-expr)` : DEALER_TEXT[p.model.dealer] ?? p.model.dealer,
        volModel: p.model.volModel,
        rate: p.model.rate,
        dividend: p.model.dividend,
        grid: { lo: p.grid[0] ?? NaN, hi: p.grid[m - 1] ?? NaN, points: m, spacing: p.logGrid ? "log" : "linear" },
      },
      generator: input.generator ?? "gexray",
    },
    units: REPORT_UNITS,
    profile: { price: Array.from(p.grid), gamma: Array.from(p.gamma), vanna: Array.from(p.vanna), charm: Array.from(p.charm) },
    levels: { ...p.levels, zeroGamma: [...p.levels.zeroGamma], flip: p.convention.flip, flipRule: p.convention.flipRule },
    shortGammaZones: p.shortGammaZones.map(([a, b]) => [a, b] as [number, number]),
    atSpot: { ...p.atSpot },
    hedge: {
      up1pct: flow(h.up1pct, p.flows.up1pct), down1pct: flow(h.down1pct, p.flows.down1pct),
      volUp1pt: flow(h.volUp1pt, p.flows.volUp1pt), nextDay: flow(h.nextDay, p.flows.nextDay),
      firstOrder: { underlying: h.perPct.underlying, usd: h.perPct.usd }, instruments,
    },
    byExpiry: p.byExpiry.map(({ expiry, contracts, openInterest, gamma, vanna, charm }) => ({ expiry, contracts, openInterest, gamma, vanna, charm })),
    // the strikes nearest spot, and the walls and the absolute-gamma strike wherever they are
    strikes: strikesNearSpot(p.strikes, p.spot, input.strikesAround ?? 25, [p.levels.callWall, p.levels.putWall, p.levels.absGammaStrike]).map((r) => ({ ...r })),
    strikeCount: p.strikes.length,
    notes: null,
    clusters: null,
    notesOverlay: null,
    surface: input.surface ? reportSurface(input.surface, p.snapshot.zone, new Map(p.byExpiry.map((e) => [e.expiryMs, e.openInterest]))) : null,
    mapping: input.mapping ? { ...input.mapping } : null,
    flows: input.flows ? forcedFlowsJson(input.flows, p.asOf.zone) : null,
    warnings: [...(input.warnings ?? []), ...(input.flows?.warnings ?? [])],
    basis: input.basis ?? null,
    views: buildViews(p, input.overlay, input.gammaMap),
  };

  const n = input.notes;
  if (n) {
    const map = input.mapping;
    const grid = (level: number) => onGrid(level, map, n.underlying, p.underlying);
    model.notes = {
      file: n.file,
      underlying: n.underlying,
      historyFile: n.historyFile ?? null,
      spot: n.spot ?? null,
      vol: { ...n.vol },
      rate: n.rate,
      rows: n.exposures.map((e) => {
        const row = Object.fromEntries(NOTE_ROW_FIELDS.map((k) => [k, e[k]])) as Pick<NoteExposure, (typeof NOTE_ROW_FIELDS)[number]>;
        return { ...row, barrierOnGrid: grid(e.barrierLevel) };
      }),
      totals: {
        count: n.totals.count, notionalUsd: n.totals.notionalUsd, hedgeShares: n.totals.hedgeShares, hedgeUsd: n.totals.hedgeUsd,
        dollarGamma: n.totals.dollarGamma, dollarVanna: n.totals.dollarVanna,
        knockInUnwindShares: n.totals.knockInUnwindShares, knockInUnwindUsd: n.totals.knockInUnwindUsd,
        byStatus: Object.fromEntries(Object.entries(n.totals.byStatus).map(([k, v]) => [k, { ...v }])),
        engines: { ...n.totals.engines },
      },
    };
    if (n.clusters) {
      const row = (c: BarrierCluster, breached: boolean): ReportClusterRow => ({
        ...c, noteIds: [...c.noteIds], breached, loOnGrid: grid(c.lo), hiOnGrid: grid(c.hi), centerOnGrid: grid(c.center),
      });
      model.clusters = {
        tolerance: n.tolerance ?? NaN,
        method: CLUSTER_METHOD,
        rows: [...n.clusters.clusters.map((c) => row(c, false)), ...n.clusters.breached.map((c) => row(c, true))],
      };
    }
    if (n.overlay) {
      const o = n.overlay;
      if (o.gamma.length !== m || o.vanna.length !== m || o.charm.length !== m) {
        throw new RangeError(`the notes overlay has ${o.gamma.length} points, the profile's grid ${m}: compute it on the profile's grid`);
      }
      const combined = new Float64Array(m);
      for (let k = 0; k < m; k++) combined[k] = p.gamma[k]! + o.gamma[k]!;
      model.notesOverlay = {
        gamma: Array.from(o.gamma), vanna: Array.from(o.vanna), charm: Array.from(o.charm),
        combinedGamma: Array.from(combined),
        combinedZeroGamma: zeroCrossings(p.grid, combined),
        combinedShortGammaZones: negativeZones(p.grid, combined),
        included: o.included.length,
        skipped: o.skipped.map((s) => ({ ...s })),
        engines: o.engines.map((e) => ({ id: e.id, engines: [...e.engines] })),
      };
    }
  }
  return model;
}
