/**
 * The Markdown report: the HTML report's content as GitHub-flavoured Markdown tables, with the
 * charts as SVG files beside it (`<name>-gamma.svg`, `-vanna.svg`, `-charm.svg`, and the smile
 * charts `-smile-1.svg` …) linked by relative path.
 *
 * @module
 */
import { basisHeadline, basisTables } from "./basisSections.js";
import { reportCharts } from "./charts.js";
import { flowCharts } from "./flowCharts.js";
import { basisRegimeTable, cascadeTable, flowItems, flowLevelsTable } from "./flowSections.js";
import { escapeMarkdownCell } from "./format.js";
import type { ReportModel } from "./model.js";
import { overlayChart } from "./overlayChart.js";
import { strikeChart } from "./strikeChart.js";
import { gammaMapTable, heatmapChart, overlayTable, splitItems } from "./viewSections.js";
import { smileChartSvg, surfaceTable } from "./smile.js";
import {
  atSpotItems, clustersTable, expiryTable, headerItems, hedgeTable, levelsTable, methodology, notesItems, notePartsTable, notesTable, strikesTable,
  type ReportItem, type ReportTable,
} from "./sections.js";

/**
 * The Markdown document and the files to write beside it.
 *
 * @example
 * const out: MarkdownReport = renderMarkdown(model, "report");
 * out.files.map((f) => f.name); // ["report-gamma.svg", "report-vanna.svg", "report-charm.svg"]
 */
export interface MarkdownReport {
  markdown: string;
  /** chart files, named relative to the Markdown file's directory */
  files: Array<{ name: string; content: string }>;
}

/**
 * One table as GitHub-flavoured Markdown (pipes escaped in cells; right-aligned numbers).
 *
 * @example
 * tableMarkdown({ id: "t", title: "T", columns: [{ header: "a" }, { header: "b", align: "right" }], rows: [["x", "1"]] });
 * // "| a | b |\n|---|--:|\n| x | 1 |\n"
 */
export function tableMarkdown(t: ReportTable): string {
  const head = `| ${t.columns.map((c) => escapeMarkdownCell(c.header) || " ").join(" | ")} |`;
  const rule = `|${t.columns.map((c) => (c.align === "right" ? "--:" : "---")).join("|")}|`;
  const rows = t.rows.map((r, i) => {
    const strong = t.rowClass?.[i] === "strong";
    return `| ${r.map((cell) => {
      const s = escapeMarkdownCell(cell);
      return strong && s !== "" ? `**${s}**` : s;
    }).join(" | ")} |`;
  });
  return [head, rule, ...rows].join("\n") + "\n" + (t.note ? `\n_${escapeMarkdownCell(t.note)}_\n` : "");
}

function itemsMarkdown(items: readonly ReportItem[]): string {
  return items.map((i) => `- **${escapeMarkdownCell(i.label)}**: ${escapeMarkdownCell(i.value)}${i.unit ? ` — ${escapeMarkdownCell(i.unit)}` : ""}`).join("\n") + "\n";
}

/**
 * Render the report as Markdown with its charts as separate SVG files.
 *
 * @param model - the report model
 * @param baseName - file name stem of the charts, e.g. "report" for report-gamma.svg (a name, not a path)
 * @returns the Markdown text and the chart files
 * @throws RangeError when baseName contains a path separator
 * @example
 * const { markdown, files } = renderMarkdown(model, "report");
 * markdown.includes("![BTC dealer gamma profile"); // true
 */
export function renderMarkdown(model: ReportModel, baseName: string): MarkdownReport {
  if (/[\\/]/.test(baseName) || baseName === "") throw new RangeError(`chart file stem must be a plain file name (got ${JSON.stringify(baseName)})`);
  const m = model.meta;
  const ov = overlayChart(model);
  const map = heatmapChart(model);
  const charts = [...reportCharts(model), strikeChart(model), ...(ov ? [ov] : []), ...(map ? [map] : [])];
  const files = charts.map((c) => ({ name: `${baseName}-${c.id}.svg`, content: c.svg + "\n" }));
  const img = (i: number) => `![${charts[i]!.title}](${encodeURI(files[i]!.name)})\n`;
  const imgOf = (id: string) => img(charts.findIndex((c) => c.id === id));
  const out: string[] = [];
  out.push(`# ${model.title}\n`);
  out.push(`as of ${m.asOf} · spot ${headerItems(model)[2]!.value} USD · ${m.conventions.dealerText}\n`);
  if (m.label) out.push(`> **${m.label}**\n`);
  if (model.warnings.length > 0) out.push(`> Warnings:\n${model.warnings.map((w) => `> - ${w}`).join("\n")}\n`);
  if (model.flows) {
    const fc = flowCharts(model);
    for (const c of fc) files.push({ name: `${baseName}-${c.id}.svg`, content: c.svg + "\n" });
    const fimg = (i: number) => `![${fc[i]!.title}](${encodeURI(`${baseName}-${fc[i]!.id}.svg`)})\n`;
    const lt = flowLevelsTable(model)!;
    const ct = cascadeTable(model);
    out.push(`## Forced flows\n\n${itemsMarkdown(flowItems(model))}`);
    out.push(`${fimg(0)}\n_What is forced to trade while price moves away from spot through each ½% bucket, by source (+ buying, − selling); ` +
      "liquidations and ADL are ESTIMATED._\n");
    out.push(`${fimg(1)}\n_The same added up from spot._\n`);
    out.push(`### ${lt.title}\n\n${tableMarkdown(lt)}`);
    if (ct) out.push(`### ${ct.title}\n\n${tableMarkdown(ct)}`);
    const bt = basisRegimeTable(model);
    if (bt) out.push(`### ${bt.title}\n\n${tableMarkdown(bt)}`);
    out.push(`### Assumptions\n\n${model.flows.assumptions.map((a) => `- ${a}`).join("\n")}\n`);
  }
  out.push(`## Snapshot and conventions\n\n${itemsMarkdown(headerItems(model))}`);
  out.push(`## At spot\n\n${itemsMarkdown(atSpotItems(model))}${itemsMarkdown(splitItems(model))}`);
  out.push(`## Key levels\n\n${tableMarkdown(levelsTable(model))}`);
  out.push(`## Gamma profile\n\n${img(0)}\n_Dealer dollar gamma (USD of dealer delta change per 1% move) at each ${m.underlying} price. Red shading: dealers short gamma; ` +
    `dots: zero crossings, the filled one nearest spot.${model.notesOverlay ? ` Dashed: the note issuers' gamma; orange: dealers + issuers; bands: barrier clusters.` : ""}_\n`);
  out.push(`## Gamma by strike\n\n${imgOf("strikes")}\n_Dealer dollar gamma at spot of each strike's calls (green) and puts (red), and their net (line); ` +
    `dashed: call wall, put wall, absolute-gamma strike._\n`);
  const ovt = overlayTable(model);
  if (ov && ovt) out.push(`## Profile by expiry set\n\n${imgOf("overlay")}\n${tableMarkdown(ovt)}`);
  if (map && model.views.gammaMap) {
    out.push(`## Gamma map: price × time\n\n${imgOf("map")}\n${tableMarkdown(gammaMapTable(model.views.gammaMap.columns, m.spot, m.underlying))}`);
  }
  out.push(`## Vanna and charm\n\n${img(1)}\n_Dealer dollar vanna: USD of dealer delta change per +1 vol point._\n\n${img(2)}\n_Dealer dollar charm: USD of dealer delta change per calendar day._\n`);
  out.push(`## Hedge flows\n\n${tableMarkdown(hedgeTable(model))}`);
  out.push(`## By expiry\n\n${tableMarkdown(expiryTable(model))}`);
  out.push(`## Strikes around spot\n\n${tableMarkdown(strikesTable(model))}`);
  const s = model.surface;
  if (s) {
    out.push(`## Volatility surface\n\nThe ${s.charts.length} expiries with the most open interest: out-of-the-money quotes (dots) and the fitted smile (line), implied vol in percent by strike` +
      " (quotes beyond six at-the-money standard deviations of log-moneyness are not fitted and not drawn).\n");
    s.charts.forEach((c, i) => {
      const name = `${baseName}-smile-${i + 1}.svg`;
      files.push({ name, content: smileChartSvg(c, m.spot, i + 1) + "\n" });
      out.push(`![smile ${c.expiry.slice(0, 10)}](${encodeURI(name)})\n`);
    });
    out.push(tableMarkdown(surfaceTable(s)));
  }
  const ni = notesItems(model);
  const ct = clustersTable(model);
  const nt = notesTable(model);
  if (ni && nt) {
    out.push(`## Structured notes on ${model.notes!.underlying}\n\n${itemsMarkdown(ni)}`);
    if (ct) out.push(`### ${ct.title}\n\n${tableMarkdown(ct)}`);
    out.push(`### ${nt.title}\n\n${tableMarkdown(nt)}`);
    const pt = notePartsTable(model);
    if (pt) out.push(`### ${pt.title}\n\n${tableMarkdown(pt)}`);
  }
  if (model.basis) {
    const a = model.basis;
    out.push(`## Futures basis term structure\n\n${escapeMarkdownCell(basisHeadline(a))}\n` + a.fileNotes.map((n) => `\n> ${escapeMarkdownCell(n)}\n`).join(""));
    for (const t of basisTables(a)) out.push(`### ${t.title}\n\n${tableMarkdown(t)}`);
  }
  out.push(`## Methodology\n\n${methodology(model).join("\n\n")}\n`);
  return { markdown: out.join("\n"), files };
}
