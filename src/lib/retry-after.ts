// The Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP date. One reader for upstream
// answers (src/upstream.ts) and webhook receivers (src/push/retry.ts).

/** Milliseconds from `now` the header asks to wait; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  // Some servers send fractional seconds; accept them rather than ignore the header.
  if (/^\d{1,10}(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // Otherwise an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would take "-5" for a year.
  const at = /[a-z]/i.test(v) ? Date.parse(v) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
