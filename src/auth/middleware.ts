// Request gates: the admin token, API keys, feed tokens, and the per-key limits with their headers.
import type { Context, Next } from "hono";
import { createMiddleware } from "hono/factory";
import { findKeyByHash } from "../db/keys";
import { openFeed } from "../feeds/feeds";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/envelope";
import { constantTimeEqual, secretsEqual, sha256Hex } from "./keys";
import type { Admission } from "./limits";

function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(.+)$/i);
  return m?.[1]?.trim();
}

/** Admin routes: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. API keys never pass. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.var.settings.adminToken;
  if (!expected) throw new ApiError(401, "Admin API disabled: ADMIN_TOKEN is not set");
  const given = bearer(c.req.header("authorization")) ?? "";
  if (!(await secretsEqual(given, expected))) throw new ApiError(401, "Invalid admin token");
  await next();
});

/** Routes that spend no credit (they still count against the per-minute limit): docs/api.md#free-calls. */
const FREE_PATHS = new Set(["/health", "/usage", "/filters/from-url"]);

const databaseDown = (err: unknown): never => {
  console.error("key or feed lookup failed", err);
  throw new ApiError(503, "Database unreachable", { "Retry-After": "5" });
};

// Environments of requests the app makes to itself for an MCP tool call (routes/mcp): the caller's
// /mcp request was metered, so these are not. A WeakSet of objects, so no header can claim it.
const internalEnvs = new WeakSet<object>();

/** A copy of `env` marking a request as the app's own, made for the caller of the current request. */
export function internalEnv(env: Env): Env {
  const copy = { ...env };
  internalEnvs.add(copy);
  return copy;
}

/** An MCP request spends a credit when it calls a tool; initialize, tools/list and notifications are free. */
async function callsMcpTool(req: Request): Promise<boolean> {
  if (req.method !== "POST") return false;
  try {
    const body = (await req.clone().json()) as unknown;
    return (Array.isArray(body) ? body : [body]).some((m) => (m as { method?: unknown } | null)?.method === "tools/call");
  } catch {
    return false; // the transport answers malformed JSON itself
  }
}

/**
 * API-key routes: authenticates the key, then meters the request (meterKeyRequest) and puts the
 * limit headers on every answer.
 */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header("x-api-key")?.trim() || bearer(c.req.header("authorization"));
  if (!given) throw new ApiError(401, "Missing API key: send it in the X-API-KEY header");
  const hash = await sha256Hex(given);
  const key = await findKeyByHash(c.env.DB, hash).catch(databaseDown);
  // The lookup is by hash; the comparison below keeps the final check constant-time as well.
  if (!key || !constantTimeEqual(new TextEncoder().encode(key.keyHash), new TextEncoder().encode(hash))) {
    throw new ApiError(401, "Invalid API key");
  }
  if (key.revokedAt) throw new ApiError(401, "API key revoked");
  if (!key.active) throw new ApiError(401, "API key deactivated");
  c.set("apiKey", key);
  if (internalEnvs.has(c.env)) {
    c.set("admission", await keyStanding(c, key));
    return next();
  }
  const charge = c.req.path === "/mcp" ? await callsMcpTool(c.req.raw) : !FREE_PATHS.has(c.req.path);
  await meterKeyRequest(c, key, charge, next);
});

/**
 * Feed URLs (/f/<token>.<format>, docs/api.md#reading-a-feed): the token in the path opens one feed,
 * and the read is metered as a request of the feed owner's key. An unknown token, or a feed whose key
 * is revoked or deactivated, is 404 (a feed reader cannot do anything else with a 401). Registered on
 * the route itself, so the path parameter is known.
 */
export const requireFeedToken = createMiddleware<AppEnv>(async (c, next) => {
  const opened = await openFeed(c.env.DB, c.req.param("file") ?? "").catch(databaseDown);
  if (!opened) throw new ApiError(404, "Feed not found");
  c.set("feed", opened);
  await meterKeyRequest(c, { id: opened.feed.api_key_id, tier: opened.tier }, true, next);
});

/**
 * Admits one request of `key` through the key's Durable Object (429 with Retry-After when refused),
 * runs the rest, then gives back a credit taken for an answer that turned out free (304) or failed
 * (4xx/5xx), and puts the limit headers on the answer, whatever it is.
 */
async function meterKeyRequest(c: Context<AppEnv>, key: { id: string; tier: string }, charge: boolean, next: Next): Promise<void> {
  const tier = c.var.settings.tiers[key.tier as keyof typeof c.var.settings.tiers];
  if (!tier) throw new ApiError(500, "Internal server error");
  const limiter = c.env.KEY_LIMITER.get(c.env.KEY_LIMITER.idFromName(key.id));
  const now = Date.now();
  const admission = await limiter.admit({
    now,
    requests_per_minute: tier.requests_per_minute,
    credits_per_month: tier.credits_per_month,
    charge,
  });
  const headers = limitHeaders(admission);
  if (!admission.allowed) {
    const rate = admission.refusal === "rate_limit";
    throw new ApiError(429, rate ? "Rate limit exceeded" : "Monthly credits exhausted", {
      ...headers,
      "Retry-After": String(rate ? admission.rate_reset : admission.credits_reset),
    });
  }

  c.set("admission", admission);
  await next();

  const status = c.res.status;
  if (admission.charged && (status === 304 || status >= 400 || c.var.refund)) {
    await limiter.refund(now); // awaited so the next request sees the exact count
    if (admission.credits_remaining !== null) headers["X-Credits-Remaining"] = String(admission.credits_remaining + 1);
  }
  for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
}

/** The key's limits as they stand, counting nothing. */
async function keyStanding(c: Context<AppEnv>, key: { id: string; tier: string }): Promise<Admission> {
  const tier = c.var.settings.tiers[key.tier as keyof typeof c.var.settings.tiers];
  if (!tier) throw new ApiError(500, "Internal server error");
  return c.env.KEY_LIMITER.get(c.env.KEY_LIMITER.idFromName(key.id)).standing({
    now: Date.now(),
    requests_per_minute: tier.requests_per_minute,
    credits_per_month: tier.credits_per_month,
  });
}

function limitHeaders(a: Admission): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(a.rate_limit),
    "X-RateLimit-Remaining": String(a.rate_remaining),
    "X-RateLimit-Reset": String(a.rate_reset),
    "X-Credits-Limit": a.credits_limit === null ? "unlimited" : String(a.credits_limit),
    "X-Credits-Remaining": a.credits_remaining === null ? "unlimited" : String(a.credits_remaining),
  };
}
