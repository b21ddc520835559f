import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Admission } from "../auth/limits";
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
    /** How this request was admitted against the key's limits (GET /usage reports it). */
    admission: Admission;
    /** Give the credit back although the answer is a 2xx (an MCP tool call that failed). */
    refund: boolean;
  };
}

export type App = OpenAPIHono<AppEnv>;

/** What domain services need to know about the caller: the database, the settings and the key. */
export const caller = (c: Context<AppEnv>) => ({ db: c.env.DB, settings: c.var.settings, owner: c.var.apiKey });
