import { ownedFeed } from "../../feeds/feeds";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { FeedIdParam, FeedList, toFeed } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/feeds/{id}",
  tags: ["Feeds"],
  summary: "Get one feed (without its URLs)",
  access: "api-key",
  errors: [404],
  request: { params: FeedIdParam },
  responses: {
    200: { description: "The feed", content: { "application/json": { schema: FeedList } } },
  },
});

export function registerGetFeed(app: App) {
  app.openapi(route, async (c) => {
    const row = await ownedFeed(caller(c), c.req.valid("param").id);
    return c.json(envelope([toFeed(row)]), 200);
  });
}
