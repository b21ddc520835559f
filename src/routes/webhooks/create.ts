import type { App } from "../../http/context";
import { caller } from "../../http/context";
import { envelope, invalidParameter } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { toJobFilter } from "../../jobs/filter";
import { createSubscription, subscriptionCap } from "../../push/subscriptions";
import { CreateWebhookBody, SubscriptionList, toSubscription } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/webhooks",
  tags: ["Webhooks"],
  summary: "Subscribe a URL to new jobs matching filters (Standard Webhooks signed POSTs)",
  access: "api-key",
  errors: [403, 409],
  request: { body: { required: true, content: { "application/json": { schema: CreateWebhookBody } } } },
  responses: {
    201: { description: "The subscription, with its signing secret", content: { "application/json": { schema: SubscriptionList } } },
  },
});

export function registerCreateWebhook(app: App) {
  app.openapi(route, async (c) => {
    const ctx = caller(c);
    subscriptionCap(ctx);
    const body = c.req.valid("json");
    const param = body.url !== undefined ? "url" : "target_url";
    const raw = body.url ?? body.target_url;
    if (!raw) throw invalidParameter("url", "required (or target_url)");
    if (body.url !== undefined && body.target_url !== undefined && body.url !== body.target_url) {
      throw invalidParameter("target_url", "give url or target_url, not two different URLs");
    }
    const { subscription } = await createSubscription(ctx, {
      url: raw,
      urlParam: param,
      filter: body.filters ?? toJobFilter({}),
      format: body.format,
      events: body.events,
      telegramChatId: body.telegram_chat_id,
      batch: body.batch,
      description: body.description,
      idempotent: false,
    });
    return c.json(envelope([toSubscription(subscription)]), 201);
  });
}
