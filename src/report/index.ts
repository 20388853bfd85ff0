/**
 * The report layer's public API: the plain report model and its adapter from the engines, the
 * file-to-model assembly, and the renderers (terminal, HTML, Markdown, JSON), charts, colors and
 * the progress bar. (table.ts, csv.ts and atomicWrite.ts are exported where the CLI uses them.)
 *
 * @module
 */
export {
  buildReportModel, strikesNearSpot, REPORT_MODEL_VERSION, REPORT_UNITS, CLUSTER_METHOD,
  type ReportModel, type ReportInput, type ReportNotesInput, type ReportMeta, type ReportConventions, type ReportProfile,
  type ReportLevels, type ReportHedge, type ReportHedgeInstrument, type ReportExpiryRow, type ReportNoteRow, type ReportNotes,
  type ReportClusterRow, type ReportClusters, type ReportNotesOverlay,
} from "./model.js";
export { assembleReport, DEFAULT_CLUSTER_TOLERANCE, type AssembleOptions, type ReportProfileOptions } from "./assemble.js";
export { renderHtml } from "./html.js";
export { renderMarkdown, type MarkdownReport } from "./markdown.js";
export { renderJson } from "./json.js";
export { renderTerminal, renderProfileTerminal, terminalGammaChart, type TerminalOptions } from "./terminal.js";
export { reportCharts, gammaChart, vannaChart, charmChart, CHART_COLORS, type ReportChart } from "./charts.js";
export {
  reportSurface, smileChartSvg, surfaceTable, surfaceSummary, SMILE_CHARTS,
  type ReportSurface, type ReportSmileSlice, type ReportSmileChart,
} from "./smile.js";
export { lineChartSvg, type LineChartSpec, type ChartSeries, type ChartBand, type ChartMarker, type ChartPoint } from "./svgChart.js";
export { asciiChart, type AsciiChartOptions, type AsciiMarker } from "./asciiChart.js";
export { shouldColor, painter, stripAnsi, type Painter } from "./ansi.js";
export { createProgress, type Progress, type ProgressOptions, type ProgressStream } from "./progress.js";
export { scaleAmount, formatPrice } from "./format.js";
export { analyzeBasis, type BasisAnalysis, type BasisAnalysisOptions, type BasisContractRow, type BasisHistoryRow } from "./basisAnalysis.js";
export { basisTables, basisHeadline, basisCounts, basisContractsTable, basisConstantMaturityTable, basisHistoryTable, basisJumpsTable } from "./basisSections.js";
export { buildViews, mapView, strikeWindow, ruleText, STRIKE_WINDOW, type ReportViews, type ReportOverlayLine, type ReportMapColumn } from "./views.js";
export { strikeChart, terminalStrikeChart, STRIKE_COLORS } from "./strikeChart.js";
export { overlayChart, OVERLAY_COLORS } from "./overlayChart.js";
export { gammaHeatmapSvg, divergingColor, colorLimit, RDBU, HEATMAP_COLORS, type HeatmapSpec } from "./heatmap.js";
export { splitItems, overlayTable, gammaMapTable, heatmapChart } from "./viewSections.js";
export { renderGammaMapTerminal, renderGammaMapHtml, renderGammaMapMarkdown, renderGammaMapCsv, gammaMapJson } from "./gammaMapReport.js";
export { assembleDiff, type DiffModel, type DiffOptions, type DiffSide } from "./diffModel.js";
export { renderDiffTerminal, renderDiffHtml, renderDiffMarkdown, renderDiffJson, diffProfilesChart, diffOiChart } from "./diffRender.js";
export { historyRows, snapshotFiles, snapshotRow, type HistoryRow, type HistoryResult, type HistoryFailure, type HistoryOptions } from "./history.js";
export { renderHistoryTerminal, renderHistoryCsv, renderHistoryJson, renderHistoryHtml, renderHistoryMarkdown, historyCharts, HISTORY_UNITS } from "./historyRender.js";
export { flowBarsChart, flowCumulativeChart, flowCharts, FLOW_COLORS } from "./flowCharts.js";
export { flowBuckets, flowItems, flowLevelsTable, flowLadderTable, cascadeTable, basisRegimeTable, FLOW_SOURCE_NAMES, type FlowBucket } from "./flowSections.js";
export { renderFlowsTerminal } from "./terminal.js";
