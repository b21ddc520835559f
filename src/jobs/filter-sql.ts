// JobFilter → SQL conditions on `jobs`. Values are always bound parameters (drizzle's sql``).
import { type AnyColumn, and, eq, gte, inArray, isNotNull, lte, notInArray, or, type SQL, sql } from "drizzle-orm";
import { jobs } from "../db/schema";
import type { JobFilter } from "./filter";
import { toFtsMatch } from "./keyword";
import { JOB_STATUS, JOB_TYPE } from "./model";

/**
 * `column IN (values)` for an indexed column. With several values the unary `+` (same values, same
 * result) keeps SQLite off that column's index: reading two index ranges means sorting every
 * matching row before the first page (country=GB,DE&status=any sorted ~14,000 jobs), while walking
 * the feed index in order stops after one page. One value keeps the index, which is then in order.
 */
function anyOf(column: AnyColumn, values: string[]): SQL {
  return values.length === 1 ? eq(column, values[0]!) : sql`+${column} IN ${values}`;
}

export function filterToSql(f: JobFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [];

  if (f.status !== "any") c.push(eq(jobs.status, JOB_STATUS[f.status]));
  if (f.job_type !== undefined) c.push(eq(jobs.jobType, f.job_type));
  if (f.contractor_tier) c.push(inArray(jobs.contractorTier, f.contractor_tier));
  if (f.category) c.push(anyOf(jobs.categorySlug, f.category));
  if (f.category_group) c.push(anyOf(jobs.categoryGroupSlug, f.category_group));
  if (f.engagement) c.push(inArray(jobs.engagement, f.engagement));
  if (f.is_private !== undefined) c.push(eq(jobs.isPrivate, f.is_private ? 1 : 0));
  if (f.payment_verified !== undefined) c.push(eq(jobs.paymentVerified, f.payment_verified ? 1 : 0));

  if (f.budget_min !== undefined || f.budget_max !== undefined) {
    c.push(eq(jobs.jobType, JOB_TYPE.fixed), isNotNull(jobs.fixedAmount));
    if (f.budget_min !== undefined) c.push(gte(jobs.fixedAmount, f.budget_min));
    if (f.budget_max !== undefined) c.push(lte(jobs.fixedAmount, f.budget_max));
  }
  if (f.hourly_min !== undefined || f.hourly_max !== undefined) {
    // Ranges overlap; a missing max counts as equal to min.
    c.push(eq(jobs.jobType, JOB_TYPE.hourly), isNotNull(jobs.hourlyMin));
    if (f.hourly_min !== undefined) c.push(sql`coalesce(${jobs.hourlyMax}, ${jobs.hourlyMin}) >= ${f.hourly_min}`);
    if (f.hourly_max !== undefined) c.push(lte(jobs.hourlyMin, f.hourly_max));
  }

  if (f.country) c.push(anyOf(jobs.country, f.country));
  if (f.exclude_country) c.push(or(sql`${jobs.country} IS NULL`, notInArray(jobs.country, f.exclude_country)));
  if (f.min_total_spent !== undefined) c.push(gte(jobs.totalSpent, f.min_total_spent));
  if (f.min_hires !== undefined) c.push(gte(jobs.jobsWithHires, f.min_hires));
  if (f.max_applicants !== undefined) c.push(lte(jobs.totalApplicants, f.max_applicants));
  if (f.posted_after !== undefined) c.push(gte(jobs.postedOn, f.posted_after));
  if (f.posted_before !== undefined) c.push(lte(jobs.postedOn, f.posted_before));

  // `+seq` (same rows) pins the plan SQLite picks without statistics: walk the feed in order and test
  // each job against the matching set. With statistics (ANALYZE, PRAGMA optimize) it would otherwise
  // fetch every matching job by rowid and sort them all before the first page (q=developer: 10x slower).
  if (f.tags) c.push(sql`+${jobs.seq} IN (SELECT job_seq FROM job_terms WHERE term IN ${f.tags})`);
  if (f.skills) c.push(sql`+${jobs.seq} IN (SELECT job_seq FROM job_terms WHERE is_skill = 1 AND term IN ${f.skills})`);

  if (f.q) {
    const { include, exclude } = toFtsMatch(f.q.query);
    if (include) c.push(sql`+${jobs.seq} IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ${include})`);
    if (exclude) c.push(sql`${jobs.seq} NOT IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ${exclude})`);
  }

  return and(...c);
}
