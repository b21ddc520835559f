import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Settings } from "../config";
import type { Db } from "../db/client";
import type { ApiKeyRow } from "../db/schema";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    settings: Settings;
    /** The caller's key, set by requireApiKey. */
    apiKey: ApiKeyRow;
  };
}

export type App = OpenAPIHono<AppEnv>;
