/**
 * Dealer hedge flows: how much underlying dealers trade to stay delta-neutral when spot moves 1%,
 * in underlying units, in USD and in contracts of the hedge instruments that match the underlying
 * (data/contracts.json).
 *
 * Sign convention (pinned): a flow is what dealers **buy** (positive) or **sell** (negative).
 * `hedgeFlows` is the FIRST-ORDER ESTIMATE for a 1% rise (the same size with the opposite sign for
 * a 1% fall); `dealerHedges` adds the exact re-hedges of dealerFlows.ts, which on near-dated books
 * differ from it by a factor of 2 to 20. A rise
 * of 1% changes dealer delta by dollar gamma (USD) = Γ·S²·0.01, i.e. by dollarGamma/S units; dealers
 * trade the opposite to stay flat:
 *
 *   underlying = −dollarGamma / S   (units of underlying)
 *   usd        = −dollarGamma       (USD at spot)
 *   contracts  = underlying / size  (per instrument)
 *
 * Short-gamma dealers (dollarGamma < 0) therefore buy into a rally and sell into a decline.
 *
 * @module
 */
import { InputError } from "../data/errors.js";
import type { DealerFlow, DealerFlows } from "./dealerFlows.js";

/** One hedge instrument of the registry. */
export interface HedgeInstrument {
  /** registry id, e.g. "CME-MBT" */
  id: string;
  /** the venue's product code, e.g. "MBT", "QBTC" (futures codes like MBTG26 start with it) */
  code?: string;
  /** readable name */
  name: string;
  /** exchange or clearing house */
  venue: string;
  /** underlyings it hedges, by chain symbol (BTC, SPX) */
  underlyings?: string[];
  /** classes of underlying it hedges ("equity", "index", "crypto") */
  appliesTo?: string[];
  /** units of the underlying per contract (> 0) */
  size: number;
  /** what a unit is */
  unit: string;
  /** where the size comes from */
  source: string;
  /** the size is reported but not checked against the venue's specification */
  verify: boolean;
}

/** The hedge-instrument registry (data/contracts.json). */
export interface ContractRegistry {
  /** underlying symbol → class ("crypto", "index"); anything absent is "equity" */
  classes: Record<string, string>;
  instruments: HedgeInstrument[];
}

/** Hedge flow per 1% rise in spot (see the module note for the sign). */
export interface HedgeFlow {
  /** units of underlying dealers buy (+) or sell (−) after a 1% rise */
  underlying: number;
  /** the same in USD at spot */
  usd: number;
  /** the same in contracts of each matching instrument, by registry id */
  contracts: Record<string, number>;
}

/**
 * The instruments of `registry` that hedge `underlying`: listed for it by name, or for its class.
 *
 * @param registry - the registry
 * @param underlying - chain symbol (case-insensitive)
 * @example
 * hedgeInstruments(registry, "BTC").map((i) => i.id);
 * // ["CME-BTC", "CME-MBT", "CDE-BTC-NANO", "CME-QBTC"]
 */
export function hedgeInstruments(registry: ContractRegistry, underlying: string): HedgeInstrument[] {
  const u = underlying.toUpperCase();
  const cls = registry.classes[u] ?? "equity";
  return registry.instruments.filter(
    (ins) => (ins.underlyings ?? []).some((x) => x.toUpperCase() === u) || (ins.appliesTo ?? []).includes(cls),
  );
}

/**
 * Dealer hedge flow for a 1% rise in spot.
 *
 * @param dollarGamma - dealer dollar gamma at spot, USD of delta change per 1% move
 * @param spot - spot, USD per unit of underlying (> 0)
 * @param underlying - chain symbol, to pick the instruments
 * @param registry - hedge instruments; omit for no contract conversion
 * @returns the flow in underlying units, USD and instrument contracts (positive = dealers buy)
 * @throws RangeError when spot is not finite and > 0 or dollarGamma is not finite
 * @example
 * hedgeFlows(-7.2e8, 72000, "BTC", registry);
 * // { underlying: 10000, usd: 720000000, contracts: { "CME-BTC": 2000, "CME-MBT": 100000, … } }
 */
export function hedgeFlows(dollarGamma: number, spot: number, underlying: string, registry?: ContractRegistry): HedgeFlow {
  if (!(spot > 0) || !Number.isFinite(spot)) throw new RangeError(`spot must be a finite number > 0 (got ${spot})`);
  if (!Number.isFinite(dollarGamma)) throw new RangeError(`dollar gamma must be finite (got ${dollarGamma})`);
  // usd is −dollarGamma itself, not (−dollarGamma/S)·S rounded twice
  return { ...hedgeAt(-dollarGamma / spot, spot, underlying, registry), usd: -dollarGamma + 0 };
}

/**
 * A trade of `units` of underlying at `price`, in underlying units, USD and contracts of each
 * matching hedge instrument.
 *
 * @param units - units of underlying bought (+) or sold (−)
 * @param price - the price the trade is valued at, USD per unit (> 0)
 * @param underlying - chain symbol, to pick the instruments
 * @param registry - hedge instruments; omit for no contract conversion
 * @throws RangeError when price is not finite and > 0 or units is not finite
 * @example
 * hedgeAt(1610653.68, 4744.21, "SPX", registry).contracts["CME-ES"]; // 32213.0736 (ES = 50 × index)
 */
export function hedgeAt(units: number, price: number, underlying: string, registry?: ContractRegistry): HedgeFlow {
  if (!(price > 0) || !Number.isFinite(price)) throw new RangeError(`price must be a finite number > 0 (got ${price})`);
  if (!Number.isFinite(units)) throw new RangeError(`units must be finite (got ${units})`);
  const contracts: Record<string, number> = {};
  if (registry) for (const ins of hedgeInstruments(registry, underlying)) contracts[ins.id] = units / ins.size + 0;
  return { underlying: units + 0, usd: units * price + 0, contracts };
}

/**
 * The dealer hedges a profile reports: the first-order estimate per 1% move and the exact
 * re-hedging flows (see dealerFlows.ts), each in underlying units, USD (at the price the flow
 * trades at) and contracts.
 */
export interface DealerHedges {
  /** FIRST-ORDER ESTIMATE −Γ·ΔS for a +1% move (−dollarGamma/S units, USD at spot); the opposite for −1% */
  perPct: HedgeFlow;
  /** exact: after spot rises 1%, USD at 1.01 × spot */
  up1pct: HedgeFlow;
  /** exact: after spot falls 1%, USD at 0.99 × spot */
  down1pct: HedgeFlow;
  /** exact: after implied vols rise one point, USD at spot */
  volUp1pt: HedgeFlow;
  /** exact: over the next calendar day (expiries passing drop out), USD at spot */
  nextDay: HedgeFlow;
}

/**
 * Every dealer hedge of a profile (first-order and exact), with contract conversions.
 *
 * @param p - the profile's spot, underlying, at-spot dollar gamma and exact flows
 * @param registry - hedge instruments; omit for no contract conversion
 * @example
 * const h = dealerHedges(profile, registry); // SPX 2024-01-07
 * h.perPct.underlying;   // 4406044.36 (first-order, dealers buy after +1%)
 * h.up1pct.underlying;   // 1610653.6785480878 (exact; usd at 1.01 × spot)
 * h.down1pct.underlying; // -6973190.675422405 (exact; usd at 0.99 × spot)
 */
export function dealerHedges(
  p: { spot: number; underlying: string; atSpot: { gamma: number }; flows: DealerFlows },
  registry?: ContractRegistry,
): DealerHedges {
  const at = (f: DealerFlow) => hedgeAt(f.underlying, f.price, p.underlying, registry);
  return {
    perPct: hedgeFlows(p.atSpot.gamma, p.spot, p.underlying, registry),
    up1pct: at(p.flows.up1pct),
    down1pct: at(p.flows.down1pct),
    volUp1pt: at(p.flows.volUp1pt),
    nextDay: at(p.flows.nextDay),
  };
}

/**
 * Validate a parsed registry document.
 *
 * @param doc - the parsed JSON
 * @param file - file name for messages
 * @throws InputError naming the file and the field (`instruments[3].size`) when the document is
 *   not a registry: missing fields, a size that is not a finite number > 0, a duplicate id
 * @example
 * parseContractRegistry(JSON.parse(text), "data/contracts.json").instruments.length; // 16
 */
export function parseContractRegistry(doc: unknown, file: string): ContractRegistry {
  const fail = (field: string, reason: string): never => {
    throw new InputError(reason, { file, field });
  };
  if (typeof doc !== "object" || doc === null) fail("(root)", "must be a JSON object");
  const d = doc as { classes?: unknown; instruments?: unknown };
  const classes: Record<string, string> = {};
  if (d.classes !== undefined) {
    if (typeof d.classes !== "object" || d.classes === null) fail("classes", "must be an object of symbol → class");
    for (const [k, v] of Object.entries(d.classes as Record<string, unknown>)) {
      if (typeof v !== "string") fail(`classes.${k}`, "must be a string");
      classes[k.toUpperCase()] = v as string;
    }
  }
  if (!Array.isArray(d.instruments)) fail("instruments", "must be an array");
  const seen = new Set<string>();
  const instruments = (d.instruments as unknown[]).map((raw, i): HedgeInstrument => {
    const at = `instruments[${i}]`;
    if (typeof raw !== "object" || raw === null) fail(at, "must be an object");
    const r = raw as Record<string, unknown>;
    const str = (k: string): string => (typeof r[k] === "string" && r[k] !== "" ? (r[k] as string) : fail(`${at}.${k}`, "must be a non-empty string"));
    const list = (k: string): string[] | undefined => {
      if (r[k] === undefined) return undefined;
      if (!Array.isArray(r[k]) || !(r[k] as unknown[]).every((x) => typeof x === "string")) fail(`${at}.${k}`, "must be an array of strings");
      return r[k] as string[];
    };
    const id = str("id");
    if (seen.has(id)) fail(`${at}.id`, `duplicate id ${JSON.stringify(id)}`);
    seen.add(id);
    const size = r.size;
    if (typeof size !== "number" || !(size > 0) || !Number.isFinite(size)) fail(`${at}.size`, `must be a finite number > 0 (got ${JSON.stringify(size)})`);
    const underlyings = list("underlyings");
    const appliesTo = list("appliesTo");
    if (underlyings === undefined && appliesTo === undefined) fail(at, "needs underlyings or appliesTo");
    if (r.verify !== undefined && typeof r.verify !== "boolean") fail(`${at}.verify`, "must be true or false");
    const ins: HedgeInstrument = {
      id, name: str("name"), venue: str("venue"), size: size as number, unit: str("unit"), source: str("source"),
      verify: r.verify === true,
    };
    if (r.code !== undefined) ins.code = str("code");
    if (underlyings) ins.underlyings = underlyings;
    if (appliesTo) ins.appliesTo = appliesTo;
    return ins;
  });
  return { classes, instruments };
}
