/**
 * The user's overrides of what a venue file says (spot, as-of), validated once for every loader.
 *
 * @module
 */
import type { Instant } from "./chain.js";
import { InputError } from "./errors.js";
import type { LoadOptions } from "./loadOptions.js";
import { NEW_YORK, parseInstant } from "./time.js";

/**
 * Check `opts.spot`, `opts.asOf`, `opts.rate` and `opts.dividend` and return the spot and as-of
 * overrides. An as-of text without an offset is wall time in `defaultZone` (a date alone is taken
 * at `defaultTime` there): New York's 16:00 close for US venues, 08:00 UTC for Deribit.
 *
 * @param file - the file the overrides apply to, for messages
 * @throws InputError naming the file and the field: a spot not finite and > 0, an as-of that is
 *   not a time, a non-finite rate or dividend
 * @example
 * resolveOverrides({ spot: 4700, asOf: "2024-01-05" }, "spx.csv");
 * // { spot: 4700, asOf: { epochMs: 1704488400000, zone: "America/New_York" } }
 */
export function resolveOverrides(
  opts: LoadOptions, file: string, defaultTime = "16:00", defaultZone = NEW_YORK,
): { spot?: number; asOf?: Instant } {
  const out: { spot?: number; asOf?: Instant } = {};
  if (opts.spot !== undefined) {
    if (!(opts.spot > 0) || !Number.isFinite(opts.spot)) throw new InputError(`spot override must be a finite number > 0 (got ${opts.spot})`, { file, field: "spot" });
    out.spot = opts.spot;
  }
  if (opts.asOf !== undefined) {
    const t = typeof opts.asOf === "string" ? parseInstant(opts.asOf, defaultTime, defaultZone) : opts.asOf;
    if (!t || !Number.isFinite(t.epochMs)) throw new InputError(`asOf override is not a time: '${String(opts.asOf)}'`, { file, field: "asOf" });
    out.asOf = t;
  }
  for (const k of ["rate", "dividend"] as const) {
    const v = opts[k];
    if (v !== undefined && !Number.isFinite(v)) throw new InputError(`${k} must be a finite number (got ${v})`, { file, field: k });
  }
  return out;
}
