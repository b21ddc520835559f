import { createRoute } from "@hono/zod-openapi";
import { getDelivery, restartDeliveries, withDetails } from "../../db/webhooks";
import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { enqueueDeliveries } from "../../push/messages";
import { ownedWebhook } from "../../push/subscriptions";
import { DeliveryIdParams, DeliveryOne, toDelivery } from "./schema";

const route = createRoute({
  method: "post",
  path: "/webhooks/{id}/deliveries/{delivery_id}/retry",
  tags: ["Webhooks"],
  summary: "Send one delivery again now (a fresh round of the retry schedule)",
  security: apiKeySecurity,
  request: { params: DeliveryIdParams },
  responses: {
    200: { description: "The delivery, pending again", content: { "application/json": { schema: DeliveryOne } } },
    ...pickErrors(401, 403, 404, 409, 429),
  },
});

export function registerRetryDelivery(app: App) {
  app.openapi(route, async (c) => {
    const { id, delivery_id } = c.req.valid("param");
    const webhook = await ownedWebhook(c, id);
    if (!webhook.active) throw new ApiError(409, "Webhook is disabled: set active to true first");
    const existing = await getDelivery(c.env.DB, webhook.id, delivery_id);
    if (!existing) throw new ApiError(404, "Delivery not found");
    const dispatches = await restartDeliveries(c.env.DB, webhook.id, { deliveryId: delivery_id }, Date.now());
    await enqueueDeliveries(c.env.DELIVERY_QUEUE, dispatches);
    const [row] = await withDetails(c.env.DB, [(await getDelivery(c.env.DB, webhook.id, delivery_id))!]);
    return c.json(envelope([toDelivery(row!)]), 200);
  });
}
