// A freelancer search (keywords, filters, sort, page) → the two SQL statements that answer it: one
// page of documents and the total count. Values are always bound parameters; lists travel as one
// JSON parameter (json_each) so no request can exceed D1's 100-parameter limit.
import { sql, type SQL } from "drizzle-orm";
import { toFtsMatch, type KeywordQuery } from "../jobs/keyword";

export const SORTS = ["relevance", "hourly_rate", "job_success", "earnings"] as const;
export type Sort = (typeof SORTS)[number];
export type Order = "asc" | "desc";

/** Direction used when `order` is not given: cheapest first, best score and highest earnings first. */
export const DEFAULT_ORDER: Record<Exclude<Sort, "relevance">, Order> = {
  hourly_rate: "asc",
  job_success: "desc",
  earnings: "desc",
};

export interface FreelancerQuery {
  keywords?: KeywordQuery;
  /** ISO-2 codes, and lower-cased names we could not map to a code. */
  country?: { codes: string[]; names: string[] };
  hourly_rate_min?: number;
  hourly_rate_max?: number;
  /** Lower-cased skill names. */
  skills?: string[];
  skills_match: "any" | "all";
  /** 0-1 fraction. */
  min_job_success?: number;
  top_rated?: boolean;
  sort: Sort;
  order?: Order;
  page: number;
  per_page: number;
}

/** bm25 column weights (name, title, description, skills): a hit in the title or skills says more than one in a long description. */
const BM25 = sql.raw("bm25(freelancers_fts, 2.0, 4.0, 1.0, 3.0)");

function conditions(q: FreelancerQuery, exclude: string | undefined): SQL[] {
  const c: SQL[] = [];
  if (q.country) {
    const { codes, names } = q.country;
    c.push(
      sql`(f.country_code IN (SELECT value FROM json_each(${JSON.stringify(codes)})) OR lower(f.country) IN (SELECT value FROM json_each(${JSON.stringify(names)})))`,
    );
  }
  if (q.hourly_rate_min !== undefined) c.push(sql`f.hourly_rate >= ${q.hourly_rate_min}`);
  if (q.hourly_rate_max !== undefined) c.push(sql`f.hourly_rate <= ${q.hourly_rate_max}`);
  if (q.skills?.length) {
    const terms = JSON.stringify(q.skills);
    c.push(
      q.skills_match === "all"
        ? sql`f.seq IN (SELECT freelancer_seq FROM freelancer_skills WHERE term IN (SELECT value FROM json_each(${terms})) GROUP BY freelancer_seq HAVING count(*) = ${q.skills.length})`
        : sql`f.seq IN (SELECT freelancer_seq FROM freelancer_skills WHERE term IN (SELECT value FROM json_each(${terms})))`,
    );
  }
  // Hidden or unknown scores cannot be shown to pass a minimum, so they never match one.
  if (q.min_job_success !== undefined) c.push(sql`f.job_success >= ${q.min_job_success}`);
  if (q.top_rated !== undefined) c.push(q.top_rated ? sql`f.badge >= 1` : sql`f.badge = 0`);
  if (exclude) c.push(sql`f.seq NOT IN (SELECT rowid FROM freelancers_fts WHERE freelancers_fts MATCH ${exclude})`);
  return c;
}

const SORT_COLUMN: Record<Exclude<Sort, "relevance">, SQL> = {
  hourly_rate: sql.raw("f.hourly_rate"),
  job_success: sql.raw("f.job_success"),
  earnings: sql.raw("f.total_earnings"),
};

/**
 * ORDER BY for a query. Every order ends with `f.seq`, unique, so a fixed data set always pages the
 * same way (no duplicates or gaps across pages). Missing values (no rate, hidden score) sort last.
 */
function orderBy(q: FreelancerQuery, ranked: boolean): SQL {
  if (q.sort === "relevance") return ranked ? sql`${BM25}, f.seq` : sql`f.seq`;
  const column = SORT_COLUMN[q.sort];
  const order = q.order ?? DEFAULT_ORDER[q.sort];
  // SQLite sorts NULL lowest: DESC already puts it last; ASC needs NULLS LAST.
  return order === "desc" ? sql`${column} DESC, f.seq DESC` : sql`${column} ASC NULLS LAST, f.seq ASC`;
}

export interface SearchStatements {
  page: SQL;
  count: SQL;
}

export function searchStatements(q: FreelancerQuery): SearchStatements {
  const { include, exclude } = q.keywords ? toFtsMatch(q.keywords) : {};
  const where = conditions(q, exclude);
  const offset = (q.page - 1) * q.per_page;
  if (include) {
    const all = sql.join([sql`freelancers_fts MATCH ${include}`, ...where], sql` AND `);
    const from = sql`freelancers_fts JOIN freelancers f ON f.seq = freelancers_fts.rowid`;
    return {
      page: sql`SELECT f.doc AS doc FROM ${from} WHERE ${all} ORDER BY ${orderBy(q, true)} LIMIT ${q.per_page} OFFSET ${offset}`,
      count: sql`SELECT count(*) AS n FROM ${from} WHERE ${all}`,
    };
  }
  const filter = where.length ? sql` WHERE ${sql.join(where, sql` AND `)}` : sql``;
  return {
    page: sql`SELECT f.doc AS doc FROM freelancers f${filter} ORDER BY ${orderBy(q, false)} LIMIT ${q.per_page} OFFSET ${offset}`,
    count: sql`SELECT count(*) AS n FROM freelancers f${filter}`,
  };
}
