// SQL of feeds (table `feeds`, migrations/0009_feeds.sql): create under the owner's cap, read, patch,
// delete, and the token lookup of /f/ URLs (docs/api.md#feeds). The jobs a feed serves come from
// newestReceivedJobs in ./jobs.ts. Plain D1 statements with bound parameters.

export interface FeedRow {
  id: string;
  api_key_id: string;
  title: string;
  /** Canonical JSON of the job filter. */
  filters: string;
  /** sha256 hex of the URL token. */
  token_hash: string;
  created_at: number;
  updated_at: number;
}

const FEED_COLUMNS = ["id", "api_key_id", "title", "filters", "token_hash", "created_at", "updated_at"] as const;

/** Inserts a feed unless the owner already has `cap`, in one statement so parallel creates cannot overshoot. */
export async function insertFeed(d1: D1Database, row: FeedRow, cap: number): Promise<FeedRow | null> {
  const params = FEED_COLUMNS.map((c) => row[c]);
  const stmt = d1
    .prepare(
      `INSERT INTO feeds (${FEED_COLUMNS.join(", ")}) SELECT ${FEED_COLUMNS.map((_, i) => `?${i + 1}`).join(", ")}
       WHERE (SELECT count(*) FROM feeds WHERE api_key_id = ?2) < ?${params.length + 1} RETURNING *`,
    )
    .bind(...params, cap);
  return (await stmt.first<FeedRow>()) ?? null;
}

export async function getFeed(d1: D1Database, id: string, ownerId: string): Promise<FeedRow | null> {
  return d1.prepare("SELECT * FROM feeds WHERE id = ? AND api_key_id = ?").bind(id, ownerId).first<FeedRow>();
}

export async function listFeeds(d1: D1Database, ownerId: string): Promise<FeedRow[]> {
  const r = await d1.prepare("SELECT * FROM feeds WHERE api_key_id = ? ORDER BY created_at DESC, id DESC").bind(ownerId).all<FeedRow>();
  return r.results;
}

export type FeedPatch = Partial<Pick<FeedRow, "title" | "filters" | "token_hash">>;
const PATCHABLE = new Set<string>(["title", "filters", "token_hash"]);

/** Applies a patch to the owner's feed; null when there is no such feed. */
export async function updateFeed(d1: D1Database, id: string, ownerId: string, patch: FeedPatch, now: number): Promise<FeedRow | null> {
  const entries = Object.entries(patch).filter(([k, v]) => PATCHABLE.has(k) && v !== undefined);
  const sets = entries.map(([k], i) => `${k} = ?${i + 3}`); // names come from PATCHABLE, never from input
  return d1
    .prepare(
      `UPDATE feeds SET ${[...sets, `updated_at = ?${entries.length + 3}`].join(", ")} WHERE id = ?1 AND api_key_id = ?2 RETURNING *`,
    )
    .bind(id, ownerId, ...entries.map(([, v]) => v), now)
    .first<FeedRow>();
}

/** Deletes the owner's feed; returns it as it was, or null when there is no such feed. */
export async function deleteFeed(d1: D1Database, id: string, ownerId: string): Promise<FeedRow | null> {
  return d1.prepare("DELETE FROM feeds WHERE id = ? AND api_key_id = ? RETURNING *").bind(id, ownerId).first<FeedRow>();
}

/** A feed and its owner's tier, by the token's hash; null unless the owner key is active and not revoked. */
export async function feedByTokenHash(d1: D1Database, tokenHash: string): Promise<(FeedRow & { tier: string }) | null> {
  return d1
    .prepare(
      `SELECT f.*, k.tier FROM feeds f JOIN api_keys k ON k.id = f.api_key_id
       WHERE f.token_hash = ? AND k.active = 1 AND k.revoked_at IS NULL`,
    )
    .bind(tokenHash)
    .first<FeedRow & { tier: string }>();
}

/**
 * The newest `limit` jobs matching `filter` by when this deployment received them (first_seen, the
 * job's received_at). Walks jobs_status_first_seen (migrations/0009_feeds.sql), or jobs_received_filters
 * (migrations/0011) for status=any, in order: no sort of every matching job.
 */
