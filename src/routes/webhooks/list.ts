import { listSubscriptions } from "../../db/subscriptions";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { subscriptionCap } from "../../push/subscriptions";
import { SubscriptionList, toSubscription } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/webhooks",
  tags: ["Webhooks"],
  summary: "List your webhook subscriptions",
  access: "api-key",
  errors: [403],
  responses: {
    200: { description: "Your subscriptions, newest first", content: { "application/json": { schema: SubscriptionList } } },
  },
});

export function registerListWebhooks(app: App) {
  app.openapi(route, async (c) => {
    subscriptionCap(caller(c));
    const rows = await listSubscriptions(c.env.DB, c.var.apiKey.id);
    return c.json(envelope(rows.map(toSubscription)), 200);
  });
}
