// Small statistics helpers for benchmark figures.

export { percentile } from "../../src/lib/stats.ts";

export const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** value / baseline, rounded; null when the baseline is 0 or missing. */
export const ratio = (value, baseline) => (baseline ? round(value / baseline) : null);
