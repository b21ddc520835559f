import { createRoute } from "@hono/zod-openapi";
import { searchFreelancers } from "../../db/freelancers";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { apiKeySecurity, pickErrors } from "../../http/openapi";
import { FreelancerListResponse, ListFreelancersQuery, toFreelancerQuery } from "./schema";

const route = createRoute({
  method: "get",
  path: "/freelancers",
  tags: ["Freelancers"],
  summary: "Search freelancer profiles by keyword with rate, country, skills, JSS and badge filters",
  security: apiKeySecurity,
  request: { query: ListFreelancersQuery },
  responses: {
    200: { description: "A page of freelancers", content: { "application/json": { schema: FreelancerListResponse } } },
    ...pickErrors(400, 401, 429),
  },
});

export function registerListFreelancers(app: App) {
  app.openapi(route, async (c) => {
    const q = toFreelancerQuery(c.req.valid("query"));
    const { freelancers, total } = await searchFreelancers(c.env.DB, q);
    return c.json(
      envelope(freelancers, {
        page: q.page,
        per_page: q.per_page,
        total_pages: Math.ceil(total / q.per_page),
        results_count: freelancers.length,
        total_results: total,
      }),
      200,
    );
  });
}
