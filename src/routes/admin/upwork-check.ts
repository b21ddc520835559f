import type { App } from "../../http/context";
import { ApiError, envelope } from "../../http/envelope";
import { defineRoute } from "../../http/openapi";
import { openUpstream, UpstreamError } from "../../upstream/client";
import { checkUpwork } from "../../upwork/check";
import { UpworkGraphql } from "../../upwork/graphql";
import { upworkTokens } from "../../upwork/token-keeper";
import { CheckList } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/admin/upwork/check",
  tags: ["Admin"],
  summary: "Check the upwork source against Upwork's live schema, then try one search, one detail and one freelancer search",
  description:
    "Runs inside the Worker with the stored token chain, within the request budget: one introspection query per type our queries use, then three minimal calls. Every item is present, missing or changed; every call ok or failed with the exact error and the scope it likely needs. `npm run upwork:check` prints it as a table.",
  access: "admin",
  errors: [409],
  responses: {
    200: {
      description: "The check; `ok` is false when anything is missing, changed or failed",
      content: { "application/json": { schema: CheckList } },
    },
  },
});

export function registerUpworkCheck(app: App) {
  app.openapi(route, async (c) => {
    const s = c.var.settings.ingest;
    let tokens: ReturnType<typeof upworkTokens>;
    try {
      tokens = upworkTokens(c.env, s);
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      throw new ApiError(409, `The upwork source is not configured: ${err.message}`);
    }
    const { upstream } = openUpstream(c.env, s, "upwork");
    const send = (url: string, init: RequestInit) => upstream.fetch(url, init);
    const result = await checkUpwork(c.env.DB, new UpworkGraphql(s.upwork.graphqlUrl, tokens, send), s);
    return c.json(envelope(result.rows, { ok: result.ok }), 200);
  });
}
