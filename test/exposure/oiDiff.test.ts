import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { diffOpenInterest, type SeriesChange } from "../../src/exposure/oiDiff.js";
import { readReal, realPath } from "../data/helpers.js";
import { makeChain, rng } from "./helpers.js";

/**
 * A second implementation of the comparison, straight from the CBOE export text and nothing of
 * src/: a contract is used when its open interest and IV are > 0 and it has not expired at the
 * as-of instant (SPX AM-settled 09:30, every other root 16:00 New York; the expiries near these
 * snapshots are in winter, EST = UTC−5, and every summer expiry is years away, so the offset
 * cannot change which are alive); series key = root, type, strike, expiry date.
 */
function usedSeries(text: string, asOfMs: number): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith("Expiration Date,")) + 1;
  for (const line of lines.slice(start)) {
    if (line.trim() === "") continue;
    const f = line.split(",");
    for (const [sym, iv, oi] of [[f[1], f[7], f[10]], [f[12], f[18], f[21]]] as const) {
      const m = /^([A-Z]+)(\d\d)(\d\d)(\d\d)([CP])(\d{8})$/.exec(sym!.trim());
      if (!m) continue;
      const [, root, yy, mm, dd, cp, k] = m;
      const hour = root === "SPX" ? 9.5 : 16;
      const expiry = Date.UTC(2000 + Number(yy), Number(mm) - 1, Number(dd)) + (hour + 5) * 3600_000;
      const n = Number(oi);
      if (!(expiry > asOfMs) || !(n > 0) || !(Number(iv) > 0)) continue;
      const key = `${root}|${cp === "C" ? "call" : "put"}|${Number(k) / 1000}|20${yy}-${mm}-${dd}`;
      out.set(key, (out.get(key) ?? 0) + n);
    }
  }
  return out;
}

/** The expected changes between two texts (status by the rules of oiDiff.ts's module note). */
function expectedChanges(older: string, olderMs: number, newer: string, newerMs: number): Map<string, { older: number; newer: number; status: string }> {
  const a = usedSeries(older, olderMs);
  const b = usedSeries(newer, newerMs);
  const out = new Map<string, { older: number; newer: number; status: string }>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const o = a.get(key);
    const n = b.get(key);
    const [root, , , date] = key.split("|");
    const expiry = Date.parse(`${date}T00:00:00Z`) + ((root === "SPX" ? 9.5 : 16) + 5) * 3600_000;
    const status = o === undefined ? "new" : n === undefined ? (expiry <= newerMs ? "expired" : "closed") : n > o ? "increased" : n < o ? "decreased" : "unchanged";
    if (status !== "unchanged") out.set(key, { older: o ?? 0, newer: n ?? 0, status });
  }
  return out;
}

const keyOf = (s: SeriesChange) => `${s.root}|${s.type}|${s.strike}|${s.expiry.slice(0, 10)}`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("diffOpenInterest against a second implementation on the raw export text", () => {
  it("a close pair made by perturbing the SPX 2024-01-07 file: every reported change checked", async () => {
    const text = readReal("spx_quotedata_2024-01-07.csv");
    const lines = text.split("\n");
    const header = lines.findIndex((l) => l.startsWith("Expiration Date,"));
    const r = rng(2024);
    const log = { up: 0, down: 0, toZero: 0, fromZero: 0, deleted: 0, added: 0 };
    const out: string[] = lines.slice(0, header + 1);
    // the newer snapshot: Tue 9 Jan 2024 10:00 EST, after Monday 8 Jan's 16:00 expiry
    out[out.findIndex((l) => l.startsWith('"Date: '))] = '"Date: January 9, 2024 at 10:00 AM EST",Bid: 4645.23,Ask: 4753.8999,Size: 1*1,Volume: 0';
    for (const line of lines.slice(header + 1)) {
      if (line.trim() === "") {
        out.push(line);
        continue;
      }
      const f = line.split(",");
      const u = r();
      if (u < 0.01) {
        log.deleted++;
        continue; // both series of the line gone
      }
      for (const col of [10, 21]) {
        const oi = Number(f[col]);
        const v = r();
        if (oi > 0 && v < 0.03) {
          f[col] = String(oi + 1 + Math.floor(r() * 500));
          log.up++;
        } else if (oi > 1 && v < 0.06) {
          f[col] = String(Math.max(1, oi - 1 - Math.floor(r() * oi)));
          log.down++;
        } else if (oi > 0 && v < 0.08) {
          f[col] = "0";
          log.toZero++;
        } else if (oi === 0 && v < 0.05) {
          f[col] = String(1 + Math.floor(r() * 300));
          log.fromZero++;
        }
      }
      out.push(f.join(","));
      if (u > 0.995 && f[0] !== "Fri Jan 05 2024") {
        // a strike that was not listed: 2.5 points above, new symbols
        const k = Number(f[11]) + 2.5;
        const sym = (s: string) => s.replace(/\d{8}$/, String(Math.round(k * 1000)).padStart(8, "0"));
        const g = [...f];
        g[1] = sym(f[1]!);
        g[12] = sym(f[12]!);
        g[11] = k.toFixed(2);
        g[7] = "0.2";
        g[18] = "0.2";
        g[10] = "77";
        g[21] = "88";
        out.push(g.join(","));
        log.added++;
      }
    }
    const dir = mkdtempSync(join(tmpdir(), "gexray-oidiff-"));
    dirs.push(dir);
    const newerFile = join(dir, "spx_2024-01-09.csv");
    const newerText = out.join("\n");
    writeFileSync(newerFile, newerText);
    for (const [k, v] of Object.entries(log)) expect(v, k).toBeGreaterThan(0);

    const older = (await loadChain(realPath("spx_quotedata_2024-01-07.csv"))).chain;
    const newer = (await loadChain(newerFile)).chain;
    const d = diffOpenInterest(older, newer);
    const want = expectedChanges(text, older.asOf.epochMs, newerText, newer.asOf.epochMs);
    expect(older.asOf.epochMs).toBe(Date.UTC(2024, 0, 7, 15, 52));
    expect(newer.asOf.epochMs).toBe(Date.UTC(2024, 0, 9, 15, 0));
    // the same set of changed series, each with its open interest before and after and its status
    const got = new Map(d.series.map((s) => [keyOf(s), s]));
    expect(got.size).toBe(d.series.length); // one row per series
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [key, w] of want) {
      const s = got.get(key)!;
      expect({ older: s.older, newer: s.newer, status: s.status }, key).toEqual(w);
      expect(s.change).toBe(w.newer - w.older);
    }
    const statuses = new Set(d.series.map((s) => s.status));
    for (const s of ["new", "closed", "expired", "increased", "decreased"]) expect(statuses, s).toContain(s);
    // every expired series is Monday 8 Jan's
    for (const s of d.series.filter((x) => x.status === "expired")) expect(s.expiry).toBe("2024-01-08T16:00:00-05:00");
    checkTotals(d);
  });

  it("the real pair of SPX snapshots two years apart (5 Feb 2022, 7 Jan 2024)", async () => {
    const oldText = readReal("extra/spx_quotedata_2022-02-04_close.csv");
    const newText = readReal("spx_quotedata_2024-01-07.csv");
    const older = (await loadChain(realPath("extra/spx_quotedata_2022-02-04_close.csv"))).chain;
    const newer = (await loadChain(realPath("spx_quotedata_2024-01-07.csv"))).chain;
    // SOURCES.md: 2022-02-05 20:09 EST and 2024-01-07 10:52 EST
    expect(older.asOf.epochMs).toBe(Date.UTC(2022, 1, 6, 1, 9));
    const d = diffOpenInterest(older, newer);
    const want = expectedChanges(oldText, older.asOf.epochMs, newText, newer.asOf.epochMs);
    expect(d.series.length).toBe(want.size);
    for (const s of d.series) {
      const w = want.get(keyOf(s));
      expect(w, keyOf(s)).toBeDefined();
      expect({ older: s.older, newer: s.newer, status: s.status }).toEqual(w);
    }
    // most of 2022's book expired by 2024; what is left is long-dated
    expect(d.totals.expiredSeries).toBeGreaterThan(10000);
    for (const s of d.series.filter((x) => x.status === "closed")) expect(s.expiryMs).toBeGreaterThan(newer.asOf.epochMs);
    checkTotals(d);
    expect(d.totals.change).toBe(d.totals.newerOpenInterest - d.totals.olderOpenInterest);
  });

  it("refuses two underlyings and a newer snapshot that is not later", () => {
    const a = makeChain([{ type: "call", strike: 100, time: 0.1, iv: 0.2 }], { underlying: "AAA" });
    const b = makeChain([{ type: "call", strike: 100, time: 0.1, iv: 0.2 }], { underlying: "BBB" });
    expect(() => diffOpenInterest(a, b)).toThrow(/different underlyings/);
    expect(() => diffOpenInterest(a, a)).toThrow(/must be after/);
  });
});

/** byStrike, byExpiry and totals are the sums of the series rows. */
function checkTotals(d: ReturnType<typeof diffOpenInterest>): void {
  const sum = (rows: readonly SeriesChange[]) => ({
    change: rows.reduce((a, s) => a + s.change, 0),
    callChange: rows.filter((s) => s.type === "call").reduce((a, s) => a + s.change, 0),
    opened: rows.filter((s) => s.status === "new").reduce((a, s) => a + s.newer, 0),
    closed: rows.filter((s) => s.status === "closed").reduce((a, s) => a + s.older, 0),
    expired: rows.filter((s) => s.status === "expired").reduce((a, s) => a + s.older, 0),
  });
  for (const k of d.byStrike) {
    const s = sum(d.series.filter((x) => x.strike === k.strike));
    expect({ change: k.change, callChange: k.callChange, opened: k.opened, closed: k.closed, expired: k.expired }).toEqual(s);
  }
  for (const e of d.byExpiry) {
    const s = sum(d.series.filter((x) => x.expiryMs === e.expiryMs));
    expect({ change: e.change, callChange: e.callChange, opened: e.opened, closed: e.closed, expired: e.expired }).toEqual(s);
  }
  const t = sum(d.series);
  expect({ change: d.totals.change, callChange: d.totals.callChange, opened: d.totals.opened, closed: d.totals.closed, expired: d.totals.expired }).toEqual(t);
}
