/**
 * `gexray profile <file>`: dealer gamma, vanna and charm on a price grid, the key levels, the
 * per-expiry split and the hedge per 1% move in underlying, USD and hedge-instrument contracts.
 *
 * Also exports the flag helpers `levels` and `strikes` share (grid, expiry filters, evaluation
 * time, dealer sign).
 *
 * @module
 */
import type { Command } from "commander";
import type { Chain } from "../../data/chain.js";
import type { ExpiryFilter } from "../../exposure/select.js";
import type { GridSpec } from "../../exposure/grid.js";
import type { DealerMode } from "../../exposure/dealer.js";
import type { HedgeFlow, ContractRegistry } from "../../exposure/hedge.js";
import type { Profile, VolModel } from "../../exposure/profile.js";
import { addDataFlags, DATA_FLAGS_HELP, type DataFlags } from "../dataFlags.js";
import { UsageError } from "../errors.js";
import { parseChoice, parseNumber } from "../options.js";

/** Expiry filter, evaluation time and dealer sign flags (profile, levels, strikes). */
export interface SelectionFlags {
  expiry?: string;
  excludeNextExpiry?: boolean;
  excludeExpiringToday?: boolean;
  at?: string;
  daysForward?: string;
  dealer?: string;
}

/** Grid and model flags (profile, levels). */
export interface GridFlags {
  range?: string;
  from?: string;
  to?: string;
  steps?: string;
  logGrid?: boolean;
  volModel?: string;
  threads?: string;
}

/** Flags of `gexray profile`. */
interface ProfileFlags extends DataFlags, SelectionFlags, GridFlags {
  delta?: boolean;
  json?: boolean;
  csv?: boolean;
  out?: string;
}

const DEALERS = ["naive", "short", "long", "column"] as const;
const VOL_MODELS = ["sticky-strike", "sticky-moneyness"] as const;

/**
 * Add --dealer, --expiry, --exclude-next-expiry, --exclude-expiring-today, --at, --days-forward.
 *
 * @example
 * addSelectionFlags(program.command("strikes").argument("<file>"));
 */
export function addSelectionFlags(cmd: Command): Command {
  return cmd
    .option("--dealer <sign>", "dealer side: naive (long calls, short puts), short, long, or column (the file's dealer_position) (default naive)")
    .option("--expiry <date[:date]>", "only expiries on this date, or from:to inclusive (YYYY-MM-DD, in the chain's zone)")
    .option("--exclude-next-expiry", "leave out the nearest expiry still alive at the evaluation time")
    .option("--exclude-expiring-today", "leave out contracts expiring on the evaluation day (chain's zone)")
    .option("--at <time>", "evaluate as of this later time (ISO 8601; a date alone is 16:00 in the chain's zone): options expiring before it drop out")
    .option("--days-forward <days>", "evaluate this many calendar days after the snapshot (instead of --at)");
}

/**
 * Add --range, --from/--to, --steps, --log-grid, --vol-model, --threads.
 *
 * @example
 * addGridFlags(program.command("levels").argument("<file>"));
 */
export function addGridFlags(cmd: Command): Command {
  return cmd
    .option("--range <lo:hi>", "grid range as fractions of spot (default 0.8:1.2)")
    .option("--from <price>", "grid low end as a price (with --to, instead of --range)")
    .option("--to <price>", "grid high end as a price")
    .option("--steps <n>", "grid intervals; the grid has n + 1 prices (default 500)")
    .option("--log-grid", "equal price ratios instead of equal steps")
    .option("--vol-model <model>", "sticky-strike (each contract keeps its IV; default) or sticky-moneyness (smiles move with spot)")
    .option("--threads <n>", "kernel threads (default: all cores for large books)");
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parse `--expiry`: a date, or `from:to` (also `from..to`), YYYY-MM-DD.
 *
 * @throws UsageError naming --expiry
 * @example
 * parseExpiryFlag("2024-01-08:2024-01-19"); // { fromDate: "2024-01-08", toDate: "2024-01-19" }
 */
export function parseExpiryFlag(text: string): ExpiryFilter {
  const t = text.trim();
  const parts = t.includes("..") ? t.split("..") : t.split(":");
  const bad = () => new UsageError(`--expiry must be a date YYYY-MM-DD or a range from:to (got ${JSON.stringify(text)})`);
  if (parts.length === 1) {
    if (!DATE.test(parts[0]!)) throw bad();
    return { fromDate: parts[0]!, toDate: parts[0]! };
  }
  if (parts.length !== 2) throw bad();
  const [a, b] = parts.map((s) => s.trim()) as [string, string];
  if ((a !== "" && !DATE.test(a)) || (b !== "" && !DATE.test(b)) || (a === "" && b === "")) throw bad();
  if (a !== "" && b !== "" && a > b) throw new UsageError(`--expiry range must run forward (got ${JSON.stringify(text)})`);
  const f: ExpiryFilter = {};
  if (a !== "") f.fromDate = a;
  if (b !== "") f.toDate = b;
  return f;
}

/** Parsed selection flags. */
export interface SelectionOptions {
  atMs: number;
  expiry: ExpiryFilter;
  dealer: DealerMode;
}

/**
 * Turn the selection flags into options, given the loaded chain (for its zone and as-of time).
 *
 * @throws UsageError naming the flag: --at and --days-forward together, a time before the snapshot,
 *   an unknown dealer sign
 * @example
 * await selectionFromFlags({ daysForward: "1", dealer: "short" }, chain);
 * // { atMs: chain.asOf.epochMs + 86400000, expiry: {}, dealer: "short" }
 */
export async function selectionFromFlags(flags: SelectionFlags, chain: Chain): Promise<SelectionOptions> {
  const expiry: ExpiryFilter = flags.expiry !== undefined ? parseExpiryFlag(flags.expiry) : {};
  if (flags.excludeNextExpiry) expiry.excludeNextExpiry = true;
  if (flags.excludeExpiringToday) expiry.excludeExpiringToday = true;
  const dealer = flags.dealer === undefined ? "naive" : parseChoice(flags.dealer, "--dealer", DEALERS);
  if (dealer === "column" && chain.position === null) {
    throw new UsageError("--dealer column needs a dealer_position column in the chain file");
  }
  if (flags.at !== undefined && flags.daysForward !== undefined) throw new UsageError("--at and --days-forward are exclusive: give one");
  let atMs = chain.asOf.epochMs;
  if (flags.at !== undefined) {
    const { parseInstant, formatInstant } = await import("../../data/time.js");
    const t = parseInstant(flags.at, "16:00", chain.asOf.zone);
    if (!t) throw new UsageError(`--at must be an ISO 8601 time like 2024-01-12T16:00-05:00 or a date (got ${JSON.stringify(flags.at)})`);
    if (t.epochMs < chain.asOf.epochMs) {
      throw new UsageError(`--at ${flags.at} is before the snapshot (${formatInstant(chain.asOf)})`);
    }
    atMs = t.epochMs;
  } else if (flags.daysForward !== undefined) {
    atMs += parseNumber(flags.daysForward, "--days-forward", { min: 0, max: 36500 }) * 86400_000;
  }
  return { atMs, expiry, dealer };
}

/** Parsed grid flags. */
export interface GridOptions {
  grid: Omit<GridSpec, "spot">;
  volModel: VolModel;
  threads?: number;
}

/**
 * Turn the grid flags into a grid layout and model choice.
 *
 * @throws UsageError naming the flag (bad range, --from without --to, --range with --from)
 * @example
 * gridFromFlags({ range: "0.9:1.1", steps: "200", logGrid: true });
 * // { grid: { range: [0.9, 1.1], steps: 200, log: true }, volModel: "sticky-strike" }
 */
export function gridFromFlags(flags: GridFlags): GridOptions {
  const grid: Omit<GridSpec, "spot"> = {};
  if (flags.range !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
    throw new UsageError("--range and --from/--to are exclusive: give one");
  }
  if (flags.range !== undefined) {
    const parts = flags.range.includes("..") ? flags.range.split("..") : flags.range.split(":");
    if (parts.length !== 2) throw new UsageError(`--range must be lo:hi as fractions of spot, like 0.8:1.2 (got ${JSON.stringify(flags.range)})`);
    const lo = parseNumber(parts[0]!, "--range lower bound", { gt: 0 });
    const hi = parseNumber(parts[1]!, "--range upper bound", { gt: 0 });
    if (!(lo < hi)) throw new UsageError(`--range must have lo < hi (got ${JSON.stringify(flags.range)})`);
    grid.range = [lo, hi];
  }
  if (flags.from !== undefined || flags.to !== undefined) {
    if (flags.from === undefined || flags.to === undefined) throw new UsageError("--from and --to go together: give both");
    grid.from = parseNumber(flags.from, "--from", { gt: 0 });
    grid.to = parseNumber(flags.to, "--to", { gt: 0 });
    if (!(grid.from < grid.to)) throw new UsageError(`--from must be below --to (got ${flags.from} and ${flags.to})`);
  }
  if (flags.steps !== undefined) grid.steps = parseNumber(flags.steps, "--steps", { integer: true, min: 1, max: 1_000_000 });
  if (flags.logGrid) grid.log = true;
  const volModel = flags.volModel === undefined ? "sticky-strike" : parseChoice(flags.volModel, "--vol-model", VOL_MODELS);
  const out: GridOptions = { grid, volModel };
  if (flags.threads !== undefined) out.threads = parseNumber(flags.threads, "--threads", { integer: true, min: 1, max: 256 });
  return out;
}

/**
 * A progress callback that draws a bar on stderr once a run has lasted a second, only when stderr
 * is a terminal; `done()` clears it.
 *
 * @example
 * const bar = progressBar("profile");
 * await computeProfile(chain, { onProgress: bar.update });
 * bar.done();
 */
export function progressBar(label: string): { update: (fraction: number) => void; done: () => void } {
  const start = Date.now();
  const tty = process.stderr.isTTY === true;
  let shown = false;
  let last = -1;
  return {
    update(fraction: number) {
      if (!tty || Date.now() - start < 1000) return;
      const pct = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
      if (pct === last) return;
      last = pct;
      shown = true;
      const width = 30;
      const fill = Math.round((pct / 100) * width);
      process.stderr.write(`\r${label} [${"#".repeat(fill)}${" ".repeat(width - fill)}] ${String(pct).padStart(3)}%`);
    },
    done() {
      if (shown) process.stderr.write("\r\x1b[2K");
    },
  };
}

/**
 * Scale a USD figure for people: bn, mn, k, with 4 significant digits.
 *
 * @example
 * human(-20696248668.85); // "-20.70 bn"
 * human(4400);            // "4.400 k"
 */
export function human(x: number): string {
  const a = Math.abs(x);
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 10 ? v.toFixed(2) : v.toFixed(3));
  if (!Number.isFinite(x)) return String(x);
  if (a >= 1e9) return `${f(x / 1e9)} bn`;
  if (a >= 1e6) return `${f(x / 1e6)} mn`;
  if (a >= 1e3) return `${f(x / 1e3)} k`;
  return a === 0 ? "0" : Number(x.toPrecision(4)).toString();
}

/**
 * The profile as text for people: header, at-spot totals, key levels, hedge per 1% move,
 * per-expiry split and a thinned profile table, every figure with its unit.
 *
 * @param p - the profile
 * @param hedge - hedge flow per +1% move
 * @param registry - the instruments (names and sizes)
 * @example
 * renderProfileText(profile, hedge, registry); // "SPX dealer exposure (naive: …), as of …\n…"
 */
export async function renderProfileText(p: Profile, hedge: HedgeFlow, registry: ContractRegistry): Promise<string> {
  const [{ formatNumber, formatTable }, { formatInstant }] = await Promise.all([import("../../report/table.js"), import("../../data/time.js")]);
  const px = (v: number | null) => (v === null ? "none" : formatNumber(v, 8));
  const dealerText: Record<string, string> = {
    naive: "naive: dealers long calls, short puts", short: "dealers short every contract", long: "dealers long every contract",
    column: "dealer positions from the file",
  };
  const c = p.counts;
  const lines: string[] = [];
  lines.push(`${p.underlying} dealer exposure (${dealerText[p.model.dealer]}), as of ${formatInstant(p.asOf)}` +
    (p.asOf.epochMs !== p.snapshot.epochMs ? ` (snapshot ${formatInstant(p.snapshot)})` : ""));
  lines.push(`spot ${formatNumber(p.spot, 8)} USD; ${c.used} contracts used of ${c.contracts} (${c.expired} expired by then, ${c.filtered} filtered); ` +
    `${p.model.volModel}; grid ${formatNumber(p.grid[0]!, 7)}–${formatNumber(p.grid[p.grid.length - 1]!, 7)}, ${p.grid.length} prices (${p.logGrid ? "log" : "linear"})`);
  lines.push("");
  lines.push("at spot");
  lines.push(`  dollar gamma  ${human(p.atSpot.gamma).padStart(12)}  USD of dealer delta per 1% move`);
  lines.push(`  dollar vanna  ${human(p.atSpot.vanna).padStart(12)}  USD of dealer delta per +1 vol point`);
  lines.push(`  dollar charm  ${human(p.atSpot.charm).padStart(12)}  USD of dealer delta per calendar day`);
  lines.push(`  dealer delta  ${human(p.atSpot.delta).padStart(12)}  USD (${human(p.atSpot.deltaUnderlying)} units of underlying)`);
  lines.push("");
  const L = p.levels;
  lines.push("key levels (USD per unit)");
  lines.push(`  zero gamma        ${px(L.nearestZeroGamma)}${L.zeroGamma.length > 1 ? `  (nearest spot; all ${L.zeroGamma.length}: ${L.zeroGamma.map((z) => formatNumber(z, 7)).join(", ")})` : ""}`);
  lines.push(`  call wall         ${px(L.callWall)}`);
  lines.push(`  put wall          ${px(L.putWall)}`);
  lines.push(`  abs-gamma strike  ${px(L.absGammaStrike)}`);
  lines.push(`  short gamma       ${p.shortGammaZones.length ? p.shortGammaZones.map(([a, b]) => `${formatNumber(a, 7)}–${formatNumber(b, 7)}`).join(", ") : "nowhere on the grid"}`);
  lines.push("");
  const verb = hedge.underlying >= 0 ? "buy" : "sell";
  lines.push(`hedge per +1% move: dealers ${verb} ${human(Math.abs(hedge.underlying))} units of ${p.underlying} (USD ${human(Math.abs(hedge.usd))}); the opposite on a 1% fall`);
  for (const ins of registry.instruments) {
    const n = hedge.contracts[ins.id];
    if (n === undefined) continue;
    lines.push(`  ${ins.id.padEnd(13)} ${formatNumber(Math.abs(n), 6).padStart(12)} contracts  ${ins.name}, ${formatNumber(ins.size, 6)} ${ins.unit} each${ins.verify ? " (size to be verified)" : ""}`);
  }
  lines.push("");
  let text = lines.join("\n") + "\n";
  const shown = p.byExpiry.slice(0, 12);
  text += `by expiry at spot${p.byExpiry.length > shown.length ? ` (first ${shown.length} of ${p.byExpiry.length}; --json for all)` : ""}\n`;
  text += formatTable(
    [
      { header: "expiry", value: (e: Profile["byExpiry"][number]) => e.expiry },
      { header: "contracts", value: (e) => e.contracts, format: (v) => String(v) },
      { header: "open interest", value: (e) => e.openInterest, format: (v) => formatNumber(v, 10) },
      { header: "gamma", value: (e) => human(e.gamma), align: "right" },
      { header: "vanna", value: (e) => human(e.vanna), align: "right" },
      { header: "charm", value: (e) => human(e.charm), align: "right" },
    ],
    shown,
    { footer: ["units: gamma USD per 1% move; vanna USD per +1 vol point; charm USD per day (dealer delta changes); open interest contracts"] },
  );
  const every = Math.max(1, Math.ceil(p.grid.length / 21));
  const idx: number[] = [];
  for (let k = 0; k < p.grid.length; k += every) idx.push(k);
  if (idx[idx.length - 1] !== p.grid.length - 1) idx.push(p.grid.length - 1);
  text += `\nprofile (every ${every}${every === 1 ? "" : "th"} grid price; --csv or --json for all)\n`;
  text += formatTable(
    [
      { header: "price", value: (k: number) => p.grid[k]!, format: (v) => formatNumber(v, 7) },
      { header: "gamma", value: (k) => human(p.gamma[k]!), align: "right" },
      { header: "vanna", value: (k) => human(p.vanna[k]!), align: "right" },
      { header: "charm", value: (k) => human(p.charm[k]!), align: "right" },
    ],
    idx,
    { footer: ["units: price USD per unit; gamma USD per 1% move; vanna USD per +1 vol point; charm USD per day"] },
  );
  return text;
}

/**
 * The profile as CSV: one row per grid price, units in the header names, full precision.
 *
 * @example
 * renderProfileCsv(profile);
 * // "price_usd,gamma_usd_per_1pct,vanna_usd_per_vol_point,charm_usd_per_day\n3757.7921600000004,-50741…\n" (SPX)
 */
export async function renderProfileCsv(p: Profile): Promise<string> {
  const { toCsv } = await import("../../report/csv.js");
  const header = ["price_usd", "gamma_usd_per_1pct", "vanna_usd_per_vol_point", "charm_usd_per_day"];
  if (p.delta) header.push("delta_usd");
  const rows: number[][] = [];
  for (let k = 0; k < p.grid.length; k++) {
    const r = [p.grid[k]!, p.gamma[k]!, p.vanna[k]!, p.charm[k]!];
    if (p.delta) r.push(p.delta[k]!);
    rows.push(r);
  }
  return toCsv(header, rows);
}

const HELP = `
Examples:
  $ gexray profile ../shared/data/real/spx_quotedata_2024-01-07.csv
  $ gexray profile ../shared/data/real/deribit_btc_book_summary_2024-03-12T0557Z.csv --range 0.7:1.3 --json
  $ gexray profile chain.csv --spot 4697.24 --asof 2024-01-05T16:00-05:00 --multiplier 100 \\
      --expiry 2024-01-08:2024-01-19 --exclude-expiring-today --days-forward 2 --csv -o profile.csv
${DATA_FLAGS_HELP}
Conventions: dealer weight = sign × open interest × multiplier (naive: + calls, − puts).
  gamma  USD of dealer delta change per 1% move     Σ W·Γ·S²·0.01
  vanna  USD of dealer delta change per +1 vol point Σ W·vanna·S·0.01
  charm  USD of dealer delta change per calendar day Σ W·charm·S/365
Each contract keeps its IV (sticky strike) and its time to expiry at the evaluation time;
forwards (Deribit) move with spot. Levels: every zero crossing of the gamma profile (nearest spot
flagged), call wall / put wall (largest call / most negative put dealer gamma by strike at spot),
abs-gamma strike. Hedge per +1% move = −dollar gamma: what dealers buy (+) or sell (−) after a 1%
rise, in underlying units, USD and contracts of data/contracts.json's matching instruments.
--json: { asOf, spot, underlying, unit, grid, gamma, vanna, charm, atSpot, levels,
shortGammaZones, byExpiry, hedge: { perPct: { underlying, usd, contracts } }, model, counts }.
`;

/**
 * Load the chain, compute the profile with the flags' options, with a progress bar.
 *
 * @example
 * const { profile } = await runProfile(file, flags);
 */
export async function runProfile(file: string, flags: DataFlags & SelectionFlags & GridFlags & { delta?: boolean }): Promise<{ profile: Profile; chain: Chain }> {
  const { loadOptionsFromFlags } = await import("../dataFlags.js");
  const loadOpts = loadOptionsFromFlags(flags);
  const gridOpts = gridFromFlags(flags);
  const [{ loadChain }, { computeProfile }] = await Promise.all([import("../../data/load.js"), import("../../exposure/profile.js")]);
  const { chain } = await loadChain(file, loadOpts);
  const sel = await selectionFromFlags(flags, chain);
  const bar = progressBar("profile");
  try {
    const profile = await computeProfile(chain, {
      grid: gridOpts.grid, volModel: gridOpts.volModel, dealer: sel.dealer, atMs: sel.atMs, expiry: sel.expiry,
      delta: flags.delta === true, onProgress: bar.update,
      ...(gridOpts.threads !== undefined ? { threads: gridOpts.threads } : {}),
    });
    return { profile, chain };
  } finally {
    bar.done();
  }
}

/**
 * Add `profile` to the program.
 *
 * @example
 * register(program); // gexray profile <file> [--range 0.8:1.2] [--steps 500] [--json|--csv] …
 */
export function register(program: Command): void {
  const cmd = program
    .command("profile")
    .summary("dealer gamma, vanna and charm on a price grid, key levels, hedge per 1% move")
    .description(
      "Compute the dealer gamma, vanna and charm profile of an option chain on a grid of hypothetical spot prices, " +
        "with the totals at spot, every zero-gamma crossing, the walls, the short-gamma zones, the split by expiry and " +
        "the hedge per 1% move in underlying units, USD and futures/option contracts.",
    )
    .argument("<file>", "chain file");
  addGridFlags(addSelectionFlags(addDataFlags(cmd)))
    .option("--delta", "also compute the dealer delta profile (USD)")
    .option("--json", "print JSON (with a unit object)")
    .option("--csv", "print the profile as CSV at full precision")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: ProfileFlags) => {
      const { outputFormat } = await import("../options.js");
      const format = outputFormat(flags);
      const { profile } = await runProfile(file, flags);
      const { emit } = await import("../output.js");
      if (format === "csv") return emit(await renderProfileCsv(profile), flags.out);
      const [{ loadContractRegistry }, { hedgeFlows }] = await Promise.all([import("../../exposure/contracts.js"), import("../../exposure/hedge.js")]);
      const registry = await loadContractRegistry();
      const hedge = hedgeFlows(profile.atSpot.gamma, profile.spot, profile.underlying, registry);
      if (format === "json") {
        const { profileJson } = await import("../../exposure/json.js");
        return emit(JSON.stringify(profileJson(profile, hedge)) + "\n", flags.out);
      }
      return emit(await renderProfileText(profile, hedge, registry), flags.out);
    });
}
