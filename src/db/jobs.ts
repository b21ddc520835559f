// Data access for jobs: list with a filter and a keyset cursor, the newest received, a filter's
// preview counts, category counts, get one, its history, upsert many.
import { and, desc, eq, sql } from "drizzle-orm";
import type { CategoryCount } from "../jobs/categories";
import type { JobCursor } from "../jobs/cursor";
import type { JobFilter } from "../jobs/filter";
import { filterToSql } from "../jobs/filter-sql";
import { type Job, type JobView, jobViewOf } from "../jobs/model";
import { orm } from "./client";
import { jobs } from "./schema";

export interface JobPage {
  jobs: JobView[];
  /** Position of the last job when more jobs follow, else null. */
  next: JobCursor | null;
}

export async function listJobs(d1: D1Database, filter: JobFilter, limit: number, after?: JobCursor): Promise<JobPage> {
  const rows = await orm(d1)
    .select({ doc: jobs.doc, firstSeen: jobs.firstSeen, postedOn: jobs.postedOn, id: jobs.id })
    .from(jobs)
    .where(and(filterToSql(filter), after ? sql`(${jobs.postedOn}, ${jobs.id}) < (${after.postedOn}, ${after.id})` : undefined))
    .orderBy(desc(jobs.postedOn), desc(jobs.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    jobs: page.map((r) => jobViewOf(r.doc, r.firstSeen)),
    next: rows.length > limit && last ? { postedOn: last.postedOn, id: last.id } : null,
  };
}

/** The newest jobs this deployment received that match `filter` (feeds, filter previews), newest first. */
export async function newestReceivedJobs(d1: D1Database, filter: JobFilter, limit: number): Promise<JobView[]> {
  const rows = await orm(d1)
    .select({ doc: jobs.doc, firstSeen: jobs.firstSeen })
    .from(jobs)
    .where(filterToSql(filter))
    .orderBy(desc(jobs.firstSeen), desc(jobs.seq))
    .limit(limit);
  return rows.map((r) => jobViewOf(r.doc, r.firstSeen));
}

/** What a filter preview reads: how many of the newest received jobs were examined, and which of them matched. */
export interface PreviewSample {
  examined: number;
  /** received_at of the oldest job examined. */
  oldest: string | null;
  /** Matches received since each instant of `counting`, among the examined jobs. */
  counts: number[];
  /** The newest matches (at most `keep`). */
  newest: JobView[];
}

/**
 * Tests `filter` on at most `examine` of the newest jobs received since `since`, so a preview costs
 * the same whatever the filter (docs/api.md#filter-preview). The examined jobs and every column a
 * filter compares come from one index (jobs_received_filters, migrations/0011), so only the `keep`
 * newest matches open their rows.
 */
export async function previewSample(
  d1: D1Database,
  filter: JobFilter,
  opts: { since: string; counting: string[]; examine: number; keep: number },
): Promise<PreviewSample> {
  const where = filterToSql(filter) ?? sql`1`;
  const counted = sql.join(
    opts.counting.map((s) => sql`coalesce(sum(hit AND received_at >= ${s}), 0)`),
    sql`, `,
  );
  // MATERIALIZED reads the examined jobs once; `hit` is the filter's verdict on each (NULL counts as no).
  const row = await orm(d1).get<{ examined: number; oldest: string | null; counts: string; newest: string }>(sql`
    WITH recent AS MATERIALIZED (
      SELECT seq, first_seen AS received_at, (${where}) AS hit FROM jobs INDEXED BY jobs_received_filters
      WHERE first_seen >= ${opts.since} ORDER BY first_seen DESC LIMIT ${opts.examine}
    )
    SELECT count(*) AS examined, min(received_at) AS oldest, json_array(${counted}) AS counts,
           (SELECT json_group_array(json_array(doc, received_at)) FROM (
              SELECT jobs.doc, recent.received_at FROM recent CROSS JOIN jobs ON jobs.seq = recent.seq WHERE recent.hit
              ORDER BY recent.received_at DESC, recent.seq DESC LIMIT ${opts.keep})) AS newest
    FROM recent`);
  const newest = JSON.parse(row?.newest ?? "[]") as [string, string][];
  return {
    examined: row?.examined ?? 0,
    oldest: row?.oldest ?? null,
    counts: JSON.parse(row?.counts ?? "[]") as number[],
    newest: newest.map(([doc, receivedAt]) => jobViewOf(doc, receivedAt)),
  };
}

/**
 * Stored jobs per (category group, category) with the names they carry and how many are open. The
 * counts come from the jobs_categories index (migrations/0012) alone; the names from one job of each.
 */
export async function categoryCounts(d1: D1Database): Promise<CategoryCount[]> {
  const { results } = await d1
    .prepare(
      `WITH counted AS (
         SELECT category_group_slug AS group_slug, category_slug AS slug, sum(status = 1) AS open_jobs, max(seq) AS seq
         FROM jobs GROUP BY category_group_slug, category_slug
       )
       SELECT counted.group_slug, counted.slug, counted.open_jobs,
              json_extract(jobs.doc, '$.category.group') AS "group", json_extract(jobs.doc, '$.category.name') AS name
       FROM counted JOIN jobs ON jobs.seq = counted.seq`,
    )
    .all<CategoryCount>();
  return results;
}

export async function getJob(d1: D1Database, id: string): Promise<JobView | undefined> {
  const row = await orm(d1).select({ doc: jobs.doc, firstSeen: jobs.firstSeen }).from(jobs).where(eq(jobs.id, id)).get();
  return row ? jobViewOf(row.doc, row.firstSeen) : undefined;
}

/** A job's recorded changes, newest first (table `job_changes`, written by a trigger: migrations/0010); null when no such job. */
export async function jobHistory(d1: D1Database, id: string): Promise<{ at: string; changes: string }[] | null> {
  const [job, changes] = await d1.batch<{ at: string; changes: string }>([
    d1.prepare("SELECT 1 AS at, '' AS changes FROM jobs WHERE id = ?1").bind(id),
    d1.prepare("SELECT at, changes FROM job_changes WHERE job_id = ?1 ORDER BY id DESC").bind(id),
  ]);
  return job!.results.length ? changes!.results : null;
}

/** The stored row of a job: the document plus the columns filters query. */
export function jobToRow(job: Job, now: string) {
  const skillTerms = [...new Set(job.skills.map((s) => s.toLowerCase()))];
  const tagTerms = [...new Set(job.tags.map((t) => t.toLowerCase()))];
  return {
    id: job.id,
    posted_on: job.posted_on,
    status: job.status,
    job_type: job.job_type,
    contractor_tier: job.contractor_tier,
    category_slug: job.category.slug,
    category_group_slug: job.category.group_slug,
    engagement: job.engagement,
    is_private: job.is_private ? 1 : 0,
    fixed_amount: job.job_type === 2 ? job.budget.fixed_amount : null,
    hourly_min: job.hourly_budget?.min ?? null,
    hourly_max: job.hourly_budget?.max ?? null,
    payment_verified: job.buyer.payment_verified ? 1 : 0,
    country: job.buyer.country,
    total_spent: job.buyer.total_spent,
    jobs_with_hires: job.buyer.total_jobs_with_hires,
    total_applicants: job.client_activity.total_applicants,
    skill_terms: JSON.stringify(skillTerms),
    tag_terms: JSON.stringify(tagTerms),
    search_skills: job.skills.join(" "),
    search_tags: job.tags.join(" "),
    title: job.title,
    description: job.description,
    doc: JSON.stringify(job),
    first_seen: now,
    last_seen: now,
    updated_at: now,
  };
}

type JobRowInput = ReturnType<typeof jobToRow>;
const COLUMNS = Object.keys(jobToRow(placeholderJob(), "")) as (keyof JobRowInput)[];
const CONTENT_COLUMNS = COLUMNS.filter((c) => c !== "id" && c !== "first_seen" && c !== "last_seen" && c !== "updated_at");

// Rows travel as one JSON parameter per statement (json_each), so a statement carries hundreds of
// jobs while staying far under D1's 100-bound-parameter limit. Column names are constants above.
const SELECT_ROWS = `SELECT ${COLUMNS.map((c) => `json_extract(value, '$.${c}') AS ${c}`).join(", ")} FROM json_each(?1)`;
// The WHERE clauses look at one or two fields per row, so the other columns are extracted only for
// rows that are really new or really changed (a re-scrape is mostly unchanged jobs).
const INSERT_NEW = `INSERT INTO jobs (${COLUMNS.join(", ")}) ${SELECT_ROWS}
  WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = json_extract(value, '$.id')) ON CONFLICT (id) DO NOTHING RETURNING id`;
const UPDATE_CHANGED = `UPDATE jobs SET ${CONTENT_COLUMNS.map((c) => `${c} = r.${c}`).join(", ")}, last_seen = r.last_seen, updated_at = r.updated_at
  FROM (${SELECT_ROWS} WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.id = json_extract(value, '$.id') AND j.doc IS NOT json_extract(value, '$.doc'))) AS r
  WHERE jobs.id = r.id AND jobs.doc IS NOT r.doc RETURNING jobs.id`;
// Rows just inserted or updated already carry last_seen = now: only unchanged ones are rewritten.
const TOUCH_SEEN = `UPDATE jobs SET last_seen = ?2 WHERE id IN (SELECT value FROM json_each(?1)) AND last_seen IS NOT ?2`;

/** Bytes of JSON per statement: well under D1's 2 MB value limit. */
const CHUNK_BYTES = 900_000;

export interface UpsertResult {
  /** Jobs stored for the first time by this call (exactly once per job, even under concurrent calls). */
  inserted: string[];
  /** Existing jobs whose content changed. */
  updated: string[];
  /** Existing jobs seen again unchanged. */
  unchanged: number;
  statements: number;
}

/** Inserts new jobs and updates changed ones in place (keeping first_seen), in as few statements as fit. */
export async function upsertJobs(d1: D1Database, list: Job[], now: string): Promise<UpsertResult> {
  const result: UpsertResult = { inserted: [], updated: [], unchanged: 0, statements: 0 };
  const byId = new Map(list.map((j) => [j.id, j])); // last one wins within a call
  let chunk: string[] = [];
  let ids: string[] = [];
  let size = 0;
  const flush = async () => {
    if (!chunk.length) return;
    const json = `[${chunk.join(",")}]`;
    const ins = d1.prepare(INSERT_NEW).bind(json);
    const upd = d1.prepare(UPDATE_CHANGED).bind(json);
    // Only the ids: no need to parse the rows a third time.
    const touch = d1.prepare(TOUCH_SEEN).bind(JSON.stringify(ids), now);
    // One batch is one atomic transaction; INSERT runs first, so a job is "inserted" by exactly one call.
    const [a, b] = await d1.batch<{ id: string }>([ins, upd, touch]);
    const inserted = a!.results.map((r) => r.id);
    const updated = b!.results.map((r) => r.id);
    result.inserted.push(...inserted);
    result.updated.push(...updated);
    result.unchanged += chunk.length - inserted.length - updated.length;
    result.statements += 3;
    chunk = [];
    ids = [];
    size = 0;
  };
  for (const job of byId.values()) {
    const row = JSON.stringify(jobToRow(job, now));
    if (size + row.length > CHUNK_BYTES) await flush();
    chunk.push(row);
    ids.push(job.id);
    size += row.length + 1;
  }
  await flush();
  return result;
}

function placeholderJob(): Job {
  return {
    id: "",
    title: "",
    description: "",
    url: "",
    posted_on: "",
    last_visited_at: "",
    job_type: 1,
    status: 1,
    contractor_tier: 1,
    category: { name: "", slug: "", group: "", group_slug: "" },
    budget: { fixed_amount: null, currency: "USD" },
    hourly_budget: null,
    buyer: {
      payment_verified: false,
      country: null,
      city: null,
      timezone: null,
      total_spent: 0,
      total_assignments: 0,
      total_jobs_with_hires: 0,
    },
    skills: [],
    tags: [],
    client_activity: {
      total_applicants: 0,
      total_hired: 0,
      total_invited_to_interview: 0,
      unanswered_invites: 0,
      invitations_sent: 0,
      last_buyer_activity: null,
    },
    duration_label: "",
    engagement: "",
    is_private: false,
    privacy_reason: "",
  };
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

/**
 * What the detail refresh learnt: `found` jobs exist (their count of "not found" answers restarts),
 * `missing` ones were not found. A job not found twice in a row is closed. Returns the ids closed.
 */
export async function recordDetailChecks(d1: D1Database, found: string[], missing: string[], now: string): Promise<string[]> {
  if (!found.length && !missing.length) return [];
  const [, , closed] = await d1.batch<{ id: string }>([
    d1
      .prepare("UPDATE jobs SET detail_misses = 0 WHERE id IN (SELECT value FROM json_each(?1)) AND detail_misses > 0")
      .bind(JSON.stringify(found)),
    d1
      .prepare("UPDATE jobs SET detail_misses = detail_misses + 1 WHERE id IN (SELECT value FROM json_each(?1))")
      .bind(JSON.stringify(missing)),
    d1
      .prepare(
        `UPDATE jobs SET status = 2, doc = json_set(doc, '$.status', 2), updated_at = ?2
         WHERE id IN (SELECT value FROM json_each(?1)) AND detail_misses >= 2 AND status = 1 RETURNING id`,
      )
      .bind(JSON.stringify(missing), now),
  ]);
  return closed!.results.map((r) => r.id);
}
