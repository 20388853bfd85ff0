import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addTerminalFlags, terminalOptions, wrapHelp } from "../../src/cli/terminal.js";

describe("terminalOptions", () => {
  it("100 columns by default, the terminal's when narrower (not below 80), no limit with --wide", () => {
    expect(terminalOptions({}, { isTTY: false }, {}).width).toBe(100);
    expect(terminalOptions({}, { isTTY: true, columns: 90 }, { TERM: "xterm" }).width).toBe(90);
    expect(terminalOptions({}, { isTTY: true, columns: 40 }, { TERM: "xterm" }).width).toBe(80);
    expect(terminalOptions({}, { isTTY: true, columns: 200 }, { TERM: "xterm" }).width).toBe(100);
    expect(terminalOptions({ wide: true }, { isTTY: true, columns: 90 }, {}).width).toBe(Infinity);
  });
  it("colors by Node's rules, never with --no-color", () => {
    expect(terminalOptions({}, { isTTY: true, columns: 100 }, { TERM: "xterm-256color" }).color).toBe(true);
    expect(terminalOptions({ color: false }, { isTTY: true }, { TERM: "xterm-256color" }).color).toBe(false);
    expect(terminalOptions({}, { isTTY: false }, { FORCE_COLOR: "1" }).color).toBe(true);
    expect(terminalOptions({}, { isTTY: false }, {}).color).toBe(false);
  });
});

describe("addTerminalFlags and wrapHelp", () => {
  it("adds --wide and --no-color once", () => {
    const cmd = new Command("x").option("--no-color", "mine");
    addTerminalFlags(addTerminalFlags(cmd));
    expect(cmd.options.map((o) => o.long)).toEqual(["--no-color", "--wide"]);
  });
  it("reflows a long plain paragraph, breaks a shell example with a trailing backslash", () => {
    const para = "word ".repeat(30).trim();
    for (const l of wrapHelp(para, 40).split("\n")) expect(l.length).toBeLessThanOrEqual(40);
    expect(wrapHelp(para, 40).split(/\s+/)).toEqual(para.split(" "));
    expect(wrapHelp("  $ gexray history snapshots/ --csv -o history.csv", 40)).toBe("  $ gexray history snapshots/ --csv -o \\\n      history.csv");
    expect(wrapHelp("short\n  indented", 40)).toBe("short\n  indented");
  });
});
