/**
 * One valuation per note, shared by the calls that value a book at the same spots.
 *
 * `gexray flows` and `gexray report` value every note twice with the same inputs: at each price of
 * the profile's grid (`notesProfile`) and at spot with its knock-in unwind (`bookExposure`). Given
 * a {@link NoteValuations} built on the grid's prices (spot among them), both read one pass per note
 * ({@link valueNote}: one lattice induction for a note priced whole, one call of the put engines
 * for a plain note, the point just above the barrier included for the unwind; `notesProfile`
 * without the cache takes that point too, so it gives the same numbers). A value read here
 * differs from the one a pass for its spot alone gives by far less than the engines' error (the
 * grid is the same in its cells and wider in its reach; `test/notes/noteValuations.test.ts`
 * measures it on the shipped book).
 *
 * @module
 */
import type { NoteTerms } from "../data/noteTerms.js";
import { valueNote, type NoteValuation, type NoteValueInputs } from "./valuation.js";

/**
 * The notes of a book valued once each at fixed spots (module notes).
 *
 * @example
 * const cache = new NoteValuations(gridPricesInIbit); // the profile's grid and spot, in the notes' units
 * bookExposure(book, { asOfMs, spot, vol, valuations: cache });
 * notesProfile(book, { prices: gridPricesInBtc }, { asOfMs, vol, map, gridUnderlying: "BTC", spot: btcSpot, valuations: cache });
 */
export class NoteValuations {
  /** the spots every note is valued at, in the notes' own units (USD per share) */
  readonly spots: readonly number[];
  private readonly index = new Map<number, number>();
  /** whether the valuations carry vanna (else NaN, without the volatility-bumped inductions) */
  readonly vanna: boolean;
  private readonly memo = new WeakMap<NoteTerms, Map<string, NoteValuation>>();

  /**
   * @param spots - prices of the notes' underlying (> 0); each note is valued at all of them
   * @param opts - vanna: false leaves every vanna NaN and saves the inductions it costs (default true)
   */
  constructor(spots: readonly number[], opts: { vanna?: boolean } = {}) {
    this.spots = [...spots];
    this.vanna = opts.vanna !== false;
    this.spots.forEach((S, i) => {
      if (!this.index.has(S)) this.index.set(S, i);
    });
  }

  /** The position of a spot among {@link spots} (exact match), or −1. */
  indexOf(spot: number): number {
    return this.index.get(spot) ?? -1;
  }

  /** Whether `spots` are exactly this cache's spots, in order. */
  covers(spots: ArrayLike<number>): boolean {
    if (spots.length !== this.spots.length) return false;
    for (let i = 0; i < spots.length; i++) if (spots[i] !== this.spots[i]) return false;
    return true;
  }

  /**
   * The note's valuation at the cache's spots with these inputs (and its unwind now when it is not
   * knocked in), computed on the first call and reused after.
   */
  of(note: NoteTerms, inp: NoteValueInputs): NoteValuation {
    const e = inp.events;
    const key = [inp.asOfMs, inp.vol, inp.rate ?? 0, inp.dividend ?? 0, inp.knockedIn === true, inp.missedCoupons ?? 0, e.length, e[0]?.time ?? 0].join("|");
    let byKey = this.memo.get(note);
    if (!byKey) this.memo.set(note, (byKey = new Map()));
    let v = byKey.get(key);
    if (!v) byKey.set(key, (v = valueNote(note, inp, this.spots, true, this.vanna)));
    return v;
  }
}
