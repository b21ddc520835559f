import { createRoute } from "@hono/zod-openapi";
import { getJob } from "../../db/jobs";
import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { etagOf, notModified } from "../../http/etag";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { JobIdParam, JobResponse } from "./schema";

const route = createRoute({
  method: "get",
  path: "/jobs/{id}",
  tags: ["Jobs"],
  summary: "One job by id",
  security: apiKeySecurity,
  request: { params: JobIdParam },
  responses: {
    200: { description: "The job as a one-element data array", content: { "application/json": { schema: JobResponse } } },
    304: { description: "Not modified (no credit charged)" },
    ...pickErrors(400, 401, 404, 429),
  },
});

export function registerGetJob(app: App) {
  app.openapi(route, async (c) => {
    const job = await getJob(c.env.DB, c.req.valid("param").id);
    if (!job) throw new ApiError(404, "Job not found");
    const etag = await etagOf(job);
    if (notModified(c.req.header("if-none-match"), etag)) return c.body(null, 304, { ETag: etag }) as never;
    c.header("ETag", etag);
    return c.json(envelope([job]), 200);
  });
}
