import { describe, expect, it } from "vitest";
import { createProgress, type ProgressStream } from "../../src/report/progress.js";

function fakeStream(isTTY: boolean): ProgressStream & { out: string[] } {
  const out: string[] = [];
  return { isTTY, columns: 80, out, write: (t: string) => out.push(t) };
}

describe("createProgress", () => {
  it("draws nothing on a pipe", () => {
    const s = fakeStream(false);
    let now = 0;
    const bar = createProgress("profile", { stream: s, now: () => now });
    now = 5000;
    bar.update(0.5);
    bar.done();
    expect(s.out).toEqual([]);
  });

  it("waits for the delay, then draws whole percents once each, and clears on done", () => {
    const s = fakeStream(true);
    let now = 0;
    const bar = createProgress("profile", { stream: s, now: () => now, delayMs: 1000 });
    bar.update(0.1);
    now = 999;
    bar.update(0.2);
    expect(s.out).toEqual([]);
    now = 1000;
    bar.update(0.455);
    bar.update(0.459); // same whole percent: no redraw
    bar.update(NaN); // ignored
    bar.update(2); // clamped to 100%
    expect(s.out).toHaveLength(2);
    expect(s.out[0]).toMatch(/^\rprofile \[#+ +\]  45%$/);
    expect(s.out[1]).toMatch(/^\rprofile \[#+\] 100%$/);
    bar.done();
    bar.done();
    expect(s.out[2]).toBe("\r\x1b[2K");
    expect(s.out).toHaveLength(3);
    bar.update(0.9); // after done: nothing
    expect(s.out).toHaveLength(3);
  });

  it("a run shorter than the delay leaves no trace", () => {
    const s = fakeStream(true);
    const bar = createProgress("report", { stream: s, now: () => 0 });
    bar.update(1);
    bar.done();
    expect(s.out).toEqual([]);
  });

  it("the bar fits a narrow terminal", () => {
    const s = fakeStream(true);
    s.columns = 40;
    let now = 0;
    const bar = createProgress("a long label here", { stream: s, now: () => now });
    now = 2000;
    bar.update(0.5);
    expect([...s.out[0]!.replace("\r", "")].length).toBeLessThanOrEqual(40);
  });
});
