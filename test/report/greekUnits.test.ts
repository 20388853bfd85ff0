import { describe, expect, it } from "vitest";
import { GREEK_FIELDS } from "../../src/options/greeks.js";
import { GREEK_UNITS, greekUnitsFooter } from "../../src/report/greekUnits.js";

describe("greek units", () => {
  it("names a unit for every greek, with the DESIGN.md scalings", () => {
    for (const f of GREEK_FIELDS) expect(GREEK_UNITS[f]).toBeTruthy();
    expect(GREEK_UNITS.vega).toMatch(/per 1\.00 of vol/);
    expect(GREEK_UNITS.theta).toMatch(/per year/);
    expect(GREEK_UNITS.charm).toMatch(/per year/);
  });

  it("groups footer columns by unit and wraps without splitting a group", () => {
    expect(greekUnitsFooter(["time", "price", "vega", "theta", "vanna", "charm"])).toEqual([
      "units: time years; price currency per unit of underlying; vega, vanna per 1.00 of vol;",
      "       theta, charm per year",
    ]);
    for (const line of greekUnitsFooter([...GREEK_FIELDS], 60)) expect([...line].length).toBeLessThanOrEqual(60);
  });
});
