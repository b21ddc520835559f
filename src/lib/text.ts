// Text as upstreams send it (some items carry HTML or entities) → plain text: tags removed with their
// line breaks kept, entities decoded, blank lines collapsed. Pure.

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
