#!/usr/bin/env node
/**
 * `npm run notebooks`: execute every notebook in notebooks/ headless, in TypeScript, and fail on
 * the first cell that errors (or that outlives the per-cell timeout).
 *
 *   node scripts/run-notebooks.mjs [--write] [--timeout <seconds per cell>] [notebook.ipynb …]
 *
 * How: Debian's `jupyter nbconvert --to notebook --execute` with the tslab kernel (TypeScript for
 * Jupyter, from npm). tslab compiles each cell to CommonJS with its own TypeScript 5.0, so the
 * notebooks import the compiled package (../dist/…), never src/: the build must exist (the
 * `prenotebooks` script runs it). The kernel spec is installed with `tslab install --prefix` into a
 * directory under the OS temp dir (reinstalled only when missing or pointing at another tslab) and
 * found through JUPYTER_PATH, so nothing is written to the user's Jupyter config.
 *
 * Each notebook runs in its own directory (as Jupyter does), into a temporary copy; with --write
 * the executed copy replaces the notebook, so the committed notebooks carry the outputs of the
 * current code. Without --write nothing in the repository changes.
 *
 * Needs: node ≥ 20, `npm install` (tslab is a devDependency), `npm run build`, and
 * `apt-get install jupyter-nbconvert python3-ipykernel jupyter-client` (or any Jupyter with
 * nbconvert ≥ 6 on PATH; PYTHON=/path/to/python3 picks the interpreter tslab installs its spec with).
 *
 * Exit codes: 0 all notebooks ran; 1 a notebook failed (its error is printed); 2 usage or a missing
 * prerequisite (one line saying what to install or run).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const NOTEBOOKS = join(ROOT, "notebooks");
/** Default seconds a single cell may run. */
const CELL_TIMEOUT_S = 120;
/** Seconds a whole notebook may run before it is killed (a hung kernel start, say). */
const NOTEBOOK_TIMEOUT_S = 600;

class Prerequisite extends Error {}

function usage(message) {
  process.stderr.write(`run-notebooks: ${message}\nusage: node scripts/run-notebooks.mjs [--write] [--timeout <seconds per cell>] [notebook.ipynb …]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { write: false, timeout: CELL_TIMEOUT_S, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--write") opts.write = true;
    else if (a === "--timeout") {
      const t = Number(argv[++i]);
      if (!(t > 0) || !Number.isFinite(t)) usage(`--timeout must be a number of seconds > 0 (got ${JSON.stringify(argv[i])})`);
      opts.timeout = t;
    } else if (a === "-h" || a === "--help") {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0].replace(/^#!.*\n\/\*\*\n?/, "").replace(/^ \* ?/gm, "") + "\n");
      process.exit(0);
    } else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else opts.files.push(resolve(a));
  }
  return opts;
}

/** The notebooks to run: the arguments, else notebooks/*.ipynb in name order. */
function notebookList(files) {
  if (files.length > 0) {
    for (const f of files) {
      if (!f.endsWith(".ipynb") || !existsSync(f)) usage(`${relative(process.cwd(), f)}: no such notebook`);
    }
    return files;
  }
  const all = existsSync(NOTEBOOKS) ? readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort() : [];
  if (all.length === 0) throw new Prerequisite(`no notebooks in ${relative(process.cwd(), NOTEBOOKS) || "."}`);
  return all.map((f) => join(NOTEBOOKS, f));
}

/** Newest modification time under a directory (ms), for the build-freshness warning. */
function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

function checkBuild() {
  const index = join(ROOT, "dist", "index.js");
  if (!existsSync(index)) throw new Prerequisite("dist/index.js not found: run `npm run build` first (the notebooks import the compiled package)");
  const src = join(ROOT, "src");
  if (existsSync(src) && newestMtime(src) > statSync(index).mtimeMs + 1000) {
    process.stderr.write("run-notebooks: warning: src/ has files newer than dist/index.js; run `npm run build` for outputs from the current code\n");
  }
}

/** The jupyter executable with nbconvert, or a Prerequisite error. */
function findJupyter() {
  const candidates = [process.env.JUPYTER, "jupyter", "/usr/bin/jupyter"].filter(Boolean);
  for (const j of candidates) {
    const r = spawnSync(j, ["nbconvert", "--version"], { encoding: "utf8" });
    if (r.status === 0) return { bin: j, version: r.stdout.trim() };
  }
  throw new Prerequisite("jupyter nbconvert not found: apt-get install jupyter-nbconvert python3-ipykernel jupyter-client (or set JUPYTER=/path/to/jupyter)");
}

/** The python tslab installs its kernel spec with: $PYTHON, /usr/bin/python3, python3. */
function findPython() {
  for (const p of [process.env.PYTHON, "/usr/bin/python3", "python3"].filter(Boolean)) {
    const r = spawnSync(p, ["-c", "import jupyter_client"], { encoding: "utf8" });
    if (r.status === 0) return p;
  }
  throw new Prerequisite("no python3 with jupyter_client: apt-get install jupyter-client python3-ipykernel (or set PYTHON=/path/to/python3)");
}

/** tslab's executable (the npm package's bin), resolved from the repository. */
function findTslab() {
  if (process.env.TSLAB) {
    if (!existsSync(process.env.TSLAB)) throw new Prerequisite(`TSLAB=${process.env.TSLAB}: no such file`);
    return resolve(process.env.TSLAB);
  }
  let pkgFile;
  try {
    pkgFile = createRequire(join(ROOT, "package.json")).resolve("tslab/package.json");
  } catch {
    throw new Prerequisite("tslab not installed: run `npm install` (tslab is a devDependency), or set TSLAB=/path/to/node_modules/.bin/tslab");
  }
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.tslab;
  if (!bin) throw new Prerequisite(`${pkgFile}: no tslab executable in its "bin"`);
  return join(dirname(pkgFile), bin);
}

/**
 * Install the tslab kernel spec under a temp prefix unless one pointing at this tslab is there.
 *
 * @returns the JUPYTER_PATH entry holding kernels/tslab
 */
function ensureKernel(tslab, python) {
  const tag = createHash("sha256").update(`${tslab}\0${python}`).digest("hex").slice(0, 12);
  const prefix = join(tmpdir(), `gexray-jupyter-${tag}`);
  const share = join(prefix, "share", "jupyter");
  const spec = join(share, "kernels", "tslab", "kernel.json");
  try {
    if (JSON.parse(readFileSync(spec, "utf8")).argv?.[0] === tslab) return { share, installed: false };
  } catch {
    // missing or unreadable: (re)install
  }
  mkdirSync(prefix, { recursive: true });
  const r = spawnSync(tslab, ["install", "--python", python, "--binary", tslab, "--prefix", prefix], { encoding: "utf8" });
  if (r.status !== 0 || !existsSync(spec)) {
    throw new Prerequisite(`tslab install failed (${python}): ${(r.stderr || r.stdout || String(r.error ?? "")).trim().split("\n").pop()}`);
  }
  return { share, installed: true };
}

/**
 * Run one notebook into `outDir` with nbconvert (stopping at the first cell that raises, unless
 * `allowErrors`); resolves with { ok, seconds, log, out }.
 */
function execute(nb, outDir, env, jupyter, timeout, allowErrors = false) {
  const out = join(outDir, basename(nb));
  const args = [
    "nbconvert", "--to", "notebook", "--execute", ...(allowErrors ? ["--allow-errors"] : []), nb,
    "--output-dir", outDir, "--output", basename(nb),
    "--ExecutePreprocessor.kernel_name=tslab",
    `--ExecutePreprocessor.timeout=${timeout}`,
    "--ExecutePreprocessor.startup_timeout=60",
    "--ExecutePreprocessor.record_timing=False",
  ];
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(jupyter, args, { cwd: dirname(nb), env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    const killer = setTimeout(() => {
      log += `\nrun-notebooks: killed after ${NOTEBOOK_TIMEOUT_S} s\n`;
      child.kill("SIGKILL");
    }, NOTEBOOK_TIMEOUT_S * 1000);
    child.on("close", (code) => {
      clearTimeout(killer);
      done({ ok: code === 0 && existsSync(out), seconds: (Date.now() - started) / 1000, log, out });
    });
  });
}

/** Output text as a string (nbformat stores it as a string or a list of lines). */
const joined = (t) => (Array.isArray(t) ? t.join("") : String(t ?? ""));

/**
 * The executed notebook with its code cells numbered 1, 2, … in order. nbclient's own execute loop
 * numbers them so; nbconvert 6 leaves the numbers empty when the kernel sends no `execute_input`
 * message, which tslab does not, and a reader would take `In [ ]` for a cell never run. The JSON
 * layout (nbformat's: one-space indent, sorted keys, trailing newline) is kept.
 */
function numbered(text) {
  const nb = JSON.parse(text);
  let n = 0;
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    n++;
    c.execution_count = n;
    for (const o of c.outputs ?? []) if ("execution_count" in o) o.execution_count = n;
  }
  return JSON.stringify(nb, null, 1) + "\n";
}

/**
 * Why a notebook failed, as text. nbconvert reports the failing cell's source and the error, but
 * tslab raises an empty Error for a TypeScript compile error and prints the diagnostics on the
 * cell's stderr, which nbconvert does not write out when it stops. So the notebook is run a second
 * time with --allow-errors (only on failure) and the failing cell's stderr is read from that copy.
 */
async function diagnose(nb, r, outDir, env, jupyter, timeout) {
  const text = failureText(r.log);
  const m = /An error occurred while executing the following cell:\n-+\n([\s\S]*?)\n-+\n/.exec(r.log);
  if (!m || /CellTimeoutError|timed out/i.test(r.log)) return text;
  const diagDir = join(outDir, "diagnose");
  mkdirSync(diagDir, { recursive: true });
  const again = await execute(nb, diagDir, env, jupyter, timeout, true);
  if (!again.ok) return text;
  const cells = JSON.parse(readFileSync(again.out, "utf8")).cells;
  const i = cells.findIndex((c) => c.cell_type === "code" && joined(c.source) === m[1]);
  if (i < 0) return text;
  // the kernel's own stack frames (tslab, node:vm, the cell wrapper) say nothing about the cell
  const stderr = (cells[i].outputs ?? []).filter((o) => o.output_type === "stream" && o.name === "stderr").map((o) => joined(o.text)).join("")
    .split("\n").filter((l) => !/^\s+at .*(tslab[\\/]dist|node:vm|node:internal|evalmachine|sigintHandlersWrap)/.test(l)).join("\n").trim();
  return stderr ? `${text}\n\ncell ${i + 1} wrote on stderr:\n${stderr}` : text;
}

/**
 * The part of nbconvert's log worth showing: the failing cell (its first lines) and the error,
 * without the Python traceback and the debugger's start-up chatter.
 */
function failureText(log) {
  const m = /An error occurred while executing the following cell:\n-+\n([\s\S]*?)\n-+\n([\s\S]*)$/.exec(log);
  const clean = (t) => t.split("\n").filter((l) => !/Debugger warning|frozen modules|PYDEVD_DISABLE_FILE_VALIDATION|-Xfrozen_modules|^0\.00s - /.test(l)).join("\n").trim();
  if (!m) {
    const timeout = /Cell execution timed out|CellTimeoutError|TimeoutError[^\n]*/.exec(log);
    return timeout ? `a cell ran longer than the per-cell timeout (${timeout[0].trim()}); raise it with --timeout <seconds>` : clean(log).split("\n").slice(-15).join("\n");
  }
  const src = m[1].split("\n");
  const head = src.slice(0, 4).map((l) => `  | ${l}`).join("\n") + (src.length > 4 ? `\n  | … (${src.length - 4} more lines)` : "");
  const rest = clean(m[2]).replace(/^<Error>:\s*$/m, "").trim(); // tslab's errors carry no name or message
  return `error in the cell:\n${head}${rest ? `\n${rest}` : ""}`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  let notebooks, jupyter, kernel;
  try {
    notebooks = notebookList(opts.files);
    checkBuild();
    jupyter = findJupyter();
    const python = findPython();
    const tslab = findTslab();
    kernel = ensureKernel(tslab, python);
  } catch (e) {
    if (e instanceof Prerequisite) {
      process.stderr.write(`run-notebooks: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const env = {
    ...process.env,
    JUPYTER_PATH: [kernel.share, process.env.JUPYTER_PATH].filter(Boolean).join(":"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    NO_COLOR: "1",
  };
  process.stdout.write(`run-notebooks: ${notebooks.length} notebook(s), nbconvert ${jupyter.version}, tslab kernel ${kernel.installed ? "installed in" : "from"} ${dirname(dirname(kernel.share))}, ${opts.timeout} s per cell\n`);
  const outDir = mkdtempSync(join(tmpdir(), "gexray-notebooks-"));
  let failed = 0;
  try {
    for (const nb of notebooks) {
      const name = relative(ROOT, nb);
      const r = await execute(nb, outDir, env, jupyter.bin, opts.timeout);
      if (!r.ok) {
        failed++;
        process.stdout.write(`FAIL ${name} (${r.seconds.toFixed(1)} s)\n`);
        process.stderr.write(`${name}: ${await diagnose(nb, r, outDir, env, jupyter.bin, opts.timeout)}\n`);
        continue;
      }
      if (opts.write) {
        const tmp = `${nb}.tmp-${process.pid}`;
        writeFileSync(tmp, numbered(readFileSync(r.out, "utf8")));
        renameSync(tmp, nb);
      }
      process.stdout.write(`ok   ${name} (${r.seconds.toFixed(1)} s)${opts.write ? ", outputs written" : ""}\n`);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  const total = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`run-notebooks: ${notebooks.length - failed} passed, ${failed} failed in ${total} s\n`);
  process.exit(failed > 0 ? 1 : 0);
}

await main();
