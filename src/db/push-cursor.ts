// SQL of the push cursor (table `push_cursor`): how far (jobs.seq) stored jobs have been matched
// against subscriptions, so a run that crashed between storing and matching is caught up by the next.

export interface NewJobRow {
  seq: number;
  doc: string;
}

/**
 * Where matching stands. Never after the first of `newIds` (jobs stored for the first time by this
 * run): if retention ever emptied the table, SQLite reuses rowids, and those jobs must not be skipped.
 * On first use with no new ids, start at the newest job (no backlog is pushed).
 */
export async function readCursor(d1: D1Database, newIds: string[]): Promise<number> {
  const r = await d1
    .prepare(
      `SELECT (SELECT seq FROM push_cursor WHERE name = 'jobs') AS stored,
              (SELECT min(seq) - 1 FROM jobs WHERE id IN (SELECT value FROM json_each(?1))) AS start,
              (SELECT max(seq) FROM jobs) AS newest`,
    )
    .bind(JSON.stringify(newIds))
    .first<{ stored: number | null; start: number | null; newest: number | null }>();
  const { stored = null, start = null, newest = null } = r ?? {};
  if (stored !== null && start !== null) return Math.min(stored, start);
  return stored ?? start ?? newest ?? 0;
}

export async function jobsAfter(d1: D1Database, seq: number, limit: number): Promise<NewJobRow[]> {
  const r = await d1.prepare("SELECT seq, doc FROM jobs WHERE seq > ? ORDER BY seq LIMIT ?").bind(seq, limit).all<NewJobRow>();
  return r.results;
}

export async function advanceCursor(d1: D1Database, seq: number): Promise<void> {
  await d1
    .prepare("INSERT INTO push_cursor (name, seq) VALUES ('jobs', ?1) ON CONFLICT (name) DO UPDATE SET seq = max(seq, excluded.seq)")
    .bind(seq)
    .run();
}
