/**
 * Fit plain-text output lines to a width: a longer line is broken at spaces, its continuation
 * indented two columns past the line's own indentation.
 *
 * @module
 */

/**
 * Wrap each line to at most `width` columns (code points; a single longer word stands alone).
 *
 * @example
 * wrapLines(["  rule: a b c d"], 10); // ["  rule: a", "    b c d"]
 */
export function wrapLines(lines: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if ([...line].length <= width) {
      out.push(line);
      continue;
    }
    const indent = /^ */.exec(line)![0];
    const more = indent + "  ";
    let cur = indent;
    let first = true;
    for (const word of line.slice(indent.length).split(/ +/)) {
      if (!first && [...(cur + " " + word)].length > width) {
        out.push(cur);
        cur = more + word;
      } else cur = first ? cur + word : cur + " " + word;
      first = false;
    }
    out.push(cur);
  }
  return out;
}
