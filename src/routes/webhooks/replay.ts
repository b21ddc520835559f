import { restartDeliveries } from "../../db/deliveries";
import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { isoSeconds } from "../../lib/time";
import { enqueueDeliveries } from "../../push/queue";
import { ownedSubscription, requireActive } from "../../push/subscriptions";
import { ReplayBody, ReplayResult, WebhookIdParam } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/webhooks/{id}/replay",
  tags: ["Webhooks"],
  summary: "Re-send every failed delivery created since a time",
  access: "api-key",
  errors: [403, 404, 409],
  request: {
    params: WebhookIdParam,
    body: { required: true, content: { "application/json": { schema: ReplayBody } } },
  },
  responses: {
    200: { description: "How many deliveries were queued again", content: { "application/json": { schema: ReplayResult } } },
  },
});

export function registerReplayWebhook(app: App) {
  app.openapi(route, async (c) => {
    const subscription = await ownedSubscription(caller(c), c.req.valid("param").id);
    requireActive(subscription);
    const since = Date.parse(c.req.valid("json").since);
    const messages = await restartDeliveries(c.env.DB, subscription.id, { failedSince: since }, Date.now());
    await enqueueDeliveries(c.env.DELIVERY_QUEUE, messages);
    return c.json(envelope([{ replayed: messages.length, since: isoSeconds(since) }]), 200);
  });
}
