import { createRoute } from "@hono/zod-openapi";
import { isoSeconds } from "../../../lib/time";
import { updateKey } from "../../../db/keys";
import type { App } from "../../../http/context";
import { ApiError, envelope } from "../../../http/envelope";
import { adminSecurity, pickErrors } from "../../../http/openapi";
import { ApiKeyList, KeyIdParam, toApiKey } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/admin/keys/{id}",
  tags: ["Admin"],
  summary: "Revoke a key: it answers 401 from then on",
  security: adminSecurity,
  request: { params: KeyIdParam },
  responses: {
    200: { description: "The revoked key", content: { "application/json": { schema: ApiKeyList } } },
    ...pickErrors(401, 404),
  },
});

export function registerDeleteKey(app: App) {
  app.openapi(route, async (c) => {
    const row = await updateKey(c.env.DB, c.req.valid("param").id, { active: false, revokedAt: isoSeconds() });
    if (!row) throw new ApiError(404, "API key not found");
    return c.json(envelope([toApiKey(row)]), 200);
  });
}
