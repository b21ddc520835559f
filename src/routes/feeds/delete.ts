import { removeFeed } from "../../feeds/feeds";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { FeedIdParam, FeedList, toFeed } from "./schema";

const route = defineRoute({
  method: "delete",
  path: "/feeds/{id}",
  tags: ["Feeds"],
  summary: "Delete a feed (its URLs answer 404 from now on)",
  access: "api-key",
  errors: [404],
  request: { params: FeedIdParam },
  responses: {
    200: { description: "The deleted feed", content: { "application/json": { schema: FeedList } } },
  },
});

export function registerDeleteFeed(app: App) {
  app.openapi(route, async (c) => {
    const row = await removeFeed(caller(c), c.req.valid("param").id);
    return c.json(envelope([toFeed(row)], { message: "Feed deleted" }), 200);
  });
}
