/**
 * A progress bar on stderr for long work: drawn only when the stream is a terminal and the work has
 * run longer than a threshold (1 s by default), redrawn only when the whole percent changes, and
 * cleared by `done()`. On a pipe or in CI it prints nothing, so output stays clean.
 *
 * Any command can use it: pass `bar.update` as the `onProgress` callback of a long computation
 * (`computeProfile(chain, { onProgress: bar.update })`) and call `bar.done()` in a `finally`.
 *
 * @module
 */

/** Where the bar is drawn: process.stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * Options of {@link createProgress}.
 *
 * @example
 * createProgress("profile", { stream: process.stderr, delayMs: 1000, now: Date.now } satisfies ProgressOptions);
 */
export interface ProgressOptions {
  /** default process.stderr */
  stream?: ProgressStream;
  /** milliseconds of work before the bar appears; default 1000 */
  delayMs?: number;
  /** clock, ms; default Date.now (tests pass a fake) */
  now?: () => number;
  /** draw even when the stream is not a TTY (tests); default false */
  force?: boolean;
}

/**
 * A progress bar handle: `update(fraction)` with a fraction in [0, 1] (clamped; NaN ignored),
 * `done()` to clear it.
 *
 * @example
 * const bar: Progress = createProgress("report");
 * bar.update(0.5);
 * bar.done();
 */
export interface Progress {
  update: (fraction: number) => void;
  done: () => void;
}

/**
 * Create a progress bar labelled `label`: `label [#########             ]  45%`, at most 60 columns
 * wide (less on a narrow terminal), on one line redrawn with a carriage return.
 *
 * @param label - what is being done, e.g. "profile"
 * @param options - stream, delay, clock
 * @returns the handle; both functions are safe to call any number of times
 * @example
 * const bar = createProgress("profile");
 * try { await computeProfile(chain, { onProgress: bar.update }); } finally { bar.done(); }
 */
export function createProgress(label: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const delay = options.delayMs ?? 1000;
  const start = now();
  const tty = options.force === true || stream.isTTY === true;
  let shown = false;
  let last = -1;
  let finished = false;
  return {
    update(fraction: number) {
      if (!tty || finished || !(fraction === fraction)) return;
      if (now() - start < delay) return;
      const pct = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
      if (pct === last) return;
      last = pct;
      shown = true;
      const columns = stream.columns ?? 80;
      const width = Math.max(10, Math.min(30, columns - label.length - 10));
      const fill = Math.round((pct / 100) * width);
      stream.write(`\r${label} [${"#".repeat(fill)}${" ".repeat(width - fill)}] ${String(pct).padStart(3)}%`);
    },
    done() {
      if (finished) return;
      finished = true;
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
