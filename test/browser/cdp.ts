/**
 * A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe` (no dependency): start
 * headless Chromium with the flags that work on this machine, open a page, collect console errors,
 * exceptions, failed loads and every network request, evaluate expressions, take screenshots and
 * print to PDF.
 *
 * Pipe transport: Chromium reads commands from fd 3 and writes replies and events to fd 4, each
 * message one JSON text terminated by a NUL byte.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** Where Chromium is: $CHROMIUM_PATH when set (and only it), else Debian's /usr/bin/chromium, else undefined. */
export function findChromium(): string | undefined {
  const set = process.env.CHROMIUM_PATH;
  const candidates = set ? [set] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p) => existsSync(p));
}

/** The flags issue 6 lists as working here, plus the pipe. */
export function chromiumArgs(userDataDir: string): string[] {
  return [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--log-level=3", `--user-data-dir=${userDataDir}`,
    "--remote-debugging-pipe", "--hide-scrollbars", "--mute-audio", "about:blank",
  ];
}

interface Pending {
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: Error) => void;
  method: string;
}

/** What happened on the page while it loaded. */
export interface PageEvents {
  consoleErrors: string[];
  exceptions: string[];
  logErrors: string[];
  requests: string[];
  loaded: boolean;
}

/** A running browser with one page attached. */
export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: Array<(method: string, params: Record<string, unknown>, sessionId?: string) => void> = [];
  private buffer = "";
  private sessionId: string | undefined;
  readonly events: PageEvents = { consoleErrors: [], exceptions: [], logErrors: [], requests: [], loaded: false };
  private exited = false;
  private stderr = "";

  private constructor(private readonly proc: ChildProcess, private readonly userDataDir: string) {
    const out = proc.stdio[4] as Readable;
    out.setEncoding("utf8");
    out.on("data", (chunk: string) => this.onData(chunk));
    (proc.stderr as Readable | null)?.on("data", (c: Buffer) => {
      this.stderr = (this.stderr + c.toString()).slice(-4000);
    });
    proc.on("exit", () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`chromium exited while waiting for ${p.method}: ${this.stderr.trim().slice(-500)}`));
      this.pending.clear();
    });
    this.listeners.push((method, params, sessionId) => {
      if (sessionId !== this.sessionId) return;
      if (method === "Runtime.consoleAPICalled" && (params.type === "error" || params.type === "assert")) {
        const args = (params.args as Array<{ value?: unknown; description?: string }>) ?? [];
        this.events.consoleErrors.push(args.map((a) => String(a.value ?? a.description ?? "")).join(" "));
      } else if (method === "Runtime.exceptionThrown") {
        const d = params.exceptionDetails as { text?: string; exception?: { description?: string } };
        this.events.exceptions.push(`${d.text ?? ""} ${d.exception?.description ?? ""}`.trim());
      } else if (method === "Log.entryAdded") {
        const e = params.entry as { level?: string; text?: string; url?: string };
        if (e.level === "error") this.events.logErrors.push(`${e.text ?? ""}${e.url ? ` (${e.url})` : ""}`);
      } else if (method === "Network.requestWillBeSent") {
        this.events.requests.push((params.request as { url: string }).url);
      } else if (method === "Page.loadEventFired") {
        this.events.loaded = true;
      }
    });
  }

  /**
   * Start Chromium and attach to a fresh page.
   *
   * @param executable - path of the chromium binary
   * @param viewport - CSS pixels
   */
  static async launch(executable: string, viewport = { width: 1280, height: 900 }): Promise<Browser> {
    const userDataDir = mkdtempSync(join(tmpdir(), "gexray-chromium-"));
    const proc = spawn(executable, chromiumArgs(userDataDir), { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    const b = new Browser(proc, userDataDir);
    const { targetId } = (await b.send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
    const { sessionId } = (await b.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    b.sessionId = sessionId;
    for (const domain of ["Page", "Runtime", "Log", "Network"]) await b.send(`${domain}.enable`, {}, sessionId);
    await b.send("Emulation.setDeviceMetricsOverride", { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: false }, sessionId);
    return b;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf("\0");
    while (end >= 0) {
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      end = this.buffer.indexOf("\0");
      const msg = JSON.parse(text) as { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; params?: Record<string, unknown>; sessionId?: string };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        if (!p) continue;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p.resolve(msg.result ?? {});
      } else if (msg.method) {
        for (const l of this.listeners) l(msg.method, msg.params ?? {}, msg.sessionId);
      }
    }
  }

  /** Send a command (to the page's session unless `sessionId` is given explicitly as undefined for the browser). */
  send(method: string, params: Record<string, unknown> = {}, sessionId: string | undefined = this.sessionId): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.reject(new Error(`chromium is not running (${method}): ${this.stderr.trim().slice(-500)}`));
    const id = this.nextId++;
    const msg: Record<string, unknown> = { id, method, params };
    if (sessionId !== undefined) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      (this.proc.stdio[3] as Writable).write(JSON.stringify(msg) + "\0");
    });
  }

  /** Navigate and wait for the load event (and a frame after it), at most `timeoutMs`. */
  async goto(url: string, timeoutMs = 20000): Promise<void> {
    this.events.loaded = false;
    const r = (await this.send("Page.navigate", { url })) as { errorText?: string };
    if (r.errorText) throw new Error(`navigation to ${url} failed: ${r.errorText}`);
    const start = Date.now();
    while (!this.events.loaded) {
      if (Date.now() - start > timeoutMs) throw new Error(`${url} did not finish loading in ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 25));
    }
    await this.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
  }

  /** Evaluate an expression in the page and return its value (promises awaited). */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = (await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** A PNG of the whole page (beyond the viewport), as bytes. */
  async screenshotFullPage(): Promise<Buffer> {
    const m = (await this.send("Page.getLayoutMetrics")) as { cssContentSize: { width: number; height: number } };
    const width = Math.ceil(m.cssContentSize.width);
    const height = Math.ceil(m.cssContentSize.height);
    const r = (await this.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true, clip: { x: 0, y: 0, width, height, scale: 1 } })) as { data: string };
    return Buffer.from(r.data, "base64");
  }

  /** A PNG of a region of the page (CSS pixels from the top left of the document), as bytes. */
  async screenshotRegion(x: number, y: number, width: number, height: number): Promise<Buffer> {
    const r = (await this.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true, clip: { x, y, width, height, scale: 1 } })) as { data: string };
    return Buffer.from(r.data, "base64");
  }

  /** A PNG of the viewport. */
  async screenshot(): Promise<Buffer> {
    const r = (await this.send("Page.captureScreenshot", { format: "png" })) as { data: string };
    return Buffer.from(r.data, "base64");
  }

  /** Print the page to PDF (print media, A4 per the page's @page rule), as bytes. */
  async pdf(): Promise<Buffer> {
    const r = (await this.send("Page.printToPDF", { printBackground: true, preferCSSPageSize: true })) as { data: string };
    return Buffer.from(r.data, "base64");
  }

  /** Close the browser and remove its profile directory. */
  async close(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((res) => this.proc.once("exit", () => res()));
      await this.send("Browser.close", {}, undefined).catch(() => {});
      const timer = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
      await Promise.race([exited, new Promise((res) => setTimeout(res, 6000))]);
      clearTimeout(timer);
    }
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}
