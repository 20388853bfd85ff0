#!/usr/bin/env python3
"""Independent reference for gexray's SVI fit (src/vol/fitSvi.ts): a brute-force search in numpy.

For each slice it searches a grid over (m, sigma, rho) and, at every grid point, solves the
remaining two parameters exactly: with m, sigma, rho fixed, raw SVI

    w(k) = a + b * (rho * (k - m) + sqrt((k - m)^2 + sigma^2))

is linear in (a, b), so weighted least squares gives them in closed form; b is then clamped to
the admissible [0, 2 / (1 + |rho|)] (Roger Lee's wing bound, as gexray uses), a re-solved, and a
raised where the slice's minimum total variance a + b*sigma*sqrt(1 - rho^2) would be negative
(gexray's rule too). It shares no code with gexray and uses a different decomposition (a grid in
rho where gexray solves (a, rho*b*sigma, b*sigma) exactly for each (m, sigma) by LU, mathjs).

The grid lies inside gexray's search domain, so gexray's continuous optimum must be at least as
good as the best grid point: the test asserts objective(gexray) <= objective(grid).

Input (stdin): {"slices": [{"k": [...], "w": [...], "weight": [...]}, ...]}
Output (stdout): {"slices": [{"objective": f, "params": [a, b, rho, m, sigma]}, ...]} where f is
the weighted mean squared error sum(weight * (w_fit - w)^2) / sum(weight).
"""
import json
import sys

import numpy as np


def fit(k, w, om):
    k = np.asarray(k, float)
    w = np.asarray(w, float)
    om = np.asarray(om, float)
    om = om / om.sum()
    lo, hi = k.min(), k.max()
    span = hi - lo
    ms = np.linspace(lo - span, hi + span, 41)
    ss = np.geomspace(1e-3 * span, 5 * span, 31)
    rhos = np.linspace(-1.0, 1.0, 41)
    best = (np.inf, None)
    sw = om.sum()
    mw = om @ w
    for m in ms:
        x = k - m  # (n,)
        for s in ss:
            r = np.sqrt(x * x + s * s)  # (n,)
            g = rhos[:, None] * x[None, :] + r[None, :]  # (R, n): w = a + b g
            mg = g @ om
            vg = (g * g) @ om - mg * mg / sw
            cov = g @ (om * w) - mg * mw / sw
            with np.errstate(divide="ignore", invalid="ignore"):
                b = np.where(vg > 0, cov / vg, 0.0)
            b = np.clip(b, 0.0, 2.0 / (1.0 + np.abs(rhos)))
            a = (mw - b * mg) / sw
            minw = a + b * s * np.sqrt(np.maximum(0.0, 1.0 - rhos * rhos))
            a = np.where(minw < 0, a - minw, a)
            res = a[:, None] + b[:, None] * g - w[None, :]
            f = (res * res) @ om
            j = int(np.argmin(f))
            if f[j] < best[0]:
                best = (float(f[j]), [float(a[j]), float(b[j]), float(rhos[j]), float(m), float(s)])
    return best


def main():
    doc = json.load(sys.stdin)
    out = []
    for sl in doc["slices"]:
        f, p = fit(sl["k"], sl["w"], sl["weight"])
        out.append({"objective": f, "params": p})
    json.dump({"slices": out}, sys.stdout)


if __name__ == "__main__":
    main()
