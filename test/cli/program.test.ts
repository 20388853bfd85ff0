import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, COMMANDS, commandsFor } from "../../src/cli/program.js";
import { gexray } from "./run.js";

describe("lazy command registration", () => {
  for (const entry of COMMANDS) {
    it(`the ${entry.name} module registers exactly the command ${entry.name}`, async () => {
      const program = new Command("gexray");
      (await entry.load()).register(program);
      expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
    });
  }

  it("commandsFor picks the named command, none for --version, all otherwise", () => {
    const names = (args: string[]) => commandsFor(args).map((c) => c.name);
    expect(names(["strikes", "spx.csv", "--min", "4600"])).toEqual(["strikes"]);
    expect(names(["--debug", "profile", "x.csv"])).toEqual(["profile"]);
    expect(names(["--version"])).toEqual([]);
    expect(names(["-V", "--help"])).toEqual([]);
    const all = COMMANDS.map((c) => c.name);
    for (const args of [[], ["--help"], ["-h", "profile"], ["help", "profile"], ["prof"], ["bogus"], ["--bogus", "profile"], ["--", "profile"]]) {
      expect(names(args)).toEqual(all);
    }
  });

  it("buildProgram without arguments registers every command, in the listed order", async () => {
    const program = await buildProgram();
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
  });

  it("gexray --help still lists every command with its summary, and a misspelt command is still suggested", () => {
    const help = gexray(["--help"]);
    expect(help.code).toBe(0);
    for (const { name } of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    const typo = gexray(["prof"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Did you mean profile?");
  });
});
