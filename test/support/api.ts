// Black-box helpers: everything goes through the worker's fetch handler.
import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createApp } from "../../src/app";

export const ADMIN_TOKEN = "test-admin-token";
const BASE = "https://api.test";

export interface Envelope<T = unknown> {
  success: boolean;
  data: T[];
  count: number;
  last_updated: string;
  message?: string;
  next_cursor?: string | null;
}

type Init = RequestInit & { key?: string; direct?: boolean };

// Each SELF.fetch in a test file makes the next one slower (cloudflare/workers-sdk#15446), so tests
// that send thousands of requests (`direct: true`) call the same Hono app with the same bindings directly.
let directApp: ReturnType<typeof createApp> | undefined;
async function send(url: string, init: Init): Promise<Response> {
  if (!init.direct) return SELF.fetch(url, init);
  directApp ??= createApp();
  const ctx = createExecutionContext();
  const res = await directApp.fetch(new Request(url, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export async function call(path: string, init: Init = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("X-API-KEY", init.key);
  const res = await send(`${BASE}${path}`, { ...init, headers });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as Envelope<any>) : undefined;
  return { res, status: res.status, body: body!, headers: res.headers };
}

export function admin(path: string, init: Init = {}) {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${ADMIN_TOKEN}`);
  if (init.body) headers.set("content-type", "application/json");
  return call(path, { ...init, headers });
}

export async function createKey(tier = "enterprise", name = `test-${tier}`): Promise<string> {
  const { status, body } = await admin("/admin/keys", { method: "POST", body: JSON.stringify({ name, tier }) });
  if (status !== 201) throw new Error(`createKey failed: ${status} ${JSON.stringify(body)}`);
  return body.data[0].key as string;
}
