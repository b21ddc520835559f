import { z } from "@hono/zod-openapi";
import type { App } from "../../http/context";
import { envelope, errorEnvelope } from "../../http/envelope";
import { defineRoute, ErrorSchema, envelopeOf, Nothing } from "../../http/openapi";
import { type HealthReport, healthReport } from "../../ingest/health";

const SourceSchema = z
  .object({
    name: z.enum(["demo", "upwork", "relay"]),
    status: z.enum(["ok", "degraded", "down"]).openapi({
      description:
        "ok: the last tick or run succeeded. degraded: the last one failed, upstream answered recently. down: no answer for 3 poll intervals or 15 minutes, whichever is longer.",
    }),
    last_success_at: z.string().nullable().openapi({ description: "When upstream last answered a tick or a run" }),
    last_error: z
      .object({ class: z.string(), message: z.string(), at: z.string() })
      .nullable()
      .openapi({ description: "The last failure (kept after recovery, for the record)" }),
    consecutive_failures: z.number().int(),
    poll_interval_seconds: z.number().int().nullable().openapi({
      description: "The poller's effective interval (stretched to fit the daily budget); null when the poller is off or stopped",
    }),
    next_poll_at: z.string().nullable(),
    requests_last_minute: z.number().int().openapi({ description: "Upstream requests, all callers together" }),
    requests_today: z.number().int().openapi({ description: "Upstream requests this UTC day, all callers together" }),
    jobs_last_hour: z.number().int().openapi({ description: "Jobs received in the last hour" }),
    lag_seconds: z
      .object({ p50: z.number().int(), p95: z.number().int() })
      .nullable()
      .openapi({ description: "Posted upstream → received here, over the jobs received in the last hour (null when none)" }),
  })
  .openapi("SourceHealth");

const route = defineRoute({
  method: "get",
  path: "/health",
  tags: ["Health"],
  summary: "Connectivity, authentication, uptime and the source's health (free: no credit)",
  access: "api-key",
  responses: {
    200: {
      description: "Healthy (the API answers; see source.status for upstream)",
      content: {
        "application/json": {
          schema: envelopeOf(Nothing, {
            message: z.literal("API is healthy"),
            last_successful_run: z.string().nullable().openapi({ description: "When the last ingestion run that stored jobs finished" }),
            source: SourceSchema,
          }),
        },
      },
    },
    503: { description: "Database unreachable", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerHealthRoutes(app: App) {
  app.openapi(route, async (c) => {
    let report: HealthReport;
    try {
      report = await healthReport(c.env, c.var.settings.ingest);
    } catch (err) {
      console.error("health: database unreachable", err);
      return c.json(errorEnvelope("Database unreachable"), 503);
    }
    return c.json({ ...envelope([] as never[]), message: "API is healthy" as const, ...report }, 200);
  });
}
