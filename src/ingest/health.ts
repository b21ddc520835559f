// The source's health as /health shows it (docs/api.md#health): whether upstream answers, how fresh
// the jobs are, and how much of the request budget is used. A failing source must never look like
// "no new jobs": its status says degraded or down and the last error is shown.
import { readHealthFacts } from "../db/source-health";
import { isoOrNull, isoSeconds } from "../lib/time";
import type { IngestSettings, SourceName } from "../settings";
import { requestBudget } from "../upstream/budget-object";
import type { PollerState } from "./types";

/** Without the poller, runs come from the cron, every 5 minutes by default. */
export const CRON_INTERVAL_SECONDS = 300;
const DOWN_AFTER_AT_LEAST_MS = 15 * 60_000;

export type SourceStatus = "ok" | "degraded" | "down";

interface SourceHealthView {
  name: SourceName;
  status: SourceStatus;
  last_success_at: string | null;
  last_error: { class: string; message: string; at: string } | null;
  consecutive_failures: number;
  poll_interval_seconds: number | null;
  next_poll_at: string | null;
  requests_last_minute: number;
  requests_today: number;
  jobs_last_hour: number;
  lag_seconds: { p50: number; p95: number } | null;
}

/** The poller's interval when it runs, else null (cron only). */
function pollingInterval(s: IngestSettings, poller: PollerState | null): number | null {
  if (s.pollIntervalSeconds === 0 || poller?.stopped) return null;
  return poller?.effective_interval_seconds || s.pollIntervalSeconds;
}

/**
 * ok: the last attempt succeeded. degraded: the last attempt (tick or run) failed, but upstream
 * answered recently. down: no answer for 3 intervals or 15 minutes, whichever is longer (or ever).
 */
export function sourceStatus(
  lastSuccessAt: number | null,
  consecutiveFailures: number,
  intervalSeconds: number,
  now: number,
): SourceStatus {
  const downAfter = Math.max(3 * intervalSeconds * 1000, DOWN_AFTER_AT_LEAST_MS);
  if (lastSuccessAt === null || now - lastSuccessAt > downAfter) return "down";
  return consecutiveFailures > 0 ? "degraded" : "ok";
}

export interface HealthReport {
  /** When the last ingestion run that stored jobs finished. */
  last_successful_run: string | null;
  source: SourceHealthView;
}

/** What GET /health shows beyond "the API answers": one D1 round trip and the request budget's counts. */
export async function healthReport(env: Env, s: IngestSettings, now = Date.now()): Promise<HealthReport> {
  const [facts, usage] = await Promise.all([readHealthFacts(env.DB, isoSeconds(now - 3_600_000)), requestBudget(env).usage(s.source)]);
  const { record, poller, arrivals } = facts;
  const interval = pollingInterval(s, poller);
  const source: SourceHealthView = {
    name: s.source,
    status: sourceStatus(record.last_success_at, record.consecutive_failures, interval ?? CRON_INTERVAL_SECONDS, now),
    last_success_at: isoOrNull(record.last_success_at),
    last_error: record.last_error && { ...record.last_error, at: isoSeconds(record.last_error.at) },
    consecutive_failures: record.consecutive_failures,
    poll_interval_seconds: interval,
    next_poll_at: interval === null ? null : isoOrNull(poller?.next_tick_at ?? null),
    requests_last_minute: usage.lastMinute,
    requests_today: usage.today,
    jobs_last_hour: arrivals.count,
    lag_seconds: arrivals.p50 === null || arrivals.p95 === null ? null : { p50: arrivals.p50, p95: arrivals.p95 },
  };
  return { last_successful_run: facts.lastSuccessfulRun, source };
}
