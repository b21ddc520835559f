import { generateApiKey, randomToken, sha256Hex } from "../../../auth/keys";
import { insertKey } from "../../../db/keys";
import type { App } from "../../../http/context";
import { envelope } from "../../../http/envelope";
import { defineRoute } from "../../../http/openapi";
import { isoSeconds } from "../../../lib/time";
import { CreatedApiKeyList, CreateKeyBody, toApiKey } from "./schema";

const route = defineRoute({
  method: "post",
  path: "/admin/keys",
  tags: ["Admin"],
  summary: "Create an API key (the plaintext key is returned once)",
  access: "admin",
  request: { body: { required: true, content: { "application/json": { schema: CreateKeyBody } } } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: CreatedApiKeyList } } },
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
