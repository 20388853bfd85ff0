import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXIT, UsageError, debugRequested, isUserError, reportError } from "../../src/cli/errors.js";
import { ROOT, gexray, oneLineError } from "./run.js";

function capture(err: unknown, debug = false): { code: number; text: string } {
  let text = "";
  const code = reportError(err, { debug, write: (t) => (text += t) });
  return { code, text };
}

describe("reportError: one line, exit code by kind", () => {
  it("prints a UsageError as `gexray: <message>` and returns 2", () => {
    const r = capture(new UsageError("--vol must be a number ≥ 0 (got abc)"));
    expect(r).toEqual({ code: EXIT.usage, text: "gexray: --vol must be a number ≥ 0 (got abc)\n" });
  });

  it("treats the library's RangeError as bad input (2)", () => {
    expect(capture(new RangeError("vol must be ≥ 0 (got -1)")).code).toBe(2);
  });

  it("treats a missing file as bad input (2)", () => {
    const err = Object.assign(new Error("ENOENT: no such file or directory, open 'x.csv'"), { code: "ENOENT" });
    expect(capture(err).code).toBe(2);
  });

  it("marks anything else internal (1), one line, no stack unless debug", () => {
    const plain = capture(new TypeError("x is undefined"));
    expect(plain.code).toBe(EXIT.internal);
    expect(plain.text).toBe("gexray: internal error: x is undefined (rerun with --debug for the stack)\n");
    const debug = capture(new TypeError("x is undefined"), true);
    expect(debug.text.split("\n")[0]).toBe("gexray: internal error: x is undefined");
    expect(debug.text).toMatch(/\n\s+at /);
  });

  it("maps commander's errors to 2, strips its `error: ` prefix and joins lines", () => {
    const err = Object.assign(new Error("error: unknown option '--spto'\n(Did you mean --spot?)"), {
      code: "commander.unknownOption", exitCode: 1,
    });
    expect(capture(err)).toEqual({ code: 2, text: "gexray: unknown option '--spto' (Did you mean --spot?)\n" });
  });

  it("passes --help and --version through with 0 and prints nothing", () => {
    for (const code of ["commander.helpDisplayed", "commander.version"]) {
      expect(capture(Object.assign(new Error("x"), { code, exitCode: 0 }))).toEqual({ code: 0, text: "" });
    }
    expect(capture(Object.assign(new Error("(outputHelp)"), { code: "commander.help", exitCode: 1 })).code).toBe(2);
  });

  it("isUserError and debugRequested classify as documented", () => {
    expect(isUserError(new UsageError("x"))).toBe(true);
    expect(isUserError(new Error("x"))).toBe(false);
    expect(debugRequested(["node", "gexray", "price", "--debug"], {})).toBe(true);
    expect(debugRequested(["node", "gexray", "price", "--", "--debug"], {})).toBe(false);
    expect(debugRequested(["node", "gexray"], { GEXRAY_DEBUG: "1" })).toBe(true);
  });
});

describe("gexray executable: exit codes and error lines", () => {
  it("--version prints package.json's version and exits 0", () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")) as { version: string };
    const r = gexray(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it("--help lists the commands and exits 0", () => {
    const r = gexray(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/price/);
    expect(r.stdout).toMatch(/demo/);
  });

  it("every registered command's --help exits 0 with an example", () => {
    const list = gexray(["--help"]).stdout.split("Commands:")[1] ?? "";
    const commands = [...list.matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
    expect(commands).toEqual(expect.arrayContaining(["price", "demo"]));
    for (const cmd of commands) {
      const r = gexray([cmd, "--help"]);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Examples?:\n\s+\$ gexray /);
    }
  });

  it("price and demo --help state their output units", () => {
    for (const cmd of ["price", "demo"]) {
      const r = gexray([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Example/);
      expect(r.stdout).toMatch(/\$ gexray /);
      expect(r.stdout).toMatch(/per 1\.00 of vol/);
    }
  });

  it("an unknown option exits 2 with one line, no stack", () => {
    const r = gexray(["price", "--spto", "1"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/unknown option '--spto'/);
  });

  it("an option missing its value exits 2", () => {
    const r = gexray(["price", "--type", "call", "--spot"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/--spot/);
  });

  it("an unknown command exits 2", () => {
    const r = gexray(["pricee"]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(true);
  });

  it("no command prints usage to stderr and exits 2", () => {
    const r = gexray([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/Usage: gexray/);
  });

  it("a bad flag value names the flag; --debug or GEXRAY_DEBUG=1 adds the stack", () => {
    const args = ["price", "--type", "call", "--spot", "100", "--strike", "100", "--time", "1", "--vol", "abc"];
    const r = gexray(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("gexray: --vol must be a number ≥ 0 and ≤ 10 (got abc)\n");
    for (const run of [gexray([...args, "--debug"]), gexray(args, { GEXRAY_DEBUG: "1" })]) {
      expect(run.code).toBe(2);
      expect(run.stderr.split("\n")[0]).toBe("gexray: --vol must be a number ≥ 0 and ≤ 10 (got abc)");
      expect(run.stderr).toMatch(/\n\s+at /);
    }
  });
});
