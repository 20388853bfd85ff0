/**
 * Output by file extension, for the commands that write several formats (`--out x.html|.md|.json|.csv`),
 * and Markdown with its chart files beside it.
 *
 * @module
 */
import { statSync } from "node:fs";
import { UsageError } from "./errors.js";

/** The output flags of the view commands, as commander hands them over. */
export interface OutputFlags {
  json?: boolean;
  csv?: boolean;
  out?: string;
  /** false with --no-color */
  color?: boolean;
}

/** What a file extension asks for. */
export type OutKind = "html" | "md" | "json" | "csv";

const BY_EXT: Record<string, OutKind> = { ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json", ".csv": "csv" };

/**
 * The format `--out` asks for by its extension, among those the command writes.
 *
 * @param out - the `--out` path
 * @param kinds - the formats the command writes
 * @throws UsageError naming the extensions allowed
 * @example
 * outKind("diff.html", ["html", "md", "json"]); // "html"
 * outKind("diff.txt", ["html", "md", "json"]);  // throws "--out must end in .html, .md or .json (got "diff.txt")"
 */
export function outKind(out: string, kinds: readonly OutKind[]): OutKind {
  const ext = out.toLowerCase().replace(/^.*\./, ".");
  const k = BY_EXT[ext];
  if (k !== undefined && kinds.includes(k)) return k;
  const list = kinds.map((x) => `.${x}`);
  const names = list.length > 1 ? `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}` : list[0]!;
  throw new UsageError(`--out must end in ${names} (got ${JSON.stringify(out)})`);
}

/** What `--out` receives: a format, or the command's terminal text (uncolored). */
export type OutTarget = OutKind | "text";

/**
 * What to write to `--out`: the format --json / --csv names, whatever the path's extension (so
 * `--json -o /dev/stdout` works); else, for a path that exists and is neither a regular file nor a
 * directory (a character device such as /dev/null or /dev/stdout on a terminal, a FIFO), the
 * command's terminal text; else the format of the path's extension ({@link outKind}).
 *
 * @param out - the `--out` path
 * @param kinds - the formats the command writes by extension
 * @param flag - the format flag given (--json, --csv), if any
 * @throws UsageError as {@link outKind} for a regular file without a known extension
 * @example
 * outTarget("/dev/null", ["html", "md", "json"], "json"); // "json"
 * outTarget("/dev/null", ["html", "md", "json"], undefined); // "text"
 * outTarget("map.csv", ["html", "md", "json", "csv"], undefined); // "csv"
 */
export function outTarget(out: string, kinds: readonly OutKind[], flag: "json" | "csv" | undefined): OutTarget {
  if (flag !== undefined) return flag;
  if (isSpecialFile(out)) return "text";
  return outKind(out, kinds);
}

/** An existing path that is neither a regular file nor a directory (device, FIFO, socket). */
function isSpecialFile(path: string): boolean {
  try {
    const s = statSync(path);
    return !s.isFile() && !s.isDirectory();
  } catch {
    return false;
  }
}

/**
 * Write a Markdown document and its chart files (named relative to it), all or none (output.ts
 * `emitFiles`).
 *
 * @param render - the renderer, given the file stem for the chart names
 * @param out - the Markdown file's path
 * @example
 * await emitMarkdown((stem) => renderDiffMarkdown(model, stem), "diff.md"); // diff.md, diff-diff-profiles.svg, …
 */
export async function emitMarkdown(
  render: (stem: string) => { markdown: string; files: ReadonlyArray<{ name: string; content: string }> }, out: string,
): Promise<void> {
  const [{ basename, dirname, extname, join }, { emitFiles }] = await Promise.all([import("node:path"), import("./output.js")]);
  const md = render(basename(out, extname(out)));
  await emitFiles([...md.files.map((f) => ({ path: join(dirname(out), f.name), data: f.content })), { path: out, data: md.markdown }]);
}
