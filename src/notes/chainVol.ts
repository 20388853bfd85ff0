/**
 * Volatility for a note from an option chain's implied vols: the vol at the note's barrier (as a
 * moneyness) for its remaining life, read off the chain's smile.
 *
 * Smile: per expiry, the out-of-the-money quotes (puts at strikes at or below spot, calls at or
 * above; all quotes when an expiry has no OTM one) with a finite IV > 0, IVs of one strike averaged,
 * linear in strike between strikes and flat beyond the outermost. Term: total variance σ²T linear
 * in T between the two expiries around the wanted time, flat vol before the first and after the
 * last. Moneyness: a note barrier H with spot S reads the chain at strike chain.spot × H / S, so an
 * IBIT note can take its vol from a BTC chain (same relative distance from spot).
 *
 * @module
 */
import type { Chain } from "../data/chain.js";
import type { NoteTerms } from "../data/noteTerms.js";
import { YEAR_MS } from "../data/time.js";

/** The chain columns {@link chainVolAt} reads. */
export type SmileChain = Pick<Chain, "spot" | "length" | "type" | "strike" | "time" | "iv">;

interface Smile {
  time: number;
  strikes: number[];
  vols: number[];
}

function smiles(chain: SmileChain): Smile[] {
  const byTime = new Map<number, { otm: Map<number, number[]>; all: Map<number, number[]> }>();
  for (let i = 0; i < chain.length; i++) {
    const iv = chain.iv[i]!, K = chain.strike[i]!, t = chain.time[i]!;
    if (!(iv > 0) || !Number.isFinite(iv) || !(K > 0) || !Number.isFinite(K) || !(t > 0) || !Number.isFinite(t)) continue;
    let e = byTime.get(t);
    if (!e) byTime.set(t, (e = { otm: new Map(), all: new Map() }));
    const push = (m: Map<number, number[]>) => {
      const a = m.get(K);
      if (a) a.push(iv);
      else m.set(K, [iv]);
    };
    push(e.all);
    if (chain.type[i] === -1 ? K <= chain.spot : K >= chain.spot) push(e.otm);
  }
  const out: Smile[] = [];
  for (const [time, e] of byTime) {
    const use = e.otm.size > 0 ? e.otm : e.all;
    const strikes = [...use.keys()].sort((a, b) => a - b);
    const vols = strikes.map((k) => {
      const a = use.get(k)!;
      return a.reduce((s, x) => s + x, 0) / a.length;
    });
    out.push({ time, strikes, vols });
  }
  return out.sort((a, b) => a.time - b.time);
}

function smileAt(s: Smile, K: number): number {
  const { strikes: x, vols: y } = s;
  const n = x.length;
  if (K <= x[0]!) return y[0]!;
  if (K >= x[n - 1]!) return y[n - 1]!;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! <= K) lo = mid;
    else hi = mid;
  }
  const w = (K - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + w * (y[hi]! - y[lo]!);
}

/**
 * The chain's implied vol at a strike and a time (module notes for the interpolation).
 *
 * @param chain - a loaded chain (its spot decides which quotes are out of the money)
 * @param strike - strike in the chain's units (> 0)
 * @param years - time to expiry wanted (> 0)
 * @returns the vol, decimal per √year
 * @throws RangeError when strike or years is not finite and > 0, or the chain has no quote with a
 *   finite IV > 0, a strike > 0 and a time > 0
 * @example
 * // one expiry, T = 0.5: put 90 at 0.60, put 100 at 0.55, call 100 at 0.53, call 110 at 0.50 (spot 100)
 * chainVolAt(chain, 95, 0.5);  // 0.5700000000000001 (halfway from 0.60 at 90 to 0.54 at 100, where the OTM put and call average)
 * chainVolAt(chain, 80, 2);    // 0.6 (flat beyond the smile and the last expiry)
 */
export function chainVolAt(chain: SmileChain, strike: number, years: number): number {
  if (!(strike > 0) || !Number.isFinite(strike)) throw new RangeError(`strike must be a finite number > 0 (got ${strike})`);
  if (!(years > 0) || !Number.isFinite(years)) throw new RangeError(`years must be a finite number > 0 (got ${years})`);
  const ss = smiles(chain);
  if (ss.length === 0) throw new RangeError("the chain has no quote with an implied vol > 0 to read a vol from");
  if (years <= ss[0]!.time) return smileAt(ss[0]!, strike);
  const last = ss[ss.length - 1]!;
  if (years >= last.time) return smileAt(last, strike);
  let j = 1;
  while (ss[j]!.time < years) j++;
  const a = ss[j - 1]!, b = ss[j]!;
  const va = smileAt(a, strike), vb = smileAt(b, strike);
  const wa = va * va * a.time, wb = vb * vb * b.time;
  const w = wa + ((wb - wa) * (years - a.time)) / (b.time - a.time);
  return Math.sqrt(w / years);
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
 * bookExposure(book, { asOfMs: closeInstant("2026-02-03"), spot: 44.59, vol }).notes[0].vol; // 0.46081567151436215 (SYN-GS-250902-A)
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
