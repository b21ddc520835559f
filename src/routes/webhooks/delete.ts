import { deleteSubscription } from "../../db/subscriptions";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { ownedSubscription } from "../../push/subscriptions";
import { SubscriptionList, toSubscription, WebhookIdParam } from "./schema";

const route = defineRoute({
  method: "delete",
  path: "/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Delete a subscription (its queued deliveries are dropped)",
  access: "api-key",
  errors: [403, 404],
  request: { params: WebhookIdParam },
  responses: {
    200: { description: "The deleted subscription", content: { "application/json": { schema: SubscriptionList } } },
  },
});

export function registerDeleteWebhook(app: App) {
  app.openapi(route, async (c) => {
    const row = await ownedSubscription(caller(c), c.req.valid("param").id);
    await deleteSubscription(c.env.DB, row.id, row.api_key_id);
    return c.json(envelope([{ ...toSubscription(row), active: false }], { message: "Webhook deleted" }), 200);
  });
}
