/**
 * The JSON report: the {@link ReportModel} itself — everything the HTML report shows, as data, at
 * full precision, with its `units` object. Non-finite numbers (a hedge instrument of unknown size)
 * become null and −0 becomes 0, as JSON requires.
 *
 * @module
 */
import type { ReportModel } from "./model.js";

/**
 * The report as JSON text (compact, one trailing newline).
 *
 * @param model - the report model
 * @example
 * JSON.parse(renderJson(model)).levels.nearestZeroGamma === model.levels.nearestZeroGamma; // true
 */
export function renderJson(model: ReportModel): string {
  return JSON.stringify(model) + "\n";
}
