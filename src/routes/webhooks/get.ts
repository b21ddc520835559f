import { createRoute } from "@hono/zod-openapi";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { ownedSubscription } from "../../push/subscriptions";
import { SubscriptionList, toSubscription, WebhookIdParam } from "./schema";

const route = createRoute({
  method: "get",
  path: "/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Get one subscription",
  security: apiKeySecurity,
  request: { params: WebhookIdParam },
  responses: {
    200: { description: "The subscription", content: { "application/json": { schema: SubscriptionList } } },
    ...pickErrors(400, 401, 403, 404, 429),
  },
});

export function registerGetWebhook(app: App) {
  app.openapi(route, async (c) => {
    const row = await ownedSubscription(caller(c), c.req.valid("param").id);
    return c.json(envelope([toSubscription(row)]), 200);
  });
}
