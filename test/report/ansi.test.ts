import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { painter, shouldColor, stripAnsi, visibleWidth } from "../../src/report/ansi.js";

describe("shouldColor (no-color.org, FORCE_COLOR)", () => {
  it("colors a TTY, not a pipe", () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor({}, {})).toBe(false);
  });

  it("NO_COLOR set to anything non-empty turns colors off, even with FORCE_COLOR", () => {
    expect(shouldColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: "0" })).toBe(false);
    expect(shouldColor({ isTTY: false }, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
    // an empty NO_COLOR is unset (no-color.org)
    expect(shouldColor({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
  });

  it("FORCE_COLOR (not 0) colors a pipe", () => {
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "0" })).toBe(false);
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
