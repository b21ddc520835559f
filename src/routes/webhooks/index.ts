import type { App } from "../../http/context";

/** Placeholder: the webhook push issue registers /webhooks here. */
export function registerWebhookRoutes(_app: App): void {}
