import { describe, expect, it } from "vitest";
import { compileDealerExpression, expressionWeights } from "../../src/exposure/dealerExpr.js";
import { dealerWeights } from "../../src/exposure/dealer.js";
import { computeProfile } from "../../src/exposure/profile.js";
import { vanilla } from "../../src/options/vanilla.js";
import { AS_OF, makeChain, type Spec } from "./helpers.js";

const specs: Spec[] = [
  { type: "call", strike: 90, time: 10 / 365, iv: 0.3, oi: 7, mult: 100 },
  { type: "put", strike: 90, time: 10 / 365, iv: 0.35, oi: 11, mult: 100 },
  { type: "call", strike: 110, time: 40 / 365, iv: 0.25, oi: 5, mult: 100 },
  { type: "put", strike: 105, time: 40 / 365, iv: 0.28, oi: 13, mult: 100, forward: 101 },
];
const chain = makeChain(specs, { spot: 100, rate: 0.04, dividend: 0.01 });
const ctx = { atMs: AS_OF, spot: 100, rate: 0.04, dividend: 0.01 };

describe("--dealer-expr: a dealer position per contract from a mathjs expression", () => {
  it("evaluates the issue's example per contract: 30% of the call OI long, every put short", () => {
    const w = expressionWeights(chain, compileDealerExpression("type == 1 ? 0.3 * oi : -oi"), ctx);
    expect(Array.from(w)).toEqual([0.3 * 7 * 100, -11 * 100, 0.3 * 5 * 100, -13 * 100]);
  });

  it("gives every variable its documented value (checked against vanilla() and the contract's fields)", () => {
    for (const [name, want] of [
      ["type", specs.map((s) => (s.type === "call" ? 1 : -1))],
      ["strike", specs.map((s) => s.strike)],
      ["oi", specs.map((s) => s.oi!)],
      ["iv", specs.map((s) => s.iv)],
      ["days", Array.from(chain.time, (t) => t * 365)],
      ["moneyness", specs.map((s) => s.strike / 100)],
    ] as const) {
      const w = expressionWeights(chain, compileDealerExpression(name), ctx);
      want.forEach((v, i) => expect(Math.abs(w[i]! / 100 - v), `${name}[${i}]`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v))));
    }
    // delta: BSM at spot with the chain's rate and dividend; Black-76 on the forward for the last (q implied by F)
    const w = expressionWeights(chain, compileDealerExpression("delta"), ctx);
    specs.forEach((s, i) => {
      const T = chain.time[i]!;
      const q = s.forward === undefined ? 0.01 : 0.04 - Math.log(s.forward / 100) / T;
      const d = vanilla({ type: s.type, spot: 100, strike: s.strike, time: T, vol: s.iv, rate: 0.04, dividend: q }).delta;
      expect(Math.abs(w[i]! / 100 - d), `delta[${i}]`).toBeLessThanOrEqual(1e-12);
    });
  });

  it("reproduces the named conventions: type * oi is naive, -oi is short", async () => {
    expect(expressionWeights(chain, compileDealerExpression("type * oi"), ctx)).toEqual(dealerWeights(chain, "naive"));
    expect(expressionWeights(chain, compileDealerExpression("-oi"), ctx)).toEqual(dealerWeights(chain, "short"));
    const a = await computeProfile(chain, { dealer: "naive" });
    const b = await computeProfile(chain, { dealerExpression: compileDealerExpression("type * oi") });
    expect(b.gamma).toEqual(a.gamma);
    expect(b.model).toMatchObject({ dealer: "expression", dealerExpression: "type * oi" });
  });

  it("an expression that does not parse is a RangeError with mathjs's message", () => {
    expect(() => compileDealerExpression("type == 1 ? 0.3 * oi :")).toThrow(new RangeError("--dealer-expr: Unexpected end of expression (char 23)"));
    expect(() => compileDealerExpression("  ")).toThrow(/the expression is empty/);
  });

  it("a failure on a contract names its line; a result that is not a finite number is refused", () => {
    expect(() => expressionWeights(chain, compileDealerExpression("foo * oi"), ctx)).toThrow(/^--dealer-expr: Undefined symbol foo \(contract on line 2\)$/);
    expect(() => expressionWeights(chain, compileDealerExpression("type == 1"), ctx)).toThrow(/gave the boolean true for the contract on line 2/);
    expect(() => expressionWeights(chain, compileDealerExpression("oi / (strike - 90)"), ctx)).toThrow(/gave Infinity for the contract on line 2/);
    expect(() => expressionWeights(chain, compileDealerExpression("[oi, oi]"), ctx)).toThrow(/gave a DenseMatrix/);
    expect(() => expressionWeights(chain, compileDealerExpression("sqrt(-oi)"), ctx)).toThrow(/gave a Complex/);
  });

  it("keeps mathjs's functions that reach outside the expression disabled", () => {
    for (const f of ["import({}, {})", "evaluate(\"1\")", "parse(\"1\")", "createUnit(\"foo\")", "simplify(\"x\")", "derivative(\"x\", \"x\")"]) {
      expect(() => expressionWeights(chain, compileDealerExpression(f), ctx), f).toThrow(/is disabled in --dealer-expr/);
    }
  });
});
