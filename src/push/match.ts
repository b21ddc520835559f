// Matching new jobs against many subscriptions. Each subscription is filed under ONE dimension of its
// most selective filter (its skills, tags, required keywords, categories, countries, or job type);
// a job only visits the buckets of its own values, so the work grows with plausible matches, not
// with jobs × subscriptions. `matchesJob` (the same predicate as GET /jobs) makes the final call.
// Subscriptions with identical filters (popular alerts are shared by many) are evaluated once per job.
import { canonicalFilter, type JobFilter } from "../jobs/filter";
import { type MatchableJob, matchesJob } from "../jobs/filter-match";

export interface Matchable {
  filter: JobFilter;
}

type Dimension = "skill" | "term" | "word" | "category" | "country" | "group" | "jobType";

/** The dimension and values a subscription is filed under (a match needs one of the values), or null. */
export function indexKeys(f: JobFilter): { dim: Dimension; values: string[] } | null {
  if (f.skills) return { dim: "skill", values: f.skills };
  if (f.tags) return { dim: "term", values: f.tags };
  const words = requiredWords(f);
  if (words) return { dim: "word", values: words };
  if (f.category) return { dim: "category", values: f.category };
  if (f.country) return { dim: "country", values: f.country };
  if (f.category_group) return { dim: "group", values: f.category_group };
  if (f.job_type !== undefined) return { dim: "jobType", values: [String(f.job_type)] };
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

/** Every JobFilter key in one fixed order: filters then share one object shape, which keeps the
 * property reads in matchesJob monomorphic (several times faster over thousands of subscriptions). */
const FILTER_KEYS = [
  "q",
  "tags",
  "skills",
  "category",
  "category_group",
  "job_type",
  "contractor_tier",
  "status",
  "engagement",
  "is_private",
  "budget_min",
  "budget_max",
  "hourly_min",
  "hourly_max",
  "payment_verified",
  "country",
  "exclude_country",
  "min_total_spent",
  "min_hires",
  "max_applicants",
  "posted_after",
  "posted_before",
] as const satisfies readonly (keyof JobFilter)[];

function uniformFilter(f: JobFilter): JobFilter {
  const out: Record<string, unknown> = {};
  for (const k of FILTER_KEYS) out[k] = f[k];
  return out as unknown as JobFilter;
}

interface Entry<S> {
  /** Every subscription with this exact filter. */
  subs: S[];
  filter: JobFilter;
  /** The last job that checked this filter: one filed under several values is checked once. */
  visited: number;
}

interface Bucket<S> {
  entries: Entry<S>[];
  /** The last job that visited this bucket: a word repeated in a job visits it once. */
  visited: number;
}

export class SubscriptionIndex<S extends Matchable> {
  private readonly dims = new Map<Dimension, Map<string, Bucket<S>>>();
  private readonly everywhere: Entry<S>[] = [];
  private stamp = 0;
  readonly size: number;

  constructor(subs: Iterable<S>) {
    let n = 0;
    const byFilter = new Map<string, Entry<S>>();
    for (const sub of subs) {
      n++;
      const same = JSON.stringify(canonicalFilter(sub.filter));
      const known = byFilter.get(same);
      if (known) {
        known.subs.push(sub);
        continue;
      }
      const entry: Entry<S> = { subs: [sub], filter: uniformFilter(sub.filter), visited: 0 };
      byFilter.set(same, entry);
      const keys = indexKeys(sub.filter);
      if (!keys) {
        this.everywhere.push(entry);
        continue;
      }
      let dim = this.dims.get(keys.dim);
      if (!dim) {
        dim = new Map();
        this.dims.set(keys.dim, dim);
      }
      for (const value of new Set(keys.values)) {
        const bucket = dim.get(value);
        if (bucket) bucket.entries.push(entry);
        else dim.set(value, { entries: [entry], visited: 0 });
      }
    }
    this.size = n;
  }

  /** The distinct filters whose predicate matches the job. */
  private matchEntries(m: MatchableJob): Entry<S>[] {
    const out: Entry<S>[] = [];
    const stamp = ++this.stamp;
    for (const e of this.everywhere) if (matchesJob(e.filter, m)) out.push(e);
    const visit = (dim: Map<string, Bucket<S>> | undefined, value: string) => {
      const bucket = dim?.get(value);
      if (!bucket || bucket.visited === stamp) return;
      bucket.visited = stamp;
      for (const e of bucket.entries) {
        if (e.visited === stamp) continue;
        e.visited = stamp;
        if (matchesJob(e.filter, m)) out.push(e);
      }
    };
    const j = m.job;
    const d = this.dims;
    if (d.has("skill")) for (const s of m.skills) visit(d.get("skill"), s);
    if (d.has("term")) for (const t of m.terms) visit(d.get("term"), t);
    if (d.has("word")) {
      const words = d.get("word");
      for (const column of m.search) for (const w of column) visit(words, w);
    }
    visit(d.get("category"), j.category.slug);
    if (j.buyer.country) visit(d.get("country"), j.buyer.country);
    visit(d.get("group"), j.category.group_slug);
    visit(d.get("jobType"), String(j.job_type));
    return out;
  }

  /** Subscriptions whose filter matches the job. */
  match(m: MatchableJob): S[] {
    return this.matchEntries(m).flatMap((e) => e.subs);
  }

  /** Jobs per matching subscription, jobs in the order given (subscriptions with one filter share one list). */
  matchAll(jobs: MatchableJob[]): Map<S, MatchableJob[]> {
    const perFilter = new Map<Entry<S>, MatchableJob[]>();
    for (const m of jobs) {
      for (const e of this.matchEntries(m)) {
        const list = perFilter.get(e);
        if (list) list.push(m);
        else perFilter.set(e, [m]);
      }
    }
    const out = new Map<S, MatchableJob[]>();
    for (const [e, list] of perFilter) for (const sub of e.subs) out.set(sub, list);
    return out;
  }
}

/** Jobs per matching subscription, jobs in the order given. */
export function matchJobs<S extends Matchable>(index: SubscriptionIndex<S>, jobs: MatchableJob[]): Map<S, MatchableJob[]> {
  return index.matchAll(jobs);
}
