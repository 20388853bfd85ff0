/**
 * The report's content as renderer-neutral tables and key–value lists, built once from a
 * {@link ReportModel} so that the terminal, Markdown and HTML reports say exactly the same thing:
 * every figure formatted for people with its unit in the column header or the row.
 *
 * @module
 */
import { distancePct, formatPct, formatPrice, groupThousands, priceText, scaleAmount, usdPer } from "./format.js";
import type { ReportFlow, ReportMeta, ReportModel } from "./model.js";

/**
 * A table: headers, alignment per column, rows of text, an optional note under it.
 *
 * @example
 * const t: ReportTable = { id: "levels", title: "Key levels", columns: [{ header: "level" }], rows: [["call wall"]] };
 */
export interface ReportTable {
  /** stable id (HTML anchor, tests) */
  id: string;
  title: string;
  /** `optional` columns may be left out where space is short (the terminal), last first */
  columns: ReadonlyArray<{ header: string; align?: "left" | "right"; optional?: boolean }>;
  rows: string[][];
  /** per-row emphasis: "strong" (nearest zero gamma, spot row), "muted", or none */
  rowClass?: Array<"strong" | "muted" | "">;
  /** a line under the table: units, what was left out */
  note?: string;
}

/** A labelled value. */
export interface ReportItem {
  label: string;
  value: string;
  /** unit or explanation shown after the value */
  unit?: string;
}

/**
 * How many of the file's contracts the profile uses, and why the others are out: the load's
 * exclusions (expired at the snapshot, zero open interest, bad IV, unreadable) plus the profile's
 * (expired by the evaluation time, left out by an expiry filter); zero counts are not listed.
 *
 * @example
 * contractAccounting({ used: 14980, contracts: 14980, expired: 0, filtered: 0,
 *   load: { rows: 10519, contracts: 21038, used: 14980, excluded: { expired: 446, zeroOpenInterest: 5226, badIv: 386, invalid: 0 } } });
 * // "14,980 of 21,038 contracts in the file used (446 expired, 5,226 zero open interest, 386 bad IV)"
 */
export function contractAccounting(src: Pick<ReportMeta["source"], "used" | "contracts" | "expired" | "filtered" | "load">): string {
  const n = (x: number) => groupThousands(String(x));
  const x = src.load?.excluded;
  const parts: Array<[number, string]> = [
    [(x?.expired ?? 0) + src.expired, "expired"], [x?.zeroOpenInterest ?? 0, "zero open interest"], [x?.badIv ?? 0, "bad IV"],
    [x?.invalid ?? 0, "unreadable"], [src.filtered, "filtered out"],
  ];
  const why = parts.filter(([k]) => k > 0).map(([k, w]) => `${n(k)} ${w}`).join(", ");
  const total = src.load ? src.load.contracts : src.contracts;
  return `${n(src.used)} of ${n(total)} contracts ${src.load ? "in the file " : ""}used${why ? ` (${why})` : ""}`;
}

/**
 * Price text for levels: whole numbers from 10,000 (BTC), one decimal from 1,000 (index points),
 * two below (ETF shares), trailing zeros dropped; "none" for null.
 *
 * @example
 * priceCell(76794.455); // "76,794"
 * priceCell(4734.18);   // "4,734.2"
 * priceCell(41.471);    // "41.47"
 */
export function priceCell(x: number | null): string {
  return x === null ? "none" : priceText(x);
}

/** Price text at full report precision (2 decimals). */
function priceExact(x: number | null): string {
  return x === null ? "none" : formatPrice(x, 2);
}

/**
 * The header facts: underlying, as-of, spot, source, conventions.
 *
 * @example
 * headerItems(model)[0]; // { label: "underlying", value: "BTC" }
 */
export function headerItems(model: ReportModel): ReportItem[] {
  const m = model.meta;
  const c = m.conventions;
  const items: ReportItem[] = [
    { label: "underlying", value: m.underlying },
    { label: "as of", value: m.asOf, unit: m.asOf === m.snapshot ? undefined : `evaluation time; snapshot ${m.snapshot}` } as ReportItem,
    { label: "spot", value: priceExact(m.spot), unit: usdPer(m.underlying) },
    { label: "chain", value: m.source.file, unit: `${m.source.format ?? "?"}; ${contractAccounting(m.source)}` },
    { label: "convention", value: c.conventionText },
    { label: "dealer sign", value: c.dealerText },
    { label: "vol model", value: c.volModel, unit: c.volModel === "sticky-strike" ? "each contract keeps its IV as spot moves" : "each smile moves with spot" },
    { label: "rate, dividend", value: `${pctText(c.rate)}, ${pctText(c.dividend)}`, unit: m.source.format === "deribit" ? "continuous; Black-76 on each expiry's forward" : "continuous" },
    { label: "grid", value: `${priceCell(c.grid.lo)} – ${priceCell(c.grid.hi)}`, unit: `${c.grid.points} prices, ${c.grid.spacing}` },
  ];
  if (model.mapping) {
    items.push({ label: "mapping", value: `1 ${model.mapping.from} = ${model.mapping.ratio} ${model.mapping.to}`, unit: `${model.mapping.from} prices shown on the ${model.mapping.to} grid as price / ${model.mapping.ratio}` });
  }
  return items.map((i) => (i.unit === undefined ? { label: i.label, value: i.value } : i));
}

function pctText(x: number): string {
  return x === 0 ? "0" : `${Number((x * 100).toPrecision(6))}%`;
}

/**
 * The totals at spot and the dealers' hedges: the exact re-hedges after ±1%, +1 vol point and one
 * day, then the first-order estimate −Γ·ΔS, labelled as such.
 *
 * @example
 * atSpotItems(model)[0]; // { label: "dollar gamma", value: "-58.82 mn", unit: "USD of dealer delta per 1% move" }
 * atSpotItems(model)[4]; // { label: "re-hedge after +1%", value: "buy 715.5 BTC", unit: "52.76 mn USD at 73,743 (exact)" }
 */
export function atSpotItems(model: ReportModel): ReportItem[] {
  const a = model.atSpot;
  const u = model.meta.underlying;
  const h = model.hedge;
  const verb = (x: number) => (x > 0 ? "buy" : x < 0 ? "sell" : "trade");
  const trade = (x: number) => `${verb(x)} ${scaleAmount(Math.abs(x))} ${u}`;
  const exact = (label: string, f: ReportFlow, where: string): ReportItem => ({
    label, value: trade(f.underlying), unit: `${scaleAmount(Math.abs(f.usd))} USD ${where} (exact)`,
  });
  const f = h.firstOrder;
  return [
    {
      label: "dollar gamma", value: scaleAmount(a.gamma),
      unit: `USD of dealer delta per 1% move${model.meta.conventions.vendorGammaContracts > 0 ? " (the file's Gamma column)" : ""}`,
    },
    { label: "dollar vanna", value: scaleAmount(a.vanna), unit: "USD of dealer delta per +1 vol point" },
    { label: "dollar charm", value: scaleAmount(a.charm), unit: `USD of dealer delta ${model.meta.conventions.charmUnit}` },
    { label: "dealer delta", value: scaleAmount(a.delta), unit: `USD (${scaleAmount(a.deltaUnderlying)} ${u}) held through options` },
    exact("re-hedge after +1%", h.up1pct, `at ${priceCell(h.up1pct.price)}`),
    exact("re-hedge after −1%", h.down1pct, `at ${priceCell(h.down1pct.price)}`),
    exact("re-hedge, vols +1 pt", h.volUp1pt, "at spot"),
    exact("re-hedge, next day", h.nextDay, "at spot; expiries passing drop out"),
    {
      label: "first-order per +1%", value: trade(f.underlying),
      unit: `${scaleAmount(Math.abs(f.usd))} USD; ESTIMATE −Γ·ΔS, the opposite after −1%${a.gamma < 0 ? " (short gamma: dealers chase the move)" : a.gamma > 0 ? " (long gamma: dealers lean against the move)" : ""}`,
    },
  ];
}

/**
 * The key-levels table: every zero crossing (nearest spot flagged), walls, absolute-gamma strike,
 * short-gamma zones, and with notes the combined (dealers + issuers) crossings.
 *
 * @example
 * levelsTable(model).rows[0]; // ["zero gamma (nearest spot)", "76,794", "+5.18%", "dealer gamma changes sign"]
 */
export function levelsTable(model: ReportModel): ReportTable {
  const spot = model.meta.spot;
  const L = model.levels;
  const rows: string[][] = [];
  const cls: Array<"strong" | "muted" | ""> = [];
  const dist = (x: number | null) => (x === null ? "" : formatPct(distancePct(x, spot)));
  if (L.zeroGamma.length === 0) {
    rows.push(["zero gamma", "none", "", "profile keeps one sign on grid"]);
    cls.push("");
  }
  for (const z of L.zeroGamma) {
    const flagged = z === L.flip;
    rows.push([flagged ? `zero gamma (${L.flipRule})` : "zero gamma", priceCell(z), dist(z), "dealer gamma changes sign"]);
    cls.push(flagged ? "strong" : "");
  }
  rows.push(["call wall", priceCell(L.callWall), dist(L.callWall), "largest call dealer gamma"]);
  rows.push(["put wall", priceCell(L.putWall), dist(L.putWall), "most negative put dealer gamma"]);
  rows.push(["absolute-gamma strike", priceCell(L.absGammaStrike), dist(L.absGammaStrike), "largest |call| + |put| gamma"]);
  cls.push("", "", "");
  const lo = model.meta.conventions.grid.lo;
  const hi = model.meta.conventions.grid.hi;
  if (model.shortGammaZones.length === 0) {
    rows.push(["short gamma zone", "none", "", "dealers long gamma on the grid"]);
    cls.push("");
  }
  for (const [a, b] of model.shortGammaZones) {
    const span = `${a <= lo ? "≤ " : ""}${priceCell(a)} – ${b >= hi ? "≥ " : ""}${priceCell(b)}`;
    const inside = spot >= a && spot <= b;
    const d1 = (x: number) => formatPct(distancePct(x, spot), 1);
    rows.push(["short gamma zone", span, `${d1(a)} to ${d1(b)}`, inside ? "spot inside; hedges add to moves" : "dealer hedges add to moves"]);
    cls.push(inside ? "strong" : "");
  }
  const o = model.notesOverlay;
  if (o) {
    if (o.combinedZeroGamma.length === 0) {
      rows.push(["zero gamma, dealers + issuers", "none", "", "note issuers' hedges added"]);
      cls.push("");
    }
    for (const z of o.combinedZeroGamma) {
      rows.push(["zero gamma, dealers + issuers", priceCell(z), dist(z), "note issuers' hedges added"]);
      cls.push("");
    }
  }
  return {
    id: "levels", title: "Key levels",
    columns: [{ header: "level" }, { header: `price (USD)`, align: "right" }, { header: "from spot", align: "right" }, { header: "meaning" }],
    rows, rowClass: cls,
    note: `Prices in ${usdPer(model.meta.underlying)}; from spot = level / spot − 1. A zone end at the grid's edge (≤, ≥) means at least that far.`,
  };
}

/**
 * The exact re-hedges after ±1% in contracts of the instruments that match the underlying, with
 * the first-order estimate beside them.
 *
 * @example
 * hedgeTable(model).rows[0]; // ["CME-BTC", "CME Bitcoin futures (BTC)", "5 BTC", "+143.1", "-179.3", "+161.1"]
 */
export function hedgeTable(model: ReportModel): ReportTable {
  const rows = model.hedge.instruments.map((i) => [
    i.id, i.name, Number.isFinite(i.size) ? `${i.size} ${i.unit}${i.verify ? " (to verify)" : ""}` : "",
    signed(i.up1pct), signed(i.down1pct), signed(i.firstOrder),
  ]);
  return {
    id: "hedge", title: "Dealer re-hedge after a 1% move, in contracts",
    columns: [
      { header: "instrument" }, { header: "name" }, { header: "size" },
      { header: "after +1%", align: "right" }, { header: "after −1%", align: "right" }, { header: "1st order", align: "right" },
    ],
    rows,
    note: rows.length === 0 ? `No hedge instrument in data/contracts.json matches ${model.meta.underlying}.` :
      "Contracts dealers buy (+) or sell (−) to stay delta-neutral after the move, exact: −(delta after − delta before). " +
        "1st order = the estimate −Γ·ΔS for +1% (the opposite for −1%), which misses how gamma changes inside the move.",
  };
}

function signed(x: number): string {
  const s = scaleAmount(x);
  return x > 0 ? `+${s}` : s;
}

/**
 * Dealer exposures per expiry at spot.
 *
 * @example
 * expiryTable(model).columns.map((c) => c.header); // ["expiry", "contracts", "open interest", "gamma", "vanna", "charm"]
 */
export function expiryTable(model: ReportModel): ReportTable {
  return {
    id: "expiries", title: "By expiry, at spot",
    columns: [
      { header: "expiry" }, { header: "contracts", align: "right", optional: true }, { header: "open interest", align: "right" },
      { header: "gamma", align: "right" }, { header: "vanna", align: "right" }, { header: "charm", align: "right" },
    ],
    rows: model.byExpiry.map((e) => [e.expiry, String(e.contracts), formatPrice(e.openInterest, 1), scaleAmount(e.gamma), scaleAmount(e.vanna), scaleAmount(e.charm)]),
    note: `gamma USD of dealer delta per 1% move; vanna per +1 vol point; charm ${model.meta.conventions.charmUnit}; open interest in contracts.`,
  };
}

/**
 * Per-strike dealer exposures at spot, for the strikes nearest spot; walls and the strike nearest
 * spot are flagged.
 *
 * @example
 * strikesTable(model).columns[0].header; // "strike"
 */
export function strikesTable(model: ReportModel): ReportTable {
  const L = model.levels;
  const spot = model.meta.spot;
  let nearest = -1;
  model.strikes.forEach((r, i) => {
    if (nearest < 0 || Math.abs(r.strike - spot) < Math.abs(model.strikes[nearest]!.strike - spot)) nearest = i;
  });
  const rows: string[][] = [];
  const cls: Array<"strong" | "muted" | ""> = [];
  model.strikes.forEach((r, i) => {
    const flags: string[] = [];
    if (r.strike === L.callWall) flags.push("call wall");
    if (r.strike === L.putWall) flags.push("put wall");
    if (r.strike === L.absGammaStrike) flags.push("abs gamma");
    if (i === nearest) flags.push("≈ spot");
    rows.push([
      priceCell(r.strike), formatPrice(r.callOpenInterest, 1), formatPrice(r.putOpenInterest, 1),
      scaleAmount(r.callGamma), scaleAmount(r.putGamma), scaleAmount(r.netGamma), scaleAmount(r.vanna), flags.join(", "),
    ]);
    cls.push(flags.length > 0 ? "strong" : "");
  });
  return {
    id: "strikes", title: `Strikes around spot (${model.strikes.length} nearest of ${model.strikeCount})`,
    columns: [
      { header: "strike" , align: "right" }, { header: "call OI", align: "right" }, { header: "put OI", align: "right" },
      { header: "call gamma", align: "right" }, { header: "put gamma", align: "right" }, { header: "net gamma", align: "right" },
      { header: "vanna", align: "right", optional: true }, { header: "" },
    ],
    rows, rowClass: cls,
    note: "Sums over every expiry at spot. OI in contracts; gamma USD of dealer delta per 1% move; vanna per +1 vol point.",
  };
}

/**
 * Barrier clusters: live ones ranked by the hedge a breach now would force the issuers to sell,
 * then breached ones.
 *
 * @param model - the model (null when there are no notes)
 * @param limit - at most this many rows (all by default)
 * @example
 * clustersTable(model)?.rows[0][1]; // "38.06–39.16"
 */
export function clustersTable(model: ReportModel, limit = Infinity): ReportTable | null {
  const c = model.clusters;
  const n = model.notes;
  if (!c || !n) return null;
  const u = n.underlying;
  const g = model.meta.underlying;
  const shown = c.rows.slice(0, limit);
  const rows = shown.map((r) => [
    r.breached ? "breached" : "live",
    r.lo === r.hi ? formatPrice(r.lo) : `${formatPrice(r.lo)}–${formatPrice(r.hi)}`,
    r.centerOnGrid === null ? "n/a" : priceCell(r.centerOnGrid),
    formatPct(r.distancePct, 1),
    String(r.count),
    scaleAmount(r.notional),
    scaleAmount(r.unwindShares),
    scaleAmount(r.unwindUsd),
    r.firstObservation ?? "",
  ]);
  return {
    id: "clusters", title: `Barrier clusters (${u} notes)`,
    columns: [
      { header: "state" }, { header: `barriers (${u})`, align: "right" }, { header: `center (${g})`, align: "right" },
      { header: "from spot", align: "right" }, { header: "notes", align: "right", optional: true }, { header: "notional", align: "right" },
      { header: "unwind sh", align: "right", optional: true }, { header: "unwind USD", align: "right" }, { header: "first obs.", optional: true },
    ],
    rows,
    rowClass: shown.map((r) => (r.breached ? "muted" : "")),
    note: `${c.method}, tolerance ${Number((c.tolerance * 100).toPrecision(6))}%. Barriers in USD per ${u} share; center = notional-weighted, ` +
      `on the ${g} grid through the mapping; notional USD; unwind = shares of ${u} the issuers trade if the cluster is breached ` +
      `(− = sold), USD at the barriers; breached clusters show the unwind their knock-in forced.` +
      (shown.length < c.rows.length ? ` ${c.rows.length - shown.length} more cluster(s) in the HTML/JSON report.` : ""),
  };
}

/**
 * The note book, one row per note.
 *
 * @example
 * notesTable(model)?.rows.length; // 49
 */
export function notesTable(model: ReportModel): ReportTable | null {
  const n = model.notes;
  if (!n) return null;
  const g = model.meta.underlying;
  const num = (x: number | null, d: number) => (x === null ? "n/a" : x.toFixed(d));
  return {
    id: "notes", title: `Structured notes on ${n.underlying} (${n.rows.length})`,
    columns: [
      { header: "id" }, { header: "issuer" }, { header: "obs." }, { header: "barrier", align: "right" }, { header: `on ${g}`, align: "right" },
      { header: "from spot", align: "right" }, { header: "status" }, { header: "engine", optional: true }, { header: "notional", align: "right" },
      { header: "vol", align: "right" }, { header: "delta", align: "right" }, { header: "hedge sh", align: "right" }, { header: "unwind sh", align: "right" },
      { header: "unwind USD", align: "right" },
    ],
    rows: n.rows.map((r) => [
      r.id, r.issuer, r.observation, formatPrice(r.barrierLevel), r.barrierOnGrid === null ? "n/a" : priceCell(r.barrierOnGrid),
      formatPct(r.distancePct, 1), r.status + (r.statusDate && r.status !== "alive" ? ` ${r.statusDate}` : ""), r.engine ?? "",
      scaleAmount(r.notionalUsd), `${(r.vol * 100).toFixed(1)}%`, num(r.delta, 3), scaleAmount(r.hedgeShares), scaleAmount(r.knockInUnwindShares), scaleAmount(r.knockInUnwindUsd),
    ]),
    rowClass: n.rows.map((r) => (r.status === "alive" || r.status === "breached-intraday" ? "" : "muted")),
    note: `Barrier USD per ${n.underlying} share (on ${g}: through the mapping); notional USD; delta = the issuer's embedded options per ` +
      `share-equivalent (the knock-in put, less coupons and the autocall's part for notes priced whole); hedge = shares the issuer holds ` +
      `(−delta × notional / initial); unwind = hedge change if the barrier were breached now (− = sold), USD at the barrier. ` +
      `Engine = what priced the note at spot: closed-form, exact (discrete induction on every remaining close), bgk, lattice (whole note), ` +
      `vanilla (knocked in); daily unwinds come from the exact engine.`,
  };
}

/**
 * The notes priced whole (coupons, autocall): the issuer's hedge split into the put's, the
 * coupons' and the autocall's parts; null when there are none.
 *
 * @example
 * notePartsTable(model)?.rows[0][0]; // "SYN-RBC-250919-A"
 */
export function notePartsTable(model: ReportModel): ReportTable | null {
  const n = model.notes;
  if (!n) return null;
  const whole = n.rows.filter((r) => r.engine === "lattice" && r.parts !== null);
  if (whole.length === 0) return null;
  return {
    id: "note-parts", title: `Notes priced whole: the issuer's hedge by part (${n.underlying} shares)`,
    columns: [{ header: "id" }, { header: "put", align: "right" }, { header: "coupons", align: "right" }, { header: "autocall", align: "right" }, { header: "hedge sh", align: "right" }],
    rows: whole.map((r) => [r.id, scaleAmount(r.parts!.put.hedgeShares), scaleAmount(r.parts!.coupons.hedgeShares), scaleAmount(r.parts!.autocall.hedgeShares), scaleAmount(r.hedgeShares)]),
    note: "The issuer is short the note: long the knock-in put (as if the note could not be called), short the coupons it owes, and " +
      "the autocall's part (the put a call cancels, the principal repaid early); the parts' hedges add up to the note's.",
  };
}

/**
 * The notes' totals and their gamma on the dealer grid, as items.
 *
 * @example
 * notesItems(model)?.[0].label; // "notes"
 */
export function notesItems(model: ReportModel): ReportItem[] | null {
  const n = model.notes;
  if (!n) return null;
  const t = n.totals;
  const by = Object.entries(t.byStatus).filter(([, s]) => s.count > 0).map(([k, s]) => `${k} ${s.count}`).join(", ");
  const items: ReportItem[] = [
    { label: "notes", value: `${n.rows.length} on ${n.underlying}`, unit: `${by}; ${n.file}${n.historyFile ? `, closes ${n.historyFile}` : ""}` },
    { label: `${n.underlying} spot`, value: n.spot === null ? "n/a" : formatPrice(n.spot, 2), unit: model.mapping ? `USD per share: ${model.meta.underlying} spot × ${model.mapping.ratio}` : "USD per share" },
    { label: "vol", value: n.vol.source === "chain" ? "chain surface" : `${((n.vol.value ?? NaN) * 100).toFixed(1)}%`, unit: n.vol.source === "chain" ? "the chain's SVI surface at each barrier's moneyness, for its remaining life" : "every note" },
    { label: "pricing engines", value: String(Object.keys(t.engines).length), unit: `notes per engine at spot: ${Object.entries(t.engines).map(([k, c]) => `${k} ${c}`).join(", ")}` },
    { label: "notional with a put", value: scaleAmount(t.notionalUsd), unit: `USD (${t.count} alive, breached-intraday or knocked-in notes)` },
    { label: "issuers' hedge", value: scaleAmount(t.hedgeShares), unit: `${n.underlying} shares (${scaleAmount(t.hedgeUsd)} USD)` },
    { label: "issuers' dollar gamma", value: scaleAmount(t.dollarGamma), unit: "USD per 1% move (long gamma: they sell rallies, buy dips)" },
    { label: "unwind if all break", value: scaleAmount(t.knockInUnwindShares), unit: `${n.underlying} shares (${scaleAmount(t.knockInUnwindUsd)} USD at the barriers) if every live barrier were breached now` },
  ];
  const o = model.notesOverlay;
  if (o && o.skipped.length > 0) {
    items.push({ label: "not on the grid", value: String(o.skipped.length), unit: o.skipped.map((s) => `${s.id} (${s.reason})`).join(", ") });
  }
  return items;
}

/**
 * The methodology footer, as paragraphs.
 *
 * @example
 * methodology(model)[0].startsWith("Dealer sign"); // true
 */
export function methodology(model: ReportModel): string[] {
  const c = model.meta.conventions;
  const out = [
    c.dealer === "expression"
      ? `Dealer position: ${c.dealerText}. Each contract weighs that position × multiplier.`
      : `Dealer sign: ${c.dealerText}. Each contract weighs sign × open interest × multiplier.`,
    "Dollar gamma Σ W·Γ·S²·0.01 is the USD change of dealer delta for a 1% move; dollar vanna Σ W·vanna·S·0.01 per +1 vol point; " +
      "dollar charm Σ W·charm·S/365 per calendar day. Greeks are Black–Scholes–Merton, or Black-76 on the venue's forward (Deribit), " +
      "with respect to spot.",
    `Profile: the same sums at each hypothetical spot on the grid (${c.grid.points} prices, ${c.grid.spacing}); ${c.volModel === "sticky-strike" ? "each contract keeps its implied vol (sticky strike)" : "each smile moves with spot (sticky moneyness)"} and its time to expiry; forwards move with spot. ` +
      "Time to expiry is calendar time from the as-of instant (Deribit 08:00 UTC; US options 16:00 New York); expired contracts are excluded and counted.",
    `Levels: every zero crossing of the gamma profile, interpolated, with the ${model.levels.flipRule === "first crossing" ? "first" : "one nearest spot"} flagged; call wall = strike with the largest call dealer gamma at spot, ` +
      "put wall = the most negative put dealer gamma, absolute-gamma strike = the largest |call| + |put|. Re-hedges are exact: −(dealer delta after − before), every contract repriced after the move (±1%), after IVs rise one point, or one day on (expiries passing drop out); the first-order estimate per 1% move = −dollar gamma, which misses how gamma changes inside the move.",
  ];
  if (c.convention === "perfiliev") {
    out.push(
      `Convention: ${c.conventionText}. This reproduces the open-source GEX tools built on Sergei Perfiliev's method ` +
        "(perfiliev.co.uk; e.g. phammings/SPX500-Gamma-Exposure-Calculator, Luca-Castelli/Index-Gamma): time to expiry in business days, " +
        `a ${c.grid.points}-point grid, the total at spot from the file's Gamma column (${c.vendorGammaContracts} contracts; the rest from the model), ` +
        `charm ${c.charmUnit}. The time-to-expiry paragraph above is gexray's own convention, not this one.`,
    );
  }
  const s = model.surface;
  if (s) {
    const svi = s.slices.filter((x) => x.method === "svi").length;
    out.push(
      `Volatility surface: per expiry, raw SVI fitted by ${s.weighting === "vega" ? "vega" : "open-interest"}-weighted least squares on total variance to the ` +
        `out-of-the-money quotes (${svi} of ${s.slices.length} expiries; the others a monotone interpolation of the quotes, with the reason in the surface table); ` +
        "total variance linear in time between expiries. Butterfly arbitrage: Gatheral–Jacquier's g(k) < 0 on the quoted range; calendar: total variance falling " +
        "with maturity at fixed log-moneyness where both expiries are quoted. Sticky-moneyness profiles and the notes' vols read this surface.",
    );
  }
  if (model.notes) {
    out.push(
      `Notes: each term sheet's embedded down-and-in put (the issuer is long it and hedges with the underlying), fixed at the final valuation ` +
        `close: closed forms for final and continuous observation, exact backward induction on every remaining weekday close for daily ` +
        `observation when few remain or spot is near the barrier (and for every unwind), the Broadie–Glasserman–Kou shift elsewhere; notes ` +
        `with coupons or autocalls priced whole on an event lattice. At the chain's as-of instant; status from ${model.notes.historyFile ? "the price history's closes and " : ""}the spot. ` +
        `The issuers' gamma is added on the same grid${model.mapping ? ` through 1 ${model.mapping.from} = ${model.mapping.ratio} ${model.mapping.to} (dollar gamma is the same in both units)` : ""}. ` +
        "Clusters group barriers by single linkage on relative gaps.",
    );
  }
  out.push(`Made by ${model.meta.generator}. Figures are model outputs from open interest, not positions: dealers' true positions are not public.`);
  return out;
}
