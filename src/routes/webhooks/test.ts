import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { ownedSubscription } from "../../push/subscriptions";
import { sendTestEvent } from "../../push/test-event";
import { DeliveryOne, toDelivery, WebhookIdParam } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/webhooks/{id}/test",
  tags: ["Webhooks"],
  summary: "Send a signed webhook.test event now and report the receiver's answer",
  description:
    "The event carries the newest stored job matching the filters (or a sample job). It is attempted once, right away, and logged with the deliveries; retry it like any delivery.",
  access: "api-key",
  errors: [403, 404],
  request: { params: WebhookIdParam },
  responses: {
    200: { description: "The test delivery with its attempt", content: { "application/json": { schema: DeliveryOne } } },
  },
});

export function registerTestWebhook(app: App) {
  app.openapi(route, async (c) => {
    const subscription = await ownedSubscription(caller(c), c.req.valid("param").id);
    const delivery = await sendTestEvent(c.env.DB, c.var.settings.push, subscription);
    return c.json(envelope([toDelivery(delivery)]), 200);
  });
}
