/**
 * The `gexray` commander program: global flags, the command list, and error wiring. Building it
 * imports only commander and the small module of the command being run (all of them for help and
 * unknown commands); every command loads its heavy dependencies inside its action.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { addTerminalFlags, TERMINAL_WIDTH, wrapHelp } from "./terminal.js";

/**
 * What a command module exports: a function that adds its command to the program.
 *
 * @example
 * export function register(program: Command): void {
 *   program.command("levels").description("…").action(async (flags) => { const lib = await import("…"); });
 * }
 */
export interface CommandModule {
  register(program: Command): void;
}

/** A command: its name (as typed after `gexray`) and how to load its module. */
export interface CommandEntry {
  name: string;
  load: () => Promise<CommandModule>;
}

/**
 * Every command, one line each, in the order `gexray --help` lists them: add a command by adding
 * its name and module here. Loading a command module must stay cheap (commander types only); heavy
 * imports go inside the action. The name must be the one the module registers (a test checks).
 *
 * @example
 * { name: "levels", load: () => import("./commands/levels.js") },
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "price", load: () => import("./commands/price.js") },
  { name: "demo", load: () => import("./commands/demo.js") },
  { name: "inspect", load: () => import("./commands/inspect.js") },
  { name: "notes", load: () => import("./commands/notes.js") },
  { name: "clusters", load: () => import("./commands/clusters.js") },
  { name: "profile", load: () => import("./commands/profile.js") },
  { name: "levels", load: () => import("./commands/levels.js") },
  { name: "strikes", load: () => import("./commands/strikes.js") },
  { name: "report", load: () => import("./commands/report.js") },
  { name: "gamma-map", load: () => import("./commands/gammaMap.js") },
  { name: "diff", load: () => import("./commands/diff.js") },
  { name: "history", load: () => import("./commands/history.js") },
  { name: "flows", load: () => import("./commands/flows.js") },
  { name: "liquidations", load: () => import("./commands/liquidations.js") },
  { name: "margin", load: () => import("./commands/margin.js") },
  { name: "adl", load: () => import("./commands/adl.js") },
  { name: "sqf", load: () => import("./commands/sqf.js") },
  { name: "basis", load: () => import("./commands/basis.js") },
];

/**
 * The commands a run needs, from its arguments (after `node gexray`): the one named by the first
 * operand when it is a known command (after any `--debug`); none when `-V`/`--version` comes
 * first (commander prints the version before it looks at commands); every command otherwise (no
 * command, `--help`, `help`, an unknown or misspelt name: help lists them all and suggestions
 * need them). Registering one command instead of all saves loading the other modules per run.
 *
 * @example
 * commandsFor(["strikes", "spx.csv", "--min", "4600"]).map((c) => c.name); // ["strikes"]
 * commandsFor(["--version"]).length;                                      // 0
 * commandsFor(["--help"]).length;                                         // 13 (all)
 */
export function commandsFor(args: readonly string[]): readonly CommandEntry[] {
  for (const arg of args) {
    if (arg === "--debug") continue;
    if (arg === "-V" || arg === "--version") return [];
    const entry = COMMANDS.find((c) => c.name === arg);
    return entry ? [entry] : COMMANDS;
  }
  return COMMANDS;
}

/**
 * The package version, read from package.json next to the build at run time.
 *
 * @example
 * packageVersion(); // "0.1.0"
 */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}

/**
 * Build the program. With `args` (the arguments after `node gexray`), only the commands that run
 * needs are registered ({@link commandsFor}); without, every command. Commander's errors are
 * thrown (not printed, not exited on) so that the one handler in `errors.ts` prints them and picks
 * the exit code.
 *
 * @example
 * const program = await buildProgram(process.argv.slice(2));
 * await program.parseAsync(["node", "gexray", "price", "--help"]);
 */
export async function buildProgram(args?: readonly string[]): Promise<Command> {
  const program = new Command("gexray")
    .description(
      "Dealer-gamma and structured-note exposure analyzer: dealer gamma, vanna and charm profiles from open-interest " +
        "files, key levels and hedge flows; structured-note barriers, issuer hedges and clusters; option and barrier greeks.",
    )
    .addHelpText("after", `
Examples:
  $ gexray report                                   the shipped sample: terminal report + report.html
  $ gexray profile chain.csv --json                 dealer profile, levels, hedge (USD per 1% move)
  $ gexray strikes spx_quotedata.csv --min 4650 --max 4750
  $ gexray clusters notes.csv --prices history.csv  note barrier clusters, ranked by forced unwind

Units: dollar gamma USD of dealer delta per 1% move; vanna per +1 vol point; charm per calendar
day; prices in the chain's currency per unit of underlying. Every command's --help lists its own.
Exit codes: 0 success; 1 internal error; 2 bad input or usage (one line on stderr; --debug adds
the stack).`)
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--debug", "print stack traces on errors (or set GEXRAY_DEBUG=1)")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureHelp({ helpWidth: TERMINAL_WIDTH })
    .configureOutput({ outputError: () => {}, writeOut: (text) => process.stdout.write(wrapHelp(text)), writeErr: (text) => process.stderr.write(wrapHelp(text)) });
  const entries = args === undefined ? COMMANDS : commandsFor(args);
  const modules = await Promise.all(entries.map((c) => c.load()));
  for (const m of modules) m.register(program);
  // every command: --wide and --no-color (terminal.ts)
  for (const cmd of program.commands) addTerminalFlags(cmd);
  return program;
}
