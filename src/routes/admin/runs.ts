import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { adminSecurity, pickErrors } from "../../http/openapi";
import { listRuns } from "../../db/runs";
import { ScrapeRunList } from "./ingest-schema";

const Query = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: "limit", in: "query" }, example: 20 }),
});

const route = createRoute({
  method: "get",
  path: "/admin/runs",
  tags: ["Admin"],
  summary: "Recent ingestion runs, newest first",
  security: adminSecurity,
  request: { query: Query },
  responses: {
    200: { description: "Runs", content: { "application/json": { schema: ScrapeRunList } } },
    ...pickErrors(400, 401),
  },
});

export function registerListRuns(app: App) {
  app.openapi(route, async (c) => c.json(envelope(await listRuns(c.env.DB, c.req.valid("query").limit)), 200));
}
