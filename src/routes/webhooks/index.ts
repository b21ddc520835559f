// /webhooks: one file per operation.
import type { App } from "../../http/context";
import { registerCreateWebhook } from "./create";
import { registerDeleteWebhook } from "./delete";
import { registerListDeliveries } from "./deliveries";
import { registerGetWebhook } from "./get";
import { registerListWebhooks } from "./list";
import { registerReplayWebhook } from "./replay";
import { registerRetryDelivery } from "./retry-delivery";
import { registerRotateWebhookSecret } from "./rotate-secret";
import { registerTestWebhook } from "./test";
import { registerUpdateWebhook } from "./update";

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
