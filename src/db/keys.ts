// Data access for API keys.
import { desc, eq } from "drizzle-orm";
import type { Db } from "./client";
import { type ApiKeyRow, apiKeys } from "./schema";

export async function findKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).get();
}

export async function insertKey(db: Db, row: ApiKeyRow): Promise<void> {
  await db.insert(apiKeys).values(row);
}

export async function listKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).all();
}

export async function getKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  return db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
}

export async function updateKey(
  db: Db,
  id: string,
  patch: Partial<Pick<ApiKeyRow, "tier" | "active" | "revokedAt" | "name">>,
): Promise<ApiKeyRow | undefined> {
  return db.update(apiKeys).set(patch).where(eq(apiKeys.id, id)).returning().get();
}
