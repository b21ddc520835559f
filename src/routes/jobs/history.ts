import { z } from "@hono/zod-openapi";
import { jobHistory } from "../../db/jobs";
import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { defineRoute, envelopeOf } from "../../http/openapi";
import type { JobChanges } from "../../push/types";
import { JobIdParam } from "./schema";

const Change = z.union([
  z.object({ from: z.unknown(), to: z.unknown() }),
  z.object({ changed: z.literal(true) }).openapi({ description: "The description changed (its text is not repeated)" }),
]);

const HistoryEntry = z
  .object({
    at: z.string().openapi({ description: "When this deployment saw the change (ISO 8601)" }),
    changes: z.record(z.string(), Change).openapi({
      description:
        "field → {from, to}: status, client_activity.total_applicants, client_activity.total_hired, client_activity.total_invited_to_interview, budget, hourly_budget, title; description → {changed: true}",
      example: { "client_activity.total_applicants": { from: 5, to: 12 } },
    }),
  })
  .openapi("JobChange");

const route = defineRoute({
  method: "get",
  path: "/jobs/{id}/history",
  tags: ["Jobs"],
  summary: "Every recorded change of a job, newest first",
  description: "Kept as long as the job. The same changes jobs.updated events carry (docs: Lifecycle events).",
  access: "api-key",
  errors: [404],
  request: { params: JobIdParam },
  responses: { 200: { description: "The changes, newest first", content: { "application/json": { schema: envelopeOf(HistoryEntry) } } } },
});

export function registerJobHistory(app: App) {
  app.openapi(route, async (c) => {
    const history = await jobHistory(c.env.DB, c.req.valid("param").id);
    if (!history) throw new ApiError(404, "Job not found");
    return c.json(envelope(history.map((h) => ({ at: h.at, changes: JSON.parse(h.changes) as JobChanges }))), 200);
  });
}
