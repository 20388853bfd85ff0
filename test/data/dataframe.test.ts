import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { Chain } from "../../src/data/chain.js";
import { InputError } from "../../src/data/errors.js";
import { loadGeneric } from "../../src/data/generic.js";

const REAL = new URL("../fixtures/real/", import.meta.url);
const YEAR_MS = 365 * 86400 * 1000;
const danfoLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes("danfojs-node"));

/** The real Deribit book summary (forwards per expiry) as a generic chain, with a dealer position per contract. */
function deribitChain(): Chain {
  const lines = readFileSync(new URL("deribit_btc_book_summary_2024-03-12T0557Z.csv", REAL), "utf8").trim().split("\n");
  const head = lines[0]!.split(",");
  const at = (name: string) => head.indexOf(name);
  const out = ["expiry,strike,type,open_interest,iv,forward,dealer_position,underlying"];
  lines.slice(1).forEach((l, k) => {
    const f = l.split(",");
    const [u, expiry, strike, cp] = f[at("instrument_name")]!.split("-");
    out.push([expiry, strike, cp, f[at("open_interest")], f[at("mark_iv")], f[at("underlying_price")], (k % 7) - 3, u].join(","));
  });
  return loadGeneric(out.join("\n"), "deribit.csv", {
    spot: 72011.29, asOf: "2024-03-12T05:57:12.940Z", ivPercent: true, expiryTime: "08:00", expiryZone: "UTC",
  }).chain;
}

describe("dataframe interop", () => {
  it("importing the module does not import danfojs-node (it is loaded on first use)", async () => {
    await import("../../src/data/dataframe.js");
    expect(danfoLoaded()).toBe(false);
  });

  it("toDataFrame gives the documented columns: type call/put, expiry ISO 8601, numbers unchanged", async () => {
    const { toDataFrame } = await import("../../src/data/dataframe.js");
    const chain = deribitChain();
    const df = await toDataFrame(chain);
    expect(danfoLoaded()).toBe(true);
    expect(df.columns).toEqual(["type", "strike", "expiry", "time", "open_interest", "multiplier", "iv", "forward", "dealer_position", "root"]);
    expect(df.shape).toEqual([chain.length, 10]);
    const i = chain.expiry.indexOf(Date.UTC(2024, 2, 29, 8));
    expect(df.column("expiry").values[i]).toBe("2024-03-29T08:00:00Z");
    const types = df.column("type").values as string[];
    expect(new Set(types)).toEqual(new Set(["call", "put"]));
    expect(types.filter((t) => t === "call").length).toBe(chain.type.filter((t) => t === 1).length);
    expect(df.column("iv").values).toEqual(Array.from(chain.iv));
    expect(df.column("root").values[0]).toBe("BTC");
  });

  it("fromDataFrame(toDataFrame(chain)) rebuilds the chain exactly (lines become row numbers)", async () => {
    const { fromDataFrame, toDataFrame } = await import("../../src/data/dataframe.js");
    const chain = deribitChain();
    const back = fromDataFrame(await toDataFrame(chain), chain);
    for (const key of ["type", "strike", "expiry", "time", "openInterest", "multiplier", "iv", "forward", "position", "root"] as const) {
      expect(back[key], key).toEqual(chain[key]);
    }
    expect([back.underlying, back.spot, back.asOf, back.rate, back.dividend]).toEqual([chain.underlying, chain.spot, chain.asOf, chain.rate, chain.dividend]);
    expect(back.length).toBe(chain.length);
    expect(back.line[0]).toBe(1);
    expect(back.vendor).toBeNull();
  });

  it("without a time column, time is (expiry − asOf) / (365 × 86400 s); without positions, position is null", async () => {
    const { fromDataFrame } = await import("../../src/data/dataframe.js");
    const { DataFrame } = await import("danfojs-node");
    const df = new DataFrame({
      type: ["C", "put"], strike: [70000, 65000], expiry: ["2024-03-29T08:00:00Z", Date.UTC(2024, 3, 26, 8)],
      open_interest: [10, 0], multiplier: [1, 1], iv: [0.6, 0.7],
    });
    const asOf = { epochMs: Date.UTC(2024, 2, 12, 8), zone: "UTC" };
    const chain = fromDataFrame(df, { underlying: "BTC", asOf, spot: 72000, rate: 0, dividend: 0 });
    expect([...chain.time]).toEqual([(17 * 86400e3) / YEAR_MS, (45 * 86400e3) / YEAR_MS]);
    expect([...chain.type]).toEqual([1, -1]);
    expect(chain.position).toBeNull();
    expect(chain.forward[0]).toBeNaN();
    expect(chain.root).toEqual(["BTC", "BTC"]);
  });

  it("an empty chain gives an empty frame and back", async () => {
    const { fromDataFrame, toDataFrame } = await import("../../src/data/dataframe.js");
    const empty = deribitChain();
    const none: Chain = { ...empty, length: 0, type: new Int8Array(0), strike: new Float64Array(0), expiry: new Float64Array(0), time: new Float64Array(0),
      openInterest: new Float64Array(0), multiplier: new Float64Array(0), iv: new Float64Array(0), forward: new Float64Array(0), position: null, root: [], line: new Int32Array(0) };
    const df = await toDataFrame(none);
    expect(df.shape).toEqual([0, 9]);
    expect(fromDataFrame(df, none).length).toBe(0);
  });

  it("bad frames give an InputError naming the row and column", async () => {
    const { fromDataFrame } = await import("../../src/data/dataframe.js");
    const { DataFrame } = await import("danfojs-node");
    const header = { underlying: "X", asOf: { epochMs: Date.UTC(2024, 0, 1), zone: "UTC" }, spot: 100, rate: 0, dividend: 0 };
    const base = { type: ["call", "put"], strike: [100, 90], expiry: ["2024-02-01", "2024-02-01"], open_interest: [1, 1], multiplier: [100, 100], iv: [0.2, 0.3] };
    const fails = (data: Record<string, unknown[]>) => {
      try {
        fromDataFrame(new DataFrame(data), header);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error("did not throw");
    };
    expect(fails({ ...base, strike: [100, -90] })).toBe("DataFrame:2: strike: must be a price > 0 (got -90)");
    expect(fails({ ...base, type: ["call", "straddle"] })).toBe("DataFrame:2: type: must be call or put (got straddle)");
    expect(fails({ ...base, expiry: ["2024-02-01", "2023-12-01"] })).toBe("DataFrame:2: expiry: expiry 2023-12-01 is not after the as-of time");
    const { iv: _iv, ...noIv } = base;
    expect(fails(noIv)).toBe("DataFrame: iv: missing column 'iv' (found: type, strike, expiry, open_interest, multiplier)");
  });
});
