import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiKeyRow } from "../db/schema";
import type { OpenedFeed } from "../feeds/feeds";
import type { Settings } from "../settings";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    settings: Settings;
    /** The caller's key, set by requireApiKey. */
    apiKey: ApiKeyRow;
    /** The feed a /f/ URL opened, set by requireFeedToken. */
    feed: OpenedFeed;
  };
}

export type App = OpenAPIHono<AppEnv>;

/** What domain services need to know about the caller: the database, the settings and the key. */
export const caller = (c: Context<AppEnv>) => ({ db: c.env.DB, settings: c.var.settings, owner: c.var.apiKey });
