// SQL of small shared state (table ingest_state): named locks with an expiry, the daily upstream
// request count, and the demo source's job counter. One statement each, so concurrent callers never
// race.

/**
 * Takes the named lock unless someone else holds an unexpired one. One statement, so two runs
 * racing for it cannot both win. A crashed holder's lock expires after `ttlMs`.
 */
export async function acquireLock(db: D1Database, name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
  const row = await db
    .prepare(
      `INSERT INTO ingest_state (key, value, expires_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at WHERE ingest_state.expires_at < ?4
       RETURNING value`,
    )
    .bind(name, holder, nowMs + ttlMs, nowMs)
    .first<{ value: string }>();
  return row?.value === holder;
}

export async function releaseLock(db: D1Database, name: string, holder: string): Promise<void> {
  await db.prepare("DELETE FROM ingest_state WHERE key = ?1 AND value = ?2").bind(name, holder).run();
}

/** Adds `n` to today's upstream request count and returns the new total. */
export async function countRequests(db: D1Database, day: string, n: number): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO ingest_state (key, value) VALUES (?1, ?2)
       ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + ?2 RETURNING CAST(value AS INTEGER) AS total`,
    )
    .bind(`requests:${day}`, n)
    .first<{ total: number }>();
  return row?.total ?? n;
}

/**
 * Claims the demo source's next range of job numbers: the first claim takes `backlog`, every later
 * one `perRun` more. Returns the end of the range claimed (exclusive).
 */
export async function claimDemoRange(db: D1Database, backlog: number, perRun: number): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO ingest_state (key, value) VALUES ('demo:counter', ?1)
       ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + ?2 RETURNING CAST(value AS INTEGER) AS end`,
    )
    .bind(String(backlog), perRun)
    .first<{ end: number }>();
  return row!.end;
}
