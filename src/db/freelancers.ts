// Data access for freelancer profiles: search (one D1 round trip for page + total) and upsert by ciphertext.

import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Freelancer } from "../freelancers/model";
import { type FreelancerQuery, searchStatements } from "../freelancers/query";
import { countryCode } from "../lib/countries";

const dialect = new SQLiteSyncDialect();

function prepare(d1: D1Database, query: SQL): D1PreparedStatement {
  const { sql, params } = dialect.sqlToQuery(query);
  return d1.prepare(sql).bind(...params);
}

export interface FreelancerPage {
  freelancers: Freelancer[];
  total: number;
}

export async function searchFreelancers(d1: D1Database, q: FreelancerQuery): Promise<FreelancerPage> {
  const { page, count } = searchStatements(q);
  if (!count) {
    const { results } = await prepare(d1, page).all<{ doc: string | null; total: number }>();
    return {
      freelancers: results.flatMap((r) => (r.doc === null ? [] : [JSON.parse(r.doc) as Freelancer])),
      total: results[0]?.total ?? 0,
    };
  }
  const [rows, counted] = await d1.batch<{ doc?: string; n?: number }>([prepare(d1, page), prepare(d1, count)]);
  return {
    freelancers: rows!.results.map((r) => JSON.parse(r.doc!) as Freelancer),
    total: counted!.results[0]?.n ?? 0,
  };
}

/** The stored row of a profile: filter columns (table `freelancers`) and document columns (`freelancer_docs`). */
function freelancerToRow(f: Freelancer, now: string) {
  return {
    ciphertext: f.ciphertext,
    country_code: countryCode(f.country) ?? null,
    country_key: f.country?.toLowerCase() ?? null,
    hourly_rate: f.hourly_rate === null ? null : Number(f.hourly_rate),
    job_success: f.job_success_score,
    total_earnings: f.total_earnings,
    badge: f.top_rated_plus ? 2 : f.top_rated ? 1 : 0,
    name: f.name,
    title: f.title,
    description: f.description,
    search_skills: f.skills.join(" "),
    skill_terms: JSON.stringify([...new Set(f.skills.map((s) => s.toLowerCase()))]),
    doc: JSON.stringify(f),
    now,
  };
}

type Row = ReturnType<typeof freelancerToRow>;
const FILTER_COLUMNS: (keyof Row)[] = ["country_code", "country_key", "hourly_rate", "job_success", "total_earnings", "badge"];
const DOC_COLUMNS: (keyof Row)[] = ["name", "title", "description", "search_skills", "skill_terms", "doc"];
const ALL_COLUMNS: (keyof Row)[] = ["ciphertext", ...FILTER_COLUMNS, ...DOC_COLUMNS, "now"];

// Rows travel as one JSON parameter per statement (json_each), as in db/jobs.ts: hundreds of profiles
// per statement, far under D1's 100-bound-parameter limit. Column names are the constants above.
const ROWS = `(SELECT ${ALL_COLUMNS.map((c) => `json_extract(value, '$.${c}') AS ${c}`).join(", ")} FROM json_each(?1))`;
const ROWS_WITH_SEQ = `(SELECT f.seq AS seq, r.* FROM ${ROWS} AS r JOIN freelancers f ON f.ciphertext = r.ciphertext)`;
const INSERT_NEW = `INSERT INTO freelancers (ciphertext, ${FILTER_COLUMNS.join(", ")})
  SELECT ciphertext, ${FILTER_COLUMNS.join(", ")} FROM ${ROWS} WHERE true ON CONFLICT (ciphertext) DO NOTHING RETURNING ciphertext`;
const INSERT_DOCS = `INSERT INTO freelancer_docs (seq, ${DOC_COLUMNS.join(", ")}, first_seen, last_seen, updated_at)
  SELECT seq, ${DOC_COLUMNS.join(", ")}, now, now, now FROM ${ROWS_WITH_SEQ} WHERE true ON CONFLICT (seq) DO NOTHING`;
const UPDATE_DOCS = `UPDATE freelancer_docs SET ${DOC_COLUMNS.map((c) => `${c} = r.${c}`).join(", ")}, last_seen = r.now, updated_at = r.now
  FROM ${ROWS_WITH_SEQ} AS r WHERE freelancer_docs.seq = r.seq AND freelancer_docs.doc IS NOT r.doc RETURNING freelancer_docs.seq`;
const UPDATE_FILTERS = `UPDATE freelancers SET ${FILTER_COLUMNS.map((c) => `${c} = r.${c}`).join(", ")}
  FROM ${ROWS} AS r WHERE freelancers.ciphertext = r.ciphertext AND (${FILTER_COLUMNS.map((c) => `freelancers.${c} IS NOT r.${c}`).join(" OR ")})`;
const TOUCH_SEEN = `UPDATE freelancer_docs SET last_seen = ?2 WHERE seq IN (SELECT seq FROM ${ROWS_WITH_SEQ})`;

const CHUNK_BYTES = 900_000;

export interface FreelancerUpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Inserts new profiles and updates changed ones in place (keeping first_seen); duplicates by ciphertext collapse (last wins). */
export async function upsertFreelancers(d1: D1Database, list: Freelancer[], now: string): Promise<FreelancerUpsertResult> {
  const result: FreelancerUpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
  const byCiphertext = new Map(list.map((f) => [f.ciphertext, f]));
  let chunk: string[] = [];
  let size = 0;
  const flush = async () => {
    if (!chunk.length) return;
    const json = `[${chunk.join(",")}]`;
    // One batch is one atomic transaction: INSERT first, so a profile counts as new exactly once.
    const [a, , b] = await d1.batch([
      d1.prepare(INSERT_NEW).bind(json),
      d1.prepare(INSERT_DOCS).bind(json),
      d1.prepare(UPDATE_DOCS).bind(json),
      d1.prepare(UPDATE_FILTERS).bind(json),
      d1.prepare(TOUCH_SEEN).bind(json, now),
    ]);
    const inserted = a!.results.length;
    const updated = b!.results.length;
    result.inserted += inserted;
    result.updated += updated;
    result.unchanged += chunk.length - inserted - updated;
    chunk = [];
    size = 0;
  };
  for (const f of byCiphertext.values()) {
    const row = JSON.stringify(freelancerToRow(f, now));
    if (size + row.length > CHUNK_BYTES) await flush();
    chunk.push(row);
    size += row.length + 1;
  }
  await flush();
  return result;
}

export interface SearchRefreshRecord {
  query: string;
  refreshedAt: string;
  fetched: number;
  new: number;
  updated: number;
  error: string | null;
}

/** When each configured search of `source` was last refreshed (table freelancer_searches). */
export async function searchRefreshTimes(d1: D1Database, source: string): Promise<Map<string, string>> {
  const { results } = await d1
    .prepare("SELECT query, refreshed_at FROM freelancer_searches WHERE source = ?1")
    .bind(source)
    .all<{ query: string; refreshed_at: string }>();
  return new Map(results.map((r) => [r.query, r.refreshed_at]));
}

export async function recordSearchRefresh(d1: D1Database, source: string, r: SearchRefreshRecord): Promise<void> {
  await d1
    .prepare(
      `INSERT INTO freelancer_searches (source, query, refreshed_at, fetched, new, updated, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
       ON CONFLICT (source, query) DO UPDATE SET refreshed_at = excluded.refreshed_at, fetched = excluded.fetched,
         new = excluded.new, updated = excluded.updated, error = excluded.error`,
    )
    .bind(source, r.query, r.refreshedAt, r.fetched, r.new, r.updated, r.error)
    .run();
}
