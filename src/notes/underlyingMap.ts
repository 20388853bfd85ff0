/**
 * Expressing one underlying on another's price grid: `IBIT:BTC=0.000568` says one IBIT share holds
 * 0.000568 BTC, so an IBIT price is a BTC price × 0.000568, a BTC price is an IBIT price / 0.000568,
 * and a quantity of IBIT shares is × 0.000568 BTC. USD amounts (price × quantity, dollar gamma per
 * 1% move, dollar vanna per vol point) are the same in both units, because a 1% move of one is a 1%
 * move of the other while the ratio holds. (IBIT's ratio drifts down slowly with the fund's fee:
 * give the one in force at the snapshot.)
 *
 * @module
 */

/** `from:to=ratio`: one unit of `from` is `ratio` units of `to`. */
export interface UnderlyingMap {
  /** upper case, e.g. "IBIT" */
  from: string;
  /** upper case, e.g. "BTC" */
  to: string;
  /** units of `to` per unit of `from` (> 0) */
  ratio: number;
}

/**
 * Parse `underlying:target=ratio`, e.g. `IBIT:BTC=0.000568` (spaces allowed, symbols case-insensitive).
 *
 * @throws RangeError naming what is wrong: not of the form, an empty symbol, the same symbol twice,
 *   a ratio that is not a finite number > 0
 * @example
 * parseUnderlyingMap("IBIT:BTC=0.000568"); // { from: "IBIT", to: "BTC", ratio: 0.000568 }
 */
export function parseUnderlyingMap(text: string): UnderlyingMap {
  const m = /^\s*([^:=\s]+)\s*:\s*([^:=\s]+)\s*=\s*(\S+)\s*$/.exec(text);
  if (!m) throw new RangeError(`map must be underlying:target=ratio like IBIT:BTC=0.000568 (got ${JSON.stringify(text)})`);
  const from = m[1]!.toUpperCase();
  const to = m[2]!.toUpperCase();
  const ratioText = m[3]!;
  const ratio = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(ratioText) ? Number(ratioText) : NaN;
  if (!(ratio > 0) || !Number.isFinite(ratio)) {
    throw new RangeError(`map ratio must be a finite number > 0, units of ${to} per unit of ${from} (got ${JSON.stringify(ratioText)})`);
  }
  if (from === to) throw new RangeError(`map must name two different underlyings (got ${from}:${to})`);
  return { from, to, ratio };
}

/**
 * Whether a flag value is written as an underlying map (`IBIT:BTC=0.000568`) rather than, say, a
 * generic-CSV column map (`open_interest=OI`): a symbol, a colon, a symbol, `=`, a number.
 *
 * @example
 * looksLikeUnderlyingMap("IBIT:BTC=0.000568"); // true
 * looksLikeUnderlyingMap("open_interest=OI");  // false
 */
export function looksLikeUnderlyingMap(text: string): boolean {
  return /^\s*[A-Za-z0-9._-]+\s*:\s*[A-Za-z0-9._-]+\s*=\s*[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text);
}

/**
 * The factor that turns a price in `source` units into `target` units: 1 when they are the same
 * symbol, 1/ratio from `map.from` to `map.to`, ratio the other way. A quantity converts by the
 * reciprocal (shares × ratio = BTC), so price × quantity is unchanged.
 *
 * @param map - the mapping, or undefined when none was given
 * @param source - the symbol the price is in
 * @param target - the symbol wanted
 * @throws RangeError when the symbols differ and the map does not relate them
 * @example
 * priceFactor({ from: "IBIT", to: "BTC", ratio: 0.000568 }, "IBIT", "BTC"); // 1760.5633802816901
 * priceFactor({ from: "IBIT", to: "BTC", ratio: 0.000568 }, "BTC", "IBIT"); // 0.000568
 */
export function priceFactor(map: UnderlyingMap | undefined, source: string, target: string): number {
  const s = source.toUpperCase(), t = target.toUpperCase();
  if (s === t) return 1;
  if (map && map.from === s && map.to === t) return 1 / map.ratio;
  if (map && map.from === t && map.to === s) return map.ratio;
  throw new RangeError(`cannot express ${s} in ${t}: give a map like ${s}:${t}=<${t} per ${s}>${map ? ` (the map is ${map.from}:${map.to})` : ""}`);
}

/**
 * A price converted between underlyings ({@link priceFactor}).
 *
 * @throws RangeError as priceFactor
 * @example
 * convertPrice(43.6, { from: "IBIT", to: "BTC", ratio: 0.000568 }, "IBIT", "BTC"); // 76760.56338028169
 * convertPrice(70000, { from: "IBIT", to: "BTC", ratio: 0.000568 }, "BTC", "IBIT"); // 39.760000000000005
 */
export function convertPrice(price: number, map: UnderlyingMap | undefined, source: string, target: string): number {
  const f = priceFactor(map, source, target);
  // divide by the ratio rather than multiply by its reciprocal: one rounding, not two
  return map && f !== 1 && map.from === source.toUpperCase() ? price / map.ratio : price * f;
}
