import { listKeys } from "../../../db/keys";
import type { App } from "../../../http/context";
import { envelope } from "../../../http/envelope";
import { defineRoute } from "../../../http/openapi";
import { ApiKeyList, toApiKey } from "./schema";

const route = defineRoute({
  method: "get",
  path: "/admin/keys",
  tags: ["Admin"],
  summary: "List API keys (never their plaintext)",
  access: "admin",
  responses: {
    200: { description: "All keys, newest first", content: { "application/json": { schema: ApiKeyList } } },
  },
});

export function registerListKeys(app: App) {
  app.openapi(route, async (c) => c.json(envelope((await listKeys(c.env.DB)).map(toApiKey)), 200));
}
