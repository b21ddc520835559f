import { createRoute } from "@hono/zod-openapi";
import { generateApiKey, randomToken, sha256Hex } from "../../../auth/keys";
import { isoSeconds } from "../../../lib/time";
import { insertKey } from "../../../db/keys";
import type { App } from "../../../http/context";
import { envelope } from "../../../http/envelope";
import { adminSecurity, pickErrors } from "../../../http/openapi";
import { CreatedApiKeyList, CreateKeyBody, toApiKey } from "./schema";

const route = createRoute({
  method: "post",
  path: "/admin/keys",
  tags: ["Admin"],
  summary: "Create an API key (the plaintext key is returned once)",
  security: adminSecurity,
  request: { body: { required: true, content: { "application/json": { schema: CreateKeyBody } } } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: CreatedApiKeyList } } },
    ...pickErrors(400, 401),
  },
});

export function registerCreateKey(app: App) {
  app.openapi(route, async (c) => {
    const { name, tier } = c.req.valid("json");
    const key = generateApiKey();
    const row = {
      id: `key_${randomToken(12)}`,
      name,
      tier,
      keyHash: await sha256Hex(key),
      keyPrefix: key.slice(0, 10),
      active: true,
      createdAt: isoSeconds(),
      revokedAt: null,
    };
    await insertKey(c.env.DB, row);
    return c.json(envelope([{ ...toApiKey(row), key }]), 201);
  });
}
