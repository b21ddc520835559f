import { createRoute } from "@hono/zod-openapi";
import { listSubscriptions } from "../../db/subscriptions";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { subscriptionCap } from "../../push/subscriptions";
import { SubscriptionList, toSubscription } from "./schema";

const route = createRoute({
  method: "get",
  path: "/webhooks",
  tags: ["Webhooks"],
  summary: "List your webhook subscriptions",
  security: apiKeySecurity,
  responses: {
    200: { description: "Your subscriptions, newest first", content: { "application/json": { schema: SubscriptionList } } },
    ...pickErrors(401, 403, 429),
  },
});

export function registerListWebhooks(app: App) {
  app.openapi(route, async (c) => {
    subscriptionCap(caller(c));
    const rows = await listSubscriptions(c.env.DB, c.var.apiKey.id);
    return c.json(envelope(rows.map(toSubscription)), 200);
  });
}
