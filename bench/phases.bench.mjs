// Where a one-shot command's time goes: a phase table of whole `gexray` processes, measured with
// the marks the code sets where each phase ends (performance.mark("gexray:<phase>"), read by the
// preload bench/phaseProbe.cjs), beside the same breakdown of the numpy implementation.
//
// Phases (ms, medians of alternating runs; each ends where its mark is set):
//   node      process start → first user code (node's own start-up; what `node -e 0` costs)
//   modules   → loadChain called: the entry, commander, the command and library modules
//   parse     → the chain is loaded (file read, parse, validation, columns)
//   book      → selection, dealer weights and the merged book are built
//   kernel    → the profile kernel (and, where they overlap, what the main thread did meanwhile)
//   passes    → at-spot totals, by-expiry and strike tables, levels, flows
//   output    → the exit event (remaining modules, JSON, writing)
//   exit      → the parent sees the process end (teardown; also time before node's time origin)
// A phase whose mark a command never sets (strikes has no kernel) is folded into the next one.
//
// numpy: python start and imports (wall − in-script), load (parse), profile (all the sums).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERIC_FLAGS, hasNumpy, load, MAIN, median, NUMPY, PY, run, SPX, writeGeneric } from "./proc.mjs";

const PROBE = fileURLToPath(new URL("phaseProbe.cjs", import.meta.url));
const RUNS = Number(process.env.PHASES_RUNS ?? 7);
const PHASES = ["node", "modules", "parse", "book", "kernel", "passes", "output", "exit"];

/** One gexray run: wall ms and the ms of each phase. */
function gexrayPhases(args) {
  const r = run(process.execPath, ["--require", PROBE, MAIN, ...args]);
  const line = r.stderr.split("\n").find((l) => l.startsWith("gexray-phases "));
  if (!line) throw new Error(`no phase line from gexray ${args.join(" ")}`);
  const { start, marks, exit } = JSON.parse(line.slice("gexray-phases ".length));
  const wall = r.sec * 1000;
  const out = Object.fromEntries(PHASES.map((p) => [p, 0]));
  out.node = start;
  let prev = start;
  for (const [name, t] of marks) {
    out[PHASES.includes(name) ? name : "output"] += t - prev;
    prev = t;
  }
  out.output += exit - prev;
  out.exit = wall - exit;
  out.wall = wall;
  return out;
}

function numpyPhases(args, outFile) {
  const r = run(PY, [NUMPY, ...args, "--out", outFile]);
  const s = JSON.parse(readFileSync(outFile, "utf8")).seconds;
  const wall = r.sec * 1000;
  return { start: wall - s.total * 1000, load: s.load * 1000, profile: s.profile * 1000, wall };
}

const dir = mkdtempSync(join(tmpdir(), "gexray-phases-bench-"));
try {
  const generic = join(dir, "generic_200k.csv");
  writeGeneric(generic, 200_000);
  const numpy = hasNumpy();
  const cases = [
    { name: "profile, SPX snapshot, 500 steps", node: ["profile", SPX, "--steps", "500", "--json", "-o", join(dir, "a.json")], py: [SPX, "--steps", "500"] },
    { name: "profile, generic CSV 200k contracts, 1,000 steps", node: ["profile", generic, ...GENERIC_FLAGS, "--json", "-o", join(dir, "b.json")], py: [generic, "--format", "generic", ...GENERIC_FLAGS] },
    { name: "strikes, SPX snapshot, 4600–4800", node: ["strikes", SPX, "--min", "4600", "--max", "4800", "-o", join(dir, "c.txt")] },
  ];
  const results = cases.map(() => ({ g: [], p: [] }));
  const nodeFloor = [];
  for (let rep = 0; rep < RUNS; rep++) {
    nodeFloor.push(run(process.execPath, ["-e", "0"]).sec * 1000);
    cases.forEach((c, i) => {
      results[i].g.push(gexrayPhases(c.node));
      if (numpy && c.py) results[i].p.push(numpyPhases(c.py, join(dir, "py.json")));
    });
  }
  const ms = (x) => x.toFixed(0).padStart(6);
  console.log(`phase table, ms, medians of ${RUNS} alternating runs (node -e 0: ${median(nodeFloor).toFixed(0)} ms); ${load()}`);
  console.log(`${"case".padEnd(50)}${PHASES.map((p) => p.padStart(8)).join("")}    wall`);
  cases.forEach((c, i) => {
    const g = results[i].g;
    console.log(`${("gexray " + c.name).padEnd(50)}${PHASES.map((p) => ms(median(g.map((r) => r[p]))).padStart(8)).join("")}  ${ms(median(g.map((r) => r.wall)))}`);
    const p = results[i].p;
    if (p.length > 0) {
      console.log(`${"  numpy: python+imports / load / profile".padEnd(50)}${ms(median(p.map((r) => r.start)))}  ${ms(median(p.map((r) => r.load)))}  ${ms(median(p.map((r) => r.profile)))}   wall ${ms(median(p.map((r) => r.wall)))}`);
    }
  });
  if (!numpy) console.log("numpy: SKIPPED — /usr/bin/python3 has no numpy/pandas");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
