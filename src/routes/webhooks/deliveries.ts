import { listDeliveries } from "../../db/deliveries";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { ownedSubscription } from "../../push/subscriptions";
import { DeliveriesQuery, DeliveryList, encodeDeliveryCursor, toDelivery, WebhookIdParam } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  tags: ["Webhooks"],
  summary: "The delivery log: every event with its status and every attempt",
  access: "api-key",
  errors: [403, 404],
  request: { params: WebhookIdParam, query: DeliveriesQuery },
  responses: {
    200: { description: "Deliveries, newest first", content: { "application/json": { schema: DeliveryList } } },
  },
});

export function registerListDeliveries(app: App) {
  app.openapi(route, async (c) => {
    const subscription = await ownedSubscription(caller(c), c.req.valid("param").id);
    const { status, limit, cursor } = c.req.valid("query");
    const rows = await listDeliveries(c.env.DB, subscription.id, { limit: limit + 1, status, before: cursor });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next_cursor = rows.length > limit && last ? encodeDeliveryCursor(last) : null;
    return c.json(envelope(page.map(toDelivery), { next_cursor }), 200);
  });
}
