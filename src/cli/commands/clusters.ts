/**
 * `gexray clusters <notes.csv>`: knock-in barriers that sit close together, weighted by notional and
 * ranked by the hedge a breach forces the issuers to sell; with `--project`, the barriers continued
 * issuance would add along a price path, beside the existing ones.
 *
 * Method (notes/clusters.ts): single linkage on relative gaps — sorted barriers a ≤ b are in one
 * cluster when b ≤ a·(1 + tolerance), chained. Deterministic, independent of file order, every note
 * in exactly one cluster, and a larger tolerance only merges clusters.
 *
 * @module
 */
import type { Command } from "commander";
import type { NoteTerms } from "../../data/noteTerms.js";
import type { BarrierCluster, ClusterResult } from "../../notes/clusters.js";
import type { PricePath } from "../../notes/project.js";
import { UsageError } from "../errors.js";
import { parseChoice, parseDecimalOrPercent, parseNumber } from "../options.js";
import { addNoteMarketFlags, loadNoteContext, marketLine, millions, volJson, type NoteContext, type NoteMarketFlags } from "./notes.js";

/** Flags of `gexray clusters`. */
interface ClusterFlags extends NoteMarketFlags {
  tolerance?: string;
  minNotional?: string;
  project?: boolean;
  path?: string;
  horizon?: string;
  issuance?: string;
  notional?: string;
  barrierPct?: string;
  observation?: string;
  tenor?: string;
  from?: string;
}

/** Default relative gap of the single linkage: 2%. */
export const DEFAULT_TOLERANCE = 0.02;

/**
 * A USD amount: `25000000`, `25,000,000`, `$25M`, `25m`, `1.5bn`, `500k`.
 *
 * @throws UsageError naming the flag
 * @example
 * parseUsd("$25M", "--notional"); // 25000000
 */
export function parseUsd(text: string, flag: string): number {
  const m = /^\s*\$?\s*([0-9][0-9,]*(?:\.\d+)?|\.\d+)\s*(k|m|mm|mn|b|bn)?\s*$/i.exec(text);
  const scale = { k: 1e3, m: 1e6, mm: 1e6, mn: 1e6, b: 1e9, bn: 1e9 } as const;
  const body = m?.[1]?.replace(/,/g, "");
  const x = m && body !== undefined && /^(\d+(\.\d*)?|\.\d+)$/.test(body) && (!m[1]!.includes(",") || /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(m[1]!))
    ? Number(body) * (m[2] ? scale[m[2].toLowerCase() as keyof typeof scale] : 1) : NaN;
  if (!(x >= 0) || !Number.isFinite(x)) throw new UsageError(`${flag} must be a USD amount like 25000000, $25M or 1.5bn (got ${JSON.stringify(text)})`);
  return x;
}

/**
 * A horizon in calendar days: `30d`, `4w`, `30`.
 *
 * @throws UsageError naming the flag
 * @example
 * parseHorizonDays("4w"); // 28
 */
export function parseHorizonDays(text: string, flag = "--horizon"): number {
  const m = /^\s*(\d+)\s*(d|w)?\s*$/i.exec(text);
  const n = m ? Number(m[1]) * (m[2]?.toLowerCase() === "w" ? 7 : 1) : NaN;
  if (!(n >= 1) || !Number.isInteger(n) || n > 3650) throw new UsageError(`${flag} must be whole days or weeks like 30d or 4w, at most 3650 days (got ${JSON.stringify(text)})`);
  return n;
}

/**
 * A tenor in months: `24m`, `2y`, `18`.
 *
 * @throws UsageError naming the flag
 * @example
 * parseTenorMonths("2y"); // 24
 */
export function parseTenorMonths(text: string, flag = "--tenor"): number {
  const m = /^\s*(\d+)\s*(m|y)?\s*$/i.exec(text);
  const n = m ? Number(m[1]) * (m[2]?.toLowerCase() === "y" ? 12 : 1) : NaN;
  if (!(n >= 1) || !Number.isInteger(n) || n > 360) throw new UsageError(`${flag} must be whole months or years like 24m or 2y (got ${JSON.stringify(text)})`);
  return n;
}

/**
 * A barrier in percent points of the initial level, like term sheets write it: `70` or `70%` is
 * 0.7. A bare number in (0, 1] is rejected as ambiguous.
 *
 * @throws UsageError naming the flag
 * @example
 * parseBarrierPct("70%"); // 0.7
 */
export function parseBarrierPct(text: string, flag = "--barrier-pct"): number {
  const t = text.trim();
  const body = t.endsWith("%") ? t.slice(0, -1) : t;
  const x = parseNumber(body, flag, { gt: 0, lt: 100 });
  if (!t.endsWith("%") && x <= 1) throw new UsageError(`${flag} is in percent points: ${t} is ambiguous (write ${Number((x * 100).toPrecision(12))} for ${Number((x * 100).toPrecision(12))}%, or ${t}% for ${t}%)`);
  return x / 100;
}

/** The n-th smallest of a sorted copy: the median (lower of the two middles for an even count). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]!;
}

/** What `clusters --json` prints under `projection`. */
export interface ProjectionJson {
  path: { source: string; from: string; to: string; closes: number; lastClose: number };
  issuance: { frequency: string; notionalUsd: number; barrierPct: number; observation: string; tenorMonths: number; start: string };
  notes: { id: string; pricingDate: string; initialLevel: number; barrierLevel: number; notionalUsd: number; observation: string; maturity: string }[];
  /** the hypothetical notes' clusters: live, breached along the path, hidden */
  clusters: BarrierCluster[];
  breached: BarrierCluster[];
  hidden: ClusterResult["hidden"];
  /** existing and hypothetical notes clustered together */
  combined: Pick<ClusterResult, "clusters" | "breached" | "hidden">;
}

/** What `gexray clusters --json` prints. */
export interface ClustersJson extends ClusterResult {
  file: string;
  underlying: string;
  asOf: string;
  spot: number | null;
  vol: ReturnType<typeof volJson>;
  rate: number;
  tolerance: number;
  minNotional: number;
  method: string;
  projection?: ProjectionJson;
  warnings: string[];
  units: Record<string, string>;
}

const METHOD = "single linkage on relative gaps: sorted barriers a ≤ b share a cluster when b ≤ a·(1 + tolerance), chained";

const UNITS: Record<string, string> = {
  lo: "USD per share (lowest barrier)", hi: "USD per share (highest barrier)", center: "USD per share, notional-weighted mean barrier",
  notional: "USD", unwindShares: "shares of underlying: signed change of the issuers' hedge at the breach, negative = sold (live: if breached now; breached: when it happened)",
  unwindUsd: "USD at each note's barrier", distancePct: "percent: (center / spot − 1) × 100",
  firstObservation: "live: first date a breach could knock a note in; breached: first knock-in date", lastObservation: "live: latest maturity; breached: last knock-in date",
};

const HELP = `
Examples:
  $ gexray clusters data/ibit_notes_sample.csv --prices data/ibit_history_2025-09_2026-02.csv \\
      --asof 2026-02-03
  $ gexray clusters data/ibit_notes_sample.csv --prices data/ibit_history_2025-09_2026-02.csv \\
      --tolerance 1% --json
  $ gexray clusters data/ibit_notes_sample.csv --prices data/ibit_history_2025-09_2026-02.csv \\
      --project --path -10% --horizon 30d --issuance weekly --notional 25M --barrier-pct 70

Method: single linkage on relative gaps: sorted barriers a ≤ b share a cluster when
b ≤ a·(1 + tolerance), chained. Deterministic, independent of file order, every note in exactly one
cluster (an isolated barrier is a cluster of one), and a larger tolerance only merges clusters. A
cluster can span more than the tolerance when barriers are spaced just inside it (lo, hi show it).

Live clusters hold the barriers of alive notes, ranked by the hedge a breach now would force the
issuers to sell (gexray notes --help for the unwind definition); knocked-in notes are listed apart
with the unwind their breach forced at the knock-in close. Autocalled, matured and pending notes
have no barrier left.

--project: hypothetical notes priced along --path (a closes file, or a move like -10% from the spot
spread evenly over --horizon, weekdays only), one per --issuance date (weekly or monthly) from
--from (default: the day after the book's last pricing date, or the path's start if later), each
with --notional (default: the book's median) and a barrier at --barrier-pct of the close (default:
the book's median), --observation (default final), --tenor (default 24m). Everything is then
evaluated as of the path's end (existing notes on --prices continued by the path), and the
hypothetical clusters are shown beside the existing ones and combined.

Units: lo, hi, center USD per share (center notional-weighted); dist % = center / spot − 1;
notional USD; unwind in shares of the underlying (− = sold) and USD at each barrier; first/last obs
are dates (New York). --json adds a units object.
Exit codes: 0 success; 1 internal error; 2 bad input or usage (one line on stderr).
`;

/**
 * Add `clusters` to the program.
 *
 * @example
 * register(program); // gexray clusters --help
 */
export function register(program: Command): void {
  addNoteMarketFlags(
    program
      .command("clusters")
      .summary("barrier clusters of structured notes, ranked by the forced hedge unwind a breach causes; projected barriers")
      .description(
        "Group the knock-in barriers of a term-sheet CSV that sit within a relative tolerance of each other, weighted by " +
          "notional and ranked by the hedge a breach would force the issuers to sell. With --project, add the barriers " +
          "that continued issuance along a price path would create.",
      )
      .argument("<notes.csv>", "term sheets (as for gexray notes)"),
  )
    .option("--tolerance <gap>", "relative gap that links neighbouring barriers, decimal or percent (default 2%)")
    .option("--min-notional <usd>", "list only clusters with at least this notional, e.g. 50M (the rest are counted)")
    .option("--project", "add hypothetical notes issued along a price path (see below)")
    .option("--path <file|move>", "--project: a closes file, or a move from spot like -10%")
    .option("--horizon <days>", "--project with a move: calendar days like 30d or 4w (default 30d)")
    .option("--issuance <freq>", "--project: weekly or monthly (default weekly)")
    .option("--notional <usd>", "--project: notional per note, e.g. 25M (default: the book's median)")
    .option("--barrier-pct <pct>", "--project: barrier, percent of the close, e.g. 70 (default: the book's median)")
    .option("--observation <obs>", "--project: final, daily or continuous (default final)")
    .option("--tenor <months>", "--project: months to maturity like 24m or 2y (default 24m)")
    .option("--from <date>", "--project: first issuance date (default: the day after the book's last pricing date)")
    .addHelpText("after", HELP)
    .action(async (file: string, flags: ClusterFlags) => {
      const tolerance = flags.tolerance === undefined ? DEFAULT_TOLERANCE : parseDecimalOrPercent(flags.tolerance, "--tolerance", { min: 0, max: 1 });
      const minNotional = flags.minNotional === undefined ? 0 : parseUsd(flags.minNotional, "--min-notional");
      const projectOnly = ["path", "horizon", "issuance", "notional", "barrierPct", "observation", "tenor", "from"] as const;
      if (!flags.project) {
        const given = projectOnly.filter((k) => flags[k] !== undefined);
        if (given.length > 0) throw new UsageError(`--${given[0]!.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} needs --project`);
      } else if (flags.path === undefined) {
        throw new UsageError("--project needs --path (a closes file, or a move like -10%)");
      }
      const ctx = await loadNoteContext(file, flags);
      const [{ terminalOptions }, { fitLines }] = await Promise.all([import("../terminal.js"), import("../../report/wrap.js")]);
      const width = flags.out === undefined ? terminalOptions(flags).width : Infinity;
      const projection = flags.project ? await prepareProjection(ctx, flags) : undefined;
      const [{ bookExposure }, { barrierClusters }, { formatInstant }, { formatTable }] = await Promise.all([
        import("../../notes/exposure.js"), import("../../notes/clusters.js"), import("../../data/time.js"), import("../../report/table.js"),
      ]);
      const table = (title: string, clusters: BarrierCluster[], breached: boolean): string =>
        clusters.length === 0 ? `${title}: none\n` : `${title}:\n${clusterTable(formatTable, clusters, spot !== undefined, breached, notional, width)}${engineLines(clusters)}`;
      const section = (what: string, r: Pick<ClusterResult, "clusters" | "breached" | "hidden">): string[] => {
        const out = [table(`${what}: live barriers, ranked by the hedge a breach now would force the issuers to sell`, r.clusters, false)];
        if (r.breached.length > 0) out.push(table(`${what}: breached barriers (knocked-in notes), with the unwind the breach forced`, r.breached, true));
        if (r.hidden.clusters > 0) {
          out.push(`${what}: ${r.hidden.clusters} cluster(s) under --min-notional not listed (${r.hidden.notes} note(s), $${millions(r.hidden.notional)}M)\n`);
        }
        return out;
      };
      // --project evaluates everything at the path's end
      const asOfMs = projection ? projection.asOfMs : ctx.asOf.epochMs;
      const spot = projection ? projection.spot : ctx.spot;
      const history = projection ? projection.history : ctx.history;
      const inputs = {
        asOfMs, vol: ctx.vol, rate: ctx.rate,
        ...(spot !== undefined ? { spot } : {}), ...(history ? { history } : {}),
      };
      const opts = { tolerance, asOfMs, minNotional, ...(spot !== undefined ? { spot } : {}) };
      const existing = bookExposure(ctx.notes, inputs).notes;
      const notional = new Map<string, number>(ctx.notes.map((n) => [n.id, n.notionalUsd]));
      const result = barrierClusters(existing, opts);
      let proj: ProjectionJson | undefined;
      if (projection) {
        const hypo = bookExposure(projection.notes, inputs).notes;
        for (const n of projection.notes) notional.set(n.id, n.notionalUsd);
        const mine = barrierClusters(hypo, opts);
        const both = barrierClusters([...existing, ...hypo], opts);
        proj = {
          path: projection.pathInfo, issuance: projection.issuance,
          notes: projection.notes.map((n) => ({
            id: n.id, pricingDate: n.pricingDate, initialLevel: n.initialLevel, barrierLevel: n.barrierLevel,
            notionalUsd: n.notionalUsd, observation: n.observation, maturity: n.maturity,
          })),
          clusters: mine.clusters, breached: mine.breached, hidden: mine.hidden,
          combined: { clusters: both.clusters, breached: both.breached, hidden: both.hidden },
        };
      }
      const { emit } = await import("../output.js");
      const asOf = { epochMs: asOfMs, zone: ctx.asOf.zone };
      if (flags.json) {
        const out: ClustersJson = {
          file, underlying: ctx.underlying, asOf: formatInstant(asOf), spot: spot ?? null,
          vol: volJson(ctx), rate: ctx.rate, tolerance, minNotional, method: METHOD, ...result,
          ...(proj ? { projection: proj } : {}), warnings: ctx.warnings, units: UNITS,
        };
        return emit(JSON.stringify(out, null, 2) + "\n", flags.out);
      }
      const head = [
        `gexray clusters: ${file}, ${ctx.notes.length} note(s) on ${ctx.underlying}`,
        `tolerance ${Number((tolerance * 100).toPrecision(6))}% (single linkage on relative gaps)`,
        projection
          ? `as of the path's end ${formatInstant(asOf)}; spot ${spot} (path's last close)\n${(await marketLine(ctx)).split("\n")[1]}`
          : await marketLine(ctx),
      ];
      const body = section(proj ? "existing notes" : "notes", result);
      const foot: string[] = [];
      const gone = Object.entries(result.excluded).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
      if (gone.length > 0) foot.push(`no barrier left: ${gone.join(", ")}`);
      if (proj && projection) {
        const iss = proj.issuance;
        body.push(
          `projected issuance: ${iss.frequency} from ${iss.start}, $${millions(iss.notionalUsd)}M per note, barrier ${Number((iss.barrierPct * 100).toPrecision(6))}% ` +
            `of the close, ${iss.observation} observation, ${iss.tenorMonths}-month tenor, along ${proj.path.source} ` +
            `(${proj.path.from} to ${proj.path.to}): ${proj.notes.length} hypothetical note(s)` +
            (proj.notes.length > 0 ? `, barriers ${proj.notes.map((n) => n.barrierLevel.toFixed(2)).join(", ")}` : ""),
        );
        body.push(...section("hypothetical notes", proj), ...section("existing and hypothetical combined", proj.combined));
      }
      const units = [
        "units: lo/hi/center USD per share (center notional-weighted); dist % = center / spot − 1; unwind =",
        "signed change of the issuers' hedge at the breach (− = sold), USD at each barrier: (delta just",
        "above the barrier − knocked-in delta) × notional / initial; first obs = first date a breach can",
        "knock a note in (breached: knock-in date); engines = what priced the members' unwinds.",
      ];
      return emit(fitLines([...head, "", ...body, ...(foot.length ? [foot.join("; "), ""] : []), ...units].join("\n"), width) + "\n", flags.out);
    });
}

/** A ranked cluster table (ends with a newline); within `width` the largest notes are shortened. */
function clusterTable(
  formatTable: typeof import("../../report/table.js").formatTable, clusters: BarrierCluster[], hasSpot: boolean, breached: boolean,
  notional: ReadonlyMap<string, number>, width = Infinity,
): string {
  const f2 = (x: number) => x.toFixed(2);
  return formatTable<BarrierCluster & { rank: number }>([
    { header: "#", value: (c) => c.rank },
    { header: "lo", value: (c) => c.lo, format: f2 },
    { header: "hi", value: (c) => c.hi, format: f2 },
    { header: "center", value: (c) => c.center, format: f2 },
    ...(hasSpot ? [{ header: "dist %", value: (c: BarrierCluster) => c.distancePct, format: (x: number) => x.toFixed(1) }] : []),
    { header: "notes", value: (c) => c.count },
    { header: "notl $M", value: (c) => c.notional, format: millions },
    { header: "unwind $M", value: (c) => c.unwindUsd, format: millions },
    { header: breached ? "first hit" : "first obs", value: (c) => c.firstObservation ?? "" },
    { header: "largest notes", value: (c) => largest(c.noteIds, notional) },
  ], clusters.map((c, i) => ({ ...c, rank: i + 1 })), { width });
}

/** "engines: #1 exact 6, closed-form 6; #2 …", wrapped to 100 columns. */
function engineLines(clusters: BarrierCluster[]): string {
  const parts = clusters.map((c, i) => `#${i + 1} ${Object.entries(c.engines).map(([k, n]) => `${k} ${n}`).join(", ")}`);
  const lines: string[] = [];
  let cur = "engines:";
  for (const p of parts) {
    if (cur.length + p.length + 2 > 100) {
      lines.push(cur + ";");
      cur = "  " + p;
    } else cur += (cur.endsWith(":") ? " " : "; ") + p;
  }
  lines.push(cur);
  return lines.join("\n") + "\n";
}

/** The largest note of a cluster by notional (ties: barrier order), and how many more. */
function largest(ids: string[], notional: ReadonlyMap<string, number>): string {
  const top = ids.map((id, k) => ({ id, k, n: notional.get(id) ?? 0 })).sort((a, b) => b.n - a.n || a.k - b.k).slice(0, 1);
  const text = top.map((t) => `${t.id} $${Number((t.n / 1e6).toPrecision(6))}M`).join(", ");
  return ids.length > 1 ? `${text} +${ids.length - 1}` : text;
}

interface Projection {
  notes: NoteTerms[];
  asOfMs: number;
  spot: number;
  history: PricePath;
  pathInfo: ProjectionJson["path"];
  issuance: ProjectionJson["issuance"];
}

/** Build the path and the hypothetical notes of --project. */
async function prepareProjection(ctx: NoteContext, flags: ClusterFlags): Promise<Projection> {
  const [{ projectNotes, scenarioPath, extendPath, ISSUANCE_FREQUENCIES }, dates, { loadPriceHistory }, { OBSERVATIONS }] = await Promise.all([
    import("../../notes/project.js"), import("../../notes/dates.js"), import("../../data/priceHistory.js"),
    import("../../data/noteTerms.js"),
  ]);
  const pathText = flags.path!.trim();
  let path: PricePath;
  let source: string;
  const move = /^[+-]?(\d+(\.\d*)?|\.\d+)%$/.test(pathText) ? parseDecimalOrPercent(pathText, "--path", { gt: -1, lt: 10 }) : undefined;
  if (move !== undefined) {
    if (ctx.spot === undefined) throw new UsageError(`--path ${pathText} moves from the spot: give --spot or --prices`);
    const horizon = flags.horizon === undefined ? 30 : parseHorizonDays(flags.horizon);
    const from = dates.newYorkDate(ctx.asOf.epochMs);
    path = scenarioPath({ from, spot: ctx.spot, move, horizonDays: horizon });
    source = `a ${pathText} move from ${ctx.spot} over ${horizon} days`;
  } else {
    if (flags.horizon !== undefined) throw new UsageError("--horizon applies to a move like --path -10%, not to a closes file");
    const h = await loadPriceHistory(pathText, flags.strict ? { strict: true } : {});
    if (h.underlying !== undefined && h.underlying !== ctx.underlying) throw new UsageError(`--path ${pathText} is a history of ${h.underlying}, the notes are on ${ctx.underlying}`);
    if (h.dates.length === 0) throw new UsageError(`--path ${pathText} has no usable closes`);
    path = h;
    source = pathText;
  }
  const frequency = flags.issuance === undefined ? "weekly" : parseChoice(flags.issuance, "--issuance", ISSUANCE_FREQUENCIES);
  const notionalUsd = flags.notional === undefined ? median(ctx.notes.map((n) => n.notionalUsd)) : parseUsd(flags.notional, "--notional");
  if (!(notionalUsd > 0)) throw new UsageError(`--notional must be > 0 (got ${flags.notional})`);
  const barrierPct = flags.barrierPct === undefined ? median(ctx.notes.map((n) => n.barrierPct)) : parseBarrierPct(flags.barrierPct);
  const observation = flags.observation === undefined ? "final" : parseChoice(flags.observation.toLowerCase(), "--observation", OBSERVATIONS);
  const tenorMonths = flags.tenor === undefined ? 24 : parseTenorMonths(flags.tenor);
  let start: string;
  if (flags.from !== undefined) {
    const { parseDate } = await import("../../data/priceHistory.js");
    const d = parseDate(flags.from);
    if (d === undefined) throw new UsageError(`--from must be a date like 2026-02-16 (got ${JSON.stringify(flags.from)})`);
    start = d;
  } else {
    const lastPricing = ctx.notes.reduce((m, n) => (n.pricingDate > m ? n.pricingDate : m), "");
    const after = dates.addDays(lastPricing, 1);
    start = after > path.dates[0]! ? after : path.dates[0]!;
  }
  const notes = projectNotes(path, { frequency, notionalUsd, barrierPct, observation, tenorMonths, underlying: ctx.underlying, start });
  const last = path.dates.length - 1;
  // the path replaces whatever the history says from its first date on: closes after the as-of
  // date (or after the path's start) must not leak into a scenario that starts there
  let history: PricePath = path;
  if (ctx.history && ctx.history.dates.length > 0 && ctx.history.dates[0]! <= path.dates[0]!) {
    const { pathBetween } = await import("../../data/priceHistory.js");
    history = extendPath(pathBetween(ctx.history, ctx.history.dates[0]!, path.dates[0]!), path);
  }
  return {
    notes,
    asOfMs: dates.closeInstant(path.dates[last]!),
    spot: path.close[last]!,
    history,
    pathInfo: { source, from: path.dates[0]!, to: path.dates[last]!, closes: path.dates.length, lastClose: path.close[last]! },
    issuance: { frequency, notionalUsd, barrierPct, observation, tenorMonths, start },
  };
}
