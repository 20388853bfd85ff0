/**
 * `gexray price`: price one option or barrier option from flags, or a CSV of contracts, and print
 * the price and greeks with their units; or solve the implied vol from a price.
 *
 * @module
 */
import type { Command } from "commander";
import { CONTRACT_FIELDS, type ContractField } from "../contractSpec.js";
import { outputFormat, parseChoiceList } from "../options.js";

/** Flags of `gexray price`, as commander hands them over (all text; parsed in the action). */
interface PriceFlags {
  type?: string; spot?: string; strike?: string; time?: string; days?: string; vol?: string;
  rate?: string; dividend?: string; forward?: string; barrier?: string; level?: string;
  rebate?: string; monitoring?: string; ivPrice?: string; id?: string;
  input?: string; greeks?: string; json?: boolean; csv?: boolean; out?: string; wide?: boolean; color?: boolean;
}

const EXAMPLES = `
Examples:
  $ gexray price --type call --spot 97000 --strike 100000 --days 30 --vol 0.55 \\
      --greeks price,delta,gamma,vega,theta
  field               value  unit
  type      call
  spot       97000           currency per unit of underlying
  strike    100000           currency per unit of underlying
  time           0.0821918   years (calendar days / 365)
  vol            0.55        decimal per √year (0.55 = 55%)
  rate           0           decimal per year, continuous
  dividend       0           decimal per year, continuous
  price       4804.63        currency per unit of underlying
  delta          0.454488    ∂V/∂S, units of underlying
  gamma          2.59133e-5  ∂²V/∂S², per currency unit of spot
  vega       11021.9         ∂V/∂σ per 1.00 of vol
  theta     -36877.5         ∂V/∂t per year of calendar time

  $ gexray price --type put --spot 45 --strike 62.3 --days 30 --vol 0.6 --rate 0.04 \\
      --barrier down-in --level 43.6 --monitoring daily --json
  $ gexray price --input data/demo_options.csv --csv --out priced.csv
  $ gexray price --type call --spot 97000 --strike 100000 --days 30 --iv-price 4804.63

Monitoring: daily = one close per trading day (Δt = 1/252 year, Broadie–Glasserman–Kou), as for
notes; 1d = every calendar day (an explicit choice); <N>td = every N trading days.

Units: greeks are raw derivatives: vega, vanna, zomma per 1.00 of vol (÷100 per vol point);
theta, charm, color per year (÷365 per day); rho per 1.00 of rate; time in years.
Vol, rate and dividend are decimals (0.55) or percents (55%).
CSV input: a header with columns named like the flags (type,spot,strike,days,vol,…; "price" or
"iv_price" to solve the implied vol; "id" to label rows); a blank cell takes the flag's value.
`;

/** Commander attribute name of each contract field's flag. */
const FLAG_KEYS: Record<ContractField, keyof PriceFlags> = {
  id: "id", type: "type", spot: "spot", strike: "strike", time: "time", days: "days", vol: "vol",
  rate: "rate", dividend: "dividend", forward: "forward", barrier: "barrier", level: "level",
  rebate: "rebate", monitoring: "monitoring", iv_price: "ivPrice",
};

/**
 * Add `price` to the program.
 *
 * @example
 * register(program); // gexray price --help
 */
export function register(program: Command): void {
  program
    .command("price")
    .summary("price and greeks of an option or barrier option, or its implied vol")
    .description(
      "Price a European option (Black–Scholes–Merton, or Black-76 with --forward) or a barrier option, " +
        "from flags or from a CSV of contracts, and print the price and greeks with their units. " +
        "With --iv-price (or a price column) the implied vol is solved first.",
    )
    .option("--type <type>", "call or put")
    .option("--spot <price>", "spot price, currency per unit")
    .option("--strike <price>", "strike, currency per unit")
    .option("--time <years>", "time to expiry in years")
    .option("--days <days>", "time to expiry in calendar days (÷ 365), instead of --time")
    .option("--vol <vol>", "volatility, decimal or percent (0.55 or 55%)")
    .option("--rate <rate>", "continuous risk-free rate, decimal or percent (default 0)")
    .option("--dividend <yield>", "continuous dividend yield, decimal or percent (default 0)")
    .option("--forward <price>", "the venue's forward for this expiry: Black-76 on it (vanilla only)")
    .option("--barrier <kind>", "barrier kind: down-in, down-out, up-in, up-out")
    .option("--level <price>", "barrier level, currency per unit")
    .option("--rebate <amount>", "cash rebate, currency per unit (default 0)")
    .option("--monitoring <freq>", "continuous, final, daily (trading-day closes), weekly, <N>td trading or <N>d calendar days (default continuous)")
    .option("--iv-price <price>", "solve the implied vol from this option price (vanilla only), instead of --vol")
    .option("--id <label>", "label printed with the result")
    .option("-i, --input <file.csv>", "price every row of a CSV of contracts; flags fill blank cells")
    .option("--greeks <list>", "greeks to print, comma-separated, or all (default: all; a multi-row table: price,delta,gamma,vega,theta,vanna,charm)")
    .option("--json", "print JSON (with a units object)")
    .option("--csv", "print CSV at full precision")
    .option("-o, --out <file>", "write the output to a file (atomically) instead of stdout")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: PriceFlags) => {
      const format = outputFormat(flags);
      const { GREEK_FIELDS } = await import("../../options/greeks.js");
      const greeks = flags.greeks === undefined ? undefined : parseChoiceList(flags.greeks, "--greeks", GREEK_FIELDS);
      const fieldText = (f: ContractField): string | undefined => flags[FLAG_KEYS[f]] as string | undefined;
      let specs;
      if (flags.input !== undefined) {
        const { readContractsCsv } = await import("../contractsCsv.js");
        const defaults = Object.fromEntries(CONTRACT_FIELDS.map((f) => [f, fieldText(f)]).filter(([, v]) => v !== undefined));
        specs = await readContractsCsv(flags.input, defaults);
      } else {
        const { contractFromFields } = await import("../contractSpec.js");
        specs = [contractFromFields(fieldText, (f) => `--${f.replace("_", "-")}`)];
      }
      const [{ priceContracts }, { renderPrices }, { emit }] = await Promise.all([
        import("../priceContracts.js"), import("../priceOutput.js"), import("../output.js"),
      ]);
      const { terminalOptions } = await import("../terminal.js");
      // a file gets every column (as --wide); the terminal the width
      const width = flags.out === undefined ? terminalOptions(flags).width : Infinity;
      await emit(renderPrices(priceContracts(specs), format, greeks, width), flags.out);
    });
}
