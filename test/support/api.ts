// Black-box helpers: everything goes through the worker's fetch handler.
import { SELF } from "cloudflare:test";

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

export async function call(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("X-API-KEY", init.key);
  const res = await SELF.fetch(`${BASE}${path}`, { ...init, headers });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as Envelope<any>) : undefined;
  return { res, status: res.status, body: body!, headers: res.headers };
}

export function admin(path: string, init: RequestInit = {}) {
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
