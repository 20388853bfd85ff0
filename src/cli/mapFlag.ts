/**
 * The repeatable `--map` flag of the chain commands, which does two jobs told apart by form:
 * `IBIT:BTC=0.000568` (an underlying map: one IBIT share is 0.000568 BTC) puts notes on another
 * underlying onto the chain's grid; `name=column,...` renames generic-CSV columns.
 *
 * @module
 */
import type { Command } from "commander";
import type { UnderlyingMap } from "../notes/underlyingMap.js";
import { UsageError } from "./errors.js";

/**
 * Make the `--map` option that {@link addDataFlags} added repeatable (values collect into an array)
 * and describe both of its jobs.
 *
 * @example
 * makeMapRepeatable(addDataFlags(program.command("profile").argument("<file>")));
 */
export function makeMapRepeatable(cmd: Command): Command {
  const mapOption = cmd.options.find((o) => o.long === "--map");
  if (mapOption) {
    mapOption.description =
      "IBIT:BTC=0.000568 maps the notes' underlying onto the chain's grid; name=column,... renames generic-CSV columns (repeatable)";
    mapOption.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  }
  return cmd;
}

/**
 * Split the collected `--map` values into one underlying map and the column-map items.
 *
 * @throws UsageError for two underlying maps or a malformed one, naming --map
 * @example
 * await splitMaps(["IBIT:BTC=0.000568", "open_interest=OI"]);
 * // { underlying: { from: "IBIT", to: "BTC", ratio: 0.000568 }, columns: "open_interest=OI" }
 */
export async function splitMaps(values: readonly string[]): Promise<{ underlying?: UnderlyingMap; columns?: string }> {
  const { looksLikeUnderlyingMap, parseUnderlyingMap } = await import("../notes/underlyingMap.js");
  const out: { underlying?: UnderlyingMap; columns?: string } = {};
  const columns: string[] = [];
  for (const v of values) {
    if (looksLikeUnderlyingMap(v)) {
      if (out.underlying) throw new UsageError(`--map: one underlying mapping at a time (got ${out.underlying.from}:${out.underlying.to} and ${v})`);
      try {
        out.underlying = parseUnderlyingMap(v);
      } catch (err) {
        throw new UsageError(`--map ${(err as Error).message}`);
      }
    } else {
      columns.push(v);
    }
  }
  if (columns.length > 0) out.columns = columns.join(",");
  return out;
}
