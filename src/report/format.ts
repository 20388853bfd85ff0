/**
 * Number formatting for people, shared by every report renderer (terminal, Markdown, HTML), so
 * that one figure reads the same everywhere: USD amounts scaled to k / mn / bn with four
 * significant digits, prices with thousands separators, signed percentages. Locale-independent
 * (no `Intl`): the output is the same on every machine.
 *
 * @module
 */

/**
 * Group the integer part of a plain decimal text in thousands: `"-1234567.5"` → `"-1,234,567.5"`.
 *
 * @example
 * groupThousands("73012.64"); // "73,012.64"
 */
export function groupThousands(text: string): string {
  const m = /^([+-]?)(\d+)(.*)$/.exec(text);
  if (!m) return text;
  return m[1]! + m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + m[3]!;
}

/**
 * A price with thousands separators and at most `decimals` decimals (trailing zeros dropped).
 * Non-finite values print as `n/a`.
 *
 * @param x - price, currency per unit
 * @param decimals - maximum decimals; default 2
 * @example
 * formatPrice(73012.64);  // "73,012.64"
 * formatPrice(80000);     // "80,000"
 * formatPrice(43.6);      // "43.6"
 * formatPrice(76794.4551, 0); // "76,794"
 */
export function formatPrice(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "n/a";
  let s = x.toFixed(decimals);
  if (s.includes(".")) s = s.replace(/\.?0+$/, "");
  if (s === "-0") s = "0";
  return groupThousands(s);
}

/**
 * A price at the precision people read it at: whole numbers from 10,000 (BTC), one decimal from
 * 1,000 (index points), two below (ETF shares: 36.58, not 37), thousands grouped, trailing zeros
 * dropped; `n/a` for a value that is not finite.
 *
 * @example
 * priceText(76794.455); // "76,794"
 * priceText(4734.18);   // "4,734.2"
 * priceText(36.58000183); // "36.58"
 */
export function priceText(x: number): string {
  const a = Math.abs(x);
  return formatPrice(x, a >= 10000 ? 0 : a >= 1000 ? 1 : 2);
}

/** Scales of {@link scaleAmount}, largest first. */
const SCALES: ReadonlyArray<readonly [number, string]> = [[1e12, "tn"], [1e9, "bn"], [1e6, "mn"], [1e3, "k"]];

/**
 * An amount scaled for people: tn, bn, mn or k with four significant digits (`-58.82 mn`,
 * `4.400 k`), plain below 1,000 (`805.7`), `0` for zero, `n/a` for null or non-finite. The unit is
 * the caller's to print.
 *
 * @param x - the amount (USD, units of underlying, contracts)
 * @example
 * scaleAmount(-58823456.7); // "-58.82 mn"
 * scaleAmount(4400);        // "4.400 k"
 * scaleAmount(805.66);      // "805.7"
 * scaleAmount(0.000123);    // "0.000123"
 */
export function scaleAmount(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "n/a";
  if (x === 0) return "0";
  const a = Math.abs(x);
  for (const [size, name] of SCALES) {
    if (a >= size * (1 - 5e-5)) return `${fourDigits(x / size)} ${name}`;
  }
  return String(Number(x.toPrecision(4)));
}

/** Four significant digits with trailing zeros kept (the scale tells the magnitude). */
function fourDigits(v: number): string {
  const a = Math.abs(v);
  const d = a >= 999.95 ? 0 : a >= 99.995 ? 1 : a >= 9.9995 ? 2 : 3;
  const s = v.toFixed(d);
  return s === "-0" || /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * A USD amount for people: {@link scaleAmount} with a sign kept, followed by `USD`.
 *
 * @example
 * formatUsd(-58823456.7); // "-58.82 mn USD"
 */
export function formatUsd(x: number | null | undefined): string {
  const s = scaleAmount(x);
  return s === "n/a" ? s : `${s} USD`;
}

/**
 * A signed percentage with `decimals` decimals: `+5.18%`, `-12.3%`, `0.00%`.
 *
 * @param pct - already in percent (5.18 means 5.18%)
 * @example
 * formatPct(5.1834); // "+5.18%"
 * formatPct(-12.25, 1); // "-12.3%"
 */
export function formatPct(pct: number | null | undefined, decimals = 2): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return "n/a";
  const s = pct.toFixed(decimals);
  if (Number(s) === 0) return (0).toFixed(decimals) + "%";
  return (pct > 0 ? "+" : "") + s + "%";
}

/**
 * Distance of a price from spot in percent: (price / spot − 1) × 100.
 *
 * @example
 * distancePct(80000, 73012.64); // 9.570…
 */
export function distancePct(price: number, spot: number): number {
  return (price / spot - 1) * 100;
}

/**
 * Escape text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('a < b & "c"'); // "a &lt; b &amp; &quot;c&quot;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * Escape text for a Markdown table cell: pipes escaped, line breaks as spaces.
 *
 * @example
 * escapeMarkdownCell("a|b"); // "a\\|b"
 */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** C0 and C1 control characters, DEL, and the Unicode bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a file made safe to print on a terminal: every control character (escape codes, line
 * breaks, tabs, bidirectional overrides) shown as a visible `\xNN` / `\uNNNN` escape instead of
 * acting on the terminal. Printable text, including non-ASCII letters, is kept.
 *
 * @example
 * escapeControl("SYN-\x1b[2J-A"); // "SYN-\\x1b[2J-A" (prints as SYN-\x1b[2J-A)
 * escapeControl("Société Générale"); // "Société Générale"
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * "USD per <underlying>", or "USD per unit" when the file names no underlying.
 *
 * @example
 * usdPer("BTC"); // "USD per BTC"
 * usdPer("");    // "USD per unit"
 */
export function usdPer(underlying: string): string {
  return underlying.trim() === "" ? "USD per unit" : `USD per ${underlying}`;
}
