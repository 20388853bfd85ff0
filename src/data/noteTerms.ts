/**
 * Structured-note contract terms as plain validated data, apart from any pricing (the way
 * QuantLib's `barrieroption.cpp` holds terms and leaves the math to an engine).
 *
 * The notes gexray models are bank-issued notes whose principal embeds a down-and-in put: the
 * investor is short it, the issuer long it and hedged with the underlying. The barrier is a
 * **down** barrier, strictly below the initial level. Levels relative to the initial level are
 * decimal fractions (0.7 = 70 %); rates are decimals per year; prices are in the underlying's
 * currency (USD); observation instants are the 16:00 America/New_York close of the dated day
 * (DESIGN.md expiry clock for US equity and ETF underlyings).
 *
 * @module
 */
import { expiryInstant } from "./time.js";

/**
 * How the knock-in barrier is monitored: `"final"` only at the maturity close (European),
 * `"daily"` at every trading-day close, `"continuous"` at any time during the session.
 */
export type Observation = "final" | "daily" | "continuous";

/** Autocall observation frequency. */
export type AutocallFrequency = "monthly" | "quarterly" | "semiannual" | "annual";

/** Values {@link Observation} may take. */
export const OBSERVATIONS: readonly Observation[] = ["final", "daily", "continuous"];
/** Values {@link AutocallFrequency} may take. */
export const AUTOCALL_FREQUENCIES: readonly AutocallFrequency[] = ["monthly", "quarterly", "semiannual", "annual"];

/**
 * Business days (Monday to Friday; exchange holidays are not known) between the final valuation
 * date and the maturity when a term sheet gives no final valuation date: US notes typically settle
 * three business days after their final valuation date.
 */
export const DEFAULT_FINAL_VALUATION_LAG = 3;

/**
 * The validated terms of one structured note. Produced by {@link validateNoteTerms} (and by the
 * term-sheet loader, which calls it); every field is resolved, so consumers never re-derive.
 */
export interface NoteTerms {
  /** note identifier (CUSIP, ISIN or the issuer's id), unique within a book */
  id: string;
  /** issuing bank, as written */
  issuer: string;
  /** underlying symbol, upper case ("IBIT") */
  underlying: string;
  /** pricing (strike) date, "YYYY-MM-DD" */
  pricingDate: string;
  /** the pricing date's 16:00 America/New_York close, ms since epoch */
  pricingMs: number;
  /** initial (reference) level of the underlying, USD per share, > 0 */
  initialLevel: number;
  /** knock-in barrier, USD per share, 0 < barrierLevel < initialLevel */
  barrierLevel: number;
  /** barrierLevel / initialLevel, decimal in (0, 1) */
  barrierPct: number;
  /** strike of the embedded put as a fraction of initialLevel, decimal in (0, 2] (default 1) */
  strikePct: number;
  /** barrier monitoring */
  observation: Observation;
  /** maturity (payment) date, "YYYY-MM-DD", after pricingDate */
  maturity: string;
  /** the maturity date's 16:00 America/New_York close, ms since epoch */
  maturityMs: number;
  /**
   * final valuation date, "YYYY-MM-DD": the close that fixes the payoff (the last barrier and coupon
   * observation); after pricingDate, not after maturity
   */
  finalValuationDate: string;
  /** its 16:00 America/New_York close, ms since epoch */
  finalValuationMs: number;
  /** "term sheet", or "default": {@link DEFAULT_FINAL_VALUATION_LAG} business days before maturity */
  finalValuationSource: "term sheet" | "default";
  /** face amount issued, USD, > 0 */
  notionalUsd: number;
  /** contingent-coupon barrier as a fraction of initialLevel, decimal in (0, 2]; absent: coupons are unconditional */
  couponBarrierPct?: number;
  /** coupon rate, decimal per year in [0, 1] (0.12 = 12 % p.a.) */
  couponRatePa?: number;
  /** coupon observation frequency (with couponRatePa; default the autocall frequency, else quarterly) */
  couponFrequency?: AutocallFrequency;
  /** missed coupons are paid at the next coupon date whose close is at or above the coupon barrier (with couponRatePa; default false) */
  couponMemory?: boolean;
  /** autocall trigger as a fraction of initialLevel, decimal in (0, 2] (given with autocallFrequency) */
  autocallLevelPct?: number;
  /** autocall observation frequency (given with autocallLevelPct) */
  autocallFrequency?: AutocallFrequency;
  /** first autocall observation date, "YYYY-MM-DD", after pricingDate and not after maturity */
  firstAutocallDate?: string;
  /** 1-based line of the term-sheet file the note came from; absent for notes built in code */
  line?: number;
}

/**
 * What {@link validateNoteTerms} accepts: the contract terms as given. Exactly as in
 * {@link NoteTerms} except that the barrier may be given as `barrierLevel` (absolute; wins) or
 * `barrierPct` (fraction of initial), `strikePct` defaults to 1, and the instants are derived.
 */
export interface NoteTermsInput {
  id: string;
  issuer: string;
  underlying: string;
  /** "YYYY-MM-DD" */
  pricingDate: string;
  initialLevel: number;
  /** absolute barrier, USD; wins over barrierPct */
  barrierLevel?: number;
  /** barrier as a decimal fraction of initialLevel (0.7 = 70 %) */
  barrierPct?: number;
  /** decimal, default 1 */
  strikePct?: number;
  observation: string;
  /** "YYYY-MM-DD" */
  maturity: string;
  /** "YYYY-MM-DD"; default {@link DEFAULT_FINAL_VALUATION_LAG} business days before maturity */
  finalValuationDate?: string;
  notionalUsd: number;
  couponBarrierPct?: number;
  couponRatePa?: number;
  couponFrequency?: string;
  couponMemory?: boolean;
  autocallLevelPct?: number;
  autocallFrequency?: string;
  /** "YYYY-MM-DD" */
  firstAutocallDate?: string;
  line?: number;
}

/**
 * A term that fails validation. A `RangeError` (bad input everywhere in gexray), carrying the
 * field of {@link NoteTermsInput} to blame and the reason without the field name, so that a loader
 * can relocate it to its own column and line.
 *
 * @example
 * new NoteTermsError("barrierPct", "must be in (0, 1) (got 70)").message;
 * // "barrierPct must be in (0, 1) (got 70)"
 */
export class NoteTermsError extends RangeError {
  constructor(
    readonly field: keyof NoteTermsInput,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
    this.name = "NoteTermsError";
  }
}

/** [year, month 1…12, day] of a real calendar date written "YYYY-MM-DD", else undefined. */
function isoDateParts(s: unknown): [number, number, number] | undefined {
  if (typeof s !== "string") return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return [y, mo, d];
}

function text(field: keyof NoteTermsInput, v: unknown): string {
  if (typeof v !== "string" || v.trim() === "") throw new NoteTermsError(field, `is required (got ${JSON.stringify(v)})`);
  return v.trim();
}

function date(field: keyof NoteTermsInput, v: unknown): { iso: string; ms: number } {
  const p = isoDateParts(v);
  if (!p) throw new NoteTermsError(field, `must be a calendar date YYYY-MM-DD (got ${JSON.stringify(v)})`);
  return { iso: v as string, ms: expiryInstant(p[0], p[1], p[2], "us-pm") };
}

function finite(field: keyof NoteTermsInput, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new NoteTermsError(field, `must be a finite number (got ${String(v)})`);
  return v;
}

/**
 * A level given as a fraction of the initial level, the way a term sheet states it: initial × pct /
 * 100, where pct is the percentage in percent points (`fraction × 100` rounded to 12 significant
 * digits: the digits a term sheet writes). Multiplying by the integer-like pct and dividing by 100
 * once gives the decimal answer a person computes by hand wherever the double can hold it
 * (55 × 55 / 100 = 30.25), where initial × fraction rounds twice (55 × 0.55 = 30.250000000000004,
 * because 0.55 itself is not exact).
 *
 * @param initial - the initial level, USD per share
 * @param fraction - the level relative to initial, decimal (0.55 = 55 %)
 * @example
 * levelFromPct(55, 0.55);  // 30.25
 * levelFromPct(62.3, 0.7); // 43.61
 * 55 * 0.55;               // 30.250000000000004 (what this replaces)
 */
export function levelFromPct(initial: number, fraction: number): number {
  const pct = Number((fraction * 100).toPrecision(12));
  return (initial * pct) / 100;
}

/** A level relative to initial: (0, 2]; bigger values are almost surely percent points. */
function relativeLevel(field: keyof NoteTermsInput, v: unknown): number {
  const x = finite(field, v);
  if (!(x > 0 && x <= 2)) {
    throw new NoteTermsError(field, `must be a decimal fraction of the initial level in (0, 2] (got ${x}${x > 2 ? `; ${x}% is ${x / 100}` : ""})`);
  }
  return x;
}

/**
 * The date n business days (Monday to Friday) before a date, or the date itself for n = 0.
 *
 * @example
 * businessDaysBefore("2027-11-22", 3); // "2027-11-17" (Monday → the Wednesday before)
 */
export function businessDaysBefore(iso: string, n: number): string {
  let t = Date.parse(iso + "T00:00:00Z");
  for (let k = 0; k < n; ) {
    t -= 86400_000;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) k++;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Validate and resolve a note's terms: the barrier is resolved to both an absolute level (from a
 * percentage: initial × pct / 100, {@link levelFromPct}) and a fraction of the initial level,
 * `strikePct` defaults to 1, observation instants are the 16:00 America/New_York close of the
 * pricing and maturity dates, the underlying is upper-cased.
 *
 * Rules: text fields non-empty; dates real calendar dates "YYYY-MM-DD"; initialLevel > 0;
 * barrierLevel (if given) in (0, initialLevel), else barrierPct in (0, 1) — a down barrier;
 * strikePct, couponBarrierPct, autocallLevelPct in (0, 2]; couponRatePa in [0, 1];
 * maturity after pricingDate; finalValuationDate after pricingDate and not after maturity (default:
 * {@link DEFAULT_FINAL_VALUATION_LAG} business days before maturity, or maturity itself when that
 * would not be after pricing); notionalUsd > 0; observation one of final | daily | continuous;
 * autocallLevelPct and autocallFrequency given together; firstAutocallDate only with them, after
 * pricingDate and not after maturity; couponBarrierPct, couponFrequency and couponMemory only with
 * couponRatePa (coupon frequency default: the autocall frequency, else quarterly).
 *
 * @throws NoteTermsError (a RangeError) naming the field, e.g.
 *   `barrierLevel must be below initialLevel for a down barrier (got 110 ≥ 100)`
 * @example
 * const n = validateNoteTerms({ id: "JPM-1", issuer: "JPMorgan", underlying: "ibit",
 *   pricingDate: "2025-11-20", initialLevel: 62.3, barrierPct: 0.7, observation: "final",
 *   maturity: "2027-11-22", notionalUsd: 5_000_000 });
 * n.barrierLevel; // 43.61 (62.3 × 70 / 100: levelFromPct)
 * n.strikePct;    // 1
 * n.finalValuationDate; // "2027-11-17" (three business days before maturity, the default)
 * n.pricingMs;    // 1763672400000 (2025-11-20T16:00:00-05:00)
 * n.underlying;   // "IBIT"
 */
export function validateNoteTerms(input: NoteTermsInput): NoteTerms {
  const id = text("id", input.id);
  const issuer = text("issuer", input.issuer);
  const underlying = text("underlying", input.underlying).toUpperCase();
  const pricing = date("pricingDate", input.pricingDate);
  const initialLevel = finite("initialLevel", input.initialLevel);
  if (!(initialLevel > 0)) throw new NoteTermsError("initialLevel", `must be > 0 (got ${initialLevel})`);

  let barrierLevel: number;
  let barrierPct: number;
  if (input.barrierLevel !== undefined) {
    barrierLevel = finite("barrierLevel", input.barrierLevel);
    if (!(barrierLevel > 0)) throw new NoteTermsError("barrierLevel", `must be > 0 (got ${barrierLevel})`);
    if (!(barrierLevel < initialLevel)) {
      throw new NoteTermsError("barrierLevel", `must be below initialLevel for a down barrier (got ${barrierLevel} ≥ ${initialLevel})`);
    }
    barrierPct = barrierLevel / initialLevel;
  } else if (input.barrierPct !== undefined) {
    barrierPct = finite("barrierPct", input.barrierPct);
    if (!(barrierPct > 0 && barrierPct < 1)) {
      throw new NoteTermsError(
        "barrierPct",
        `must be a decimal fraction of the initial level in (0, 1) for a down barrier (got ${barrierPct}${barrierPct > 1 && barrierPct < 100 ? `; ${barrierPct}% is ${barrierPct / 100}` : ""})`,
      );
    }
    barrierLevel = levelFromPct(initialLevel, barrierPct);
  } else {
    throw new NoteTermsError("barrierPct", "is required (or barrierLevel)");
  }

  const strikePct = input.strikePct === undefined ? 1 : relativeLevel("strikePct", input.strikePct);
  const obs = text("observation", input.observation).toLowerCase();
  if (!(OBSERVATIONS as readonly string[]).includes(obs)) {
    throw new NoteTermsError("observation", `must be one of ${OBSERVATIONS.join(" | ")} (got ${JSON.stringify(input.observation)})`);
  }
  const maturity = date("maturity", input.maturity);
  if (!(maturity.iso > pricing.iso)) {
    throw new NoteTermsError("maturity", `must be after pricingDate (got ${maturity.iso} ≤ ${pricing.iso})`);
  }
  const notionalUsd = finite("notionalUsd", input.notionalUsd);
  if (!(notionalUsd > 0)) throw new NoteTermsError("notionalUsd", `must be > 0 (got ${notionalUsd})`);
  let finalValuation: { iso: string; ms: number };
  let finalValuationSource: NoteTerms["finalValuationSource"] = "term sheet";
  if (input.finalValuationDate !== undefined) {
    finalValuation = date("finalValuationDate", input.finalValuationDate);
    if (!(finalValuation.iso > pricing.iso && finalValuation.iso <= maturity.iso)) {
      throw new NoteTermsError("finalValuationDate", `must be after pricingDate and not after maturity (got ${finalValuation.iso}; pricing ${pricing.iso}, maturity ${maturity.iso})`);
    }
  } else {
    const d = businessDaysBefore(maturity.iso, DEFAULT_FINAL_VALUATION_LAG);
    finalValuation = date("finalValuationDate", d > pricing.iso ? d : maturity.iso);
    finalValuationSource = "default";
  }

  const out: NoteTerms = {
    id, issuer, underlying,
    pricingDate: pricing.iso, pricingMs: pricing.ms,
    initialLevel, barrierLevel, barrierPct, strikePct,
    observation: obs as Observation,
    maturity: maturity.iso, maturityMs: maturity.ms,
    finalValuationDate: finalValuation.iso, finalValuationMs: finalValuation.ms, finalValuationSource,
    notionalUsd,
  };

  if (input.couponRatePa !== undefined) {
    const c = finite("couponRatePa", input.couponRatePa);
    if (!(c >= 0 && c <= 1)) {
      throw new NoteTermsError("couponRatePa", `must be a decimal per year in [0, 1] (got ${c}${c > 1 ? `; ${c}% is ${c / 100}` : ""})`);
    }
    out.couponRatePa = c;
  }
  if (input.couponBarrierPct !== undefined) {
    if (out.couponRatePa === undefined) throw new NoteTermsError("couponBarrierPct", "is given without couponRatePa");
    out.couponBarrierPct = relativeLevel("couponBarrierPct", input.couponBarrierPct);
  }
  if (input.couponMemory !== undefined) {
    if (out.couponRatePa === undefined) throw new NoteTermsError("couponMemory", "is given without couponRatePa");
    if (typeof input.couponMemory !== "boolean") throw new NoteTermsError("couponMemory", `must be true or false (got ${String(input.couponMemory)})`);
    out.couponMemory = input.couponMemory;
  }

  const hasLevel = input.autocallLevelPct !== undefined;
  const hasFreq = input.autocallFrequency !== undefined;
  if (hasLevel !== hasFreq) {
    throw new NoteTermsError(hasLevel ? "autocallFrequency" : "autocallLevelPct", `is required when ${hasLevel ? "autocallLevelPct" : "autocallFrequency"} is given`);
  }
  if (hasLevel) {
    out.autocallLevelPct = relativeLevel("autocallLevelPct", input.autocallLevelPct);
    const f = text("autocallFrequency", input.autocallFrequency).toLowerCase();
    if (!(AUTOCALL_FREQUENCIES as readonly string[]).includes(f)) {
      throw new NoteTermsError("autocallFrequency", `must be one of ${AUTOCALL_FREQUENCIES.join(" | ")} (got ${JSON.stringify(input.autocallFrequency)})`);
    }
    out.autocallFrequency = f as AutocallFrequency;
  }
  if (input.couponFrequency !== undefined) {
    if (out.couponRatePa === undefined) throw new NoteTermsError("couponFrequency", "is given without couponRatePa");
    const f = text("couponFrequency", input.couponFrequency).toLowerCase();
    if (!(AUTOCALL_FREQUENCIES as readonly string[]).includes(f)) {
      throw new NoteTermsError("couponFrequency", `must be one of ${AUTOCALL_FREQUENCIES.join(" | ")} (got ${JSON.stringify(input.couponFrequency)})`);
    }
    out.couponFrequency = f as AutocallFrequency;
  } else if (out.couponRatePa !== undefined) {
    out.couponFrequency = out.autocallFrequency ?? "quarterly";
  }
  if (input.firstAutocallDate !== undefined) {
    if (!hasLevel) throw new NoteTermsError("firstAutocallDate", "is given without autocallLevelPct and autocallFrequency");
    const first = date("firstAutocallDate", input.firstAutocallDate);
    if (!(first.iso > pricing.iso && first.iso <= maturity.iso)) {
      throw new NoteTermsError("firstAutocallDate", `must be after pricingDate and not after maturity (got ${first.iso}; pricing ${pricing.iso}, maturity ${maturity.iso})`);
    }
    out.firstAutocallDate = first.iso;
  }
  if (input.line !== undefined) out.line = input.line;
  return out;
}
