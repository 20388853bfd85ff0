/**
 * CSV tokenizing for real-world exports: BOM, CRLF or LF, RFC 4180 quoted fields (doubled quotes,
 * commas inside quotes), thousands separators in numbers, trailing blank lines.
 *
 * Quoted fields spanning several lines are not supported (no option-chain export uses them); such a
 * line is reported by the loader as a row with the wrong number of fields.
 *
 * @module
 */

/**
 * Remove a leading UTF-8 byte-order mark.
 *
 * @example
 * stripBom("\uFEFFa,b"); // "a,b"
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Split one CSV line into fields. Quotes delimit fields and `""` inside quotes is a literal quote;
 * whitespace around unquoted fields is kept (callers trim what they parse).
 *
 * @param line - one line without its terminator (a trailing "\r" is dropped)
 * @param delimiter - one character, default ","
 * @example
 * splitCsvLine('a,"b,c",d'); // ["a", "b,c", "d"]
 * splitCsvLine('"say ""hi""",2'); // ['say "hi"', "2"]
 */
export function splitCsvLine(line: string, delimiter = ","): string[] {
  const end = line.endsWith("\r") ? line.length - 1 : line.length;
  if (line.indexOf('"') < 0) {
    return (end === line.length ? line : line.slice(0, end)).split(delimiter);
  }
  const out: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < end) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
    } else if (ch === '"') {
      quoted = true;
      i++;
    } else if (ch === delimiter) {
      out.push(field);
      field = "";
      i++;
    } else {
      field += ch;
      i++;
    }
  }
  out.push(field);
  return out;
}

/**
 * Split a whole text into lines (LF or CRLF), after stripping a BOM. The array index + 1 is the
 * 1-based line number.
 *
 * @example
 * splitLines("\uFEFFa\r\nb\r\n"); // ["a", "b", ""]
 */
export function splitLines(text: string): string[] {
  return stripBom(text).split(/\r?\n/);
}

/**
 * Parse a numeric field as real exports write it: surrounding spaces, thousands separators
 * ("1,234.5" inside quotes), a leading "+", a trailing "%" (returned as a percent number, not
 * divided). Empty, "-", "N/A", "null" and anything else non-numeric give NaN.
 *
 * @example
 * parseNumberField(" 1,234.50 "); // 1234.5
 * parseNumberField("");           // NaN
 * parseNumberField("12%");        // 12
 */
export function parseNumberField(raw: string): number {
  let s = raw.trim();
  if (s === "") return NaN;
  if (s.endsWith("%")) s = s.slice(0, -1).trim();
  if (s.includes(",")) {
    // only accept well-formed thousands grouping, so "1,5" (a decimal comma) is not read as 15
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) return NaN;
    s = s.replace(/,/g, "");
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}
