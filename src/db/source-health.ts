// SQL of the source's health record (ingest_state 'source:health'), written by every run and poll
// tick: when upstream last answered, the last error, and how many attempts in a row failed. Each
// write is one statement, so overlapping runs and ticks never lose an update.

export interface SourceOutcome {
  at: number;
  /** Everything went well. */
  ok: boolean;
  /** Upstream answered (with jobs or with nothing new), even if something after that failed. */
  answered: boolean;
  /** What went wrong (its class name and message are kept; never a secret), when not ok. */
  error: unknown;
}

export interface SourceHealthRecord {
  last_success_at: number | null;
  last_attempt_at: number | null;
  consecutive_failures: number;
  last_error: { class: string; message: string; at: number } | null;
}

const KEY = "source:health";

export async function recordSourceOutcome(db: D1Database, o: SourceOutcome): Promise<void> {
  const error = o.ok ? null : describeError(o.error);
  await db.batch([
    db
      .prepare("INSERT INTO ingest_state (key, value) VALUES (?1, json_object('consecutive_failures', 0)) ON CONFLICT (key) DO NOTHING")
      .bind(KEY),
    db
      .prepare(
        `UPDATE ingest_state SET value = json_set(value,
         '$.last_attempt_at', ?2,
         '$.last_success_at', CASE WHEN ?3 THEN ?2 ELSE json_extract(value, '$.last_success_at') END,
         '$.consecutive_failures', CASE WHEN ?4 THEN 0 ELSE coalesce(json_extract(value, '$.consecutive_failures'), 0) + 1 END,
         '$.last_error', CASE WHEN ?4 THEN json_extract(value, '$.last_error') ELSE json_object('class', ?5, 'message', ?6, 'at', ?2) END)
       WHERE key = ?1`,
      )
      .bind(KEY, o.at, o.answered ? 1 : 0, o.ok ? 1 : 0, error?.class ?? null, error?.message ?? null),
  ]);
}

export async function readSourceHealth(db: D1Database): Promise<SourceHealthRecord> {
  const row = await db.prepare("SELECT value FROM ingest_state WHERE key = ?1").bind(KEY).first<{ value: string }>();
  const v = row ? (JSON.parse(row.value) as Partial<SourceHealthRecord>) : {};
  return {
    last_success_at: v.last_success_at ?? null,
    last_attempt_at: v.last_attempt_at ?? null,
    consecutive_failures: v.consecutive_failures ?? 0,
    last_error: v.last_error ?? null,
  };
}

function describeError(err: unknown): { class: string; message: string } {
  if (err instanceof Error) return { class: err.constructor.name || err.name, message: err.message.slice(0, 500) };
  return { class: "Error", message: String(err ?? "unknown error").slice(0, 500) };
}
