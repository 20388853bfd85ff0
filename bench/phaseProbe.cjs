// Preloaded (`node --require bench/phaseProbe.cjs …`) by phases.bench.mjs: at exit, prints to stderr
// the time node took to reach user code, gexray's performance marks ("gexray:<phase>", set where a
// phase ends) and the time of the exit event, all in ms since the process's time origin (main
// thread only: kernel workers inherit the preload).
const start = performance.now();
if (require("node:worker_threads").isMainThread) process.on("exit", () => {
  const marks = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("gexray:")).map((m) => [m.name.slice(7), m.startTime]);
  process.stderr.write(`gexray-phases ${JSON.stringify({ start, marks, exit: performance.now() })}\n`);
});
