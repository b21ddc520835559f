import { type App, caller } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { toJobFilter } from "../../jobs/filter";
import { previewFilter } from "../../jobs/preview";
import { PreviewBody, PreviewList } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/filters/preview",
  tags: ["Filters"],
  summary: "How many jobs a filter matched in the last 24 h, 7 d and 30 d, the newest five, and alerts per day",
  description: "Tune an alert before saving it. One credit.",
  access: "api-key",
  request: { body: { required: true, content: { "application/json": { schema: PreviewBody } } } },
  responses: { 200: { description: "The preview", content: { "application/json": { schema: PreviewList } } } },
});

export function registerPreviewFilter(app: App) {
  app.openapi(route, async (c) => {
    const { db } = caller(c);
    const preview = await previewFilter(db, c.req.valid("json").filters ?? toJobFilter({}), Date.now());
    return c.json(envelope([preview]), 200);
  });
}
