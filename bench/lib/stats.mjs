// Small statistics helpers for benchmark figures.

export { percentile } from "../../src/lib/stats.ts";

export const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** value / baseline, rounded; null when the baseline is 0 or missing. */
export const ratio = (value, baseline) => (baseline ? round(value / baseline) : null);

/** The middle value (the upper one of an even count): a round's figure robust to one slow round. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
