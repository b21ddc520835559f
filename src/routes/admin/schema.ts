// The run record of POST /admin/scrape and GET /admin/runs (a scrape_runs row).
import { z } from "@hono/zod-openapi";
import { envelopeOf } from "../../http/openapi";
import type { PollerState } from "../../ingest/types";
import { isoOrNull } from "../../lib/time";

const ScrapeRunSchema = z
  .object({
    id: z.number().int(),
    source: z.string().openapi({ example: "demo" }),
    trigger: z.enum(["cron", "admin"]),
    status: z.enum(["running", "ok", "partial", "failed", "skipped"]).openapi({
      description: "partial: stopped early (upstream error or budget) but stored what it fetched; skipped: another run held the lock",
    }),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    fetched: z.number().int().openapi({ description: "Items received from upstream, duplicates included" }),
    new: z.number().int().openapi({ description: "Jobs stored for the first time (handed to webhook push)" }),
    updated: z.number().int(),
    unchanged: z.number().int(),
    refreshed: z.number().int().openapi({ description: "Open jobs re-checked with the detail query" }),
    closed: z.number().int(),
    deleted: z.number().int().openapi({ description: "Jobs removed by retention" }),
    skipped: z.number().int().openapi({ description: "Malformed items left out" }),
    skip_reasons: z.record(z.string(), z.number().int()),
    searches: z
      .array(
        z.object({
          search: z.string(),
          pages: z.number().int(),
          fetched: z.number().int(),
          fallback: z
            .string()
            .nullable()
            .openapi({ description: "Why the paginated request failed, when one plain page was read instead" }),
          warnings: z.array(z.string()).openapi({ description: "GraphQL errors that came with data without costing an item" }),
          error: z.string().nullable(),
        }),
      )
      .openapi({
        description:
          "How each configured search went (upwork): pages read, items received, the fallback, warnings, and the error that ended it early (the next search still ran)",
      }),
    requests: z.number().int().openapi({ description: "Upstream HTTP requests (retries and token refreshes included)" }),
    error: z.string().nullable(),
  })
  .openapi("ScrapeRun");

export const ScrapeRunList = envelopeOf(ScrapeRunSchema);

/** The live poller (GET and POST /admin/poller). */
export const PollerSchema = z
  .object({
    state: z.enum(["running", "stopped", "off"]).openapi({
      description: "running; stopped by an admin (the cron does not restart it); off: POLL_INTERVAL_SECONDS is 0 (cron only)",
    }),
    interval_seconds: z.number().int().openapi({ description: "POLL_INTERVAL_SECONDS" }),
    effective_interval_seconds: z
      .number()
      .int()
      .openapi({ description: "What ticks are scheduled by: stretched to fit half of Upwork's daily budget when needed" }),
    stretched: z.boolean(),
    last_tick_at: z.string().nullable(),
    next_tick_at: z.string().nullable(),
    last_result: z
      .enum(["ok", "skipped", "failed"])
      .nullable()
      .openapi({ description: "skipped: a run held the lock; the next tick tries again" }),
    last_error: z.string().nullable(),
    ticks: z.number().int(),
    jobs_new: z.number().int().openapi({ description: "Jobs stored for the first time by ticks" }),
    failures: z.number().int(),
    consecutive_failures: z.number().int(),
    rate_limited_in_a_row: z
      .number()
      .int()
      .openapi({ description: "Ticks in a row that upstream answered 429: the interval doubles for each" }),
  })
  .openapi("Poller");

export const PollerList = envelopeOf(PollerSchema);

export const PollerAction = z.strictObject({ action: z.enum(["start", "stop"]).openapi({ example: "start" }) });

export function toPoller(s: PollerState, intervalSeconds: number): z.infer<typeof PollerSchema> {
  return {
    state: intervalSeconds === 0 ? "off" : s.stopped ? "stopped" : "running",
    interval_seconds: intervalSeconds,
    effective_interval_seconds: s.effective_interval_seconds,
    stretched: s.stretched,
    last_tick_at: isoOrNull(s.last_tick_at),
    next_tick_at: isoOrNull(s.next_tick_at),
    last_result: s.last_result,
    last_error: s.last_error,
    ticks: s.ticks,
    jobs_new: s.jobs_new,
    failures: s.failures,
    consecutive_failures: s.consecutive_failures,
    rate_limited_in_a_row: s.rate_limited_in_a_row,
  };
}

/** The poller as clients (and the tests) read it. */
export type PollerView = z.infer<typeof PollerSchema>;

/** One line of the upwork self-check (POST /admin/upwork/check). */
const CheckRowSchema = z
  .object({
    item: z.string().openapi({ example: "MarketplaceJobPostingSearchResult.hourlyBudgetType" }),
    status: z.enum(["present", "missing", "changed", "ok", "failed"]).openapi({
      description: "present/missing/changed: a part of our queries against the live schema; ok/failed: a live call",
    }),
    detail: z.string().nullable().openapi({ description: "What is wrong, the exact error of a failed call and the scope it likely needs" }),
  })
  .openapi("UpworkCheckRow");

export const CheckList = envelopeOf(CheckRowSchema, {
  ok: z.boolean().openapi({ description: "true when every part is present and every call succeeded" }),
});
