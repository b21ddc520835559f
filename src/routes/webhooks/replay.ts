import { createRoute } from "@hono/zod-openapi";
import { isoSeconds } from "../../db/client";
import { restartDeliveries } from "../../db/webhooks";
import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { enqueueDeliveries } from "../../push/messages";
import { ownedWebhook } from "../../push/subscriptions";
import { ReplayBody, ReplayResult, WebhookIdParam } from "./schema";

const route = createRoute({
  method: "post",
  path: "/webhooks/{id}/replay",
  tags: ["Webhooks"],
  summary: "Re-send every failed delivery created since a time",
  security: apiKeySecurity,
  request: {
    params: WebhookIdParam,
    body: { required: true, content: { "application/json": { schema: ReplayBody } } },
  },
  responses: {
    200: { description: "How many deliveries were queued again", content: { "application/json": { schema: ReplayResult } } },
    ...pickErrors(400, 401, 403, 404, 409, 429),
  },
});

export function registerReplayWebhook(app: App) {
  app.openapi(route, async (c) => {
    const webhook = await ownedWebhook(c, c.req.valid("param").id);
    if (!webhook.active) throw new ApiError(409, "Webhook is disabled: set active to true first");
    const since = Date.parse(c.req.valid("json").since);
    const dispatches = await restartDeliveries(c.env.DB, webhook.id, { failedSince: since }, Date.now());
    await enqueueDeliveries(c.env.DELIVERY_QUEUE, dispatches);
    return c.json(envelope([{ replayed: dispatches.length, since: isoSeconds(new Date(since)) }]), 200);
  });
}
