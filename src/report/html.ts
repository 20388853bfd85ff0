/**
 * The self-contained HTML report: one file with inline CSS and inline SVG charts, no script and
 * nothing fetched (no fonts, images or styles from the network), readable on a laptop screen and
 * in print (A4/Letter portrait: charts scale to the page width, tables avoid breaking rows, the
 * color bands print).
 *
 * @module
 */
import { basisHeadline, basisTables } from "./basisSections.js";
import { reportCharts, CHART_COLORS, type ReportChart } from "./charts.js";
import { flowCharts } from "./flowCharts.js";
import { basisRegimeTable, cascadeTable, flowItems, flowLevelsTable } from "./flowSections.js";
import { escapeHtml } from "./format.js";
import type { ReportModel } from "./model.js";
import { overlayChart } from "./overlayChart.js";
import { strikeChart } from "./strikeChart.js";
import { gammaMapTable, heatmapChart, overlayTable, splitItems } from "./viewSections.js";
import { smileChartSvg, surfaceTable } from "./smile.js";
import {
  atSpotItems, clustersTable, expiryTable, headerItems, hedgeTable, levelsTable, methodology, notesItems, notePartsTable, notesTable, strikesTable,
  type ReportItem, type ReportTable,
} from "./sections.js";

const CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --line: #dde1e6; --bg: #ffffff; --panel: #f6f8fa; --accent: ${CHART_COLORS.dealer}; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 40px; }
header.top { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 18px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
.subtitle { color: var(--muted); font-size: 15px; margin: 0; }
.label { display: inline-block; margin: 10px 0 0; padding: 4px 10px; border-radius: 4px; background: #fff4d6; border: 1px solid #e8c35a; color: #6b4e00; font-weight: 600; font-size: 13px; }
h2 { font-size: 19px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
dl.facts .unit { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; margin: 6px 0 4px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .v { font-size: 21px; font-weight: 650; font-variant-numeric: tabular-nums; margin: 2px 0; }
.card .u { color: var(--muted); font-size: 12px; }
.neg { color: #b3261e; } .pos { color: #17723a; }
figure { margin: 10px 0 6px; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid var(--line); border-radius: 4px; }
figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
.two { display: grid; grid-template-columns: 1fr; gap: 8px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; font-variant-numeric: tabular-nums; font-size: 13px; }
table.wide { font-size: 12.5px; }
table.wide th, table.wide td { padding: 3px 5px; }
th, td { padding: 4px 7px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
td.r, th { white-space: nowrap; }
th { background: var(--panel); font-weight: 600; border-bottom: 2px solid var(--line); }
td.r, th.r { text-align: right; }
tr.strong td { font-weight: 650; background: #fff8e6; }
tr.muted td { color: #8a929c; }
.scroll { overflow-x: auto; }
p.note { color: var(--muted); font-size: 12.5px; margin: 4px 0 0; }
.warn { background: #fff4f2; border: 1px solid #f3c1b8; border-radius: 4px; padding: 8px 12px; color: #7a2417; }
footer { margin-top: 34px; border-top: 1px solid var(--line); padding-top: 10px; color: var(--muted); font-size: 12.5px; }
footer p { margin: 6px 0; }
@media (min-width: 1200px) { .two { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
@media print {
  @page { size: A4 portrait; margin: 12mm; }
  body { font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, tr, .card { break-inside: avoid; page-break-inside: avoid; }
  .scroll { overflow: visible; }
  th, td { padding: 2px 5px; white-space: normal; }
  .two { grid-template-columns: 1fr; }
}
`;

function itemsHtml(items: readonly ReportItem[]): string {
  return `<dl class="facts">${items
    .map((i) => `<dt>${escapeHtml(i.label)}</dt><dd>${escapeHtml(i.value)}${i.unit ? ` <span class="unit">${escapeHtml(i.unit)}</span>` : ""}</dd>`)
    .join("")}</dl>`;
}

/**
 * One table as HTML (`<table>` in a scroll box, with its note).
 *
 * @example
 * tableHtml({ id: "t", title: "T", columns: [{ header: "a" }], rows: [["1"]] });
 * // '<div class="scroll"><table id="table-t">…</table></div>'
 */
export function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th${c.align === "right" ? ' class="r"' : ""} scope="col">${escapeHtml(c.header)}</th>`).join("");
  const body = t.rows
    .map((row, i) => {
      const cls = t.rowClass?.[i];
      const cells = row.map((cell, j) => `<td${t.columns[j]?.align === "right" ? ' class="r"' : ""}>${escapeHtml(cell)}</td>`).join("");
      return `<tr${cls ? ` class="${cls}"` : ""}>${cells}</tr>`;
    })
    .join("\n");
  const wide = t.columns.length > 9 ? ' class="wide"' : "";
  return `<div class="scroll"><table id="table-${escapeHtml(t.id)}"${wide}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>` +
    (t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : "");
}

/**
 * A self-contained HTML page in the report's style (inline CSS, no script, nothing fetched), for
 * the commands that write HTML of their own (diff, history, gamma-map).
 *
 * @param title - the document title and heading
 * @param generator - "gexray <version>"
 * @param body - the page's HTML after the heading (sections, figures, tables)
 * @param subtitle - a line under the heading
 * @example
 * htmlPage("SPX snapshot diff", "gexray 0.1.0", section("Levels", "levels", tableHtml(t))).startsWith("<!doctype html>"); // true
 */
export function htmlPage(title: string, generator: string, body: string, subtitle = ""): string {
  return [
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="${escapeHtml(generator)}">`,
    `<title>${escapeHtml(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n<main>`,
    `<header class="top"><h1>${escapeHtml(title)}</h1>${subtitle ? `<p class="subtitle">${escapeHtml(subtitle)}</p>` : ""}</header>`,
    body,
    `<footer><p>Made by ${escapeHtml(generator)}. Figures are model outputs from open interest, not positions: dealers' true positions are not public.</p></footer>`,
    `</main>\n</body>\n</html>\n`,
  ].join("\n");
}

/**
 * A report section: `<section id><h2>title</h2>body</section>`.
 *
 * @example
 * section("Key levels", "levels", "<p>…</p>"); // '<section id="levels"><h2>Key levels</h2>\n<p>…</p>\n</section>'
 */
export function section(title: string, id: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

/**
 * The warnings box every page opens with (`<div class="warn" id="warnings">`), empty for none.
 *
 * @example
 * warningsHtml(["a.csv:9: the file ends in the middle of this row"]);
 * // '<div class="warn" id="warnings"><strong>Warnings</strong><ul><li>a.csv:9: the file ends in the middle of this row</li></ul></div>'
 */
export function warningsHtml(warnings: readonly string[]): string {
  return warnings.length ? `<div class="warn" id="warnings"><strong>Warnings</strong><ul>${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul></div>` : "";
}

/**
 * A chart in a `<figure id="figure-<id>">` with its caption.
 *
 * @example
 * figure(chart, "Dealer gamma by strike."); // '<figure id="figure-strikes"><svg …</svg><figcaption>…</figcaption></figure>'
 */
export function figure(chart: ReportChart, caption: string): string {
  return `<figure id="figure-${chart.id}">${chart.svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** The at-spot cards. */
function cardsHtml(items: readonly ReportItem[]): string {
  return `<div class="cards">${items
    .map((i) => {
      const sign = /^-/.test(i.value) || /^sell /.test(i.value) ? "neg" : /^buy /.test(i.value) || /^\d/.test(i.value) ? "pos" : "";
      return `<div class="card"><div class="k">${escapeHtml(i.label)}</div><div class="v ${sign}">${escapeHtml(i.value)}</div><div class="u">${escapeHtml(i.unit ?? "")}</div></div>`;
    })
    .join("")}</div>`;
}

/**
 * Render the whole report as one self-contained HTML document.
 *
 * @param model - the report model
 * @returns the document text (UTF-8, starts with `<!doctype html>`)
 * @example
 * const html = renderHtml(model);
 * html.includes("<svg"); // true: three inline charts
 * /https?:\/\//.test(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, "")); // false: nothing fetched
 */
export function renderHtml(model: ReportModel): string {
  const m = model.meta;
  const charts = reportCharts(model);
  const [gamma, vanna, charm] = charts as [ReportChart, ReportChart, ReportChart];
  const parts: string[] = [];
  parts.push(
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="${escapeHtml(m.generator)}">`,
    `<title>${escapeHtml(model.title)} — ${escapeHtml(m.asOf)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n<main>`,
    `<header class="top"><h1>${escapeHtml(model.title)}</h1>` +
      `<p class="subtitle">as of ${escapeHtml(m.asOf)} · spot ${escapeHtml(headerItems(model)[2]!.value)} USD · ${escapeHtml(m.conventions.dealerText)}</p>` +
      (m.label ? `<div class="label">${escapeHtml(m.label)}</div>` : "") + `</header>`,
  );
  if (model.warnings.length > 0) parts.push(warningsHtml(model.warnings));
  if (model.flows) {
    const [bars, cumulative] = flowCharts(model) as [ReportChart, ReportChart];
    const lt = flowLevelsTable(model)!;
    const ct = cascadeTable(model);
    const bt = basisRegimeTable(model);
    parts.push(section("Forced flows", "flows",
      itemsHtml(flowItems(model)) +
      figure(bars, "What is forced to trade while price moves away from spot through each ½% bucket, by source: dealers' and note issuers' " +
        "exact re-hedges, estimated liquidations and ADL re-hedges (+ buying above zero, − selling below). Bands: note barrier clusters, ADL zones.") +
      figure(cumulative, "The same added up from spot: how much has been forced to trade by the time price reaches each level.") +
      `<h3>${escapeHtml(lt.title)}</h3>${tableHtml(lt)}` + (ct ? `<h3>${escapeHtml(ct.title)}</h3>${tableHtml(ct)}` : "") +
      (bt ? `<h3>${escapeHtml(bt.title)}</h3>${tableHtml(bt)}` : "") +
      `<h3>Assumptions</h3><ul class="assumptions">${model.flows.assumptions.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ul>`));
  }
  parts.push(section("Snapshot and conventions", "conventions", itemsHtml(headerItems(model))));
  parts.push(section("At spot", "at-spot", cardsHtml(atSpotItems(model)) + cardsHtml(splitItems(model))));
  parts.push(section("Key levels", "levels", tableHtml(levelsTable(model))));
  const gammaCaption = `Dealer dollar gamma (USD of dealer delta change per 1% move) at each ${m.underlying} price. ` +
    "Red shading: dealers short gamma (their hedging adds to moves); dots: zero crossings, the filled one nearest spot. " +
    (model.notesOverlay ? `Dashed: the note issuers' gamma on the same grid; orange: dealers + issuers. Bands: barrier clusters of the ${model.notes?.underlying} notes (notional).` : "");
  parts.push(section("Gamma profile", "gamma", figure(gamma, gammaCaption)));
  parts.push(section("Gamma by strike", "by-strike", figure(strikeChart(model),
    `Dealer dollar gamma at spot of each ${m.underlying} strike's calls (green) and puts (red), and their net (line), for strikes within ±10% of spot ` +
      "and out to the walls; dashed: call wall, put wall and absolute-gamma strike.")));
  const ov = overlayChart(model);
  const ovt = overlayTable(model);
  if (ov && ovt) {
    parts.push(section("Profile by expiry set", "overlay", figure(ov,
      "The dealer gamma profile with every expiry, without the next expiry and without the next monthly expiry, on one grid; dots: each line's zero gamma nearest spot.") +
      tableHtml(ovt)));
  }
  const map = heatmapChart(model);
  if (map && model.views.gammaMap) {
    parts.push(section("Gamma map: price × time", "gamma-map", figure(map,
      `Dealer dollar gamma at each ${m.underlying} price as the next ${model.views.gammaMap.days} days pass, spot and vols held (sticky strike): ` +
        "each column re-evaluates every contract with its time to expiry shortened, expiries that passed dropped.") +
      tableHtml(gammaMapTable(model.views.gammaMap.columns, m.spot, m.underlying))));
  }
  parts.push(section("Vanna and charm", "vanna-charm", `<div class="two">${figure(vanna, "Dealer dollar vanna: USD of dealer delta change per +1 vol point.")}${figure(charm, "Dealer dollar charm: USD of dealer delta change per calendar day as time passes.")}</div>`));
  parts.push(section("Hedge flows", "hedge", tableHtml(hedgeTable(model))));
  parts.push(section("By expiry", "expiries", tableHtml(expiryTable(model))));
  parts.push(section("Strikes around spot", "strikes", tableHtml(strikesTable(model))));
  const s = model.surface;
  if (s) {
    const smiles = s.charts.map((c, i) =>
      `<figure id="figure-smile-${i + 1}">${smileChartSvg(c, m.spot, i + 1)}<figcaption>${escapeHtml(
        `${c.expiry} (${c.days.toFixed(1)} days): ${c.quoteStrike.length} out-of-the-money quotes (dots) and the ${c.method === "svi" ? "SVI fit" : "monotone fallback"} (line)` +
          (c.beyondRange > 0 ? `; ${c.beyondRange} quote(s) beyond six at-the-money standard deviations, not fitted, not drawn` : "") + ".",
      )}</figcaption></figure>`).join("");
    parts.push(section("Volatility surface", "surface",
      `<p class="note">The ${s.charts.length} expiries with the most open interest; implied vol in percent by strike.</p><div class="two">${smiles}</div>` +
        tableHtml(surfaceTable(s))));
  }
  const ni = notesItems(model);
  const ct = clustersTable(model);
  const nt = notesTable(model);
  if (ni && nt) {
    parts.push(section(`Structured notes on ${model.notes!.underlying}`, "notes",
      itemsHtml(ni) + (ct ? `<h3>${escapeHtml(ct.title)}</h3>${tableHtml(ct)}` : "") + `<h3>${escapeHtml(nt.title)}</h3>${tableHtml(nt)}` +
        ((pt) => (pt ? `<h3>${escapeHtml(pt.title)}</h3>${tableHtml(pt)}` : ""))(notePartsTable(model))));
  }
  if (model.basis) {
    const a = model.basis;
    parts.push(section("Futures basis term structure", "basis",
      `<p class="subtitle">${escapeHtml(basisHeadline(a))}</p>` + a.fileNotes.map((n) => `<div class="label">${escapeHtml(n)}</div>`).join("") +
        basisTables(a).map((t) => `<h3>${escapeHtml(t.title)}</h3>${tableHtml(t)}`).join("\n")));
  }
  parts.push(`<footer id="methodology"><h2>Methodology</h2>${methodology(model).map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}</footer>`);
  parts.push(`</main>\n</body>\n</html>\n`);
  return parts.join("\n");
}
