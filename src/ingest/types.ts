// The record of one ingestion run (table scrape_runs; GET /admin/runs shows it as is).

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
  requests: number;
  error: string | null;
}
