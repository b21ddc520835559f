import { z } from "@hono/zod-openapi";
import { listRuns } from "../../db/runs";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { numberField } from "../../lib/params";
import { ScrapeRunList } from "./schema";

const Query = z.strictObject({
  limit: numberField({ min: 1, max: 100, integer: true }, { default: 20, description: "How many runs (1-100)." }).transform((n) => n ?? 20),
});

const route = defineRoute({
  method: "get",
  path: "/admin/runs",
  tags: ["Admin"],
  summary: "Recent ingestion runs, newest first",
  access: "admin",
  request: { query: Query },
  responses: {
    200: { description: "Runs", content: { "application/json": { schema: ScrapeRunList } } },
  },
});

export function registerListRuns(app: App) {
  app.openapi(route, async (c) => c.json(envelope(await listRuns(c.env.DB, c.req.valid("query").limit)), 200));
}
