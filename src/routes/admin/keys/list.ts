import { createRoute } from "@hono/zod-openapi";
import { listKeys } from "../../../db/keys";
import type { App } from "../../../http/context";
import { envelope } from "../../../http/envelope";
import { adminSecurity, pickErrors } from "../../../http/openapi";
import { ApiKeyList, toApiKey } from "./schema";

const route = createRoute({
  method: "get",
  path: "/admin/keys",
  tags: ["Admin"],
  summary: "List API keys (never their plaintext)",
  security: adminSecurity,
  responses: {
    200: { description: "All keys, newest first", content: { "application/json": { schema: ApiKeyList } } },
    ...pickErrors(401),
  },
});

export function registerListKeys(app: App) {
  app.openapi(route, async (c) => c.json(envelope((await listKeys(c.env.DB)).map(toApiKey)), 200));
}
