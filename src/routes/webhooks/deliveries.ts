import { createRoute } from "@hono/zod-openapi";
import { listDeliveries } from "../../db/webhooks";
import type { App } from "../../http/context";
import { envelope, invalidParameter } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { ownedWebhook } from "../../push/subscriptions";
import { DeliveriesQuery, DeliveryList, toDelivery, WebhookIdParam } from "./schema";

const route = createRoute({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  tags: ["Webhooks"],
  summary: "The delivery log: every event with its status and every attempt",
  security: apiKeySecurity,
  request: { params: WebhookIdParam, query: DeliveriesQuery },
  responses: {
    200: { description: "Deliveries, newest first", content: { "application/json": { schema: DeliveryList } } },
    ...pickErrors(400, 401, 403, 404, 429),
  },
});

const encode = (createdAt: number, id: string) => btoa(`${createdAt}:${id}`).replace(/=+$/, "");
function decode(cursor: string): { createdAt: number; id: string } {
  try {
    const m = atob(cursor).match(/^(\d{1,15}):(dlv_[A-Za-z0-9_-]{1,64})$/);
    if (m) return { createdAt: Number(m[1]), id: m[2]! };
  } catch {
    // not base64: reported below
  }
  throw invalidParameter("cursor", "not a cursor returned by this API (use next_cursor as given)");
}

export function registerListDeliveries(app: App) {
  app.openapi(route, async (c) => {
    const webhook = await ownedWebhook(c, c.req.valid("param").id);
    const { status, limit, cursor } = c.req.valid("query");
    const rows = await listDeliveries(c.env.DB, webhook.id, { limit: limit + 1, status, before: cursor ? decode(cursor) : undefined });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next_cursor = rows.length > limit && last ? encode(last.created_at, last.id) : null;
    return c.json(envelope(page.map(toDelivery), { next_cursor }), 200);
  });
}
