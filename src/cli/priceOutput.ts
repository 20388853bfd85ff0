/**
 * Printing for `gexray price`: the priced contracts as an aligned table (one contract: a
 * field/value/unit listing; several: one row each with a units footer), JSON with a `units`
 * object, or CSV at full precision.
 *
 * @module
 */
import { GREEK_FIELDS, type Greeks } from "../options/greeks.js";
import { toCsv, type CsvField } from "../report/csv.js";
import { GREEK_UNITS, INPUT_UNITS, greekUnitsFooter } from "../report/greekUnits.js";
import { type Column, formatNumber as fmt, formatTable } from "../report/table.js";
import { monitoringText } from "./contractSpec.js";
import type { OutputFormat } from "./options.js";
import type { PricedContract } from "./priceContracts.js";

/**
 * A greek name.
 *
 * @example
 * const g: GreekField = "vanna";
 */
export type GreekField = keyof Greeks;

/**
 * Greeks shown in a several-contract table unless `--greeks` says otherwise.
 *
 * @example
 * renderPrices(priced, "table", TABLE_GREEKS);
 */
export const TABLE_GREEKS: readonly GreekField[] = ["price", "delta", "gamma", "vega", "theta", "vanna", "charm"];

/**
 * Render priced contracts.
 *
 * @param priced - the results, in input order
 * @param format - table, json or csv
 * @param greeks - the greek fields to print; default all twelve, or {@link TABLE_GREEKS} for a
 *   table of several contracts
 * @param width - the table's widest line (default no limit): a wider table of several contracts is
 *   printed in blocks of columns, each repeating the contract's id and type
 * @example
 * renderPrices(priced, "json"); // '{\n  "units": {…},\n  "results": [ … ]\n}\n'
 */
export function renderPrices(priced: readonly PricedContract[], format: OutputFormat, greeks?: readonly GreekField[], width = Infinity): string {
  if (format === "json") return renderJson(priced, greeks ?? GREEK_FIELDS);
  if (format === "csv") return renderCsv(priced, greeks ?? GREEK_FIELDS);
  return priced.length === 1 ? renderOne(priced[0]!, greeks ?? GREEK_FIELDS, width) : renderMany(priced, greeks ?? TABLE_GREEKS, width);
}

function renderJson(priced: readonly PricedContract[], greeks: readonly GreekField[]): string {
  const units: Record<string, string> = { ...INPUT_UNITS };
  for (const g of greeks) units[g] = GREEK_UNITS[g];
  const results = priced.map(({ spec, vol, implied, greeks: g }) => ({
    ...(spec.id !== undefined ? { id: spec.id } : {}),
    input: {
      type: spec.type, spot: spec.spot, strike: spec.strike, time: spec.time,
      ...(spec.vol !== undefined ? { vol: spec.vol } : {}),
      rate: spec.rate, dividend: spec.dividend,
      ...(spec.forward !== undefined ? { forward: spec.forward } : {}),
      ...(spec.ivPrice !== undefined ? { price: spec.ivPrice } : {}),
      ...(spec.barrier ? { barrier: { ...spec.barrier } } : {}),
    },
    vol,
    ...(implied ? { impliedVol: vol } : {}),
    greeks: Object.fromEntries(greeks.map((f) => [f, jsonNumber(g[f])])),
  }));
  return JSON.stringify({ units, results }, null, 2) + "\n";
}

/** JSON has no NaN or ∞: they become null (the CSV and table print them). */
function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function renderCsv(priced: readonly PricedContract[], greeks: readonly GreekField[]): string {
  const header = [
    "id", "type", "spot", "strike", "time", "vol", "vol_source", "rate", "dividend", "forward",
    "barrier", "level", "rebate", "monitoring", ...greeks,
  ];
  const rows = priced.map(({ spec, vol, implied, greeks: g }): CsvField[] => [
    spec.id, spec.type, spec.spot, spec.strike, spec.time, vol, implied ? "implied" : "given", spec.rate, spec.dividend,
    spec.forward, spec.barrier?.kind, spec.barrier?.level, spec.barrier?.rebate,
    spec.barrier ? monitoringText(spec.barrier.monitoring) : undefined,
    ...greeks.map((f) => g[f]),
  ]);
  return toCsv(header, rows);
}

interface Line {
  field: string;
  value: string | number | undefined;
  unit: string;
}

function renderOne(p: PricedContract, greeks: readonly GreekField[], width: number): string {
  const { spec } = p;
  const lines: Line[] = [];
  if (spec.id !== undefined) lines.push({ field: "id", value: spec.id, unit: "" });
  lines.push({ field: "type", value: spec.barrier ? `${spec.barrier.kind} ${spec.type}` : spec.type, unit: "" });
  lines.push({ field: "spot", value: spec.spot, unit: INPUT_UNITS.spot });
  lines.push({ field: "strike", value: spec.strike, unit: INPUT_UNITS.strike });
  if (spec.barrier) {
    lines.push({ field: "level", value: spec.barrier.level, unit: INPUT_UNITS.level });
    if (spec.barrier.rebate !== 0) lines.push({ field: "rebate", value: spec.barrier.rebate, unit: INPUT_UNITS.rebate });
    lines.push({ field: "monitoring", value: monitoringText(spec.barrier.monitoring), unit: "continuous, final, daily (trading-day closes) or every N calendar days" });
  }
  if (spec.forward !== undefined) lines.push({ field: "forward", value: spec.forward, unit: `${INPUT_UNITS.forward} (Black-76)` });
  lines.push({ field: "time", value: spec.time, unit: INPUT_UNITS.time });
  if (spec.ivPrice !== undefined) lines.push({ field: "target price", value: spec.ivPrice, unit: INPUT_UNITS.spot });
  lines.push({ field: p.implied ? "implied vol" : "vol", value: p.vol, unit: INPUT_UNITS.vol });
  lines.push({ field: "rate", value: spec.rate, unit: INPUT_UNITS.rate });
  lines.push({ field: "dividend", value: spec.dividend, unit: INPUT_UNITS.dividend });
  for (const f of greeks) lines.push({ field: f, value: p.greeks[f], unit: GREEK_UNITS[f] });
  const columns: Column<Line>[] = [
    { header: "field", value: (l) => l.field },
    { header: "value", value: (l) => l.value, align: "decimal", format: (x) => fmt(x) },
    { header: "unit", value: (l) => l.unit },
  ];
  return formatTable(columns, lines, { width });
}

function renderMany(priced: readonly PricedContract[], greeks: readonly GreekField[], width: number): string {
  const anyId = priced.some((p) => p.spec.id !== undefined);
  const anyBarrier = priced.some((p) => p.spec.barrier);
  const anyImplied = priced.some((p) => p.implied);
  const columns: Column<PricedContract>[] = [];
  if (anyId) columns.push({ header: "id", value: (p) => p.spec.id });
  columns.push({ header: "type", value: (p) => p.spec.type });
  if (anyBarrier) {
    columns.push({ header: "barrier", value: (p) => p.spec.barrier?.kind });
    columns.push({ header: "level", value: (p) => p.spec.barrier?.level });
    columns.push({ header: "monitor", value: (p) => (p.spec.barrier ? monitoringText(p.spec.barrier.monitoring) : undefined) });
  }
  columns.push({ header: "spot", value: (p) => p.spec.spot });
  columns.push({ header: "strike", value: (p) => p.spec.strike });
  columns.push({ header: "time", value: (p) => p.spec.time, format: (x) => fmt(x, 4) });
  columns.push({ header: "vol", value: (p) => p.vol, format: (x) => fmt(x, 4) });
  if (anyImplied) columns.push({ header: "vol from", value: (p) => (p.implied ? "price" : "input") });
  for (const f of greeks) columns.push({ header: f, value: (p) => p.greeks[f] });
  const footerWidth = Number.isFinite(width) ? width : 100;
  return formatTable(columns, priced, { footer: greekUnitsFooter(["time", "vol", ...greeks], footerWidth), width, repeat: anyId ? 2 : 1 });
}
