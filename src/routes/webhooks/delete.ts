import { createRoute } from "@hono/zod-openapi";
import { deleteSubscription } from "../../db/subscriptions";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { ownedSubscription } from "../../push/subscriptions";
import { SubscriptionList, toSubscription, WebhookIdParam } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Delete a subscription (its queued deliveries are dropped)",
  security: apiKeySecurity,
  request: { params: WebhookIdParam },
  responses: {
    200: { description: "The deleted subscription", content: { "application/json": { schema: SubscriptionList } } },
    ...pickErrors(400, 401, 403, 404, 429),
  },
});

export function registerDeleteWebhook(app: App) {
  app.openapi(route, async (c) => {
    const row = await ownedSubscription(caller(c), c.req.valid("param").id);
    await deleteSubscription(c.env.DB, row.id, row.api_key_id);
    return c.json(envelope([{ ...toSubscription(row), active: false }], { message: "Webhook deleted" }), 200);
  });
}
