/**
 * DataFrame interop: a {@link Chain} as a danfojs-node DataFrame and back, for analysts who want
 * pandas-style exploration (group by expiry, pivot by strike) in notebooks.
 *
 * danfojs-node is an **optional peer dependency** (about 270 MB installed, with TensorFlow.js): the
 * library and the CLI install and run without it, and only {@link toDataFrame} needs it
 * (`npm install danfojs-node` beside gexray; the notebooks and tests have it as a dev dependency).
 * It takes about a second to import, so it is imported lazily inside {@link toDataFrame};
 * importing this module costs nothing. {@link fromDataFrame} reads any object with danfo's
 * `columns` / `column(name).values` shape and never imports danfo.
 *
 * Columns: `type` ("call"/"put"), `strike` (currency per unit), `expiry` (ISO 8601 with the
 * offset of the chain's as-of zone), `time` (years), `open_interest` (contracts), `multiplier`
 * (underlying units per contract), `iv` (decimal), `forward` (NaN where none), `dealer_position`
 * (contracts, only when the chain has positions), `root`. Source lines and vendor greeks are not
 * carried.
 *
 * @module
 */
import type { DataFrame } from "danfojs-node";
import { CALL, ChainBuilder, PUT, type Chain } from "./chain.js";
import { foundColumns, InputError } from "./errors.js";
import { formatInstant, parseInstant, YEAR_MS } from "./time.js";

/** The snapshot fields of a chain that a DataFrame does not hold. */
export type ChainHeader = Pick<Chain, "underlying" | "asOf" | "spot" | "rate" | "dividend">;

/**
 * Column names of {@link toDataFrame}, in order (`dealer_position` only when the chain has positions).
 *
 * @example
 * DATAFRAME_COLUMNS.length; // 10
 */
export const DATAFRAME_COLUMNS = [
  "type", "strike", "expiry", "time", "open_interest", "multiplier", "iv", "forward", "dealer_position", "root",
] as const;

/** What {@link fromDataFrame} needs of a DataFrame (danfo's shape). */
export interface DataFrameLike {
  columns: string[];
  column(name: string): { values: ArrayLike<unknown> };
}

/**
 * The chain as a danfojs-node DataFrame, one row per contract (imports danfojs-node on first use).
 *
 * @param chain - the chain (not modified)
 * @returns a DataFrame with the columns of {@link DATAFRAME_COLUMNS}
 * @throws Error when danfojs-node is not installed, saying how to add it:
 *   `toDataFrame needs danfojs-node, an optional peer dependency of gexray that is not installed: run npm install danfojs-node (…)`
 * @example
 * const { chain } = await loadChain("test/fixtures/real/spx_quotedata_2024-01-07.csv");
 * const df = await toDataFrame(chain);
 * df.columns;                       // ["type", "strike", "expiry", "time", "open_interest", "multiplier", "iv", "forward", "root"]
 * df.column("expiry").values[0];    // "2024-01-08T16:00:00-05:00"
 */
export async function toDataFrame(chain: Chain): Promise<DataFrame> {
  const { DataFrame } = await importDanfo();
  const n = chain.length;
  const columns: string[] = DATAFRAME_COLUMNS.filter((c) => c !== "dealer_position" || chain.position !== null);
  if (n === 0) return new DataFrame([], { columns });
  const iso = new Map<number, string>();
  const expiry = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const ms = chain.expiry[i]!;
    let s = iso.get(ms);
    if (s === undefined) {
      s = formatInstant({ epochMs: ms, zone: chain.asOf.zone });
      iso.set(ms, s);
    }
    expiry[i] = s;
  }
  const data: Record<string, unknown[]> = {
    type: Array.from(chain.type, (t) => (t === CALL ? "call" : "put")),
    strike: Array.from(chain.strike),
    expiry,
    time: Array.from(chain.time),
    open_interest: Array.from(chain.openInterest),
    multiplier: Array.from(chain.multiplier),
    iv: Array.from(chain.iv),
    forward: Array.from(chain.forward),
  };
  if (chain.position !== null) data.dealer_position = Array.from(chain.position);
  data.root = chain.root.slice(0, n);
  return new DataFrame(data, { columns });
}

/** danfojs-node, or an error that says how to install it when it is absent. */
async function importDanfo(): Promise<typeof import("danfojs-node")> {
  try {
    return await import("danfojs-node");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if ((e.code === "ERR_MODULE_NOT_FOUND" || e.code === "MODULE_NOT_FOUND") && /danfojs-node/.test(e.message)) {
      throw new Error(
        "toDataFrame needs danfojs-node, an optional peer dependency of gexray that is not installed: run " +
          "npm install danfojs-node (about 270 MB with TensorFlow.js; nothing else in gexray needs it)",
        { cause: err },
      );
    }
    throw err;
  }
}

/**
 * A chain from a DataFrame with the columns of {@link toDataFrame} (case-sensitive). `time` may be
 * absent (then computed from `header.asOf`), as may `forward` (NaN), `dealer_position` (no
 * positions) and `root` (the underlying). `type` accepts call/put/C/P; `expiry` ISO 8601 text, epoch
 * milliseconds or a Date. Each contract's `line` is its row index + 1.
 *
 * @param df - a danfojs-node DataFrame, or anything with `columns` and `column(name).values`
 * @param header - underlying, as-of instant, spot, rate and dividend of the snapshot
 * @returns a new chain (the frame is not modified)
 * @throws InputError naming "DataFrame", the row (1-based) and the column, for a missing column or
 *   a value that cannot be used (strike ≤ 0, iv ≤ 0, time ≤ 0, unknown type, …)
 * @example
 * const back = fromDataFrame(await toDataFrame(chain), chain);
 * back.strike; // equal to chain.strike, element for element
 */
export function fromDataFrame(df: DataFrameLike, header: ChainHeader): Chain {
  const where = (row: number | undefined, field: string) => (row === undefined ? { file: "DataFrame", field } : { file: "DataFrame", line: row + 1, field });
  const has = new Set(df.columns);
  for (const c of ["type", "strike", "expiry", "open_interest", "multiplier", "iv"]) {
    if (!has.has(c)) throw new InputError(`missing column '${c}' (${foundColumns(df.columns)})`, where(undefined, c));
  }
  const col = (name: string): ArrayLike<unknown> | undefined => (has.has(name) ? df.column(name).values : undefined);
  const type = col("type")!, strike = col("strike")!, expiry = col("expiry")!, oi = col("open_interest")!;
  const mult = col("multiplier")!, iv = col("iv")!, time = col("time"), fwd = col("forward"), pos = col("dealer_position"), root = col("root");
  const n = type.length;
  const num = (values: ArrayLike<unknown>, i: number, name: string, ok: (x: number) => boolean, rule: string): number => {
    const x = values[i];
    if (typeof x !== "number" || !ok(x)) throw new InputError(`must be ${rule} (got ${String(x)})`, where(i, name));
    return x;
  };
  const positive = (x: number) => x > 0 && Number.isFinite(x);
  const b = new ChainBuilder(n);
  const parsed = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const t = String(type[i]).trim().toLowerCase();
    const sign = t === "call" || t === "c" ? CALL : t === "put" || t === "p" ? PUT : 0;
    if (sign === 0) throw new InputError(`must be call or put (got ${String(type[i])})`, where(i, "type"));
    const e = expiry[i];
    let ms: number | undefined;
    if (typeof e === "number") ms = e;
    else if (e instanceof Date) ms = e.getTime();
    else if (typeof e === "string") {
      ms = parsed.get(e);
      if (ms === undefined) {
        ms = parseInstant(e, "16:00", header.asOf.zone)?.epochMs ?? NaN;
        parsed.set(e, ms);
      }
    }
    if (ms === undefined || !Number.isFinite(ms)) throw new InputError(`must be an ISO 8601 time (got ${String(e)})`, where(i, "expiry"));
    const years = time ? num(time, i, "time", positive, "a number of years > 0") : (ms - header.asOf.epochMs) / YEAR_MS;
    if (!(years > 0)) throw new InputError(`expiry ${String(e)} is not after the as-of time`, where(i, "expiry"));
    const forward = fwd ? fwd[i] : NaN;
    b.push({
      type: sign,
      strike: num(strike, i, "strike", positive, "a price > 0"),
      expiry: ms,
      time: years,
      openInterest: num(oi, i, "open_interest", (x) => x >= 0 && Number.isFinite(x), "a number ≥ 0"),
      multiplier: num(mult, i, "multiplier", positive, "a number > 0"),
      iv: num(iv, i, "iv", positive, "a decimal > 0"),
      forward: typeof forward === "number" ? forward : NaN,
      ...(pos ? { position: num(pos, i, "dealer_position", Number.isFinite, "a finite number") } : {}),
      root: root && root[i] !== undefined && root[i] !== null ? String(root[i]) : header.underlying,
      line: i + 1,
    });
  }
  return b.finish({ underlying: header.underlying, asOf: header.asOf, spot: header.spot, rate: header.rate, dividend: header.dividend });
}
