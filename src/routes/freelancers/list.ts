import { searchFreelancers } from "../../db/freelancers";
import type { App } from "../../http/context";
import { envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { FreelancerListResponse, ListFreelancersQuery, toFreelancerQuery } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/freelancers",
  tags: ["Freelancers"],
  summary: "Search freelancer profiles by keyword with rate, country, skills, JSS and badge filters",
  access: "api-key",
  request: { query: ListFreelancersQuery },
  responses: {
    200: { description: "A page of freelancers", content: { "application/json": { schema: FreelancerListResponse } } },
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
