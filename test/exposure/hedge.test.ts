import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTRY, loadContractRegistry } from "../../src/exposure/contracts.js";
import { hedgeFlows, hedgeInstruments, parseContractRegistry } from "../../src/exposure/hedge.js";

describe("the shipped registry (data/contracts.json)", () => {
  it("loads and lists the sizes the issue names, in underlying units", async () => {
    const reg = await loadContractRegistry();
    const size = (id: string) => reg.instruments.find((i) => i.id === id)?.size;
    expect(size("CME-BTC")).toBe(5);
    expect(size("CME-MBT")).toBe(0.1);
    expect(size("CME-ETH")).toBe(50);
    expect(size("CME-MET")).toBe(0.1);
    expect(size("CDE-BTC-NANO")).toBe(0.01);
    expect(size("CDE-ETH-NANO")).toBe(0.1);
    expect(size("CME-QBTC")).toBe(0.01);
    expect(size("CME-QETH")).toBe(0.2);
    expect(size("CME-QSOL")).toBe(5);
    expect(size("CME-QXRP")).toBe(250);
    expect(size("option-100")).toBe(100);
    // the Coinbase sizes are reported, not verified: marked so
    expect(reg.instruments.filter((i) => i.verify).map((i) => i.id).sort()).toEqual(["CDE-BTC-NANO", "CDE-ETH-NANO"]);
    expect(reg.instruments.every((i) => i.source.length > 10)).toBe(true);
  });

  it("matches instruments to the underlying: BTC futures for BTC, shares and option units for an ETF", async () => {
    const reg = await loadContractRegistry();
    expect(hedgeInstruments(reg, "BTC").map((i) => i.id)).toEqual(["CME-BTC", "CME-MBT", "CDE-BTC-NANO", "CME-QBTC"]);
    expect(hedgeInstruments(reg, "eth").map((i) => i.id)).toEqual(["CME-ETH", "CME-MET", "CDE-ETH-NANO", "CME-QETH"]);
    expect(hedgeInstruments(reg, "IBIT").map((i) => i.id)).toEqual(["shares", "option-100"]);
    expect(hedgeInstruments(reg, "SPX").map((i) => i.id)).toEqual(["CME-ES", "CME-MES", "option-100"]);
  });
});

describe("hedgeFlows", () => {
  const reg = parseContractRegistry(JSON.parse(readFileSync(DEFAULT_REGISTRY, "utf8")), "contracts.json");

  it("short-gamma dealers buy after a 1% rise: underlying = −dollarGamma/S, usd = −dollarGamma, contracts = units/size", () => {
    const h = hedgeFlows(-7.2e8, 72000, "BTC", reg);
    expect(h.underlying).toBe(10000);
    expect(h.usd).toBe(7.2e8);
    expect(h.contracts).toEqual({ "CME-BTC": 2000, "CME-MBT": 100000, "CDE-BTC-NANO": 1000000, "CME-QBTC": 1000000 });
  });
  it("long-gamma dealers sell after a rise", () => {
    const h = hedgeFlows(4.4e9, 44, "IBIT", reg);
    expect(h.underlying).toBe(-1e8);
    expect(h.contracts).toEqual({ shares: -1e8, "option-100": -1e6 });
  });
  it("zero gamma is a zero flow (no −0)", () => {
    const h = hedgeFlows(0, 100, "BTC", reg);
    expect(Object.is(h.underlying, 0) && Object.is(h.usd, 0)).toBe(true);
  });
  it("without a registry there are no contracts; bad spot is a RangeError", () => {
    expect(hedgeFlows(1, 1, "X").contracts).toEqual({});
    expect(() => hedgeFlows(1, 0, "X")).toThrow(RangeError);
    expect(() => hedgeFlows(NaN, 1, "X")).toThrow(RangeError);
  });
});

describe("registry validation names the file and field", () => {
  const ok = { id: "A", name: "a", venue: "v", underlyings: ["BTC"], size: 1, unit: "BTC", source: "somewhere long" };
  it("a non-positive size", () => {
    expect(() => parseContractRegistry({ instruments: [ok, { ...ok, id: "B", size: 0 }] }, "reg.json")).toThrow("reg.json: instruments[1].size: must be a finite number > 0 (got 0)");
  });
  it("a duplicate id", () => {
    expect(() => parseContractRegistry({ instruments: [ok, ok] }, "reg.json")).toThrow(/instruments\[1\]\.id: duplicate id "A"/);
  });
  it("no underlyings and no appliesTo", () => {
    const { underlyings: _u, ...rest } = ok;
    expect(() => parseContractRegistry({ instruments: [rest] }, "reg.json")).toThrow(/needs underlyings or appliesTo/);
  });
  it("invalid JSON names the line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gexray-reg-"));
    const f = join(dir, "reg.json");
    writeFileSync(f, '{\n  "instruments": [\n    { "id": "A", }\n  ]\n}\n');
    await expect(loadContractRegistry(f)).rejects.toThrow(/reg\.json:3: not valid JSON/);
    await expect(loadContractRegistry(join(dir, "missing.json"))).rejects.toThrow(/missing\.json: cannot read/);
  });
});
