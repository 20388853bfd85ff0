import { describe, expect, it } from "vitest";
import { analyzeBasis } from "../../src/report/basisAnalysis.js";
import { assembleReport } from "../../src/report/assemble.js";
import { basisTables } from "../../src/report/basisSections.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderTerminal } from "../../src/report/terminal.js";

const FUTURES = "data/cme_btc_futures_2026-01-26_2026-02-10.csv";
const OI = "data/btc_oi_history_2026-01-26_2026-02-10.csv";

describe("report --futures: the basis term structure and the jump flags", async () => {
  const model = await assembleReport({ chainFile: "data/btc_deribit_sample_2026-02-04.csv", futuresFile: FUTURES, oiFile: OI, profile: { grid: { steps: 61 } } });
  it("the model carries the analysis, the same as analyzeBasis with a history", async () => {
    const a = await analyzeBasis({ file: FUTURES, oiFile: OI, history: true });
    expect(model.basis).toEqual(a);
    expect(model.basis!.jumps!.some((j) => j.date === "2026-02-06" && j.tenor === 30)).toBe(true);
  });
  it("terminal: a basis section with every table, within 100 columns, the SYNTHETIC note shown", () => {
    const t = renderTerminal(model, { width: 100 });
    expect(t).toContain("Futures basis term structure");
    for (const table of basisTables(model.basis!)) expect(t).toContain(table.title);
    expect(t).toMatch(/note: data\/cme_btc_futures_2026-01-26_2026-02-10\.csv: SYNTHETIC/);
    expect(t.split("\n").every((l) => [...l].length <= 100)).toBe(true);
  });
  it("Markdown and HTML: the basis section and its jump table", () => {
    const md = renderMarkdown(model, "r").markdown;
    expect(md).toContain("## Futures basis term structure");
    expect(md).toContain("### Basis jumps");
    const html = renderHtml(model);
    expect(html).toContain('<section id="basis">');
    expect(html).toContain("Basis jumps");
  });
  it("without --futures there is no basis section", async () => {
    const plain = await assembleReport({ chainFile: "data/btc_deribit_sample_2026-02-04.csv", profile: { grid: { steps: 61 } } });
    expect(plain.basis).toBeNull();
    expect(renderTerminal(plain)).not.toContain("Futures basis");
  });
});
