import { searchFreelancers } from "../../db/freelancers";
import type { App } from "../../http/context";
import { defineRoute } from "../../http/openapi";
import { SearchFreelancersQuery, SearchFreelancersResponse, toFreelancerQuery } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/search_freelancers",
  tags: ["Freelancers"],
  summary: "Freelancer search compatible with the hosted search_freelancers API (its exact response and error shapes)",
  description:
    "Drop-in replacement for the hosted `search_freelancers` API: same parameters, same body. Errors answer " +
    '`{"status":"error","message":"…","data":null}` instead of the envelope. For filters use `GET /freelancers`.',
  access: "api-key",
  errorShape: "freelancer-search",
  request: { query: SearchFreelancersQuery },
  responses: {
    200: { description: "A page of freelancers, relevance-ranked", content: { "application/json": { schema: SearchFreelancersResponse } } },
  },
});

export function registerSearchFreelancers(app: App) {
  app.openapi(route, async (c) => {
    const params = c.req.valid("query");
    const q = toFreelancerQuery(params);
    const { freelancers, total } = await searchFreelancers(c.env.DB, q);
    return c.json(
      {
        data: {
          page: q.page,
          query: params.query,
          per_page: q.per_page,
          freelancers,
          total_pages: Math.ceil(total / q.per_page),
          results_count: freelancers.length,
          total_results: total,
        },
        status: "success" as const,
      },
      200,
    );
  });
}
