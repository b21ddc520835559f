// Small statistics helpers for benchmark figures.

/** The p-th percentile (0-100) of numbers, nearest-rank on a sorted copy. */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** value / baseline, rounded; null when the baseline is 0 or missing. */
export const ratio = (value, baseline) => (baseline ? round(value / baseline) : null);
