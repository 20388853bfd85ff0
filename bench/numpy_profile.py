#!/usr/bin/env python3
"""Independent numpy implementation of gexray's dealer profile (DESIGN.md conventions).

Two jobs:
  * the performance baseline of `npm run bench` (a vectorized numpy implementation of the same
    method: every contract at every grid point, Black-Scholes-Merton / Black-76 greeks, summed with
    matrix-vector products), and
  * the independent reference of test/exposure/numpyReference.test.ts on the real snapshots.

It shares no code with gexray: its own file parsing (CBOE quote exports, Deribit book summaries,
the IBIT JSON chain, generic CSV) and its own textbook greek formulas (Haug 2007; Hull):

  d1 = (ln(S/K) + (r - q + sigma^2/2) T) / (sigma sqrt(T)),  d2 = d1 - sigma sqrt(T)
  gamma = e^{-qT} phi(d1) / (S sigma sqrt(T))
  vanna = -e^{-qT} phi(d1) d2 / sigma
  charm(call) =  q e^{-qT} N(d1)  - e^{-qT} phi(d1) (2 (r-q) T - d2 sigma sqrt(T)) / (2 T sigma sqrt(T))
  charm(put)  = -q e^{-qT} N(-d1) - e^{-qT} phi(d1) (2 (r-q) T - d2 sigma sqrt(T)) / (2 T sigma sqrt(T))
  delta(call) = e^{-qT} N(d1),  delta(put) = -e^{-qT} N(-d1)

Dealer weight W = sign x OI x multiplier (naive: +calls, -puts). Dollar gamma = sum W gamma S^2 0.01,
dollar vanna = sum W vanna S 0.01, dollar charm = sum W charm S / 365 (USD of dealer delta per 1%
move / per vol point / per calendar day). T = seconds from as-of to expiry / (365 x 86400); a
contract with T <= 0, zero open interest or an unusable IV is left out. A venue forward F (Deribit
underlying_price) gives Black-76 with the forward moving with spot: q = r - ln(F/S)/T.

Usage: numpy_profile.py FILE [--format cboe|deribit|json|generic] [--spot S] [--asof ISO]
         [--range 0.8:1.2] [--steps 500] [--log-grid] [--rate R] [--dividend Q]
         [--multiplier M] [--chunk-elements N] [--out FILE]
Prints (or writes) one JSON document.
"""
import argparse
import csv
import io
import json
import math
import re
import sys
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np

try:  # an accurate normal CDF when scipy is around; math.erfc otherwise
    from scipy.special import ndtr as _ndtr

    def norm_cdf(x):
        return _ndtr(x)
except ImportError:  # pragma: no cover
    _erfc = np.frompyfunc(math.erfc, 1, 1)

    def norm_cdf(x):
        return 0.5 * _erfc(-np.asarray(x) / math.sqrt(2.0)).astype(float)

NY = ZoneInfo("America/New_York")
UTC = timezone.utc
YEAR_S = 365.0 * 86400.0
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}


class Contracts:
    """Column arrays of the usable contracts."""

    def __init__(self):
        self.cols = {k: [] for k in ("w", "K", "exp", "oi", "mult", "iv", "fwd")}
        self.dropped = {"expired": 0, "zero_oi": 0, "bad_iv": 0, "invalid": 0}

    def add(self, w, K, exp_s, oi, mult, iv, fwd, asof_s, iv_ok=None):
        if not (K > 0) or not math.isfinite(K) or not math.isfinite(exp_s):
            self.dropped["invalid"] += 1
            return
        if exp_s - asof_s <= 0:
            self.dropped["expired"] += 1
            return
        if not (oi >= 0):
            self.dropped["invalid"] += 1
            return
        if oi == 0:
            self.dropped["zero_oi"] += 1
            return
        ok = (iv > 0 and math.isfinite(iv)) if iv_ok is None else iv_ok(iv)
        if not ok:
            self.dropped["bad_iv"] += 1
            return
        for k, v in zip(("w", "K", "exp", "oi", "mult", "iv", "fwd"), (w, K, exp_s, oi, mult, iv, fwd)):
            self.cols[k].append(v)

    def arrays(self):
        return {k: np.asarray(v, dtype=float) for k, v in self.cols.items()}


def stamp(dt):
    """Seconds since the epoch, kept to the millisecond as gexray's instants are (the IBIT file has microseconds)."""
    return round(dt.timestamp() * 1000.0) / 1000.0


def num(text):
    t = text.strip().replace(",", "")
    if t == "":
        return float("nan")
    try:
        return float(t)
    except ValueError:
        return float("nan")


# ---------------------------------------------------------------- CBOE quote-table export
def parse_cboe(text):
    rows = list(csv.reader(io.StringIO(text)))
    head = next(i for i, r in enumerate(rows) if r and r[0].strip() == "Expiration Date")
    spot = asof = None
    for r in rows[:head]:
        for f in r:
            f = f.strip()
            if f.startswith("Last:") and spot is None:
                spot = num(f[5:])
            if f.startswith("Date:") and asof is None:
                asof = cboe_date(f)
    hdr = [h.strip() for h in rows[head]]
    c_sym, k_col, p_sym = hdr.index("Calls"), hdr.index("Strike"), hdr.index("Puts")
    c_iv = hdr.index("IV", c_sym)
    c_oi = hdr.index("Open Interest", c_sym)
    p_iv = hdr.index("IV", p_sym)
    p_oi = hdr.index("Open Interest", p_sym)
    asof_s = stamp(asof)
    out = Contracts()
    roots = {}
    for r in rows[head + 1:]:
        if not r or all(not f.strip() for f in r):
            continue
        if len(r) != len(hdr):
            out.dropped["invalid"] += 2
            continue
        K = num(r[k_col])
        for w, sym_col, iv_col, oi_col in ((1, c_sym, c_iv, c_oi), (-1, p_sym, p_iv, p_oi)):
            m = re.match(r"^([A-Z]+)(\d{2})(\d{2})(\d{2})([CP])(\d{8})$", r[sym_col].strip())
            if not m:
                out.dropped["invalid"] += 1
                continue
            root = m.group(1)
            fam = {"SPXW": "SPX", "NDXP": "NDX", "RUTW": "RUT"}.get(root, root)
            roots[fam] = roots.get(fam, 0) + 1
            y, mo, d = 2000 + int(m.group(2)), int(m.group(3)), int(m.group(4))
            # AM-settled monthlies (SPX, NDX, RUT roots) at 09:30 New York, the rest at 16:00
            hh, mm = (9, 30) if root in ("SPX", "NDX", "RUT") else (16, 0)
            exp = datetime(y, mo, d, hh, mm, tzinfo=NY).timestamp()
            out.add(w, K, exp, num(r[oi_col]), 100.0, num(r[iv_col]), float("nan"), asof_s)
    underlying = max(roots, key=roots.get) if roots else "?"
    return out, spot, asof, underlying


def cboe_date(field):
    # "Date: January 7, 2024 at 10:52 AM EST" or "Date: February 5 2022, 8:26 PM EST"
    m = re.search(r"Date:\s*([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4}),?\s*(?:at\s+)?(\d{1,2}):(\d{2})\s*([AP]M)", field)
    mon, day, year, hh, mm, ap = m.groups()
    h = int(hh) % 12 + (12 if ap == "PM" else 0)
    return datetime(int(year), MONTHS[mon[:3].lower()], int(day), h, int(mm), tzinfo=NY)


# ---------------------------------------------------------------- Deribit book summary
def parse_deribit(text):
    rows = list(csv.DictReader(io.StringIO(text)))
    # as-of: the earliest creation_timestamp; spot: that row's estimated_delivery_price (the index)
    first = min(rows, key=lambda r: int(r["creation_timestamp"]))
    asof = datetime.fromtimestamp(int(first["creation_timestamp"]) / 1000.0, tz=UTC)
    spot = num(first["estimated_delivery_price"])
    rate = num(first.get("interest_rate", "")) if first.get("interest_rate", "") != "" else 0.0
    parsed = []
    for r in rows:
        m = re.match(r"^([A-Z]+)-(\d{1,2})([A-Z]{3})(\d{2})-([\d.]+)-([CP])$", r["instrument_name"].strip())
        if not m:
            parsed.append(None)
            continue
        day, mon, yy = int(m.group(2)), MONTHS[m.group(3).lower()], 2000 + int(m.group(4))
        exp = datetime(yy, mon, day, 8, 0, tzinfo=UTC).timestamp()  # Deribit expiries 08:00 UTC
        parsed.append((1 if m.group(6) == "C" else -1, float(m.group(5)), exp, num(r["underlying_price"])))
    # a forward more than 0.3% off its expiry's median (all rows of the expiry) is stale: use the median
    by_exp = {}
    for p in parsed:
        if p is not None and p[3] > 0:
            by_exp.setdefault(p[2], []).append(p[3])
    med = {e: float(np.median(v)) for e, v in by_exp.items()}
    out = Contracts()
    for r, p in zip(rows, parsed):
        if p is None:
            out.dropped["invalid"] += 1
            continue
        w, K, exp, fwd = p
        if exp in med and (not fwd > 0 or abs(fwd / med[exp] - 1) > 0.003):
            fwd = med[exp]
        out.add(w, K, exp, num(r["open_interest"]), 1.0, num(r["mark_iv"]) / 100.0, fwd, stamp(asof))
    return out, spot, asof, "BTC", rate


# ---------------------------------------------------------------- IBIT JSON chain
IV_FLOOR, IV_CAP = 0.001, 5.0


def bsm_price(w, S, K, T, sig, r, q):
    sd = sig * math.sqrt(T)
    d1 = (math.log(S / K) + (r - q + 0.5 * sig * sig) * T) / sd
    d2 = d1 - sd
    N = lambda x: 0.5 * math.erfc(-x / math.sqrt(2.0))
    return w * (S * math.exp(-q * T) * N(w * d1) - K * math.exp(-r * T) * N(w * d2))


def implied_vol(w, S, K, T, price, r, q):
    """BSM implied vol by bracketing on [1e-6, 20] (scipy's brentq); NaN when no vol reproduces the price."""
    from scipy.optimize import brentq

    f = lambda s: bsm_price(w, S, K, T, s, r, q) - price
    lo, hi = 1e-6, 20.0
    if f(lo) > 0 or f(hi) < 0:
        return float("nan")
    return brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)


def parse_ibit_json(text):
    doc = json.loads(text)
    spot = float(doc["underlyingPrice"])
    asof = datetime.fromisoformat(doc["updated"])
    g = doc.get("greeks") or {}
    r = float(g["riskFreeRate"]) if isinstance(g.get("riskFreeRate"), (int, float)) else 0.0
    q_div = float(g["dividendYield"]) if isinstance(g.get("dividendYield"), (int, float)) else 0.0
    out = Contracts()
    repaired = 0
    for qt in doc["quotes"]:
        y, mo, d = (int(x) for x in qt["expiration"].split("-"))
        exp = datetime(y, mo, d, 16, 0, tzinfo=NY).timestamp()  # US ETF options: 16:00 New York
        w = 1 if qt["side"] == "call" else -1
        K = float(qt["strike"])
        oi = qt.get("openInterest")
        T = (exp - stamp(asof)) / YEAR_S
        if oi is None:  # missing, not zero: unusable
            if T > 0:
                out.dropped["invalid"] += 1
            else:
                out.dropped["expired"] += 1
            continue
        iv = qt.get("iv")
        iv = float("nan") if iv is None else float(iv)
        if T > 0 and float(oi) > 0 and not (IV_FLOOR < iv <= IV_CAP):
            # junk IV: repair from the mid price (mid, else the bid/ask average) by BSM implied vol
            mid = qt.get("mid")
            mid = float(mid) if isinstance(mid, (int, float)) and mid > 0 else float("nan")
            if math.isnan(mid):
                bid, ask = qt.get("bid"), qt.get("ask")
                if isinstance(bid, (int, float)) and isinstance(ask, (int, float)) and bid > 0 and ask >= bid:
                    mid = 0.5 * (bid + ask)
            iv = implied_vol(w, spot, K, T, mid, r, q_div) if not math.isnan(mid) else float("nan")
            repaired += 1
        out.add(w, K, exp, float(oi), 100.0, iv, float("nan"), stamp(asof),
                iv_ok=lambda v: IV_FLOOR < v <= IV_CAP)
    return out, spot, asof, doc.get("symbol", "?"), r, q_div


# ---------------------------------------------------------------- generic CSV
def parse_generic(path, multiplier, max_iv):
    import pandas as pd

    df = pd.read_csv(path)
    df.columns = [c.strip().lower().replace(" ", "_") for c in df.columns]
    exp_text = df["expiry"].astype(str)
    uniq = {}
    for t in exp_text.unique():
        if re.match(r"^\d{4}-\d{2}-\d{2}$", t):
            y, mo, d = (int(x) for x in t.split("-"))
            uniq[t] = datetime(y, mo, d, 16, 0, tzinfo=NY).timestamp()  # a date alone: 16:00 New York
        else:
            uniq[t] = datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()
    exp = exp_text.map(uniq).to_numpy(dtype=float)
    typ = df["type"].astype(str).str.strip().str.lower().str[0].map({"c": 1.0, "p": -1.0}).to_numpy(dtype=float)
    mult = df["multiplier"].to_numpy(dtype=float) if "multiplier" in df else np.full(len(df), multiplier)
    fwd = df["forward"].to_numpy(dtype=float) if "forward" in df else np.full(len(df), np.nan)
    return {"w": typ, "K": df["strike"].to_numpy(dtype=float), "exp": exp,
            "oi": df["open_interest"].to_numpy(dtype=float), "mult": mult,
            "iv": df["iv"].to_numpy(dtype=float), "fwd": fwd}


def filter_generic(c, asof_s, max_iv):
    """Vectorized exclusion for the generic CSV (same order as Contracts.add)."""
    keep = np.ones(len(c["K"]), dtype=bool)
    dropped = {}
    bad = ~(c["K"] > 0) | ~np.isfinite(c["w"])
    dropped["invalid"] = int(bad.sum()); keep &= ~bad
    exp = keep & ~(c["exp"] - asof_s > 0)
    dropped["expired"] = int(exp.sum()); keep &= ~exp
    z = keep & (c["oi"] == 0)
    dropped["zero_oi"] = int(z.sum()); keep &= ~z
    b = keep & ~((c["iv"] > 0) & (c["iv"] <= max_iv))
    dropped["bad_iv"] = int(b.sum()); keep &= ~b
    return {k: v[keep] for k, v in c.items()}, dropped


# ---------------------------------------------------------------- the profile
def contract_terms(c, S, asof_s, r, q_div):
    T = (c["exp"] - asof_s) / YEAR_S
    fwd = c["fwd"]
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.where(fwd > 0, r - np.log(fwd / S) / T, q_div)
    W = c["w"] * c["oi"] * c["mult"]
    return T, q, W


def profile(c, S, asof_s, grid, r, q_div, chunk_elements=65_536):
    """Dollar gamma, vanna, charm at every grid price: vectorized, chunk by chunk of contracts."""
    T, q, W = contract_terms(c, S, asof_s, r, q_div)
    K, sig, w = c["K"], c["iv"], c["w"]
    m = len(grid)
    lnP = np.log(grid)
    g = np.zeros(m); v = np.zeros(m); ch = np.zeros(m)
    g_abs = np.zeros(m)
    carry = bool(np.any(q != 0))
    chunk = max(1, chunk_elements // m)
    for a in range(0, len(K), chunk):
        sl = slice(a, a + chunk)
        Tc, qc, Wc, Kc, sc, wc = T[sl], q[sl], W[sl], K[sl], sig[sl], w[sl]
        sd = sc * np.sqrt(Tc)
        b = r - qc
        dq = np.exp(-qc * Tc)
        d1 = (lnP[None, :] - np.log(Kc)[:, None] + ((b + 0.5 * sc * sc) * Tc)[:, None]) / sd[:, None]
        d2 = d1 - sd[:, None]
        phi = np.exp(-0.5 * d1 * d1)
        phi *= INV_SQRT_2PI
        # gamma x S^2 x 0.01 = dq phi S 0.01 / sd: the S factor is applied after the sum
        cg = Wc * dq / sd
        g += cg @ phi
        g_abs += np.abs(cg) @ phi
        pd2 = phi * d2
        v += (-Wc * dq / sc) @ pd2
        # charm's density part: -dq phi (2 b T - d2 sd) / (2 T sd)
        ch += (-Wc * dq * 2 * b * Tc / (2 * Tc * sd)) @ phi + (Wc * dq * sd / (2 * Tc * sd)) @ pd2
        if carry:
            Nw = norm_cdf(wc[:, None] * d1)
            ch += (Wc * wc * qc * dq) @ Nw
    return 0.01 * grid * g, 0.01 * grid * v, grid / 365.0 * ch, 0.01 * grid * g_abs


def at_spot(c, S, asof_s, r, q_div):
    T, q, W = contract_terms(c, S, asof_s, r, q_div)
    K, sig, w = c["K"], c["iv"], c["w"]
    sd = sig * np.sqrt(T)
    b = r - q
    dq = np.exp(-q * T)
    d1 = (np.log(S / K) + (b + 0.5 * sig * sig) * T) / sd
    d2 = d1 - sd
    phi = INV_SQRT_2PI * np.exp(-0.5 * d1 * d1)
    Nw = norm_cdf(w * d1)
    gam = W * dq * phi / (S * sd) * S * S * 0.01
    van = W * (-dq * phi * d2 / sig) * S * 0.01
    chm = W * (w * q * dq * Nw - dq * phi * (2 * b * T - d2 * sd) / (2 * T * sd)) * S / 365.0
    dlt = W * w * dq * Nw
    # rounding condition of each term, for comparisons: exp(-d1^2/2) carries |d1|·δd1 ≈ d1²·ε, and a
    # yield implied from a forward carries ε/|ln(F/S)|
    with np.errstate(divide="ignore", invalid="ignore"):
        cfwd = np.where(c["fwd"] > 0, np.maximum(1.0, 1.0 / np.abs(np.log(c["fwd"] / S))), 1.0)
    cond = (1.0 + d1 * d1) * cfwd
    return T, gam, van, chm, dlt, cond


def crossings(grid, y):
    out = []
    last_s, last_k = 0, -1
    for k in range(len(y)):
        if y[k] == 0:
            continue
        s = 1 if y[k] > 0 else -1
        if last_s and s != last_s:
            if last_k == k - 1:
                out.append(grid[last_k] + (grid[k] - grid[last_k]) * y[last_k] / (y[last_k] - y[k]))
            else:
                out.append(0.5 * (grid[last_k + 1] + grid[k - 1]))
        last_s, last_k = s, k
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--format", choices=["cboe", "deribit", "json", "generic"])
    ap.add_argument("--spot", type=float)
    ap.add_argument("--asof")
    ap.add_argument("--range", default="0.8:1.2")
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--log-grid", action="store_true")
    ap.add_argument("--rate", type=float, default=None)
    ap.add_argument("--dividend", type=float, default=None)
    ap.add_argument("--multiplier", type=float, default=1.0)
    ap.add_argument("--max-iv", type=float, default=5.0, help="generic CSV: IVs above this (decimal) are junk")
    ap.add_argument("--chunk-elements", type=int, default=65_536,
                    help="contract-points per vectorized block (64k, cache-sized, was the fastest of 16k-256k on the bench machine)")
    ap.add_argument("--out")
    a = ap.parse_args()
    t0 = time.perf_counter()
    fmt = a.format
    if fmt is None:
        fmt = "json" if a.file.endswith(".json") else None
    if fmt != "generic":
        with open(a.file, encoding="utf-8-sig") as fh:
            text = fh.read()
        if fmt is None:
            fmt = "cboe" if "Expiration Date" in text[:5000] else "deribit" if "instrument_name" in text[:2000] else "generic"
    if fmt == "generic":
        c = parse_generic(a.file, a.multiplier, a.max_iv)
        spot = a.spot
        asof = datetime.fromisoformat(a.asof)
        if asof.tzinfo is None:
            asof = asof.replace(tzinfo=NY)
        c, dropped = filter_generic(c, stamp(asof), a.max_iv)
        underlying = "?"
    else:
        if fmt == "cboe":
            cs, spot, asof, underlying = parse_cboe(text)
        elif fmt == "deribit":
            cs, spot, asof, underlying, file_rate = parse_deribit(text)
            if a.rate is None:
                a.rate = file_rate
        else:
            cs, spot, asof, underlying, file_rate, file_div = parse_ibit_json(text)
            if a.rate is None:
                a.rate = file_rate
            if a.dividend is None:
                a.dividend = file_div
        c, dropped = cs.arrays(), cs.dropped
        if a.spot is not None:
            spot = a.spot
        if a.asof is not None:
            asof = datetime.fromisoformat(a.asof)
    if a.rate is None:
        a.rate = 0.0
    if a.dividend is None:
        a.dividend = 0.0
    t_load = time.perf_counter()
    lo, hi = (float(x) for x in a.range.split(":"))
    if a.log_grid:
        grid = np.exp(np.linspace(math.log(lo * spot), math.log(hi * spot), a.steps + 1))
    else:
        grid = np.linspace(lo * spot, hi * spot, a.steps + 1)
    grid[0], grid[-1] = lo * spot, hi * spot
    asof_s = stamp(asof)
    gam, van, chm, gam_abs = profile(c, spot, asof_s, grid, a.rate, a.dividend, a.chunk_elements)
    t_prof = time.perf_counter()
    T, g0, v0, c0, d0, cond = at_spot(c, spot, asof_s, a.rate, a.dividend)
    # per-strike sums at spot (calls and puts apart), walls
    strikes = np.unique(c["K"])
    idx = np.searchsorted(strikes, c["K"])
    call_g = np.bincount(idx, weights=np.where(c["w"] > 0, g0, 0.0), minlength=len(strikes))
    put_g = np.bincount(idx, weights=np.where(c["w"] < 0, g0, 0.0), minlength=len(strikes))
    call_wall = float(strikes[np.argmax(call_g)]) if np.any(call_g > 0) else None
    put_wall = float(strikes[np.argmin(put_g)]) if np.any(put_g < 0) else None
    absg = np.abs(call_g) + np.abs(put_g)
    abs_strike = float(strikes[np.argmax(absg)]) if len(strikes) and absg.max() > 0 else None
    exps = np.unique(c["exp"])
    by_exp = []
    for e in exps:
        sel = c["exp"] == e
        by_exp.append({"expiryEpochMs": e * 1000.0, "contracts": int(sel.sum()), "gamma": float(g0[sel].sum()),
                       "vanna": float(v0[sel].sum()), "charm": float(c0[sel].sum()),
                       "gammaCond": float((np.abs(g0) * cond)[sel].sum()), "vannaCond": float((np.abs(v0) * cond)[sel].sum()),
                       "charmCond": float((np.abs(c0) * cond)[sel].sum())})
    zeros = crossings(grid, gam)
    doc = {
        "format": fmt, "underlying": underlying, "spot": spot, "asOfEpochMs": asof_s * 1000.0,
        "used": int(len(c["K"])), "dropped": dropped,
        "grid": grid.tolist(), "gamma": gam.tolist(), "vanna": van.tolist(), "charm": chm.tolist(),
        "gammaAbsScale": gam_abs.tolist(),
        "atSpot": {"gamma": float(g0.sum()), "vanna": float(v0.sum()), "charm": float(c0.sum()),
                   "deltaUnderlying": float(d0.sum()),
                   "gammaCond": float((np.abs(g0) * cond).sum()), "vannaCond": float((np.abs(v0) * cond).sum()),
                   "charmCond": float((np.abs(c0) * cond).sum()), "deltaCond": float((np.abs(d0) * cond).sum())},
        "levels": {"zeroGamma": zeros, "callWall": call_wall, "putWall": put_wall, "absGammaStrike": abs_strike},
        "byExpiry": by_exp,
        "seconds": {"load": t_load - t0, "profile": t_prof - t_load, "total": time.perf_counter() - t0},
    }
    text = json.dumps(doc)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
