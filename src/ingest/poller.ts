// The live poller: one Durable Object per deployment whose alarm runs a poll tick (pollOnce in
// run.ts: the newest page of each search, stored and announced like a run) every
// POLL_INTERVAL_SECONDS, so a new job reaches subscribers seconds after it appears upstream
// (docs/architecture.md#freshness). It runs unless an admin stopped it; the cron re-arms a missing
// alarm (after a deploy or an eviction). With the upwork source the interval stretches to fit half of
// the daily request budget; a 429 backs it off exponentially (Retry-After honoured) until a tick
// succeeds. Its state is published to D1 for /health and GET /admin/poller.
import { DurableObject } from "cloudflare:workers";
import { writePollerState } from "../db/state";
import { type IngestSettings, SettingsError, settingsFrom } from "../settings";
import { errMessage } from "../upstream/client";
import { type PollResult, pollOnce, TICK_DEADLINE_MS } from "./run";
import type { PollerState } from "./types";

/** The poller may spend at most this share of UPWORK_MAX_REQUESTS_PER_DAY; cron walks and refreshes get the rest. */
const POLLER_DAILY_SHARE = 0.5;
const MAX_BACKOFF_MS = 3_600_000;
const KEY = "state";

/** The interval a tick is scheduled by: the configured one, stretched so the poller fits its share of Upwork's daily budget. */
export function effectiveInterval(s: IngestSettings): { seconds: number; stretched: boolean } {
  const configured = s.pollIntervalSeconds;
  if (configured === 0 || s.source !== "upwork") return { seconds: configured, stretched: false };
  const perDay = s.upwork.maxRequestsPerDay * POLLER_DAILY_SHARE;
  const needed = Math.ceil((86_400 * s.upwork.searches.length) / perDay);
  return needed > configured ? { seconds: needed, stretched: true } : { seconds: configured, stretched: false };
}

/** The wait after a tick: the interval, or for a run of 429s the interval doubled per 429 (at least Retry-After). */
export function nextDelayMs(intervalSeconds: number, rateLimitedInARow: number, retryAfterMs: number | null): number {
  const base = intervalSeconds * 1000;
  if (rateLimitedInARow === 0) return base;
  return Math.min(MAX_BACKOFF_MS, Math.max(retryAfterMs ?? 0, base * 2 ** Math.min(rateLimitedInARow, 12)));
}

const initial = (): PollerState => ({
  stopped: false,
  ticks: 0,
  jobs_new: 0,
  failures: 0,
  consecutive_failures: 0,
  rate_limited_in_a_row: 0,
  last_tick_at: null,
  last_result: null,
  last_error: null,
  next_tick_at: null,
  interval_seconds: 0,
  effective_interval_seconds: 0,
  stretched: false,
});

export class Poller extends DurableObject<Env> {
  /** One tick (tests put a scripted one here to drive the schedule deterministically). */
  tick: (env: Env) => Promise<PollResult> = (env) => pollOnce(env);
  /** How long the alarm waits for a tick before it counts as failed and the next one is scheduled. */
  tickDeadlineMs = TICK_DEADLINE_MS;

  private async load(): Promise<PollerState> {
    return { ...initial(), ...(await this.ctx.storage.get<PollerState>(KEY)) };
  }

  private async save(state: PollerState): Promise<PollerState> {
    await this.ctx.storage.put(KEY, state);
    await writePollerState(this.env.DB, state);
    return state;
  }

  /** Schedules the next tick `delayMs` from now (or none when the poller is off or stopped). */
  private async arm(state: PollerState, delayMs: number | null): Promise<PollerState> {
    if (delayMs === null) {
      await this.ctx.storage.deleteAlarm();
      return { ...state, next_tick_at: null };
    }
    const at = Date.now() + delayMs;
    await this.ctx.storage.setAlarm(at);
    return { ...state, next_tick_at: at };
  }

  private withInterval(state: PollerState, s: IngestSettings): PollerState {
    const e = effectiveInterval(s);
    return { ...state, interval_seconds: s.pollIntervalSeconds, effective_interval_seconds: e.seconds, stretched: e.stretched };
  }

  async status(): Promise<PollerState> {
    return this.load();
  }

  /** Starts polling (the first tick right away). */
  async start(): Promise<PollerState> {
    const s = settingsFrom(this.env).ingest;
    const state = this.withInterval({ ...(await this.load()), stopped: false }, s);
    return this.save(await this.arm(state, s.pollIntervalSeconds === 0 ? null : 0));
  }

  async stop(): Promise<PollerState> {
    return this.save(await this.arm({ ...(await this.load()), stopped: true }, null));
  }

  /** The cron's self-check: a running poller whose alarm is missing gets one again. True when it re-armed. */
  async ensureArmed(): Promise<boolean> {
    const s = settingsFrom(this.env).ingest;
    const state = await this.load();
    if (state.stopped || s.pollIntervalSeconds === 0 || (await this.ctx.storage.getAlarm()) !== null) return false;
    await this.save(await this.arm(this.withInterval(state, s), 0));
    return true;
  }

  override async alarm(): Promise<void> {
    let state = await this.load();
    if (state.stopped) return;
    let s: IngestSettings;
    try {
      s = settingsFrom(this.env).ingest;
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err;
      // A broken setting is the operator's to fix; look again in a minute.
      await this.save(await this.arm({ ...state, last_error: err.message, last_result: "failed" }, 60_000));
      return;
    }
    if (s.pollIntervalSeconds === 0) {
      await this.save(await this.arm(this.withInterval(state, s), null));
      return;
    }
    state = this.withInterval(state, s);
    let retryAfterMs: number | null = null;
    try {
      const r = await withDeadline(this.tick(this.env), this.tickDeadlineMs);
      const failed = r.status === "failed";
      state = {
        ...state,
        ticks: state.ticks + 1,
        jobs_new: state.jobs_new + r.new,
        failures: state.failures + (failed ? 1 : 0),
        consecutive_failures: failed ? state.consecutive_failures + 1 : r.status === "ok" ? 0 : state.consecutive_failures,
        rate_limited_in_a_row: r.rateLimited ? state.rate_limited_in_a_row + 1 : r.status === "ok" ? 0 : state.rate_limited_in_a_row,
        last_result: r.status,
        last_error: r.error ?? (failed ? "failed" : state.last_error),
      };
      retryAfterMs = r.rateLimited?.retryAfterMs ?? null;
    } catch (err) {
      state = {
        ...state,
        ticks: state.ticks + 1,
        failures: state.failures + 1,
        consecutive_failures: state.consecutive_failures + 1,
        last_result: "failed",
        last_error: errMessage(err).slice(0, 500),
      };
    }
    state.last_tick_at = Date.now();
    await this.save(await this.arm(state, nextDelayMs(state.effective_interval_seconds, state.rate_limited_in_a_row, retryAfterMs)));
  }
}

/**
 * A tick that never settles (a hung request the client's timeout missed) must not end the
 * schedule: after the deadline the alarm counts it failed and arms the next tick. Its lock expires
 * at the same deadline (run.ts).
 */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the tick did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, late]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
}

/** The deployment's poller. */
export const poller = (env: Env) => env.POLLER.get(env.POLLER.idFromName("deployment"));
