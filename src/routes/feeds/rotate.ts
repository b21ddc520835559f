import { rotateFeedToken } from "../../feeds/feeds";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { FeedIdParam, IssuedFeedList, toIssuedFeed } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/feeds/{id}/rotate",
  tags: ["Feeds"],
  summary: "Replace the feed's token: new URLs, and the old ones answer 404 at once",
  description: "For a feed URL that was shared too widely. Readers subscribed to the old URLs must be given a new one.",
  access: "api-key",
  errors: [404],
  request: { params: FeedIdParam },
  responses: {
    200: { description: "The feed with its new URLs", content: { "application/json": { schema: IssuedFeedList } } },
  },
});

export function registerRotateFeed(app: App) {
  app.openapi(route, async (c) => {
    const issued = await rotateFeedToken(caller(c), c.req.valid("param").id);
    return c.json(envelope([toIssuedFeed(issued, new URL(c.req.url).origin)]), 200);
  });
}
