/**
 * Output by file extension, for the commands that write several formats (`--out x.html|.md|.json|.csv`),
 * and Markdown with its chart files beside it.
 *
 * @module
 */
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
