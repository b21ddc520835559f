import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { rotateSecret } from "../../push/subscriptions";
import { SubscriptionList, toSubscription, WebhookIdParam } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/webhooks/{id}/rotate-secret",
  tags: ["Webhooks"],
  summary: "Replace the signing secret; the previous one keeps signing during a grace period",
  description:
    "During the grace period (WEBHOOK_SECRET_GRACE_SECONDS, default 24 h) every delivery carries two signatures in webhook-signature, one per secret, so receivers can switch without losing events.",
  access: "api-key",
  errors: [403, 404],
  request: { params: WebhookIdParam },
  responses: {
    200: { description: "The subscription with its new secret", content: { "application/json": { schema: SubscriptionList } } },
  },
});

export function registerRotateWebhookSecret(app: App) {
  app.openapi(route, async (c) => {
    const row = await rotateSecret(caller(c), c.req.valid("param").id);
    return c.json(envelope([toSubscription(row)]), 200);
  });
}
