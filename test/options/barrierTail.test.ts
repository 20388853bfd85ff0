import { describe, expect, it } from "vitest";
import { logMills, plainTerm, reflectedPair, reflectedTerm, usePair } from "../../src/options/barrierTail.js";
import { normCdf, normPdf } from "../../src/options/normal.js";

const EPS = Number.EPSILON;

/** mpmath (50 digits): x, R(x) = Φ(x)/φ(x), (ln R)', (ln R)'', (ln R)'''. */
const MILLS: Array<[number, number, number, number, number]> = [
  [-0.5, 0.87636445645369234673, 0.64107777036806448088, 0.26848040715587894618, 0.16260392517612297001],
  [-3.0, 0.30459029871010329573, 0.28309865493043650693, 0.070559186785268116862, 0.031470672830842487947],
  [-5.0, 0.19280810471531576488, 0.18650396712584211562, 0.032696434617112225345, 0.010825764506356699657],
  [-5.5, 0.17632298575710270488, 0.17141031389730562275, 0.027861777854446229768, 0.0086189435223161057984],
  [-7.0, 0.1401041834530502416, 0.13754561322650327649, 0.018261911696622231466, 0.0046885396641473408513],
  [-12.0, 0.082766286501369177252, 0.082214175254284329819, 0.0066707263358458643262, 0.001068602696036754228],
  [-20.0, 0.049875925981836783658, 0.049753068527850542214, 0.0024632616150521635997, 0.00024272657893584202383],
  [-40.0, 0.024984404205720571147, 0.024968847207263723245, 0.0006226683785913887735, 0.000031017440396486248322],
  [-1000.0, 0.000999999000002999985, 0.000999998000009999926, 9.9999400004999948201e-7, 1.9999760002999958561e-9],
];

describe("logMills", () => {
  it("matches 50-digit Mills ratio and log-derivatives on both branches", () => {
    const o = new Float64Array(4);
    for (const [x, R, p1, p2, p3] of MILLS) {
      logMills(x, o);
      // continued-fraction branch (x ≤ −5): 8 ulp. Φ/φ branch (−5 < x ≤ 0): ψ' and ψ'' are
      // differences of O(1) quantities: the k-th derivative loses up to a factor (1 + x²)^k.
      const f = x <= -5 ? 1 : 1 + x * x;
      const k = x <= -5 ? 8 : 32;
      expect(Math.abs(o[0] - R), `R(${x})`).toBeLessThanOrEqual(8 * EPS * R);
      expect(Math.abs(o[1] - p1), `psi(${x})`).toBeLessThanOrEqual(k * f * EPS * p1);
      expect(Math.abs(o[2] - p2), `psi'(${x})`).toBeLessThanOrEqual(k * f * f * EPS * p2);
      expect(Math.abs(o[3] - p3), `psi''(${x})`).toBeLessThanOrEqual(k * f * f * f * EPS * p3);
    }
  });
  it("is NaN for NaN", () => {
    const o = new Float64Array(4);
    logMills(NaN, o);
    expect([...o].every(Number.isNaN)).toBe(true);
  });
});

describe("reflectedTerm", () => {
  it("equals e^E·Φ(x) with its L-derivatives on both sides of the switch", () => {
    // τ(L) = e^{pL}Φ(aL + c): E = pL, x = aL + c, Q = E − x²/2
    const o = new Float64Array(3);
    for (const [p, a, c] of [[0.7, 2, -3], [-1.3, -4, -1], [2, 3, -20], [0.1, 10, -5.2]] as const) {
      for (const L of [-0.3, 0, 0.25]) {
        const E = p * L, x = a * L + c;
        reflectedTerm(E, x, E - 0.5 * x * x, p, a, p - x * a, -a * a, o);
        const N = normCdf(x), n = normPdf(x), e = Math.exp(E);
        const v = e * N, v1 = e * (p * N + a * n), v2 = e * (p * p * N + 2 * p * a * n - a * a * x * n);
        const tol = (ref: number, mag: number) => 64 * EPS * Math.max(Math.abs(ref), mag);
        expect(Math.abs(o[0] - v), `v p=${p} L=${L}`).toBeLessThanOrEqual(tol(v, 0));
        expect(Math.abs(o[1] - v1), `v1 p=${p} L=${L}`).toBeLessThanOrEqual(tol(v1, e * (Math.abs(p) * N + Math.abs(a) * n)));
        expect(Math.abs(o[2] - v2), `v2 p=${p} L=${L}`)
          .toBeLessThanOrEqual(tol(v2, e * (p * p * N + Math.abs(2 * p * a * n) + Math.abs(a * a * x * n))) * 8);
      }
    }
  });
  it("does not overflow where (H/S)^{2μ} would (σ → 0) and returns exact zeros on underflow", () => {
    const o = new Float64Array(3);
    // E = 1e6 alone overflows; with x = −2000 the product is e^Q·R(x)/√(2π) with Q = −50
    const x = -2000, Q = -50;
    reflectedTerm(1e6, x, Q, 3e6, -1e4, 10, -1e8, o);
    expect(o[0]).toBeCloseTo((Math.exp(Q) * (1 / 2000)) / Math.sqrt(2 * Math.PI), 25);
    expect(o.every(Number.isFinite)).toBe(true);
    reflectedTerm(-1e6, 1, -1e6, 1e9, 1, 0, 0, o);
    expect([...o]).toEqual([0, 0, 0]);
  });
  it("plainTerm is Φ, φ·xL, −x·φ·xL²", () => {
    const o = new Float64Array(3);
    plainTerm(-1.5, 2, o);
    expect(o[0]).toBe(normCdf(-1.5));
    expect(o[1]).toBe(2 * normPdf(-1.5));
    expect(Math.abs(o[2] - 4 * 1.5 * normPdf(-1.5))).toBeLessThanOrEqual(4 * EPS);
    plainTerm(NaN, 1, o);
    expect(o[0]).toBeNaN();
  });
});

describe("reflectedPair", () => {
  /** mpmath (60 digits): τ(l) = e^{p(l − L)}·[Φ(al + c + δ) − Φ(al + c)] and τ', τ'' at L = 0.25. */
  const PAIRS: Array<[number, number, number, number, number, number, number]> = [
    [0.7, 2, -3, 1e-9, 1.7528300515478914086e-11, 9.991131292070150899e-11, 4.993812814861716275e-10],
    // Haug's C − D at σ = 1e-4, r = 0.15, one minute: each term's τ'' is ~1e15, the pair's 8e8
    [-3e7, -7e6, 1750001, -7e-6, -1.6938009999167540938e-6, 38.957464496258256426, -813026388.87735153719],
    [2, 3, -20, 0.04, 8.2051568057206873397e-83, 4.8970331267760163011e-81, 2.9152823910359485203e-79],
    [0, 1, 0, 1e-8, 3.8666811631951406299e-9, -9.6667031013219096539e-10, -3.6250135808287413076e-9],
    [1e3, -1e3, 244, 0.01, 6.2617542795457445337e-11, -3.1277149819302756804e-7, 0.0014996609878412797925],
  ];
  it("equals e^E·[Φ(x + δ) − Φ(x)] and its L-derivatives to a few ulp where the direct difference cancels", () => {
    const o = new Float64Array(3);
    const L = 0.25;
    for (const [p, a, c, d, v, v1, v2] of PAIRS) {
      const x = a * L + c; // E = 0 at L, so Q = −x²/2, Q_L = p − a·x, Q_LL = −a²
      expect(usePair(x, d)).toBe(true);
      reflectedPair(x, d, -0.5 * x * x, a, p - a * x, -a * a, o);
      // value and τ' 16 ulp; τ'' is ∫f·(Q_L² − a²), a difference that the pair itself has: 64 ulp of
      // ∫f·(Q_L² + a²) ≤ (|τ''| + 2a²|τ|)
      expect(Math.abs(o[0] - v), `v ${c}`).toBeLessThanOrEqual(16 * EPS * Math.abs(v));
      expect(Math.abs(o[1] - v1), `v1 ${c}`)
        .toBeLessThanOrEqual(16 * EPS * (Math.abs(v1) + Math.abs(p - a * x) * Math.abs(v)));
      expect(Math.abs(o[2] - v2), `v2 ${c}`).toBeLessThanOrEqual(64 * EPS * (Math.abs(v2) + 2 * a * a * Math.abs(v)));
    }
  });
  it("is used only where the two terms are within a factor of about e^{±1}", () => {
    expect(usePair(-3, 0.3)).toBe(true);
    expect(usePair(-3, 0.4)).toBe(false);
    expect(usePair(0, 1)).toBe(true);
    expect(usePair(0, -1.01)).toBe(false);
    expect(usePair(NaN, 0)).toBe(false);
  });
});
