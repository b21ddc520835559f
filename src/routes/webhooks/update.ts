import { createRoute } from "@hono/zod-openapi";
import { updateWebhook, type WebhookPatch } from "../../db/webhooks";
import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { canonicalFilter } from "../../jobs/filter";
import { capReached, checkUrl, ownedWebhook, toSubscription, webhookCap } from "../../push/subscriptions";
import { PatchWebhookBody, SubscriptionList, WebhookIdParam } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Change url, filters, format, batch, description, or switch a subscription on/off",
  description: "Setting active to true re-enables a subscription disabled by a 410 or by failures; then replay to recover what was missed.",
  security: apiKeySecurity,
  request: {
    params: WebhookIdParam,
    body: { required: true, content: { "application/json": { schema: PatchWebhookBody } } },
  },
  responses: {
    200: { description: "The updated subscription", content: { "application/json": { schema: SubscriptionList } } },
    ...pickErrors(400, 401, 403, 404, 409, 429),
  },
});

export function registerUpdateWebhook(app: App) {
  app.openapi(route, async (c) => {
    const cap = webhookCap(c);
    const current = await ownedWebhook(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    const patch: WebhookPatch = {};
    if (body.url !== undefined) patch.url = checkUrl(c.env, body.url, "url");
    if (body.filters !== undefined) patch.filters = JSON.stringify(canonicalFilter(body.filters));
    if (body.format !== undefined) patch.format = body.format;
    if (body.batch !== undefined) patch.batch = body.batch ? 1 : 0;
    if (body.description !== undefined) patch.description = body.description;
    // A changed subscription no longer equals the GET /jobs?webhook=true registration it came from.
    if ((patch.url !== undefined && patch.url !== current.url) || (patch.filters !== undefined && patch.filters !== current.filters)) {
      patch.dedupe_key = null;
    }
    if (body.active === true && current.active !== 1) {
      Object.assign(patch, { active: 1, disabled_reason: null, disabled_kind: null, failing_since: null });
    } else if (body.active === false && current.active === 1) {
      Object.assign(patch, { active: 0, disabled_reason: "Disabled by its owner", disabled_kind: "owner" });
    }
    const row = await updateWebhook(c.env.DB, current.id, c.var.apiKey.id, patch, Date.now(), cap);
    if (row === "cap") throw capReached(cap);
    if (!row) throw new ApiError(404, "Webhook not found");
    return c.json(envelope([toSubscription(row)]), 200);
  });
}
