/**
 * Price validated contracts with the options library: vanilla (BSM / Black-76), barrier, or an
 * implied-vol solve followed by the greeks at that vol.
 *
 * @module
 */
import { barrier } from "../options/barrier.js";
import type { Greeks } from "../options/greeks.js";
import { impliedVol } from "../options/impliedVol.js";
import { vanilla } from "../options/vanilla.js";
import type { ContractSpec } from "./contractSpec.js";
import { UsageError } from "./errors.js";

/**
 * A priced contract: its terms, the vol used and the raw greeks (units: {@link Greeks}).
 *
 * @example
 * const { vol, implied, greeks } = priceContract(spec); // implied: vol was solved from spec.ivPrice
 */
export interface PricedContract {
  spec: ContractSpec;
  /** the vol the greeks were computed at (given, or implied from `spec.ivPrice`) */
  vol: number;
  /** true when `vol` was solved from `spec.ivPrice` */
  implied: boolean;
  greeks: Greeks;
}

/**
 * Price one contract.
 *
 * @throws RangeError from the library when the inputs are out of its domain
 * @example
 * const p = priceContract({ type: "call", spot: 100, strike: 100, time: 1, vol: 0.2, rate: 0.05, dividend: 0 });
 * p.greeks.price; // 10.450583572185565
 */
export function priceContract(spec: ContractSpec): PricedContract {
  const market = { spot: spec.spot, strike: spec.strike, time: spec.time, rate: spec.rate, dividend: spec.dividend };
  let vol = spec.vol;
  let implied = false;
  if (vol === undefined) {
    const target = spec.ivPrice;
    if (target === undefined) throw new UsageError("give vol or a price to solve it from");
    try {
      vol = impliedVol({ type: spec.type, price: target, ...market, ...(spec.forward !== undefined ? { forward: spec.forward } : {}) });
    } catch (err) {
      if (err instanceof RangeError) throw new RangeError(`no implied vol: ${err.message}`, { cause: err });
      throw err;
    }
    implied = true;
  }
  if (spec.barrier) {
    const b = spec.barrier;
    const greeks = barrier({ type: spec.type, barrier: b.kind, level: b.level, rebate: b.rebate, monitoring: b.monitoring, ...market, vol });
    return { spec, vol, implied, greeks };
  }
  const greeks = vanilla({ type: spec.type, ...market, vol, ...(spec.forward !== undefined ? { forward: spec.forward } : {}) });
  return { spec, vol, implied, greeks };
}

/**
 * Price contracts in order; a library error about a contract read from a file is re-thrown with
 * its `source` (file and line) in front.
 *
 * @throws RangeError `contracts.csv:3: <library message>`
 * @example
 * const priced = priceContracts(await readContractsCsv("data/demo_options.csv"));
 */
export function priceContracts(specs: readonly ContractSpec[]): PricedContract[] {
  const out: PricedContract[] = [];
  for (const spec of specs) {
    try {
      out.push(priceContract(spec));
    } catch (err) {
      if (spec.source && err instanceof RangeError) throw new RangeError(`${spec.source}: ${err.message}`, { cause: err });
      throw err;
    }
  }
  return out;
}
