import { getJob } from "../../db/jobs";
import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { etagOf, notModified } from "../../http/etag";
import { defineRoute } from "../../http/openapi";
import { JobIdParam, JobResponse } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/jobs/{id}",
  tags: ["Jobs"],
  summary: "One job by id",
  access: "api-key",
  errors: [404],
  request: { params: JobIdParam },
  responses: {
    200: { description: "The job as a one-element data array", content: { "application/json": { schema: JobResponse } } },
    304: { description: "Not modified (no credit charged)" },
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
