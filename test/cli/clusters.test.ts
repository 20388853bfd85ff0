import { describe, expect, it } from "vitest";
import { gexray, oneLineError } from "./run.js";

const SAMPLE = ["data/ibit_notes_sample.csv", "--prices", "data/ibit_history_2025-09_2026-02.csv"];

interface Cluster {
  lo: number; hi: number; center: number; count: number; notional: number; noteIds: string[]; unwindShares: number;
  unwindUsd: number; distancePct: number | null; firstObservation: string | null; lastObservation: string | null;
}
interface Out {
  asOf: string; spot: number | null; tolerance: number; clusters: Cluster[]; breached: Cluster[];
  hidden: { clusters: number; notes: number; notional: number }; excluded: Record<string, number>;
  projection?: {
    path: { source: string; from: string; to: string; closes: number; lastClose: number };
    issuance: { frequency: string; notionalUsd: number; barrierPct: number; observation: string; tenorMonths: number; start: string };
    notes: { id: string; pricingDate: string; initialLevel: number; barrierLevel: number }[];
    clusters: Cluster[]; breached: Cluster[]; combined: { clusters: Cluster[]; breached: Cluster[] };
  };
}

function json(args: string[]): Out {
  const r = gexray(["clusters", ...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Out;
}

function aliveIds(args: string[]): string[] {
  const r = gexray(["notes", ...args, "--json"]);
  const out = JSON.parse(r.stdout) as { notes: { id: string; status: string }[] };
  return out.notes.filter((n) => n.status === "alive").map((n) => n.id).sort();
}

describe("gexray clusters --json on the shipped sample", () => {
  const args = [...SAMPLE, "--asof", "2026-02-03"];
  const out = json(args);

  it("carries the documented fields, ranked by the forced flow", () => {
    const keys = ["lo", "hi", "center", "count", "notional", "noteIds", "unwindShares", "unwindUsd", "distancePct", "firstObservation", "lastObservation"];
    expect(out.clusters.length).toBeGreaterThan(3);
    for (const c of out.clusters) {
      for (const k of keys) expect(c).toHaveProperty(k);
      expect(c.count).toBe(c.noteIds.length);
      expect(c.lo).toBeLessThanOrEqual(c.center);
      expect(c.center).toBeLessThanOrEqual(c.hi);
    }
    for (let k = 1; k < out.clusters.length; k++) {
      expect(Math.abs(out.clusters[k - 1]!.unwindUsd)).toBeGreaterThanOrEqual(Math.abs(out.clusters[k]!.unwindUsd));
    }
    expect(out.tolerance).toBe(0.02);
  });

  it("tells the story: the 43–44 cluster with the JPMorgan 43.6 note first, the 38–39 stack below it", () => {
    expect(out.clusters[0]!.noteIds).toContain("SYN-JPM-251110-A");
    expect(out.clusters[0]!.lo).toBeGreaterThan(42.5);
    expect(out.clusters[0]!.hi).toBeLessThan(44.5);
    const eye = out.clusters.find((c) => c.noteIds.includes("SYN-JPM-251203-A"))!;
    expect(eye.lo).toBeGreaterThanOrEqual(38);
    expect(eye.hi).toBeLessThan(39.5);
    expect(eye.notional).toBe(Math.max(...out.clusters.map((c) => c.notional)));
  });

  it("every alive note is in exactly one cluster, at every tolerance", () => {
    const alive = aliveIds(args);
    for (const tol of ["0", "1%", "2%", "5%", "0.2"]) {
      const o = json([...args, "--tolerance", tol]);
      expect(o.clusters.flatMap((c) => c.noteIds).sort()).toEqual(alive);
    }
  });

  it("knocked-in barriers are listed apart with the dates their breach happened", () => {
    const end = json(SAMPLE);
    expect(end.breached.map((c) => [c.firstObservation, c.lastObservation])).toContainEqual(["2026-02-04", "2026-02-04"]);
    expect(end.breached.map((c) => c.firstObservation)).toContain("2026-02-05");
    for (const c of end.breached) expect(c.unwindShares).toBeLessThan(0);
    expect(end.excluded.autocalled).toBe(1);
  });

  it("--min-notional hides small clusters and counts them", () => {
    const all = json(args);
    const big = json([...args, "--min-notional", "$100M"]);
    expect(big.clusters).toEqual(all.clusters.filter((c) => c.notional >= 100e6));
    expect(big.hidden.notes).toBe(all.clusters.filter((c) => c.notional < 100e6).reduce((s, c) => s + c.count, 0));
  });
});

describe("gexray clusters --project", () => {
  it("a scenario move: weekly notes along the path, barriers at close × pct / 100, shown apart and combined", () => {
    const out = json([...SAMPLE, "--project", "--path", "-10%", "--horizon", "30d", "--issuance", "weekly", "--notional", "25M", "--barrier-pct", "70"]);
    const p = out.projection!;
    expect(p.path).toMatchObject({ from: "2026-02-13", to: "2026-03-15", lastClose: 40.6 * 0.9 });
    expect(p.issuance).toMatchObject({ frequency: "weekly", notionalUsd: 25e6, barrierPct: 0.7, observation: "final", tenorMonths: 24, start: "2026-02-13" });
    expect(p.notes.map((n) => n.pricingDate)).toEqual(["2026-02-13", "2026-02-20", "2026-02-27", "2026-03-06", "2026-03-13"]);
    for (const n of p.notes) expect(n.barrierLevel).toBe((n.initialLevel * 70) / 100); // initial × pct / 100
    expect(p.notes[0]!.initialLevel).toBe(40.6);
    const hypo = p.clusters.flatMap((c) => c.noteIds).sort();
    expect(hypo).toEqual(p.notes.map((n) => n.id).sort());
    const combined = p.combined.clusters.flatMap((c) => c.noteIds);
    for (const id of [...hypo, ...out.clusters.flatMap((c) => c.noteIds)]) expect(combined).toContain(id);
    expect(out.asOf).toBe("2026-03-15T16:00:00-04:00");
    expect(out.spot).toBe(40.6 * 0.9);
  });

  it("a history path: issuance continues after the book's last pricing date", () => {
    const out = json([...SAMPLE, "--project", "--path", "data/ibit_history_2025-09_2026-02.csv", "--issuance", "weekly", "--barrier-pct", "70%"]);
    expect(out.projection!.issuance.start).toBe("2026-01-30");
    expect(out.projection!.notes.map((n) => [n.pricingDate, n.initialLevel])).toEqual([["2026-01-30", 47.5], ["2026-02-06", 40.5], ["2026-02-13", 40.6]]);
  });

  it("prints the existing, hypothetical and combined tables", () => {
    const r = gexray(["clusters", ...SAMPLE, "--project", "--path", "-10%", "--barrier-pct", "70"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^projected issuance: weekly from 2026-02-13/m);
    expect(r.stdout).toMatch(/^hypothetical notes: live barriers/m);
    expect(r.stdout).toMatch(/^existing and hypothetical combined: live barriers/m);
  });
});

describe("gexray clusters: table and bad input", () => {
  it("prints ranked live and breached tables", () => {
    const r = gexray(["clusters", ...SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^notes: live barriers, ranked by the hedge a breach now would force the issuers to sell:/m);
    expect(r.stdout).toMatch(/^notes: breached barriers/m);
    expect(r.stdout).toMatch(/^\s*#\s+lo\s+hi\s+center\s+dist %\s+notes\s+notl \$M\s+unwind \$M\s+first obs\s+largest notes$/m);
    expect(r.stdout).toMatch(/^engines: #1 /m);
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("bad flags are exit 2 with one line naming the flag", () => {
    const cases: [string[], RegExp][] = [
      [["--tolerance", "-1%"], /--tolerance must be a number ≥ 0/],
      [["--min-notional", "lots"], /--min-notional must be a USD amount/],
      [["--path", "-10%"], /--path needs --project/],
      [["--project"], /--project needs --path/],
      [["--project", "--path", "-10%", "--issuance", "daily"], /--issuance must be one of weekly, monthly/],
      [["--project", "--path", "-10%", "--barrier-pct", "0.7"], /--barrier-pct is in percent points: 0\.7 is ambiguous/],
      [["--project", "--path", "-10%", "--horizon", "soon"], /--horizon must be whole days or weeks/],
      [["--project", "--path", "no_such.csv"], /no_such\.csv: cannot read file/],
    ];
    for (const [extra, re] of cases) {
      const r = gexray(["clusters", ...SAMPLE, ...extra]);
      expect([extra, r.code]).toEqual([extra, 2]);
      expect(oneLineError(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(re);
    }
  });

  it("a scenario needs a spot", () => {
    const r = gexray(["clusters", "data/ibit_notes_sample.csv", "--project", "--path", "-10%"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--path -10% moves from the spot: give --spot or --prices/);
  });
});

describe("gexray clusters --project: the scenario replaces the history after its start", () => {
  it("a -10% path from 2026-02-03 knocks notes in on the path's closes, not on the history's later 42.50 and 36.90", () => {
    const r = gexray(["clusters", ...SAMPLE, "--asof", "2026-02-03", "--project", "--path", "-10%", "--horizon", "30d", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as {
      projection: { path: { from: string; to: string }; combined: { breached: Array<{ lo: number; firstObservation: string }> } };
    };
    expect(d.projection.path.from).toBe("2026-02-03");
    // the history's 2026-02-04 (42.50) and 2026-02-05 (36.90) closes would knock in the 43.6 and the
    // 38–39 daily notes on those dates; along a straight 10% decline from 44.59 they knock in later,
    // and a 38–39 barrier (below the path's 40.13 end) not at all
    for (const c of d.projection.combined.breached) expect(c.firstObservation > "2026-02-05", JSON.stringify(c)).toBe(true);
    expect(d.projection.combined.breached.some((c) => c.lo < 40)).toBe(false);
  });
});
