import { revokeKey } from "../../../db/keys";
import type { App } from "../../../http/context";
import { ApiError, envelope } from "../../../http/envelope";
import { defineRoute } from "../../../http/openapi";
import { isoSeconds } from "../../../lib/time";
import { ApiKeyList, KeyIdParam, toApiKey } from "./schema";

const route = defineRoute({
  method: "delete",
  path: "/admin/keys/{id}",
  tags: ["Admin"],
  summary: "Revoke a key for good: it answers 401 from then on and cannot be reactivated (revoking again changes nothing)",
  access: "admin",
  errors: [404],
  request: { params: KeyIdParam },
  responses: {
    200: { description: "The revoked key", content: { "application/json": { schema: ApiKeyList } } },
  },
});

export function registerDeleteKey(app: App) {
  app.openapi(route, async (c) => {
    const row = await revokeKey(c.env.DB, c.req.valid("param").id, isoSeconds());
    if (!row) throw new ApiError(404, "API key not found");
    return c.json(envelope([toApiKey(row)]), 200);
  });
}
