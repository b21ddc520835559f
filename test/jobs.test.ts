import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertJobs } from "../src/db/jobs";
import { type Job, JobViewSchema } from "../src/jobs/model";
import type { JobPaging } from "../src/routes/jobs/schema";
import { call, createKey, type Envelope } from "./support/api";

type JobPage = Envelope<Job, JobPaging>;

import { CORPUS } from "./support/corpus";

let key: string;
beforeAll(async () => {
  await upsertJobs(env.DB, CORPUS, "2025-11-03T12:00:00Z");
  key = await createKey("enterprise");
});

async function ids(query: string): Promise<string[]> {
  const { status, body } = await call<JobPage>(`/jobs?limit=100&${query}`, { key });
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.count).toBe(body.data.length);
  return body.data.map((j) => j.id);
}

describe("GET /jobs", () => {
  it("returns open jobs newest first in the seed's envelope and job shape", async () => {
    const { status, body, headers } = await call<JobPage>("/jobs", { key });
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/application\/json/);
    expect(body.success).toBe(true);
    expect(body.data.map((j) => j.id)).toEqual(["a", "b", "c", "d", "f", "g", "h"]);
    expect(body.count).toBe(7);
    expect(body.next_cursor).toBeNull();
    expect(body.last_updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    for (const job of body.data) expect(JobViewSchema.strict().parse(job)).toEqual(job);
    const b = body.data[1]!;
    expect(b.budget).toEqual({ fixed_amount: null, currency: "USD" });
    expect(b.hourly_budget).toEqual({ min: 45, max: 80 });
    expect(body.data[0]!.hourly_budget).toBeNull();
  });

  const cases: [string, string, string[]][] = [
    ["status closed", "status=closed", ["e"]],
    ["status any", "status=any", ["a", "b", "c", "d", "e", "f", "g", "h"]],
    ["job_type hourly", "job_type=hourly", ["b", "d", "g"]],
    ["job_type 2 (fixed)", "job_type=2", ["a", "c", "f", "h"]],
    ["contractor_tier expert", "contractor_tier=expert", ["b"]],
    ["contractor_tier list with numbers", "contractor_tier=1,3", ["b", "c"]],
    ["category", "category=graphic-design", ["c"]],
    ["category_group", "category_group=design-creative,nothing-here", ["c"]],
    ["engagement", "engagement=part-time,as-needed", ["a", "d"]],
    ["is_private true", "is_private=true", ["f"]],
    ["is_private false", "is_private=false", ["a", "b", "c", "d", "g", "h"]],
    ["budget_min (hourly and unknown budgets never match)", "budget_min=1000", ["a", "f"]],
    ["budget_max", "budget_max=2000", ["c"]],
    ["budget range inclusive", "budget_min=150&budget_max=2500", ["a", "c"]],
    ["hourly_min overlaps range", "hourly_min=50", ["b"]],
    ["hourly_max: missing max counts as min", "hourly_max=30", ["d"]],
    ["hourly range inclusive", "hourly_min=20&hourly_max=20", ["d"]],
    ["payment_verified false", "payment_verified=false", ["c", "g"]],
    ["country (case-insensitive)", "country=us", ["a", "h"]],
    ["country list", "country=GB,DE", ["b", "d"]],
    ["exclude_country keeps unknown countries", "exclude_country=US,IN", ["b", "d", "f", "g"]],
    ["min_total_spent", "min_total_spent=18250", ["a", "b"]],
    ["min_hires", "min_hires=10", ["a", "b"]],
    ["max_applicants", "max_applicants=7", ["b", "f"]],
    ["posted_after inclusive", "posted_after=2025-11-02T12:00:00Z", ["a", "b", "c"]],
    ["posted_before date-only means end of day", "posted_before=2025-11-01", ["f", "g", "h"]],
    ["posted window with offset", "posted_after=2025-11-02T09:00:00%2B01:00&posted_before=2025-11-03T09:00:00Z", ["b", "c", "d"]],
    ["tags match tags", "tags=growth%20marketing", ["a"]],
    ["tags match skills too", "tags=TypeScript", ["b"]],
    ["skills do not match tags", "skills=growth%20marketing", []],
    ["skills case-insensitive, any of", "skills=typescript,PYTHON", ["b", "d"]],
    ["q word", "q=newsletter", ["a"]],
    ["q words are AND-ed", "q=python%20scraper", ["d"]],
    ["q phrase", "q=%22cloudflare%20workers%22", ["b"]],
    ["q phrase in order only", "q=%22workers%20cloudflare%22", []],
    ["q OR", "q=react%20OR%20python", ["d", "f"]],
    ["q OR binds tighter than AND", "q=react%20OR%20vue%20developer", ["f"]],
    ["q exclusion", "q=python%20-wordpress", []],
    ["q only exclusions", "q=-react%20-python", ["a", "b", "c", "g", "h"]],
    ["q prefix", "q=scrap*", ["d"]],
    ["q whole words, no stemming", "q=scrape", []],
    ["q matches skills and tags", "q=founder%20stories", ["a"]],
    ["q case-insensitive", "q=LOGO", ["c"]],
    ["q with unbalanced quote is plain words", "q=%22logo%20bakery", ["c"]],
    ["q FTS syntax is plain words", "q=logo%20AND%20AND%20(bakery)%20%5E%20%3A%20%7B%7D", ["c"]],
    ["q punctuation inside a word makes a phrase", "q=NEAR(logo", []],
    ["combined filters", "job_type=fixed&country=US&budget_min=100", ["a"]],
    ["empty value is the same as absent", "country=&q=", ["a", "b", "c", "d", "f", "g", "h"]],
  ];
  it.each(cases)("%s", async (_name, query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it("paginates with next_cursor to the end without duplicates or gaps", async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const { status, body } = await call<JobPage>(`/jobs?limit=2&status=any${q}`, { key });
      expect(status).toBe(200);
      expect(body.count).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((j) => j.id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
  });

  it("keeps filters across pages", async () => {
    const first = await call<JobPage>("/jobs?limit=1&job_type=hourly", { key });
    expect(first.body.data[0]!.id).toBe("b");
    const second = await call<JobPage>(`/jobs?limit=5&job_type=hourly&cursor=${first.body.next_cursor}`, { key });
    expect(second.body.data.map((j) => j.id)).toEqual(["d", "g"]);
    expect(second.body.next_cursor).toBeNull();
  });

  it("answers 304 to a matching If-None-Match without charging a credit", async () => {
    const devKey = await createKey("developer");
    const first = await call("/jobs?country=US", { key: devKey });
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(first.headers.get("x-credits-remaining")).toBe("4999");
    const second = await call("/jobs?country=US", { key: devKey, headers: { "If-None-Match": etag! } });
    expect(second.status).toBe(304);
    expect(second.body).toBeUndefined();
    expect(second.headers.get("etag")).toBe(etag);
    expect(second.headers.get("x-credits-remaining")).toBe("4999");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("248"); // 304s still count per minute
    const other = await call("/jobs?country=GB", { key: devKey, headers: { "If-None-Match": etag! } });
    expect(other.status).toBe(200);
    expect(other.headers.get("x-credits-remaining")).toBe("4998");
  });
});

describe("GET /jobs validation", () => {
  const bad: [string, string][] = [
    ["limit=0", "Invalid limit parameter"],
    ["limit=101", "Invalid limit parameter"],
    ["limit=ten", "Invalid limit parameter"],
    ["limit=1&limit=2", "Invalid limit parameter: expected a single value, got several"],
    ["budget_min=-5", "Invalid budget_min parameter"],
    ["budget_min=abc", "Invalid budget_min parameter: expected a non-negative number"],
    ["budget_max=1e3", "Invalid budget_max parameter"],
    ["budget_min=100&budget_max=50", "Invalid budget_max parameter: must not be below budget_min"],
    ["hourly_min=90&hourly_max=10", "Invalid hourly_max parameter"],
    ["hourly_min=99999999999999", "Invalid hourly_min parameter"],
    ["posted_after=2025-11-03&posted_before=2025-11-01", "Invalid posted_before parameter"],
    ["job_type=weekly", "Invalid job_type parameter: expected hourly, fixed, 1 or 2"],
    ["job_type=hourly,fixed", "Invalid job_type parameter"],
    ["contractor_tier=guru", "Invalid contractor_tier parameter"],
    ["contractor_tier=4", "Invalid contractor_tier parameter"],
    ["status=pending", "Invalid status parameter: expected open, closed or any"],
    ["engagement=sometimes", "Invalid engagement parameter"],
    ["is_private=maybe", "Invalid is_private parameter: expected true or false"],
    ["payment_verified=yes", "Invalid payment_verified parameter"],
    ["country=USA", "Invalid country parameter"],
    ["exclude_country=1", "Invalid exclude_country parameter"],
    ["category=Web%20Dev!", "Invalid category parameter"],
    ["category_group=%3Bdrop", "Invalid category_group parameter"],
    ["min_total_spent=lots", "Invalid min_total_spent parameter"],
    ["min_hires=1.5", "Invalid min_hires parameter: expected a non-negative integer"],
    ["max_applicants=-1", "Invalid max_applicants parameter"],
    ["posted_after=yesterday", "Invalid posted_after parameter"],
    ["posted_before=2025-13-45", "Invalid posted_before parameter"],
    ["cursor=not-a-cursor", "Invalid cursor parameter"],
    [`q=${"a".repeat(501)}`, "Invalid q parameter: at most 500 characters"],
    ["foo=bar", "Invalid foo parameter: unknown parameter"],
    ["webhook=perhaps", "Invalid webhook parameter"],
  ];
  it.each(bad)("%s → 400 %s", async (query, message) => {
    const devKey = key;
    const { status, body } = await call(`/jobs?${query}`, { key: devKey });
    expect(status).toBe(400);
    expect(body).toMatchObject({ success: false, data: [], count: 0 });
    expect(body.message?.startsWith(message), body.message).toBe(true);
  });
});

describe("GET /jobs/:id", () => {
  it("returns the job as a one-element data array", async () => {
    const { status, body, headers } = await call<Envelope<Job>>("/jobs/b", { key });
    expect(status).toBe(200);
    expect(body.count).toBe(1);
    expect(body.data[0]).toEqual({ ...CORPUS[1], received_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) });
    expect(headers.get("etag")).toBeTruthy();
  });

  it("returns closed jobs too", async () => {
    expect((await call<Envelope<Job>>("/jobs/e", { key })).body.data[0]!.status).toBe(2);
  });

  it("answers 404 Job not found", async () => {
    const { status, body } = await call("/jobs/nope", { key });
    expect(status).toBe(404);
    expect(body).toMatchObject({ success: false, message: "Job not found", data: [], count: 0 });
  });
});
