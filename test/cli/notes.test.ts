import { readFileSync } from "node:fs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gexray, oneLineError } from "./run.js";

const SAMPLE = ["data/ibit_notes_sample.csv", "--prices", "data/ibit_history_2025-09_2026-02.csv"];
const HEADER = "note_id,issuer,underlying,pricing_date,initial_level,barrier_pct,barrier_level,observation,maturity,notional_usd";

function tmp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "gexray-notes-"));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

interface NoteRow {
  id: string; barrierLevel: number; distancePct: number | null; status: string; statusDate: string | null; shares: number;
  value: number | null; delta: number | null; gamma: number | null; vanna: number | null; hedgeShares: number | null;
  hedgeUsd: number | null; knockInUnwindShares: number; knockInUnwindUsd: number; notionalUsd: number; initialLevel: number;
  observation: string; vol: number; remainingYears: number; engine: string | null; unwindEngine: string | null;
  parts: Record<"put" | "coupons" | "autocall", { value: number; delta: number; hedgeShares: number }> | null;
}
interface NotesOut {
  asOf: string; spot: number | null; vol: { source: string; value: number | null; realized?: { returns: number; from: string; to: string }; assumption?: string }; rate: number;
  notes: NoteRow[]; totals: Record<string, unknown> & { byStatus: Record<string, { count: number }> };
  report: { rows: number; used: number; rejected: number; problems: unknown[] }; units: Record<string, string>; warnings: string[];
}

function json(args: string[]): NotesOut {
  const r = gexray(["notes", ...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as NotesOut;
}

describe("gexray notes --json on the shipped sample", () => {
  const out = json([...SAMPLE, "--asof", "2026-02-03"]);

  it("carries the documented fields per note, and totals", () => {
    const keys = ["id", "barrierLevel", "distancePct", "status", "shares", "value", "delta", "gamma", "vanna", "hedgeShares",
      "hedgeUsd", "knockInUnwindShares", "knockInUnwindUsd", "engine", "unwindEngine", "parts", "finalValuationDate"];
    expect(out.notes).toHaveLength(49);
    for (const n of out.notes) for (const k of keys) expect(n).toHaveProperty(k);
    expect(out.asOf).toBe("2026-02-03T16:00:00-05:00");
    expect(out.spot).toBe(44.59);
    // with --prices and no --vol the default vol is the history's realized vol: recomputed here from the file
    const closes = readFileSync("data/ibit_history_2025-09_2026-02.csv", "utf8").split("\n").filter((l) => /^\d{4}-/.test(l))
      .map((l) => l.split(",")).filter(([d]) => d! <= "2026-02-03").map(([, c]) => Number(c));
    const r = closes.slice(-64).map((c, i, a) => (i === 0 ? NaN : Math.log(c / a[i - 1]!))).slice(1);
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1)) * Math.sqrt(252);
    expect(out.vol.source).toBe("realized");
    expect(Math.abs(out.vol.value! - sd)).toBeLessThanOrEqual(1e-12 * sd);
    expect(out.vol.realized).toMatchObject({ returns: 63, to: "2026-02-03" });
    expect(out.report).toMatchObject({ rows: 49, used: 49, rejected: 0 });
    for (const k of ["notionalUsd", "hedgeShares", "hedgeUsd", "dollarGamma", "dollarVanna", "knockInUnwindShares", "knockInUnwindUsd"]) {
      expect(typeof out.totals[k]).toBe("number");
    }
    expect(out.units.knockInUnwindShares).toMatch(/negative = sold/);
  });

  it("obeys the definitions: shares = notional / initial, hedge = −delta × shares at spot, unwind in USD at the barrier", () => {
    for (const n of out.notes) {
      expect(n.shares).toBe(n.notionalUsd / n.initialLevel);
      if (n.status !== "alive") continue;
      expect(n.hedgeShares).toBe(-n.delta! * n.shares);
      expect(n.hedgeUsd).toBe(n.hedgeShares! * 44.59);
      expect(n.knockInUnwindUsd).toBe(n.knockInUnwindShares * n.barrierLevel);
      expect(n.distancePct).toBe((n.barrierLevel / 44.59 - 1) * 100);
      // a vanilla put's delta lies in [−1, 0]; these are down-and-in puts, alive, above their daily barriers or final
      expect(n.delta!).toBeLessThan(0);
      // every priced note names its engine, and its parts add up to its hedge
      expect(["closed-form", "exact", "bgk", "lattice"]).toContain(n.engine);
      const parts = n.parts!.put.hedgeShares + n.parts!.coupons.hedgeShares + n.parts!.autocall.hedgeShares;
      expect(Math.abs(parts - n.hedgeShares!)).toBeLessThanOrEqual(1e-9 * Math.abs(n.hedgeShares!));
      if (n.observation === "daily") expect(n.unwindEngine === "exact" || n.unwindEngine === "lattice").toBe(true);
    }
  });

  it("the monthly autocall of SYN-CITI-250910-A triggered on 2025-10-10 (close 64.00 ≥ initial 63.61): no barrier, no hedge", () => {
    const n = out.notes.find((x) => x.id === "SYN-CITI-250910-A")!;
    expect(n).toMatchObject({ status: "autocalled", statusDate: "2025-10-10", hedgeShares: 0, knockInUnwindShares: 0, distancePct: null, remainingYears: 0 });
  });

  it("by the history's end (the default as-of) the daily 43–44 notes knocked in on 2026-02-04", () => {
    const end = json(SAMPLE);
    expect(end.asOf).toBe("2026-02-13T16:00:00-05:00");
    expect(end.spot).toBe(40.6);
    const gs = end.notes.find((x) => x.id === "SYN-GS-251110-A")!;
    expect(gs).toMatchObject({ status: "knocked-in", statusDate: "2026-02-04", knockInUnwindShares: 0 });
    expect(gs.delta!).toBeGreaterThanOrEqual(-1); // now a vanilla put
    expect(end.totals.byStatus["knocked-in"]!.count).toBeGreaterThan(0);
  });
});

describe("gexray notes on user files", () => {
  const book = tmp("book.csv", [
    HEADER,
    "D,Bank A,IBIT,2025-11-10,60,,43.6,daily,2026-02-13,1000000",
    "F,Bank B,IBIT,2025-11-10,60,70,,final,2027-11-10,2000000",
  ].join("\n") + "\n");

  it("with days to go and spot just above a daily barrier, the issuer hedge exceeds the share-equivalent", () => {
    const out = json([book, "--spot", "43.7", "--asof", "2026-02-03", "--vol", "55%"]);
    const d = out.notes.find((n) => n.id === "D")!;
    expect(d.delta!).toBeLessThan(-1);
    expect(d.hedgeShares!).toBeGreaterThan(d.shares);
    expect(d.knockInUnwindShares).toBeLessThan(-0.5 * d.shares);
  });

  it("with only a spot, a spot at or below a daily barrier is breached-intraday (pending the close); a final barrier is alive", () => {
    const out = json([book, "--spot", "40", "--asof", "2026-02-03"]);
    expect(out.notes.map((n) => [n.id, n.status])).toEqual([["D", "breached-intraday"], ["F", "alive"]]);
    // no --vol, --vol-from or --prices: the fixed vol, labelled as an assumption
    expect(out.vol).toMatchObject({ source: "assumed", value: 0.55 });
    expect(out.vol.assumption).toMatch(/no --vol, --vol-from or --prices/);
  });

  it("a --prices history too short for a realized vol: the assumed vol's label says so, with its count of returns", () => {
    // 7 closes up to the as-of date = 6 daily log returns, under the 20 a realized vol needs
    const closes = ["2026-01-26,45", "2026-01-27,44.5", "2026-01-28,44.8", "2026-01-29,44", "2026-01-30,43.9", "2026-02-02,43.5", "2026-02-03,43.7", "2026-02-04,43"];
    const ph = tmp("ph.csv", `date,close\n${closes.join("\n")}\n`);
    const args = [book, "--prices", ph, "--asof", "2026-02-03T17:00:00-05:00"];
    const r = gexray(["notes", ...args]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/has fewer than 20 daily returns up to 2026-02-03/);
    expect(r.stdout).toContain("vol 55% (ASSUMED: --prices has only 6 daily returns, 20 needed)");
    expect(r.stdout).not.toContain("no --vol, --vol-from or --prices");
    const out = JSON.parse(gexray(["notes", ...args, "--json"]).stdout) as NotesOut;
    expect(out.vol).toMatchObject({ source: "assumed", value: 0.55, assumption: "a fixed 55%: --prices has only 6 daily returns, 20 needed" });
  });

  it("--map reads another source's headers; a bad one is exit 2 naming the column", () => {
    const other = tmp("other.csv", "CUSIP,Bank,Ticker,Trade Date,Initial,KI Barrier,Monitoring,Tenor,Size\nX1,Bank,IBIT,2025-11-10,60,0.7,final,2y,1000000\n");
    const map = "note_id=CUSIP,issuer=Bank,underlying=Ticker,pricing_date=Trade Date,initial_level=Initial,barrier_pct=KI Barrier,observation=Monitoring,maturity=Tenor,notional_usd=Size";
    const out = json([other, "--map", map, "--spot", "45", "--asof", "2026-02-03", "--vol", "50%"]);
    expect(out.notes[0]).toMatchObject({ id: "X1", barrierLevel: 42, engine: "closed-form" });
    const bad = gexray(["notes", other, "--map", "note_id=ISIN", "--spot", "45"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--map note_id=ISIN: no column "ISIN"/);
  });

  it("prints a table with a totals row and units", () => {
    const r = gexray(["notes", book, "--spot", "45", "--asof", "2026-02-03", "--wide"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^id\s+obs\s+barrier\s+dist %\s+status\s+engine\s+delta\s+hedge \$M\s+unwind \$M$/m);
    expect(r.stdout).toMatch(/^total \(2\)/m);
    expect(r.stdout).toMatch(/ASSUMED/);
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
    expect(r.stdout).toMatch(/^units: /m);
  });

  it("--vol-from reads each note's vol from a real chain's implied vols, with the chain's load warnings as every command gives them", () => {
    const chain = "test/fixtures/real/ibit_chain_2026-07-14.json";
    const r = gexray(["notes", book, "--spot", "45", "--asof", "2026-02-03", "--vol-from", chain, "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as NotesOut & { warnings: string[] };
    // the 21 contracts the IBIT chain leaves out, named as profile, levels, strikes and report name them
    const left = out.warnings.filter((w) => w.startsWith(`${chain}: 21 contract(s) left out for a bad IV or an unreadable row, e.g. line 1: iv: quotes[0]`));
    expect(left).toHaveLength(1);
    expect(r.stderr).toContain(`gexray: warning: ${left[0]}\n`);
    expect(out.vol).toMatchObject({ source: "chain", value: null });
    for (const n of out.notes) {
      expect(n.vol).toBeGreaterThan(0.1);
      expect(n.vol).toBeLessThan(2);
    }
  });
});

describe("gexray notes: bad input", () => {
  const bad = tmp("bad.csv", [
    HEADER,
    "OK,Bank,IBIT,2025-11-10,60,70,,final,2027-11-10,1000000",
    "UP,Bank,IBIT,2025-11-10,60,,65,daily,2027-11-10,1000000",
    "MAT,Bank,IBIT,2025-11-10,60,70,,final,2025-11-01,1000000",
    "NEG,Bank,IBIT,2025-11-10,60,70,,final,2027-11-10,-5",
  ].join("\n") + "\n");

  it("rejects each note with bad terms with its line and reason, and goes on with the rest", () => {
    const r = gexray(["notes", bad, "--spot", "50", "--asof", "2026-01-05", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${bad}:3: barrier_level: must be below initial_level for a down barrier (got 65 ≥ 60) (note left out)`);
    expect(r.stderr).toContain(`${bad}:4: maturity: must be after pricing_date (got 2025-11-01 ≤ 2025-11-10)`);
    expect(r.stderr).toContain(`${bad}:5: notional_usd: must be > 0 (got -5)`);
    const out = JSON.parse(r.stdout) as NotesOut;
    expect(out.notes.map((n) => n.id)).toEqual(["OK"]);
    expect(out.report).toMatchObject({ rows: 4, used: 1, rejected: 3 });
  });

  it("--strict stops at the first bad note: exit 2, one line naming file, line and field", () => {
    const r = gexray(["notes", bad, "--spot", "50", "--strict"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toBe(`gexray: ${bad}:3: barrier_level: must be below initial_level for a down barrier (got 65 ≥ 60)\n`);
  });

  it("a file without a usable note is exit 2 with its first problem", () => {
    const none = tmp("none.csv", `${HEADER}\nNEG,Bank,IBIT,2025-11-10,60,70,,final,2027-11-10,-5\n`);
    const r = gexray(["notes", none]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/none\.csv:2: notional_usd: must be > 0 \(got -5\)/);
  });

  it("bad flags and files are exit 2 with one line", () => {
    const cases: [string[], RegExp][] = [
      [["data/ibit_notes_sample.csv", "--vol", "abc"], /--vol must be a number ≥ 0/],
      [["data/ibit_notes_sample.csv", "--vol", "55"], /^gexray: --vol 55 looks like a percent: write 55% or 0\.55/],
      [["data/ibit_notes_sample.csv", "--vol", "50%", "--vol-from", "x.json"], /--vol and --vol-from are exclusive/],
      [["data/ibit_notes_sample.csv", "--spot", "-3"], /--spot must be a number > 0/],
      [["data/ibit_notes_sample.csv", "--asof", "yesterday"], /--asof must be a date/],
      [["data/ibit_notes_sample.csv", "--underlying", "SPX"], /no note .* is on it \(the book has IBIT\)/],
      [["missing.csv"], /missing\.csv: cannot read file \(ENOENT/],
      [["data/ibit_notes_sample.csv", "--prices", "data/ibit_notes_sample.csv"], /missing required column 'date'/],
    ];
    for (const [args, re] of cases) {
      const r = gexray(["notes", ...args]);
      expect([args, r.code]).toEqual([args, 2]);
      expect(oneLineError(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(re);
    }
  });

  it("a book on several underlyings needs --underlying", () => {
    const two = tmp("two.csv", `${HEADER}\nA,Bank,IBIT,2025-11-10,60,70,,final,2027-11-10,1000000\nB,Bank,SPX,2025-11-10,6000,70,,final,2027-11-10,1000000\n`);
    const r = gexray(["notes", two, "--spot", "50"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has notes on IBIT, SPX: pick one with --underlying/);
    const ok = json([two, "--spot", "50", "--underlying", "ibit", "--asof", "2026-01-05"]);
    expect(ok.notes.map((n) => n.id)).toEqual(["A"]);
  });
});
