import { changeFeed } from "../../feeds/feeds";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { FeedIdParam, FeedList, PatchFeedBody, toFeed } from "./schema";

const route = defineRoute({
  method: "patch",
  path: "/feeds/{id}",
  tags: ["Feeds"],
  summary: "Change a feed's title or filters (its URLs stay the same)",
  access: "api-key",
  errors: [404],
  request: {
    params: FeedIdParam,
    body: { required: true, content: { "application/json": { schema: PatchFeedBody } } },
  },
  responses: {
    200: { description: "The updated feed", content: { "application/json": { schema: FeedList } } },
  },
});

export function registerUpdateFeed(app: App) {
  app.openapi(route, async (c) => {
    const { title, filters } = c.req.valid("json");
    const row = await changeFeed(caller(c), c.req.valid("param").id, { title, filter: filters });
    return c.json(envelope([toFeed(row)]), 200);
  });
}
