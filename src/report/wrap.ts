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

/**
 * Wrap a list of items joined by `sep`, breaking between items where possible: a line takes whole
 * items while they fit in `width` columns, and only an item wider than a line on its own is
 * word-wrapped. Keeps facts such as "1 IBIT = 0.000568 BTC" on one line whatever precedes them (a
 * long file path, say).
 *
 * @example
 * wrapItems(["chain /tmp/a/very/long/path.csv", "rate 0", "1 IBIT = 0.000568 BTC"], 40);
 * // ["chain /tmp/a/very/long/path.csv · rate 0", "· 1 IBIT = 0.000568 BTC"]
 */
export function wrapItems(items: readonly string[], width: number, sep = " · "): string[] {
  const lines: string[] = [];
  let cur = "";
  const len = (s: string): number => [...s].length;
  for (const raw of items) {
    const item = raw.replace(/\s+/g, " ").trim();
    if (item === "") continue;
    const joined = cur === "" ? (lines.length > 0 ? sep.trimStart() : "") + item : cur + sep + item;
    if (len(joined) <= width) {
      cur = joined;
      continue;
    }
    if (cur !== "") lines.push(cur);
    const start = lines.length > 0 ? sep.trimStart() + item : item;
    if (len(start) <= width) cur = start;
    else {
      const parts = wrap(start, width);
      lines.push(...parts.slice(0, -1));
      cur = parts[parts.length - 1] ?? "";
    }
  }
  if (cur !== "") lines.push(cur);
  return lines;
}

/**
 * Every line of `text` longer than `width` broken at its last space that fits (spacing inside the
 * line kept, so aligned columns stay aligned), continuation lines indented 4 more than the line;
 * a line without such a space is left as it is.
 *
 * @example
 * fitLines("  short gamma zones     11,755–14,773 (-20.0% to +0.5%), 16,169–16,355 (+10.0% to +11.3%)", 60);
 * // "  short gamma zones     11,755–14,773 (-20.0% to +0.5%),\n      16,169–16,355 (+10.0% to +11.3%)"
 */
export function fitLines(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const indent = /^\s*/.exec(line)![0];
    let rest = line;
    let first = true;
    for (;;) {
      const chars = [...rest];
      if (chars.length <= width) break;
      const start = first ? indent.length : indent.length + 4;
      const head = chars.slice(0, width + 1).join("");
      const cut = head.lastIndexOf(" ");
      if (cut <= start) break;
      out.push(rest.slice(0, cut).trimEnd());
      rest = indent + "    " + rest.slice(cut + 1).trimStart();
      first = false;
    }
    out.push(rest);
  }
  return out.join("\n");
}
