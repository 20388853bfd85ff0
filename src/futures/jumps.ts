/**
 * Basis jumps over a history of term structures, paired with open-interest changes by venue
 * (docs/forced-flows.md §1.3; no public standard defines a "basis jump", so every threshold is a
 * parameter and the defaults are the notes' design choices):
 *
 * 1. per tenor and day, the change Δb_t = b_t − b_{t−1} in percentage points;
 * 2. its z-score against the trailing window of the previous changes (default 20, at least 5):
 *    z = (Δb_t − mean) / sd, sample standard deviation (jstat's `mean` and `stdev(…, true)`);
 * 3. a jump is |Δb_t| ≥ 3 pp or |z| ≥ 3;
 * 4. co-signals from CME open interest: a drop of at least 5 % the same or the previous day reads
 *    as a basis-trade unwind (shorts in CME futures bought back, spot or ETF sold); a rise of at
 *    least 5 % on the jump day or the two days after reads as a rebuild (seed 004: CME OI rebuilt
 *    on 6 Feb faster than Binance's). The CME − Binance difference of OI changes (both in coin,
 *    same cut-off) is reported beside them;
 * 5. a term-structure inversion: the shortest tenor more than 1 pp above the longest while it was
 *    not above the day before.
 *
 * @module
 */
import jStat from "jstat";

/** One day of a basis history: the constant-maturity basis by tenor (decimal; null where missing). */
export interface BasisDay {
  /** "YYYY-MM-DD" */
  date: string;
  /** tenor (days, as text) → annualized basis, decimal */
  constantMaturity: Record<string, number | null>;
}

/** A venue's open interest on one day, at the history's cut-off. */
export interface OiDay {
  date: string;
  /** coin (NaN when only USD is known) */
  coin: number;
  /** USD (NaN when unknown) */
  usd: number;
}

/** A venue's OI change from its previous day in the series. */
export interface OiChange {
  /** coin, NaN when unknown */
  coin: number;
  /** USD, NaN when unknown */
  usd: number;
  /** percent of the previous day's OI (in coin when known, else USD) */
  pct: number;
}

/** Thresholds of {@link basisJumps}. */
export interface JumpOptions {
  /** tenors to test, days; default every tenor of the first day */
  tenors?: readonly number[];
  /** |change| at least this many percentage points flags a jump; default 3 */
  changePp?: number;
  /** |z| at least this flags a jump; default 3 */
  z?: number;
  /** trailing window of previous changes for z, days; default 20 */
  window?: number;
  /** fewest previous changes for a z-score; default 5 */
  minWindow?: number;
  /** CME OI change (percent) that reads as an unwind (≤ −x) or a rebuild (≥ +x); default 5 */
  oiPct?: number;
  /** inversion margin, percentage points; default 1 */
  inversionPp?: number;
}

/** One tenor's day-over-day change. */
export interface TenorChange {
  date: string;
  tenor: number;
  /** annualized basis that day, decimal */
  basis: number | null;
  /** change from the previous day, percentage points; null on the first day or with a gap */
  change: number | null;
  /** z-score of the change; null without enough history or a zero spread */
  zScore: number | null;
}

/** A flagged jump. */
export interface BasisJump extends TenorChange {
  change: number;
  /** which rule flagged it: "change" (|Δ| ≥ threshold), "z" (|z| ≥ threshold) */
  rules: Array<"change" | "z">;
  /** OI changes by venue on the jump day and the day before (null where the venue has no data) */
  oiChange: {
    cme: OiChange | null;
    cmePreviousDay: OiChange | null;
    binance: OiChange | null;
    /** CME % − Binance % on the jump day, percentage points; null unless both are known */
    divergencePct: number | null;
  };
  /** readings from the co-signals, e.g. "basis-trade unwind: CME OI −12.0% on 2026-02-05" */
  readings: string[];
}

/** The result of {@link basisJumps}. */
export interface JumpReport {
  /** every tenor's change on every day, by day then tenor */
  changes: TenorChange[];
  jumps: BasisJump[];
  /** days the curve inverted (shortest tenor above the longest by more than the margin) */
  inversions: Array<{ date: string; short: number; long: number; shortBasis: number; longBasis: number }>;
  /** OI change per venue and day */
  oi: Record<string, Record<string, OiChange>>;
}

/**
 * Day-over-day OI changes of one venue's daily series (ascending dates).
 *
 * @example
 * oiChanges([{ date: "d1", coin: 100, usd: 7e6 }, { date: "d2", coin: 88, usd: 6.2e6 }]).d2;
 * // { coin: -12, usd: -800000, pct: -12 }
 */
export function oiChanges(series: readonly OiDay[]): Record<string, OiChange> {
  const out: Record<string, OiChange> = {};
  for (let k = 1; k < series.length; k++) {
    const a = series[k - 1]!, b = series[k]!;
    const coin = b.coin - a.coin;
    const usd = b.usd - a.usd;
    const pct = Number.isFinite(coin) && a.coin > 0 ? (coin / a.coin) * 100 : Number.isFinite(usd) && a.usd > 0 ? (usd / a.usd) * 100 : NaN;
    out[b.date] = { coin, usd, pct };
  }
  return out;
}

/** Percent text with a sign. */
function pctText(x: number): string {
  return `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(1)}%`;
}

/**
 * Flag basis jumps in a history and pair them with OI changes (see the module note).
 *
 * @param days - the basis history, ascending by date (one entry per observation day)
 * @param oi - daily OI series by venue ("cme", "binance"), ascending; either may be absent
 * @param opts - thresholds
 * @example
 * // §1.2: day 0 → day 1, 30-day +4.77 pp, 120-day +1.77 pp
 * basisJumps([{ date: "2026-02-05", constantMaturity: { "30": 0.034424, "120": 0.041587 } },
 *             { date: "2026-02-06", constantMaturity: { "30": 0.082129, "120": 0.059335 } }]).jumps.map((j) => j.tenor);
 * // [30]   (and inversions: [{ date: "2026-02-06", short: 30, long: 120, … }])
 */
export function basisJumps(days: readonly BasisDay[], oi: { cme?: readonly OiDay[]; binance?: readonly OiDay[] } = {}, opts: JumpOptions = {}): JumpReport {
  const changePp = opts.changePp ?? 3;
  const zMax = opts.z ?? 3;
  const window = opts.window ?? 20;
  const minWindow = opts.minWindow ?? 5;
  const oiPct = opts.oiPct ?? 5;
  const invPp = opts.inversionPp ?? 1;
  const tenors = opts.tenors ?? (days[0] ? Object.keys(days[0].constantMaturity).map(Number).sort((a, b) => a - b) : []);
  const cme = oi.cme ? oiChanges(oi.cme) : {};
  const binance = oi.binance ? oiChanges(oi.binance) : {};
  const changes: TenorChange[] = [];
  const jumps: BasisJump[] = [];
  const history = new Map<number, number[]>(tenors.map((t) => [t, []]));
  for (let k = 0; k < days.length; k++) {
    const d = days[k]!;
    for (const tenor of tenors) {
      const b = d.constantMaturity[String(tenor)] ?? null;
      const prev = k > 0 ? days[k - 1]!.constantMaturity[String(tenor)] ?? null : null;
      const change = b !== null && prev !== null ? (b - prev) * 100 : null;
      let zScore: number | null = null;
      const past = history.get(tenor)!;
      if (change !== null) {
        const w = past.slice(-window);
        if (w.length >= minWindow) {
          const sd = jStat.stdev(w, true);
          if (sd > 0) zScore = (change - jStat.mean(w)) / sd;
        }
        past.push(change);
      }
      const row: TenorChange = { date: d.date, tenor, basis: b, change, zScore };
      changes.push(row);
      if (change === null) continue;
      const rules: BasisJump["rules"] = [];
      if (Math.abs(change) >= changePp) rules.push("change");
      if (zScore !== null && Math.abs(zScore) >= zMax) rules.push("z");
      if (rules.length === 0) continue;
      const prevDate = k > 0 ? days[k - 1]!.date : undefined;
      const cmeSame = cme[d.date] ?? null;
      const cmePrev = prevDate !== undefined ? cme[prevDate] ?? null : null;
      const bin = binance[d.date] ?? null;
      const readings: string[] = [];
      const drop = [cmePrev && cmePrev.pct <= -oiPct ? { c: cmePrev, date: prevDate! } : null, cmeSame && cmeSame.pct <= -oiPct ? { c: cmeSame, date: d.date } : null].filter((x) => x !== null);
      for (const x of drop) readings.push(`basis-trade unwind: CME OI ${pctText(x!.c.pct)} on ${x!.date}`);
      // a rebuild: a rise on the jump day or the two observation days after it
      for (let j = k; j < Math.min(days.length, k + 3); j++) {
        const c = cme[days[j]!.date];
        if (c && c.pct >= oiPct) {
          const b2 = binance[days[j]!.date];
          readings.push(`basis-trade rebuild: CME OI ${pctText(c.pct)} on ${days[j]!.date}${b2 && Number.isFinite(b2.pct) ? ` (Binance ${pctText(b2.pct)})` : ""}`);
        }
      }
      jumps.push({
        ...row, change, rules,
        oiChange: {
          cme: cmeSame, cmePreviousDay: cmePrev, binance: bin,
          divergencePct: cmeSame && bin && Number.isFinite(cmeSame.pct) && Number.isFinite(bin.pct) ? cmeSame.pct - bin.pct : null,
        },
        readings,
      });
    }
  }
  const inversions: JumpReport["inversions"] = [];
  if (tenors.length >= 2) {
    const s = tenors[0]!, l = tenors[tenors.length - 1]!;
    for (let k = 0; k < days.length; k++) {
      const bs = days[k]!.constantMaturity[String(s)] ?? null;
      const bl = days[k]!.constantMaturity[String(l)] ?? null;
      if (bs === null || bl === null || !((bs - bl) * 100 > invPp)) continue;
      const ps = k > 0 ? days[k - 1]!.constantMaturity[String(s)] ?? null : null;
      const pl = k > 0 ? days[k - 1]!.constantMaturity[String(l)] ?? null : null;
      if (ps !== null && pl !== null && ps <= pl) inversions.push({ date: days[k]!.date, short: s, long: l, shortBasis: bs, longBasis: bl });
    }
  }
  return { changes, jumps, inversions, oi: { ...(oi.cme ? { cme } : {}), ...(oi.binance ? { binance } : {}) } };
}
