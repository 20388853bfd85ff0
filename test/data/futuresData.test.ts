import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cmeExpiryInstant } from "../../src/data/cmeCalendar.js";
import { futuresInstant, loadFuturesPrices, parseFuturesPrices } from "../../src/data/futuresPrices.js";
import { loadOiHistory, oiIndexAt, parseOiHistory } from "../../src/data/openInterest.js";
import { loadPositions, parsePositions } from "../../src/data/positions.js";

describe("futures-price CSV", () => {
  it("codes → CME expiries, a date at 16:00 London, OI and spot per observation", () => {
    const f = parseFuturesPrices("Date,Contract,Settle,Open Interest,Spot\n2026-02-05,BTCG26,\"70,139.2\",12000,70000\n2026-02-05,MBTH26,70345.2 A,,\n", "f.csv");
    expect(f.observations).toHaveLength(1);
    const o = f.observations[0]!;
    expect(o).toMatchObject({ date: "2026-02-05", asOfMs: Date.UTC(2026, 1, 5, 16), spot: 70000 });
    expect(o.quotes.map((q) => [q.code, q.root, q.expiryMs, q.price, q.openInterest])).toEqual([
      ["BTCG26", "BTC", cmeExpiryInstant(2026, 2), 70139.2, 12000], ["MBTH26", "MBT", cmeExpiryInstant(2026, 3), 70345.2, NaN],
    ]);
    expect(f.hasOpenInterest).toBe(true);
    expect(f.report).toMatchObject({ rows: 2, used: 2, rejected: 0 });
  });
  it("an expiry column (ISO instant or date) instead of codes; it must agree with a code's month", () => {
    const f = parseFuturesPrices("timestamp,expiry,price,spot\n2024-03-12T05:57:12Z,2024-03-29T08:00:00Z,73726.02,72011.29\n", "d.csv");
    expect(f.observations[0]!.quotes[0]!.expiryMs).toBe(Date.UTC(2024, 2, 29, 8));
    const g = parseFuturesPrices("date,contract,expiry,price,spot\n2026-02-05,BTCG26,2026-03-27,70139.2,70000\n2026-02-05,BTCH26,2026-03-27,70345.2,70000\n", "g.csv");
    expect(g.report.problems).toEqual([{ line: 2, field: "expiry", reason: "expiry 2026-03-27 is not in BTCG26's contract month" }]);
    expect(g.report.used).toBe(1);
  });
  it("every rejected row is named; counts add up; repeated contracts kept once or rejected", () => {
    const text = [
      "date,contract,price,open_interest,spot",
      "2026-02-05,BTCG26,70139.2,1,70000",
      "2026-02-05,BTCG26,70139.2,1,70000", // same: kept once
      "2026-02-05,BTCH26,70345.2,1,70000",
      "2026-02-05,BTCH26,70345.3,1,70000", // different: both rejected
      "yesterday,BTCJ26,1,1,70000",
      "2026-02-05,BTC-PERP,1,1,70000",
      "2026-02-05,BTCJ26,-3,1,70000",
      "2026-02-05,BTCK26,70888.5,many,70000",
      "2026-02-05,BTCM26,71162.8,1",
    ].join("\n");
    const f = parseFuturesPrices(text, "f.csv");
    expect(f.report.problems.map((p) => [p.line, p.field ?? null])).toEqual([
      [3, "price"], [4, "price"], [5, "price"], [6, "date"], [7, "contract"], [8, "price"], [9, "open_interest"], [10, null],
    ]);
    expect(f.report).toMatchObject({ rows: 9, used: 1, rejected: 8 });
    expect(() => parseFuturesPrices(text, "f.csv", { strict: true })).toThrow(/^f\.csv:3: price: BTCG26 repeated/);
  });
  it("spots that differ within an observation: the first is used, with a warning", () => {
    const f = parseFuturesPrices("date,contract,price,spot\n2026-02-05,BTCG26,70139.2,70000\n2026-02-05,BTCH26,70345.2,70001\n", "f.csv");
    expect(f.observations[0]!.spot).toBe(70000);
    expect(f.report.warnings[0]!.reason).toMatch(/spot 70001 differs from line 2's 70000/);
  });
  it("unusable files: one line naming the file", () => {
    expect(() => parseFuturesPrices("", "e.csv")).toThrow(/^e\.csv: file is empty$/);
    expect(() => parseFuturesPrices("contract,price\nBTCG26,1\n", "e.csv")).toThrow(/^e\.csv:1: missing required column 'date' or 'timestamp' \(found: contract, price\)$/);
    expect(() => parseFuturesPrices("date,contract,price\n2026-02-05,BTCG26,1\n", "e.csv")).toThrow(/missing column 'spot'/);
    expect(parseFuturesPrices("date,contract,price\n2026-02-05,BTCG26,1\n", "e.csv", { spot: 70000 }).observations[0]!.spot).toBe(70000);
    expect(() => parseFuturesPrices("date,contract,price\n2026-02-05,BTCG26,1\n2026-02-06,BTCG26,1\n", "e.csv", { spot: 1 })).toThrow(/add a spot column/);
    expect(() => parseFuturesPrices("date,contract,price,spot\nx,y,z,w\n", "e.csv")).toThrow(/^e\.csv: no usable row \(e\.g\. line 2/);
  });
  it("futuresInstant: dates at 16:00 London (15:00 UTC in summer), US dates, epoch ms", () => {
    expect(futuresInstant("2026-06-26")).toBe(Date.UTC(2026, 5, 26, 15));
    expect(futuresInstant("02/05/2026")).toBe(Date.UTC(2026, 1, 5, 16));
    expect(futuresInstant("1770307200000")).toBe(1770307200000);
    expect(futuresInstant("soon")).toBeUndefined();
  });
  it("the shipped CME sample: 12 business days, 128 rows, all used", async () => {
    const f = await loadFuturesPrices("data/cme_btc_futures_2026-01-26_2026-02-10.csv", { strict: true });
    expect(f.observations.map((o) => o.date)).toEqual([
      "2026-01-26", "2026-01-27", "2026-01-28", "2026-01-29", "2026-01-30", "2026-02-02", "2026-02-03", "2026-02-04",
      "2026-02-05", "2026-02-06", "2026-02-09", "2026-02-10",
    ]);
    expect(f.report).toMatchObject({ rows: 128, used: 128, rejected: 0, warnings: [] });
  });
});

describe("open-interest history", () => {
  it("Binance openInterestHist JSON: strings to numbers, coin and USD (implied price = value / amount)", async () => {
    const h = await loadOiHistory("test/fixtures/futures/binance_openInterestHist_BTCUSDT_sample.json");
    expect(h.format).toBe("binance-json");
    const s = h.series[0]!;
    expect([s.venue, s.symbol, s.time.length]).toEqual(["binance", "BTCUSDT", 2]);
    expect(s.oiCoin[0]).toBe(20403.637);
    expect(s.oiUsd[0]).toBe(150570784.07809979);
    expect(s.time[0]).toBe(1583127900000);
    expect(s.close[0]).toBeNaN();
  });
  it("Binance openInterestHist saved as CSV (no venue column): read as binance, said in the warnings; the same series as the JSON", async () => {
    const json = await loadOiHistory("test/fixtures/futures/binance_openInterestHist_BTCUSDT_sample.json");
    const rows = JSON.parse(readFileSync("test/fixtures/futures/binance_openInterestHist_BTCUSDT_sample.json", "utf8")) as Array<Record<string, string>>;
    const csv = ["symbol,sumOpenInterest,sumOpenInterestValue,timestamp", ...rows.map((r) => [r.symbol, r.sumOpenInterest, r.sumOpenInterestValue, r.timestamp].join(","))].join("\n");
    const h = parseOiHistory(csv, "oi.csv");
    const [a, b] = [h.series[0]!, json.series[0]!];
    expect([a.venue, a.symbol]).toEqual(["binance", "BTCUSDT"]);
    expect([Array.from(a.time), Array.from(a.oiCoin), Array.from(a.oiUsd)]).toEqual([Array.from(b.time), Array.from(b.oiCoin), Array.from(b.oiUsd)]);
    expect(h.report.warnings).toEqual([{ line: 1, reason: "no venue column: read as binance (sumOpenInterest, sumOpenInterestValue are Binance openInterestHist's columns)" }]);
    // other column names, or an explicit venue option, keep the old default
    expect(parseOiHistory("time,open_interest,close\n2026-02-05T16:00:00Z,100,2\n", "x.csv").series[0]!.venue).toBe("unknown");
    expect(parseOiHistory(csv, "oi.csv", { venue: "bybit" }).series[0]!.venue).toBe("bybit");
  });
  it("CSV with bars and venues; repeated times kept once when identical, rejected when they differ", () => {
    const text = [
      "timestamp,venue,open,high,low,close,sumOpenInterest,sumOpenInterestValue",
      "2026-02-05T16:00:00Z,binance,1,2,1,2,100,200",
      "2026-02-05T16:00:00Z,binance,1,2,1,2,100,200",
      "2026-02-05T17:00:00Z,binance,1,2,1,2,100,200",
      "2026-02-05T17:00:00Z,binance,1,2,1,2,101,200",
      "1770310800000,cme,,,,,50,",
      "2026-02-05T18:00:00Z,cme,1,0.5,1,1,50,",
      "2026-02-05T19:00:00Z,cme,1,1,1,1,,",
      "later,cme,1,1,1,1,1,1",
    ].join("\n");
    const h = parseOiHistory(text, "oi.csv");
    expect(h.series.map((s) => [s.venue, s.time.length])).toEqual([["binance", 1], ["cme", 1]]);
    expect(h.report.problems.map((p) => [p.line, p.field ?? null])).toEqual([[3, null], [4, null], [5, null], [7, "high"], [8, "sumOpenInterest"], [9, "timestamp"]]);
    expect(h.report).toMatchObject({ rows: 8, used: 2, rejected: 6 });
    expect(oiIndexAt(h.series[0]!, Date.UTC(2026, 1, 5, 16, 30))).toBe(0);
    expect(oiIndexAt(h.series[0]!, Date.UTC(2026, 1, 5, 15))).toBe(-1);
  });
  it("unusable files", () => {
    expect(() => parseOiHistory("timestamp,close\n1,2\n", "x.csv")).toThrow(/needs an open-interest column/);
    expect(() => parseOiHistory("[]", "x.json")).toThrow(/empty/);
    expect(() => parseOiHistory("[{", "x.json")).toThrow(/not valid JSON/);
  });
  it("the shipped sample: hourly Binance (384 bars, 24/7) and CME (Globex hours), every row used", async () => {
    const h = await loadOiHistory("data/btc_oi_history_2026-01-26_2026-02-10.csv", { strict: true });
    const [bin, cme] = h.series;
    expect([bin!.venue, bin!.time.length, cme!.venue]).toEqual(["binance", 384, "cme"]);
    expect(bin!.time[0]).toBe(Date.UTC(2026, 0, 26));
    expect(bin!.time[383]).toBe(Date.UTC(2026, 1, 10, 23));
    for (let k = 1; k < bin!.time.length; k++) expect(bin!.time[k]! - bin!.time[k - 1]!).toBe(3600_000);
    // no CME bar on a Saturday or in the 22:00 UTC break
    for (const t of cme!.time) expect(new Date(t).getUTCDay() !== 6 && new Date(t).getUTCHours() !== 22).toBe(true);
    expect(h.report).toMatchObject({ used: h.report.rows, rejected: 0 });
  });
});

describe("positions CSV", () => {
  it("leverage or margin; signed sizes without a side column; rejected rows named", () => {
    const p = parsePositions("id,size,entry,mark,leverage\na,10,80000,90000,11\nb,-2,95000,90000,5\n", "p.csv");
    expect(p.positions.map((x) => [x.id, x.side, x.size])).toEqual([["a", "long", 10], ["b", "short", 2]]);
    expect(p.positions[0]!.margin).toBeCloseTo(800000 / 11, 9);
    const q = parsePositions("id,side,size,entry,mark,leverage,margin\nx,long,1,100,110,,10\ny,sideways,1,100,110,2,\nz,long,1,100,110,,\nx,short,1,100,90,2,\nw,long,1,100,110,2,\n", "q.csv");
    expect(q.positions.map((e) => e.id)).toEqual(["w"]);
    expect(q.report.problems.map((e) => [e.line, e.field])).toEqual([[2, "id"], [3, "side"], [4, "leverage"], [5, "id"]]);
    expect(() => parsePositions("id,size,entry,mark\na,1,1,1\n", "r.csv")).toThrow(/needs a 'leverage' or a 'margin' column/);
  });
  it("the shipped sample: 14 positions, both sides", async () => {
    const p = await loadPositions("data/positions_sample.csv", { strict: true });
    expect(p.positions).toHaveLength(14);
    expect(new Set(p.positions.map((x) => x.side))).toEqual(new Set(["long", "short"]));
    expect(p.positions.find((x) => x.id === "S-08")!.leverage).toBeCloseTo((6 * 89300) / 107160, 12);
  });
});
