/**
 * One option contract as the `price` command reads it, from flags or from a CSV row: the text
 * fields are parsed and cross-checked here, at the edge, so the library only sees clean numbers.
 *
 * Field names are the flag names (`--spot` ↔ column `spot`); `days` is an alternative to `time`
 * (days / 365), and `price` (flag `--iv-price`) asks for the implied vol instead of giving `vol`.
 *
 * @module
 */
import { UsageError } from "./errors.js";
import { type MonitoringSpec, parseChoice, parseDecimalOrPercent, parseMonitoring, parseNumber, parseVol, TRADING_DAY_DAYS } from "./options.js";

/**
 * Barrier kinds, as the library spells them.
 *
 * @example
 * parseChoice("down-in", "--barrier", BARRIER_KINDS); // "down-in"
 */
export const BARRIER_KINDS = ["down-in", "down-out", "up-in", "up-out"] as const;
/**
 * A barrier kind.
 *
 * @example
 * const kind: BarrierKind = "up-out";
 */
export type BarrierKind = (typeof BARRIER_KINDS)[number];

/**
 * The fields a contract is read from (flag names without dashes; CSV column names).
 *
 * @example
 * CONTRACT_FIELDS.includes("vol"); // true
 */
export const CONTRACT_FIELDS = [
  "id", "type", "spot", "strike", "time", "days", "vol", "rate", "dividend", "forward",
  "barrier", "level", "rebate", "monitoring", "iv_price",
] as const;
/**
 * A contract field name.
 *
 * @example
 * const f: ContractField = "iv_price"; // flag --iv-price, CSV column iv_price or price
 */
export type ContractField = (typeof CONTRACT_FIELDS)[number];

/**
 * A validated contract: vanilla when `barrier` is absent; `vol` absent means solve it from `ivPrice`.
 *
 * @example
 * const spec: ContractSpec = { type: "put", spot: 45, strike: 62.3, time: 30 / 365, vol: 0.6, rate: 0.04, dividend: 0,
 *   barrier: { kind: "down-in", level: 43.6, rebate: 0, monitoring: { intervalDays: 1.4484126984126984 } } };
 */
export interface ContractSpec {
  /** free label carried to the output (CSV column `id`) */
  id?: string;
  /** where the contract was read, for messages (`contracts.csv:3`); absent for flags */
  source?: string;
  type: "call" | "put";
  /** currency per unit */
  spot: number;
  strike: number;
  /** years */
  time: number;
  /** decimal per √year; undefined when solved from `ivPrice` */
  vol?: number;
  /** option price to solve the implied vol from, currency per unit */
  ivPrice?: number;
  /** decimal per year, continuous */
  rate: number;
  dividend: number;
  /** quoted forward for the expiry (Black-76); vanilla only */
  forward?: number;
  /** barrier terms; absent for a vanilla */
  barrier?: { kind: BarrierKind; level: number; rebate: number; monitoring: MonitoringSpec };
}

/**
 * How to read one field: its text, or undefined when not given.
 *
 * @example
 * const get: FieldSource = (f) => ({ type: "call", spot: "100" } as Record<string, string>)[f];
 */
export type FieldSource = (field: ContractField) => string | undefined;

/**
 * How to name a field in a message: `--spot` for flags, `spot` for a CSV column.
 *
 * @example
 * const label: FieldLabel = (f) => `--${f.replace("_", "-")}`;
 */
export type FieldLabel = (field: ContractField) => string;

/**
 * Build a contract from text fields, checking each field and the combinations.
 *
 * @param get - the text of a field, undefined (or blank) when absent
 * @param label - how messages name a field
 * @throws UsageError naming the field, e.g. `--vol must be a number ≥ 0 (got abc)` or
 *   `--time and --days are exclusive: give one`
 * @example
 * const flags = { type: "call", spot: "97000", strike: "100000", days: "30", vol: "0.55" };
 * contractFromFields((f) => flags[f], (f) => `--${f}`).time; // 0.0821917808219178
 */
export function contractFromFields(get: FieldSource, label: FieldLabel): ContractSpec {
  const text = (f: ContractField): string | undefined => {
    const v = get(f);
    return v === undefined || v.trim() === "" ? undefined : v;
  };
  const need = (f: ContractField, alt?: ContractField): string => {
    const v = text(f);
    if (v === undefined) throw new UsageError(`${label(f)}${alt ? ` (or ${label(alt)})` : ""} is required`);
    return v;
  };
  const exclusive = (a: ContractField, b: ContractField): void => {
    if (text(a) !== undefined && text(b) !== undefined) {
      throw new UsageError(`${label(a)} and ${label(b)} are exclusive: give one`);
    }
  };
  const num = (f: ContractField, rule: Parameters<typeof parseNumber>[2]): number => parseNumber(need(f), label(f), rule);
  const optPercent = (f: ContractField, fallback: number): number => {
    const v = text(f);
    return v === undefined ? fallback : parseDecimalOrPercent(v, label(f));
  };

  const type = parseChoice(need("type"), label("type"), ["call", "put"] as const);
  const spot = num("spot", { gt: 0 });
  const strike = num("strike", { gt: 0 });
  exclusive("time", "days");
  const time = text("days") !== undefined ? num("days", { min: 0 }) / 365 : parseNumber(need("time", "days"), label("time"), { min: 0 });
  exclusive("vol", "iv_price");
  const ivText = text("iv_price");
  const vol = ivText === undefined ? parseVol(need("vol", "iv_price"), label("vol")) : undefined;
  const spec: ContractSpec = {
    type, spot, strike, time, rate: optPercent("rate", 0), dividend: optPercent("dividend", 0),
  };
  const id = text("id");
  if (id !== undefined) spec.id = id.trim();
  if (vol !== undefined) spec.vol = vol;
  if (ivText !== undefined) spec.ivPrice = parseNumber(ivText, label("iv_price"), { min: 0 });
  if (text("forward") !== undefined) spec.forward = num("forward", { gt: 0 });

  const kindText = text("barrier");
  if (kindText === undefined) {
    for (const f of ["level", "rebate", "monitoring"] as const) {
      if (text(f) !== undefined) throw new UsageError(`${label(f)} needs ${label("barrier")} (one of ${BARRIER_KINDS.join(", ")})`);
    }
    return spec;
  }
  const kind = parseChoice(kindText, label("barrier"), BARRIER_KINDS);
  if (spec.forward !== undefined) throw new UsageError(`${label("forward")} applies to vanilla options only, not with ${label("barrier")}`);
  if (spec.ivPrice !== undefined) throw new UsageError(`${label("iv_price")} solves a vanilla's implied vol; it cannot be used with ${label("barrier")}`);
  const rebateText = text("rebate");
  const monitoringText = text("monitoring");
  spec.barrier = {
    kind,
    level: num("level", { gt: 0 }),
    rebate: rebateText === undefined ? 0 : parseNumber(rebateText, label("rebate"), { min: 0 }),
    monitoring: monitoringText === undefined ? "continuous" : parseMonitoring(monitoringText, label("monitoring")),
  };
  return spec;
}

/**
 * The monitoring frequency as text: `continuous`, `final`, `daily` (one trading-day close) or
 * `<N>d` (calendar days).
 *
 * @example
 * monitoringText({ intervalDays: 1 }); // "1d"
 * monitoringText({ intervalDays: 365 / 252 }); // "daily"
 */
export function monitoringText(m: MonitoringSpec): string {
  if (typeof m === "string") return m;
  return m.intervalDays === TRADING_DAY_DAYS ? "daily" : `${m.intervalDays}d`;
}
