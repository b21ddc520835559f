// Matching new jobs against many subscriptions. Each subscription is filed under ONE key from its
// most selective filter (a skill, a tag, a required keyword, a category, a country, a job type);
// a job only looks at the buckets of its own keys, so the work grows with plausible matches, not
// with jobs × subscriptions. `matchesJob` (the same predicate as GET /jobs) makes the final call.
import type { JobFilter } from "../jobs/filter";
import { matchesJob, type MatchableJob } from "../jobs/filter-match";

export interface Matchable {
  filter: JobFilter;
}

/** The keys a subscription can be filed under (any of them must be among the job's keys), best first. */
export function indexKeys(f: JobFilter): string[] | null {
  if (f.skills) return f.skills.map((s) => `s:${s}`);
  if (f.tags) return f.tags.map((t) => `t:${t}`);
  const words = requiredWords(f);
  if (words) return words.map((w) => `w:${w}`);
  if (f.category) return f.category.map((c) => `c:${c}`);
  if (f.country) return f.country.map((c) => `n:${c}`);
  if (f.category_group) return f.category_group.map((g) => `g:${g}`);
  if (f.job_type !== undefined) return [`j:${f.job_type}`];
  return null;
}

/** Words of which a matching job must contain at least one, from the first positive `q` clause that has them. */
function requiredWords(f: JobFilter): string[] | null {
  for (const clause of f.q?.query.clauses ?? []) {
    if (clause.negated) continue;
    const words: string[] = [];
    let ok = true;
    for (const term of clause.anyOf) {
      // A lone prefix token ("dev*") names no exact word; a phrase's first token is exact.
      if (term.tokens.length === 1 && term.prefix) ok = false;
      else words.push(term.tokens[0]!);
    }
    if (ok && words.length) return words;
  }
  return null;
}

/** Every key a job answers to. */
export function jobKeys(m: MatchableJob): string[] {
  const j = m.job;
  const keys = [`c:${j.category.slug}`, `g:${j.category.group_slug}`, `j:${j.job_type}`];
  if (j.buyer.country) keys.push(`n:${j.buyer.country}`);
  for (const s of m.skills) keys.push(`s:${s}`);
  for (const t of m.terms) keys.push(`t:${t}`);
  for (const w of new Set(m.search.flat())) keys.push(`w:${w}`);
  return keys;
}

export class SubscriptionIndex<S extends Matchable> {
  private readonly buckets = new Map<string, S[]>();
  private readonly everywhere: S[] = [];
  readonly size: number;

  constructor(subs: Iterable<S>) {
    let n = 0;
    for (const sub of subs) {
      n++;
      const keys = indexKeys(sub.filter);
      if (!keys) {
        this.everywhere.push(sub);
        continue;
      }
      for (const key of new Set(keys)) {
        const bucket = this.buckets.get(key);
        if (bucket) bucket.push(sub);
        else this.buckets.set(key, [sub]);
      }
    }
    this.size = n;
  }

  /** Subscriptions whose filter matches the job. */
  match(m: MatchableJob): S[] {
    const out: S[] = [];
    const seen = new Set<S>();
    const consider = (sub: S) => {
      if (seen.has(sub)) return;
      seen.add(sub);
      if (matchesJob(sub.filter, m)) out.push(sub);
    };
    for (const sub of this.everywhere) consider(sub);
    for (const key of jobKeys(m)) {
      const bucket = this.buckets.get(key);
      if (bucket) for (const sub of bucket) consider(sub);
    }
    return out;
  }
}

/** Jobs per matching subscription, jobs in the order given. */
export function matchJobs<S extends Matchable>(index: SubscriptionIndex<S>, jobs: MatchableJob[]): Map<S, MatchableJob[]> {
  const out = new Map<S, MatchableJob[]>();
  for (const m of jobs) {
    for (const sub of index.match(m)) {
      const list = out.get(sub);
      if (list) list.push(m);
      else out.set(sub, [m]);
    }
  }
  return out;
}
