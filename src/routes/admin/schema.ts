// The run record of POST /admin/scrape and GET /admin/runs (a scrape_runs row).
import { z } from "@hono/zod-openapi";
import { envelopeOf } from "../../http/openapi";

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
    requests: z.number().int().openapi({ description: "Upstream HTTP requests (retries and token refreshes included)" }),
    error: z.string().nullable(),
  })
  .openapi("ScrapeRun");

export const ScrapeRunList = envelopeOf(ScrapeRunSchema);
