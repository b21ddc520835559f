// Worker entry points: each hands off to its module.
import { createApp } from "./app";
import { runScheduled } from "./ingest/cron";
import { handleQueueBatch } from "./push/queue";

export { KeyLimiter } from "./auth/limiter";
export { Poller } from "./ingest/poller";
export { RequestBudget } from "./upstream/budget-object";
export { UpworkTokenKeeper } from "./upwork/token-keeper";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled: (_controller, env, ctx) => ctx.waitUntil(runScheduled(env)),
  queue: (batch, env) => handleQueueBatch(batch, env),
} satisfies ExportedHandler<Env>;
