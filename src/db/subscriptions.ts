// SQL of subscriptions (table `webhooks`, migrations/0003_webhooks.sql and 0010): create under the owner's
// cap, read, patch, delete, and the set new jobs are matched against. Plain D1 statements with bound
// parameters. Vocabulary: src/push/README.md.
import type { Subscription } from "../push/types";

const SUBSCRIPTION_COLUMNS = [
  "id",
  "api_key_id",
  "url",
  "filters",
  "dedupe_key",
  "format",
  "batch",
  "events",
  "telegram_chat_id",
  "description",
  "active",
  "secret",
  "previous_secret",
  "previous_secret_until",
  "disabled_reason",
  "disabled_kind",
  "failing_since",
  "last_success_at",
  "created_at",
  "updated_at",
] as const;

/**
 * Inserts an active subscription unless the owner already has `cap` active ones (null = no cap),
 * in one statement so parallel creates cannot overshoot. A row with the same dedupe_key wins.
 */
export async function insertSubscription(d1: D1Database, row: Subscription, cap: number | null): Promise<Subscription | null> {
  const cols = SUBSCRIPTION_COLUMNS.join(", ");
  const params = SUBSCRIPTION_COLUMNS.map((c) => row[c]);
  const stmt = d1
    .prepare(
      `INSERT INTO webhooks (${cols}) SELECT ${SUBSCRIPTION_COLUMNS.map((_, i) => `?${i + 1}`).join(", ")}
       WHERE ?${params.length + 1} IS NULL
          OR (SELECT count(*) FROM webhooks WHERE api_key_id = ?2 AND active = 1) < ?${params.length + 1}
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING *`,
    )
    .bind(...params, cap);
  return (await stmt.first<Subscription>()) ?? null;
}

export async function findSubscriptionByDedupeKey(d1: D1Database, dedupeKey: string): Promise<Subscription | null> {
  return d1.prepare("SELECT * FROM webhooks WHERE dedupe_key = ?").bind(dedupeKey).first<Subscription>();
}

export async function getSubscription(d1: D1Database, id: string, ownerId: string): Promise<Subscription | null> {
  return d1.prepare("SELECT * FROM webhooks WHERE id = ? AND api_key_id = ?").bind(id, ownerId).first<Subscription>();
}

export async function listSubscriptions(d1: D1Database, ownerId: string): Promise<Subscription[]> {
  const r = await d1
    .prepare("SELECT * FROM webhooks WHERE api_key_id = ? ORDER BY created_at DESC, id DESC")
    .bind(ownerId)
    .all<Subscription>();
  return r.results;
}

export type SubscriptionPatch = Partial<
  Pick<
    Subscription,
    | "url"
    | "filters"
    | "dedupe_key"
    | "format"
    | "batch"
    | "events"
    | "telegram_chat_id"
    | "description"
    | "active"
    | "disabled_reason"
    | "disabled_kind"
    | "failing_since"
    | "secret"
    | "previous_secret"
    | "previous_secret_until"
  >
>;

const PATCHABLE = new Set<string>([
  "url",
  "filters",
  "dedupe_key",
  "format",
  "batch",
  "events",
  "telegram_chat_id",
  "description",
  "active",
  "disabled_reason",
  "disabled_kind",
  "failing_since",
  "secret",
  "previous_secret",
  "previous_secret_until",
]);

/**
 * Applies a patch; when it (re)activates the subscription, only if the owner stays within `cap`.
 * Returns null when the row does not exist, "cap" when activation would exceed the cap.
 */
export async function updateSubscription(
  d1: D1Database,
  id: string,
  ownerId: string,
  patch: SubscriptionPatch,
  now: number,
  cap: number | null,
): Promise<Subscription | null | "cap"> {
  const entries = Object.entries(patch).filter(([k, v]) => PATCHABLE.has(k) && v !== undefined);
  const sets = entries.map(([k], i) => `${k} = ?${i + 4}`); // names come from PATCHABLE, never from input
  const activating = patch.active === 1;
  // ?3 is the cap, checked only when this patch switches the subscription on.
  const capClause = activating
    ? "AND (active = 1 OR ?3 IS NULL OR (SELECT count(*) FROM webhooks WHERE api_key_id = ?2 AND active = 1) < ?3)"
    : "";
  const row = await d1
    .prepare(
      `UPDATE webhooks SET ${[...sets, `updated_at = ?${entries.length + 4}`].join(", ")} WHERE id = ?1 AND api_key_id = ?2 ${capClause} RETURNING *`,
    )
    .bind(id, ownerId, cap, ...entries.map(([, v]) => v), now)
    .first<Subscription>();
  if (row) return row;
  if (!activating) return null;
  return (await getSubscription(d1, id, ownerId)) ? "cap" : null;
}

export async function deleteSubscription(d1: D1Database, id: string, ownerId: string): Promise<boolean> {
  const owned = await getSubscription(d1, id, ownerId);
  if (!owned) return false;
  await d1.batch([
    d1.prepare("DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE webhook_id = ?)").bind(id),
    d1.prepare("DELETE FROM webhook_matches WHERE webhook_id = ?").bind(id),
    d1.prepare("DELETE FROM webhook_deliveries WHERE webhook_id = ?").bind(id),
    d1.prepare("DELETE FROM webhooks WHERE id = ? AND api_key_id = ?").bind(id, ownerId),
  ]);
  return true;
}

export interface MatchingSubscription {
  id: string;
  filters: string;
  format: Subscription["format"];
  batch: number;
  active: number;
  disabled_reason: string | null;
  updated_at: number;
}

/**
 * Subscriptions new jobs are matched against: active ones, plus those disabled for failing (their
 * matches are recorded as failed so re-enabling and replaying recovers them), whose owner key is
 * active and of a tier that has webhooks.
 */
export async function subscriptionsForMatching(d1: D1Database, tiersWithWebhooks: string[]): Promise<MatchingSubscription[]> {
  const r = await d1
    .prepare(
      `SELECT w.id, w.filters, w.format, w.batch, w.active, w.disabled_reason, w.updated_at
       FROM webhooks w JOIN api_keys k ON k.id = w.api_key_id
       WHERE (w.active = 1 OR w.disabled_kind = 'failing') AND k.active = 1
         AND k.tier IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(tiersWithWebhooks))
    .all<MatchingSubscription>();
  return r.results;
}
