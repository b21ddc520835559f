// Request gates: the admin token, API keys, and the per-key limits with their headers.
import { createMiddleware } from "hono/factory";
import { findKeyByHash } from "../db/keys";
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

/** Routes that spend no credit (they still count against the per-minute limit). */
const FREE_PATHS = new Set(["/health"]);

/**
 * API-key routes: authenticates the key, admits the request through the key's Durable Object,
 * and puts the limit headers on every answer. A credit taken for an answer that turns out free
 * (304) or failed (4xx/5xx) is given back.
 */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header("x-api-key")?.trim() || bearer(c.req.header("authorization"));
  if (!given) throw new ApiError(401, "Missing API key: send it in the X-API-KEY header");
  const hash = await sha256Hex(given);
  const key = await findKeyByHash(c.env.DB, hash).catch((err: unknown) => {
    console.error("key lookup failed", err);
    throw new ApiError(503, "Database unreachable", { "Retry-After": "5" });
  });
  // The lookup is by hash; the comparison below keeps the final check constant-time as well.
  if (!key || !constantTimeEqual(new TextEncoder().encode(key.keyHash), new TextEncoder().encode(hash))) {
    throw new ApiError(401, "Invalid API key");
  }
  if (key.revokedAt) throw new ApiError(401, "API key revoked");
  if (!key.active) throw new ApiError(401, "API key deactivated");
  c.set("apiKey", key);

  const tier = c.var.settings.tiers[key.tier as keyof typeof c.var.settings.tiers];
  if (!tier) throw new ApiError(500, "Internal server error");
  const limiter = c.env.KEY_LIMITER.get(c.env.KEY_LIMITER.idFromName(key.id));
  const now = Date.now();
  const charge = !FREE_PATHS.has(c.req.path);
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

  await next();

  const status = c.res.status;
  if (admission.charged && (status === 304 || status >= 400)) {
    await limiter.refund(now); // awaited so the next request sees the exact count
    if (admission.credits_remaining !== null) headers["X-Credits-Remaining"] = String(admission.credits_remaining + 1);
  }
  for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
});

function limitHeaders(a: Admission): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(a.rate_limit),
    "X-RateLimit-Remaining": String(a.rate_remaining),
    "X-RateLimit-Reset": String(a.rate_reset),
    "X-Credits-Limit": a.credits_limit === null ? "unlimited" : String(a.credits_limit),
    "X-Credits-Remaining": a.credits_remaining === null ? "unlimited" : String(a.credits_remaining),
  };
}
