// The underlying's name as a file gives it, in every rendering of the report: a generic CSV without
// an underlying column ("" — the units must read "USD per unit", never "USD per ;"), and one whose
// underlying column carries a terminal escape code (it must never reach the terminal raw).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadChain } from "../../src/data/load.js";
import { assembleReport } from "../../src/report/assemble.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderTerminal } from "../../src/report/terminal.js";

const dir = mkdtempSync(join(tmpdir(), "gexray-underlying-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const load = { spot: 100, asOf: "2026-02-01T16:00Z", multiplier: 100 };

function chainFile(name: string, underlying: string | null): string {
  const rows = [95, 100, 105].flatMap((k) => [`2026-03-20,${k},C,10,0.3`, `2026-03-20,${k},P,12,0.32`, `2026-06-19,${k},C,5,0.31`, `2026-06-19,${k},P,7,0.33`]);
  const text = underlying === null
    ? "expiry,strike,type,open_interest,iv\n" + rows.join("\n") + "\n"
    : "expiry,strike,type,open_interest,iv,underlying\n" + rows.map((r) => `${r},${underlying}`).join("\n") + "\n";
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe("the underlying's name in the report", () => {
  it("no underlying column: 'USD per unit' in terminal, Markdown and HTML, never 'USD per ;' or 'USD per )'", async () => {
    const model = await assembleReport({ chainFile: chainFile("noname.csv", null), load, profile: { grid: { steps: 40 } } });
    expect(model.meta.underlying).toBe("");
    const texts = [renderTerminal(model, { color: false }), renderMarkdown(model, "r").markdown, renderHtml(model)];
    for (const t of texts) {
      expect(t).not.toMatch(/USD per [;)]/);
      expect(t).not.toMatch(/USD per\s*$/m);
    }
    expect(texts[0]).toContain("USD per unit");
  });

  it("an escape code in the underlying column is written visibly (\\u{1b}) in the chain and every rendering", async () => {
    const f = chainFile("evil.csv", "X\x1b[31mY");
    const { chain } = await loadChain(f, load);
    expect(chain.underlying).toBe("X\\u{1b}[31mY");
    const model = await assembleReport({ chainFile: f, load, profile: { grid: { steps: 40 } } });
    for (const t of [renderTerminal(model, { color: false }), renderMarkdown(model, "r").markdown, renderHtml(model)]) {
      expect(t.includes("\x1b")).toBe(false);
    }
  });
});
