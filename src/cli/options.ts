/**
 * Parsers for command-line flags and text fields, shared by every command. Each takes the text and
 * the name to blame (`--vol`, or `vol` for a CSV column) and throws a {@link UsageError} naming
 * both the rule and the value, e.g. `--vol must be a number ≥ 0 (got abc)`.
 *
 * The `…Option` variants wrap a parser for commander's `argParser` slot.
 *
 * @module
 */
import { UsageError } from "./errors.js";

/**
 * Bounds a number must satisfy; NaN and ±∞ never do.
 *
 * @example
 * parseNumber("7", "--days", { min: 0, integer: true } satisfies NumberRule); // 7
 */
export interface NumberRule {
  /** x ≥ min */
  min?: number;
  /** x > gt */
  gt?: number;
  /** x ≤ max */
  max?: number;
  /** x < lt */
  lt?: number;
  /** x must be an integer */
  integer?: boolean;
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** "a number ≥ 0", "an integer > 0", "a number > 0 and ≤ 5": the rule as people read it. */
function describeRule(rule: NumberRule): string {
  const bounds: string[] = [];
  if (rule.gt !== undefined) bounds.push(`> ${rule.gt}`);
  if (rule.min !== undefined) bounds.push(`≥ ${rule.min}`);
  if (rule.lt !== undefined) bounds.push(`< ${rule.lt}`);
  if (rule.max !== undefined) bounds.push(`≤ ${rule.max}`);
  return `${rule.integer ? "an integer" : "a number"}${bounds.length ? " " + bounds.join(" and ") : ""}`;
}

function checkRule(x: number, rule: NumberRule): boolean {
  return Number.isFinite(x) &&
    !(rule.integer && !Number.isInteger(x)) &&
    !(rule.min !== undefined && !(x >= rule.min)) &&
    !(rule.gt !== undefined && !(x > rule.gt)) &&
    !(rule.max !== undefined && !(x <= rule.max)) &&
    !(rule.lt !== undefined && !(x < rule.lt));
}

/**
 * Parse a plain decimal number (`12`, `-0.5`, `1e-3`; surrounding spaces allowed; no hex, no
 * `Infinity`, no empty text) and check it against `rule`.
 *
 * @param text - the text to parse
 * @param name - what to blame in the message (`--spot`, `spot`)
 * @param rule - bounds and integrality
 * @throws UsageError `<name> must be <rule> (got <text>)`
 * @example
 * parseNumber("97000", "--spot", { gt: 0 }); // 97000
 * parseNumber("abc", "--vol", { min: 0 }); // throws UsageError("--vol must be a number ≥ 0 (got abc)")
 */
export function parseNumber(text: string, name: string, rule: NumberRule = {}): number {
  const t = text.trim();
  const x = NUMBER_TEXT.test(t) ? Number(t) : NaN;
  if (!checkRule(x, rule)) throw new UsageError(`${name} must be ${describeRule(rule)} (got ${show(text)})`);
  return x;
}

/**
 * Parse a rate-like number given as a decimal or as a percent with a `%` sign: `0.05` and `5%` are
 * both 0.05. The rule applies to the decimal value. A bare `5` stays 5 (500%): no guessing.
 *
 * @throws UsageError naming `name` and the text
 * @example
 * parseDecimalOrPercent("55%", "--vol", { min: 0 }); // 0.55
 * parseDecimalOrPercent("0.55", "--vol", { min: 0 }); // 0.55
 */
export function parseDecimalOrPercent(text: string, name: string, rule: NumberRule = {}): number {
  const t = text.trim();
  if (!t.endsWith("%")) return parseNumber(t, name, rule);
  const body = t.slice(0, -1).trim();
  const x = NUMBER_TEXT.test(body) ? Number(body) / 100 : NaN;
  if (!checkRule(x, rule)) {
    throw new UsageError(`${name} must be ${describeRule(rule)} as a decimal or a percent like 5% (got ${show(text)})`);
  }
  return x;
}

/** A bare volatility above this (decimal: 500%) is almost surely a percent written without its sign. */
const MAX_BARE_VOL = 5;

/**
 * Parse a volatility: a decimal (0.55) or a percent with its sign (55%), between 0 and 10 (1000%).
 * A bare number above 5 is refused with the two spellings that mean what was probably meant, the
 * same for every command (`price --vol`, `notes --vol`, `--note-vol`, a contracts CSV's vol).
 *
 * @throws UsageError naming `name`, e.g. `--vol 55 looks like a percent: write 55% or 0.55 …`
 * @example
 * parseVol("0.55", "--vol"); // 0.55
 * parseVol("55%", "--vol");  // 0.55
 * parseVol("55", "--vol");   // throws UsageError("--vol 55 looks like a percent: write 55% or 0.55 (a bare number is a decimal, 0.55 = 55%)")
 */
export function parseVol(text: string, name: string): number {
  const t = text.trim();
  if (!t.endsWith("%")) {
    const x = NUMBER_TEXT.test(t) ? Number(t) : NaN;
    if (x > MAX_BARE_VOL && x <= 1000) {
      const dec = Number((x / 100).toPrecision(12));
      throw new UsageError(`${name} ${t} looks like a percent: write ${t}% or ${dec} (a bare number is a decimal, 0.55 = 55%)`);
    }
  }
  return parseDecimalOrPercent(t, name, { min: 0, max: 10 });
}

/**
 * Check that the text is one of `choices` (exact, case-sensitive).
 *
 * @throws UsageError `<name> must be one of a, b (got c)`
 * @example
 * parseChoice("put", "--type", ["call", "put"] as const); // "put"
 */
export function parseChoice<T extends string>(text: string, name: string, choices: readonly T[]): T {
  const t = text.trim();
  if (!(choices as readonly string[]).includes(t)) {
    throw new UsageError(`${name} must be one of ${choices.join(", ")} (got ${show(text)})`);
  }
  return t as T;
}

/**
 * A comma-separated list of choices (`price,delta,gamma`); `all` gives every choice. Duplicates
 * are dropped, order kept.
 *
 * @throws UsageError naming the first item that is not a choice, or an empty list
 * @example
 * parseChoiceList("delta, gamma", "--greeks", ["price", "delta", "gamma"] as const); // ["delta", "gamma"]
 */
export function parseChoiceList<T extends string>(text: string, name: string, choices: readonly T[]): T[] {
  if (text.trim() === "all") return [...choices];
  const items = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw new UsageError(`${name} must list at least one of ${choices.join(", ")} (got ${show(text)})`);
  return [...new Set(items.map((item) => parseChoice(item, name, choices)))];
}

/**
 * A closed numeric range with an optional step, from {@link parseRange}.
 *
 * @example
 * const r: NumberRange = { lo: 60000, hi: 110000, step: 500 };
 */
export interface NumberRange {
  lo: number;
  hi: number;
  /** present when the text had a third part */
  step?: number;
}

/**
 * Parse `lo:hi` or `lo:hi:step` (also `lo..hi`), each bound checked against `rule`, lo < hi, and
 * step > 0 when given.
 *
 * @throws UsageError naming `name` and what is wrong
 * @example
 * parseRange("60000:110000:500", "--range", { gt: 0 }); // { lo: 60000, hi: 110000, step: 500 }
 */
export function parseRange(text: string, name: string, rule: NumberRule = {}): NumberRange {
  const parts = text.includes("..") ? text.split("..") : text.split(":");
  if (parts.length < 2 || parts.length > 3) {
    throw new UsageError(`${name} must be lo:hi or lo:hi:step (got ${show(text)})`);
  }
  const lo = parseNumber(parts[0] ?? "", `${name} lower bound`, rule);
  const hi = parseNumber(parts[1] ?? "", `${name} upper bound`, rule);
  if (!(lo < hi)) throw new UsageError(`${name} must have lo < hi (got ${show(text)})`);
  if (parts.length === 2) return { lo, hi };
  return { lo, hi, step: parseNumber(parts[2] ?? "", `${name} step`, { gt: 0 }) };
}

/**
 * How a barrier is watched: all the time, only at expiry, or every `intervalDays` calendar days
 * (the library's `monitoring` input).
 *
 * @example
 * const daily: MonitoringSpec = { intervalDays: TRADING_DAY_DAYS };
 */
export type MonitoringSpec = "continuous" | "final" | { intervalDays: number };

/**
 * Calendar days per trading-day close, on average: 365 / 252. "Daily" monitoring means one close per
 * trading day everywhere in gexray (the notes module's DAILY_INTERVAL_DAYS); a calendar day is the
 * explicit `1d`.
 */
export const TRADING_DAY_DAYS = 365 / 252;

/**
 * Parse a barrier monitoring frequency: `continuous`, `final` (expiry only), `daily` (every
 * trading-day close: 365/252 calendar days), `weekly` (every 7 calendar days), `<N>td` (every N
 * trading days) or `<N>d` (every N calendar days, N > 0, e.g. `1d`, `0.5d`).
 *
 * @throws UsageError naming `name` and the text
 * @example
 * parseMonitoring("daily", "--monitoring"); // { intervalDays: 1.4484126984126984 }
 * parseMonitoring("1d", "--monitoring"); // { intervalDays: 1 } (calendar days: an explicit choice)
 * parseMonitoring("7d", "--monitoring"); // { intervalDays: 7 }
 */
export function parseMonitoring(text: string, name: string): MonitoringSpec {
  const t = text.trim().toLowerCase();
  if (t === "continuous" || t === "final") return t;
  if (t === "daily") return { intervalDays: TRADING_DAY_DAYS };
  if (t === "weekly") return { intervalDays: 7 };
  const unit = t.endsWith("td") ? TRADING_DAY_DAYS : t.endsWith("d") ? 1 : NaN;
  if (unit === unit) {
    const body = t.slice(0, unit === 1 ? -1 : -2);
    const n = NUMBER_TEXT.test(body) ? Number(body) : NaN;
    if (n > 0 && Number.isFinite(n)) return { intervalDays: n * unit };
  }
  throw new UsageError(`${name} must be continuous, final, daily (trading days), weekly, <N>td or <N>d (calendar days) like 7d (got ${show(text)})`);
}

/**
 * Wrap a parser for commander's `argParser`, blaming `flag`.
 *
 * @example
 * program.option("--spot <price>", "spot price", numberOption("--spot", { gt: 0 }));
 */
export function numberOption(flag: string, rule: NumberRule = {}): (value: string) => number {
  return (value) => parseNumber(value, flag, rule);
}

/**
 * {@link parseDecimalOrPercent} for commander's `argParser`.
 *
 * @example
 * program.option("--rate <r>", "rate, 0.05 or 5%", percentOption("--rate"));
 */
export function percentOption(flag: string, rule: NumberRule = {}): (value: string) => number {
  return (value) => parseDecimalOrPercent(value, flag, rule);
}

/**
 * {@link parseChoice} for commander's `argParser`.
 *
 * @example
 * program.option("--type <type>", "call or put", choiceOption("--type", ["call", "put"] as const));
 */
export function choiceOption<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value) => parseChoice(value, flag, choices);
}

/**
 * The output formats every command offers.
 *
 * @example
 * const f: OutputFormat = outputFormat({ csv: true }); // "csv"
 */
export type OutputFormat = "table" | "json" | "csv";

/**
 * The output format from `--json` / `--csv` flags: table unless one is set; both is an error.
 *
 * @throws UsageError when both are set
 * @example
 * outputFormat({ json: true }); // "json"
 */
export function outputFormat(flags: { json?: boolean; csv?: boolean }): OutputFormat {
  if (flags.json && flags.csv) throw new UsageError("--json and --csv are exclusive: give one");
  return flags.json ? "json" : flags.csv ? "csv" : "table";
}

/** Quote a value for a message when it has spaces or is empty, so the user sees what was read. */
function show(text: string): string {
  return text === "" || /^\s|\s$|,/.test(text) ? JSON.stringify(text) : text;
}
