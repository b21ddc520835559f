import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { changeSubscription } from "../../push/subscriptions";
import { PatchWebhookBody, SubscriptionList, toSubscription, WebhookIdParam } from "./schema";

const route = defineRoute({
  method: "patch",
  path: "/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Change url, filters, format, events, telegram_chat_id, batch, description, or switch a subscription on/off",
  description: "Setting active to true re-enables a subscription disabled by a 410 or by failures; then replay to recover what was missed.",
  access: "api-key",
  errors: [403, 404, 409],
  request: {
    params: WebhookIdParam,
    body: { required: true, content: { "application/json": { schema: PatchWebhookBody } } },
  },
  responses: {
    200: { description: "The updated subscription", content: { "application/json": { schema: SubscriptionList } } },
  },
});

export function registerUpdateWebhook(app: App) {
  app.openapi(route, async (c) => {
    const { filters, telegram_chat_id, ...rest } = c.req.valid("json");
    const row = await changeSubscription(caller(c), c.req.valid("param").id, {
      ...rest,
      filter: filters,
      telegramChatId: telegram_chat_id,
    });
    return c.json(envelope([toSubscription(row)]), 200);
  });
}
