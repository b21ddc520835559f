// JobFilter → in-memory predicate, for matching freshly ingested jobs against webhook subscriptions.
// Mirrors filter-sql.ts condition by condition; test/filter-agreement.test.ts proves they agree.
import type { JobFilter } from "./filter";
import { matchesKeywords, type SearchDocument, searchDocument } from "./keyword";
import { JOB_STATUS, JOB_TYPE, type Job } from "./model";

/** A job prepared once for matching against many filters. */
export interface MatchableJob {
  job: Job;
  skills: Set<string>;
  terms: Set<string>; // skills ∪ tags, lower-cased
  search: SearchDocument;
}

export function toMatchable(job: Job): MatchableJob {
  const skills = new Set(job.skills.map((s) => s.toLowerCase()));
  const terms = new Set([...skills, ...job.tags.map((t) => t.toLowerCase())]);
  return { job, skills, terms, search: searchDocument(job) };
}

export function matchesJob(f: JobFilter, m: MatchableJob): boolean {
  const j = m.job;
  if (f.status !== "any" && j.status !== JOB_STATUS[f.status]) return false;
  if (f.job_type !== undefined && j.job_type !== f.job_type) return false;
  if (f.contractor_tier && !f.contractor_tier.includes(j.contractor_tier)) return false;
  if (f.category && !f.category.includes(j.category.slug)) return false;
  if (f.category_group && !f.category_group.includes(j.category.group_slug)) return false;
  if (f.engagement && !f.engagement.includes(j.engagement)) return false;
  if (f.is_private !== undefined && j.is_private !== f.is_private) return false;
  if (f.payment_verified !== undefined && j.buyer.payment_verified !== f.payment_verified) return false;

  if (f.budget_min !== undefined || f.budget_max !== undefined) {
    const amount = j.budget.fixed_amount;
    if (j.job_type !== JOB_TYPE.fixed || amount === null) return false;
    if (f.budget_min !== undefined && amount < f.budget_min) return false;
    if (f.budget_max !== undefined && amount > f.budget_max) return false;
  }
  if (f.hourly_min !== undefined || f.hourly_max !== undefined) {
    const min = j.hourly_budget?.min ?? null;
    if (j.job_type !== JOB_TYPE.hourly || min === null) return false;
    const max = j.hourly_budget?.max ?? min;
    if (f.hourly_min !== undefined && max < f.hourly_min) return false;
    if (f.hourly_max !== undefined && min > f.hourly_max) return false;
  }

  const country = j.buyer.country;
  if (f.country && (country === null || !f.country.includes(country))) return false;
  if (f.exclude_country && country !== null && f.exclude_country.includes(country)) return false;
  if (f.min_total_spent !== undefined && j.buyer.total_spent < f.min_total_spent) return false;
  if (f.min_hires !== undefined && j.buyer.total_jobs_with_hires < f.min_hires) return false;
  if (f.max_applicants !== undefined && j.client_activity.total_applicants > f.max_applicants) return false;
  if (f.posted_after !== undefined && j.posted_on < f.posted_after) return false;
  if (f.posted_before !== undefined && j.posted_on > f.posted_before) return false;

  if (f.tags && !f.tags.some((t) => m.terms.has(t))) return false;
  if (f.skills && !f.skills.some((s) => m.skills.has(s))) return false;
  if (f.q && !matchesKeywords(f.q.query, m.search)) return false;
  return true;
}
