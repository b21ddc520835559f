import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { ownedSubscription } from "../../push/subscriptions";
import { SubscriptionList, toSubscription, WebhookIdParam } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Get one subscription",
  access: "api-key",
  errors: [403, 404],
  request: { params: WebhookIdParam },
  responses: {
    200: { description: "The subscription", content: { "application/json": { schema: SubscriptionList } } },
  },
});

export function registerGetWebhook(app: App) {
  app.openapi(route, async (c) => {
    const row = await ownedSubscription(caller(c), c.req.valid("param").id);
    return c.json(envelope([toSubscription(row)]), 200);
  });
}
