/**
 * Loaders for the venues' maintenance-margin tier files, in the shapes their APIs return (numbers
 * or numeric strings accepted everywhere):
 *
 * | shape | where it comes from | brackets by |
 * |---|---|---|
 * | `binance-leverageBracket` | Binance USDⓈ-M `GET /fapi/v1/leverageBracket`: `[{symbol, notionalCoef?, brackets: [{bracket, initialLeverage, notionalCap, notionalFloor, maintMarginRatio, cum}]}]` (or one such object) | notional |
 * | `ccxt` | ccxt `fetchLeverageTiers` saved as JSON, keyed by unified symbol: `{"BTC/USDT:USDT": [{tier, minNotional, maxNotional, maintenanceMarginRate, maxLeverage, info: {…raw bracket…}}]}` (freqtrade's `binance_leverage_tiers.json`) | notional |
 * | `bybit-risk-limit` | Bybit `GET /v5/market/risk-limit`: `{result: {list: [{id, symbol, riskLimitValue, maintenanceMargin, initialMargin, maxLeverage, mmDeduction}]}, time}` (or the bare list) | notional |
 * | `okx-position-tiers` | OKX `GET /api/v5/public/position-tiers`: `{data: [{instFamily, uly, tier, minSz, maxSz, mmr, imr, maxLever}]}` (or the bare list) | contracts |
 * | `hyperliquid-meta` | Hyperliquid `POST /info {"type":"meta"}`: `{universe: [{name, maxLeverage, marginTableId}], marginTables: [[id, {marginTiers: [{lowerBound, maxLeverage}]}]]}` (or `metaAndAssetCtxs`' `[meta, ctxs]`) | notional |
 *
 * Decisions:
 * - **Maintenance amount**: the file's own (`cum`, `info.cum`, `mmDeduction`) when it has one,
 *   checked against the recursion (a disagreement is a warning, the file's value is kept: it is what
 *   the venue computes with); computed by the recursion when absent (ccxt without `info.cum`, an
 *   empty `mmDeduction`, Hyperliquid); 0 for OKX, which has none.
 * - **Bybit rates**: the v5 docs' example writes `maintenanceMargin: "0.5", initialMargin: "1"` (percent)
 *   while live responses and the testnet sample in docs/forced-flows.md §3.2 write 0.005 / 0.01
 *   (decimals). The unit is decided from the file itself: initialMargin × maxLeverage ≈ 1 means
 *   decimals, ≈ 100 percent; anything else is refused.
 * - **Hyperliquid**: maintenance rate = half the initial margin rate at the tier's maximum leverage,
 *   `1 / (2 × maxLeverage)` (hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers); a coin
 *   whose `marginTableId` is not in `marginTables` has one tier: leverage = the id when below 50
 *   ("for IDs less than 50, there is a single tier with max leverage equal to the ID"), else its `maxLeverage`.
 * - **As-of**: the envelope's `time` or `ts` (ms; Bybit and OKX responses carry one), else a
 *   `YYYY-MM-DD` in the file name, else null (and the report says "as of: unknown").
 * - **Symbol**: `symbol` in the venue's spelling (`BTCUSDT`, OKX `BTC-USDT`, Hyperliquid `BTC`) or
 *   ccxt's (`BTC/USDT:USDT`); they are compared without separators and settlement suffix. A file
 *   with one symbol needs none.
 *
 * @module
 */
import { InputError } from "./errors.js";
import { readInputFile } from "./priceHistory.js";
import { checkTiers, maintenanceAmounts, type MaintenanceTier, type TierTable, type TierVenue } from "./tierTable.js";

/** Options of {@link parseTierFile}. */
export interface TierFileOptions {
  /** the symbol to read (see the module note); required when the file holds several */
  symbol?: string;
  /** the venue the caller expects; a file of another venue's shape is refused (ccxt files are any venue's) */
  venue?: TierVenue;
}

/** A tier table with the non-fatal things the loader noticed. */
export interface LoadedTiers {
  table: TierTable;
  /** e.g. a maintenance amount that disagrees with the recursion */
  warnings: string[];
}

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (x: Json): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * A symbol reduced for comparison: upper case, settlement suffix (`:USDT`), `-SWAP` and
 * separators removed. `BTC/USDT:USDT`, `BTCUSDT` and `BTC-USDT-SWAP` all become `BTCUSDT`.
 *
 * @example
 * symbolKey("BTC/USDT:USDT"); // "BTCUSDT"
 * symbolKey("BTC-USDT");      // "BTCUSDT"
 */
export function symbolKey(symbol: string): string {
  return symbol.trim().toUpperCase().replace(/:[A-Z0-9]+$/, "").replace(/-SWAP$/, "").replace(/[^A-Z0-9]/g, "");
}

/** A number from a number or numeric string; NaN otherwise. */
function num(x: Json): number {
  if (typeof x === "number") return x;
  if (typeof x === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(x)) return Number(x);
  return NaN;
}

/** "YYYY-MM-DD" found in a file name, or null. */
function dateInName(file: string): string | null {
  const m = /(\d{4})-(\d{2})-(\d{2})/.exec(file.replace(/^.*[\\/]/, ""));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** As-of from an envelope's ms time, else the file name. */
function asOfOf(doc: Json, file: string): string | null {
  if (isObj(doc)) {
    for (const k of ["time", "ts"]) {
      const t = num(doc[k]);
      if (t > 1e12 && t < 1e14) return new Date(t).toISOString();
    }
  }
  return dateInName(file);
}

/** Which shape a parsed document has, or undefined. */
function detectShape(doc: Json): TierTable["format"] | undefined {
  const arr = Array.isArray(doc) ? doc : undefined;
  if (arr && arr.length > 0 && isObj(arr[0]) && Array.isArray(arr[0].brackets)) return "binance-leverageBracket";
  if (isObj(doc) && Array.isArray(doc.brackets)) return "binance-leverageBracket";
  if (isObj(doc) && Array.isArray(doc.universe) && Array.isArray(doc.marginTables)) return "hyperliquid-meta";
  if (arr && arr.length >= 1 && isObj(arr[0]) && Array.isArray(arr[0].universe)) return "hyperliquid-meta";
  const list = isObj(doc) && isObj(doc.result) && Array.isArray(doc.result.list) ? doc.result.list : isObj(doc) && Array.isArray(doc.data) ? doc.data : arr;
  if (list && list.length > 0 && isObj(list[0])) {
    if ("riskLimitValue" in list[0]) return "bybit-risk-limit";
    if ("minSz" in list[0] && "mmr" in list[0]) return "okx-position-tiers";
  }
  if (isObj(doc)) {
    const v = Object.values(doc);
    if (v.length > 0 && v.every((x) => Array.isArray(x)) && v.some((x) => (x as Json[]).length > 0 && isObj((x as Json[])[0]) && "maintenanceMarginRate" in ((x as Json[])[0] as Obj))) return "ccxt";
  }
  return undefined;
}

/** The venue a shape belongs to (ccxt: decided by the caller or the raw `info`). */
function shapeVenue(format: TierTable["format"]): TierVenue | undefined {
  switch (format) {
    case "binance-leverageBracket": return "binance";
    case "bybit-risk-limit": return "bybit";
    case "okx-position-tiers": return "okx";
    case "hyperliquid-meta": return "hyperliquid";
    default: return undefined;
  }
}

/** Pick the entry for `symbol` among candidates, or the only one. */
function pick<T>(file: string, items: Array<{ symbol: string; value: T }>, symbol: string | undefined, what: string): { symbol: string; value: T } {
  if (items.length === 0) throw new InputError(`no ${what} in the file`, { file });
  if (symbol === undefined) {
    const distinct = [...new Set(items.map((i) => i.symbol))];
    if (distinct.length === 1) return items[0]!;
    throw new InputError(`the file holds ${distinct.length} symbols (${distinct.slice(0, 6).join(", ")}${distinct.length > 6 ? ", …" : ""}): give --symbol`, { file });
  }
  const key = symbolKey(symbol);
  const hit = items.find((i) => symbolKey(i.symbol) === key) ?? items.find((i) => symbolKey(i.symbol) === key.replace(/USDC?$/, ""));
  if (!hit) {
    const some = [...new Set(items.map((i) => i.symbol))].slice(0, 6).join(", ");
    throw new InputError(`symbol ${symbol} is not in the file (it has ${some}${items.length > 6 ? ", …" : ""})`, { file });
  }
  return hit;
}

/** A required positive-or-zero finite number of a record, or an InputError naming the path. */
function field(file: string, rec: Obj, key: string, path: string, rule: "≥ 0" | "> 0" | "any" = "≥ 0"): number {
  const v = num(rec[key]);
  const ok = rule === "any" ? Number.isFinite(v) : rule === "> 0" ? v > 0 && Number.isFinite(v) : v >= 0 && Number.isFinite(v);
  if (!ok) throw new InputError(`must be a number ${rule === "any" ? "" : rule + " "}(got ${JSON.stringify(rec[key] ?? null)})`, { file, field: `${path}.${key}` });
  return v;
}

/** Parse the brackets of one symbol of a Binance leverageBracket document. */
function binanceTiers(file: string, brackets: Json[], path: string): MaintenanceTier[] {
  return brackets.map((b, i) => {
    const at = `${path}.brackets[${i}]`;
    if (!isObj(b)) throw new InputError(`${at} must be an object`, { file, field: at });
    const lev = field(file, b, "initialLeverage", at, "> 0");
    const cum = b.cum === undefined ? NaN : field(file, b, "cum", at);
    return {
      tier: b.bracket === undefined ? i + 1 : field(file, b, "bracket", at, "> 0"),
      floor: field(file, b, "notionalFloor", at), cap: field(file, b, "notionalCap", at, "> 0"),
      mmr: field(file, b, "maintMarginRatio", at), cum, imr: 1 / lev, maxLeverage: lev,
    };
  });
}

/** Parse one symbol's tiers of a ccxt leverage-tiers document. */
function ccxtTiers(file: string, tiers: Json[], path: string): MaintenanceTier[] {
  return tiers.map((t, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(t)) throw new InputError(`${at} must be an object`, { file, field: at });
    const lev = field(file, t, "maxLeverage", at, "> 0");
    const info = isObj(t.info) ? t.info : undefined;
    const cum = info && info.cum !== undefined ? field(file, info, "cum", `${at}.info`) : NaN;
    const cap = t.maxNotional === null || t.maxNotional === undefined ? Infinity : field(file, t, "maxNotional", at, "> 0");
    return {
      tier: t.tier === undefined ? i + 1 : field(file, t, "tier", at, "> 0"),
      floor: field(file, t, "minNotional", at), cap, mmr: field(file, t, "maintenanceMarginRate", at), cum, imr: 1 / lev, maxLeverage: lev,
    };
  });
}

/** Parse a Bybit risk-limit list of one symbol (floors = previous caps). */
function bybitTiers(file: string, rows: Obj[], path: string): { tiers: MaintenanceTier[]; percent: boolean } {
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => num(a.r.riskLimitValue) - num(b.r.riskLimitValue));
  const raw = sorted.map(({ r, i }) => {
    const at = `${path}[${i}]`;
    const lev = field(file, r, "maxLeverage", at, "> 0");
    const ded = r.mmDeduction === undefined || r.mmDeduction === "" || r.mmDeduction === null ? NaN : field(file, r, "mmDeduction", at);
    return { at, id: r.id === undefined ? i + 1 : field(file, r, "id", at, "> 0"), cap: field(file, r, "riskLimitValue", at, "> 0"), mm: field(file, r, "maintenanceMargin", at), im: field(file, r, "initialMargin", at, "> 0"), lev, ded };
  });
  // decimals or percent, from the file itself (see the module note)
  const products = raw.map((t) => t.im * t.lev);
  const percent = products.every((p) => Math.abs(p / 100 - 1) < 0.02);
  if (!percent && !products.every((p) => Math.abs(p - 1) < 0.02)) {
    const bad = raw.find((t) => Math.abs(t.im * t.lev - 1) >= 0.02)!;
    throw new InputError(`${bad.at}: initialMargin × maxLeverage is ${Number((bad.im * bad.lev).toPrecision(6))}, neither ≈ 1 (decimal rates) nor ≈ 100 (percent): cannot tell the rates' unit`, { file, field: `${bad.at}.initialMargin` });
  }
  const scale = percent ? 0.01 : 1;
  const tiers = raw.map((t, k) => ({
    tier: t.id, floor: k === 0 ? 0 : raw[k - 1]!.cap, cap: t.cap, mmr: t.mm * scale, cum: t.ded, imr: t.im * scale, maxLeverage: t.lev,
  }));
  return { tiers, percent };
}

/** Parse OKX position tiers of one instrument family (contracts). */
function okxTiers(file: string, rows: Obj[], path: string): MaintenanceTier[] {
  const t = rows.map((r, i) => {
    const at = `${path}[${i}]`;
    const lev = field(file, r, "maxLever", at, "> 0");
    const imr = r.imr === undefined || r.imr === "" ? 1 / lev : field(file, r, "imr", at, "> 0");
    return { tier: r.tier === undefined ? i + 1 : field(file, r, "tier", at, "> 0"), floor: field(file, r, "minSz", at), cap: field(file, r, "maxSz", at, "> 0"), mmr: field(file, r, "mmr", at), cum: 0, imr, maxLeverage: lev };
  });
  t.sort((a, b) => a.floor - b.floor);
  // OKX floors are "minSz" of a bracket that starts after the previous maxSz (0–1000, 1001–2000 …):
  // the brackets are contiguous in whole contracts; store the floor as the previous cap
  for (let k = 1; k < t.length; k++) if (t[k]!.floor > t[k - 1]!.cap && t[k]!.floor - t[k - 1]!.cap <= 1) t[k]!.floor = t[k - 1]!.cap;
  return t;
}

/** Hyperliquid tiers of one coin from `meta`. */
function hyperliquidTiers(file: string, meta: Obj, coin: Obj, path: string): MaintenanceTier[] {
  const tables = meta.marginTables as Json[];
  const id = coin.marginTableId;
  const entry = tables.find((t) => Array.isArray(t) && num(t[0]) === num(id));
  let tiers: Array<{ lowerBound: number; maxLeverage: number }>;
  if (entry && isObj((entry as Json[])[1]) && Array.isArray(((entry as Json[])[1] as Obj).marginTiers)) {
    const list = ((entry as Json[])[1] as Obj).marginTiers as Json[];
    tiers = list.map((t, i) => {
      const at = `marginTables[id ${String(id)}].marginTiers[${i}]`;
      if (!isObj(t)) throw new InputError(`${at} must be an object`, { file, field: at });
      return { lowerBound: field(file, t, "lowerBound", at), maxLeverage: field(file, t, "maxLeverage", at, "> 0") };
    });
  } else {
    // "For IDs less than 50, there is a single tier with max leverage equal to the ID" (docs)
    const single = num(id) > 0 && num(id) < 50 ? num(id) : field(file, coin, "maxLeverage", path, "> 0");
    tiers = [{ lowerBound: 0, maxLeverage: single }];
  }
  tiers.sort((a, b) => a.lowerBound - b.lowerBound);
  return tiers.map((t, k) => ({
    tier: k + 1, floor: t.lowerBound, cap: k + 1 < tiers.length ? tiers[k + 1]!.lowerBound : Infinity,
    mmr: 1 / (2 * t.maxLeverage), cum: NaN, imr: 1 / t.maxLeverage, maxLeverage: t.maxLeverage,
  }));
}

/**
 * Parse a tier file's text (see the module note for the shapes and decisions).
 *
 * @param text - the file's contents (JSON)
 * @param file - name used in messages; a `YYYY-MM-DD` in it is the as-of when the JSON has no time
 * @param opts - the symbol, and the venue expected
 * @throws InputError naming the file (and the JSON path of a bad field): not JSON, an unknown
 *   shape, a venue other than the one expected, a missing or unknown symbol, a field that is not a
 *   number, brackets that are not contiguous or whose rates decrease
 * @example
 * const { table } = parseTierFile(text, "data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json", { symbol: "BTCUSDT" });
 * table.asOf;                         // "2024-10-24"
 * table.tiers[1];                     // { tier: 2, floor: 50000, cap: 600000, mmr: 0.005, cum: 50, imr: 0.01, maxLeverage: 100 }
 */
export function parseTierFile(text: string, file: string, opts: TierFileOptions = {}): LoadedTiers {
  let doc: Json;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message);
    const line = pos ? text.slice(0, Number(pos[1])).split("\n").length : undefined;
    throw new InputError(`not valid JSON: ${(err as Error).message}`, line === undefined ? { file } : { file, line });
  }
  const format = detectShape(doc);
  if (format === undefined) {
    throw new InputError(
      "unknown tier-file shape: expected Binance leverageBracket, ccxt leverage tiers keyed like BTC/USDT:USDT, " +
        "Bybit v5 risk-limit, OKX position-tiers or Hyperliquid meta JSON",
      { file },
    );
  }
  const warnings: string[] = [];
  let venue: TierVenue | undefined = shapeVenue(format);
  let symbol: string;
  let tiers: MaintenanceTier[];
  let measure: TierTable["measure"] = "notional";
  switch (format) {
    case "binance-leverageBracket": {
      const arr = (Array.isArray(doc) ? doc : [doc]) as Json[];
      const items = arr.map((e, i) => {
        if (!isObj(e) || !Array.isArray(e.brackets)) throw new InputError(`[${i}] must be an object with brackets`, { file, field: `[${i}]` });
        return { symbol: typeof e.symbol === "string" ? e.symbol : "?", value: { brackets: e.brackets as Json[], path: `[${i}]` } };
      });
      const hit = pick(file, items, opts.symbol, "symbol");
      symbol = hit.symbol;
      tiers = binanceTiers(file, hit.value.brackets, hit.value.path);
      break;
    }
    case "ccxt": {
      const items = Object.entries(doc as Obj).map(([k, v]) => ({ symbol: k, value: v as Json[] }));
      const hit = pick(file, items, opts.symbol, "symbol");
      symbol = hit.symbol;
      tiers = ccxtTiers(file, hit.value, JSON.stringify(symbol));
      venue = opts.venue ?? (hit.value.some((t) => isObj(t) && isObj(t.info) && "maintMarginRatio" in t.info) ? "binance" : undefined);
      if (venue === undefined) throw new InputError("a ccxt tier file does not say its venue: give --venue", { file });
      break;
    }
    case "bybit-risk-limit": {
      const list = (isObj(doc) && isObj(doc.result) ? doc.result.list : Array.isArray(doc) ? doc : []) as Json[];
      const rows = list.filter(isObj);
      const hit = pick(file, rows.map((r) => ({ symbol: typeof r.symbol === "string" ? r.symbol : "?", value: r })), opts.symbol, "risk-limit row");
      symbol = hit.symbol;
      const mine = rows.filter((r) => r.symbol === symbol);
      const parsed = bybitTiers(file, mine, "result.list");
      tiers = parsed.tiers;
      if (parsed.percent) warnings.push("maintenanceMargin and initialMargin read as percent (initialMargin × maxLeverage ≈ 100)");
      break;
    }
    case "okx-position-tiers": {
      const list = (isObj(doc) && Array.isArray(doc.data) ? doc.data : doc) as Json[];
      const rows = list.filter(isObj);
      const name = (r: Obj) => String(r.instFamily || r.uly || r.instId || "?");
      const hit = pick(file, rows.map((r) => ({ symbol: name(r), value: r })), opts.symbol, "position-tier row");
      symbol = hit.symbol;
      tiers = okxTiers(file, rows.filter((r) => name(r) === symbol), "data");
      measure = "contracts";
      break;
    }
    case "hyperliquid-meta": {
      const meta = (Array.isArray(doc) ? doc[0] : doc) as Obj;
      if (!Array.isArray(meta.marginTables)) throw new InputError("Hyperliquid meta without marginTables (request {\"type\":\"meta\"})", { file });
      const coins = (meta.universe as Json[]).filter(isObj);
      const hit = pick(file, coins.map((c) => ({ symbol: typeof c.name === "string" ? c.name : "?", value: c })), opts.symbol, "coin");
      symbol = hit.symbol;
      tiers = hyperliquidTiers(file, meta, hit.value, `universe[${coins.indexOf(hit.value)}]`);
      break;
    }
    default:
      throw new InputError(`unsupported shape ${format}`, { file });
  }
  if (opts.venue !== undefined && venue !== opts.venue) {
    throw new InputError(`this is a ${venue} tier file (${format}), not ${opts.venue}'s`, { file });
  }
  tiers.sort((a, b) => a.floor - b.floor);
  // fill missing maintenance amounts by the recursion; check given ones
  const rec = maintenanceAmounts(tiers);
  const given = tiers.map((t) => t.cum);
  tiers.forEach((t, k) => {
    if (!Number.isFinite(t.cum)) t.cum = rec[k]!;
  });
  // OKX charges its tier's rate on the whole position: no deduction to check against the recursion
  const problems = checkTiers(tiers, format !== "okx-position-tiers");
  const cumProblems = problems.filter((p) => p.includes("maintenance amount"));
  const fatal = problems.filter((p) => !p.includes("maintenance amount"));
  if (fatal.length > 0) throw new InputError(`${symbol}: ${fatal[0]}`, { file });
  if (cumProblems.length > 0 && given.some(Number.isFinite)) warnings.push(...cumProblems.map((p) => `${symbol} ${p}; the file's value is used`));
  return { table: { venue: venue!, symbol, format, asOf: asOfOf(doc, file), source: file, measure, tiers }, warnings };
}

/**
 * Read and parse a tier file ({@link parseTierFile}).
 *
 * @throws InputError when the file cannot be read or used
 * @example
 * const { table } = await loadTierFile("data/tiers/binance_leverageBracket_BTCUSDT_2024-10-24.json");
 * table.tiers.length; // 12
 */
export async function loadTierFile(file: string, opts: TierFileOptions = {}): Promise<LoadedTiers> {
  return parseTierFile(await readInputFile(file), file, opts);
}
