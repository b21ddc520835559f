// Timestamps as the API shows them: ISO 8601 UTC, whole seconds, `Z` (docs/api.md#envelope).

export function isoSeconds(at: Date | number = Date.now()): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** isoSeconds of epoch milliseconds, keeping null. */
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoSeconds(ms));

/** An HTTP date (RFC 9110 §5.6.7), which is also the RFC 822 date RSS uses: `Mon, 03 Nov 2025 14:02:19 GMT`. */
export const httpDate = (at: Date | number | string): string => new Date(at).toUTCString();

/** Waits `ms` milliseconds (callers take it as an option so tests can pass an instant one). */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
