/**
 * Word wrapping for terminal text (shared by the terminal report and the terminal charts).
 *
 * @module
 */

/**
 * Wrap plain text at spaces to lines of at most `width` columns (a longer word stands alone);
 * continuation lines start with `indent`.
 *
 * @example
 * wrap("dealers short gamma from 58k to 77k", 20); // ["dealers short gamma", "from 58k to 77k"]
 */
export function wrap(text: string, width: number, indent = ""): string[] {
  const words = text.split(/\s+/).filter((w) => w !== "");
  const lines: string[] = [];
  let cur = "";
  for (const w of words) {
    if (cur !== "" && [...cur].length + 1 + [...w].length > width) {
      lines.push(cur);
      cur = indent + w;
    } else {
      cur = cur === "" ? (lines.length > 0 ? indent : "") + w : `${cur} ${w}`;
    }
  }
  if (cur !== "") lines.push(cur);
  return lines;
}
