import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { painter, shouldColor, stripAnsi, visibleWidth } from "../../src/report/ansi.js";

describe("shouldColor: Node's own hasColors rules (tty.WriteStream#hasColors)", () => {
  const TERM = "xterm-256color";
  it("colors a terminal that has colors, not a pipe; a terminal's own hasColors is asked", () => {
    expect(shouldColor({ isTTY: true }, { TERM })).toBe(true);
    expect(shouldColor({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(shouldColor({ isTTY: false }, { TERM })).toBe(false);
    expect(shouldColor({}, { TERM })).toBe(false);
    let asked: object | undefined;
    expect(shouldColor({ isTTY: true, hasColors: (env) => ((asked = env), false) }, { TERM })).toBe(false);
    expect(asked).toEqual({ TERM });
  });

  it("NO_COLOR (set, even empty) turns a terminal's colors off", () => {
    expect(shouldColor({ isTTY: true }, { TERM, NO_COLOR: "1" })).toBe(false);
    expect(shouldColor({ isTTY: true }, { TERM, NO_COLOR: "" })).toBe(false);
  });

  it("FORCE_COLOR (not 0 or false) colors a pipe, and wins over NO_COLOR as in Node", () => {
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "0" })).toBe(false);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "false" })).toBe(false);
    expect(shouldColor({ isTTY: true }, { TERM, FORCE_COLOR: "0" })).toBe(false);
    const warn = process.emitWarning;
    process.emitWarning = () => {}; // Node warns that NO_COLOR is ignored
    try {
      expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
    } finally {
      process.emitWarning = warn;
    }
  });
});

describe("painter", () => {
  it("is the identity when disabled", () => {
    const p = painter(false);
    expect(p.enabled).toBe(false);
    expect(p.red("x")).toBe("x");
    expect(p.bold("key levels")).toBe("key levels");
  });

  it("wraps in SGR codes when enabled, and stripAnsi undoes it", () => {
    const p = painter(true);
    expect(p.red("-58.82 mn")).toBe("\x1b[31m-58.82 mn\x1b[39m");
    fc.assert(fc.property(fc.string(), fc.constantFrom("red", "green", "bold", "gray", "yellow") , (s, style) => {
      expect(stripAnsi(p[style](s))).toBe(s);
      expect(visibleWidth(p[style](s))).toBe([...s].length);
    }));
  });

  it("visibleWidth counts code points, not bytes or escape codes", () => {
    expect(visibleWidth("\x1b[1mΓ\x1b[22m ─")).toBe(3);
    expect(visibleWidth("╭──╯")).toBe(4);
  });
});
