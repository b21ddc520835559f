import type { App } from "../../http/context";
import { DOCS_HTML } from "./page";

/** The document's header (GET /openapi.json; the MCP tools read the same document). */
export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "upwork-jobs-api",
    version: "0.1.0",
    description:
      "Self-hostable Upwork jobs API: filtered job listings, pushed to your webhooks. Authenticate with `X-API-KEY` (or `Authorization: Bearer <key>`).",
  },
};

export function registerDocsRoutes(app: App) {
  app.openAPIRegistry.registerComponent("securitySchemes", "ApiKey", { type: "apiKey", in: "header", name: "X-API-KEY" });
  app.openAPIRegistry.registerComponent("securitySchemes", "BearerKey", {
    type: "http",
    scheme: "bearer",
    description: "The API key as a bearer token",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "AdminToken", { type: "http", scheme: "bearer", description: "ADMIN_TOKEN" });
  app.doc31("/openapi.json", OPENAPI_INFO);
  app.get("/docs", (c) => c.html(DOCS_HTML));
}
