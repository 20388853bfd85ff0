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

/** 10^k for k = 0…22: every one exactly representable, which {@link parseNumberRange} relies on. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * {@link parseNumberField} of `src.slice(start, end)`, without the slice and the regular
 * expressions for plain decimals (`4700.00`, ` -0.5`, `.25`, `1234`): those are read from the char
 * codes. Anything else (exponents, thousands separators, `%`, other whitespace, more than 15
 * significant digits) goes through {@link parseNumberField} itself.
 *
 * Exactness: with at most 15 significant digits the mantissa m is an exact integer and 10^k
 * (k ≤ 22) is exact, so the IEEE division m / 10^k is the correctly rounded value of the decimal:
 * the same double `Number(text)` returns (Clinger's fast path).
 *
 * @example
 * parseNumberRange("x,0.2345,y", 2, 8); // 0.2345
 * parseNumberRange("a, 12% ,b", 2, 7);  // 12 (via parseNumberField)
 * parseNumberRange("a,,b", 2, 2);       // NaN
 */
export function parseNumberRange(src: string, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && src.charCodeAt(s) === 32) s++;
  while (e > s && src.charCodeAt(e - 1) === 32) e--;
  if (s === e) return NaN; // blank, as parseNumberField says
  let i = s;
  let c = src.charCodeAt(i);
  let negative = false;
  if (c === 45) {
    negative = true;
    i++;
  } else if (c === 43) i++;
  let mantissa = 0;
  let significant = 0;
  let frac = 0;
  let anyDigit = false;
  let dot = false;
  for (; i < e; i++) {
    c = src.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      anyDigit = true;
      if (mantissa !== 0 || c !== 48) significant++;
      mantissa = mantissa * 10 + (c - 48);
      if (dot) frac++;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      return parseNumberField(src.slice(start, end));
    }
  }
  if (!anyDigit || significant > 15 || frac > 22) return parseNumberField(src.slice(start, end));
  const v = frac === 0 ? mantissa : mantissa / POW10[frac]!;
  return negative ? -v : v;
}
