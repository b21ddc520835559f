// /webhooks: one file per operation.
import type { App } from "../../http/context";
import { registerCreateWebhook } from "./create";
import { registerListWebhooks } from "./list";
import { registerGetWebhook } from "./get";
import { registerUpdateWebhook } from "./update";
import { registerDeleteWebhook } from "./delete";
import { registerRotateWebhookSecret } from "./rotate-secret";
import { registerTestWebhook } from "./test";
import { registerListDeliveries } from "./deliveries";
import { registerRetryDelivery } from "./retry-delivery";
import { registerReplayWebhook } from "./replay";

export function registerWebhookRoutes(app: App): void {
  registerCreateWebhook(app);
  registerListWebhooks(app);
  registerGetWebhook(app);
  registerUpdateWebhook(app);
  registerDeleteWebhook(app);
  registerRotateWebhookSecret(app);
  registerTestWebhook(app);
  registerListDeliveries(app);
  registerRetryDelivery(app);
  registerReplayWebhook(app);
}
