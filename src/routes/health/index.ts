import { z } from "@hono/zod-openapi";
import { lastSuccessfulRun } from "../../db/runs";
import type { App } from "../../http/context";
import { envelope, errorEnvelope } from "../../http/envelope";
import { defineRoute, ErrorSchema, envelopeOf, Nothing } from "../../http/openapi";

const route = defineRoute({
  method: "get",
  path: "/health",
  tags: ["Health"],
  summary: "Connectivity, authentication and uptime check (free: no credit)",
  access: "api-key",
  responses: {
    200: {
      description: "Healthy",
      content: {
        "application/json": {
          schema: envelopeOf(Nothing, {
            message: z.literal("API is healthy"),
            last_successful_run: z.string().nullable().openapi({ description: "When the last ingestion run that stored jobs finished" }),
          }),
        },
      },
    },
    503: { description: "Database unreachable", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerHealthRoutes(app: App) {
  app.openapi(route, async (c) => {
    let lastRun: string | null;
    try {
      lastRun = await lastSuccessfulRun(c.env.DB);
    } catch {
      return c.json(errorEnvelope("Database unreachable"), 503);
    }
    return c.json({ ...envelope([] as never[]), message: "API is healthy" as const, last_successful_run: lastRun }, 200);
  });
}
