import { getDelivery, restartDeliveries, withDetails } from "../../db/deliveries";
import { type App, caller } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { enqueueDeliveries } from "../../push/queue";
import { ownedSubscription, requireActive } from "../../push/subscriptions";
import { DeliveryIdParams, DeliveryOne, toDelivery } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/webhooks/{id}/deliveries/{delivery_id}/retry",
  tags: ["Webhooks"],
  summary: "Send one delivery again now (a fresh round of the retry schedule)",
  access: "api-key",
  errors: [403, 404, 409],
  request: { params: DeliveryIdParams },
  responses: {
    200: { description: "The delivery, pending again", content: { "application/json": { schema: DeliveryOne } } },
  },
});

export function registerRetryDelivery(app: App) {
  app.openapi(route, async (c) => {
    const { id, delivery_id } = c.req.valid("param");
    const subscription = await ownedSubscription(caller(c), id);
    requireActive(subscription);
    if (!(await getDelivery(c.env.DB, subscription.id, delivery_id))) throw new ApiError(404, "Delivery not found");
    const messages = await restartDeliveries(c.env.DB, subscription.id, { deliveryId: delivery_id }, Date.now());
    await enqueueDeliveries(c.env.DELIVERY_QUEUE, messages);
    const [row] = await withDetails(c.env.DB, [(await getDelivery(c.env.DB, subscription.id, delivery_id))!]);
    return c.json(envelope([toDelivery(row!)]), 200);
  });
}
