// Per-minute and monthly-credit accounting for one key, as pure functions over a small state.
// The KeyLimiter Durable Object (limiter.ts) owns one such state per key, which makes it exact.

export interface LimitState {
  /** Start of the current fixed window, in whole UTC minutes since the epoch. */
  minute: number;
  used_this_minute: number;
  /** 'YYYY-MM' (UTC) the credit count belongs to; credits reset on the 1st at 00:00 UTC. */
  month: string;
  credits_used: number;
}

export interface AdmitRequest {
  now: number; // ms since epoch
  requests_per_minute: number;
  credits_per_month: number | null; // null = unlimited
  /** Whether this request spends a credit (false for /health). */
  charge: boolean;
}

type Refusal = "rate_limit" | "credits";

export interface Admission {
  allowed: boolean;
  refusal?: Refusal;
  rate_limit: number;
  rate_remaining: number;
  /** Seconds until the minute window resets, 1–60. */
  rate_reset: number;
  credits_limit: number | null;
  credits_remaining: number | null;
  /** Seconds until the monthly credits reset. */
  credits_reset: number;
  /** Whether a credit was taken (to be given back if the answer turns out free, e.g. a 304). */
  charged: boolean;
}

export function emptyState(now: number): LimitState {
  return { minute: Math.floor(now / 60_000), used_this_minute: 0, month: monthOf(now), credits_used: 0 };
}

export function monthOf(now: number): string {
  return new Date(now).toISOString().slice(0, 7);
}

function secondsToNextMonth(now: number): number {
  const d = new Date(now);
  const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now) / 1000));
}

/** Rolls the windows forward to `now`. */
function roll(state: LimitState, now: number): LimitState {
  const minute = Math.floor(now / 60_000);
  const month = monthOf(now);
  return {
    minute,
    used_this_minute: minute === state.minute ? state.used_this_minute : 0,
    month,
    credits_used: month === state.month ? state.credits_used : 0,
  };
}

/** Counts one request against the window and, when `charge`, takes one credit. */
export function admit(prev: LimitState, req: AdmitRequest): { state: LimitState; admission: Admission } {
  const state = roll(prev, req.now);
  const rate_reset = Math.max(1, Math.ceil(((state.minute + 1) * 60_000 - req.now) / 1000));
  state.used_this_minute += 1; // every request counts, refused or not

  const overRate = state.used_this_minute > req.requests_per_minute;
  const limit = req.credits_per_month;
  const overCredits = !overRate && req.charge && limit !== null && state.credits_used >= limit;
  const allowed = !overRate && !overCredits;
  const charged = allowed && req.charge;
  if (charged) state.credits_used += 1;

  return {
    state,
    admission: {
      allowed,
      refusal: overRate ? "rate_limit" : overCredits ? "credits" : undefined,
      rate_limit: req.requests_per_minute,
      rate_remaining: Math.max(0, req.requests_per_minute - state.used_this_minute),
      rate_reset,
      credits_limit: limit,
      credits_remaining: limit === null ? null : Math.max(0, limit - state.credits_used),
      credits_reset: secondsToNextMonth(req.now),
      charged,
    },
  };
}

/** Where a key stands at `now`, counting nothing (what an unmetered request reports). */
export function standing(prev: LimitState, req: Omit<AdmitRequest, "charge">): Admission {
  const state = roll(prev, req.now);
  const limit = req.credits_per_month;
  return {
    allowed: true,
    rate_limit: req.requests_per_minute,
    rate_remaining: Math.max(0, req.requests_per_minute - state.used_this_minute),
    rate_reset: Math.max(1, Math.ceil(((state.minute + 1) * 60_000 - req.now) / 1000)),
    credits_limit: limit,
    credits_remaining: limit === null ? null : Math.max(0, limit - state.credits_used),
    credits_reset: secondsToNextMonth(req.now),
    charged: false,
  };
}

/** Gives back a credit taken by `admit` in the same month. */
export function refund(prev: LimitState, now: number): LimitState {
  if (monthOf(now) !== prev.month || prev.credits_used === 0) return prev;
  return { ...prev, credits_used: prev.credits_used - 1 };
}
