import { createRoute } from "@hono/zod-openapi";
import { updateWebhook } from "../../db/webhooks";
import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { pushSettings } from "../../push/config";
import { generateSecret } from "../../push/signing";
import { ownedWebhook, toSubscription } from "../../push/subscriptions";
import { SubscriptionList, WebhookIdParam } from "./schema";

const route = createRoute({
  method: "post",
  path: "/webhooks/{id}/rotate-secret",
  tags: ["Webhooks"],
  summary: "Replace the signing secret; the previous one keeps signing during a grace period",
  description:
    "During the grace period (WEBHOOK_SECRET_GRACE_SECONDS, default 24 h) every delivery carries two signatures in webhook-signature, one per secret, so receivers can switch without losing events.",
  security: apiKeySecurity,
  request: { params: WebhookIdParam },
  responses: {
    200: { description: "The subscription with its new secret", content: { "application/json": { schema: SubscriptionList } } },
    ...pickErrors(401, 403, 404, 429),
  },
});

export function registerRotateWebhookSecret(app: App) {
  app.openapi(route, async (c) => {
    const current = await ownedWebhook(c, c.req.valid("param").id);
    const now = Date.now();
    const row = await updateWebhook(
      c.env.DB,
      current.id,
      c.var.apiKey.id,
      {
        secret: generateSecret(),
        previous_secret: current.secret,
        previous_secret_until: now + pushSettings(c.env).rotationGraceSeconds * 1000,
      },
      now,
      null,
    );
    if (!row || row === "cap") throw new ApiError(404, "Webhook not found");
    return c.json(envelope([toSubscription(row)]), 200);
  });
}
