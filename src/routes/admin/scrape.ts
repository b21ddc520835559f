import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { runScheduled } from "../../ingest/cron";
import { ScrapeRunList } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/admin/scrape",
  tags: ["Admin"],
  summary: "Run the cron now (ingestion, then the freelancer refresh) and return the ingestion run record when finished",
  access: "admin",
  responses: {
    200: {
      description: "The finished run (see status: ok, partial, failed or skipped)",
      content: { "application/json": { schema: ScrapeRunList } },
    },
  },
});

export function registerScrape(app: App) {
  app.openapi(route, async (c) => {
    const run = await runScheduled(c.env, "admin");
    if (!run) throw new ApiError(500, "Ingestion run crashed: see the Worker logs");
    return c.json(envelope([run]), 200);
  });
}
