// SQL of the Upwork OAuth2 token pair (table upwork_tokens): one row per client id, the newest pair.

export interface StoredTokens {
  access_token: string | null;
  refresh_token: string;
  /** Epoch ms; 0 = refresh before use. */
  expires_at: number;
  /** SHA-256 of the UPWORK_REFRESH_TOKEN this pair descends from. */
  seed_hash: string;
}

export async function loadTokens(db: D1Database, clientId: string): Promise<StoredTokens | null> {
  return db
    .prepare("SELECT access_token, refresh_token, expires_at, seed_hash FROM upwork_tokens WHERE client_id = ?1")
    .bind(clientId)
    .first<StoredTokens>();
}

/** Starts a new chain from the configured refresh token (no access token yet). */
export async function resetTokens(db: D1Database, clientId: string, refreshToken: string, seedHash: string, now: string): Promise<void> {
  await db
    .prepare(
      `INSERT INTO upwork_tokens (client_id, access_token, refresh_token, expires_at, seed_hash, updated_at) VALUES (?1, NULL, ?2, 0, ?3, ?4)
       ON CONFLICT (client_id) DO UPDATE SET access_token = NULL, refresh_token = ?2, expires_at = 0, seed_hash = ?3, updated_at = ?4`,
    )
    .bind(clientId, refreshToken, seedHash, now)
    .run();
}

export async function saveTokens(db: D1Database, clientId: string, t: StoredTokens, now: string): Promise<void> {
  await db
    .prepare("UPDATE upwork_tokens SET access_token = ?2, refresh_token = ?3, expires_at = ?4, updated_at = ?5 WHERE client_id = ?1")
    .bind(clientId, t.access_token, t.refresh_token, t.expires_at, now)
    .run();
}
