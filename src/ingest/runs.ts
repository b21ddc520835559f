// D1 access for ingestion bookkeeping: the scrape_runs log, the run lock, the daily request count,
// retention and the detail-refresh candidates. Everything uses bound parameters.
import type { Job } from "../jobs/model";

export type RunStatus = "running" | "ok" | "partial" | "failed" | "skipped";

export interface ScrapeRun {
  id: number;
  source: string;
  trigger: "cron" | "admin";
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  fetched: number;
  new: number;
  updated: number;
  unchanged: number;
  refreshed: number;
  closed: number;
  deleted: number;
  skipped: number;
  skip_reasons: Record<string, number>;
  requests: number;
  error: string | null;
}

type RunRow = Omit<ScrapeRun, "skip_reasons"> & { skip_reasons: string };

const toRun = (row: RunRow): ScrapeRun => ({ ...row, skip_reasons: JSON.parse(row.skip_reasons) as Record<string, number> });

export async function insertRun(
  db: D1Database,
  source: string,
  trigger: ScrapeRun["trigger"],
  startedAt: string,
  staleBefore: string,
): Promise<number> {
  const [, inserted] = await db.batch<{ id: number }>([
    // A run still "running" long after the lock would have expired died with its Worker: say so.
    db
      .prepare(
        "UPDATE scrape_runs SET status = 'failed', error = 'the run stopped without finishing (Worker ended)' WHERE status = 'running' AND started_at < ?1",
      )
      .bind(staleBefore),
    db
      .prepare("INSERT INTO scrape_runs (source, trigger, status, started_at) VALUES (?1, ?2, 'running', ?3) RETURNING id")
      .bind(source, trigger, startedAt),
  ]);
  return inserted!.results[0]!.id;
}

export async function finishRun(db: D1Database, run: ScrapeRun): Promise<void> {
  await db
    .prepare(
      `UPDATE scrape_runs SET status = ?2, finished_at = ?3, fetched = ?4, new = ?5, updated = ?6, unchanged = ?7, refreshed = ?8,
         closed = ?9, deleted = ?10, skipped = ?11, skip_reasons = ?12, requests = ?13, error = ?14 WHERE id = ?1`,
    )
    .bind(
      run.id,
      run.status,
      run.finished_at,
      run.fetched,
      run.new,
      run.updated,
      run.unchanged,
      run.refreshed,
      run.closed,
      run.deleted,
      run.skipped,
      JSON.stringify(run.skip_reasons),
      run.requests,
      run.error,
    )
    .run();
}

export async function listRuns(db: D1Database, limit: number): Promise<ScrapeRun[]> {
  const { results } = await db.prepare("SELECT * FROM scrape_runs ORDER BY started_at DESC, id DESC LIMIT ?1").bind(limit).all<RunRow>();
  return results.map(toRun);
}

/** When the last run that stored what it fetched finished (ok or partial), for /health. */
export async function lastSuccessfulRun(db: D1Database): Promise<string | null> {
  const row = await db
    .prepare("SELECT max(finished_at) AS at FROM scrape_runs WHERE status IN ('ok', 'partial')")
    .first<{ at: string | null }>();
  return row?.at ?? null;
}

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

/** Which of `ids` are stored already (one statement, one JSON parameter). */
export async function knownIds(db: D1Database, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { results } = await db
    .prepare("SELECT id FROM jobs WHERE id IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify(ids))
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}

/** Open jobs to re-check with the detail query: least recently seen first (walks jobs_last_seen). */
export async function refreshCandidates(db: D1Database, limit: number): Promise<Job[]> {
  if (limit <= 0) return [];
  const { results } = await db
    .prepare("SELECT doc FROM jobs WHERE status = 1 ORDER BY last_seen ASC, posted_on ASC LIMIT ?1")
    .bind(limit)
    .all<{ doc: string }>();
  return results.map((r) => JSON.parse(r.doc) as Job);
}

/**
 * Retention: a job goes once it has not been seen upstream, or has been closed, for `days`; run
 * records older than that go too. Two indexed deletes rather than one OR (which would scan every
 * job on every run). The jobs_ad trigger removes a job's jobs_fts and job_terms rows with it.
 * Returns the number of jobs deleted (meta.changes would also count the trigger's rows).
 */
export async function deleteExpired(db: D1Database, cutoff: string): Promise<number> {
  const [unseen, closed] = await db.batch([
    db.prepare("DELETE FROM jobs WHERE last_seen < ?1 RETURNING seq").bind(cutoff),
    db.prepare("DELETE FROM jobs WHERE status = 2 AND updated_at < ?1 RETURNING seq").bind(cutoff),
    db.prepare("DELETE FROM scrape_runs WHERE started_at < ?1 AND status <> 'running'").bind(cutoff),
  ]);
  return unseen!.results.length + closed!.results.length;
}
