// Subscription rules shared by POST /webhooks and GET /jobs?webhook=true: tier gate, the cap,
// target checks, canonical filters, and the public shape of a subscription.
import type { Context } from "hono";
import { randomToken, sha256Hex } from "../auth/keys";
import { findWebhookByDedupeKey, getWebhook, insertWebhook, type WebhookRow } from "../db/webhooks";
import type { AppEnv } from "../http/context";
import { ApiError, envelope, invalidParameter } from "../http/envelope";
import { canonicalFilter, type JobFilter } from "../jobs/filter";
import { pushSettings } from "./config";
import type { WebhookFormat } from "./format";
import { generateSecret } from "./signing";
import { checkTarget } from "./ssrf";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));

/** The caller's subscription cap (null = unlimited); 403 for tiers without webhooks. */
export function webhookCap(c: Context<AppEnv>): number | null {
  const tier = c.var.settings.tiers[c.var.apiKey.tier as keyof typeof c.var.settings.tiers];
  const max = tier ? tier.max_webhooks : 0; // null = unlimited
  if (max === 0) {
    throw new ApiError(403, `Webhooks are not available on the ${c.var.apiKey.tier} tier: upgrade to professional or enterprise`);
  }
  return max;
}

export function capReached(cap: number | null): ApiError {
  return new ApiError(409, `Webhook limit reached: your tier allows ${cap} active subscriptions. Delete or deactivate one first.`);
}

/** The target as stored, or a 400 naming the parameter it came from. */
export function checkUrl(env: Env, url: string, param: string): string {
  const r = checkTarget(url, pushSettings(env).allowPrivateTargets);
  if (!r.ok) throw invalidParameter(param, r.reason);
  return r.url.href;
}

export interface NewSubscription {
  url: string;
  filter: JobFilter;
  format: WebhookFormat;
  batch: boolean;
  description: string;
  /** GET /jobs?webhook=true: the same key + url + filters always give the same subscription. */
  idempotent: boolean;
}

export async function createSubscription(c: Context<AppEnv>, s: NewSubscription): Promise<{ row: WebhookRow; created: boolean }> {
  const cap = webhookCap(c);
  const filters = JSON.stringify(canonicalFilter(s.filter));
  const dedupeKey = s.idempotent ? await sha256Hex(JSON.stringify([c.var.apiKey.id, s.url, filters])) : null;
  if (dedupeKey) {
    const existing = await findWebhookByDedupeKey(c.env.DB, dedupeKey);
    if (existing) return { row: existing, created: false };
  }
  const now = Date.now();
  const row: WebhookRow = {
    id: `wh_${randomToken(12)}`,
    api_key_id: c.var.apiKey.id,
    url: s.url,
    filters,
    dedupe_key: dedupeKey,
    format: s.format,
    batch: s.batch ? 1 : 0,
    description: s.description,
    active: 1,
    secret: generateSecret(),
    previous_secret: null,
    previous_secret_until: null,
    disabled_reason: null,
    disabled_kind: null,
    failing_since: null,
    last_success_at: null,
    created_at: now,
    updated_at: now,
  };
  const inserted = await insertWebhook(c.env.DB, row, cap);
  if (inserted) return { row: inserted, created: true };
  // Lost a race with the same registration, or the cap is reached.
  const existing = dedupeKey ? await findWebhookByDedupeKey(c.env.DB, dedupeKey) : null;
  if (existing) return { row: existing, created: false };
  throw capReached(cap);
}

export function toSubscription(row: WebhookRow) {
  const now = Date.now();
  const graceUntil =
    row.previous_secret && row.previous_secret_until !== null && row.previous_secret_until > now ? row.previous_secret_until : null;
  return {
    id: row.id,
    url: row.url,
    filters: JSON.parse(row.filters) as Record<string, unknown>,
    format: row.format,
    batch: row.batch === 1,
    active: row.active === 1,
    description: row.description,
    secret: row.secret,
    previous_secret_expires_at: iso(graceUntil),
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
    disabled_reason: row.disabled_reason,
  };
}

/** The caller's subscription, after the tier gate; 404 when it is someone else's or does not exist. */
export async function ownedWebhook(c: Context<AppEnv>, id: string): Promise<WebhookRow> {
  webhookCap(c);
  const row = await getWebhook(c.env.DB, id, c.var.apiKey.id);
  if (!row) throw new ApiError(404, "Webhook not found");
  return row;
}

/**
 * GET /jobs?webhook=true&webhook_url=…: registers a subscription for exactly the query's filters.
 * 201 when new, 200 with the same subscription when this key already registered url + filters.
 */
export async function subscribeFromQuery(
  c: Context<AppEnv>,
  q: { filter: JobFilter; webhook: boolean | undefined; webhook_url: string | undefined },
): Promise<Response> {
  if (!q.webhook) throw invalidParameter("webhook_url", "only used with webhook=true");
  if (q.webhook_url === undefined) throw invalidParameter("webhook_url", "required with webhook=true");
  webhookCap(c);
  const url = checkUrl(c.env, q.webhook_url, "webhook_url");
  const { row, created } = await createSubscription(c, {
    url,
    filter: q.filter,
    format: "json",
    batch: false,
    description: "",
    idempotent: true,
  });
  return c.json(envelope([toSubscription(row)]), created ? 201 : 200);
}
