import { createFeed, MAX_FEEDS_PER_KEY } from "../../feeds/feeds";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { toJobFilter } from "../../jobs/filter";
import { CreateFeedBody, IssuedFeedList, toIssuedFeed } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/feeds",
  tags: ["Feeds"],
  summary: "Create a feed (RSS, Atom, JSON Feed) of the newest jobs matching filters",
  description: `Answers the feed's three URLs, which work without headers (paste one into a feed reader). They are shown only here and by rotate: the token in them is stored hashed. At most ${MAX_FEEDS_PER_KEY} feeds per key (409 beyond).`,
  access: "api-key",
  errors: [409],
  request: { body: { required: true, content: { "application/json": { schema: CreateFeedBody } } } },
  responses: {
    201: { description: "The feed, with its URLs", content: { "application/json": { schema: IssuedFeedList } } },
  },
});

export function registerCreateFeed(app: App) {
  app.openapi(route, async (c) => {
    const { title, filters } = c.req.valid("json");
    const issued = await createFeed(caller(c), { title, filter: filters ?? toJobFilter({}) });
    return c.json(envelope([toIssuedFeed(issued, new URL(c.req.url).origin)]), 201);
  });
}
