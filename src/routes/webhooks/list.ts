import { createRoute } from "@hono/zod-openapi";
import { listWebhooks } from "../../db/webhooks";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { toSubscription, webhookCap } from "../../push/subscriptions";
import { SubscriptionList } from "./schema";

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
    webhookCap(c);
    const rows = await listWebhooks(c.env.DB, c.var.apiKey.id);
    return c.json(envelope(rows.map(toSubscription)), 200);
  });
}
