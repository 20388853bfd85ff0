/**
 * Loader for JSON option chains shaped like the IBIT file (a yfinance chain with Cboe delayed
 * greeks): `{symbol, updated, underlyingPrice, quotes: [{symbol, expiration, side, strike, bid,
 * ask, mid, openInterest, iv, delta, gamma, theta, vega, …}]}`. Format and quirks:
 * test/fixtures/real/SOURCES.md §3.
 *
 * Decisions:
 * - **Expiry**: `expiration` as a date alone is taken at the root's settlement clock (16:00 New
 *   York for equities and ETFs; 09:30 for the AM-settled SPX/NDX/RUT roots, read from the quote's
 *   OCC `symbol`); an ISO timestamp with a time is used as is.
 * - **As-of** from `updated` (ISO 8601; its offset is kept: -04:00 prints as New York time),
 *   **spot** from `underlyingPrice`, **rate / dividend** from `greeks.riskFreeRate` /
 *   `greeks.dividendYield` when they are numbers, else 0; `opts` overrides each.
 * - **Null open interest is missing data**, not zero: the contract is counted as invalid with the
 *   problem "open interest missing" (field `openInterest`).
 * - **Junk IVs** (Yahoo writes 1e-5 as a placeholder and values like 5.5 or 10.3 on deep ITM
 *   rows): an IV that is not a number, ≤ {@link IV_FLOOR} or > {@link IV_CAP} is repaired from the
 *   quote's mid price (`mid`, else (bid + ask)/2 with bid > 0) by Black–Scholes–Merton implied
 *   volatility, with a warning giving the old and new IV. When no mid exists, or the mid is outside
 *   the European no-arbitrage bounds (below intrinsic value, which happens on deep-ITM American
 *   options), or the repaired IV is itself outside (IV_FLOOR, IV_CAP], the contract is excluded as
 *   badIv with the reason. **American exercise**: these are American options; the European IV
 *   from the mid is an approximation that is poor for deep in-the-money puts (the early-exercise
 *   premium is read as volatility).
 * - Multiplier 100; `chain.root` is the OCC root of the quote's symbol (else the chain symbol);
 *   underlying = `symbol` (else `opts.underlying`, else the first quote's root).
 * - Order of exclusion per contract: unreadable → invalid; T ≤ 0 → expired; open interest missing →
 *   invalid; 0 → zeroOpenInterest; junk IV that cannot be repaired → badIv.
 * - Line numbers: each quote's 1-based line in the file (1 for every quote of a one-line file), and
 *   every message names the quote as `quotes[i] SYMBOL`.
 *
 * @module
 */
import { CALL, ChainBuilder, MAX_OPEN_INTEREST, MAX_STRIKE, PUT, type Loaded } from "./chain.js";
import { shortNumber } from "./numberText.js";
import { parseNumberField, stripBom } from "./csv.js";
import { clipText, foundColumns, InputError } from "./errors.js";
import { resolveOverrides } from "./overrides.js";
import type { LoadOptions } from "./loadOptions.js";
import { occSettlement, parseOccSymbol } from "./occSymbol.js";
import { ReportBuilder } from "./reportBuilder.js";
import { expiryInstant, NEW_YORK, parseInstant, yearsBetween } from "./time.js";
import { impliedVolKernel } from "../options/impliedVolKernel.js";

/** IVs at or below this (decimal) are junk: Yahoo's "no IV" placeholder is 1e-5. */
export const IV_FLOOR = 0.001;
/** IVs above this (decimal, i.e. 500 %) are junk. */
export const IV_CAP = 5.0;

/** Underlying units per US option contract. */
const MULTIPLIER = 100;

/**
 * Does the start of a file look like a JSON chain? True when it is a JSON object (after a BOM and
 * blanks) whose head mentions `"quotes"` or `"underlyingPrice"`.
 *
 * @param head - the first ~4 KB of the file as text
 * @example
 * looksLikeJsonChain('{"symbol":"IBIT","updated":"2026-07-14T20:10:04-04:00","underlyingPrice":36.58,"quotes":[…'); // true
 * looksLikeJsonChain("mid_price,volume_usd"); // false
 */
export function looksLikeJsonChain(head: string): boolean {
  const s = stripBom(head).trimStart();
  return s.startsWith("{") && /"(quotes|underlyingPrice)"\s*:/.test(s);
}

/**
 * 1-based line of each element of the top-level `"quotes"` array, by one pass over the text
 * (strings and escapes skipped, nesting tracked). Elements that are not objects are not listed.
 */
function quoteLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  let depth = 0;
  let key = "";
  let lastString = "";
  let quotesDepth = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (c === 34) {
      // string: find its end
      const start = i + 1;
      i++;
      while (i < n && text.charCodeAt(i) !== 34) {
        if (text.charCodeAt(i) === 92) i++;
        else if (text.charCodeAt(i) === 10) line++;
        i++;
      }
      if (depth === 1) lastString = text.slice(start, i);
    } else if (c === 58 /* : */) {
      if (depth === 1) key = lastString;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (c === 123 && quotesDepth >= 0 && depth === quotesDepth) out.push(line);
      depth++;
      if (c === 91 && depth === 2 && key === "quotes" && quotesDepth < 0) quotesDepth = depth;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (c === 93 && quotesDepth >= 0 && depth === quotesDepth - 1) break;
    }
  }
  return out;
}

/** The 1-based line of a character offset. */
function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Line of a JSON.parse syntax error from V8's message: "… in JSON at position N", or
 * "Unexpected token 'x', …"context"… is not valid JSON" where the context starts about 10
 * characters before the bad token (the whole text when it is short).
 */
function jsonErrorLine(body: string, msg: string): number {
  const pos = /at position (\d+)/.exec(msg);
  if (pos) return lineAt(body, Number(pos[1]));
  const ctx = /^Unexpected token '([^]*?)', ([^]*) is not valid JSON$/.exec(msg);
  if (ctx) {
    let snippet = ctx[2]!;
    const truncated = snippet.startsWith('..."');
    snippet = snippet.replace(/^(\.\.\.)?"/, "").replace(/"(\.\.\.)?$/, "");
    const at = body.indexOf(snippet);
    if (at >= 0) return lineAt(body, truncated ? at + Math.min(10, snippet.length - 1) : at + Math.max(0, snippet.indexOf(ctx[1]!)));
  }
  return lineAt(body, body.length);
}

function num(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") return parseNumberField(v);
  return NaN;
}

function show(v: unknown): string {
  return typeof v === "number" ? shortNumber(v) : clipText(JSON.stringify(v) ?? "undefined");
}


/**
 * Read a JSON chain (IBIT-style, see the module note) into a chain: multiplier 100, IV decimal
 * (junk IVs repaired from the mid or excluded, each with a report entry), Cboe's greeks in
 * `chain.vendor` as published: delta, gamma per $1 per share, theta per calendar day, vega per
 * 1 vol point (0.01).
 *
 * @param text - the whole file (a BOM is accepted)
 * @param file - the name used in messages
 * @param opts - overrides (`spot`, `asOf`, `rate`, `dividend`, `underlying`) and `strict`
 * @throws InputError (a RangeError) naming the file and line when the file cannot be used: not
 *   JSON (with the line of the syntax error), not an object, no `quotes` array (the fields found
 *   are listed), no usable `underlyingPrice` or `updated` without the override; in strict mode, on
 *   the first quote that would be reported as a problem
 * @example
 * const { chain, report } = loadJsonChain(readFileSync(f, "utf8"), f, {}); // f = ibit_chain_2026-07-14.json
 * chain.underlying;              // "IBIT"
 * chain.spot;                    // 36.58000183105469
 * formatInstant(chain.asOf);     // "2026-07-14T20:10:04.309-04:00"
 * report.contracts;              // 2339
 * report.openInterest.calls + report.openInterest.puts; // 6300836
 */
export function loadJsonChain(text: string, file: string, opts: LoadOptions): Loaded {
  const over = resolveOverrides(opts, file);
  const body = stripBom(text);
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    const msg = (err as Error).message;
    throw new InputError(`not valid JSON: ${msg.replace(/\r?\n/g, "\\n").slice(0, 160)}`, { file, line: jsonErrorLine(body, msg) });
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new InputError(`expected a JSON object {symbol, updated, underlyingPrice, quotes: […]} (got ${Array.isArray(doc) ? "an array" : typeof doc})`, { file, line: 1 });
  }
  const top = doc as Record<string, unknown>;
  const found = foundColumns(Object.keys(top));
  const quotes = top.quotes;
  if (!Array.isArray(quotes)) {
    throw new InputError(`required field missing or not an array of contracts (${found})`, { file, line: 1, field: "quotes" });
  }
  let spot = over.spot;
  if (spot === undefined) {
    const s = num(top.underlyingPrice);
    if (top.underlyingPrice === undefined || top.underlyingPrice === null) {
      throw new InputError(`required field missing: the spot (or give the spot) (${found})`, { file, line: 1, field: "underlyingPrice" });
    }
    if (!(s > 0) || !Number.isFinite(s)) throw new InputError(`must be a number > 0 (got ${show(top.underlyingPrice)})`, { file, line: 1, field: "underlyingPrice" });
    spot = s;
  }
  let asOf = over.asOf;
  if (asOf === undefined) {
    const u = top.updated;
    if (u === undefined || u === null) throw new InputError(`required field missing: the snapshot time (or give the as-of time) (${found})`, { file, line: 1, field: "updated" });
    const t = typeof u === "string" ? parseInstant(u, "16:00", NEW_YORK) : typeof u === "number" ? { epochMs: u, zone: "UTC" } : undefined;
    if (!t || !Number.isFinite(t.epochMs)) throw new InputError(`not an ISO 8601 time: ${show(u)}`, { file, line: 1, field: "updated" });
    asOf = t;
  }
  const meta = (typeof top.greeks === "object" && top.greeks !== null ? top.greeks : {}) as Record<string, unknown>;
  const rate = opts.rate ?? (typeof meta.riskFreeRate === "number" && Number.isFinite(meta.riskFreeRate) ? meta.riskFreeRate : 0);
  const dividend = opts.dividend ?? (typeof meta.dividendYield === "number" && Number.isFinite(meta.dividendYield) ? meta.dividendYield : 0);

  const lines = quoteLines(body);
  const rb = new ReportBuilder(file, "json", opts.strict === true);
  const builder = new ChainBuilder(quotes.length);
  const expiryCache = new Map<string, number>();
  let firstRoot: string | undefined;

  for (let i = 0; i < quotes.length; i++) {
    const q0 = quotes[i] as unknown;
    rb.row();
    const line = lines[i] ?? 1;
    if (typeof q0 !== "object" || q0 === null || Array.isArray(q0)) {
      rb.contract(0, NaN);
      rb.invalid(line, undefined, `quotes[${i}] is not an object`);
      continue;
    }
    const q = q0 as Record<string, unknown>;
    const sym = typeof q.symbol === "string" ? q.symbol : "";
    const who = `quotes[${i}]${sym ? " " + sym : ""}`;
    const occ = sym ? parseOccSymbol(sym) : undefined;
    const sideRaw = q.side ?? q.type ?? q.optionType;
    const side = typeof sideRaw === "string" ? sideRaw.trim().toLowerCase() : "";
    const type = side === "call" || side === "c" ? CALL : side === "put" || side === "p" ? PUT : side === "" && occ ? occ.type : 0;
    const oiRaw = q.openInterest;
    const oi = oiRaw === null || oiRaw === undefined ? NaN : num(oiRaw);
    rb.contract(type, oi);
    if (type === 0) {
      rb.invalid(line, "side", `${who}: side must be "call" or "put" (got ${show(sideRaw)})`);
      continue;
    }
    const strike = q.strike === undefined && occ ? occ.strike : num(q.strike);
    if (!(strike > 0) || !Number.isFinite(strike)) {
      rb.invalid(line, "strike", `${who}: strike must be a number > 0 (got ${show(q.strike)})`);
      continue;
    }
    if (strike > MAX_STRIKE) {
      rb.invalid(line, "strike", `${who}: ${show(q.strike)} is not a plausible strike (above ${MAX_STRIKE})`);
      continue;
    }
    const root = occ?.root ?? (typeof top.symbol === "string" ? top.symbol : "");
    firstRoot ??= root;
    const { clock } = occSettlement(root);
    let expiry: number | undefined;
    const e = q.expiration ?? q.expiry;
    if (typeof e === "string") {
      const k = `${e}|${clock}`;
      expiry = expiryCache.get(k);
      if (expiry === undefined) {
        const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(e.trim());
        if (d) {
          const [y, m, dd] = [Number(d[1]), Number(d[2]), Number(d[3])];
          const ok = new Date(Date.UTC(y, m - 1, dd)).getUTCDate() === dd && m >= 1 && m <= 12;
          expiry = ok ? expiryInstant(y, m, dd, clock) : undefined;
        } else {
          expiry = parseInstant(e, "16:00", NEW_YORK)?.epochMs;
        }
        if (expiry !== undefined) expiryCache.set(k, expiry);
      }
    } else if (e === undefined && occ) {
      expiry = expiryInstant(occ.year, occ.month, occ.day, clock);
    }
    if (expiry === undefined) {
      rb.invalid(line, "expiration", `${who}: expiration must be a date YYYY-MM-DD (got ${show(e)})`);
      continue;
    }
    const T = yearsBetween(asOf.epochMs, expiry);
    if (!(T > 0)) {
      rb.excludeExpired(expiry);
      continue;
    }
    if (oiRaw === null || oiRaw === undefined) {
      rb.invalid(line, "openInterest", `${who}: open interest missing (null)`);
      continue;
    }
    if (!(oi >= 0) || !Number.isFinite(oi)) {
      rb.invalid(line, "openInterest", `${who}: open interest must be a number ≥ 0 (got ${show(oiRaw)})`);
      continue;
    }
    if (oi > MAX_OPEN_INTEREST) {
      rb.invalid(line, "openInterest", `${who}: ${show(oiRaw)} is not a plausible open interest (above ${MAX_OPEN_INTEREST} contracts)`);
      continue;
    }
    if (oi === 0) {
      rb.excludeZeroOpenInterest();
      continue;
    }
    let iv = num(q.iv);
    if (!(iv > IV_FLOOR && iv <= IV_CAP)) {
      // junk: repair from the mid price
      const bid = num(q.bid);
      const ask = num(q.ask);
      let mid = num(q.mid);
      if (!(mid > 0) || !Number.isFinite(mid)) mid = bid > 0 && ask >= bid && Number.isFinite(ask) ? 0.5 * (bid + ask) : NaN;
      const old = show(q.iv);
      if (Number.isNaN(mid)) {
        rb.excludeBadIv(line, `${who}: IV ${old} is junk (outside (${IV_FLOOR}, ${IV_CAP}]) and there is no mid price to repair it from`);
        continue;
      }
      const repaired = impliedVolKernel(type, spot, strike, T, mid, rate, dividend);
      if (!(repaired > IV_FLOOR && repaired <= IV_CAP)) {
        const fwdIntrinsic = Math.max(type * (spot * Math.exp(-dividend * T) - strike * Math.exp(-rate * T)), 0);
        const upper = type === CALL ? spot * Math.exp(-dividend * T) : strike * Math.exp(-rate * T);
        const why = mid < fwdIntrinsic
          ? `the mid ${shortNumber(mid)} is below the European intrinsic value ${shortNumber(fwdIntrinsic)} (American early exercise or a stale quote)`
          : mid >= upper
            ? `the mid ${shortNumber(mid)} is at or above the no-arbitrage bound ${shortNumber(upper)} (the ${type === CALL ? "spot" : "strike"})`
            : Number.isNaN(repaired)
              ? `no volatility reproduces the mid ${shortNumber(mid)}`
              : `the mid ${shortNumber(mid)} implies ${shortNumber(repaired)}, also outside (${IV_FLOOR}, ${IV_CAP}]`;
        rb.excludeBadIv(line, `${who}: IV ${old} is junk and cannot be repaired: ${why}`);
        continue;
      }
      rb.warn(line, `${who}: IV ${old} is junk; repaired from the mid ${shortNumber(mid)} to ${shortNumber(repaired)} (European BSM; approximate for American deep-ITM puts)`, "iv");
      iv = repaired;
    }
    rb.use(expiry);
    const hasGreeks = q.delta !== undefined || q.gamma !== undefined || q.theta !== undefined || q.vega !== undefined;
    builder.push({
      type, strike, expiry, time: T, openInterest: oi, multiplier: MULTIPLIER, iv, root, line,
      ...(hasGreeks ? { vendor: { delta: num(q.delta), gamma: num(q.gamma), theta: num(q.theta), vega: num(q.vega) } } : {}),
    });
  }
  const underlying = typeof top.symbol === "string" && top.symbol.trim() !== ""
    ? top.symbol.trim()
    : opts.underlying ?? (firstRoot ? occSettlement(firstRoot).underlying : "UNKNOWN");
  const chain = builder.finish({ underlying, asOf, spot, rate, dividend });
  return { chain, report: rb.finish(NEW_YORK) };
}
