import { createRoute } from "@hono/zod-openapi";
import { isoSeconds } from "../../db/client";
import { listJobs } from "../../db/jobs";
import { getDelivery, insertDelivery, recordOutcomes, withDetails } from "../../db/webhooks";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { JobFilterSchema } from "../../jobs/filter";
import { newDeliveryId, newEventId } from "../../push/announce";
import { pushSettings } from "../../push/config";
import { attemptRecord, deliveryBody, isSuccess, sendEvent } from "../../push/deliver";
import { sampleJob } from "../../push/sample";
import { ownedWebhook } from "../../push/subscriptions";
import { DeliveryOne, toDelivery, WebhookIdParam } from "./schema";

const route = createRoute({
  method: "post",
  path: "/webhooks/{id}/test",
  tags: ["Webhooks"],
  summary: "Send a signed webhook.test event now and report the receiver's answer",
  description:
    "The event carries the newest stored job matching the filters (or a sample job). It is attempted once, right away, and logged with the deliveries; retry it like any delivery.",
  security: apiKeySecurity,
  request: { params: WebhookIdParam },
  responses: {
    200: { description: "The test delivery with its attempt", content: { "application/json": { schema: DeliveryOne } } },
    ...pickErrors(401, 403, 404, 429),
  },
});

export function registerTestWebhook(app: App) {
  app.openapi(route, async (c) => {
    const webhook = await ownedWebhook(c, c.req.valid("param").id);
    const filter = JobFilterSchema.parse(JSON.parse(webhook.filters));
    const newest = (await listJobs(c.var.db, filter, 1)).jobs;
    const jobs = newest.length ? newest : [sampleJob(isoSeconds())];
    const now = Date.now();
    const delivery = await insertDelivery(
      c.env.DB,
      { id: newDeliveryId(), webhook_id: webhook.id, event_id: newEventId(), type: "webhook.test", payload: JSON.stringify(jobs) },
      now,
    );
    const settings = pushSettings(c.env);
    const result = await sendEvent(settings, webhook, delivery, deliveryBody(webhook, delivery, jobs), now);
    await recordOutcomes(
      c.env.DB,
      [attemptRecord(delivery, result, now, { result: isSuccess(result) ? "delivered" : "failed", nextAttemptAt: null })],
      [],
      now,
      settings.autoDisableSeconds * 1000,
    );
    const [done] = await withDetails(c.env.DB, [(await getDelivery(c.env.DB, webhook.id, delivery.id))!]);
    return c.json(envelope([toDelivery(done!)]), 200);
  });
}
