import { listJobs } from "../../db/jobs";
import { type App, caller } from "../../http/context";
import { envelope, invalidParameter } from "../../http/envelope";
import { etagOf, notModified } from "../../http/etag";
import { defineRoute } from "../../http/openapi";
import { encodeCursor } from "../../jobs/cursor";
import { toJobFilter } from "../../jobs/filter";
import { createSubscription, subscriptionCap } from "../../push/subscriptions";
import { SubscriptionList, toSubscription } from "../webhooks/schema";
import { JobListResponse, ListJobsQuery } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/jobs",
  tags: ["Jobs"],
  summary: "List jobs, newest first, with filters and keyset pagination",
  access: "api-key",
  errors: [403, 409],
  request: { query: ListJobsQuery },
  responses: {
    200: { description: "A page of jobs", content: { "application/json": { schema: JobListResponse } } },
    201: {
      description: "webhook=true: the push subscription registered for these filters (200 with the same one when already registered)",
      content: { "application/json": { schema: SubscriptionList } },
    },
    304: { description: "Not modified (If-None-Match matched the ETag; no credit charged)" },
  },
});

export function registerListJobs(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor, webhook, webhook_url, events, ...filterFields } = c.req.valid("query");
    const filter = toJobFilter(filterFields);
    if (events !== undefined && !webhook) throw invalidParameter("events", "only used with webhook=true");
    if (webhook || webhook_url !== undefined) {
      // webhook=true&webhook_url=…: register a subscription for exactly these filters (201), or answer
      // the one this key already registered for the same url and filters (200).
      if (!webhook) throw invalidParameter("webhook_url", "only used with webhook=true");
      const ctx = caller(c);
      subscriptionCap(ctx);
      if (webhook_url === undefined) throw invalidParameter("webhook_url", "required with webhook=true");
      const { subscription, created } = await createSubscription(ctx, {
        url: webhook_url,
        urlParam: "webhook_url",
        filter,
        format: "json",
        events,
        batch: false,
        description: "",
        idempotent: true,
      });
      return c.json(envelope([toSubscription(subscription)]), created ? 201 : 200) as never;
    }
    const page = await listJobs(c.env.DB, filter, limit, cursor);
    const next_cursor = page.next ? encodeCursor(page.next) : null;
    const etag = await etagOf({ data: page.jobs, next_cursor });
    if (notModified(c.req.header("if-none-match"), etag)) return c.body(null, 304, { ETag: etag }) as never;
    c.header("ETag", etag);
    return c.json(envelope(page.jobs, { next_cursor }), 200);
  });
}
