// The Hono app: dependencies, gates, routes, docs, and the one error handler.
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requireAdmin, requireApiKey } from "./auth/middleware";
import { DomainError } from "./errors";
import type { App, AppEnv } from "./http/context";
import { ApiError, fromDomainError, sendError } from "./http/envelope";
import { defaultHook } from "./http/validation";
import { registerAdminRoutes } from "./routes/admin";
import { registerCategoryRoutes } from "./routes/categories";
import { registerDocsRoutes } from "./routes/docs";
import { registerFeedRoutes } from "./routes/feeds";
import { registerFilterRoutes } from "./routes/filters";
import { registerFreelancerRoutes } from "./routes/freelancers";
import { registerHealthRoutes } from "./routes/health";
import { registerJobRoutes } from "./routes/jobs";
import { registerMcpRoutes } from "./routes/mcp";
import { registerUsageRoutes } from "./routes/usage";
import { registerWebhookRoutes } from "./routes/webhooks";
import { SettingsError, settingsFrom } from "./settings";

/**
 * Path roots behind an API key (everything but /docs, /openapi.json, the admin API and the /f/ feed
 * URLs, whose token in the path is their credential: docs/api.md#reading-a-feed).
 */
const API_KEY_ROOTS = [
  "/health",
  "/jobs",
  "/webhooks",
  "/feeds",
  "/freelancers",
  "/search_freelancers",
  "/filters",
  "/usage",
  "/categories",
  "/mcp",
];
const needsApiKey = (path: string) => API_KEY_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));
const MAX_BODY_BYTES = 64 * 1024;
const SETTINGS_FREE_PATHS = new Set(["/docs", "/openapi.json"]);

export function createApp(): App {
  const app: App = new OpenAPIHono<AppEnv>({ defaultHook });

  app.use("*", async (c, next) => {
    // The reference stays readable with a broken configuration; everything else needs valid settings.
    if (!SETTINGS_FREE_PATHS.has(c.req.path)) c.set("settings", settingsFrom(c.env));
    await next();
  });
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, `Request body too large (at most ${MAX_BODY_BYTES} bytes)`);
      },
    }),
  );
  app.use("/admin/*", requireAdmin);
  // One check per request (Hono's "/x/*" also matches "/x", so per-pattern registration would run twice).
  app.use("*", (c, next) => (needsApiKey(c.req.path) ? requireApiKey(c, next) : next()));

  registerHealthRoutes(app);
  registerJobRoutes(app);
  registerFilterRoutes(app);
  registerCategoryRoutes(app);
  registerUsageRoutes(app);
  registerWebhookRoutes(app);
  registerFeedRoutes(app);
  registerFreelancerRoutes(app);
  registerMcpRoutes(app);
  registerAdminRoutes(app);
  registerDocsRoutes(app);

  app.notFound((c) => {
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length) return sendError(c, new ApiError(405, `Method ${c.req.method} not allowed`, { Allow: allowed.join(", ") }));
    return sendError(c, new ApiError(404, `Not found: ${c.req.path.slice(0, 200)}`));
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return sendError(c, err);
    if (err instanceof DomainError) return sendError(c, fromDomainError(err));
    if (err instanceof SettingsError) {
      console.error(err.message);
      return sendError(c, new ApiError(500, err.message));
    }
    if (err instanceof HTTPException && err.status === 415) {
      return sendError(c, new ApiError(415, "Unsupported Media Type: send the body as JSON with Content-Type: application/json"));
    }
    if (err instanceof HTTPException && err.status < 500) {
      return sendError(c, new ApiError(err.status as 400, err.message || "Bad request"));
    }
    console.error("unhandled error", c.req.method, c.req.path, err);
    return sendError(c, new ApiError(500, "Internal server error"));
  });

  return app;
}

/** Methods registered for a path, to tell 405 from 404. */
function allowedMethods(app: App, path: string): string[] {
  const methods = new Set<string>();
  for (const r of app.routes) {
    if (r.method === "ALL") continue;
    const pattern = new RegExp(`^${r.path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[^/]+/g, "[^/]+")}$`);
    if (pattern.test(path)) methods.add(r.method);
  }
  return [...methods];
}
