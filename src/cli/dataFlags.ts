/**
 * The data-layer flags every command that reads a chain file shares (`inspect`, `profile`,
 * `levels`, `strikes`, …): add them with one call, turn them into {@link LoadOptions} with another.
 *
 * ```ts
 * addDataFlags(program.command("profile").argument("<file>"))
 *   .action(async (file: string, flags: DataFlags) => {
 *     const { loadChain } = await import("../../data/load.js");
 *     const { chain, report } = await loadChain(file, loadOptionsFromFlags(flags));
 *   });
 * ```
 *
 * Flags stay text until {@link loadOptionsFromFlags} parses them, so every bad value is a
 * {@link UsageError} naming its flag (exit 2).
 *
 * @module
 */
import type { Command } from "commander";
import { GENERIC_COLUMNS, type GenericColumn } from "../data/generic.js";
import type { ChainFormat, LoadOptions } from "../data/loadOptions.js";
import { isValidZone, NEW_YORK, parseInstant, zoneFromName } from "../data/time.js";
import { UsageError } from "./errors.js";
import { parseChoice, parseDecimalOrPercent, parseNumber } from "./options.js";

/** The data-layer flags as commander hands them over (text, booleans for switches). */
export interface DataFlags {
  format?: string;
  spot?: string;
  asof?: string;
  rate?: string;
  dividend?: string;
  map?: string;
  multiplier?: string;
  ivPercent?: boolean;
  expiryTime?: string;
  expiryZone?: string;
  delimiter?: string;
  decimal?: string;
  underlying?: string;
  strict?: boolean;
}

const FORMATS: readonly ChainFormat[] = ["cboe", "deribit", "json", "generic"];

/**
 * Help text for the data flags, for a command's `addHelpText("after", …)`.
 *
 * @example
 * addDataFlags(program.command("levels").argument("<file>")).addHelpText("after", DATA_FLAGS_HELP);
 */
export const DATA_FLAGS_HELP = `
Chain files: the format (CBOE quote export, Deribit book summary, JSON chain, generic CSV) is
detected from the file's head; --format forces one. A generic CSV has columns
expiry,strike,type,open_interest,iv (optional multiplier, dealer_position, forward, underlying,
spot, asof), header names case-insensitive; --map renames, e.g. --map "open_interest=OI,iv=Mark IV".
A generic CSV without spot/asof columns needs --spot and --asof. Expiries given as a date alone
expire at --expiry-time (default 16:00) in --expiry-zone (default America/New_York). European
spreadsheets (; between fields, decimal commas like 0,25) are detected; --delimiter and --decimal
say it when the file cannot (numbers like 1,500 and nothing clearer are left out as row problems).
`;

/**
 * Add the data-layer flags to a command: --format, --spot, --asof, --rate, --dividend, --map,
 * --multiplier, --iv-percent, --expiry-time, --expiry-zone, --delimiter, --decimal, --underlying,
 * --strict.
 *
 * @param cmd - the command (modified and returned, for chaining)
 * @example
 * addDataFlags(program.command("inspect").argument("<file>")).option("--json", "print JSON");
 */
export function addDataFlags(cmd: Command): Command {
  return cmd
    .option("--format <format>", `chain file format: ${FORMATS.join(", ")} (default: detected from the file)`)
    .option("--spot <price>", "spot price, currency per unit of underlying (overrides the file's; required for a generic CSV without a spot column)")
    .option("--asof <time>", "snapshot time, ISO 8601 like 2024-01-05T16:00-05:00 (overrides the file's; required for a generic CSV without an asof column)")
    .option("--rate <rate>", "continuous risk-free rate, decimal or percent (default: the file's, else 0)")
    .option("--dividend <yield>", "continuous dividend yield, decimal or percent (default 0)")
    .option("--map <name=column,...>", `generic CSV: read a column under another name (names: ${GENERIC_COLUMNS.join(", ")})`)
    .option("--multiplier <units>", "generic CSV: underlying units per contract when the file has no multiplier column (default 1)")
    .option("--iv-percent", "generic CSV: IVs are in percent (80 = 80%)")
    .option("--expiry-time <HH:MM>", "generic CSV: clock of expiries given as a date alone (default 16:00)")
    .option("--expiry-zone <zone>", "generic CSV: time zone of that clock and of zone-less times (default America/New_York)")
    .option("--delimiter <char>", "generic CSV: field delimiter: , ; or tab (default: read from the header)")
    .option("--decimal <mark>", "generic CSV: decimal mark: point or comma (default: point; for a ; or tab file, read from its numbers)")
    .option("--underlying <symbol>", "underlying symbol when the file names none")
    .option("--strict", "stop with exit code 2 at the first row that cannot be used, naming its line");
}

/**
 * Parse `name=column,name=column` into the generic column map. Names are the generic columns;
 * columns are the file's header names (any case, spaces allowed).
 *
 * @param text - the flag's value
 * @param flag - the flag to blame
 * @throws UsageError naming the flag and the item that is wrong
 * @example
 * parseColumnMap("open_interest=OI, iv=Mark IV"); // { open_interest: "OI", iv: "Mark IV" }
 */
export function parseColumnMap(text: string, flag = "--map"): Record<string, string> {
  const map: Record<string, string> = {};
  const items = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw new UsageError(`${flag} must be name=column,... (got ${JSON.stringify(text)})`);
  for (const item of items) {
    const eq = item.indexOf("=");
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase().replace(/[\s-]+/g, "_");
    const column = eq < 0 ? "" : item.slice(eq + 1).trim();
    if (eq < 0 || column === "") throw new UsageError(`${flag} items must be name=column (got ${JSON.stringify(item)})`);
    if (!(GENERIC_COLUMNS as readonly string[]).includes(name)) {
      throw new UsageError(`${flag}: ${JSON.stringify(name)} is not a generic column; use one of ${GENERIC_COLUMNS.join(", ")}`);
    }
    if (map[name] !== undefined) throw new UsageError(`${flag}: ${name} is mapped twice`);
    map[name as GenericColumn] = column;
  }
  return map;
}

/**
 * Turn the flags into loader options, checking each.
 *
 * @param flags - as commander parsed them
 * @returns the options for `loadChain` (only the flags given)
 * @throws UsageError naming the flag and the value, e.g. `--spot must be a number > 0 (got abc)`
 * @example
 * loadOptionsFromFlags({ spot: "4697.24", asof: "2024-01-05T16:00-05:00", ivPercent: true });
 * // { spot: 4697.24, asOf: { epochMs: 1704488400000, zone: "America/New_York" }, ivPercent: true }
 */
export function loadOptionsFromFlags(flags: DataFlags): LoadOptions {
  const opts: LoadOptions = {};
  if (flags.format !== undefined) opts.format = parseChoice(flags.format.toLowerCase(), "--format", FORMATS);
  if (flags.spot !== undefined) opts.spot = parseNumber(flags.spot, "--spot", { gt: 0 });
  if (flags.rate !== undefined) opts.rate = parseDecimalOrPercent(flags.rate, "--rate", { gt: -1, lt: 1 });
  if (flags.dividend !== undefined) opts.dividend = parseDecimalOrPercent(flags.dividend, "--dividend", { gt: -1, lt: 1 });
  if (flags.map !== undefined) opts.map = parseColumnMap(flags.map);
  if (flags.multiplier !== undefined) opts.multiplier = parseNumber(flags.multiplier, "--multiplier", { gt: 0 });
  if (flags.ivPercent) opts.ivPercent = true;
  let clock = "16:00";
  if (flags.expiryTime !== undefined) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(flags.expiryTime.trim());
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new UsageError(`--expiry-time must be HH:MM like 16:00 or 08:00 (got ${JSON.stringify(flags.expiryTime)})`);
    clock = `${m[1]!.padStart(2, "0")}:${m[2]}`;
    opts.expiryTime = clock;
  }
  let zone = NEW_YORK;
  if (flags.expiryZone !== undefined) {
    const z = zoneFromName(flags.expiryZone);
    if (z === undefined || !isValidZone(z)) throw new UsageError(`--expiry-zone must be a time zone like America/New_York or UTC (got ${JSON.stringify(flags.expiryZone)})`);
    zone = z;
    opts.expiryZone = z;
  }
  if (flags.asof !== undefined) {
    // a date alone means that day's close: the expiry clock
    const t = parseInstant(flags.asof, clock, zone);
    if (!t) throw new UsageError(`--asof must be an ISO 8601 time like 2024-01-05T16:00-05:00 (got ${JSON.stringify(flags.asof)})`);
    opts.asOf = t;
  }
  if (flags.delimiter !== undefined) {
    const d = { ",": ",", comma: ",", ";": ";", semicolon: ";", tab: "\t", "\t": "\t", "\\t": "\t" }[flags.delimiter.trim().toLowerCase()] as "," | ";" | "\t" | undefined;
    if (d === undefined) throw new UsageError(`--delimiter must be , ; or tab (got ${JSON.stringify(flags.delimiter)})`);
    opts.delimiter = d;
  }
  if (flags.decimal !== undefined) {
    const d = { point: ".", ".": ".", dot: ".", comma: ",", ",": "," }[flags.decimal.trim().toLowerCase()] as "." | "," | undefined;
    if (d === undefined) throw new UsageError(`--decimal must be point or comma (got ${JSON.stringify(flags.decimal)})`);
    opts.decimal = d;
  }
  if (flags.underlying !== undefined) {
    const u = flags.underlying.trim();
    if (u === "") throw new UsageError("--underlying must not be empty");
    opts.underlying = u;
  }
  if (flags.strict) opts.strict = true;
  return opts;
}
