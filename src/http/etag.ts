// Weak ETags over a response's content (not its timestamp), and If-None-Match / If-Modified-Since handling.
export async function etagOf(content: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(content));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `W/"${[...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("")}"`;
}

export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || opaque(t) === opaque(etag));
}

/**
 * If-Modified-Since (RFC 9110 §13.1.3): true when the content has not changed since that date. Only
 * asked without If-None-Match, which takes precedence; an unreadable date means "changed".
 */
export function unmodifiedSince(ifModifiedSince: string | undefined, lastModified: number): boolean {
  if (!ifModifiedSince) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds: compare at that precision.
  return !Number.isNaN(since) && Math.floor(lastModified / 1000) * 1000 <= since;
}
