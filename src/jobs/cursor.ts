// Opaque keyset cursor: the (posted_on, id) of the last job on a page, base64url-encoded JSON.
export interface JobCursor {
  postedOn: string;
  id: string;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): string {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

export function encodeCursor(c: JobCursor): string {
  return toBase64Url(JSON.stringify([c.postedOn, c.id]));
}

/** Undefined when the string is not a cursor this API produced. */
export function decodeCursor(s: string): JobCursor | undefined {
  if (s.length > 400 || !/^[A-Za-z0-9_-]+$/.test(s)) return undefined;
  try {
    const v: unknown = JSON.parse(fromBase64Url(s));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v[0])) return undefined;
      return { postedOn: v[0], id: v[1] };
    }
  } catch {
    // fall through: not ours
  }
  return undefined;
}
