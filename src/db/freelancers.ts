// Data access for freelancer profiles: search (one D1 round trip for page + total) and upsert by ciphertext.
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { SQL } from "drizzle-orm";
import { countryCode } from "../freelancers/countries";
import type { Freelancer } from "../freelancers/model";
import { searchStatements, type FreelancerQuery } from "../freelancers/query";

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
  const [rows, counted] = await d1.batch<{ doc?: string; n?: number }>([prepare(d1, page), prepare(d1, count)]);
  return {
    freelancers: rows!.results.map((r) => JSON.parse(r.doc!) as Freelancer),
    total: counted!.results[0]?.n ?? 0,
  };
}

/** The stored row of a profile: the document plus the columns filters, sorts and search read. */
export function freelancerToRow(f: Freelancer, now: string) {
  return {
    ciphertext: f.ciphertext,
    name: f.name,
    title: f.title,
    description: f.description,
    search_skills: f.skills.join(" "),
    skill_terms: JSON.stringify([...new Set(f.skills.map((s) => s.toLowerCase()))]),
    country: f.country,
    country_code: countryCode(f.country) ?? null,
    hourly_rate: f.hourly_rate === null ? null : Number(f.hourly_rate),
    job_success: f.job_success_score,
    total_earnings: f.total_earnings,
    badge: f.top_rated_plus ? 2 : f.top_rated ? 1 : 0,
    doc: JSON.stringify(f),
    first_seen: now,
    last_seen: now,
    updated_at: now,
  };
}

type Row = ReturnType<typeof freelancerToRow>;
const COLUMNS: (keyof Row)[] = [
  "ciphertext", "name", "title", "description", "search_skills", "skill_terms", "country", "country_code",
  "hourly_rate", "job_success", "total_earnings", "badge", "doc", "first_seen", "last_seen", "updated_at",
];
const CONTENT_COLUMNS = COLUMNS.filter((c) => !["ciphertext", "first_seen", "last_seen", "updated_at"].includes(c));

// Rows travel as one JSON parameter per statement (json_each), as in db/jobs.ts: hundreds of profiles
// per statement, far under D1's 100-bound-parameter limit. Column names are the constants above.
const SELECT_ROWS = `SELECT ${COLUMNS.map((c) => `json_extract(value, '$.${c}') AS ${c}`).join(", ")} FROM json_each(?1)`;
const INSERT_NEW = `INSERT INTO freelancers (${COLUMNS.join(", ")}) ${SELECT_ROWS} WHERE true ON CONFLICT (ciphertext) DO NOTHING RETURNING ciphertext`;
const UPDATE_CHANGED = `UPDATE freelancers SET ${CONTENT_COLUMNS.map((c) => `${c} = r.${c}`).join(", ")}, last_seen = r.last_seen, updated_at = r.updated_at
  FROM (${SELECT_ROWS}) AS r WHERE freelancers.ciphertext = r.ciphertext AND freelancers.doc IS NOT r.doc RETURNING freelancers.ciphertext`;
const TOUCH_SEEN = `UPDATE freelancers SET last_seen = ?2 WHERE ciphertext IN (SELECT json_extract(value, '$.ciphertext') FROM json_each(?1))`;

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
    const [a, b] = await d1.batch([d1.prepare(INSERT_NEW).bind(json), d1.prepare(UPDATE_CHANGED).bind(json), d1.prepare(TOUCH_SEEN).bind(json, now)]);
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
