import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { poller } from "../../ingest/poller";
import { PollerAction, PollerList, toPoller } from "./schema";

const getRoute = defineRoute({
  method: "get",
  path: "/admin/poller",
  tags: ["Admin"],
  summary: "The live poller: state, interval, last and next tick, counts",
  access: "admin",
  responses: { 200: { description: "The poller", content: { "application/json": { schema: PollerList } } } },
});

const postRoute = defineRoute({
  method: "post",
  path: "/admin/poller",
  tags: ["Admin"],
  summary: "Start the poller (the first tick right away) or stop it",
  description:
    "A stopped poller stays stopped (the cron does not restart it) until started again. Starting answers 409 while POLL_INTERVAL_SECONDS is 0.",
  access: "admin",
  errors: [409],
  request: { body: { required: true, content: { "application/json": { schema: PollerAction } } } },
  responses: { 200: { description: "The poller after the action", content: { "application/json": { schema: PollerList } } } },
});

export function registerPoller(app: App) {
  app.openapi(getRoute, async (c) => {
    const state = await poller(c.env).status();
    return c.json(envelope([toPoller(state, c.var.settings.ingest.pollIntervalSeconds)]), 200);
  });
  app.openapi(postRoute, async (c) => {
    const interval = c.var.settings.ingest.pollIntervalSeconds;
    const { action } = c.req.valid("json");
    if (action === "start" && interval === 0)
      throw new ApiError(409, "The poller is off: set POLL_INTERVAL_SECONDS to 5 or more to use it");
    const state = action === "start" ? await poller(c.env).start() : await poller(c.env).stop();
    return c.json(envelope([toPoller(state, interval)]), 200);
  });
}
