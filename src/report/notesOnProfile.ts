/**
 * The structured notes' issuer positions beside the dealer profile, as data: what
 * `gexray profile --notes` adds to its JSON and CSV. Issuers are long the notes' down-and-in puts
 * (their hedge is −delta); "combined" is dealers + issuers on the same grid.
 *
 * @module
 */
import { negativeZones, zeroCrossings } from "../exposure/levels.js";
import type { Profile } from "../exposure/profile.js";
import type { ReportNotesInput } from "./model.js";

/** Gamma, vanna, charm (and delta) at one spot, USD. */
export interface ExposureAtSpot {
  gamma: number;
  vanna: number;
  charm: number;
  delta: number | null;
}

/** The `notes` block of `gexray profile --notes --json`. */
export interface NotesOnProfileJson {
  file: string;
  /** the notes' underlying, e.g. "IBIT" */
  underlying: string;
  /** how its prices map onto the grid's, or null when the chain is on the same underlying */
  mapping: { from: string; to: string; ratio: number } | null;
  vol: { source: string; value: number | null };
  /** notes on the grid, and those left out with why */
  included: string[];
  skipped: { id: string; reason: string }[];
  /** per note on the grid, the engines that priced it across the grid prices (`notes/embedded.ts`) */
  engines: { id: string; engines: string[] }[];
  /** issuers' USD of delta change per 1% move, per +1 vol point, per day; delta USD; per grid price */
  gamma: number[];
  vanna: number[];
  charm: number[];
  delta: number[];
  atSpot: ExposureAtSpot;
  /** dealers + issuers */
  combined: {
    gamma: number[];
    vanna: number[];
    charm: number[];
    /** null unless the dealer delta profile was computed */
    delta: number[] | null;
    atSpot: ExposureAtSpot;
    zeroGamma: number[];
    nearestZeroGamma: number | null;
    shortGammaZones: Array<[number, number]>;
  };
}

/**
 * The notes' block for a profile's JSON: issuers' arrays, at-spot values and the combined profile
 * with its own zero crossings and short-gamma zones.
 *
 * @param profile - the dealer profile the notes were evaluated on
 * @param notes - from `assembleNotes` (must carry its overlay, on the profile's grid)
 * @param mapping - the underlying map used, if any
 * @throws RangeError when the notes carry no overlay or it is on another grid
 * @example
 * const block = notesOnProfileJson(profile, await assembleNotes({ notesFile, map }, chain, profile, []), map);
 * block.combined.nearestZeroGamma; // e.g. 76,520.3 (BTC sample with the IBIT book)
 */
export function notesOnProfileJson(
  profile: Profile, notes: ReportNotesInput, mapping?: { from: string; to: string; ratio: number },
): NotesOnProfileJson {
  const o = notes.overlay;
  const m = profile.grid.length;
  if (!o || o.gamma.length !== m) throw new RangeError(`the notes overlay must be on the profile's grid of ${m} prices`);
  const sum = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from({ length: m }, (_, k) => a[k]! + b[k]!);
  const combinedGamma = sum(profile.gamma, o.gamma);
  const zeroGamma = zeroCrossings(profile.grid, combinedGamma);
  let nearest: number | null = null;
  for (const z of zeroGamma) if (nearest === null || Math.abs(z - profile.spot) < Math.abs(nearest - profile.spot)) nearest = z;
  const s = notes.overlayAtSpot ?? { gamma: NaN, vanna: NaN, charm: NaN, delta: NaN };
  return {
    file: notes.file,
    underlying: notes.underlying,
    mapping: mapping ? { from: mapping.from, to: mapping.to, ratio: mapping.ratio } : null,
    vol: notes.vol,
    included: [...o.included],
    skipped: o.skipped.map((x) => ({ ...x })),
    engines: o.engines.map((e) => ({ id: e.id, engines: [...e.engines] })),
    gamma: Array.from(o.gamma),
    vanna: Array.from(o.vanna),
    charm: Array.from(o.charm),
    delta: Array.from(o.delta),
    atSpot: { gamma: s.gamma, vanna: s.vanna, charm: s.charm, delta: s.delta },
    combined: {
      gamma: combinedGamma,
      vanna: sum(profile.vanna, o.vanna),
      charm: sum(profile.charm, o.charm),
      delta: profile.delta ? sum(profile.delta, o.delta) : null,
      atSpot: {
        gamma: profile.atSpot.gamma + s.gamma,
        vanna: profile.atSpot.vanna + s.vanna,
        charm: profile.atSpot.charm + s.charm,
        delta: profile.atSpot.delta + s.delta,
      },
      zeroGamma,
      nearestZeroGamma: nearest,
      shortGammaZones: negativeZones(profile.grid, combinedGamma),
    },
  };
}
