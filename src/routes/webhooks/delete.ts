import { createRoute } from "@hono/zod-openapi";
import { deleteWebhook } from "../../db/webhooks";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { ownedWebhook, toSubscription } from "../../push/subscriptions";
import { SubscriptionList, WebhookIdParam } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Delete a subscription (its queued deliveries are dropped)",
  security: apiKeySecurity,
  request: { params: WebhookIdParam },
  responses: {
    200: { description: "The deleted subscription", content: { "application/json": { schema: SubscriptionList } } },
    ...pickErrors(401, 403, 404, 429),
  },
});

export function registerDeleteWebhook(app: App) {
  app.openapi(route, async (c) => {
    const row = await ownedWebhook(c, c.req.valid("param").id);
    await deleteWebhook(c.env.DB, row.id, c.var.apiKey.id);
    return c.json(envelope([{ ...toSubscription(row), active: false }], { message: "Webhook deleted" }), 200);
  });
}
