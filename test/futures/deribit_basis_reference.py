#!/usr/bin/env python3
"""Independent check of gexray's basis term structure on a Deribit book summary (stdlib only).

Own parsing (csv module), own expiry dates, the per-expiry median of `underlying_price` over every
row (statistics.median), days from the earliest creation_timestamp to 08:00 UTC, ACT/365 simple
basis, expiries under MIN_DAYS left out, and the constant maturity by Coin Metrics' forward-yield
formula (y = (b_back T_back - b_front T_front)/(T_back - T_front);
basis = (b_front T_front + y (T - T_front)) / T), not gexray's linear-premium form.
Prints JSON: {"spot", "contracts": {label: {"days", "forward", "basis"}}, "cm": {tenor: basis|null}}.
"""
import csv
import datetime as dt
import json
import statistics
import sys

MONTHS = {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}
MIN_DAYS = 7.0
YEAR = 365.0


def main(path, tenors):
    rows = list(csv.DictReader(open(path, newline="")))
    t0 = min(int(r["creation_timestamp"]) for r in rows)
    first = min(rows, key=lambda r: int(r["creation_timestamp"]))
    spot = float(first["estimated_delivery_price"])
    fwd = {}
    for r in rows:
        label = r["instrument_name"].split("-")[1]
        fwd.setdefault(label, []).append(float(r["underlying_price"]))
    contracts = {}
    for label, values in fwd.items():
        day, mon, yy = int(label[:-5]), MONTHS[label[-5:-2]], 2000 + int(label[-2:])
        expiry = dt.datetime(yy, mon, day, 8, tzinfo=dt.timezone.utc).timestamp() * 1000
        days = (expiry - t0) / 86400000.0
        if days < MIN_DAYS:
            continue
        f = statistics.median(values)
        contracts[label] = {"days": days, "forward": f, "basis": (f / spot - 1) * YEAR / days}
    ordered = sorted(contracts.values(), key=lambda c: c["days"])
    cm = {}
    for tenor in tenors:
        front = [c for c in ordered if c["days"] < tenor]
        back = [c for c in ordered if c["days"] >= tenor]
        if not back:
            cm[str(tenor)] = None
            continue
        b = back[0]
        if not front:
            cm[str(tenor)] = b["basis"]
            continue
        f = front[-1]
        tf, tb, t = f["days"] / YEAR, b["days"] / YEAR, tenor / YEAR
        y = (b["basis"] * tb - f["basis"] * tf) / (tb - tf)
        cm[str(tenor)] = (f["basis"] * tf + y * (t - tf)) / t
    json.dump({"spot": spot, "contracts": contracts, "cm": cm}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], [int(x) for x in sys.argv[2].split(",")])
