// Timestamps as the API shows them: ISO 8601 UTC, whole seconds, `Z` (docs/api.md#envelope).

export function isoSeconds(at: Date | number = Date.now()): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** isoSeconds of epoch milliseconds, keeping null. */
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoSeconds(ms));
