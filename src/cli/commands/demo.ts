/**
 * `gexray demo`: what `npm start` runs: prices the shipped showcase (data/demo_options.csv), a
 * vanilla BTC call and put and an IBIT down-and-in put near its barrier beside the vanilla put
 * with the same terms, and points out the knock-in put's delta below −1.
 *
 * @module
 */
import type { Command } from "commander";

/** The showcase contracts, shipped with the package. */
const DEMO_CSV = new URL("../../../data/demo_options.csv", import.meta.url);

/** The greeks the demo table shows (the rest are in --json). */
const DEMO_GREEKS = ["price", "delta", "gamma", "vega", "vanna"] as const;

const HELP = `
Example:
  $ gexray demo
  id            type  barrier  level  monitor   spot   strike     time   vol      price      delta  …
  btc-call-80k  call                           70000  80000    0.08219  0.55  1302.56     0.221241  …
  btc-put-65k   put                            70000  65000    0.08219  0.6   2547.96    -0.302637  …
  ibit-put      put                               45     62.3  0.08219  0.6     17.2033  -0.96295   …
  ibit-di-put   put   down-in   43.6  1d          45     62.3  0.08219  0.6     15.2118  -1.81613   …
  units: time years; vol decimal (0.55 = 55%); price currency per unit of underlying;
         delta units of underlying; gamma per currency unit of spot; vega, vanna per 1.00 of vol

  ibit-di-put: delta -1.816, beyond ±1 (the same put without the barrier: -0.9629).

Units: as in gexray price: raw derivatives, vega and vanna per 1.00 of vol (÷100 per vol point),
time in years. --json prints all twelve greeks with a units object.
`;

/**
 * Add `demo` to the program.
 *
 * @example
 * register(program); // gexray demo
 */
export function register(program: Command): void {
  program
    .command("demo")
    .summary("price the shipped showcase: BTC options and an IBIT knock-in put near its barrier")
    .description(
      "Price data/demo_options.csv: a vanilla BTC call and put, and an IBIT down-and-in put (daily " +
        "monitoring) close to its barrier beside the vanilla put with the same terms. Near the barrier the " +
        "knock-in put's delta goes below −1, which a vanilla put's never does.",
    )
    .option("--json", "print JSON (with a units object)")
    .addHelpText("after", HELP)
    .action(async (flags: { json?: boolean; wide?: boolean; color?: boolean }) => {
      const { fileURLToPath } = await import("node:url");
      const [{ readContractsCsv }, { priceContracts }, { renderPrices }, { emit }, { formatNumber }] = await Promise.all([
        import("../contractsCsv.js"), import("../priceContracts.js"), import("../priceOutput.js"),
        import("../output.js"), import("../../report/table.js"),
      ]);
      const path = fileURLToPath(DEMO_CSV);
      const priced = priceContracts(await readContractsCsv(path));
      if (flags.json) return emit(renderPrices(priced, "json"));
      const notes: string[] = [];
      for (const p of priced) {
        if (!p.spec.barrier || !(Math.abs(p.greeks.delta) > 1)) continue;
        const twin = priced.find((v) => !v.spec.barrier && v.spec.type === p.spec.type && v.spec.spot === p.spec.spot &&
          v.spec.strike === p.spec.strike && v.spec.time === p.spec.time && v.vol === p.vol);
        notes.push(
          `${p.spec.id ?? "barrier option"}: delta ${formatNumber(p.greeks.delta, 4)}, beyond ±1` +
            (twin ? ` (the same ${twin.spec.type} without the barrier: ${formatNumber(twin.greeks.delta, 4)})` : "") + ".",
          "  No vanilla option's delta leaves [−1, 1].",
        );
        if (p.spec.type === "put" && p.spec.barrier.kind === "down-in") {
          notes.push(
            "  The note issuer, long this put, holds more than one unit of underlying per put as its hedge,",
            "  and sells the excess into the fall once the barrier is breached.",
          );
        }
      }
      const { terminalOptions } = await import("../terminal.js");
      const table = renderPrices(priced, "table", DEMO_GREEKS, terminalOptions(flags).width);
      return emit(`gexray demo: data/demo_options.csv (illustrative inputs, not market quotes)\n\n${table}${notes.length ? "\n" + notes.join("\n") + "\n" : ""}`);
    });
}
