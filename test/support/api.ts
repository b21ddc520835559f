// The one app-call helper: through the worker's fetch handler (black-box), or the same Hono app called
// in-process with the real env (`direct`) or with another one (`env`, e.g. overridden settings).
import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env as realEnv } from "cloudflare:workers";
import { createApp } from "../../src/app";
import type { CreatedApiKeyView } from "../../src/routes/admin/keys/schema";

export const ADMIN_TOKEN = "test-admin-token";
const BASE = "https://api.test";

/** The response envelope: its item type, plus the top-level fields a route adds beside the usual ones. */
export type Envelope<T, Extra = unknown> = {
  success: boolean;
  data: T[];
  count: number;
  last_updated: string;
  message?: string;
} & Extra;

/** GET /health's top-level field beside the envelope's (its schema is not exported: described here). */
export type HealthExtra = { last_successful_run: string | null };

/** A JSON Schema node of /openapi.json (only the keywords the tests read are named). */
interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}
/** An operation of /openapi.json, as far as the tests read it. */
interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  security?: Record<string, string[]>[];
  tags?: string[];
}
/** The /openapi.json document, as far as the tests read it. */
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export type Init = RequestInit & {
  /** Sent as X-API-KEY. */
  key?: string;
  /** Call the Hono app in-process with the real env instead of SELF.fetch. */
  direct?: boolean;
  /** Call the Hono app in-process with this env (implies direct). */
  env?: Env;
};

export interface Answer<B> {
  res: Response;
  status: number;
  headers: Headers;
  /** The parsed body when the answer is JSON; undefined otherwise (see `text`). */
  body: B;
  /** The raw body. */
  text: string;
}

// Each SELF.fetch in a test file makes the next one slower (cloudflare/workers-sdk#15446), so tests
// that send thousands of requests (`direct: true`) call the same Hono app with the same bindings directly.
let directApp: ReturnType<typeof createApp> | undefined;
async function send(url: string, { key: _key, direct, env, ...init }: Init): Promise<Response> {
  if (!direct && !env) return SELF.fetch(url, init);
  directApp ??= createApp();
  const ctx = createExecutionContext();
  const res = await directApp.fetch(new Request(url, init), env ?? realEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export async function call<B = Envelope<unknown>>(path: string, init: Init = {}): Promise<Answer<B>> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("X-API-KEY", init.key);
  const res = await send(`${BASE}${path}`, { ...init, headers });
  const text = await res.text();
  const json = res.headers.get("content-type")?.includes("json") && text !== "";
  const body = (json ? JSON.parse(text) : undefined) as B;
  return { res, status: res.status, headers: res.headers, body, text };
}

export function admin<B = Envelope<unknown>>(path: string, init: Init = {}): Promise<Answer<B>> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${ADMIN_TOKEN}`);
  if (init.body) headers.set("content-type", "application/json");
  return call<B>(path, { ...init, headers });
}

export async function createKey(tier = "enterprise", name = `test-${tier}`): Promise<string> {
  const { status, body } = await admin<Envelope<CreatedApiKeyView>>("/admin/keys", {
    method: "POST",
    body: JSON.stringify({ name, tier }),
  });
  if (status !== 201) throw new Error(`createKey failed: ${status} ${JSON.stringify(body)}`);
  return body.data[0]!.key;
}
