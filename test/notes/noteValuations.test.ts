import { describe, expect, it } from "vitest";
import { loadTermSheets } from "../../src/data/termSheets.js";
import { NoteValuations } from "../../src/notes/noteValuations.js";
import { notesProfile } from "../../src/notes/profile.js";
import { noteEvents } from "../../src/notes/schedule.js";
import { noteUnwind, noteValueAt, valueNote } from "../../src/notes/valuation.js";

// The shipped book (SYNTHETIC, data/ibit_notes_sample.csv) at the sample chain's instant, valued on
// a grid of IBIT spots as the flow map values it (one pass per note for every spot), against a pass
// for each spot alone (noteValueAt: a grid built for that spot only) — a second computation of the
// same numbers. The lattice's cells are the same in both; only the cone of slots differs, so they
// agree far inside the engines' own discretization error (1e-3 of the face against Monte Carlo in
// valuation.test.ts): 3e-10 in delta was measured; the bounds are 1e-8.
const ASOF = Date.parse("2026-02-04T14:00:00Z");
const S0 = 41.47; // 73,012.64 USD per BTC × 0.000568 BTC per IBIT share
const SPOTS = Array.from({ length: 41 }, (_, i) => S0 * (0.8 + (0.4 * i) / 40));
const VOL = 0.55;
const book = (await loadTermSheets("data/ibit_notes_sample.csv")).notes.filter((n) => noteEvents(n, ASOF).length > 0);

describe("valueNote on many spots (the flow map's shared pass) and a pass per spot agree", () => {
  it("every alive note of the sample book, both engines (priced whole and plain), at five spots across ±20%", () => {
    expect(book.length).toBeGreaterThan(30);
    const kinds = new Set<string>();
    for (const note of book) {
      const inp = { asOfMs: ASOF, events: noteEvents(note, ASOF), vol: VOL };
      const all = valueNote(note, inp, SPOTS, true);
      for (const i of [0, 10, 20, 30, 40]) {
        const a = all.value(i), b = noteValueAt(note, inp, [SPOTS[i]!])[0]!;
        kinds.add(a.engine);
        expect(a.engine, note.id).toBe(b.engine);
        expect(Math.abs(a.option.price - b.option.price) / note.initialLevel, `${note.id} price at ${SPOTS[i]}`).toBeLessThanOrEqual(1e-8);
        expect(Math.abs(a.option.delta - b.option.delta), `${note.id} delta at ${SPOTS[i]}`).toBeLessThanOrEqual(1e-8);
        expect(Math.abs(a.option.gamma - b.option.gamma) * SPOTS[i]!, `${note.id} gamma·S at ${SPOTS[i]}`).toBeLessThanOrEqual(1e-7);
      }
      // the unwind from the same pass against its own computation at the barrier
      const own = noteUnwind(note, inp);
      expect(Math.abs(all.unwind!.jump - own.jump), `${note.id} unwind`).toBeLessThanOrEqual(1e-8);
    }
    expect(kinds.has("lattice")).toBe(true);
    expect(kinds.size).toBeGreaterThan(1);
  });
});

describe("NoteValuations: the cache gives what valueNote gives on the same spots", () => {
  it("every value and the unwind bit for bit (so notesProfile reads the same with or without it)", () => {
    // the spots as the report passes them: a grid and spot appended, the barriers below the grid
    const spots = [...SPOTS, S0];
    const cache = new NoteValuations(spots);
    for (const note of book) {
      const inp = { asOfMs: ASOF, events: noteEvents(note, ASOF), vol: VOL };
      const a = cache.of(note, inp), b = valueNote(note, inp, spots, true);
      for (let i = 0; i < spots.length; i++) expect(a.option(i), `${note.id} at ${spots[i]}`).toEqual(b.option(i));
      expect(a.unwind).toEqual(b.unwind);
      expect(cache.of(note, inp)).toBe(a); // computed once
    }
  });
});

describe("notesProfile with and without the shared valuations", () => {
  it("the same sums to the bit (the report's overlay equals the library called directly)", () => {
    const opts = { asOfMs: ASOF, vol: VOL, spot: S0 };
    const cache = new NoteValuations(SPOTS);
    const a = notesProfile(book, { prices: SPOTS }, { ...opts, valuations: cache }), b = notesProfile(book, { prices: SPOTS }, opts);
    for (const k of ["gamma", "vanna", "charm", "delta", "deltaUnderlying"] as const) expect(a[k], k).toEqual(b[k]);
    expect(a.included).toEqual(b.included);
  });
});

describe("NoteValuations without vanna (gexray flows)", () => {
  it("leaves vanna NaN and every other number the same, bit for bit, as the valuations with vanna", () => {
    const withV = new NoteValuations(SPOTS), without = new NoteValuations(SPOTS, { vanna: false });
    expect(without.vanna).toBe(false);
    for (const note of book) {
      const inp = { asOfMs: ASOF, events: noteEvents(note, ASOF), vol: VOL };
      const a = withV.of(note, inp), b = without.of(note, inp);
      for (let i = 0; i < SPOTS.length; i += 8) {
        const x = a.value(i), y = b.value(i);
        for (const k of ["price", "delta", "gamma", "charm"] as const) {
          expect(y.option[k], `${note.id} ${k}`).toBe(x.option[k]);
          for (const part of ["put", "coupons", "autocall"] as const) expect(y.parts[part][k]).toBe(x.parts[part][k]);
        }
        expect(Number.isFinite(x.option.vanna), note.id).toBe(true);
        expect(y.option.vanna).toBeNaN();
      }
      expect(b.unwind).toEqual(a.unwind);
    }
  });
});
