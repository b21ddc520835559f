// Text as upstreams send it (some items carry HTML or entities) → plain text: tags removed with their
// line breaks kept, entities decoded, blank lines collapsed. And text made safe to put into XML or
// HTML (feeds, docs/api.md#feeds). Pure.

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  bull: "•",
  middot: "·",
  copy: "©",
  reg: "®",
  trade: "™",
  euro: "€",
  pound: "£",
  yen: "¥",
  times: "×",
  deg: "°",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      // Not a character (or a surrogate half): keep the text as it came.
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

const BREAK_BEFORE = /<(br|hr)\b[^<>]*>|<\/(p|div|ul|ol|h[1-6]|tr|table|blockquote|pre)\s*>/gi;
const ITEM = /<li\b[^<>]*>/gi;
const TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>|<!--[\s\S]*?-->/gi;

/** Multi-line plain text (descriptions). Text without markup comes back the same, whitespace tidied. */
export function plainText(text: string): string {
  return decodeEntities(text.replace(/\r\n?/g, "\n").replace(BREAK_BEFORE, "\n").replace(ITEM, "\n- ").replace(TAG, ""))
    .replace(/[ \t\u00a0]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** One line of plain text (titles). */
export const plainLine = (text: string): string => plainText(text).replace(/\s*\n\s*/g, " ");

// Characters XML 1.0 does not allow (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) and
// surrogate halves without their other half (with the u flag a well-formed pair is one code point).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** The text without the characters an XML 1.0 document cannot carry (even escaped). */
export const xmlChars = (text: string): string => text.replace(XML_FORBIDDEN, "");

const MARKUP_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for XML or HTML, in content or in a quoted attribute: forbidden characters removed, markup escaped. */
export const escapeMarkup = (text: string): string => xmlChars(text).replace(/[&<>"']/g, (ch) => MARKUP_ESCAPES[ch]!);

/** At most `max` characters (code points, so no emoji is cut in half), with "…" when cut. */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const kept = chars.slice(0, max - 1).join("");
  return `${kept.trimEnd()}…`;
}
