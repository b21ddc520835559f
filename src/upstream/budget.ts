// The upstream request budget as pure arithmetic over a small state; the RequestBudget Durable Object
// (budget-object.ts) holds one state per source for the whole deployment, so the limits hold exactly
// across every caller (cron walks, poll ticks, detail and freelancer refreshes, token refreshes) and
// across overlapping invocations.
//
// Requests get slots: each is at least 60 000 / perMinute ms after the previous one, so no half-open
// minute ever holds more than perMinute of them, and a UTC day never more than perDay. A caller waits
// until its slot. Limits of null mean unlimited (the request is only counted).

export interface BudgetLimits {
  perMinute: number | null;
  perDay: number | null;
}

export interface BudgetState {
  /** The latest slot handed out (epoch ms). */
  lastSlot: number;
  /** 'YYYY-MM-DD' (UTC) that `usedToday` counts. */
  day: string;
  usedToday: number;
  /** Slots of the last minute, oldest first, for usage reports. */
  recent: number[];
}

export type Reservation = { ok: true; at: number } | { ok: false; reason: "day"; retryAt: number };

export const emptyBudget = (): BudgetState => ({ lastSlot: 0, day: "", usedToday: 0, recent: [] });

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const nextDay = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};

/** One request's slot, or the refusal when today's budget is spent. */
export function reserve(prev: BudgetState, limits: BudgetLimits, now: number): { state: BudgetState; reservation: Reservation } {
  const spacing = limits.perMinute ? 60_000 / limits.perMinute : 0;
  const at = Math.max(now, prev.lastSlot + spacing);
  const day = dayOf(at);
  const usedToday = day === prev.day ? prev.usedToday : 0;
  if (limits.perDay !== null && usedToday >= limits.perDay) {
    return { state: prev, reservation: { ok: false, reason: "day", retryAt: nextDay(at) } };
  }
  const recent = [...prev.recent.filter((t) => t > now - 60_000), at];
  return { state: { lastSlot: at, day, usedToday: usedToday + 1, recent }, reservation: { ok: true, at } };
}

/** Requests in the minute before `now` (slots already taken count once their time has come) and today. */
export function usage(state: BudgetState, now: number): { lastMinute: number; today: number } {
  return {
    lastMinute: state.recent.filter((t) => t > now - 60_000 && t <= now).length,
    today: state.day === dayOf(now) ? state.usedToday : 0,
  };
}
