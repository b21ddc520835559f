import { getKey, updateKey } from "../../../db/keys";
import type { App } from "../../../http/context";
import { ApiError, envelope } from "../../../http/envelope";
import { defineRoute } from "../../../http/openapi";
import { ApiKeyList, KeyIdParam, PatchKeyBody, toApiKey } from "./schema";

const route = defineRoute({
  method: "patch",
  path: "/admin/keys/{id}",
  tags: ["Admin"],
  summary: "Change a key's tier or name, or switch it off and on (active); a revoked key cannot be changed",
  description:
    "`active: false` is the reversible switch: the key answers 401 until `active: true`. Revocation (DELETE) is final: a revoked key can still be read and listed, and any change to it answers 409.",
  access: "admin",
  errors: [404, 409],
  request: {
    params: KeyIdParam,
    body: { required: true, content: { "application/json": { schema: PatchKeyBody } } },
  },
  responses: {
    200: { description: "The updated key", content: { "application/json": { schema: ApiKeyList } } },
  },
});

export function registerUpdateKey(app: App) {
  app.openapi(route, async (c) => {
    const id = c.req.valid("param").id;
    const row = await updateKey(c.env.DB, id, c.req.valid("json"));
    if (!row) {
      if (!(await getKey(c.env.DB, id))) throw new ApiError(404, "API key not found");
      throw new ApiError(409, "API key revoked: revocation is final, create a new key instead");
    }
    return c.json(envelope([toApiKey(row)]), 200);
  });
}
