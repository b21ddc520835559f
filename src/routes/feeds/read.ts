import { z } from "@hono/zod-openapi";
import { requireFeedToken } from "../../auth/middleware";
import { FEED_ITEMS, feedDocument, pollSeconds } from "../../feeds/feeds";
import { FEED_CONTENT_TYPES, renderFeed } from "../../feeds/render";
import type { App } from "../../http/context";
import { etagOf, notModified, unmodifiedSince } from "../../http/etag";
import { defineRoute } from "../../http/openapi";
import { httpDate } from "../../lib/time";
import { FeedFileParam, JsonFeedSchema } from "./schema";

const xml = { schema: z.string() };
const header = (description: string) => ({ description, schema: { type: "string" as const } });

const route = defineRoute({
  method: "get",
  path: "/f/{file}",
  tags: ["Feeds"],
  summary: "Read a feed: RSS 2.0, Atom 1.0 or JSON Feed 1.1 (no headers needed: the token is in the URL)",
  description: `The newest ${FEED_ITEMS} jobs matching the feed's filters, newest received first, each dated by received_at. Costs one credit of the feed owner's key and counts against its per-minute limit; a 304 (If-None-Match or If-Modified-Since) costs no credit. An unknown token, a rotated one, a deleted feed, or a revoked or deactivated owner key answers 404.`,
  access: "feed-token",
  middleware: [requireFeedToken],
  request: { params: FeedFileParam },
  responses: {
    200: {
      description: "The feed, in the format the file name asks for",
      headers: {
        ETag: header("Weak validator of the document"),
        "Last-Modified": header("The newest item's received_at, or the feed's last change if later"),
        "Cache-Control": header("private, max-age=<the poll interval in seconds>"),
      },
      content: {
        "application/rss+xml": xml,
        "application/atom+xml": xml,
        "application/feed+json": { schema: JsonFeedSchema },
      },
    },
    304: { description: "Not modified (If-None-Match or If-Modified-Since; no credit charged)" },
  },
});

export function registerReadFeed(app: App) {
  app.openapi(route, async (c) => {
    const opened = c.var.feed;
    const poll = pollSeconds(c.var.settings.ingest);
    const doc = await feedDocument(c.env.DB, opened, new URL(c.req.url).origin, poll);
    const body = renderFeed(opened.format, doc);
    const etag = await etagOf(body);
    const headers = { ETag: etag, "Last-Modified": httpDate(doc.updated), "Cache-Control": `private, max-age=${poll}` };
    const ifNoneMatch = c.req.header("if-none-match");
    const unchanged = ifNoneMatch
      ? notModified(ifNoneMatch, etag)
      : unmodifiedSince(c.req.header("if-modified-since"), Date.parse(doc.updated));
    if (unchanged) return c.body(null, 304, headers) as never;
    return c.body(body, 200, { ...headers, "Content-Type": FEED_CONTENT_TYPES[opened.format] }) as never;
  });
}
