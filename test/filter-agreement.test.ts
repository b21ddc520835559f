// The property that makes push and polling agree: for any filter, the SQL query (GET /jobs) and the
// in-memory predicate (webhook matching) select exactly the same jobs, in the same order.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { listJobs, previewSample, upsertJobs } from "../src/db/jobs";
import type { JobCursor } from "../src/jobs/cursor";
import { canonicalFilter, type JobFilter, JobFilterSchema } from "../src/jobs/filter";
import { matchesJob, toMatchable } from "../src/jobs/filter-match";
import type { Job } from "../src/jobs/model";
import { CATEGORIES, COUNTRIES, ENGAGEMENT_VALUES, randomJob, rng, SKILLS, TAGS, WORDS } from "./support/jobs";

const corpus: Job[] = [];
const r = rng(7);
for (let i = 0; i < 400; i++) corpus.push(randomJob(r, i));
const matchable = corpus.map(toMatchable);
const newestFirst = (a: Job, b: Job) => (a.posted_on === b.posted_on ? (a.id < b.id ? 1 : -1) : a.posted_on < b.posted_on ? 1 : -1);

beforeAll(async () => {
  const res = await upsertJobs(env.DB, corpus, "2025-11-01T00:00:00Z");
  expect(res.inserted).toHaveLength(corpus.length);
});

async function sqlIds(filter: JobFilter): Promise<string[]> {
  const ids: string[] = [];
  let cursor: JobCursor | undefined;
  do {
    const page = await listJobs(env.DB, filter, 100, cursor);
    ids.push(...page.jobs.map((j) => j.id));
    cursor = page.next ?? undefined;
  } while (cursor);
  return ids;
}

function memoryIds(filter: JobFilter): string[] {
  return matchable
    .filter((m) => matchesJob(filter, m))
    .map((m) => m.job)
    .sort(newestFirst)
    .map((j) => j.id);
}

const word = fc.constantFrom(...WORDS, ...SKILLS.map((s) => s.toLowerCase()), "zzz", "node.js", "c++");
const keywordTerm = fc.oneof(
  word,
  word.map((w) => `${w.slice(0, 3)}*`),
  fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`),
  word.map((w) => `-${w}`),
  fc.tuple(word, word).map(([a, b]) => `${a} OR ${b}`),
  fc.constantFrom('"unbalanced', "AND", "OR", "-", "*", "NEAR(", "()"),
);
const csv = <T extends string>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1, maxLength: 3 }).map((v) => v.join(","));
const amount = fc.constantFrom(0, 50, 100, 500, 1000, 2500, 10000, 20000);
const rate = fc.integer({ min: 0, max: 150 });
const REAL_COUNTRIES = COUNTRIES.filter((c) => c !== null) as string[];
const date = fc.integer({ min: 1, max: 28 }).map((d) => `2025-10-${String(d).padStart(2, "0")}`);

const filterFields = {
  q: fc.array(keywordTerm, { minLength: 1, maxLength: 3 }).map((t) => t.join(" ")),
  tags: csv([...TAGS, ...SKILLS, "nothing"]),
  skills: csv([...SKILLS, "saas"]),
  category: csv(CATEGORIES.map((c) => c[1])),
  category_group: csv(CATEGORIES.map((c) => c[3])),
  job_type: fc.constantFrom("hourly", "fixed", "1", "2"),
  contractor_tier: csv(["entry", "intermediate", "expert", "1", "3"]),
  status: fc.constantFrom("open", "closed", "any"),
  engagement: csv(ENGAGEMENT_VALUES.filter((e) => e !== "")),
  is_private: fc.boolean(),
  budget_min: amount,
  budget_max: amount,
  hourly_min: rate,
  hourly_max: rate,
  payment_verified: fc.boolean(),
  country: csv(REAL_COUNTRIES),
  exclude_country: csv(REAL_COUNTRIES),
  min_total_spent: amount,
  min_hires: fc.integer({ min: 0, max: 30 }),
  max_applicants: fc.integer({ min: 0, max: 60 }),
  posted_after: date,
  posted_before: date,
};
// Up to three filters at once: more would select nothing most of the time.
const rawFilter = fc
  .tuple(fc.record(filterFields), fc.subarray(Object.keys(filterFields) as (keyof typeof filterFields)[], { maxLength: 3 }))
  .map(([all, keys]) => Object.fromEntries(keys.map((k) => [k, all[k]])));

describe("SQL and in-memory matcher agree", () => {
  it("on random filters over a generated corpus", async () => {
    let nonTrivial = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(rawFilter, async (raw) => {
        const parsed = JobFilterSchema.safeParse(raw);
        fc.pre(parsed.success); // e.g. budget_min > budget_max is a 400, not a filter
        const filter = parsed.data!;
        const viaSql = await sqlIds(filter);
        expect(viaSql).toEqual(memoryIds(filter));
        runs++;
        if (viaSql.length > 0 && viaSql.length < corpus.length) nonTrivial++;
      }),
      { numRuns: 300, seed: 20261123 },
    );
    // The property must be exercised on filters that actually select something and exclude something.
    expect(nonTrivial).toBeGreaterThan(runs / 3);
  });

  it("and so does the filter preview's verdict on each job (read from its index, migrations/0011)", async () => {
    await fc.assert(
      fc.asyncProperty(rawFilter, async (raw) => {
        const parsed = JobFilterSchema.safeParse(raw);
        fc.pre(parsed.success);
        const filter = parsed.data!;
        const expected = memoryIds(filter);
        const s = await previewSample(env.DB, filter, {
          since: "2025-01-01T00:00:00Z",
          counting: ["2025-01-01T00:00:00Z"],
          examine: 1000,
          keep: 5,
        });
        expect(s.examined).toBe(corpus.length);
        expect(s.counts).toEqual([expected.length]);
        // All arrived together: the newest five are the last five stored.
        const stored = corpus.map((j) => j.id).filter((id) => expected.includes(id));
        expect(s.newest.map((j) => j.id)).toEqual(stored.slice(-5).reverse());
      }),
      { numRuns: 200, seed: 20261130 },
    );
  });

  it("a filter survives its canonical JSON form unchanged", () => {
    fc.assert(
      fc.property(rawFilter, (raw) => {
        const parsed = JobFilterSchema.safeParse(raw);
        fc.pre(parsed.success);
        const again = JobFilterSchema.parse(canonicalFilter(parsed.data!));
        expect(again).toEqual(parsed.data);
      }),
      { numRuns: 500, seed: 1 },
    );
  });
});
