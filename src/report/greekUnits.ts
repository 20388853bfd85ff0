/**
 * The unit of every greek as the library returns it (raw derivatives, DESIGN.md "library
 * greeks"), written once for every report that prints greeks.
 *
 * @module
 */
import type { Greeks } from "../options/greeks.js";

/**
 * Unit text of each greek field: short enough for a table footer, explicit enough to stand alone
 * in a JSON `units` object.
 *
 * @example
 * GREEK_UNITS.theta; // "∂V/∂t per year of calendar time"
 */
export const GREEK_UNITS: Readonly<Record<keyof Greeks, string>> = {
  price: "currency per unit of underlying",
  delta: "∂V/∂S, units of underlying",
  gamma: "∂²V/∂S², per currency unit of spot",
  vega: "∂V/∂σ per 1.00 of vol",
  theta: "∂V/∂t per year of calendar time",
  rho: "∂V/∂r per 1.00 of rate",
  vanna: "∂²V/∂S∂σ per 1.00 of vol",
  charm: "∂Δ/∂t per year",
  volga: "∂²V/∂σ² per (1.00 of vol)²",
  speed: "∂³V/∂S³, per currency unit² of spot",
  zomma: "∂Γ/∂σ per 1.00 of vol",
  color: "∂Γ/∂t per year",
};

/**
 * Units of the market inputs of a pricing call, in the same style as {@link GREEK_UNITS}.
 *
 * @example
 * INPUT_UNITS.vol; // "decimal per √year (0.55 = 55%)"
 */
export const INPUT_UNITS = {
  spot: "currency per unit of underlying",
  strike: "currency per unit of underlying",
  forward: "currency per unit of underlying",
  level: "currency per unit of underlying (barrier)",
  rebate: "currency per unit of underlying",
  time: "years (calendar days / 365)",
  vol: "decimal per √year (0.55 = 55%)",
  impliedVol: "decimal per √year (0.55 = 55%)",
  rate: "decimal per year, continuous",
  dividend: "decimal per year, continuous",
} as const;

/** Short units for table footers, where the column name already says which derivative it is. */
const SHORT_UNITS: Readonly<Record<keyof Greeks | keyof typeof INPUT_UNITS, string>> = {
  price: "currency per unit of underlying",
  delta: "units of underlying",
  gamma: "per currency unit of spot",
  vega: "per 1.00 of vol",
  theta: "per year",
  rho: "per 1.00 of rate",
  vanna: "per 1.00 of vol",
  charm: "per year",
  volga: "per (1.00 of vol)²",
  speed: "per currency unit² of spot",
  zomma: "per 1.00 of vol",
  color: "per year",
  spot: "currency per unit of underlying",
  strike: "currency per unit of underlying",
  forward: "currency per unit of underlying",
  level: "currency per unit of underlying",
  rebate: "currency per unit of underlying",
  time: "years",
  vol: "decimal (0.55 = 55%)",
  impliedVol: "decimal (0.55 = 55%)",
  rate: "decimal per year",
  dividend: "decimal per year",
};

/**
 * The units footer for a table: `units:` then the printed columns grouped by unit
 * (`vega, vanna per 1.00 of vol`), separated by "; " and wrapped into lines of at most `width`
 * characters (a group is never split).
 *
 * @param fields - the columns printed (greeks or inputs), in table order
 * @param width - maximum line length; default 100
 * @example
 * greekUnitsFooter(["time", "price", "vega", "theta", "vanna", "charm"]);
 * // ["units: time years; price currency per unit of underlying; vega, vanna per 1.00 of vol;",
 * //  "       theta, charm per year"]
 */
export function greekUnitsFooter(fields: ReadonlyArray<keyof Greeks | keyof typeof INPUT_UNITS>, width = 100): string[] {
  const groups = new Map<string, string[]>();
  for (const f of fields) {
    const unit = SHORT_UNITS[f];
    const group = groups.get(unit);
    if (group) group.push(f);
    else groups.set(unit, [f]);
  }
  const items = [...groups].map(([unit, names], i) => `${names.join(", ")} ${unit}${i < groups.size - 1 ? ";" : ""}`);
  const lines: string[] = [];
  let line = "units:";
  for (const item of items) {
    if (line.length > 6 && [...line].length + 1 + [...item].length > width) {
      lines.push(line);
      line = "      ";
    }
    line += " " + item;
  }
  lines.push(line);
  return lines;
}
