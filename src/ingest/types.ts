// The record of one ingestion run (table scrape_runs; GET /admin/runs shows it as is).
import type { SearchOutcome } from "./sources/types";

type RunStatus = "running" | "ok" | "partial" | "failed" | "skipped";

export interface ScrapeRun {
  id: number;
  source: string;
  trigger: "cron" | "admin";
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  fetched: number;
  new: number;
  updated: number;
  unchanged: number;
  refreshed: number;
  closed: number;
  deleted: number;
  skipped: number;
  skip_reasons: Record<string, number>;
  /** How each configured search went (sources with several searches). */
  searches: SearchOutcome[];
  requests: number;
  error: string | null;
}

/** The live poller's state (GET /admin/poller; /health reads the interval and the next tick). Times in epoch ms. */
export interface PollerState {
  /** An admin stopped it (the cron does not re-arm a stopped poller). */
  stopped: boolean;
  ticks: number;
  jobs_new: number;
  failures: number;
  consecutive_failures: number;
  rate_limited_in_a_row: number;
  last_tick_at: number | null;
  last_result: "ok" | "skipped" | "failed" | null;
  last_error: string | null;
  next_tick_at: number | null;
  /** POLL_INTERVAL_SECONDS when the poller last looked (0 = off). */
  interval_seconds: number;
  /** The interval ticks are scheduled by (stretched to fit Upwork's daily budget when needed). */
  effective_interval_seconds: number;
  stretched: boolean;
}
