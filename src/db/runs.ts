// SQL of the ingestion run log (table scrape_runs): one row per run, for GET /admin/runs and /health.
import type { ScrapeRun } from "../ingest/types";

type RunRow = Omit<ScrapeRun, "skip_reasons" | "searches"> & { skip_reasons: string; searches: string };

const toRun = (row: RunRow): ScrapeRun => ({
  ...row,
  skip_reasons: JSON.parse(row.skip_reasons) as ScrapeRun["skip_reasons"],
  searches: JSON.parse(row.searches) as ScrapeRun["searches"],
});

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
         closed = ?9, deleted = ?10, skipped = ?11, skip_reasons = ?12, requests = ?13, error = ?14, searches = ?15 WHERE id = ?1`,
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
      JSON.stringify(run.searches),
    )
    .run();
}

export async function listRuns(db: D1Database, limit: number): Promise<ScrapeRun[]> {
  const { results } = await db.prepare("SELECT * FROM scrape_runs ORDER BY started_at DESC, id DESC LIMIT ?1").bind(limit).all<RunRow>();
  return results.map(toRun);
}
