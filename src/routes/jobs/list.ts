import { createRoute } from "@hono/zod-openapi";
import { listJobs } from "../../db/jobs";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { etagOf, notModified } from "../../http/etag";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { encodeCursor } from "../../jobs/cursor";
import { toJobFilter } from "../../jobs/filter";
import { subscribeFromQuery } from "../../push/subscriptions";
import { SubscriptionList } from "../webhooks/schema";
import { JobListResponse, ListJobsQuery } from "./schema";

const route = createRoute({
  method: "get",
  path: "/jobs",
  tags: ["Jobs"],
  summary: "List jobs, newest first, with filters and keyset pagination",
  security: apiKeySecurity,
  request: { query: ListJobsQuery },
  responses: {
    200: { description: "A page of jobs", content: { "application/json": { schema: JobListResponse } } },
    201: {
      description: "webhook=true: the push subscription registered for these filters (200 with the same one when already registered)",
      content: { "application/json": { schema: SubscriptionList } },
    },
    304: { description: "Not modified (If-None-Match matched the ETag; no credit charged)" },
    ...pickErrors(400, 401, 403, 409, 429),
  },
});

export function registerListJobs(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor, webhook, webhook_url, ...filterFields } = c.req.valid("query");
    const filter = toJobFilter(filterFields);
    if (webhook || webhook_url !== undefined) return (await subscribeFromQuery(c, { filter, webhook, webhook_url })) as never;
    const page = await listJobs(c.var.db, filter, limit, cursor);
    const next_cursor = page.next ? encodeCursor(page.next) : null;
    const etag = await etagOf({ data: page.jobs, next_cursor });
    if (notModified(c.req.header("if-none-match"), etag)) return c.body(null, 304, { ETag: etag }) as never;
    c.header("ETag", etag);
    return c.json(envelope(page.jobs, { next_cursor }), 200);
  });
}
