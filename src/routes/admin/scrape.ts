import { createRoute } from "@hono/zod-openapi";
import type { App } from "../../http/context";
import { adminSecurity, pickErrors } from "../../http/openapi";
import { envelope } from "../../http/envelope";
import { runIngestion } from "../../ingest/run";
import { ScrapeRunList } from "./ingest-schema";

const route = createRoute({
  method: "post",
  path: "/admin/scrape",
  tags: ["Admin"],
  summary: "Run one ingestion now (the cron's code) and return its run record when it has finished",
  security: adminSecurity,
  responses: {
    200: { description: "The finished run (see status: ok, partial, failed or skipped)", content: { "application/json": { schema: ScrapeRunList } } },
    ...pickErrors(401),
  },
});

export function registerScrape(app: App) {
  app.openapi(route, async (c) => c.json(envelope([await runIngestion(c.env, { trigger: "admin" })]), 200));
}
