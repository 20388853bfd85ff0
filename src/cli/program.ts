/**
 * The `gexray` commander program: global flags, the command list, and error wiring. Building it
 * imports only commander and the small command modules; every command loads its heavy
 * dependencies inside its action.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";

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

/**
 * Every command, one line each: add a command by adding its module here. Loading a command module
 * must stay cheap (commander types only); heavy imports go inside the action.
 *
 * @example
 * () => import("./commands/levels.js"),
 */
export const COMMANDS: ReadonlyArray<() => Promise<CommandModule>> = [
  () => import("./commands/price.js"),
  () => import("./commands/demo.js"),
  () => import("./commands/inspect.js"),
  () => import("./commands/notes.js"),
  () => import("./commands/clusters.js"),
  () => import("./commands/profile.js"),
  () => import("./commands/levels.js"),
  () => import("./commands/strikes.js"),
  () => import("./commands/report.js"),
];

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
 * Build the program with every command registered. Commander's errors are thrown (not printed, not
 * exited on) so that the one handler in `errors.ts` prints them and picks the exit code.
 *
 * @example
 * const program = await buildProgram();
 * await program.parseAsync(["node", "gexray", "price", "--help"]);
 */
export async function buildProgram(): Promise<Command> {
  const program = new Command("gexray")
    .description("Dealer-gamma and structured-note exposure analyzer: option greeks, barrier options, gamma profiles.")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--debug", "print stack traces on errors (or set GEXRAY_DEBUG=1)")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  const modules = await Promise.all(COMMANDS.map((load) => load()));
  for (const m of modules) m.register(program);
  return program;
}
