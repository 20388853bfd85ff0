/**
 * Issuer exposure of structured notes: the embedded options' value and greeks per
 * share-equivalent (the knock-in put, and for notes with coupons or autocalls the whole note,
 * `valuation.ts`), the issuer's hedge with the put's, coupons' and autocall's parts, and the hedge a
 * breach of the barrier forces it to sell — each with the engine that priced it.
 *
 * Definitions (per note; USD, shares of the underlying):
 *
 * | field | definition |
 * |---|---|
 * | shares | notional / initial level: the note's share-equivalent |
 * | value, delta, gamma, vanna | the issuer's embedded options O per share-equivalent: the knock-in put, minus the coupons it owes, minus the autocall's part (`valuation.ts`); raw greeks |
 * | valueUsd | value × shares |
 * | hedgeShares | −delta × shares: the issuer is long O (short the note), so its hedge is long the underlying |
 * | hedgeUsd | hedgeShares × spot |
 * | parts | put, coupons, autocall: value, delta and hedgeShares of each part; they add up to value, delta, hedgeShares |
 * | engine | what priced the note at spot: closed-form, exact, bgk, lattice or vanilla (`embedded.ts`) |
 * | knockInUnwindShares | (ΔO just above the barrier − ΔO knocked in at the barrier) × shares, with the time left now: the signed change of the issuer's hedge if the barrier were breached now, negative = shares sold; daily notes from the exact engine (`unwindEngine`). Final observation: the barrier's excess hedge, see `knockInJump` |
 * | knockInUnwindUsd | knockInUnwindShares × barrier level (the sale happens at the barrier) |
 * | breachUnwindShares, breachUnwindUsd | knocked-in notes only: the same jump with the time left at the knock-in close (the flow the breach forced), else null |
 *
 * Only alive, breached-intraday and knocked-in notes carry an option: pending, autocalled and
 * matured notes have value, greeks, hedge and unwind 0. A breached-intraday note (spot at or below a
 * daily barrier, no close there yet) is valued at its spot like a knocked-in one, and its unwind is
 * the knock-in jump the next close at or below the barrier would force. A knocked-in note's put is the vanilla put struck at K (cancelled by a
 * call, for autocallables) and has no further knock-in (unwind 0). Spot-dependent fields are null
 * when no spot is known. Continuous barriers are checked on closes.
 *
 * @module
 */
import type { NoteTerms, Observation } from "../data/noteTerms.js";
import type { PriceHistory } from "../data/priceHistory.js";
import { closeInstant } from "./dates.js";
import { embeddedStrike, shareEquivalent, type NoteEngine } from "./embedded.js";
import { missedCoupons, noteEvents } from "./schedule.js";
import { carriesPut, NOTE_STATUSES, noteStatus, type NoteStatus } from "./status.js";
import { noteUnwind, noteValueAndUnwind, noteValueAt, type NoteValueInputs } from "./valuation.js";

/** Market inputs for a book of notes on one underlying. */
export interface NoteMarketInputs {
  /** the as-of instant, ms since epoch */
  asOfMs: number;
  /** the underlying's price now, USD per share (> 0); without it spot-dependent fields are null */
  spot?: number;
  /** the underlying's daily closes, ascending, for knock-in and autocall status */
  history?: Pick<PriceHistory, "dates" | "close">;
  /** volatility, decimal per √year: one for every note, or one per note */
  vol: number | ((note: NoteTerms) => number);
  /** continuous rate, decimal per year; default 0 */
  rate?: number;
  /** continuous yield of the underlying, decimal per year; default 0 */
  dividend?: number;
}

/** One note's status and issuer exposure (module notes for the definitions). */
export interface NoteExposure {
  id: string;
  issuer: string;
  underlying: string;
  observation: Observation;
  pricingDate: string;
  maturity: string;
  /** the close that fixes the payoff (term sheet, or 3 business days before maturity) */
  finalValuationDate: string;
  /** USD per share */
  initialLevel: number;
  /** USD per share */
  barrierLevel: number;
  /** decimal fraction of the initial level */
  barrierPct: number;
  /** the embedded put's strike, USD per share */
  strike: number;
  notionalUsd: number;
  status: NoteStatus;
  /** the date of the status's event (see NoteState.date) */
  statusDate: string | null;
  /** first close at or below the barrier, when seen */
  knockInDate: string | null;
  /** years to the final valuation close, 0 once matured or autocalled */
  remainingYears: number;
  nextAutocallDate: string | null;
  /** false when past autocall dates could not be checked (no history) */
  autocallChecked: boolean;
  /** (barrier / spot − 1) × 100: percent, negative below spot; null without spot or once the barrier is gone */
  distancePct: number | null;
  /** notional / initial level */
  shares: number;
  /** the volatility used, decimal */
  vol: number;
  /** USD per share-equivalent */
  value: number | null;
  valueUsd: number | null;
  /** shares of underlying per share-equivalent */
  delta: number | null;
  /** per USD of spot, per share-equivalent */
  gamma: number | null;
  /** ∂delta/∂σ per 1.00 of vol, per share-equivalent */
  vanna: number | null;
  hedgeShares: number | null;
  hedgeUsd: number | null;
  /** the put's, coupons' and autocall's parts of value, delta and hedge (they add up); null without spot or option */
  parts: Record<"put" | "coupons" | "autocall", NotePart> | null;
  /** the engine that priced the note at spot; null when it carries no option or no spot is known */
  engine: NoteEngine | null;
  /** the engine of the knock-in unwind (at the barrier); null when there is none */
  unwindEngine: NoteEngine | null;
  /** coupons missed since the last one paid (memory coupons, from the history), else 0 */
  missedCoupons: number;
  knockInUnwindShares: number;
  knockInUnwindUsd: number;
  breachUnwindShares: number | null;
  breachUnwindUsd: number | null;
  /** term-sheet line, when the note came from a file */
  line?: number;
}

/** One part of a note's embedded options, per share-equivalent and for the note. */
export interface NotePart {
  /** USD per share-equivalent */
  value: number;
  /** shares per share-equivalent */
  delta: number;
  /** −delta × shares */
  hedgeShares: number;
}

/** Sums over a book's notes ({@link bookExposure}). */
export interface ExposureTotals {
  /** notes of each status and their notional, USD */
  byStatus: Record<NoteStatus, { count: number; notionalUsd: number }>;
  /** notes that carry an option now (alive + knocked-in) */
  count: number;
  notionalUsd: number;
  shares: number;
  valueUsd: number | null;
  hedgeShares: number | null;
  hedgeUsd: number | null;
  /** Σ shares × gamma × spot² × 0.01: USD of hedge change per 1% move (DESIGN.md dollar gamma) */
  dollarGamma: number | null;
  /** Σ shares × vanna × spot × 0.01: USD of hedge change per +1 vol point */
  dollarVanna: number | null;
  /** alive notes: Σ knockInUnwindShares */
  knockInUnwindShares: number;
  knockInUnwindUsd: number;
  /** Σ of each part's hedgeShares (they add up to hedgeShares) */
  partsHedgeShares: Record<"put" | "coupons" | "autocall", number> | null;
  /** notes priced by each engine (at spot) */
  engines: Partial<Record<NoteEngine, number>>;
}

/** The vol of a note from the inputs, checked. */
function volOf(note: NoteTerms, vol: NoteMarketInputs["vol"]): number {
  const v = typeof vol === "function" ? vol(note) : vol;
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`vol for note ${note.id} must be a finite number ≥ 0 (got ${v})`);
  return v;
}

/** Check the book-wide inputs (RangeError naming the field). */
function checkInputs(inputs: NoteMarketInputs): void {
  if (!Number.isFinite(inputs.asOfMs)) throw new RangeError(`asOfMs must be a finite instant (got ${inputs.asOfMs})`);
  if (inputs.spot !== undefined && !(inputs.spot > 0 && Number.isFinite(inputs.spot))) {
    throw new RangeError(`spot must be a finite number > 0 (got ${inputs.spot})`);
  }
  for (const [k, v] of [["rate", inputs.rate], ["dividend", inputs.dividend]] as const) {
    if (v !== undefined && !Number.isFinite(v)) throw new RangeError(`${k} must be a finite number (got ${v})`);
  }
}

/**
 * Status and issuer exposure of one note at the as-of instant (module notes for the definitions).
 *
 * @param note - validated terms
 * @param inputs - as-of instant, spot and/or history, vol, rate, dividend
 * @throws RangeError naming the input: a vol not finite and ≥ 0, a spot not finite and > 0, a
 *   non-finite as-of instant, rate or dividend
 * @example
 * const n = validateNoteTerms({ id: "SYN-GS-251110-A", issuer: "Goldman Sachs", underlying: "IBIT",
 *   pricingDate: "2025-11-10", initialLevel: 60, barrierPct: 0.73, observation: "daily",
 *   maturity: "2026-11-10", notionalUsd: 35e6 });
 * const e = noteExposure(n, { asOfMs: closeInstant("2026-02-03"), spot: 44.59, vol: 0.55 });
 * e.status;              // "alive"
 * e.barrierLevel;        // 43.8
 * e.distancePct;         // -1.771697690065055
 * e.shares;              // 583333.3333333334
 * e.delta;               // -0.693735526751445  (the put's, per share-equivalent)
 * e.hedgeShares;         // 404679.05727167625  (= −delta × shares)
 * e.knockInUnwindShares; // -27853.197945767166  (sold at 43.8 if breached now)
 */
export function noteExposure(note: NoteTerms, inputs: NoteMarketInputs): NoteExposure {
  checkInputs(inputs);
  const vol = volOf(note, inputs.vol);
  const state = noteStatus(note, inputs);
  const shares = shareEquivalent(note);
  const spot = inputs.spot;
  const rate = inputs.rate ?? 0;
  const dividend = inputs.dividend ?? 0;
  const live = carriesPut(state.status);
  const out: NoteExposure = {
    id: note.id, issuer: note.issuer, underlying: note.underlying, observation: note.observation,
    pricingDate: note.pricingDate, maturity: note.maturity, finalValuationDate: note.finalValuationDate, initialLevel: note.initialLevel,
    barrierLevel: note.barrierLevel, barrierPct: note.barrierPct, strike: embeddedStrike(note),
    notionalUsd: note.notionalUsd,
    status: state.status, statusDate: state.date, knockInDate: state.knockInDate,
    remainingYears: state.remainingYears, nextAutocallDate: state.nextAutocallDate, autocallChecked: state.autocallChecked,
    distancePct: spot === undefined || state.status === "autocalled" || state.status === "matured" ? null : (note.barrierLevel / spot - 1) * 100,
    shares, vol,
    value: 0, valueUsd: 0, delta: 0, gamma: 0, vanna: 0, hedgeShares: 0, hedgeUsd: 0, parts: null, engine: null, unwindEngine: null,
    missedCoupons: 0, knockInUnwindShares: 0, knockInUnwindUsd: 0, breachUnwindShares: null, breachUnwindUsd: null,
  };
  if (note.line !== undefined) out.line = note.line;
  if (!live) return out;

  const knockedIn = state.status === "knocked-in";
  out.missedCoupons = missedCoupons(note, inputs.asOfMs, inputs.history);
  const base: NoteValueInputs = {
    asOfMs: inputs.asOfMs, events: noteEvents(note, inputs.asOfMs), vol, rate, dividend, knockedIn, missedCoupons: out.missedCoupons,
  };
  // one lattice induction gives a whole note's value and its unwind (noteValueAndUnwind)
  const both = spot !== undefined && !knockedIn ? noteValueAndUnwind(note, base, spot) : undefined;
  if (spot === undefined) {
    out.value = out.valueUsd = out.delta = out.gamma = out.vanna = out.hedgeShares = out.hedgeUsd = null;
  } else {
    const v = both ? both.value : noteValueAt(note, base, [spot])[0];
    const o = v!.option;
    out.engine = v!.engine;
    out.value = o.price;
    out.valueUsd = o.price * shares;
    out.delta = o.delta;
    out.gamma = o.gamma;
    out.vanna = o.vanna;
    out.hedgeShares = -o.delta * shares;
    out.hedgeUsd = out.hedgeShares * spot;
    const part = (g: { price: number; delta: number }): NotePart => ({ value: g.price, delta: g.delta, hedgeShares: -g.delta * shares });
    out.parts = { put: part(v!.parts.put), coupons: part(v!.parts.coupons), autocall: part(v!.parts.autocall) };
  }
  if (knockedIn) {
    // the flow the breach forced: the jump with the events left after the knock-in close
    const at = state.knockInDate === null ? inputs.asOfMs : closeInstant(state.knockInDate);
    const j = noteUnwind(note, { ...base, asOfMs: at, events: noteEvents(note, at), knockedIn: false });
    out.unwindEngine = j.engine;
    out.breachUnwindShares = j.jump * shares;
    out.breachUnwindUsd = out.breachUnwindShares * note.barrierLevel;
  } else {
    const j = both ? both.unwind : noteUnwind(note, base);
    out.unwindEngine = j.engine;
    out.knockInUnwindShares = j.jump * shares;
    out.knockInUnwindUsd = out.knockInUnwindShares * note.barrierLevel;
  }
  return out;
}

/**
 * {@link noteExposure} for every note, and the book's totals (sums over alive and knocked-in notes;
 * dollar gamma and vanna in DESIGN.md units at the spot).
 *
 * @param notes - validated terms, on one underlying (the spot and history are of it)
 * @param inputs - as for noteExposure
 * @returns the notes' exposures in input order, and totals
 * @throws RangeError as noteExposure, and when the notes are on several underlyings
 * @example
 * const { notes, totals } = bookExposure(book, { asOfMs: closeInstant("2026-02-03"), spot: 44.59, history, vol: 0.55 });
 * // book = the shipped sample (data/ibit_notes_sample.csv), history = its price history
 * totals.byStatus.alive.count; // 48 (one note was autocalled in October)
 */
export function bookExposure(notes: readonly NoteTerms[], inputs: NoteMarketInputs): { notes: NoteExposure[]; totals: ExposureTotals } {
  const underlyings = new Set(notes.map((n) => n.underlying));
  if (underlyings.size > 1) {
    throw new RangeError(`notes must be on one underlying for one spot and history (got ${[...underlyings].sort().join(", ")})`);
  }
  const rows = notes.map((n) => noteExposure(n, inputs));
  const byStatus = Object.fromEntries(NOTE_STATUSES.map((s) => [s, { count: 0, notionalUsd: 0 }])) as ExposureTotals["byStatus"];
  const spot = inputs.spot;
  const totals: ExposureTotals = {
    byStatus, count: 0, notionalUsd: 0, shares: 0,
    valueUsd: spot === undefined ? null : 0, hedgeShares: spot === undefined ? null : 0, hedgeUsd: spot === undefined ? null : 0,
    dollarGamma: spot === undefined ? null : 0, dollarVanna: spot === undefined ? null : 0,
    knockInUnwindShares: 0, knockInUnwindUsd: 0,
    partsHedgeShares: spot === undefined ? null : { put: 0, coupons: 0, autocall: 0 }, engines: {},
  };
  for (const e of rows) {
    byStatus[e.status].count++;
    byStatus[e.status].notionalUsd += e.notionalUsd;
    if (!carriesPut(e.status)) continue;
    totals.count++;
    totals.notionalUsd += e.notionalUsd;
    totals.shares += e.shares;
    if (spot !== undefined) {
      totals.valueUsd! += e.valueUsd!;
      totals.hedgeShares! += e.hedgeShares!;
      totals.hedgeUsd! += e.hedgeUsd!;
      totals.dollarGamma! += e.shares * e.gamma! * spot * spot * 0.01;
      totals.dollarVanna! += e.shares * e.vanna! * spot * 0.01;
      for (const k of ["put", "coupons", "autocall"] as const) totals.partsHedgeShares![k] += e.parts![k].hedgeShares;
    }
    if (e.engine !== null) totals.engines[e.engine] = (totals.engines[e.engine] ?? 0) + 1;
    totals.knockInUnwindShares += e.knockInUnwindShares;
    totals.knockInUnwindUsd += e.knockInUnwindUsd;
  }
  return { notes: rows, totals };
}
