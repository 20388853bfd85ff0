import { describe, expect, it } from "vitest";
import { monotoneAt, monotoneCubic, monotoneDerivatives } from "../../src/vol/monotone.js";

/**
 * Akima's RPN 14 data, the monotone data set Fritsch & Carlson use to show their method
 * ("Monotone piecewise cubic interpolation", SIAM J. Numer. Anal. 17 (1980), Table 1): a natural
 * cubic spline through it overshoots; a monotone interpolant must not.
 */
const RPN14 = {
  x: [7.99, 8.09, 8.19, 8.7, 9.2, 10, 12, 15, 20],
  y: [0, 2.76429e-5, 4.37498e-2, 0.169183, 0.469428, 0.94374, 0.998636, 0.999919, 0.999994],
};

describe("Fritsch–Carlson monotone cubic", () => {
  it("is monotone and passes through every knot on Akima's RPN 14 data", () => {
    const c = monotoneCubic(RPN14.x, RPN14.y);
    RPN14.x.forEach((x, i) => expect(monotoneAt(c, x)).toBe(RPN14.y[i]));
    let last = -Infinity;
    for (let v = 7.99; v <= 20; v += 0.001) {
      const y = monotoneAt(c, v);
      expect(y).toBeGreaterThanOrEqual(last);
      last = y;
    }
    // never outside the bracketing data values (no overshoot)
    for (let i = 0; i + 1 < RPN14.x.length; i++) {
      for (let t = 0; t <= 1; t += 0.01) {
        const y = monotoneAt(c, RPN14.x[i]! + t * (RPN14.x[i + 1]! - RPN14.x[i]!));
        expect(y).toBeGreaterThanOrEqual(RPN14.y[i]! - 1e-15);
        expect(y).toBeLessThanOrEqual(RPN14.y[i + 1]! + 1e-15);
      }
    }
  });

  it("matches a hand computation of the Hermite form (tangents 1, 2, 3 through (0,0), (1,1), (2,4))", () => {
    // secants 1 and 3; tangents: ends one-sided (1, 3), middle the mean (2); inside the circle of radius 3
    // at t = ½ on [0, 1]: h10·1 + h01·1 + h11·2 = 0.125 + 0.5 − 0.25
    expect(monotoneDerivatives(monotoneCubic([0, 1, 2], [0, 1, 4]), 0.5)).toEqual({ y: 0.375, y1: 0.75, y2: 1 });
    // a flat interval stays flat; the tangent at a local extremum is 0
    const c = monotoneCubic([0, 1, 2], [0, 1, 1]);
    expect(monotoneAt(c, 1.5)).toBe(1);
    expect(monotoneAt(c, 0.5)).toBe(0.625);
    expect(monotoneDerivatives(monotoneCubic([0, 1, 2], [0, 1, 0]), 1).y1).toBe(0);
  });

  it("is flat beyond the knots, handles one knot, NaN, and rejects bad knots", () => {
    const c = monotoneCubic([0, 1], [2, 4]);
    expect(monotoneDerivatives(c, 7)).toEqual({ y: 4, y1: 0, y2: 0 });
    expect(monotoneDerivatives(c, -7)).toEqual({ y: 2, y1: 0, y2: 0 });
    expect(monotoneAt(monotoneCubic([3], [5]), 100)).toBe(5);
    expect(monotoneAt(c, NaN)).toBeNaN();
    expect(() => monotoneCubic([0, 0], [1, 2])).toThrow(/strictly ascend/);
    expect(() => monotoneCubic([], [])).toThrow(/at least one/);
    expect(() => monotoneCubic([0, 1], [1])).toThrow(/as many values as knots/);
  });

  it("limits tangents that would overshoot (α² + β² > 9)", () => {
    // steep then nearly flat: the mean tangent at the middle knot would overshoot the second interval
    const c = monotoneCubic([0, 1, 2], [0, 10, 10.1]);
    for (let v = 1; v <= 2; v += 0.001) expect(monotoneAt(c, v)).toBeLessThanOrEqual(10.1 + 1e-12);
    for (let v = 0; v <= 2; v += 0.001) expect(monotoneDerivatives(c, v).y1).toBeGreaterThanOrEqual(-1e-12);
  });
});
