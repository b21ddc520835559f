// Worker entry points: each hands off to its module.
import { createApp } from "./app";

export { KeyLimiter } from "./auth/limiter";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
