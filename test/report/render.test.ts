/**
 * The renderers say the same thing: terminal, Markdown and HTML are built from one set of tables
 * (sections.ts), the HTML is self-contained and escapes what it prints, the terminal report fits
 * its width, and colors strip to the plain text.
 */
import fc from "fast-check";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parseUnderlyingMap } from "../../src/notes/underlyingMap.js";
import { stripAnsi, visibleWidth } from "../../src/report/ansi.js";
import { assembleReport } from "../../src/report/assemble.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown, tableMarkdown } from "../../src/report/markdown.js";
import type { ReportModel } from "../../src/report/model.js";
import { clustersTable, expiryTable, levelsTable, notesTable, priceCell, strikesTable } from "../../src/report/sections.js";
import { renderProfileTerminal, renderTerminal, terminalTable } from "../../src/report/terminal.js";
import { buildReportModel } from "../../src/report/model.js";
import { loadChain } from "../../src/data/load.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { dealerHedges } from "../../src/exposure/hedge.js";
import { loadContractRegistry } from "../../src/exposure/contracts.js";
import { painter } from "../../src/report/ansi.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let sample: ReportModel;
let real: ReportModel;

beforeAll(async () => {
  sample = await assembleReport({
    chainFile: join(ROOT, "data/btc_deribit_sample_2026-02-04.csv"),
    notesFile: join(ROOT, "data/ibit_notes_sample.csv"),
    pricesFile: join(ROOT, "data/ibit_history_2025-09_2026-02.csv"),
    map: parseUnderlyingMap("IBIT:BTC=0.000568"),
    displayName: { chain: "data/btc_deribit_sample_2026-02-04.csv", notes: "data/ibit_notes_sample.csv", prices: "data/ibit_history_2025-09_2026-02.csv" },
    label: "SYNTHETIC sample data",
  });
  real = await assembleReport({ chainFile: join(ROOT, "test/fixtures/real/spx_quotedata_2024-01-07.csv") });
});

describe("sections", () => {
  it("the key-levels table lists every zero crossing and flags the nearest", () => {
    for (const m of [sample, real]) {
      const t = levelsTable(m);
      const zeros = t.rows.filter((r) => r[0]!.startsWith("zero gamma") && !r[0]!.includes("issuers"));
      expect(zeros).toHaveLength(Math.max(1, m.levels.zeroGamma.length));
      const flagged = t.rows.findIndex((r) => r[0] === "zero gamma (nearest spot)");
      if (m.levels.nearestZeroGamma === null) expect(flagged).toBe(-1);
      else {
        expect(t.rows[flagged]![1]).toBe(priceCell(m.levels.nearestZeroGamma));
        expect(t.rowClass![flagged]).toBe("strong");
      }
      expect(t.rows.filter((r) => r[0] === "short gamma zone")).toHaveLength(Math.max(1, m.shortGammaZones.length));
    }
  });

  it("the SPX snapshot (several crossings) lists them all, ascending", () => {
    const prices = levelsTable(real).rows.filter((r) => r[0]!.startsWith("zero gamma")).map((r) => Number(r[1]!.replace(/,/g, "")));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(real.meta.underlying).toBe("SPX");
    expect(real.meta.spot).toBe(4697.2402); // SOURCES.md: `S&P 500 INDEX,Last: 4697.2402`
  });

  it("tables have one row per expiry, strike, note, cluster", () => {
    expect(expiryTable(sample).rows).toHaveLength(sample.byExpiry.length);
    expect(strikesTable(sample).rows).toHaveLength(sample.strikes.length);
    expect(notesTable(sample)!.rows).toHaveLength(49);
    expect(clustersTable(sample)!.rows).toHaveLength(sample.clusters!.rows.length);
    expect(clustersTable(sample, 3)!.rows).toHaveLength(3);
    expect(notesTable(real)).toBeNull();
    // the strike nearest spot and the walls are flagged
    const st = strikesTable(sample);
    const flags = st.rows.map((r) => r[7]);
    expect(flags.some((f) => f!.includes("≈ spot"))).toBe(true);
    expect(flags.some((f) => f!.includes("put wall"))).toBe(true);
  });
});

describe("renderHtml", () => {
  it("is one self-contained document: no script, no external reference, inline charts (six and the smiles)", () => {
    const html = renderHtml(sample);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, "")).not.toMatch(/https?:\/\/|url\((?!#)/);
    // gamma, gamma by strike, expiry overlay, gamma map, vanna, charm, and the smiles
    expect(html.match(/<svg /g)).toHaveLength(6 + sample.surface!.charts.length);
    for (const id of ["figure-gamma", "figure-strikes", "figure-overlay", "figure-map", "figure-vanna", "figure-charm"]) expect(html).toContain(`id="${id}"`);
    expect(html).toContain("@media print");
    for (const id of ["table-levels", "table-hedge", "table-expiries", "table-strikes", "table-clusters", "table-notes", "table-surface"]) expect(html).toContain(`id="${id}"`);
    expect(html).toContain("SYNTHETIC sample data");
  });

  it("escapes every text it prints (file names, note ids, labels)", () => {
    const evil = `<img src=x onerror="alert(1)">`;
    const m: ReportModel = structuredClone(sample);
    m.meta.source.file = evil;
    m.meta.label = evil;
    m.notes!.rows[0]!.id = evil;
    m.warnings = [evil];
    const html = renderHtml(m);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("HTML, Markdown and terminal show the same key figures", () => {
    const html = renderHtml(sample);
    const md = renderMarkdown(sample, "report").markdown;
    const term = renderTerminal(sample, { color: false });
    const figures = [
      priceCell(sample.levels.nearestZeroGamma), priceCell(sample.levels.callWall), priceCell(sample.levels.putWall),
      levelsTable(sample).rows[0]![2]!, expiryTable(sample).rows[0]![3]!, clustersTable(sample)!.rows[0]![1]!,
    ];
    for (const f of figures) {
      expect(html, f).toContain(f);
      expect(md, f).toContain(f);
      expect(term, f).toContain(f);
    }
  });
});

describe("renderMarkdown", () => {
  it("links the charts it returns as files, by relative name (gamma, vanna, charm, the views, the smiles)", () => {
    const { markdown, files } = renderMarkdown(sample, "my report");
    expect(files.map((f) => f.name)).toEqual([
      ...["gamma", "vanna", "charm", "strikes", "overlay", "map"].map((id) => `my report-${id}.svg`),
      ...sample.surface!.charts.map((_, i) => `my report-smile-${i + 1}.svg`),
    ]);
    for (const f of files) {
      expect(markdown).toContain(`](${encodeURI(f.name)})`);
      expect(f.content.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    }
    expect(() => renderMarkdown(sample, "../x")).toThrow(RangeError);
  });

  it("writes each table as a pipe table with one line per row", () => {
    const t = notesTable(sample)!;
    const text = tableMarkdown(t);
    const lines = text.split("\n").filter((l) => l.startsWith("|"));
    expect(lines).toHaveLength(t.rows.length + 2);
    // every row has as many cells as the header
    const cells = (l: string) => l.replace(/\\\|/g, "").split("|").length;
    for (const l of lines) expect(cells(l)).toBe(cells(lines[0]!));
  });
});

describe("renderTerminal", () => {
  it("fits the width it is given, with and without colors, and colors strip to the plain text", () => {
    fc.assert(fc.property(fc.integer({ min: 80, max: 160 }), (width) => {
      for (const m of [sample, real]) {
        const plain = renderTerminal(m, { color: false, width });
        const colored = renderTerminal(m, { color: true, width });
        expect(plain).not.toContain("\x1b");
        expect(colored).toContain("\x1b[");
        expect(stripAnsi(colored)).toBe(plain);
        for (const line of plain.split("\n")) expect(visibleWidth(line), line).toBeLessThanOrEqual(width);
      }
    }), { numRuns: 12 });
  });

  it("defaults to 100 columns and shows the chart, levels, expiries, strikes and clusters", () => {
    const t = renderTerminal(sample);
    for (const line of t.split("\n")) expect(visibleWidth(line)).toBeLessThanOrEqual(100);
    for (const s of ["At spot", "Key levels", "Dealer gamma profile", "By expiry", "Strikes around spot", "Barrier clusters (IBIT notes)", "SYNTHETIC"]) expect(t).toContain(s);
    expect(t).toMatch(/┼┈+/); // the zero line
    expect(renderTerminal(sample, { noChart: true })).not.toContain("Dealer gamma profile");
  });

  it("renderProfileTerminal (for gexray profile) is the report renderer on the profile alone", async () => {
    const file = join(ROOT, "test/fixtures/real/deribit_btc_book_summary_2024-03-12T0557Z.csv");
    const { chain } = await loadChain(file);
    const p = await computeProfile(chain);
    const registry = await loadContractRegistry();
    const hedge = dealerHedges(p, registry);
    const text = renderProfileTerminal(p, hedge, { registry, file: "btc.csv", format: "deribit" });
    expect(text).toBe(renderTerminal(buildReportModel({ profile: p, hedge, registry, source: { file: "btc.csv", format: "deribit" } })));
    expect(text).toContain("CME Micro Bitcoin");
    expect(text).not.toContain("Structured notes");
  });

  it("prices keep the precision their magnitude needs", () => {
    expect(priceCell(76794.455)).toBe("76,794");
    expect(priceCell(4734.18)).toBe("4,734.2");
    expect(priceCell(4800)).toBe("4,800");
    expect(priceCell(41.471)).toBe("41.47");
    expect(priceCell(null)).toBe("none");
  });

  it("terminalTable cuts the widest text column to fit, keeping numbers whole", () => {
    const t = { id: "t", title: "t", columns: [{ header: "name" }, { header: "value", align: "right" as const }], rows: [["x".repeat(200), "-123.4 mn"]] };
    const out = terminalTable(t, painter(false), 60).split("\n");
    expect(visibleWidth(out[1]!)).toBeLessThanOrEqual(60);
    expect(out[1]).toContain("…");
    expect(out[1]!.endsWith("-123.4 mn")).toBe(true);
  });
});
