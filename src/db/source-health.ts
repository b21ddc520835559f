// SQL of the source's health record (ingest_state 'source:health'), written by every run and poll
// tick: when upstream last answered, the last error, and how many attempts in a row failed. Each
// write is one statement, so overlapping runs and ticks never lose an update. Also what GET /health
// reads from D1, all in one round trip (readHealthFacts).
import type { PollerState } from "../ingest/types";
import { POLLER_STATE_KEY } from "./state";

export interface SourceOutcome {
  at: number;
  /** Everything went well. */
  ok: boolean;
  /** Upstream answered (with jobs or with nothing new), even if something after that failed. */
  answered: boolean;
  /** What went wrong (its class name and message are kept; never a secret), when not ok. */
  error: unknown;
}

interface SourceHealthRecord {
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

export interface HealthFacts {
  record: SourceHealthRecord;
  /** The poller's state as it last published it (null before its first tick). */
  poller: PollerState | null;
  /** When the last run that stored what it fetched (ok or partial) finished. */
  lastSuccessfulRun: string | null;
  /** Jobs received since `since`, and the p50 / p95 (nearest rank) of their lag in seconds, posted → received. */
  arrivals: { count: number; p50: number | null; p95: number | null };
}

// The lag percentiles are computed in SQLite, so /health reads three numbers, not every arrival of the hour.
const rank = (p: number) => `(SELECT lag FROM lags ORDER BY lag LIMIT 1 OFFSET max(0, ((SELECT c FROM n) * ${p} + 99) / 100 - 1))`;
const ARRIVALS_SQL = `WITH lags AS MATERIALIZED (SELECT max(0, unixepoch(first_seen) - unixepoch(posted_on)) AS lag FROM jobs WHERE first_seen >= ?1),
            n AS (SELECT count(*) AS c FROM lags)
       SELECT n.c AS count, CASE WHEN n.c > 0 THEN ${rank(50)} END AS p50, CASE WHEN n.c > 0 THEN ${rank(95)} END AS p95 FROM n`;

/** Everything GET /health reads from D1, in one batch (one round trip): docs/api.md#health. */
export async function readHealthFacts(db: D1Database, since: string): Promise<HealthFacts> {
  const [state, run, arrivals] = await db.batch<Record<string, unknown>>([
    db.prepare("SELECT key, value FROM ingest_state WHERE key IN (?1, ?2)").bind(KEY, POLLER_STATE_KEY),
    db.prepare("SELECT max(finished_at) AS at FROM scrape_runs WHERE status IN ('ok', 'partial')"),
    db.prepare(ARRIVALS_SQL).bind(since),
  ]);
  const values = new Map((state!.results as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  const poller = values.get(POLLER_STATE_KEY);
  return {
    record: parseRecord(values.get(KEY)),
    poller: poller === undefined ? null : (JSON.parse(poller) as PollerState),
    lastSuccessfulRun: (run!.results[0] as { at: string | null } | undefined)?.at ?? null,
    arrivals: (arrivals!.results[0] as HealthFacts["arrivals"] | undefined) ?? { count: 0, p50: null, p95: null },
  };
}

function parseRecord(value: string | undefined): SourceHealthRecord {
  const v = value === undefined ? {} : (JSON.parse(value) as Partial<SourceHealthRecord>);
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
