import { listFeeds } from "../../db/feeds";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { FeedList, toFeed } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/feeds",
  tags: ["Feeds"],
  summary: "List your feeds (without their URLs: those are shown at create and rotate only)",
  access: "api-key",
  responses: {
    200: { description: "Your feeds, newest first", content: { "application/json": { schema: FeedList } } },
  },
});

export function registerListFeeds(app: App) {
  app.openapi(route, async (c) => {
    const rows = await listFeeds(c.env.DB, c.var.apiKey.id);
    return c.json(envelope(rows.map(toFeed)), 200);
  });
}
