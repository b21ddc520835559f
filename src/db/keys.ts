// Data access for API keys.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { orm } from "./client";
import { type ApiKeyRow, apiKeys } from "./schema";

export async function findKeyByHash(d1: D1Database, keyHash: string): Promise<ApiKeyRow | undefined> {
  return orm(d1).select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).get();
}

export async function insertKey(d1: D1Database, row: ApiKeyRow): Promise<void> {
  await orm(d1).insert(apiKeys).values(row);
}

export async function listKeys(d1: D1Database): Promise<ApiKeyRow[]> {
  return orm(d1).select().from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).all();
}

export async function getKey(d1: D1Database, id: string): Promise<ApiKeyRow | undefined> {
  return orm(d1).select().from(apiKeys).where(eq(apiKeys.id, id)).get();
}

/** Changes a key that is not revoked (revocation is final); undefined when there is no such key or it is revoked. */
export async function updateKey(
  d1: D1Database,
  id: string,
  patch: Partial<Pick<ApiKeyRow, "tier" | "active" | "name">>,
): Promise<ApiKeyRow | undefined> {
  return orm(d1)
    .update(apiKeys)
    .set(patch)
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning()
    .get();
}

/** Revokes a key for good (again: keeps the first revocation time). */
export async function revokeKey(d1: D1Database, id: string, now: string): Promise<ApiKeyRow | undefined> {
  return orm(d1)
    .update(apiKeys)
    .set({ active: false, revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${now})` })
    .where(eq(apiKeys.id, id))
    .returning()
    .get();
}

/** What a key has against its caps: active subscriptions and feeds. */
export async function keyHoldings(d1: D1Database, keyId: string): Promise<{ subscriptions: number; feeds: number }> {
  const row = await d1
    .prepare(
      `SELECT (SELECT count(*) FROM webhooks WHERE api_key_id = ?1 AND active = 1) AS subscriptions,
              (SELECT count(*) FROM feeds WHERE api_key_id = ?1) AS feeds`,
    )
    .bind(keyId)
    .first<{ subscriptions: number; feeds: number }>();
  return row ?? { subscriptions: 0, feeds: 0 };
}
