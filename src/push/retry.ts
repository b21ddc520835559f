// When to try a failed delivery again. Pure: the caller passes the outcome and a random source.
import { retryAfterMs } from "../lib/retry-after";

export interface AttemptOutcome {
  status: number | null; // HTTP status, null when no response (timeout, network error)
  timedOut: boolean;
  retryAfter: string | null; // the Retry-After header as sent
}

const MAX_DELAY = 86_400;

/**
 * Seconds until the next attempt after `roundAttempts` failed attempts, or null when the schedule
 * is exhausted. The scheduled delay gets ±20 % jitter; 429/503 Retry-After is honoured (never less
 * than the schedule); a 429 or a timeout waits at least 60 s.
 */
export function nextDelay(
  schedule: number[],
  roundAttempts: number,
  outcome: AttemptOutcome,
  now: number,
  random: () => number = Math.random,
): number | null {
  const base = schedule[roundAttempts - 1];
  if (base === undefined) return null;
  let delay = Math.round(base * (0.8 + 0.4 * random()));
  if (outcome.status === 429 || outcome.status === 503) {
    const asked = retryAfterMs(outcome.retryAfter, now);
    if (asked !== null) delay = Math.max(delay, Math.ceil(asked / 1000));
  }
  if (outcome.status === 429 || outcome.timedOut) delay = Math.max(delay, 60);
  return Math.min(delay, MAX_DELAY);
}
