// Opaque keyset cursor: the (posted_on, id) of the last job on a page, base64url-encoded JSON.
import { base64ToText, textToBase64url } from "../lib/encoding";

export interface JobCursor {
  postedOn: string;
  id: string;
}

export function encodeCursor(c: JobCursor): string {
  return textToBase64url(JSON.stringify([c.postedOn, c.id]));
}

/** Undefined when the string is not a cursor this API produced. */
export function decodeCursor(s: string): JobCursor | undefined {
  if (s.length > 400 || !/^[A-Za-z0-9_-]+$/.test(s)) return undefined;
  try {
    const v: unknown = JSON.parse(base64ToText(s));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v[0])) return undefined;
      return { postedOn: v[0], id: v[1] };
    }
  } catch {
    // fall through: not ours
  }
  return undefined;
}
