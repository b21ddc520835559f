// A freelancer search (keywords, filters, sort, page) → the two SQL statements that answer it: one
// page of documents and the total count. Values are always bound parameters; country lists travel as
// one JSON parameter (json_each) and skills are capped at 20, so no request nears D1's 100-parameter limit.
import { type SQL, sql } from "drizzle-orm";
import { type KeywordQuery, toFtsMatch } from "../jobs/keyword";

export const SORTS = ["relevance", "hourly_rate", "job_success", "earnings"] as const;
type Sort = (typeof SORTS)[number];
type Order = "asc" | "desc";

/** Direction used when `order` is not given: cheapest first, best score and highest earnings first. */
const DEFAULT_ORDER: Record<Exclude<Sort, "relevance">, Order> = {
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

/** Conditions on the narrow `freelancers f` table. */
function conditions(q: FreelancerQuery): SQL[] {
  const c: SQL[] = [];
  if (q.country) {
    const { codes, names } = q.country;
    const byCode = codes.length ? sql`f.country_code IN (SELECT value FROM json_each(${JSON.stringify(codes)}))` : undefined;
    const byName = names.length ? sql`f.country_key IN (SELECT value FROM json_each(${JSON.stringify(names)}))` : undefined;
    c.push(byCode && byName ? sql`(${byCode} OR ${byName})` : (byCode ?? byName)!);
  }
  if (q.hourly_rate_min !== undefined) c.push(sql`f.hourly_rate >= ${q.hourly_rate_min}`);
  if (q.hourly_rate_max !== undefined) c.push(sql`f.hourly_rate <= ${q.hourly_rate_max}`);
  if (q.skills?.length) {
    // One bound parameter per term (at most 20) so each lookup uses the (term, seq) primary key.
    const one = (term: string) => sql`SELECT freelancer_seq FROM freelancer_skills WHERE term = ${term}`;
    const seqs =
      q.skills_match === "all"
        ? sql.join(q.skills.map(one), sql` INTERSECT `)
        : sql`SELECT freelancer_seq FROM freelancer_skills WHERE term IN (${sql.join(
            q.skills.map((t) => sql`${t}`),
            sql`, `,
          )})`;
    c.push(sql`f.seq IN (${seqs})`);
  }
  // Hidden or unknown scores cannot be shown to pass a minimum, so they never match one.
  if (q.min_job_success !== undefined) c.push(sql`f.job_success >= ${q.min_job_success}`);
  if (q.top_rated !== undefined) c.push(q.top_rated ? sql`f.badge >= 1` : sql`f.badge = 0`);
  return c;
}

const SORT_COLUMN: Record<Exclude<Sort, "relevance">, SQL> = {
  hourly_rate: sql.raw("f.hourly_rate"),
  job_success: sql.raw("f.job_success"),
  earnings: sql.raw("f.total_earnings"),
};

/** The sort key `k` of a row and its direction. Relevance is bm25 (lower is better) or, without keywords, storage order. */
function sortKey(q: FreelancerQuery, ranked: boolean): { key: SQL; order: Order; nullable: boolean } {
  if (q.sort === "relevance") return { key: ranked ? BM25 : sql.raw("f.seq"), order: "asc", nullable: false };
  return { key: SORT_COLUMN[q.sort], order: q.order ?? DEFAULT_ORDER[q.sort], nullable: true };
}

/**
 * ORDER BY on the key `k` then `seq`, unique, so a fixed data set always pages the same way (no
 * duplicates or gaps across pages). Missing values (no rate, hidden score) sort last both ways.
 */
function orderBy(order: Order, nullable: boolean, prefix: string): SQL {
  const p = sql.raw(prefix);
  if (order === "desc") return sql`${p}k DESC, ${p}seq DESC`; // SQLite sorts NULL lowest: DESC already puts it last
  return nullable ? sql`${p}k ASC NULLS LAST, ${p}seq ASC` : sql`${p}k ASC, ${p}seq ASC`;
}

export interface SearchStatements {
  /** Rows `{ doc }` in page order. With keywords, every row also carries `total`, and a page past
   *  the end is one row with a null doc (so the total still comes back). */
  page: SQL;
  /** `{ n }`: the total, when `page` does not carry it. */
  count?: SQL;
}

/**
 * The page query picks `seq`s on the narrow table (and the FTS index), sorts and cuts the page, and
 * only then joins the documents: the wide rows are read for the page alone.
 */
export function searchStatements(q: FreelancerQuery): SearchStatements {
  const { include, exclude } = q.keywords ? toFtsMatch(q.keywords) : {};
  const where = conditions(q);
  const { key, order, nullable } = sortKey(q, Boolean(include));
  const offset = (q.page - 1) * q.per_page;
  if (exclude) where.push(sql`f.seq NOT IN (SELECT rowid FROM freelancers_fts WHERE freelancers_fts MATCH ${exclude})`);

  if (include) {
    // Matching (FTS scan, filters, bm25) is the expensive part: do it once, materialized, and take
    // both the page and the total from it in one statement.
    const all = sql.join([sql`freelancers_fts MATCH ${include}`, ...where], sql` AND `);
    // Keywords alone, by relevance (search_freelancers): the FTS index has everything, so skip the
    // join to the filter table for every match.
    const matches =
      where.length === 0 && q.sort === "relevance"
        ? sql`SELECT freelancers_fts.rowid AS seq, ${key} AS k FROM freelancers_fts WHERE ${all}`
        : sql`SELECT f.seq AS seq, ${key} AS k FROM freelancers_fts JOIN freelancers f ON f.seq = freelancers_fts.rowid WHERE ${all}`;
    return {
      page: sql`WITH m AS MATERIALIZED (${matches}),
        p AS (SELECT seq, k FROM m ORDER BY ${orderBy(order, nullable, "")} LIMIT ${q.per_page} OFFSET ${offset})
        SELECT (SELECT count(*) FROM m) AS total, d.doc AS doc
        FROM (SELECT 1) AS one LEFT JOIN p ON true LEFT JOIN freelancer_docs d ON d.seq = p.seq
        ORDER BY ${orderBy(order, nullable, "p.")}`,
    };
  }

  // Without keywords the page can stop early along an index, and the narrow table counts fast.
  const filter = where.length ? sql` WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const inner = sql`SELECT f.seq AS seq, ${key} AS k FROM freelancers f${filter} ORDER BY ${orderBy(order, nullable, "")} LIMIT ${q.per_page} OFFSET ${offset}`;
  return {
    page: sql`SELECT d.doc AS doc FROM (${inner}) AS p JOIN freelancer_docs d ON d.seq = p.seq ORDER BY ${orderBy(order, nullable, "p.")}`,
    count: sql`SELECT count(*) AS n FROM freelancers f${filter}`,
  };
}
