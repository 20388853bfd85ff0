/**
 * Volatility for a note from an option chain's implied vols: the vol at the note's barrier (as a
 * moneyness) for its remaining life, read off the chain's one volatility surface (src/vol: raw SVI
 * fitted per expiry to the out-of-the-money quotes, a monotone fallback where a fit fails, total
 * variance linear in time at fixed log-forward-moneyness, flat vol before the first expiry and after
 * the last). Moneyness: a note barrier H with spot S reads the chain at strike chain.spot × H / S, so
 * an IBIT note can take its vol from a BTC chain (same relative distance from spot).
 *
 * The surface is fitted once per chain object (memoized) and on first use (it loads mathjs).
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import type { NoteTerms } from "../data/noteTerms.js";
import { YEAR_MS } from "../data/time.js";
import { fitVolSurface, surfaceVol, type SurfaceInput, type VolSurface } from "../vol/surface.js";

/** The chain columns {@link chainVolAt} reads. */
export type SmileChain = Pick<Chain, "spot" | "rate" | "dividend" | "length" | "type" | "strike" | "expiry" | "time" | "iv" | "openInterest" | "forward">;

const surfaces = new WeakMap<object, VolSurface>();

/**
 * The chain's vol surface (fitVolSurface with vega weights), fitted on the first call for a chain
 * object and reused after.
 *
 * @example
 * chainSurface(chain).slices.length; // 22 (IBIT 2026-07-14)
 */
export function chainSurface(chain: SurfaceInput): VolSurface {
  let s = surfaces.get(chain);
  if (s === undefined) {
    s = fitVolSurface(chain);
    surfaces.set(chain, s);
  }
  return s;
}

/**
 * The chain's implied vol at a strike and a time, read off its surface (module note).
 *
 * @param chain - a loaded chain
 * @param strike - strike in the chain's units (> 0)
 * @param years - time from the chain's snapshot (> 0)
 * @returns the vol, decimal per √year
 * @throws RangeError when strike or years is not finite and > 0, or the chain has no quote with a
 *   finite IV > 0, a strike > 0 and a time > 0
 * @example
 * const { chain } = await loadChain("test/fixtures/real/spx_quotedata_2024-01-07.csv");
 * chainVolAt(chain, 4500, 0.25); // 0.15430575652344028 (3 months, 4% below spot)
 */
export function chainVolAt(chain: SmileChain, strike: number, years: number): number {
  if (!(strike > 0) || !Number.isFinite(strike)) throw new RangeError(`strike must be a finite number > 0 (got ${strike})`);
  if (!(years > 0) || !Number.isFinite(years)) throw new RangeError(`years must be a finite number > 0 (got ${years})`);
  const s = chainSurface(chain);
  if (s.slices.length === 0) throw new RangeError("the chain has no quote with an implied vol > 0 to read a vol from");
  return surfaceVol(s, strike, years);
}

/**
 * The strike at which a note's barrier reads a chain's smile: chain.spot × barrier / spot (same
 * moneyness); the barrier itself when the note's spot is unknown and the chain is on the note's
 * underlying; chain.spot (at the money) otherwise.
 *
 * @example
 * smileStrike({ spot: 72011.29, underlying: "BTC" }, { barrierLevel: 38.5, underlying: "IBIT" }, 44.59);
 * // 62176.153061224475 (38.5 / 44.59 of 72011.29)
 */
export function smileStrike(
  chain: Pick<Chain, "spot" | "underlying">, note: { barrierLevel: number; underlying: string }, spot: number | undefined,
): number {
  if (spot !== undefined && spot > 0) return (chain.spot * note.barrierLevel) / spot;
  return chain.underlying.toUpperCase() === note.underlying.toUpperCase() ? note.barrierLevel : chain.spot;
}

/**
 * A per-note vol function for `bookExposure` / `notesProfile`: each note reads the chain's smile at
 * its barrier's moneyness ({@link smileStrike}) for its remaining life at `asOfMs` (at least one
 * day), memoized per note id.
 *
 * @param chain - a loaded chain (any underlying: moneyness carries over)
 * @param opts - the as-of instant, and the notes' underlying price (in the notes' units) if known
 * @returns note → vol, decimal per √year; the function throws RangeError when the chain has no usable IV
 * @example
 * const { chain } = await loadChain("test/fixtures/real/ibit_chain_2026-07-14.json");
 * const vol = chainVolForNotes(chain, { asOfMs: closeInstant("2026-02-03"), spot: 44.59 });
 * bookExposure(book, { asOfMs: closeInstant("2026-02-03"), spot: 44.59, vol }).notes[0].vol; // 0.47690087305206774 (SYN-GS-250902-A)
 */
export function chainVolForNotes(
  chain: SmileChain & Pick<Chain, "underlying">, opts: { asOfMs: number; spot?: number },
): (note: NoteTerms) => number {
  const cache = new Map<string, number>();
  return (note) => {
    let v = cache.get(note.id);
    if (v === undefined) {
      const years = Math.max(1 / 365, (note.maturityMs - opts.asOfMs) / YEAR_MS);
      v = chainVolAt(chain, smileStrike(chain, note, opts.spot), years);
      cache.set(note.id, v);
    }
    return v;
  };
}
