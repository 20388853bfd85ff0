import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { barrierClusters, linkLevels, type BarrierCluster } from "../../src/notes/clusters.js";
import { closeInstant } from "../../src/notes/dates.js";
import type { NoteExposure } from "../../src/notes/exposure.js";

type Item = Pick<NoteExposure, "id" | "barrierLevel" | "notionalUsd" | "status" | "observation" | "maturity" | "knockInDate" |
  "knockInUnwindShares" | "knockInUnwindUsd" | "breachUnwindShares" | "breachUnwindUsd">;

const ASOF = closeInstant("2026-02-03"); // a Tuesday

function item(id: string, level: number, notional: number, status: Item["status"] = "alive", unwind = -1000): Item {
  const breached = status === "knocked-in";
  return {
    id, barrierLevel: level, notionalUsd: notional, status, observation: "daily", maturity: "2027-01-05",
    knockInDate: breached ? "2026-02-04" : null,
    knockInUnwindShares: breached ? 0 : unwind, knockInUnwindUsd: breached ? 0 : unwind * level,
    breachUnwindShares: breached ? unwind : null, breachUnwindUsd: breached ? unwind * level : null,
  };
}

const levelArb = fc.double({ min: 1, max: 100, noNaN: true, noDefaultInfinity: true });
const itemsArb = fc.uniqueArray(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), level: levelArb, notional: fc.integer({ min: 1, max: 100 }),
    unwind: fc.integer({ min: -1e6, max: 0 }), status: fc.constantFrom("alive", "alive", "breached-intraday", "knocked-in", "matured") as fc.Arbitrary<Item["status"]> }),
  { selector: (r) => r.id, minLength: 0, maxLength: 40 },
).map((rs) => rs.map((r) => item(r.id, r.level, r.notional * 1e6, r.status, r.unwind)));
const tolArb = fc.double({ min: 0, max: 0.2, noNaN: true });

/** The cluster (as a set of ids) each id belongs to. */
function membership(cs: BarrierCluster[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of cs) for (const id of c.noteIds) m.set(id, c.noteIds.join("|"));
  return m;
}

describe("linkLevels: single linkage on relative gaps", () => {
  it("links neighbours within the tolerance, ascending, indices by level", () => {
    expect(linkLevels([43.6, 38.5, 43.1, 38.9, 40.5], 0.02)).toEqual([[1, 3], [4], [2, 0]]);
    expect(linkLevels([], 0.02)).toEqual([]);
    expect(linkLevels([5], 0)).toEqual([[0]]);
    // tolerance 0 links equal levels only
    expect(linkLevels([40, 40, 40.0001], 0)).toEqual([[0, 1], [2]]);
  });

  it("rejects a bad tolerance or level with a RangeError naming it", () => {
    expect(() => linkLevels([40], -0.01)).toThrow(/tolerance must be a finite number ≥ 0 \(got -0.01\)/);
    expect(() => linkLevels([40], NaN)).toThrow(RangeError);
    expect(() => linkLevels([40, NaN], 0.02)).toThrow(/level 1 must be a finite number > 0/);
    expect(() => linkLevels([0], 0.02)).toThrow(RangeError);
  });

  it("respects the tolerance: neighbours inside a cluster are within it, neighbours across clusters are not", () => {
    fc.assert(fc.property(fc.array(levelArb, { maxLength: 60 }), tolArb, (levels, tol) => {
      const groups = linkLevels(levels, tol);
      for (const g of groups) {
        for (let k = 1; k < g.length; k++) {
          expect(levels[g[k - 1]!]!).toBeLessThanOrEqual(levels[g[k]!]!);
          expect(levels[g[k]!]! <= levels[g[k - 1]!]! * (1 + tol)).toBe(true);
        }
      }
      for (let c = 1; c < groups.length; c++) {
        const hiPrev = levels[groups[c - 1]!.at(-1)!]!;
        const loNext = levels[groups[c]![0]!]!;
        expect(loNext > hiPrev * (1 + tol)).toBe(true);
      }
    }));
  });

  it("is a partition: every index exactly once", () => {
    fc.assert(fc.property(fc.array(levelArb, { maxLength: 60 }), tolArb, (levels, tol) => {
      const all = linkLevels(levels, tol).flat().sort((a, b) => a - b);
      expect(all).toEqual(levels.map((_, i) => i));
    }));
  });
});

describe("barrierClusters", () => {
  it("clusters live barriers, keeps knocked-in ones apart, counts the rest", () => {
    const r = barrierClusters([
      item("a", 43.6, 100e6), item("b", 43.1, 30e6), item("c", 38.5, 40e6), item("d", 38.9, 60e6),
      item("e", 40.5, 10e6), item("f", 43.8, 35e6, "knocked-in"), item("g", 43.0, 20e6, "knocked-in"), item("h", 41.3, 10e6, "autocalled"),
    ], { tolerance: 0.02, asOfMs: ASOF, spot: 44.59 });
    expect(r.clusters.map((c) => c.noteIds)).toEqual([["b", "a"], ["c", "d"], ["e"]]);
    const top = r.clusters[0]!;
    expect(top).toMatchObject({ lo: 43.1, hi: 43.6, count: 2, notional: 130e6, unwindShares: -2000, firstObservation: "2026-02-04", lastObservation: "2027-01-05" });
    expect(top.center).toBeCloseTo((43.1 * 30 + 43.6 * 100) / 130, 12);
    expect(top.unwindUsd).toBe(-1000 * 43.1 + -1000 * 43.6);
    expect(top.distancePct).toBe((top.center / 44.59 - 1) * 100);
    expect(r.breached.map((c) => c.noteIds)).toEqual([["g", "f"]]);
    expect(r.breached[0]).toMatchObject({ firstObservation: "2026-02-04", lastObservation: "2026-02-04", unwindShares: -2000 });
    expect(r.excluded).toMatchObject({ autocalled: 1, pending: 0, matured: 0 });
  });

  it("ranks by the forced flow a breach would cause, largest first", () => {
    const r = barrierClusters([item("small", 40, 100e6, "alive", -10), item("big", 30, 5e6, "alive", -1e6)], { tolerance: 0.02, asOfMs: ASOF });
    expect(r.clusters.map((c) => c.noteIds[0])).toEqual(["big", "small"]);
    expect(r.clusters[0]!.distancePct).toBeNull();
  });

  it("first observation: next weekday close for daily, the as-of date for continuous, maturity for final", () => {
    const fri = closeInstant("2026-02-06");
    const mk = (obs: Item["observation"]) => ({ ...item(obs, 40, 1e6), observation: obs });
    expect(barrierClusters([mk("daily")], { tolerance: 0, asOfMs: fri }).clusters[0]!.firstObservation).toBe("2026-02-09");
    expect(barrierClusters([mk("continuous")], { tolerance: 0, asOfMs: fri }).clusters[0]!.firstObservation).toBe("2026-02-06");
    expect(barrierClusters([mk("final")], { tolerance: 0, asOfMs: fri }).clusters[0]!.firstObservation).toBe("2027-01-05");
  });

  it("--min-notional hides small clusters and accounts for them; it never changes the clusters", () => {
    const notes = [item("a", 43.6, 100e6), item("b", 38.5, 10e6), item("c", 30, 5e6, "knocked-in")];
    const all = barrierClusters(notes, { tolerance: 0.02, asOfMs: ASOF });
    const some = barrierClusters(notes, { tolerance: 0.02, asOfMs: ASOF, minNotional: 20e6 });
    expect(some.clusters).toEqual(all.clusters.filter((c) => c.notional >= 20e6));
    expect(some.breached).toEqual([]);
    expect(some.hidden).toEqual({ clusters: 2, notes: 2, notional: 15e6 });
    expect(() => barrierClusters(notes, { tolerance: 0.02, asOfMs: ASOF, minNotional: -1 })).toThrow(/minNotional/);
  });

  it("is deterministic and does not depend on the order of the notes (bit-identical)", () => {
    fc.assert(fc.property(itemsArb, tolArb, fc.integer(), (items, tol, seed) => {
      const shuffled = fc.sample(fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }), { seed, numRuns: 1 })[0]!;
      const a = barrierClusters(items, { tolerance: tol, asOfMs: ASOF, spot: 44.59 });
      const b = barrierClusters(shuffled, { tolerance: tol, asOfMs: ASOF, spot: 44.59 });
      expect(b).toEqual(a);
    }), { numRuns: 200 });
  });

  it("never loses or double-counts a note, whatever the tolerance", () => {
    fc.assert(fc.property(itemsArb, tolArb, (items, tol) => {
      const r = barrierClusters(items, { tolerance: tol, asOfMs: ASOF });
      const live = r.clusters.flatMap((c) => c.noteIds).sort();
      const hit = r.breached.flatMap((c) => c.noteIds).sort();
      const isLive = (i: Item) => i.status === "alive" || i.status === "breached-intraday";
      expect(live).toEqual(items.filter(isLive).map((i) => i.id).sort());
      expect(hit).toEqual(items.filter((i) => i.status === "knocked-in").map((i) => i.id).sort());
      expect(r.excluded.matured).toBe(items.filter((i) => i.status === "matured").length);
      const sumN = (cs: BarrierCluster[]) => cs.reduce((s, c) => s + c.notional, 0);
      const expectN = items.filter(isLive).reduce((s, i) => s + i.notionalUsd, 0);
      expect(Math.abs(sumN(r.clusters) - expectN)).toBeLessThanOrEqual(64 * Number.EPSILON * expectN);
      for (const c of r.clusters) expect(c.count).toBe(c.noteIds.length);
    }));
  });

  it("is monotone in the tolerance: a larger one only merges whole clusters", () => {
    fc.assert(fc.property(itemsArb, tolArb, tolArb, (items, t1, t2) => {
      const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
      const fine = barrierClusters(items, { tolerance: lo, asOfMs: ASOF });
      const coarse = membership(barrierClusters(items, { tolerance: hi, asOfMs: ASOF }).clusters);
      for (const c of fine.clusters) {
        const owners = new Set(c.noteIds.map((id) => coarse.get(id)));
        expect(owners.size).toBe(1);
      }
    }));
  });
});
