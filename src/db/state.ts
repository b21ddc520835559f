// SQL of small shared state (table ingest_state): named locks with an expiry, the demo source's job
// counter and the poller's published state. One statement each, so concurrent callers never
// race.
import type { PollerState } from "../ingest/types";

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

/** Where the poller publishes its state (read back with the source's health, db/source-health.ts). */
export const POLLER_STATE_KEY = "poller:state";

/** The poller's state as the Durable Object last published it, for readers that should not wake it (/health). */
export async function writePollerState(db: D1Database, state: PollerState): Promise<void> {
  await writeValue(db, POLLER_STATE_KEY, JSON.stringify(state));
}

/** The demo source's previous poll tick: stores `now` and returns the time it replaces (null the first time). */
export async function swapDemoPollTime(db: D1Database, now: number): Promise<number | null> {
  const [before] = await db.batch<{ value: string }>([
    db.prepare("SELECT value FROM ingest_state WHERE key = 'demo:last-poll'"),
    db
      .prepare("INSERT INTO ingest_state (key, value) VALUES ('demo:last-poll', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .bind(String(now)),
  ]);
  const value = before!.results[0]?.value;
  return value === undefined ? null : Number(value);
}

/** A small named value (null when unset). */
export async function readValue(db: D1Database, key: string): Promise<string | null> {
  const row = await db.prepare("SELECT value FROM ingest_state WHERE key = ?1").bind(key).first<{ value: string }>();
  return row?.value ?? null;
}

export async function writeValue(db: D1Database, key: string, value: string): Promise<void> {
  await db
    .prepare("INSERT INTO ingest_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .bind(key, value)
    .run();
}

export async function deleteValue(db: D1Database, key: string): Promise<void> {
  await db.prepare("DELETE FROM ingest_state WHERE key = ?1").bind(key).run();
}
