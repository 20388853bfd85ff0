/**
 * The forced-flow map as renderer-neutral tables and items (as sections.ts does for the profile):
 * the flows summed into price buckets aligned on spot, the headline figures, the biggest forced-flow
 * levels, the cascades and the assumptions.
 *
 * @module
 */
import type { FlowsJson } from "../flows/json.js";
import { FLOW_SOURCES, type FlowSource } from "../flows/map.js";
import { formatPct, scaleAmount } from "./format.js";
import type { ReportModel } from "./model.js";
import { priceCell, type ReportItem, type ReportTable } from "./sections.js";

/** What each source is called in tables and legends. */
export const FLOW_SOURCE_NAMES: Readonly<Record<FlowSource, string>> = {
  dealers: "dealers", issuers: "note issuers", liquidations: "liquidations (est.)", adl: "ADL (est.)",
};

/** The flows of one price bucket, USD (+ = forced buying). */
export type FlowBucket = { from: number; to: number; below: boolean; total: number } & Record<FlowSource, number>;

/**
 * The map's per-bin flows summed into buckets of `width` × spot, aligned on spot (no bucket
 * straddles it: below spot flows are forced by a fall, above by a rise).
 *
 * @param f - the flows document
 * @param width - bucket width as a fraction of spot (0.01 = 1%)
 * @returns buckets ascending by price, the empty ones left out
 * @example
 * flowBuckets(model.flows!, 0.01).find((b) => b.below)!.total; // USD forced in the lowest bucket with flow
 */
export function flowBuckets(f: FlowsJson, width: number): FlowBucket[] {
  if (!(width > 0) || !Number.isFinite(width)) throw new RangeError(`bucket width must be a finite fraction > 0 (got ${width})`);
  const S = f.spot;
  const w = width * S;
  const map = new Map<number, FlowBucket>();
  const g = f.grid;
  for (let k = 0; k + 1 < g.length; k++) {
    const mid = 0.5 * (g[k]! + g[k + 1]!);
    const below = mid < S;
    const j = below ? -1 - Math.floor((S - mid) / w) : Math.floor((mid - S) / w);
    let b = map.get(j);
    if (!b) {
      b = { from: S + j * w, to: S + (j + 1) * w, below, total: 0, dealers: 0, issuers: 0, liquidations: 0, adl: 0 };
      map.set(j, b);
    }
    for (const src of FLOW_SOURCES) b[src] += f.sources[src]?.[k] ?? 0;
    b.total += f.total[k]!;
  }
  return [...map.values()].filter((b) => b.total !== 0 || FLOW_SOURCES.some((s) => b[s] !== 0)).sort((a, b) => a.from - b.from);
}

/** The cumulative flow of a source (or the total) at a price, linear between grid prices. */
function cumulativeAt(f: FlowsJson, key: FlowSource | "total", price: number): number | null {
  const c = f.cumulative[key];
  if (!c) return null;
  const g = f.grid;
  if (price <= g[0]!) return c[0]!;
  if (price >= g[g.length - 1]!) return c[g.length - 1]!;
  let k = 0;
  while (g[k + 1]! < price) k++;
  const t = (price - g[k]!) / (g[k + 1]! - g[k]!);
  return c[k]! + t * (c[k + 1]! - c[k]!);
}

function signedUsd(x: number): string {
  const s = scaleAmount(x);
  return x > 0 ? `+${s}` : s;
}

/** "buys 1.2 bn" / "sells 3.4 mn" */
function verbUsd(x: number): string {
  return x > 0 ? `buy ${scaleAmount(x)}` : x < 0 ? `sell ${scaleAmount(-x)}` : "nothing";
}

/**
 * The headline figures: forced flow to ±5% and ±10% by source, the biggest pockets, ADL, depth.
 *
 * @example
 * flowItems(model)[0]; // { label: "to −5%", value: "sell 1.23 bn", unit: "USD forced if price falls 5% (dealers …)" }
 */
export function flowItems(model: ReportModel): ReportItem[] {
  const f = model.flows;
  if (!f) return [];
  const S = f.spot;
  const present = FLOW_SOURCES.filter((k) => f.sources[k] !== null);
  const at = (move: number): ReportItem => {
    const p = S * (1 + move);
    const total = cumulativeAt(f, "total", p)!;
    const parts = present.map((k) => `${FLOW_SOURCE_NAMES[k]} ${signedUsd(cumulativeAt(f, k, p)!)}`).join(", ");
    const edge = p < f.grid[0]! || p > f.grid[f.grid.length - 1]! ? " (grid edge)" : "";
    return { label: `to ${move > 0 ? "+" : "−"}${Math.abs(move * 100)}%${edge}`, value: `${verbUsd(total)} USD`, unit: `at ${priceCell(p)}: ${parts}` };
  };
  const items: ReportItem[] = [at(-0.05), at(-0.1), at(0.05), at(0.1)];
  const L = f.levels;
  if (L.sellPocket) items.push({ label: "largest selling bin", value: `${priceCell(L.sellPocket.from)}–${priceCell(L.sellPocket.to)}`, unit: `${verbUsd(L.sellPocket.usd)} USD as price falls through it` });
  if (L.buyPocket) items.push({ label: "largest buying bin", value: `${priceCell(L.buyPocket.from)}–${priceCell(L.buyPocket.to)}`, unit: `${verbUsd(L.buyPocket.usd)} USD as price rises through it` });
  if (L.sellExceedsDepth !== null) items.push({ label: "selling exceeds depth", value: priceCell(L.sellExceedsDepth), unit: `cumulative forced selling reaches the depth (USD that moves price 1%; ${formatPct((L.sellExceedsDepth / S - 1) * 100)})` });
  if (L.buyExceedsDepth !== null) items.push({ label: "buying exceeds depth", value: priceCell(L.buyExceedsDepth), unit: `cumulative forced buying reaches the depth (USD that moves price 1%; ${formatPct((L.buyExceedsDepth / S - 1) * 100)})` });
  const b = f.beyondGrid;
  if (b.below !== 0 || b.above !== 0) {
    const g = f.grid;
    items.push({
      label: "beyond the grid", value: [b.below !== 0 ? `${verbUsd(b.below)} below ${priceCell(g[0]!)}` : "", b.above !== 0 ? `${verbUsd(b.above)} above ${priceCell(g[g.length - 1]!)}` : ""].filter(Boolean).join(", "),
      unit: "USD of ESTIMATED liquidations not on the map (widen --range to see them)",
    });
  }
  if (f.adl) {
    for (const [dir, side] of [["fall", f.adl.down], ["rise", f.adl.up]] as const) {
      const v = side.zoneStart !== null ? `ADL from ${priceCell(side.zoneStart)}` : side.watchPrice !== null ? `watch from ${priceCell(side.watchPrice)}` : "fund holds";
      items.push({
        label: `insurance fund, ${dir}`, value: v,
        unit: `ESTIMATED loss ${scaleAmount(side.totalLoss)} USD over the whole ladder vs fund ${scaleAmount(f.adl.assumptions.fund)}; ${scaleAmount(side.adlCoin)} ${f.underlying} deleveraged`,
      });
    }
  }
  return items;
}

/**
 * The biggest forced-flow levels: the five buckets (½% of spot) with the most forced selling below
 * spot and buying above, each split by source.
 *
 * @example
 * flowLevelsTable(model).columns.map((c) => c.header); // ["price", "from spot", "dealers", …, "total"]
 */
export function flowLevelsTable(model: ReportModel, width = 0.005, top = 5): ReportTable | null {
  const f = model.flows;
  if (!f) return null;
  const present = FLOW_SOURCES.filter((k) => f.sources[k] !== null);
  const buckets = flowBuckets(f, width);
  const sells = buckets.filter((b) => b.below && b.total < 0).sort((a, b) => a.total - b.total).slice(0, top).sort((a, b) => b.from - a.from);
  const buys = buckets.filter((b) => !b.below && b.total > 0).sort((a, b) => b.total - a.total).slice(0, top).sort((a, b) => a.from - b.from);
  const row = (b: FlowBucket) => [
    `${priceCell(b.from)}–${priceCell(b.to)}`, formatPct(((b.below ? b.from : b.to) / f.spot - 1) * 100, 1),
    ...present.map((k) => signedUsd(b[k])), signedUsd(b.total),
  ];
  return {
    id: "flow-levels", title: "Biggest forced-flow levels",
    columns: [
      { header: "price" }, { header: "from spot", align: "right" },
      ...present.map((k) => ({ header: FLOW_SOURCE_NAMES[k], align: "right" as const })), { header: "total", align: "right" },
    ],
    rows: [...buys.reverse().map(row), ...sells.map(row)],
    rowClass: [...buys.map(() => "" as const), ...sells.map(() => "" as const)],
    note: `USD forced to trade while price crosses each ${width * 100}% bucket moving away from spot (+ buy, − sell); the ${top} largest ` +
      `buying buckets above spot, then the ${top} largest selling buckets below. (est.) = ESTIMATED from leverage assumptions.`,
  };
}

/**
 * The price ladder of forced flows around spot, one bucket per row, highest price first (the
 * terminal's view of the map).
 *
 * @param span - how far from spot, fraction (0.1 = ±10%)
 * @example
 * flowLadderTable(model, 0.01, 0.1)!.rows.length; // up to 20
 */
export function flowLadderTable(model: ReportModel, width = 0.01, span = 0.1): ReportTable | null {
  const f = model.flows;
  if (!f) return null;
  const present = FLOW_SOURCES.filter((k) => f.sources[k] !== null);
  const S = f.spot;
  const buckets = flowBuckets(f, width).filter((b) => b.from >= S * (1 - span) - 1e-9 * S && b.to <= S * (1 + span) + 1e-9 * S).reverse();
  const max = Math.max(1e-300, ...buckets.map((b) => Math.abs(b.total)));
  const bar = (x: number) => {
    const n = Math.round((Math.abs(x) / max) * 12);
    return n === 0 ? "" : (x > 0 ? "+" : "−") + "█".repeat(n);
  };
  return {
    id: "flow-ladder", title: `Forced flow by price (USD per ${width * 100}% bucket; + buy, − sell)`,
    columns: [
      { header: "price" }, { header: "from spot", align: "right" },
      ...present.map((k) => ({ header: FLOW_SOURCE_NAMES[k].replace(" (est.)", "*"), align: "right" as const, optional: k !== "dealers" })),
      { header: "total", align: "right" }, { header: "" },
    ],
    rows: buckets.map((b) => [
      `${priceCell(b.from)}–${priceCell(b.to)}`, formatPct(((b.below ? b.from : b.to) / S - 1) * 100, 0),
      ...present.map((k) => signedUsd(b[k])), signedUsd(b.total), bar(b.total),
    ]),
    note: `Each row: what is forced to trade while price crosses that bucket moving away from spot ${priceCell(S)}. ` +
      "* ESTIMATED (leverage is not public; see the assumptions).",
  };
}

/**
 * Basis-trade unwind days up to the map's as-of: a regime in time, not a price level.
 *
 * @example
 * basisRegimeTable(model)?.rows[0]; // ["2026-02-06", "30 d", "+5.70 pp", "-18.50 k (previous day)", "1.281 bn"]
 */
export function basisRegimeTable(model: ReportModel): ReportTable | null {
  const r = model.flows?.basisRegime;
  if (!r) return null;
  const u = model.meta.underlying;
  return {
    id: "basis-regime", title: "Basis-trade unwinds (regime, not a price level)",
    columns: [
      { header: "date" }, { header: "tenor", align: "right" }, { header: "basis change", align: "right" },
      { header: `CME OI change (${u})`, align: "right" }, { header: "spot sold ≤ USD", align: "right" },
    ],
    rows: r.map((d) => [
      d.date, `${d.tenor} d`, `${d.change > 0 ? "+" : ""}${d.change.toFixed(2)} pp`,
      `${scaleAmount(d.cmeOiChange)}${d.cmeOiDay === "previous" ? " (previous day)" : ""}`, scaleAmount(d.spotSoldUsd),
    ]),
    note: r.length === 0 ? "No basis jump with a CME open-interest drop up to the map's as-of date." :
      "A basis jump with CME open interest falling the same or the previous day: basis trades (long spot/ETF, short CME) unwound; " +
        "spot sold at most the OI drop (some of it is outright longs closing).",
  };
}

/**
 * Where shocks come to rest (a model: see the assumptions).
 *
 * @example
 * cascadeTable(model)!.rows[1]; // ["−5%", "69,362", "66,817", "−8.49%", "sell 1.86 bn", "4", ""]
 */
export function cascadeTable(model: ReportModel): ReportTable | null {
  const c = model.flows?.cascade;
  if (!c) return null;
  return {
    id: "cascade", title: "Shock cascades (MODEL)",
    columns: [
      { header: "shock" }, { header: "starts at", align: "right" }, { header: "rests at", align: "right" }, { header: "move", align: "right" },
      { header: "forced flow", align: "right" }, { header: "steps", align: "right" }, { header: "" },
    ],
    rows: c.map((r) => [
      `${r.shock > 0 ? "+" : "−"}${Math.abs(r.shock * 100)}%`, priceCell(r.start), `${r.leftGrid === "below" ? "≤ " : r.leftGrid === "above" ? "≥ " : ""}${priceCell(r.rest)}`,
      formatPct(r.restMove * 100), `${verbUsd(r.flow)} USD`, String(r.path.length - 1),
      r.beyondGrid ? "left the grid" : r.converged ? "" : "not converged",
    ]),
    note: "A shock moves price; the forced flows between the lowest and highest prices reached trade and move it further by flow / depth, " +
      "until nothing new triggers (a move pushed back through spot triggers the other side's flows too). One market depth for the whole path, " +
      "no other traders: a model, not a forecast.",
  };
}
