import { createRoute } from "@hono/zod-openapi";
import { isoSeconds } from "../../../lib/time";
import { updateKey } from "../../../db/keys";
import type { App } from "../../../http/context";
import { ApiError, envelope } from "../../../http/envelope";
import { adminSecurity, pickErrors } from "../../../http/openapi";
import { ApiKeyList, KeyIdParam, PatchKeyBody, toApiKey } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/admin/keys/{id}",
  tags: ["Admin"],
  summary: "Change a key's tier, name, or active flag",
  security: adminSecurity,
  request: {
    params: KeyIdParam,
    body: { required: true, content: { "application/json": { schema: PatchKeyBody } } },
  },
  responses: {
    200: { description: "The updated key", content: { "application/json": { schema: ApiKeyList } } },
    ...pickErrors(400, 401, 404),
  },
});

export function registerUpdateKey(app: App) {
  app.openapi(route, async (c) => {
    const patch = c.req.valid("json");
    const revokedAt = patch.active === undefined ? undefined : patch.active ? null : isoSeconds();
    const row = await updateKey(c.env.DB, c.req.valid("param").id, { ...patch, ...(revokedAt !== undefined && { revokedAt }) });
    if (!row) throw new ApiError(404, "API key not found");
    return c.json(envelope([toApiKey(row)]), 200);
  });
}
